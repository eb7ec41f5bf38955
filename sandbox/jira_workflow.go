package sandbox

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// A transition is one step of the workflow: its id and name, the statuses
// it leaves from, the status it goes to, and the fields its screen asks for.
type transition struct {
	ID, Name string
	From     []string
	To       string
	Screen   []screenField
}

// workflow is the workflow every seeded project uses: To Do → In Progress
// → In Review → Done, with a way back from each step. Going to Done asks
// for a resolution, as Jira's default workflow does.
var workflow = []transition{
	{ID: "21", Name: "Start Progress", From: []string{"To Do"}, To: "In Progress"},
	{ID: "11", Name: "Stop Progress", From: []string{"In Progress"}, To: "To Do"},
	{ID: "31", Name: "Submit for Review", From: []string{"In Progress"}, To: "In Review"},
	{ID: "51", Name: "Request Changes", From: []string{"In Review"}, To: "In Progress"},
	{ID: "41", Name: "Done", From: []string{"In Review"}, To: "Done", Screen: []screenField{{"resolution", true}}},
	{ID: "61", Name: "Reopen", From: []string{"Done"}, To: "To Do"},
}

// available returns the transitions an issue in status can take.
func available(status string) []transition {
	var out []transition
	for _, t := range workflow {
		for _, f := range t.From {
			if strings.EqualFold(f, status) {
				out = append(out, t)
			}
		}
	}
	return out
}

// resolutionField describes the system Resolution field, which is not in
// the site's field list the sandbox seeds for issues.
var resolutionField = &Field{ID: "resolution", Name: "Resolution", SchemaType: "resolution", System: "resolution"}

func (c *call) screenFieldDef(id string) *Field {
	if id == "resolution" {
		if f := c.site.field(id); f != nil {
			return f
		}
		return resolutionField
	}
	return c.site.field(id)
}

func (c *call) getTransitions() {
	is := c.visibleIssue(c.r.PathValue("key"))
	if is == nil {
		return
	}
	expand := strings.Contains(c.r.URL.Query().Get("expand"), "transitions.fields")
	only := c.r.URL.Query().Get("transitionId")
	out := []any{}
	for _, t := range available(is.Status) {
		if only != "" && t.ID != only {
			continue
		}
		m := map[string]any{"id": t.ID, "name": t.Name, "to": c.statusJSON(t.To), "hasScreen": len(t.Screen) > 0,
			"isGlobal": false, "isInitial": false, "isAvailable": true, "isConditional": false, "looped": false}
		if expand {
			fields := map[string]any{}
			for _, sf := range t.Screen {
				fields[sf.id] = c.fieldMetaJSON(c.screenFieldDef(sf.id), sf, is.Project, false)
			}
			m["fields"] = fields
		}
		out = append(out, m)
	}
	res := map[string]any{"transitions": out}
	if !expand {
		res["expand"] = "transitions"
	}
	c.ok(res)
}

// transitionInput is the body of POST /issue/{key}/transitions.
type transitionInput struct {
	Transition struct {
		ID string `json:"id"`
	} `json:"transition"`
	Fields map[string]json.RawMessage `json:"fields"`
	Update map[string]json.RawMessage `json:"update"`
}

func (c *call) doTransition() {
	is := c.visibleIssue(c.r.PathValue("key"))
	if is == nil {
		return
	}
	var in transitionInput
	if !c.decode(&in) {
		return
	}
	var t *transition
	for _, a := range available(is.Status) {
		if a.ID == in.Transition.ID {
			t = &a
		}
	}
	if t == nil {
		c.jiraError(http.StatusBadRequest, []string{"Transition id '" + in.Transition.ID + "' is not valid for this issue."}, nil)
		return
	}
	errs := map[string]string{}
	next := cloneIssue(is)
	now := c.sb.now()
	for id, raw := range in.Fields {
		if _, on := onScreen(t.Screen, id); !on {
			errs[id] = notOnScreen(id)
			continue
		}
		if id == "resolution" {
			var r ref
			_ = json.Unmarshal(raw, &r)
			if name := resolutionName(firstNonEmpty(r.Name, r.ID)); name != "" {
				next.Resolution = name
			} else {
				errs[id] = "Resolution '" + firstNonEmpty(r.Name, r.ID) + "' is not valid; valid resolutions: " + strings.Join(resolutions, ", ")
			}
		}
	}
	for _, sf := range t.Screen {
		if sf.required && !hasValue(next, sf.id) && errs[sf.id] == "" {
			errs[sf.id] = requiredMessage(c.screenFieldDef(sf.id))
		}
	}
	var comment json.RawMessage
	for id, raw := range in.Update {
		if id != "comment" {
			errs[id] = notOnScreen(id)
			continue
		}
		var ops []struct {
			Add struct {
				Body json.RawMessage `json:"body"`
			} `json:"add"`
		}
		if json.Unmarshal(raw, &ops) != nil || len(ops) != 1 || validADF(ops[0].Add.Body) != nil {
			errs["comment"] = "Comment must be [{\"add\":{\"body\": an Atlassian Document}}]."
			continue
		}
		comment = ops[0].Add.Body
	}
	if len(errs) > 0 {
		c.jiraError(http.StatusBadRequest, nil, errs)
		return
	}
	next.Status = t.To
	if st, _ := statusByName(t.To); st.Category == "done" {
		next.Resolved = now
	} else {
		next.Resolution, next.Resolved = "", time.Time{}
	}
	c.site.recordChanges(is, next, c.who.AccountID, now)
	next.Updated = now
	*is = *next
	if comment != nil {
		c.addCommentTo(is, comment)
	}
	c.noContent()
}

func resolutionName(nameOrID string) string {
	for _, r := range resolutions {
		if strings.EqualFold(r, nameOrID) || resolutionID(r) == nameOrID {
			return r
		}
	}
	return ""
}
