package sandbox

import (
	"encoding/json"
	"strings"
	"testing"
)

var adfHello = json.RawMessage(`{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"Hello from the sandbox"}]}]}`)

func TestEditIsPartialAndAtomic(t *testing.T) {
	f := newFixture(t)
	ana := bearer(f.token(UserID, AllScopes()...))
	before := f.do("GET", jiraGW+"/rest/api/3/issue/ENG-2", ana, nil)
	r := f.do("PUT", jiraGW+"/rest/api/3/issue/ENG-2", ana, map[string]any{
		"fields": map[string]any{"summary": "Cart survives token refresh", "customfield_10026": 8},
		"update": map[string]any{"labels": []any{map[string]any{"add": "p1"}, map[string]any{"remove": "regression"}},
			"components": []any{map[string]any{"add": map[string]any{"name": "API"}}}},
	})
	if r.status != 204 || r.raw != "" {
		t.Fatalf("edit = %d %q", r.status, r.raw)
	}
	after := f.do("GET", jiraGW+"/rest/api/3/issue/ENG-2?expand=changelog", ana, nil)
	for path, want := range map[string]string{
		"fields.summary": "Cart survives token refresh", "fields.customfield_10026": "8", "fields.labels": `["checkout","p1"]`,
		"fields.components.#.name": `["Web","API"]`, "fields.priority.name": before.body.Get("fields.priority.name").String(),
		"fields.assignee.accountId": before.body.Get("fields.assignee.accountId").String(),
		"fields.description":        before.body.Get("fields.description").Raw,
	} {
		if got := after.body.Get(path).Raw; strings.Trim(got, `"`) != strings.Trim(want, `"`) {
			t.Errorf("%s = %s, want %s", path, got, want)
		}
	}
	if r := f.do("PUT", jiraGW+"/rest/api/3/issue/ENG-2", ana, map[string]any{"fields": map[string]any{"assignee": map[string]any{"accountId": nil}}}); r.status != 204 {
		t.Errorf("unassign = %d %s", r.status, r.raw)
	}
	if is := f.do("GET", jiraGW+"/rest/api/3/issue/ENG-2?fields=assignee&expand=changelog", ana, nil); is.body.Get("fields.assignee").Exists() ||
		!strings.Contains(is.body.Get("changelog").Raw, `"fromString":"Chen Wei"`) {
		t.Errorf("after unassigning: %s", is.raw)
	}
	if !strings.Contains(after.body.Get("changelog").Raw, `"fromString":"Cart is emptied`) {
		t.Errorf("the changelog lacks the summary change: %s", after.body.Get("changelog").Raw)
	}
	bad := []struct {
		name string
		body map[string]any
		key  string
	}{
		{"not on the edit screen", map[string]any{"fields": map[string]any{"summary": "y", "customfield_10016": 1}}, "customfield_10016"},
		{"empty summary", map[string]any{"fields": map[string]any{"summary": " "}}, "summary"},
		{"bad label verb", map[string]any{"update": map[string]any{"summary": []any{map[string]any{"add": "x"}}}}, "summary"},
		{"label with a space", map[string]any{"update": map[string]any{"labels": []any{map[string]any{"add": "two words"}}}}, "labels"},
		{"both fields and update", map[string]any{"fields": map[string]any{"labels": []string{"a"}}, "update": map[string]any{"labels": []any{map[string]any{"add": "b"}}}}, "labels"},
		{"unknown component", map[string]any{"update": map[string]any{"components": []any{map[string]any{"add": map[string]any{"name": "Payroll"}}}}}, "components"},
	}
	snapshot := f.do("GET", jiraGW+"/rest/api/3/issue/ENG-2", ana, nil).raw
	for _, b := range bad {
		r := f.do("PUT", jiraGW+"/rest/api/3/issue/ENG-2", ana, b.body)
		if r.status != 400 || r.body.Get("errors."+b.key).String() == "" {
			t.Errorf("%s: %d %s, want 400 with errors.%s", b.name, r.status, r.raw, b.key)
		}
	}
	if now := f.do("GET", jiraGW+"/rest/api/3/issue/ENG-2", ana, nil).raw; now != snapshot {
		t.Error("a rejected edit changed the issue")
	}
	ben := bearer(f.token("712020:ben-okafor", AllScopes()...))
	if r := f.do("PUT", jiraGW+"/rest/api/3/issue/HR-1", ben, map[string]any{"fields": map[string]any{"summary": "x"}}); r.status != 404 {
		t.Errorf("editing a hidden issue = %d, want 404", r.status)
	}
}

func TestWorkflowRequiresResolutionForDone(t *testing.T) {
	f := newFixture(t)
	ana := bearer(f.token(UserID, AllScopes()...))
	names := func(key string) map[string]string {
		r := f.do("GET", jiraGW+"/rest/api/3/issue/"+key+"/transitions", ana, nil)
		out := map[string]string{}
		for _, tr := range r.body.Get("transitions").Array() {
			out[tr.Get("name").String()] = tr.Get("to.name").String()
		}
		return out
	}
	if got := names("ENG-5"); len(got) != 2 || got["Done"] != "Done" || got["Request Changes"] != "In Progress" {
		t.Errorf("ENG-5 (In Review) transitions = %v", got)
	}
	if got := names("ENG-4"); len(got) != 1 || got["Start Progress"] != "In Progress" {
		t.Errorf("ENG-4 (To Do) transitions = %v", got)
	}
	ex := f.do("GET", jiraGW+"/rest/api/3/issue/ENG-5/transitions?expand=transitions.fields", ana, nil)
	res := ex.body.Get(`transitions.#(name=="Done").fields.resolution`)
	if !res.Get("required").Bool() || res.Get("allowedValues.#.name").String() != `["Done","Won't Do","Duplicate","Cannot Reproduce"]` {
		t.Errorf("Done's screen: %s", ex.raw)
	}
	if r := f.do("POST", jiraGW+"/rest/api/3/issue/ENG-5/transitions", ana, map[string]any{"transition": map[string]any{"id": "41"}}); r.status != 400 || r.body.Get("errors.resolution").String() != "Resolution is required." {
		t.Errorf("Done without resolution = %d %s", r.status, r.raw)
	}
	if r := f.do("POST", jiraGW+"/rest/api/3/issue/ENG-5/transitions", ana, map[string]any{"transition": map[string]any{"id": "21"}}); r.status != 400 || !strings.Contains(r.raw, "not valid for this issue") {
		t.Errorf("a transition from another status = %d %s", r.status, r.raw)
	}
	r := f.do("POST", jiraGW+"/rest/api/3/issue/ENG-5/transitions", ana, map[string]any{
		"transition": map[string]any{"id": "41"}, "fields": map[string]any{"resolution": map[string]any{"name": "Won't Do"}},
		"update": map[string]any{"comment": []any{map[string]any{"add": map[string]any{"body": adfHello}}}},
	})
	if r.status != 204 {
		t.Fatalf("Done with resolution = %d %s", r.status, r.raw)
	}
	is := f.do("GET", jiraGW+"/rest/api/3/issue/ENG-5?fields=status,resolution,resolutiondate,comment", ana, nil)
	if is.body.Get("fields.status.name").String() != "Done" || is.body.Get("fields.resolution.name").String() != "Won't Do" ||
		is.body.Get("fields.resolutiondate").String() == "" || !strings.Contains(is.raw, "Hello from the sandbox") {
		t.Errorf("after Done: %s", is.raw)
	}
	if r := f.do("POST", jiraGW+"/rest/api/3/issue/ENG-5/transitions", ana, map[string]any{"transition": map[string]any{"id": "61"}}); r.status != 204 {
		t.Fatalf("Reopen = %d %s", r.status, r.raw)
	}
	is = f.do("GET", jiraGW+"/rest/api/3/issue/ENG-5?fields=status,resolution,resolutiondate", ana, nil)
	if is.body.Get("fields.status.name").String() != "To Do" || is.body.Get("fields.resolution").Exists() || is.body.Get("fields.resolutiondate").Exists() {
		t.Errorf("after Reopen: %s", is.raw)
	}
	q := f.do("POST", jiraGW+"/rest/api/3/search/jql", ana, map[string]any{"jql": `key = ENG-5 AND status CHANGED FROM "In Review" TO Done`, "fields": []string{"key"}})
	if q.body.Get("issues.#").Int() != 1 {
		t.Errorf("JQL history does not see the transition: %s", q.raw)
	}
}

func TestCommentsLinksAndUsers(t *testing.T) {
	f := newFixture(t)
	ana := bearer(f.token(UserID, AllScopes()...))
	r := f.do("POST", jiraGW+"/rest/api/3/issue/ENG-4/comment", ana, map[string]any{"body": adfHello})
	if r.status != 201 || r.body.Get("author.accountId").String() != UserID || r.body.Get("id").String() == "" {
		t.Fatalf("comment = %d %s", r.status, r.raw)
	}
	for _, body := range []any{"plain text", map[string]any{"type": "doc", "version": 1, "content": []any{}}} {
		if r := f.do("POST", jiraGW+"/rest/api/3/issue/ENG-4/comment", ana, map[string]any{"body": body}); r.status != 400 {
			t.Errorf("comment body %v = %d, want 400", body, r.status)
		}
	}
	// A null body breaks the spec, so it goes to a sandbox without the check.
	raw := newFixtureContract(t, false)
	if r := raw.do("POST", jiraGW+"/rest/api/3/issue/ENG-4/comment", bearer(raw.token(UserID, AllScopes()...)), map[string]any{"body": nil}); r.status != 400 {
		t.Errorf("null comment body = %d, want 400", r.status)
	}
	types := f.do("GET", jiraGW+"/rest/api/3/issueLinkType", ana, nil)
	if types.body.Get(`issueLinkTypes.#(name=="Blocks").outward`).String() != "blocks" {
		t.Errorf("link types: %s", types.raw)
	}
	link := map[string]any{"type": map[string]any{"name": "Blocks"}, "inwardIssue": map[string]any{"key": "ENG-4"}, "outwardIssue": map[string]any{"key": "OPS-2"}}
	for i := 0; i < 2; i++ { // the second is a duplicate, answered as created
		if r := f.do("POST", jiraGW+"/rest/api/3/issueLink", ana, link); r.status != 201 {
			t.Fatalf("link = %d %s", r.status, r.raw)
		}
	}
	from := f.do("GET", jiraGW+"/rest/api/3/issue/ENG-4?fields=issuelinks", ana, nil)
	to := f.do("GET", jiraGW+"/rest/api/3/issue/OPS-2?fields=issuelinks", ana, nil)
	if from.body.Get(`fields.issuelinks.#(outwardIssue.key=="OPS-2").type.outward`).String() != "blocks" ||
		to.body.Get(`fields.issuelinks.#(inwardIssue.key=="ENG-4").type.inward`).String() != "is blocked by" ||
		len(from.body.Get(`fields.issuelinks.#(outwardIssue.key=="OPS-2")#`).Array()) != 1 {
		t.Errorf("ENG-4 should block OPS-2 once:\n%s\n%s", from.raw, to.raw)
	}
	for name, l := range map[string]map[string]any{
		"unknown type":   {"type": map[string]any{"name": "Causes"}, "inwardIssue": map[string]any{"key": "ENG-4"}, "outwardIssue": map[string]any{"key": "ENG-5"}},
		"self link":      {"type": map[string]any{"name": "Relates"}, "inwardIssue": map[string]any{"key": "ENG-4"}, "outwardIssue": map[string]any{"key": "ENG-4"}},
		"missing target": {"type": map[string]any{"name": "Relates"}, "inwardIssue": map[string]any{"key": "ENG-4"}, "outwardIssue": map[string]any{"key": "ENG-999"}},
	} {
		if r := f.do("POST", jiraGW+"/rest/api/3/issueLink", ana, l); r.status != 400 && r.status != 404 {
			t.Errorf("%s = %d %s", name, r.status, r.raw)
		}
	}
	users := func(query string) []string {
		r := f.do("GET", jiraGW+"/rest/api/3/user/assignable/search?"+query, ana, nil)
		if r.status != 200 {
			t.Fatalf("%s = %d %s", query, r.status, r.raw)
		}
		var out []string
		for _, u := range r.body.Array() {
			out = append(out, u.Get("displayName").String())
		}
		return out
	}
	for q, want := range map[string]string{
		"project=ENG&query=dana":                     "Dana Schultz,Dana Silva",
		"project=ENG&query=silva":                    "Dana Silva",
		"project=ENG&query=chen.wei@acme":            "Chen Wei",
		"project=HR&query=ben":                       "", // Ben may not browse HR
		"project=ENG&query=gus":                      "", // Gus is inactive
		"issueKey=ENG-2&accountId=712020:eve-martin": "Eve Martin",
	} {
		if got := strings.Join(users(q), ","); got != want {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}
	if r := f.do("GET", jiraGW+"/rest/api/3/user/assignable/search?query=dana", ana, nil); r.status != 400 {
		t.Errorf("no project = %d, want 400", r.status)
	}
}
