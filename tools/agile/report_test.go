package agile

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tidwall/gjson"

	"github.com/clawbridge/atlassian-mcp/atlassian"
)

var (
	t0     = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) // sprint start
	sprint = atlassian.Sprint{ID: 7, BoardID: 1, Name: "S7", State: "active", Start: t0, End: t0.Add(14 * 24 * time.Hour)}
)

// issue builds an agile issue as Jira Software returns it. joined is when
// it entered sprint 7 (zero: no Sprint history); resolved is zero when the
// issue is not done.
func issue(key string, points float64, joined, resolved time.Time, extra string) gjson.Result {
	status := `{"name":"In Progress","statusCategory":{"key":"indeterminate"}}`
	res := ""
	if !resolved.IsZero() {
		status = `{"name":"Done","statusCategory":{"key":"done"}}`
		res = fmt.Sprintf(`,"resolutiondate":%q`, resolved.Format("2006-01-02T15:04:05.000-0700"))
	}
	hist := `[]`
	if !joined.IsZero() {
		hist = fmt.Sprintf(`[{"created":%q,"items":[{"field":"Sprint","from":"6","to":"6, 7"}]}]`, joined.Format("2006-01-02T15:04:05.000-0700"))
	}
	if extra != "" {
		extra = "," + extra
	}
	return gjson.Parse(fmt.Sprintf(`{"key":%q,"fields":{"summary":"s","status":%s,"created":"2026-10-01T00:00:00.000+0000","customfield_1":%v%s%s},"changelog":{"histories":%s}}`,
		key, status, points, res, extra, hist))
}

func TestReportCommittedAddedCompleted(t *testing.T) {
	day := 24 * time.Hour
	now := t0.Add(5 * day)
	issues := []gjson.Result{
		issue("A-1", 5, t0.Add(-time.Hour), t0.Add(2*day), ""),      // committed, done
		issue("A-2", 3, t0.Add(-time.Hour), time.Time{}, ""),        // committed, open
		issue("A-3", 2, t0.Add(day), t0.Add(3*day), ""),             // added, done
		issue("A-4", 8, time.Time{}, time.Time{}, `"flagged":true`), // no history: created before start → committed
		issue("A-5", 1, t0.Add(-time.Hour), t0.Add(-2*day), ""),     // resolved before the sprint: not completed in it
		issue("A-6", 2, t0.Add(-time.Hour), time.Time{}, `"duedate":"2026-11-08","closedSprints":[{"id":6,"startDate":"2026-10-19T09:00:00.000Z"}]`),
	}
	r := buildReport(sprint, issues, "customfield_1", now)
	if r.Committed != 19 || r.Added != 2 || r.Completed != 7 {
		t.Errorf("committed %v added %v completed %v, want 19, 2, 7", r.Committed, r.Added, r.Completed)
	}
	if got := strings.Join(r.NotDone, ","); got != "A-2,A-4,A-6" {
		t.Errorf("not done = %s", got)
	}
	if got := strings.Join(r.AtRisk, ","); got != "A-4,A-6" {
		t.Errorf("at risk = %s (A-4 is flagged, A-6 is due within two days)", got)
	}
	if got := strings.Join(r.CarriedIn, ","); got != "A-6" {
		t.Errorf("carried in = %s", got)
	}
	if !r.Issues[4].DoneOutside || r.Issues[4].Done {
		t.Errorf("A-5 = %+v, want done outside the sprint", r.Issues[4])
	}
	if r.Sprint.DaysLeft == nil || *r.Sprint.DaysLeft != 9 {
		t.Errorf("days left = %v, want 9", r.Sprint.DaysLeft)
	}
	// Two days before the end, everything unfinished is at risk.
	late := buildReport(sprint, issues, "customfield_1", sprint.End.Add(-36*time.Hour))
	if got := strings.Join(late.AtRisk, ","); got != "A-2,A-4,A-6" {
		t.Errorf("at risk near the end = %s", got)
	}
}

func TestReportOfClosedAndFutureSprints(t *testing.T) {
	day := 24 * time.Hour
	closed := sprint
	closed.State, closed.Complete = "closed", sprint.End
	issues := []gjson.Result{
		issue("B-1", 3, t0.Add(-time.Hour), t0.Add(day), ""),
		issue("B-2", 5, t0.Add(-time.Hour), closed.End.Add(day), ""), // finished after the sprint closed
	}
	r := buildReport(closed, issues, "customfield_1", closed.End.Add(10*day))
	if r.Committed != 8 || r.Completed != 3 || strings.Join(r.NotDone, ",") != "B-2" || len(r.AtRisk) != 0 || r.Sprint.DaysLeft != nil {
		t.Errorf("closed sprint report = %+v", r)
	}
	future := sprint
	future.State, future.Start, future.End = "future", time.Time{}, time.Time{}
	r = buildReport(future, issues, "", t0)
	if r.Committed != 2 || r.Completed != 0 || r.NotDone != nil || r.Estimation != "issues" {
		t.Errorf("future sprint counted by issues = %+v", r)
	}
	if !strings.Contains(renderReport(r), "issues: 2 planned") {
		t.Errorf("future sprint text:\n%s", renderReport(r))
	}
}
