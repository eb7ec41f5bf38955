package sandbox

import (
	"encoding/json"
	"time"
)

// A wikiSeed describes one seeded page: where it sits, who wrote and edited
// it, when, and what it says.
type wikiSeed struct {
	handle, space, parent string
	title                 string
	author                string   // short user name, see shortUser
	age                   int      // days since creation
	edits                 []string // later editors, one version each
	labels                []string
	body                  func(k adfKit) json.RawMessage
}

// seedWiki creates a site's Confluence content: on the main site three
// spaces (HRDOCS is confidential: Ben may not view it) with a page tree of
// depth three whose pages hold panels, tables, macros, media, mentions,
// layouts and tasks, with labels, versions and comments; on the beta site
// one small space.
func seedWiki(s *Site, now time.Time) *wiki {
	w := &wiki{Labels: map[string]int{}, View: map[string][]string{}}
	day := 24 * time.Hour
	space := func(key, name, desc, author string, age int) *WikiSpace {
		sp := &WikiSpace{ID: w.newID(), Key: key, Name: name, Description: desc, Type: "global",
			AuthorID: shortUser[author], Created: now.Add(-time.Duration(age) * day)}
		w.Spaces = append(w.Spaces, sp)
		return sp
	}
	var seeds []wikiSeed
	if s.CloudID == BetaCloudID {
		w.nextID = 131000
		space("LABDOCS", "Labs Notebook", "Notes from the labs team's experiments.", "ana", 40)
		seeds = wikiBetaPages
	} else {
		w.nextID = 98300
		space("ENGDOCS", "Engineering Docs", "Architecture, designs, release notes and guides for product engineering.", "ana", 400)
		space("OPSDOCS", "Operations Runbooks", "Runbooks, on-call and incident reviews for operations.", "farid", 380)
		space("HRDOCS", "People & HR", "Compensation, hiring and people policies. Confidential.", "eve", 360)
		w.View["712020:ben-okafor"] = []string{"ENGDOCS", "OPSDOCS"}
		seeds = append(append(append([]wikiSeed{}, wikiEngPages...), wikiOpsPages...), wikiHrPages...)
	}
	byHandle := map[string]*WikiPage{}
	spaceByKey := map[string]*WikiSpace{}
	for _, sp := range w.Spaces {
		spaceByKey[sp.Key] = sp
	}
	for _, sd := range seeds {
		created := now.Add(-time.Duration(sd.age)*day + 9*time.Hour)
		if created.After(now) {
			created = now.Add(-time.Hour)
		}
		sp := spaceByKey[sd.space]
		p := &WikiPage{ID: w.newID(), Space: sp, Parent: byHandle[sd.parent], AuthorID: shortUser[sd.author],
			Created: created, Labels: sd.labels}
		p.Position = len(w.children(p.Parent))
		body := sd.body(adfKit{})
		step := time.Duration(sd.age) * day / time.Duration(len(sd.edits)+2)
		p.Versions = append(p.Versions, PageVersion{Number: 1, Title: sd.title, Body: body, By: p.AuthorID, At: created})
		for i, ed := range sd.edits {
			p.Versions = append(p.Versions, PageVersion{Number: i + 2, Title: sd.title, Body: body, By: shortUser[ed],
				At: created.Add(step * time.Duration(i+1)), Message: wikiEditMessages[i%len(wikiEditMessages)]})
		}
		for _, l := range sd.labels {
			w.labelID(l)
		}
		if sd.parent == "" {
			sp.Homepage = p
		}
		byHandle[sd.handle] = p
		w.Pages = append(w.Pages, p)
	}
	seedWikiComments(w, byHandle, now)
	return w
}

var wikiEditMessages = []string{"", "Fix typos", "Add the latest decisions", "", "Update owners"}

func seedWikiComments(w *wiki, pages map[string]*WikiPage, now time.Time) {
	k := adfKit{}
	comments := []struct {
		page, who string
		hours     int
		body      json.RawMessage
	}{
		{"arch", "ben", 30, k.doc(k.para("Should the diagram show the new card vault? ", k.mention("712020:chen-wei")))},
		{"arch", "chen", 20, k.doc(k.para("Yes, I will add it after the checkout v2 beta."))},
		{"failover", "dana", 50, k.doc(k.para("Tested this runbook in the staging drill; step 4 takes about 90 seconds."))},
		{"salary", "eve", 10, k.doc(k.para("Finance approved the 2026 bands. Do not share outside HR."))},
		{"vector", "chen", 5, k.doc(k.para("pgvector is fast enough for the prototype."))},
	}
	for _, c := range comments {
		p, ok := pages[c.page]
		if !ok {
			continue
		}
		w.Comments = append(w.Comments, &FooterComment{ID: w.newID(), Page: p, Author: shortUser[c.who], Body: c.body,
			Created: now.Add(-time.Duration(c.hours) * time.Hour)})
	}
}
