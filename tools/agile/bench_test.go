package agile

import (
	"fmt"
	"testing"
	"time"

	"github.com/tidwall/gjson"
)

// BenchmarkBuildReport measures the report of a 100-issue active sprint
// whose issues each carry a Sprint changelog.
func BenchmarkBuildReport(b *testing.B) {
	day := 24 * time.Hour
	issues := make([]gjson.Result, 100)
	for i := range issues {
		resolved := time.Time{}
		if i%3 == 0 {
			resolved = t0.Add(time.Duration(i%10) * day)
		}
		issues[i] = issue(fmt.Sprintf("A-%d", i), float64(i%8), t0.Add(time.Duration(i%4-2)*day), resolved, `"flagged":false`)
	}
	now := t0.Add(13 * day)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = buildReport(sprint, issues, "customfield_1", now)
	}
}
