package cql

import "time"

// The field ids Record.Values receives.
const (
	FieldSpace        = "space"
	FieldType         = "type"
	FieldTitle        = "title"
	FieldText         = "text"
	FieldLabel        = "label"
	FieldAncestor     = "ancestor"
	FieldParent       = "parent"
	FieldID           = "id"
	FieldCreator      = "creator"
	FieldContributor  = "contributor"
	FieldCreated      = "created"
	FieldLastModified = "lastmodified"
)

// Record is one piece of content (a page, blog post, comment or attachment)
// as the engine sees it.
type Record interface {
	// Values returns the values of a field: strings, float64s or
	// time.Times; an empty slice means the field is empty. field is one of
	// FieldSpace and its siblings: the space key, the content type, the
	// title, the searchable text (title and body as plain text), the labels,
	// the ids of all ancestors, the parent's id, the content id, the
	// creator's and contributors' accountIds, and the created and
	// last-modified times.
	Values(field string) []any
}

// Env answers what only the data store knows. Every function may be nil.
type Env struct {
	// Now is the time relative dates and date functions count from; its
	// location is the searcher's time zone. The zero time means time.Now().
	Now time.Time
	// CurrentUser is the searcher's accountId; currentUser() matches nothing
	// when it is empty.
	CurrentUser string
	// Resolve maps a user-visible value to stored values, e.g. a space name
	// to its key or a user's display name to an accountId. It receives a
	// field id (FieldSpace, FieldCreator, …). Confluence does not refuse
	// values that do not exist, so a nil answer simply keeps the value as
	// written, which then matches nothing.
	Resolve func(field, value string) []string
}

// Query is a parsed and validated CQL query. It is immutable and safe for
// concurrent use.
type Query struct {
	where node
	order []sortKey
}

// Parse parses a CQL query and validates its fields, operators and values.
// A query Confluence would refuse yields an *Error.
func Parse(s string, env *Env) (*Query, error) {
	if env == nil {
		env = &Env{}
	}
	syn, detail := parseSyntax(s)
	if syn == nil {
		return nil, &Error{Message: message(s), Detail: detail}
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
	if c.detail != "" {
		return nil, &Error{Message: message(s), Detail: c.detail}
	}
	return q, nil
}

// Match reports whether the content satisfies the query.
func (q *Query) Match(r Record) bool {
	return q.where == nil || q.where.Eval(r)
}
