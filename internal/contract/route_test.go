package contract

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestOperationLayouts(t *testing.T) {
	v := Load(t)
	tests := []struct {
		method, path string
		spec, id     string
		template     string
	}{
		{"GET", "/ex/jira/abc-123/rest/api/3/issue/ENG-1", SpecJiraPlatform, "getIssue", "/rest/api/3/issue/{issueIdOrKey}"},
		{"GET", "/rest/api/3/issue/ENG-1", SpecJiraPlatform, "getIssue", "/rest/api/3/issue/{issueIdOrKey}"},
		{"GET", "/rest/api/3/issue/ENG-1?fields=summary", SpecJiraPlatform, "getIssue", "/rest/api/3/issue/{issueIdOrKey}"},
		{"GET", "https://api.atlassian.com/ex/jira/abc/rest/api/3/myself", SpecJiraPlatform, "getCurrentUser", "/rest/api/3/myself"},
		{"GET", "/ex/jira/abc/rest/agile/1.0/board/7/sprint", SpecJiraSoftware, "getAllSprints", "/rest/agile/1.0/board/{boardId}/sprint"},
		{"GET", "/rest/agile/1.0/board/7/sprint", SpecJiraSoftware, "getAllSprints", "/rest/agile/1.0/board/{boardId}/sprint"},
		{"POST", "/rest/devinfo/0.10/bulk", SpecJiraSoftware, "storeDevelopmentInformation", "/rest/devinfo/0.10/bulk"},
		{"GET", "/ex/confluence/abc/wiki/api/v2/pages/123", SpecConfluenceV2, "getPageById", "/pages/{id}"},
		{"GET", "/wiki/api/v2/pages/123", SpecConfluenceV2, "getPageById", "/pages/{id}"},
		{"GET", "/ex/confluence/abc/wiki/rest/api/search", SpecConfluenceV1, "searchByCQL", "/wiki/rest/api/search"},
		{"GET", "/wiki/rest/api/search?cql=type%3Dpage", SpecConfluenceV1, "searchByCQL", "/wiki/rest/api/search"},
		// The same template spelt with two parameter names, one per method.
		{"PUT", "/rest/api/3/field/customfield_10016", SpecJiraPlatform, "updateCustomField", "/rest/api/3/field/{fieldId}"},
		{"DELETE", "/rest/api/3/field/customfield_10016", SpecJiraPlatform, "deleteCustomField", "/rest/api/3/field/{id}"},
		// A literal segment wins over a parameter at the same place.
		{"GET", "/rest/api/3/issue/createmeta", SpecJiraPlatform, "getCreateIssueMeta", "/rest/api/3/issue/createmeta"},
		{"GET", "/rest/api/3/issue/ENG-1/transitions", SpecJiraPlatform, "getTransitions", "/rest/api/3/issue/{issueIdOrKey}/transitions"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			op, ok := v.Operation(tt.method, tt.path)
			if !ok {
				t.Fatal("no operation found")
			}
			if op.Spec != tt.spec || op.ID != tt.id || op.Path != tt.template || op.Method != tt.method {
				t.Errorf("got %s %s %s %s, want %s %s %s %s", op.Spec, op.ID, op.Method, op.Path, tt.spec, tt.id, tt.method, tt.template)
			}
		})
	}
}

func TestOperationPathParameters(t *testing.T) {
	v := Load(t)
	m, err := v.resolve("GET", "/ex/jira/abc/rest/api/3/issue/ENG%2F1/comment/10%20000")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"issueIdOrKey": "ENG/1", "id": "10 000"}
	for k, w := range want {
		if m.params[k] != w {
			t.Errorf("parameter %s = %q, want %q", k, m.params[k], w)
		}
	}
	if _, err := v.resolve("GET", "/rest/api/3/issue/ENG%zz"); err == nil || !strings.Contains(err.Error(), "percent-encoding") {
		t.Errorf("bad escape: got %v", err)
	}
}

func TestOperationMisses(t *testing.T) {
	v := Load(t)
	for _, tt := range []struct{ method, path string }{
		{"GET", "/oauth/token"},
		{"GET", "/rest/api/3/issue/ENG-1/nope"},
		{"PATCH", "/rest/api/3/myself"},
		{"get", "/rest/api/3/myself"},
		{"GET", "/wiki/api/v2"},
		{"GET", "/ex/confluence/abc/rest/api/3/myself"},
		{"GET", "/rest/api/3/myself/"},
		{"GET", "::not a url"},
	} {
		if op, ok := v.Operation(tt.method, tt.path); ok {
			t.Errorf("Operation(%s, %s) = %+v, want none", tt.method, tt.path, op)
		}
	}
}

// TestEveryOperationRoutes builds a concrete URL for every operation of
// every spec, in both layouts, and checks that it routes back to that
// operation. The expectations come from the raw JSON, not from kin-openapi.
func TestEveryOperationRoutes(t *testing.T) {
	v := Load(t)
	param := regexp.MustCompile(`\{[^}]*\}`)
	layouts := map[string][2]string{ // spec → gateway prefix, site prefix
		SpecJiraPlatform: {"/ex/jira/cloud-1", ""},
		SpecJiraSoftware: {"/ex/jira/cloud-1", ""},
		SpecConfluenceV2: {"/ex/confluence/cloud-1/wiki/api/v2", "/wiki/api/v2"},
		SpecConfluenceV1: {"/ex/confluence/cloud-1", ""},
	}
	total := 0
	for _, name := range specNames {
		paths, _ := rawSpec(t, name)["paths"].(map[string]any)
		for path, item := range paths {
			ops, _ := item.(map[string]any)
			for method, raw := range ops {
				op, _ := raw.(map[string]any)
				if op == nil || method == "parameters" {
					continue
				}
				concrete := param.ReplaceAllString(path, "zq9")
				for _, prefix := range layouts[name] {
					got, ok := v.Operation(strings.ToUpper(method), prefix+concrete)
					if !ok {
						t.Errorf("%s %s%s: no operation", method, prefix, concrete)
						continue
					}
					if got.Spec != name || got.Path != path || got.ID != op["operationId"] || got.Method != strings.ToUpper(method) {
						t.Errorf("%s %s%s routed to %s %s %s %s", method, prefix, concrete, got.Spec, got.Method, got.Path, got.ID)
					}
				}
				total++
			}
		}
	}
	if total < 1000 {
		t.Errorf("only %d operations in the specs; expected over 1000", total)
	}
}

func TestOperationScopes(t *testing.T) {
	v := Load(t)
	platform := rawSpec(t, SpecJiraPlatform)
	tests := []struct {
		name, method, path string
		spec, template     string
		classic, granular  []string // nil means: compute from the raw JSON's Beta entry
	}{
		{name: "get issue", method: "GET", path: "/ex/jira/abc/rest/api/3/issue/ENG-1",
			spec: SpecJiraPlatform, template: "/rest/api/3/issue/{issueIdOrKey}", classic: []string{"read:jira-work"}},
		{name: "search by JQL", method: "GET", path: "/rest/api/3/search/jql",
			spec: SpecJiraPlatform, template: "/rest/api/3/search/jql", classic: []string{"read:jira-work"}},
		{name: "myself", method: "GET", path: "/rest/api/3/myself",
			spec: SpecJiraPlatform, template: "/rest/api/3/myself", classic: []string{"read:jira-user"}},
		{name: "UI modifications, a Beta set mixing both kinds", method: "GET", path: "/rest/api/3/uiModifications",
			spec: SpecJiraPlatform, template: "/rest/api/3/uiModifications", classic: []string{"read:jira-work"},
			granular: []string{"read:app-data:jira", "read:jira-work"}},
		{name: "sprints, granular only", method: "GET", path: "/ex/jira/abc/rest/agile/1.0/board/1/sprint",
			spec: SpecJiraSoftware, template: "/rest/agile/1.0/board/{boardId}/sprint", classic: []string{},
			granular: []string{"read:sprint:jira-software"}},
		{name: "Confluence v2 page", method: "GET", path: "/ex/confluence/abc/wiki/api/v2/pages/1",
			spec: SpecConfluenceV2, template: "/pages/{id}", classic: []string{}, granular: []string{"read:page:confluence"}},
		{name: "Confluence v1 search", method: "GET", path: "/ex/confluence/abc/wiki/rest/api/search",
			spec: SpecConfluenceV1, template: "/wiki/rest/api/search", classic: []string{"search:confluence"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op, ok := v.Operation(tt.method, tt.path)
			if !ok {
				t.Fatal("no operation")
			}
			granular := tt.granular
			if granular == nil {
				doc := platform
				if tt.spec != SpecJiraPlatform {
					doc = rawSpec(t, tt.spec)
				}
				granular = betaScopes(t, rawOperation(t, doc, tt.method, tt.template))
			}
			if !sameSet(op.Classic, tt.classic) {
				t.Errorf("Classic = %q, want %q", op.Classic, tt.classic)
			}
			if !sameSet(op.Granular, granular) {
				t.Errorf("Granular = %q, want %q", op.Granular, granular)
			}
			if !slices.IsSorted(op.Classic) || !slices.IsSorted(op.Granular) {
				t.Errorf("scopes are not sorted: %q %q", op.Classic, op.Granular)
			}
		})
	}
	// The getIssue granular set, checked literally as well.
	op, _ := v.Operation("GET", "/ex/jira/abc/rest/api/3/issue/ENG-1")
	for _, s := range []string{"read:issue:jira", "read:issue-meta:jira", "read:field-configuration:jira", "read:user:jira"} {
		if !slices.Contains(op.Granular, s) {
			t.Errorf("getIssue granular scopes %q lack %s", op.Granular, s)
		}
	}
	// Callers get copies.
	op.Classic[0] = "changed"
	again, _ := v.Operation("GET", "/ex/jira/abc/rest/api/3/issue/ENG-1")
	if again.Classic[0] != "read:jira-work" {
		t.Error("changing a returned Operation changed the Validator's")
	}
}

// betaScopes reads the scopes of the x-atlassian-oauth2-scopes entry whose
// state is Beta from a raw operation.
func betaScopes(t *testing.T, op map[string]any) []string {
	t.Helper()
	entries, _ := op["x-atlassian-oauth2-scopes"].([]any)
	for _, e := range entries {
		entry, _ := e.(map[string]any)
		if entry["state"] == "Beta" {
			return stringList(entry["scopes"])
		}
	}
	t.Fatal("no Beta scopes in the raw operation")
	return nil
}

// sameSet reports whether a and b hold the same strings.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}
