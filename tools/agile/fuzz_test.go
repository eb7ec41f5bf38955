package agile

import (
	"testing"
	"time"

	"github.com/tidwall/gjson"

	"github.com/clawbridge/atlassian-mcp/atlassian"
)

// FuzzBuildReport feeds hostile issue JSON, as a sprint's issue list might
// hold, to the report builder for each sprint state: it must never panic,
// must keep every issue, and may list an issue as not done or at risk only
// if it is in the report.
func FuzzBuildReport(f *testing.F) {
	f.Add(`{"key":"A-1","fields":{"status":{"statusCategory":{"key":"done"}},"resolutiondate":"2026-11-03T00:00:00.000+0000","customfield_1":3},"changelog":{"histories":[{"created":"2026-11-01T00:00:00.000+0000","items":[{"field":"Sprint","from":"","to":"7"}]}]}}`, 0)
	f.Add(`{"key":"A-2","fields":{"flagged":true,"duedate":"2026-11-04","closedSprints":[{"id":6,"startDate":"2026-10-01T00:00:00Z"}]}}`, 1)
	f.Add(`{"fields":{"customfield_1":"x","status":7,"changelog":null}}`, 2)
	f.Add(`[1,2,{"key":null}]`, 1)
	start := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	states := []string{"active", "closed", "future"}
	f.Fuzz(func(t *testing.T, raw string, state int) {
		sp := atlassian.Sprint{ID: 7, State: states[(state%3+3)%3], Start: start, End: start.Add(14 * 24 * time.Hour), Complete: start.Add(14 * 24 * time.Hour)}
		issues := []gjson.Result{gjson.Parse(raw), gjson.Parse(raw)}
		r := buildReport(sp, issues, "customfield_1", start.Add(13*24*time.Hour))
		if len(r.Issues) != len(issues) {
			t.Fatalf("report has %d issues, want %d", len(r.Issues), len(issues))
		}
		keys := map[string]bool{}
		for _, is := range r.Issues {
			keys[is.Key] = true
		}
		for _, k := range append(append([]string{}, r.NotDone...), r.AtRisk...) {
			if !keys[k] {
				t.Fatalf("report lists %q, which is not one of its issues", k)
			}
		}
		_ = renderReport(r)
	})
}
