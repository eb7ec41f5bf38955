package sandbox

import (
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

func TestCreateMetaListsIssueTypesPerProject(t *testing.T) {
	f := newFixture(t)
	ana := bearer(f.token(UserID, AllScopes()...))
	cases := []struct {
		project string
		want    []string
	}{
		{"ENG", []string{"Epic", "Story", "Task", "Bug", "Subtask"}},
		{"10002", []string{"Task", "Bug", "Subtask"}}, // HR by id: a business project
	}
	for _, c := range cases {
		r := f.do("GET", jiraGW+"/rest/api/3/issue/createmeta/"+c.project+"/issuetypes", ana, nil)
		if r.status != 200 {
			t.Fatalf("%s: %d %s", c.project, r.status, r.raw)
		}
		var got []string
		for _, it := range r.body.Get("issueTypes").Array() {
			got = append(got, it.Get("name").String())
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") || r.body.Get("total").Int() != int64(len(c.want)) {
			t.Errorf("%s issue types = %v (total %d), want %v", c.project, got, r.body.Get("total").Int(), c.want)
		}
	}
	page := f.do("GET", jiraGW+"/rest/api/3/issue/createmeta/ENG/issuetypes?startAt=3&maxResults=1", ana, nil)
	if n := page.body.Get("issueTypes.#").Int(); n != 1 || page.body.Get("issueTypes.0.name").String() != "Bug" {
		t.Errorf("page 4 of 1 = %s", page.raw)
	}
	// The spec forbids asking for more than 200, so this request goes to a
	// sandbox without the contract check.
	raw := newFixtureContract(t, false)
	if r := raw.do("GET", jiraGW+"/rest/api/3/issue/createmeta/ENG/issuetypes?maxResults=500", bearer(raw.token(UserID, AllScopes()...)), nil); r.status != 400 {
		t.Errorf("maxResults 500 = %d, want 400", r.status)
	}
}

func TestCreateMetaFieldsDifferPerProjectAndType(t *testing.T) {
	f := newFixture(t)
	ana := bearer(f.token(UserID, AllScopes()...))
	fields := func(project, typeID string) map[string]gjson.Result {
		t.Helper()
		r := f.do("GET", jiraGW+"/rest/api/3/issue/createmeta/"+project+"/issuetypes/"+typeID, ana, nil)
		if r.status != 200 {
			t.Fatalf("%s/%s: %d %s", project, typeID, r.status, r.raw)
		}
		out := map[string]gjson.Result{}
		for _, fl := range r.body.Get("fields").Array() {
			out[fl.Get("fieldId").String()] = fl
		}
		return out
	}
	engBug := fields("ENG", "10003")
	opsBug := fields("OPS", "10003")
	hrTask := fields("HR", "10002")
	engSub := fields("ENG", "10004")
	checks := []struct {
		name string
		ok   bool
	}{
		{"ENG estimates with Story Points", engBug["customfield_10026"].Exists() && !engBug["customfield_10016"].Exists()},
		{"OPS estimates with Story point estimate", opsBug["customfield_10016"].Exists() && !opsBug["customfield_10026"].Exists()},
		{"HR has no story points", !hrTask["customfield_10026"].Exists() && !hrTask["customfield_10016"].Exists()},
		{"summary is required", engBug["summary"].Get("required").Bool()},
		{"Severity is optional on ENG bugs", engBug["customfield_10030"].Exists() && !engBug["customfield_10030"].Get("required").Bool()},
		{"Severity is required on OPS bugs", opsBug["customfield_10030"].Get("required").Bool()},
		{"sub-tasks require a parent", engSub["parent"].Get("required").Bool()},
		{"Severity lists its options", engBug["customfield_10030"].Get("allowedValues.#(value==\"Sev-2\").id").String() == "100301"},
		{"priority lists its values and default", engBug["priority"].Get("allowedValues.#").Int() == 5 && engBug["priority"].Get("defaultValue.name").String() == "Medium"},
		{"components are the project's", engBug["components"].Get("allowedValues.0.name").String() == "API" && !fields("FIN", "10002")["components"].Exists()},
		{"labels can be added and removed", engBug["labels"].Get("operations").String() == `["add","set","remove"]`},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: no", c.name)
		}
	}
	for _, bad := range []string{"/ENG/issuetypes/99", "/ENG/issuetypes/Bug", "/HR/issuetypes/10000"} {
		if r := f.do("GET", jiraGW+"/rest/api/3/issue/createmeta"+bad, ana, nil); r.status != 404 {
			t.Errorf("%s = %d, want 404", bad, r.status)
		}
	}
}

func TestMetadataHidesProjectsLikeJira(t *testing.T) {
	f := newFixture(t)
	ben := bearer(f.token("712020:ben-okafor", AllScopes()...))
	hidden := f.do("GET", jiraGW+"/rest/api/3/issue/createmeta/HR/issuetypes", ben, nil)
	missing := f.do("GET", jiraGW+"/rest/api/3/issue/createmeta/NOPE/issuetypes", ben, nil)
	if hidden.status != 404 || missing.status != 404 {
		t.Errorf("hidden project = %d, missing = %d; want 404 for both", hidden.status, missing.status)
	}
	if r := f.do("GET", jiraGW+"/rest/api/3/issue/HR-1/editmeta", ben, nil); r.status != 404 {
		t.Errorf("editmeta of a hidden issue = %d, want 404", r.status)
	}
}

func TestCreateEnforcesTheScreen(t *testing.T) {
	f := newFixture(t)
	ana := bearer(f.token(UserID, AllScopes()...))
	base := func(project, typ string, extra map[string]any) map[string]any {
		fl := map[string]any{"project": map[string]any{"key": project}, "issuetype": map[string]any{"name": typ}, "summary": "x"}
		for k, v := range extra {
			fl[k] = v
		}
		return map[string]any{"fields": fl}
	}
	cases := []struct {
		name   string
		body   map[string]any
		errKey string
		msg    string
	}{
		{"the other story points field", base("ENG", "Task", map[string]any{"customfield_10016": 3}), "customfield_10016", "not on the appropriate screen"},
		{"required Severity missing", base("OPS", "Bug", nil), "customfield_10030", "Severity is required."},
		{"sub-task without parent", base("ENG", "Subtask", nil), "parent", "Parent is required."},
		{"story under a story", base("ENG", "Story", map[string]any{"parent": map[string]any{"key": "ENG-3"}}), "parent", "hierarchy"},
		{"story in a business project", base("HR", "Story", nil), "issuetype", "issue type"},
	}
	for _, c := range cases {
		r := f.do("POST", jiraGW+"/rest/api/3/issue", ana, c.body)
		if r.status != 400 || !strings.Contains(r.body.Get("errors."+c.errKey).String(), c.msg) {
			t.Errorf("%s: %d %s, want 400 with errors.%s ~ %q", c.name, r.status, r.raw, c.errKey, c.msg)
		}
	}
	r := f.do("POST", jiraGW+"/rest/api/3/issue", ana, base("OPS", "Bug", map[string]any{"customfield_10030": map[string]any{"id": "100300"}, "customfield_10016": 2}))
	if r.status != 201 {
		t.Fatalf("OPS bug with severity by option id = %d %s", r.status, r.raw)
	}
	got := f.do("GET", jiraGW+"/rest/api/3/issue/"+r.body.Get("key").String()+"?fields=customfield_10030,customfield_10016", ana, nil)
	if got.body.Get("fields.customfield_10030.value").String() != "Sev-1" || got.body.Get("fields.customfield_10016").Float() != 2 {
		t.Errorf("stored %s", got.raw)
	}
}

func TestEditMetaDescribesTheEditScreen(t *testing.T) {
	f := newFixture(t)
	ana := bearer(f.token(UserID, AllScopes()...))
	r := f.do("GET", jiraGW+"/rest/api/3/issue/OPS-1/editmeta", ana, nil)
	if r.status != 200 {
		t.Fatalf("editmeta = %d %s", r.status, r.raw)
	}
	fs := r.body.Get("fields")
	if fs.Get("project").Exists() || fs.Get("issuetype").Exists() || !fs.Get("summary.required").Bool() ||
		fs.Get("customfield_10016.name").String() != "Story point estimate" || !fs.Get("customfield_10030.required").Bool() {
		t.Errorf("OPS-1 (a bug) edit screen: %s", fs.Raw)
	}
	// The same screen comes with the issue when asked for (expand=editmeta).
	with := f.do("GET", jiraGW+"/rest/api/3/issue/OPS-1?fields=project&expand=editmeta", ana, nil)
	if with.body.Get("editmeta.fields").Raw != fs.Raw || with.body.Get("fields.project.key").String() != "OPS" {
		t.Errorf("GET OPS-1 with editmeta: %s", with.raw)
	}
}
