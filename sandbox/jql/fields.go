package jql

import (
	"strings"

	"github.com/clawbridge/atlassian-mcp/sandbox/internal/query"
)

// The canonical ids of the system fields. Parse asks Env.Field for the id of
// every field reference first; when Env.Field is nil or does not know a
// system field, Values, Resolve and History receive these.
const (
	FieldProject         = "project"
	FieldIssueKey        = "issuekey"
	FieldID              = "id"
	FieldSummary         = "summary"
	FieldDescription     = "description"
	FieldEnvironment     = "environment"
	FieldComment         = "comment"
	FieldText            = "text"
	FieldStatus          = "status"
	FieldStatusCategory  = "statuscategory"
	FieldAssignee        = "assignee"
	FieldReporter        = "reporter"
	FieldCreator         = "creator"
	FieldPriority        = "priority"
	FieldLabels          = "labels"
	FieldIssueType       = "issuetype"
	FieldCreated         = "created"
	FieldUpdated         = "updated"
	FieldResolution      = "resolution"
	FieldResolved        = "resolved"
	FieldDueDate         = "duedate"
	FieldSprint          = "sprint"
	FieldParent          = "parent"
	FieldComponent       = "component"
	FieldFixVersion      = "fixversion"
	FieldAffectedVersion = "affectedversion"
	// FieldUser is the field Resolve receives for the users of a BY predicate.
	FieldUser = "user"
)

// The states Env.Sprints receives for openSprints(), closedSprints() and
// futureSprints(), as the agile API names them.
const (
	SprintActive = "active"
	SprintClosed = "closed"
	SprintFuture = "future"
)

// kind is how a field's values are compared and validated.
type kind uint8

const (
	kPick    kind = iota // a value from a list Jira knows: project, status, …; checked through Resolve
	kUser                // an account; checked through Resolve; currentUser() allowed
	kKey                 // an issue key or id
	kText                // free text, searched with ~
	kAllText             // the text field: summary, description, environment and comments
	kDate                // a date-time
	kDay                 // a date without time (duedate)
	kLabel               // free-form labels, not checked
	kCustom              // a custom field: compared by the values' own types
	kFilter              // a saved filter
)

// JQL's own operators, after those it shares with CQL (query.Eq to
// query.NotIn).
const (
	opIs = query.NextOp << iota
	opIsNot
	opWas
	opWasNot
	opWasIn
	opWasNotIn
	opChanged

	emptyOps   = opIs | opIsNot
	historyOps = opWas | opWasNot | opWasIn | opWasNotIn | opChanged
	customOps  = query.EqOps | emptyOps | query.OrderOps | query.TextOps
)

// jqlOps names JQL's own operators as the parser spells them.
var jqlOps = map[string]query.Ops{
	"is": opIs, "is not": opIsNot, "was": opWas, "was not": opWasNot,
	"was in": opWasIn, "was not in": opWasNotIn, "changed": opChanged,
}

// opNamed returns the operator the parser spelled name, or 0.
func opNamed(name string) query.Ops {
	if op := query.OpNamed(name); op != 0 {
		return op
	}
	return jqlOps[name]
}

// spec describes a system field.
type spec struct {
	id   string
	kind kind
	ops  query.Ops
}

// systemFields maps every name and alias of a system field, in lower case,
// to its spec. Operators follow Jira's field reference.
var systemFields = func() map[string]spec {
	m := map[string]spec{}
	add := func(s spec, names ...string) {
		m[s.id] = s
		for _, n := range names {
			m[n] = s
		}
	}
	add(spec{FieldProject, kPick, query.EqOps | emptyOps})
	add(spec{FieldIssueKey, kKey, query.EqOps | query.OrderOps}, "key", "issue")
	add(spec{FieldID, kKey, query.EqOps | query.OrderOps})
	add(spec{FieldSummary, kText, query.TextOps | emptyOps})
	add(spec{FieldDescription, kText, query.TextOps | emptyOps})
	add(spec{FieldEnvironment, kText, query.TextOps | emptyOps})
	add(spec{FieldComment, kText, query.TextOps})
	add(spec{FieldText, kAllText, query.Like})
	add(spec{FieldStatus, kPick, query.EqOps | historyOps})
	add(spec{FieldStatusCategory, kPick, query.EqOps})
	add(spec{FieldAssignee, kUser, query.EqOps | emptyOps | historyOps})
	add(spec{FieldReporter, kUser, query.EqOps | emptyOps | historyOps})
	add(spec{FieldCreator, kUser, query.EqOps | emptyOps})
	add(spec{FieldPriority, kPick, query.EqOps | emptyOps | query.OrderOps | historyOps})
	add(spec{FieldLabels, kLabel, query.EqOps | emptyOps}, "label")
	add(spec{FieldIssueType, kPick, query.EqOps}, "type")
	add(spec{FieldCreated, kDate, query.EqOps | emptyOps | query.OrderOps}, "createddate")
	add(spec{FieldUpdated, kDate, query.EqOps | emptyOps | query.OrderOps}, "updateddate")
	add(spec{FieldResolution, kPick, query.EqOps | emptyOps | historyOps})
	add(spec{FieldResolved, kDate, query.EqOps | emptyOps | query.OrderOps}, "resolutiondate")
	add(spec{FieldDueDate, kDay, query.EqOps | emptyOps | query.OrderOps}, "due")
	add(spec{FieldSprint, kPick, query.EqOps | emptyOps})
	add(spec{FieldParent, kPick, query.EqOps})
	add(spec{FieldComponent, kPick, query.EqOps | emptyOps})
	add(spec{FieldFixVersion, kPick, query.EqOps | emptyOps | query.OrderOps | historyOps})
	add(spec{FieldAffectedVersion, kPick, query.EqOps | emptyOps | query.OrderOps}, "affectedversion", "version")
	add(spec{"filter", kFilter, query.EqOps}, "savedfilter", "searchrequest", "request")
	return m
}()

// field is a resolved field reference.
type field struct {
	name  string // as written, for messages
	id    string // what Values, Resolve and History receive
	alt   string // for issue keys: the id field, also searched
	kind  kind
	ops   query.Ops
	spec  string // the canonical system id, or "" for a custom field
	extra []string
}

// sortable reports whether ORDER BY may use the field.
func (f field) sortable() bool {
	return (f.kind != kText || f.spec == FieldSummary) && f.kind != kAllText && f.kind != kFilter
}

// lookupField resolves a field reference through the system table and
// Env.Field. ok is false when the field does not exist.
func (c *compiler) lookupField(t token) (field, bool) {
	name := t.val
	if t.kind == tCustom {
		name = "cf[" + t.val + "]"
	}
	s, system := systemFields[strings.ToLower(name)]
	if t.kind == tCustom {
		system = false
	}
	id, known := "", false
	if c.env.Field != nil {
		id, known = c.env.Field(name)
	}
	switch {
	case known && !system:
		s, system = systemFields[strings.ToLower(id)]
	case !known && system:
		id = s.id
	case !known && t.kind == tCustom && c.env.Field == nil:
		id, known = "customfield_"+t.val, true
	case !known:
		return field{}, false
	}
	f := field{name: name, id: id, kind: kCustom, ops: customOps}
	if system {
		f.kind, f.ops, f.spec = s.kind, s.ops, s.id
	}
	switch f.kind {
	case kKey:
		f.alt = c.fieldID(FieldID)
		if f.spec == FieldID {
			f.alt = c.fieldID(FieldIssueKey)
		}
	case kAllText:
		for _, src := range []string{FieldSummary, FieldDescription, FieldEnvironment, FieldComment} {
			f.extra = append(f.extra, c.fieldID(src))
		}
	}
	return f, true
}

// fieldID returns the id Env.Field gives a system field, or its canonical id.
func (c *compiler) fieldID(canonical string) string {
	if c.env.Field != nil {
		if id, ok := c.env.Field(canonical); ok {
			return id
		}
	}
	return canonical
}

// values returns a record's non-empty values of the field.
func (f *field) values(r Record) []any {
	vs := r.Values(f.id)
	if f.alt != "" {
		vs = append(vs[:len(vs):len(vs)], r.Values(f.alt)...)
	}
	if f.kind == kAllText && len(nonEmpty(vs)) == 0 {
		for _, id := range f.extra {
			vs = append(vs, r.Values(id)...)
		}
	}
	return nonEmpty(vs)
}

// current returns the first value of an issue key field and of its id
// field: the issue's current key and id, without the keys it had before it
// was moved.
func (f *field) current(r Record) []any {
	var out []any
	for _, id := range []string{f.id, f.alt} {
		if vs := nonEmpty(r.Values(id)); len(vs) > 0 {
			out = append(out, vs[0])
		}
	}
	return out
}

// nonEmpty drops nil values and empty strings, copying only when it must.
func nonEmpty(vs []any) []any {
	for i, v := range vs {
		if v == nil || v == "" {
			out := append([]any(nil), vs[:i]...)
			for _, w := range vs[i+1:] {
				if w != nil && w != "" {
					out = append(out, w)
				}
			}
			return out
		}
	}
	return vs
}
