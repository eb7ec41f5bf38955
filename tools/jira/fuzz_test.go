package jira

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

// fuzzFields are field shapes the coercion handles, with allowed values
// where Jira lists them.
var fuzzFields = []atlassian.FieldMeta{
	{ID: "summary", Name: "Summary", Type: "string", System: "summary"},
	{ID: "description", Name: "Description", Type: "string", System: "description"},
	{ID: "customfield_1", Name: "Points", Type: "number"},
	{ID: "duedate", Name: "Due date", Type: "date", System: "duedate"},
	{ID: "customfield_2", Name: "When", Type: "datetime"},
	{ID: "customfield_3", Name: "Severity", Type: "option", Allowed: []atlassian.Allowed{{ID: "1", Value: "Sev-1"}, {ID: "2", Value: "Sev-2"}}},
	{ID: "priority", Name: "Priority", Type: "priority", Allowed: []atlassian.Allowed{{ID: "3", Name: "High"}}},
	{ID: "labels", Name: "Labels", Type: "array", Items: "string", System: "labels"},
	{ID: "components", Name: "Components", Type: "array", Items: "component", Allowed: []atlassian.Allowed{{ID: "9", Name: "API"}}},
	{ID: "customfield_4", Name: "Watchers", Type: "array", Items: "user"},
	{ID: "assignee", Name: "Assignee", Type: "user"},
	{ID: "parent", Name: "Parent", Type: "issuelink"},
	{ID: "customfield_5", Name: "Epic Link", Type: "any", Custom: "com.pyxis.greenhopper.jira:gh-epic-link"},
	{ID: "customfield_6", Name: "Parent Link", Type: "any", Custom: "com.atlassian.jpo:jpo-custom-field-parent"},
	{ID: "customfield_7", Name: "Team", Type: "team"},
	{ID: "customfield_8", Name: "Sprint", Type: "array", Items: "json", Custom: "com.pyxis.greenhopper.jira:gh-sprint"},
}

// FuzzFieldValue feeds hostile JSON values to the coercion of every field
// shape: it must never panic, and what it accepts must marshal to JSON, with
// allowed-value fields only ever naming an allowed id.
func FuzzFieldValue(f *testing.F) {
	for _, seed := range []string{`"Sev-2"`, `5`, `"5"`, `"2026-12-31"`, `["a","b"]`, `{"x":1}`, `null`, `"me"`, `"ENG-1"`, `1e309`, `"2026-12-31T17:00"`, `[{"a":[]}]`} {
		for i := range fuzzFields {
			f.Add(i, []byte(seed))
		}
	}
	users := func(ref string) (atlassian.User, error) { return atlassian.User{AccountID: "id:" + ref}, nil }
	f.Fuzz(func(t *testing.T, which int, raw []byte) {
		var v any
		if json.Unmarshal(raw, &v) != nil {
			return
		}
		fm := fuzzFields[(which%len(fuzzFields)+len(fuzzFields))%len(fuzzFields)]
		out, err := fieldValue(fm, v, users)
		if err != nil {
			return
		}
		b, err := json.Marshal(out)
		if err != nil {
			t.Fatalf("%s: accepted %s but produced %#v, which does not marshal: %v", fm.Name, raw, out, err)
		}
		if len(fm.Allowed) > 0 && fm.Type != "array" {
			var m map[string]string
			if json.Unmarshal(b, &m) != nil || (m["id"] != "1" && m["id"] != "2" && m["id"] != "3") {
				t.Fatalf("%s: %s became %s, not an allowed id", fm.Name, raw, b)
			}
		}
		switch {
		case issueKeyField(fm):
			if s, ok := out.(string); !ok || !validIssueRef(s) || allDigits(s) || s != strings.ToUpper(s) {
				t.Fatalf("%s: %s became %s, not an issue key", fm.Name, raw, b)
			}
		case fm.Type == "issuelink":
			var m map[string]string
			if json.Unmarshal(b, &m) != nil || len(m) != 1 || (!validIssueRef(m["key"]) && !allDigits(m["id"])) {
				t.Fatalf("%s: %s became %s, not an issue reference", fm.Name, raw, b)
			}
		case fm.Type == "team" || fm.Items == "json":
			t.Fatalf("%s: %s was accepted as %s; the type cannot be written", fm.Name, raw, b)
		}
	})
}

// FuzzCreateInput binds hostile arguments to jira_create_issue's input: it
// must never panic, and accepted input must satisfy its own checks.
func FuzzCreateInput(f *testing.F) {
	for _, seed := range []string{
		`{"project":"ENG","issue_type":"Bug","summary":"x","story_points":3,"due_date":"2026-12-31","labels":["a"],"fields":{"Severity":"Sev-1"}}`,
		`{"project":"ENG","issue_type":"Bug","summary":"x","story_points":"five"}`,
		`{"project":"ENG","issue_type":"Bug","summary":"x\ny"}`,
		`{"summary":1}`, `{}`, `{"fields":{"":1}}`, `{"parent":"ENG 1","project":"A","issue_type":"B","summary":"c"}`,
	} {
		f.Add([]byte(seed))
	}
	def := createTool().Def
	f.Fuzz(func(t *testing.T, raw []byte) {
		var args map[string]any
		if json.Unmarshal(raw, &args) != nil {
			return
		}
		in, err := tools.Bind[createIn](def, args)
		if err != nil {
			if _, ok := err.(*tools.InputError); !ok {
				t.Fatalf("Bind returned %T, want an *InputError: %v", err, err)
			}
			return
		}
		if in.Summary == "" || (in.StoryPoints != nil && *in.StoryPoints < 0) || (in.Parent != "" && !validIssueRef(in.Parent)) {
			t.Fatalf("accepted invalid input %s", raw)
		}
	})
}
