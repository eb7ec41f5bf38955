package sandbox

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

const wikiGW = "/ex/confluence/" + CloudID

// pageID returns the id of the seeded page titled title.
func (f *fixture) pageID(title string) string {
	f.t.Helper()
	for _, p := range f.sb.site(CloudID).Wiki.Pages {
		if p.Title() == title {
			return itoa(p.ID)
		}
	}
	f.t.Fatalf("no page titled %q", title)
	return ""
}

func (f *fixture) spaceID(key string) string {
	f.t.Helper()
	for _, sp := range f.sb.site(CloudID).Wiki.Spaces {
		if sp.Key == key {
			return itoa(sp.ID)
		}
	}
	f.t.Fatalf("no space %s", key)
	return ""
}

func titles(r gjson.Result, path string) []string {
	var out []string
	for _, v := range r.Get(path).Array() {
		out = append(out, v.String())
	}
	return out
}

func adfValue(title string) map[string]any {
	return map[string]any{"representation": "atlas_doc_format",
		"value": `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"` + title + `"}]}]}`}
}

func TestWikiSpacesPageWithCursors(t *testing.T) {
	f := newFixture(t)
	ana := bearer(f.token(UserID, AllScopes()...))
	r := f.do("GET", wikiGW+"/wiki/api/v2/spaces?sort=key", ana, nil)
	if got := titles(r.body, "results.#.key"); !slices.Equal(got, []string{"ENGDOCS", "HRDOCS", "OPSDOCS"}) {
		t.Fatalf("spaces = %v (%d %s)", got, r.status, r.raw)
	}
	if r.body.Get("results.0.homepageId").String() != f.pageID("Engineering Home") {
		t.Errorf("ENGDOCS homepage = %s", r.body.Get("results.0.homepageId"))
	}
	var keys []string
	next := wikiGW + "/wiki/api/v2/spaces?limit=1&sort=key"
	for pages := 0; next != ""; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		r := f.do("GET", next, ana, nil)
		keys = append(keys, titles(r.body, "results.#.key")...)
		link := r.body.Get("_links.next").String()
		if link != "" && !strings.Contains(r.header.Get("Link"), "<"+link+`>; rel="next"`) {
			t.Errorf("Link header %q lacks the next link %s", r.header.Get("Link"), link)
		}
		if !strings.Contains(r.header.Get("Link"), `rel="base"`) {
			t.Errorf("Link header %q lacks the base", r.header.Get("Link"))
		}
		next = ""
		if link != "" {
			next = "/ex/confluence/" + CloudID + link
		}
	}
	if !slices.Equal(keys, []string{"ENGDOCS", "HRDOCS", "OPSDOCS"}) {
		t.Errorf("paged keys = %v", keys)
	}
	first := f.do("GET", wikiGW+"/wiki/api/v2/spaces?limit=1", ana, nil)
	u, _ := url.Parse(first.body.Get("_links.next").String())
	if r := f.do("GET", wikiGW+"/wiki/api/v2/pages?cursor="+u.Query().Get("cursor"), ana, nil); r.status != 400 {
		t.Errorf("a spaces cursor on /pages = %d, want 400", r.status)
	}
	if r := f.do("GET", wikiGW+"/wiki/api/v2/spaces?keys=OPSDOCS&keys=NOPE", ana, nil); !slices.Equal(titles(r.body, "results.#.key"), []string{"OPSDOCS"}) {
		t.Errorf("keys filter: %s", r.raw)
	}
	ben := bearer(f.token("712020:ben-okafor", AllScopes()...))
	if r := f.do("GET", wikiGW+"/wiki/api/v2/spaces", ben, nil); strings.Contains(r.raw, "HRDOCS") || !strings.Contains(r.raw, "ENGDOCS") {
		t.Errorf("Ben's spaces: %s", r.raw)
	}
}

func TestWikiPageBodies(t *testing.T) {
	f := newFixture(t)
	ana := bearer(f.token(UserID, AllScopes()...))
	id := f.pageID("Architecture Overview")
	r := f.do("GET", wikiGW+"/wiki/api/v2/pages/"+id+"?body-format=atlas_doc_format&include-labels=true&include-versions=true", ana, nil)
	if r.status != 200 {
		t.Fatalf("get page = %d %s", r.status, r.raw)
	}
	adf := gjson.Parse(r.body.Get("body.atlas_doc_format.value").String())
	if adf.Get("type").String() != "doc" || !strings.Contains(adf.Raw, `"extensionKey":"toc"`) || !strings.Contains(adf.Raw, `"type":"media"`) {
		t.Errorf("ADF body lacks the macro or the media: %s", adf.Raw)
	}
	for path, want := range map[string]string{
		"version.number": "3", "version.authorId": "712020:chen-wei", "authorId": "712020:chen-wei",
		"parentId": f.pageID("Engineering Home"), "spaceId": f.spaceID("ENGDOCS"), "labels.results.0.name": "architecture",
		"versions.results.#": "3", "versions.results.0.number": "3",
	} {
		if got := r.body.Get(path).String(); got != want {
			t.Errorf("%s = %q, want %q", path, got, want)
		}
	}
	st := f.do("GET", wikiGW+"/wiki/api/v2/pages/"+id+"?body-format=storage", ana, nil)
	storage := st.body.Get("body.storage.value").String()
	for _, want := range []string{`<ac:structured-macro ac:name="toc">`, `<ri:user ri:account-id="712020:chen-wei" />`,
		`<ac:image><ri:attachment ri:filename="architecture-diagram.png" />`, `<ac:layout-section ac:type="two_equal">`, "<th><p>Component</p></th>"} {
		if !strings.Contains(storage, want) {
			t.Errorf("storage body lacks %s:\n%s", want, storage)
		}
	}
	old := f.do("GET", wikiGW+"/wiki/api/v2/pages/"+id+"?version=1", ana, nil)
	if old.body.Get("version.number").Int() != 1 || old.body.Get("status").String() != "historical" {
		t.Errorf("version 1 = %s", old.raw)
	}
	list := f.do("GET", wikiGW+"/wiki/api/v2/pages?space-id="+f.spaceID("ENGDOCS")+"&title="+url.QueryEscape("Release 2.3")+"&body-format=storage", ana, nil)
	if got := titles(list.body, "results.#.title"); !slices.Equal(got, []string{"Release 2.3"}) || !strings.Contains(list.raw, "ac:structured-macro") {
		t.Errorf("pages by space and title = %v %s", got, list.raw)
	}
	if r := f.do("GET", wikiGW+"/wiki/api/v2/pages?space-id="+f.spaceID("OPSDOCS")+"&limit=250", ana, nil); len(r.body.Get("results").Array()) != 6 {
		t.Errorf("OPSDOCS has %d pages, want 6", len(r.body.Get("results").Array()))
	}
}

func TestWikiHidesConfidentialSpaceAsNotFound(t *testing.T) {
	f := newFixture(t)
	ben := bearer(f.token("712020:ben-okafor", AllScopes()...))
	salary := f.pageID("Salary Bands 2026")
	hidden := f.do("GET", wikiGW+"/wiki/api/v2/pages/"+salary, ben, nil)
	missing := f.do("GET", wikiGW+"/wiki/api/v2/pages/999999", ben, nil)
	if hidden.status != 404 || hidden.raw != missing.raw {
		t.Errorf("Ben reading an HRDOCS page = %d %s; a missing page = %d %s; want identical 404s", hidden.status, hidden.raw, missing.status, missing.raw)
	}
	for _, path := range []string{"/direct-children", "/ancestors", "/labels", "/footer-comments"} {
		if r := f.do("GET", wikiGW+"/wiki/api/v2/pages/"+salary+path, ben, nil); r.status != 404 {
			t.Errorf("Ben GET %s = %d, want 404", path, r.status)
		}
	}
	if r := f.do("POST", wikiGW+"/wiki/api/v2/footer-comments", ben, map[string]any{"pageId": salary, "body": adfValue("hi")}); r.status != 404 {
		t.Errorf("Ben commenting on an HRDOCS page = %d", r.status)
	}
	if r := f.do("POST", wikiGW+"/wiki/rest/api/content/"+salary+"/label", ben, []map[string]string{{"prefix": "global", "name": "x"}}); r.status != 404 {
		t.Errorf("Ben labelling an HRDOCS page = %d", r.status)
	}
	if r := f.do("POST", wikiGW+"/wiki/api/v2/pages", ben, map[string]any{"spaceId": f.spaceID("HRDOCS"), "status": "current", "title": "x", "body": adfValue("x")}); r.status != 404 {
		t.Errorf("Ben creating in HRDOCS = %d", r.status)
	}
	r := f.do("GET", wikiGW+"/wiki/rest/api/search?cql="+url.QueryEscape(`text ~ "salary" OR label = confidential OR space = HRDOCS`), ben, nil)
	if r.status != 200 || r.body.Get("totalSize").Int() != 0 {
		t.Errorf("Ben's search for HR content = %d %s", r.status, r.raw)
	}
	if r := f.do("GET", wikiGW+"/wiki/api/v2/pages?space-id="+f.spaceID("HRDOCS"), ben, nil); len(r.body.Get("results").Array()) != 0 {
		t.Errorf("Ben listing HRDOCS pages: %s", r.raw)
	}
}

func TestWikiCreateAndUpdatePages(t *testing.T) {
	f := newFixture(t)
	ana := bearer(f.token(UserID, AllScopes()...))
	eng := f.spaceID("ENGDOCS")
	arch := f.pageID("Architecture Overview")
	r := f.do("POST", wikiGW+"/wiki/api/v2/pages", ana, map[string]any{"spaceId": eng, "status": "current", "title": "Search Service Design", "parentId": arch, "body": adfValue("Design")})
	if r.status != 200 || r.body.Get("version.number").Int() != 1 || r.body.Get("parentId").String() != arch {
		t.Fatalf("create = %d %s", r.status, r.raw)
	}
	id := r.body.Get("id").String()
	under := f.do("POST", wikiGW+"/wiki/api/v2/pages", ana, map[string]any{"spaceId": eng, "status": "current", "title": "Loose Notes", "body": adfValue("x")})
	if under.body.Get("parentId").String() != f.pageID("Engineering Home") {
		t.Errorf("a page without parentId went under %s, want the space homepage", under.body.Get("parentId"))
	}
	root := f.do("POST", wikiGW+"/wiki/api/v2/pages?root-level=true", ana, map[string]any{"spaceId": eng, "status": "current", "title": "Root Notes", "body": adfValue("x")})
	if root.status != 200 || root.body.Get("parentId").Exists() {
		t.Errorf("root-level page: %s", root.raw)
	}
	bad := []struct {
		name string
		body map[string]any
		want string
	}{
		{"duplicate title", map[string]any{"spaceId": eng, "status": "current", "title": "architecture overview", "body": adfValue("x")},
			"A page with this title already exists: A page already exists with the title architecture overview in the space with key ENGDOCS"},
		{"no title", map[string]any{"spaceId": eng, "status": "current", "body": adfValue("x")}, "Title is required"},
		{"bad ADF", map[string]any{"spaceId": eng, "status": "current", "title": "T1", "body": map[string]any{"representation": "atlas_doc_format",
			"value": `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text"}]}]}`}}, "$.content[0].content[0]: a text node needs non-empty text"},
		{"unknown node", map[string]any{"spaceId": eng, "status": "current", "title": "T2", "body": map[string]any{"representation": "atlas_doc_format",
			"value": `{"type":"doc","version":1,"content":[{"type":"blink"}]}`}}, `unknown node type "blink"`},
		{"storage", map[string]any{"spaceId": eng, "status": "current", "title": "T3", "body": map[string]any{"representation": "storage", "value": "<p>x</p>"}}, "atlas_doc_format only"},
		{"parent elsewhere", map[string]any{"spaceId": eng, "status": "current", "title": "T4", "parentId": f.pageID("Runbooks"), "body": adfValue("x")}, "does not exist in the space ENGDOCS"},
	}
	before := len(f.sb.site(CloudID).Wiki.Pages)
	for _, b := range bad {
		r := f.do("POST", wikiGW+"/wiki/api/v2/pages", ana, b.body)
		if r.status != 400 || !strings.Contains(r.body.Get("errors.0.title").String(), b.want) {
			t.Errorf("%s: create = %d %s, want 400 with %q", b.name, r.status, r.raw, b.want)
		}
	}
	if after := len(f.sb.site(CloudID).Wiki.Pages); after != before {
		t.Errorf("rejected creates stored %d pages", after-before)
	}
	update := func(version int, title string) resp {
		return f.do("PUT", wikiGW+"/wiki/api/v2/pages/"+id, ana, map[string]any{"id": id, "status": "current", "title": title,
			"body": adfValue("v" + itoa(version)), "version": map[string]any{"number": version, "message": "edit " + itoa(version)}})
	}
	if r := update(2, "Search Service Design"); r.status != 200 || r.body.Get("version.number").Int() != 2 || r.body.Get("version.message").String() != "edit 2" {
		t.Fatalf("update to 2 = %d %s", r.status, r.raw)
	}
	stale := update(2, "Search Service Design")
	if stale.status != 409 || stale.body.Get("errors.0.title").String() != "Version must be incremented on update. Current version is: 2" {
		t.Errorf("stale update = %d %s, want 409", stale.status, stale.raw)
	}
	if r := update(3, "API Guidelines"); r.status != 400 || !strings.Contains(r.raw, "already exists") {
		t.Errorf("renaming onto a taken title = %d %s", r.status, r.raw)
	}
	got := f.do("GET", wikiGW+"/wiki/api/v2/pages/"+id+"?body-format=atlas_doc_format", ana, nil)
	if !strings.Contains(got.body.Get("body.atlas_doc_format.value").String(), `"text":"v2"`) || got.body.Get("version.number").Int() != 2 {
		t.Errorf("after the update: %s", got.raw)
	}
}

func TestWikiTreeChildrenAndAncestors(t *testing.T) {
	f := newFixture(t)
	ana := bearer(f.token(UserID, AllScopes()...))
	home := f.pageID("Engineering Home")
	r := f.do("GET", wikiGW+"/wiki/api/v2/pages/"+home+"/direct-children", ana, nil)
	want := []string{"Architecture Overview", "Release Notes", "Onboarding Guide", "Sprint 23 Retrospective"}
	if got := titles(r.body, "results.#.title"); !slices.Equal(got, want) {
		t.Errorf("children of the home page = %v, want %v", got, want)
	}
	var paged []string
	next := wikiGW + "/wiki/api/v2/pages/" + home + "/direct-children?limit=3"
	for next != "" {
		r := f.do("GET", next, ana, nil)
		paged = append(paged, titles(r.body, "results.#.title")...)
		next = ""
		if l := r.body.Get("_links.next").String(); l != "" {
			next = wikiGW + l
		}
	}
	if !slices.Equal(paged, want) {
		t.Errorf("paged children = %v", paged)
	}
	r = f.do("GET", wikiGW+"/wiki/api/v2/pages/"+f.pageID("Checkout Service Design")+"/ancestors", ana, nil)
	if got := titles(r.body, "results.#.id"); !slices.Equal(got, []string{home, f.pageID("Architecture Overview")}) {
		t.Errorf("ancestors = %v, want the home page then the architecture page", got)
	}
	r = f.do("GET", wikiGW+"/wiki/api/v2/pages/"+f.pageID("Checkout Service Design")+"/ancestors?limit=1", ana, nil)
	if got := titles(r.body, "results.#.id"); !slices.Equal(got, []string{f.pageID("Architecture Overview")}) {
		t.Errorf("ancestors with limit 1 = %v, want the parent", got)
	}
}

func TestWikiCommentsAndLabels(t *testing.T) {
	f := newFixture(t)
	ana := bearer(f.token(UserID, AllScopes()...))
	arch := f.pageID("Architecture Overview")
	r := f.do("GET", wikiGW+"/wiki/api/v2/pages/"+arch+"/footer-comments?body-format=atlas_doc_format", ana, nil)
	if n := len(r.body.Get("results").Array()); n != 2 || !strings.Contains(r.raw, "card vault") {
		t.Fatalf("comments = %d %s", n, r.raw)
	}
	c := f.do("POST", wikiGW+"/wiki/api/v2/footer-comments", ana, map[string]any{"pageId": arch, "body": adfValue("Looks good")})
	if c.status != 201 || c.header.Get("Location") == "" || c.body.Get("pageId").String() != arch {
		t.Fatalf("create comment = %d %s", c.status, c.raw)
	}
	if r := f.do("GET", wikiGW+"/wiki/api/v2/pages/"+arch+"/footer-comments?sort=-created-date&body-format=storage", ana, nil); !strings.Contains(r.body.Get("results.0.body.storage.value").String(), "Looks good") {
		t.Errorf("newest comment first: %s", r.raw)
	}
	l := f.do("POST", wikiGW+"/wiki/rest/api/content/"+arch+"/label", ana, []map[string]string{{"prefix": "global", "name": "Reviewed"}, {"prefix": "global", "name": "architecture"}})
	if l.status != 200 || !slices.Equal(titles(l.body, "results.#.name"), []string{"architecture", "reviewed"}) {
		t.Errorf("add labels = %d %s", l.status, l.raw)
	}
	if one := f.do("POST", wikiGW+"/wiki/rest/api/content/"+arch+"/label", ana, map[string]string{"prefix": "global", "name": "q4"}); one.body.Get("size").Int() != 3 {
		t.Errorf("add one label: %s", one.raw)
	}
	for _, name := range []string{"two words", "a:b", ""} {
		if r := f.do("POST", wikiGW+"/wiki/rest/api/content/"+arch+"/label", ana, []map[string]string{{"prefix": "global", "name": name}}); r.status != 400 || r.body.Get("message").String() == "" {
			t.Errorf("label %q = %d %s, want 400 with a message", name, r.status, r.raw)
		}
	}
	v2 := f.do("GET", wikiGW+"/wiki/api/v2/pages/"+arch+"/labels", ana, nil)
	if got := titles(v2.body, "results.#.name"); !slices.Equal(got, []string{"architecture", "reviewed", "q4"}) {
		t.Errorf("v2 labels = %v", got)
	}
	s := f.do("GET", wikiGW+"/wiki/rest/api/search?cql="+url.QueryEscape("label = reviewed"), ana, nil)
	if got := titles(s.body, "results.#.title"); !slices.Equal(got, []string{"Architecture Overview"}) {
		t.Errorf("search by the new label = %v", got)
	}
}

func TestWikiSearch(t *testing.T) {
	f := newFixture(t)
	ana := bearer(f.token(UserID, AllScopes()...))
	cases := []struct {
		cql  string
		want []string
	}{
		{`space = OPSDOCS AND label = runbook ORDER BY title`, []string{"Runbook: Database Failover", "Runbook: TLS Certificate Rotation", "Runbooks"}},
		{`type = page AND text ~ "token refresh" ORDER BY title`, []string{"Checkout Service Design", "Incident Postmortem: Checkout Outage"}},
		{`title ~ "release" AND type = page ORDER BY title DESC`, []string{"Release Notes", "Release 2.4", "Release 2.3"}},
		{`ancestor = ` + f.pageID("Architecture Overview") + ` AND type = page ORDER BY title`, []string{"API Guidelines", "Checkout Service Design"}},
		{`type = comment AND space = ENGDOCS ORDER BY created`, []string{"Re: Architecture Overview", "Re: Architecture Overview"}},
		{`creator = "Dana Schultz" AND type = page ORDER BY title`, []string{"API Guidelines", "Incident Postmortem: Checkout Outage", "Runbook: Database Failover"}},
		{`space = "Engineering Docs" AND created >= now("-10d") AND type = page ORDER BY created`, []string{"Sprint 23 Retrospective", "Release 2.4"}},
		{`label = release-notes AND NOT label = draft`, []string{"Release 2.3", "Release Notes"}},
	}
	for _, c := range cases {
		r := f.do("GET", wikiGW+"/wiki/rest/api/search?limit=50&cql="+url.QueryEscape(c.cql), ana, nil)
		if got := titles(r.body, "results.#.title"); r.status != 200 || !slices.Equal(got, c.want) {
			t.Errorf("%s = %d %v, want %v", c.cql, r.status, got, c.want)
		}
	}
	r := f.do("GET", wikiGW+"/wiki/rest/api/search?expand=content.space&cql="+url.QueryEscape(`type = page AND text ~ "replica"`), ana, nil)
	first := r.body.Get("results.0")
	if first.Get("content.space.key").String() != "OPSDOCS" || !strings.Contains(first.Get("excerpt").String(), "@@@hl@@@") ||
		first.Get("resultGlobalContainer.title").String() != "Operations Runbooks" || first.Get("lastModified").String() == "" {
		t.Errorf("search result = %s", first.Raw)
	}
	bad := f.do("GET", wikiGW+"/wiki/rest/api/search?cql="+url.QueryEscape(`space = = ENG`), ana, nil)
	if bad.status != 400 || bad.body.Get("message").String() != "Could not parse cql : space = = ENG" {
		t.Errorf("bad CQL = %d %s", bad.status, bad.raw)
	}
	var seen []string
	next := wikiGW + "/wiki/rest/api/search?limit=4&cql=" + url.QueryEscape("type = page ORDER BY id")
	for pages := 0; next != ""; pages++ {
		if pages > 10 {
			t.Fatal("search paging does not end")
		}
		r := f.do("GET", next, ana, nil)
		seen = append(seen, titles(r.body, "results.#.content.id")...)
		next = ""
		if l := r.body.Get("_links.next").String(); l != "" {
			next = wikiGW + "/wiki" + l
		}
	}
	if len(seen) != 18 || !slices.IsSorted(seen) {
		t.Errorf("paged search returned %d pages %v, want all 18 in id order", len(seen), seen)
	}
}

func TestWikiScopes(t *testing.T) {
	f := newFixture(t)
	path := wikiGW + "/wiki/api/v2/pages/" + f.pageID("API Guidelines")
	for _, tc := range []struct {
		scopes []string
		want   int
	}{
		{[]string{"read:confluence-content.all"}, 200},
		{[]string{"read:page:confluence"}, 200},
		{[]string{"read:confluence-content.summary", "read:space:confluence"}, 401},
	} {
		if r := f.do("GET", path, bearer(f.token(UserID, tc.scopes...)), nil); r.status != tc.want {
			t.Errorf("GET page with %v = %d, want %d", tc.scopes, r.status, tc.want)
		}
	}
	search := wikiGW + "/wiki/rest/api/search?cql=type%3Dpage"
	if r := f.do("GET", search, bearer(f.token(UserID, "search:confluence")), nil); r.status != 200 {
		t.Errorf("search with search:confluence = %d", r.status)
	}
	if r := f.do("GET", search, bearer(f.token(UserID, "read:page:confluence")), nil); r.status != 401 {
		t.Errorf("search with read:page:confluence = %d, want 401", r.status)
	}
}

func TestWikiUsersBulk(t *testing.T) {
	f := newFixture(t)
	ana := bearer(f.token(UserID, AllScopes()...))
	r := f.do("POST", wikiGW+"/wiki/api/v2/users-bulk", ana, map[string]any{"accountIds": []string{"712020:chen-wei", "712020:nobody", "712020:gus-former"}})
	if got := titles(r.body, "results.#.displayName"); !slices.Equal(got, []string{"Chen Wei", "Gus Ng"}) || r.body.Get("results.1.accountStatus").String() != "inactive" {
		t.Errorf("users = %d %s", r.status, r.raw)
	}
	// The spec forbids an empty list, so this request goes unchecked.
	u := newFixtureContract(t, false)
	if r := u.do("POST", wikiGW+"/wiki/api/v2/users-bulk", bearer(u.token(UserID, AllScopes()...)), map[string]any{"accountIds": []string{}}); r.status != 400 {
		t.Errorf("no ids = %d, want 400", r.status)
	}
}

func TestWikiBetaSiteHasItsOwnSpace(t *testing.T) {
	f := newFixture(t)
	r := f.do("GET", "/ex/confluence/"+BetaCloudID+"/wiki/api/v2/spaces", bearer(f.token(UserID, AllScopes()...)), nil)
	if got := titles(r.body, "results.#.key"); !slices.Equal(got, []string{"LABDOCS"}) {
		t.Errorf("beta spaces = %v", got)
	}
}

func TestStorageXHTML(t *testing.T) {
	k := adfKit{}
	cases := []struct {
		doc  json.RawMessage
		want string
	}{
		{k.doc(k.para("a ", k.txt("b", "strong"), " ", k.link("c", "https://x.example/?a=1&b=2"))),
			`<p>a <strong>b</strong> <a href="https://x.example/?a=1&amp;b=2">c</a></p>`},
		{k.doc(k.heading(2, "T<1>")), `<h2>T&lt;1&gt;</h2>`},
		{k.doc(k.code("go", "x := a]]>b")), `<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">go</ac:parameter><ac:plain-text-body><![CDATA[x := a]]]]><![CDATA[>b]]></ac:plain-text-body></ac:structured-macro>`},
		{k.doc(k.panel("error", k.para("x"))), `<ac:structured-macro ac:name="warning"><ac:rich-text-body><p>x</p></ac:rich-text-body></ac:structured-macro>`},
		{k.doc(k.tasks("[x] done", "open")), `<ac:task-list><ac:task><ac:task-status>complete</ac:task-status><ac:task-body>done</ac:task-body></ac:task><ac:task><ac:task-status>incomplete</ac:task-status><ac:task-body>open</ac:task-body></ac:task></ac:task-list>`},
		{k.doc(k.macro("jira", map[string]string{"key": "ENG-1"})), `<ac:structured-macro ac:name="jira"><ac:parameter ac:name="key">ENG-1</ac:parameter></ac:structured-macro>`},
		{json.RawMessage(`not json`), ``},
	}
	for _, c := range cases {
		if got := storageXHTML(c.doc); got != c.want {
			t.Errorf("storageXHTML(%s)\n got %s\nwant %s", c.doc, got, c.want)
		}
	}
}

func TestCheckWikiADF(t *testing.T) {
	cases := []struct{ doc, want string }{
		{`{"type":"doc","version":1,"content":[]}`, ""},
		{`[]`, "not a JSON object"},
		{`{"type":"doc","version":2,"content":[]}`, "root must be"},
		{`{"type":"doc","version":1,"content":{}}`, "$.content: must be an array"},
		{`{"type":"doc","version":1,"content":[null]}`, "$.content[0]: a node needs a string type"},
		{`{"type":"doc","version":1,"content":[{"type":"paragraph","marks":[{}]}]}`, "$.content[0].marks[0]"},
		{`{"type":"doc","version":1,"content":[{"type":"paragraph","attrs":3}]}`, "$.content[0].attrs: must be an object"},
		{strings.Repeat(`{"type":"doc","version":1,"content":[`, 1) + strings.Repeat(`{"type":"blockquote","content":[`, 120) + strings.Repeat(`]}`, 121), "too deeply"},
	}
	for _, c := range cases {
		err := checkWikiADF(json.RawMessage(c.doc))
		if (err == nil) != (c.want == "") || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("checkWikiADF(%.60s) = %v, want %q", c.doc, err, c.want)
		}
	}
}
