package jql

import (
	"strings"
	"time"

	"github.com/clawbridge/atlassian-mcp/sandbox/internal/query"
)

// sprintStates maps the sprint functions to the state Env.Sprints receives.
var sprintStates = map[string]string{
	"opensprints": SprintActive, "closedsprints": SprintClosed, "futuresprints": SprintFuture,
}

// function evaluates a function call for a field. ok is false after a
// validation error.
func (c *compiler) function(f field, call *sOperand) ([]value, bool) {
	name := strings.ToLower(call.tok.val)
	shown := call.tok.val
	unit, isBoundary := query.BoundaryUnit(name)
	_, isSprint := sprintStates[name]
	if name != "currentuser" && name != "now" && !isBoundary && !isSprint {
		c.errorf("Unable to find JQL function '%s'.", operandText(call))
		return nil, false
	}
	maxArgs := 0
	if isBoundary {
		maxArgs = 1
	}
	if len(call.args) > maxArgs {
		c.errorf("Function '%s' expected at most '%d' arguments but got '%d'.", shown, maxArgs, len(call.args))
		return nil, false
	}
	dates := f.kind == kDate || f.kind == kDay || f.kind == kCustom
	var allowed bool
	switch {
	case name == "currentuser":
		allowed = f.kind == kUser || f.kind == kCustom
	case isSprint:
		allowed = f.spec == FieldSprint || f.kind == kCustom
	default:
		allowed = dates
	}
	if !allowed {
		c.errorf("A value provided by the function '%s' is invalid for the field '%s'.", shown, f.name)
		return nil, false
	}
	switch {
	case name == "currentuser":
		if c.env.CurrentUser == "" {
			return nil, true
		}
		return []value{mkValue(c.env.CurrentUser, nil)}, true
	case name == "now":
		return []value{timeValue(c.now)}, true
	case isBoundary:
		var inc query.Period
		if len(call.args) == 1 {
			p, ok := query.ParsePeriod(call.args[0].val, unit)
			if !ok {
				c.errorf("Duration for function '%s' should have the format (+/-)n(yMwdm), e.g -1M for one month earlier.", shown)
				return nil, false
			}
			inc = p
		}
		return []value{timeValue(query.Boundary(name, c.now, inc))}, true
	}
	var out []value
	if c.env.Sprints != nil {
		for _, id := range c.env.Sprints(sprintStates[name]) {
			out = append(out, mkValue(id, nil))
		}
	}
	return out, true
}

// timeValue is an operand holding an instant.
func timeValue(t time.Time) value {
	s := t.Format(time.RFC3339)
	return value{raw: s, orig: []string{s}, strs: []string{s}, t: t, isTime: true}
}
