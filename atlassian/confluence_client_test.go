package atlassian_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/internal/testenv"
	"github.com/clawbridge/atlassian-mcp/sandbox"
)

func doc(text string) json.RawMessage {
	return json.RawMessage(`{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"` + text + `"}]}]}`)
}

func TestConfluenceSpacesPageAndResolve(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	ctx := context.Background()
	var keys []string
	cursor := ""
	for pages := 0; ; pages++ {
		p, err := e.Client.Spaces(ctx, nil, cursor, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range p.Spaces {
			keys = append(keys, s.Key)
		}
		if cursor = p.Cursor; cursor == "" || pages > 3 {
			break
		}
	}
	if !slices.Equal(keys, []string{"ENGDOCS", "HRDOCS", "OPSDOCS"}) {
		t.Errorf("spaces = %v", keys)
	}
	before := e.Calls.Count()
	sp, err := e.Client.SpaceByKey(ctx, "ENGDOCS")
	if err != nil || sp.Name != "Engineering Docs" || sp.HomepageID == "" {
		t.Fatalf("SpaceByKey = %+v, %v", sp, err)
	}
	again, _ := e.Client.SpaceByKey(ctx, "ENGDOCS")
	byID, _ := e.Client.SpaceByID(ctx, sp.ID)
	if again != sp || byID.Key != "ENGDOCS" || e.Calls.Count()-before != 2 {
		t.Errorf("two key lookups and one id lookup made %d calls, want 2 (the key is cached)", e.Calls.Count()-before)
	}
	ben := testenv.New(t, testenv.Options{Account: "712020:ben-okafor"})
	if _, err := ben.Client.SpaceByKey(ctx, "HRDOCS"); !atlassian.IsNotFound(err) || !strings.Contains(err.Error(), "HRDOCS") {
		t.Errorf("Ben resolving HRDOCS: %v, want a 404 that names the space", err)
	}
}

func TestConfluencePagesReadWriteAndConflict(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	ctx := context.Background()
	eng, err := e.Client.SpaceByKey(ctx, "ENGDOCS")
	if err != nil {
		t.Fatal(err)
	}
	arch, ok, err := e.Client.FindPage(ctx, eng.ID, "Architecture Overview")
	if err != nil || !ok {
		t.Fatalf("FindPage: %v %v", ok, err)
	}
	page, err := e.Client.GetPage(ctx, arch.Get("id").String(), atlassian.FormatADF)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page.Get("body.atlas_doc_format.value").String(), `"extensionKey":"toc"`) || page.Get("labels.results.0.name").String() != "architecture" {
		t.Errorf("page = %s", page.Raw)
	}
	if _, ok, err := e.Client.FindPage(ctx, eng.ID, "No Such Page"); ok || err != nil {
		t.Errorf("FindPage of a missing title = %v, %v", ok, err)
	}
	kids, err := e.Client.Children(ctx, eng.HomepageID, "", 2)
	if err != nil || len(kids.Items) != 2 || kids.Cursor == "" {
		t.Fatalf("first page of children = %+v, %v", kids, err)
	}
	rest, err := e.Client.Children(ctx, eng.HomepageID, kids.Cursor, 2)
	if err != nil || len(rest.Items) != 2 || rest.Cursor != "" {
		t.Errorf("second page of children = %d items, cursor %q, %v", len(rest.Items), rest.Cursor, err)
	}
	created, err := e.Client.CreatePage(ctx, atlassian.NewPage{SpaceID: eng.ID, Title: "Caching Strategy", ParentID: arch.Get("id").String(), Body: doc("v1")})
	if err != nil {
		t.Fatal(err)
	}
	id := created.Get("id").String()
	if last := e.Calls.All()[e.Calls.Count()-1]; last.Action != "confluence.page.create" || last.Target != id {
		t.Errorf("a create is recorded under the new page's id %s: %+v", id, last)
	}
	_, err = e.Client.CreatePage(ctx, atlassian.NewPage{SpaceID: eng.ID, Title: "Caching Strategy", Body: doc("dup")})
	if atlassian.StatusOf(err) != 400 || !strings.Contains(err.Error(), "A page with this title already exists") {
		t.Errorf("duplicate title: %v", err)
	}
	if last := e.Calls.All()[e.Calls.Count()-1]; last.Target != "space:"+eng.ID {
		t.Errorf("a failed create is recorded under its space: %+v", last)
	}
	up, err := e.Client.UpdatePage(ctx, atlassian.PageUpdate{ID: id, Title: "Caching Strategy", Body: doc("v2"), Version: 2, Message: "second"})
	if err != nil || up.Get("version.number").Int() != 2 {
		t.Fatalf("update: %s %v", up.Raw, err)
	}
	_, err = e.Client.UpdatePage(ctx, atlassian.PageUpdate{ID: id, Title: "Caching Strategy", Body: doc("stale"), Version: 2})
	if !atlassian.IsConflict(err) || !strings.Contains(err.Error(), "Current version is: 2") {
		t.Errorf("stale update: %v, want a 409 that gives the current version", err)
	}
	cm, err := e.Client.AddFooterComment(ctx, id, doc("Nice"))
	if err != nil || cm.Get("pageId").String() != id {
		t.Errorf("comment: %s %v", cm.Raw, err)
	}
	labels, err := e.Client.AddLabels(ctx, id, []string{"caching", "design"})
	if err != nil || !slices.Equal(labels, []string{"caching", "design"}) {
		t.Errorf("labels = %v, %v", labels, err)
	}
}

func TestConfluenceUpdateIsNotRepeatedAfterALostResponse(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	ctx := context.Background()
	eng, _ := e.Client.SpaceByKey(ctx, "ENGDOCS")
	p, _, _ := e.Client.FindPage(ctx, eng.ID, "API Guidelines")
	id := p.Get("id").String()
	before := e.Sandbox.Requests()
	e.Sandbox.InjectFault(sandbox.Fault{Method: "PUT", PathContains: "/pages/" + id, LoseResponse: true})
	_, err := e.Client.UpdatePage(ctx, atlassian.PageUpdate{ID: id, Title: "API Guidelines", Body: doc("x"), Version: 3})
	var ne *atlassian.NetworkError
	if !errors.As(err, &ne) {
		t.Fatalf("lost response: %v, want a network error", err)
	}
	if n := e.Sandbox.Requests() - before; n != 1 {
		t.Errorf("the update was sent %d times; it must not be repeated blindly", n)
	}
	now, _ := e.Client.GetPage(ctx, id, "")
	if now.Get("version.number").Int() != 3 {
		t.Errorf("the lost update was not applied once: version %d", now.Get("version.number").Int())
	}
}

func TestConfluenceSearchPagesAndRefusesBadCQL(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	ctx := context.Background()
	seen := map[string]bool{}
	cursor := ""
	for pages := 0; ; pages++ {
		p, err := e.Client.SearchCQL(ctx, `type = page AND space = ENGDOCS ORDER BY title`, cursor, 4)
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != 9 {
			t.Errorf("total = %d, want 9 ENGDOCS pages", p.Total)
		}
		for _, r := range p.Results {
			if r.Get("content.space.key").String() != "ENGDOCS" {
				t.Errorf("result without its space: %s", r.Raw)
			}
			seen[r.Get("content.id").String()] = true
		}
		if cursor = p.Cursor; cursor == "" || pages > 4 {
			break
		}
	}
	if len(seen) != 9 {
		t.Errorf("paged through %d pages, want 9", len(seen))
	}
	_, err := e.Client.SearchCQL(ctx, `space = = ENG`, "", 0)
	if atlassian.StatusOf(err) != 400 || !strings.Contains(err.Error(), "Could not parse cql : space = = ENG") {
		t.Errorf("bad CQL: %v", err)
	}
}

func TestConfluenceUserNamesAreCached(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	ctx := context.Background()
	names, err := e.Client.UserNames(ctx, []string{"712020:chen-wei", sandbox.UserID, "712020:chen-wei", "712020:nobody"})
	if err != nil || names["712020:chen-wei"] != "Chen Wei" || names[sandbox.UserID] != "Ana Lima" || len(names) != 2 {
		t.Fatalf("names = %v, %v", names, err)
	}
	before := e.Calls.Count()
	again, _ := e.Client.UserNames(ctx, []string{"712020:chen-wei", sandbox.UserID})
	if e.Calls.Count() != before || again["712020:chen-wei"] != "Chen Wei" {
		t.Errorf("known names cost %d calls", e.Calls.Count()-before)
	}
}
