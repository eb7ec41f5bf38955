package jql

import (
	"time"
)

// Record is one issue as the engine sees it.
type Record interface {
	// Values returns the values of a field for this record: strings,
	// float64s or time.Times; an empty slice means EMPTY. field is the id
	// Env.Field gave for the reference, or the canonical lower-case system
	// field name (see FieldProject and its siblings), or a custom field id
	// ("customfield_10016").
	Values(field string) []any
}

// Change is one change of one field in a record's history.
type Change struct {
	At       time.Time
	By       string // accountId of whoever made the change
	From, To string // the stored values before and after; "" is EMPTY
}

// HistoryRecord is optionally implemented by records with change history,
// for WAS and CHANGED. A record without history is taken to have had its
// current values forever.
type HistoryRecord interface {
	// History returns the changes of a field, in any order.
	History(field string) []Change
}

// Env answers what only the data store knows. Every function may be nil.
type Env struct {
	// Now is the time relative dates and date functions count from; its
	// location is the searcher's time zone. The zero time means time.Now().
	Now time.Time
	// CurrentUser is the searcher's accountId; empty for an anonymous search,
	// where currentUser() matches nothing.
	CurrentUser string
	// Resolve maps a user-visible value to stored values, e.g. a user's
	// display name or email to an accountId, a project name to its key or a
	// status name to its canonical name. It receives the same field id as
	// Record.Values, or FieldUser for the users of a BY predicate. It is asked
	// about projects, issue types, statuses, status categories, priorities,
	// resolutions, users, sprints, parents, components, versions and issue
	// keys (not labels, dates or custom fields). Returning nil means the value
	// does not exist, which Jira refuses; return []string{value} to accept a
	// value as it is. When Resolve is nil every value is accepted as written.
	Resolve func(field, value string) []string
	// Field maps a field reference (a system name, a quoted display name, or
	// cf[N]) to the id Record.Values receives; ok is false if it is unknown.
	// System fields that Field does not know keep their canonical ids. When
	// Field is nil, cf[N] means customfield_N and other names are unknown.
	Field func(ref string) (id string, ok bool)
	// Sprints returns the ids of the sprints in a state (SprintActive,
	// SprintClosed or SprintFuture), for openSprints() and its siblings.
	Sprints func(state string) []string
	// Filter returns the JQL of a saved filter, by id or name.
	Filter func(id string) (jql string, ok bool)
	// Rank orders the values of fields whose order is not alphabetical: a
	// priority's rank is higher the more urgent it is, so that priority > Low
	// and ORDER BY priority DESC work as in Jira. ok is false for values it
	// does not rank, which then compare by name.
	Rank func(field, value string) (rank int, ok bool)
}

// Query is a parsed and validated JQL query. It is immutable and safe for
// concurrent use.
type Query struct {
	where node // nil: the query has no search clause
	order []sortKey
}

// Parse parses a JQL query and validates its fields and values through env,
// which may be nil. A query Jira would refuse yields an *Error with Jira's
// messages: the first syntax error, or every validation error.
func Parse(s string, env *Env) (*Query, error) {
	if env == nil {
		env = &Env{}
	}
	syn, err := parseSyntax(s)
	if err != nil {
		return nil, err
	}
	c := &compiler{env: env, now: env.Now}
	if c.now.IsZero() {
		c.now = time.Now()
	}
	q := &Query{}
	if syn.where != nil {
		q.where = c.expr(syn.where)
	}
	q.order = c.order(syn.order)
	if len(c.errs) > 0 {
		return nil, &Error{Messages: c.errs}
	}
	return q, nil
}

// Match reports whether the record satisfies the query's search clauses.
func (q *Query) Match(r Record) bool {
	return q.where == nil || q.where.Eval(r)
}

// Bounded reports whether the query restricts the search at all. Jira's
// search/jql refuses a query that is not bounded (empty, or only ORDER BY)
// with UnboundedMessage.
func (q *Query) Bounded() bool { return q.where != nil }
