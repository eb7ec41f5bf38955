package jira

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/clawbridge/atlassian-mcp/atlassian"
)

// TestFieldValueByType checks what each kind of field is sent as, and that
// a field of a type the tool cannot write is refused, naming the field,
// instead of being passed through as the agent gave it.
func TestFieldValueByType(t *testing.T) {
	epic := atlassian.FieldMeta{ID: "customfield_10014", Name: "Epic Link", Type: "any", Custom: "com.pyxis.greenhopper.jira:gh-epic-link"}
	parentLink := atlassian.FieldMeta{ID: "customfield_10018", Name: "Parent Link", Type: "any", Custom: "com.atlassian.jpo:jpo-custom-field-parent"}
	parent := atlassian.FieldMeta{ID: "parent", Name: "Parent", Type: "issuelink", System: "parent"}
	blocker := atlassian.FieldMeta{ID: "customfield_10040", Name: "Blocked by", Type: "issuelink"}
	team := atlassian.FieldMeta{ID: "customfield_10001", Name: "Team", Type: "team", Custom: "com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team"}
	anyField := atlassian.FieldMeta{ID: "customfield_10050", Name: "Widget", Type: "any", Custom: "com.example:widget"}
	sprint := atlassian.FieldMeta{ID: "customfield_10020", Name: "Sprint", Type: "array", Items: "json", Custom: "com.pyxis.greenhopper.jira:gh-sprint"}
	links := atlassian.FieldMeta{ID: "issuelinks", Name: "Linked Issues", Type: "array", Items: "issuelinks", System: "issuelinks"}
	group := atlassian.FieldMeta{ID: "customfield_10060", Name: "Owning group", Type: "group"}
	versions := atlassian.FieldMeta{ID: "fixVersions", Name: "Fix versions", Type: "array", Items: "version", System: "fixVersions"}
	option := atlassian.FieldMeta{ID: "customfield_10070", Name: "Tier", Type: "option"}
	users := func(ref string) (atlassian.User, error) { return atlassian.User{AccountID: "acc:" + ref}, nil }

	tests := []struct {
		name    string
		f       atlassian.FieldMeta
		v       any
		want    string // JSON sent; empty when refused
		wantErr []string
	}{
		{"epic link takes the key", epic, "eng-1", `"ENG-1"`, nil},
		{"epic link trims", epic, " OPS-12 ", `"OPS-12"`, nil},
		{"epic link refuses a numeric id", epic, "10001", "", []string{`"Epic Link" takes an issue key such as ENG-42`}},
		{"epic link refuses a non-key", epic, "the login epic", "", []string{`"Epic Link" takes an issue key`}},
		{"epic link refuses an object", epic, map[string]any{"key": "ENG-1"}, "", []string{`"Epic Link" takes an issue key such as ENG-42, not an object`}},
		{"parent link takes the key", parentLink, "Eng-7", `"ENG-7"`, nil},
		{"parent link refuses a list", parentLink, []any{"ENG-1"}, "", []string{`"Parent Link" takes an issue key`}},
		{"parent by key", parent, "eng-2", `{"key":"ENG-2"}`, nil},
		{"parent by id", parent, "10002", `{"id":"10002"}`, nil},
		{"issuelink custom field", blocker, "OPS-3", `{"key":"OPS-3"}`, nil},
		{"issuelink refuses junk", blocker, "OPS 3", "", []string{`"Blocked by" takes an issue key`}},
		{"team is refused", team, "Platform", "", []string{`field "Team" (team, atlassian-team) cannot be set by this tool`}},
		{"unknown any is refused", anyField, map[string]any{"x": 1}, "", []string{`field "Widget" (any, widget) cannot be set by this tool`}},
		{"sprint points to the sprint tool", sprint, []any{"24"}, "", []string{`field "Sprint" cannot be set by this tool; use jira_move_to_sprint`}},
		{"links are refused", links, []any{"ENG-1"}, "", []string{`field "Linked Issues" (list of issuelinks) cannot be set by this tool`}},
		{"group by name", group, "jira-users", `{"name":"jira-users"}`, nil},
		{"versions by name", versions, []any{"2.0"}, `[{"name":"2.0"}]`, nil},
		{"option without a list", option, "Gold", `{"value":"Gold"}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := fieldValue(tt.f, tt.v, users)
			if tt.want == "" {
				if err == nil {
					b, _ := json.Marshal(got)
					t.Fatalf("fieldValue(%s, %v) = %s; want it refused", tt.f.Name, tt.v, b)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q lacks %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("fieldValue(%s, %v): %v", tt.f.Name, tt.v, err)
			}
			b, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("fieldValue(%s, %v) = %s, want %s", tt.f.Name, tt.v, b, tt.want)
			}
		})
	}
}
