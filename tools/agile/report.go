package agile

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tidwall/gjson"

	"github.com/clawbridge/atlassian-mcp/atlassian"
)

// riskWindow is how close to the end of a sprint (or to its due date) an
// unfinished issue counts as at risk.
const riskWindow = 2 * 24 * time.Hour

// SprintInfo describes a sprint.
type SprintInfo struct {
	ID    int    `json:"id"`
	Name  string `json:"name"`
	State string `json:"state"`
	Goal  string `json:"goal,omitempty"`
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
	// Completed is when a closed sprint was completed.
	Completed string `json:"completed,omitempty"`
	// DaysLeft is the number of days until an active sprint ends.
	DaysLeft *int `json:"days_left,omitempty"`
}

// SprintIssue is one issue of a sprint report.
type SprintIssue struct {
	Key      string  `json:"key"`
	Summary  string  `json:"summary"`
	Status   string  `json:"status"`
	Assignee string  `json:"assignee,omitempty"`
	Points   float64 `json:"points,omitempty"`
	// Committed is true when the issue was in the sprint when it started
	// (or, for a future sprint, is planned into it); false when added later.
	Committed bool `json:"committed"`
	// Done is true when the issue was completed within the sprint.
	Done bool `json:"done"`
	// DoneOutside is true when the issue was completed outside the sprint:
	// before it started, or after a closed sprint was completed.
	DoneOutside bool `json:"done_outside,omitempty"`
	// CarriedIn is true when the issue came from an earlier sprint.
	CarriedIn bool `json:"carried_in,omitempty"`
	Flagged   bool `json:"flagged,omitempty"`
	// Risk says why an unfinished issue of an active sprint is at risk.
	Risk string `json:"risk,omitempty"`
}

// Report is a sprint's report: its issues, committed versus completed
// work, carry-over and issues at risk. Points are in the board's estimation
// field, or issue counts when the board does not estimate.
type Report struct {
	Sprint     SprintInfo    `json:"sprint"`
	Estimation string        `json:"estimation"`
	Committed  float64       `json:"committed"`
	Added      float64       `json:"added"`
	Completed  float64       `json:"completed"`
	CarriedIn  []string      `json:"carried_in,omitempty"`
	NotDone    []string      `json:"not_done,omitempty"`
	AtRisk     []string      `json:"at_risk,omitempty"`
	Issues     []SprintIssue `json:"issues"`
}

// buildReport computes a sprint report from the sprint, its issues (as
// GET /rest/agile/1.0/sprint/{id}/issue returns them, with changelogs), the
// board's estimation field ("" to count issues) and the time now.
//
// An issue is committed when its Sprint changelog shows it joined at or
// before the sprint's start (or, with no such history, when it was created
// before the start); otherwise it was added. It is done when its status is
// in the done category and it was resolved within the sprint. It carried in
// when one of its closed sprints started before this one.
func buildReport(sp atlassian.Sprint, issues []gjson.Result, estField string, now time.Time) Report {
	r := Report{Sprint: sprintInfo(sp, now), Estimation: "issues", Issues: []SprintIssue{}}
	if estField != "" {
		r.Estimation = estField
	}
	for _, is := range issues {
		si := reportIssue(sp, is, estField, now)
		r.Issues = append(r.Issues, si)
		if si.Committed {
			r.Committed += si.Points
		} else {
			r.Added += si.Points
		}
		switch {
		case si.Done:
			r.Completed += si.Points
		case sp.State != "future" && !(si.DoneOutside && sp.State != "closed"):
			r.NotDone = append(r.NotDone, si.Key)
		}
		if si.CarriedIn {
			r.CarriedIn = append(r.CarriedIn, si.Key)
		}
		if si.Risk != "" {
			r.AtRisk = append(r.AtRisk, si.Key)
		}
	}
	return r
}

func sprintInfo(sp atlassian.Sprint, now time.Time) SprintInfo {
	info := SprintInfo{ID: sp.ID, Name: sp.Name, State: sp.State, Goal: sp.Goal, Start: day(sp.Start), End: day(sp.End), Completed: day(sp.Complete)}
	if sp.State == "active" && !sp.End.IsZero() {
		left := int(math.Ceil(sp.End.Sub(now).Hours() / 24))
		left = max(left, 0)
		info.DaysLeft = &left
	}
	return info
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

func reportIssue(sp atlassian.Sprint, is gjson.Result, estField string, now time.Time) SprintIssue {
	f := is.Get("fields")
	si := SprintIssue{Key: is.Get("key").String(), Summary: f.Get("summary").String(), Status: f.Get("status.name").String(),
		Assignee: f.Get("assignee.displayName").String(), Flagged: f.Get("flagged").Bool(), Points: 1}
	if estField != "" {
		si.Points = f.Get(gjson.Escape(estField)).Float()
	}
	si.Committed = sp.State == "future" || committed(sp, is)
	si.Done, si.DoneOutside = doneInSprint(sp, f, now)
	for _, cs := range f.Get("closedSprints").Array() {
		start := atlassian.ParseTime(cs.Get("startDate").String())
		if int(cs.Get("id").Int()) != sp.ID && !start.IsZero() && start.Before(sp.Start) {
			si.CarriedIn = true
		}
	}
	if sp.State == "active" && !si.Done && !si.DoneOutside {
		si.Risk = risk(sp, f, si.Flagged, now)
	}
	return si
}

// committed reads the Sprint field's changelog: the issue is committed
// when it joined the sprint at or before its start.
func committed(sp atlassian.Sprint, is gjson.Result) bool {
	id := strconv.Itoa(sp.ID)
	joined := false
	for _, h := range is.Get("changelog.histories").Array() {
		at := atlassian.ParseTime(h.Get("created").String())
		for _, it := range h.Get("items").Array() {
			if it.Get("field").String() != "Sprint" {
				continue
			}
			if slices.Contains(ids(it.Get("to").String()), id) && !slices.Contains(ids(it.Get("from").String()), id) {
				joined = true
				if !at.After(sp.Start) {
					return true
				}
			}
		}
	}
	if joined {
		return false
	}
	created := atlassian.ParseTime(is.Get("fields.created").String())
	return created.IsZero() || !created.After(sp.Start)
}

// ids splits a changelog's "21, 22" into its ids.
func ids(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// doneInSprint reports whether an issue was completed within the sprint
// (its status is in the done category and it was resolved after the sprint
// started and, for a closed sprint, before it was completed), or outside it.
func doneInSprint(sp atlassian.Sprint, f gjson.Result, now time.Time) (in, outside bool) {
	if f.Get("status.statusCategory.key").String() != "done" || sp.State == "future" {
		return false, false
	}
	resolved := atlassian.ParseTime(f.Get("resolutiondate").String())
	if resolved.IsZero() {
		return sp.State != "closed", sp.State == "closed"
	}
	end := now
	if sp.State == "closed" {
		end = sp.Complete
		if end.IsZero() {
			end = sp.End
		}
	}
	in = !resolved.Before(sp.Start) && !resolved.After(end)
	return in, !in
}

// risk says why an unfinished issue of an active sprint is at risk, or "".
func risk(sp atlassian.Sprint, f gjson.Result, flagged bool, now time.Time) string {
	var why []string
	if flagged {
		why = append(why, "flagged")
	}
	if left := sp.End.Sub(now); !sp.End.IsZero() && left <= riskWindow {
		why = append(why, "sprint ends "+when(sp.End, now))
	}
	if due, err := time.Parse("2006-01-02", f.Get("duedate").String()); err == nil && due.Sub(now) <= riskWindow {
		why = append(why, "due "+due.Format("2006-01-02"))
	}
	return strings.Join(why, ", ")
}

func when(t, now time.Time) string {
	d := t.Sub(now)
	switch {
	case d < 0:
		return "overdue"
	case d < 24*time.Hour:
		return "within a day"
	}
	return "in " + strconv.Itoa(int(math.Ceil(d.Hours()/24))) + " days"
}
