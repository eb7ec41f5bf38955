package jira

import (
	"fmt"
	"strings"
	"testing"
)

func TestOneOfListsAtMostTwenty(t *testing.T) {
	var vals []string
	for i := 1; i <= 25; i++ {
		vals = append(vals, fmt.Sprintf("v%d", i))
	}
	got := oneOf(vals)
	if !strings.HasPrefix(got, "v1, v2,") || !strings.Contains(got, "v20, … (5 more)") || strings.Contains(got, "v21") {
		t.Errorf("25 values: %q", got)
	}
	if got := oneOf(vals[:20]); strings.Contains(got, "more") || !strings.HasSuffix(got, "v19, v20") {
		t.Errorf("20 values: %q", got)
	}
}
