package jql

import (
	"slices"
	"strings"
	"time"

	"github.com/clawbridge/atlassian-mcp/sandbox/internal/query"
)

// histN is a WAS or CHANGED clause.
type histN struct {
	f        field
	op       query.Ops
	set      valueSet  // WAS operands
	from, to *valueSet // CHANGED FROM and TO
	by       []string  // lower-case accountIds; nil without BY
	lo, hi   time.Time // the window; zero means unbounded
}

// history compiles a WAS or CHANGED clause and its predicates.
func (c *compiler) history(f field, s *sClause) node {
	op := opNamed(s.op)
	n := &histN{f: f, op: op}
	ok := op == opChanged || c.operands(&n.set, f, s.op, op, s.operand)
	for _, p := range s.preds {
		switch p.kind {
		case "from", "to":
			set := &valueSet{}
			ok = c.operands(set, f, p.kind, query.In, p.operand) && ok
			if p.kind == "from" {
				n.from = set
			} else {
				n.to = set
			}
		case "by":
			var set valueSet
			users := field{name: "by", id: FieldUser, kind: kUser, ops: query.EqOps}
			ok = c.operands(&set, users, p.kind, query.In, p.operand) && ok
			n.by = []string{}
			for _, v := range set.vals {
				n.by = append(n.by, v.strs...)
			}
		default:
			ok = c.window(n, p) && ok
		}
	}
	if !ok {
		return never{}
	}
	return n
}

// window compiles AFTER, BEFORE, ON and DURING into the clause's window.
func (c *compiler) window(n *histN, p sPred) bool {
	var set valueSet
	date := field{name: p.kind, id: p.kind, kind: kDate, ops: query.EqOps}
	op := query.Eq
	if p.kind == "during" {
		op = query.In
	}
	if !c.operands(&set, date, p.kind, op, p.operand) {
		return false
	}
	want, need := 1, "one date or date function"
	if p.kind == "during" {
		want, need = 2, `two dates, as in DURING ("2026-01-01", "2026-01-31")`
	}
	if set.empty || len(set.vals) != want {
		c.errorf("The predicate '%s' needs %s.", p.kind, need)
		return false
	}
	t := set.vals[0].t
	narrow := func(lo, hi time.Time) {
		if !lo.IsZero() && (n.lo.IsZero() || lo.After(n.lo)) {
			n.lo = lo
		}
		if !hi.IsZero() && (n.hi.IsZero() || hi.Before(n.hi)) {
			n.hi = hi
		}
	}
	switch p.kind {
	case "after":
		narrow(t, time.Time{})
	case "before":
		narrow(time.Time{}, t)
	case "on":
		y, m, d := t.Date()
		day := time.Date(y, m, d, 0, 0, 0, 0, t.Location())
		narrow(day, day.AddDate(0, 0, 1))
	case "during":
		narrow(t, set.vals[1].t)
	}
	return true
}

// Eval reports whether the history satisfies the clause.
func (n *histN) Eval(r Record) bool {
	var changes []Change
	if hr, ok := r.(HistoryRecord); ok {
		changes = slices.Clone(hr.History(n.f.id))
		slices.SortStableFunc(changes, func(a, b Change) int { return a.At.Compare(b.At) })
	}
	if n.op == opChanged {
		for _, ch := range changes {
			if n.inWindow(ch.At) && n.byOK(ch.By) && n.from.has(ch.From) && n.to.has(ch.To) {
				return true
			}
		}
		return false
	}
	found := n.was(r, changes)
	if n.op == opWasNot || n.op == opWasNotIn {
		return !found
	}
	return found
}

// was reports whether the field held one of the operands at some time in
// the window (set by one of the BY users, when given).
func (n *histN) was(r Record, changes []Change) bool {
	if len(changes) == 0 {
		if n.by != nil {
			return false
		}
		vs := n.f.values(r)
		if len(vs) == 0 {
			return n.set.empty
		}
		for _, v := range vs {
			for _, o := range n.set.vals {
				if equal(v, o) {
					return true
				}
			}
		}
		return false
	}
	if n.by == nil && n.overlaps(time.Time{}, changes[0].At) && n.set.has(changes[0].From) {
		return true
	}
	for i, ch := range changes {
		var end time.Time
		if i+1 < len(changes) {
			end = changes[i+1].At
		}
		if n.overlaps(ch.At, end) && n.byOK(ch.By) && n.set.has(ch.To) {
			return true
		}
	}
	return false
}

// overlaps reports whether [start, end) meets the window; zero is unbounded.
func (n *histN) overlaps(start, end time.Time) bool {
	return (n.lo.IsZero() || end.IsZero() || end.After(n.lo)) &&
		(n.hi.IsZero() || start.IsZero() || start.Before(n.hi))
}

func (n *histN) inWindow(t time.Time) bool {
	return (n.lo.IsZero() || !t.Before(n.lo)) && (n.hi.IsZero() || !t.After(n.hi))
}

func (n *histN) byOK(by string) bool {
	return n.by == nil || slices.Contains(n.by, strings.ToLower(by))
}

// has reports whether a stored value from the history is in the set; a nil
// set holds everything.
func (s *valueSet) has(v string) bool {
	if s == nil {
		return true
	}
	if v == "" {
		return s.empty
	}
	lv := strings.ToLower(v)
	for _, o := range s.vals {
		if slices.Contains(o.strs, lv) {
			return true
		}
	}
	return false
}
