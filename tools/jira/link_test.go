package jira

import (
	"strings"
	"testing"

	"github.com/clawbridge/atlassian-mcp/atlassian"
)

// TestPlanLinkWithCollidingPhrases checks which type and direction a link
// request resolves to when link types share names and phrases, in either
// order of the site's list: a name beats a phrase, an outward phrase beats
// an inward one, and only an inward phrase swaps the issues.
func TestPlanLinkWithCollidingPhrases(t *testing.T) {
	blocks := atlassian.LinkType{ID: "1", Name: "Blocks", Outward: "blocks", Inward: "is blocked by"}
	// Depends uses "blocks" as its inward phrase, colliding with Blocks'
	// outward one.
	depends := atlassian.LinkType{ID: "2", Name: "Depends", Outward: "depends on", Inward: "blocks"}
	relates := atlassian.LinkType{ID: "3", Name: "Relates", Outward: "relates to", Inward: "relates to"}
	// A type named like another type's inward phrase.
	odd := atlassian.LinkType{ID: "4", Name: "is blocked by", Outward: "gates", Inward: "is gated by"}
	// Cause's inward phrase is Effect's outward phrase, and the reverse.
	cause := atlassian.LinkType{ID: "5", Name: "Cause", Outward: "causes", Inward: "is caused by"}
	effect := atlassian.LinkType{ID: "6", Name: "Effect", Outward: "is caused by", Inward: "causes"}

	tests := []struct {
		name                string
		types               []atlassian.LinkType
		typ                 string
		wantType, wantRel   string
		wantFirst, wantSecd string
	}{
		{"outward phrase after an inward match", []atlassian.LinkType{depends, blocks}, "blocks", "Blocks", "blocks", "ENG-1", "ENG-2"},
		{"outward phrase before an inward match", []atlassian.LinkType{blocks, depends}, "blocks", "Blocks", "blocks", "ENG-1", "ENG-2"},
		{"name after an inward match", []atlassian.LinkType{blocks, odd}, "is blocked by", "is blocked by", "gates", "ENG-1", "ENG-2"},
		{"name before an inward match", []atlassian.LinkType{odd, blocks}, "Is Blocked By", "is blocked by", "gates", "ENG-1", "ENG-2"},
		{"inward phrase alone swaps", []atlassian.LinkType{blocks, depends}, "is blocked by", "Blocks", "is blocked by", "ENG-2", "ENG-1"},
		{"inward phrase any case", []atlassian.LinkType{depends, blocks}, "  IS BLOCKED BY ", "Blocks", "is blocked by", "ENG-2", "ENG-1"},
		{"inward phrase of the last type", []atlassian.LinkType{blocks, depends, odd}, "is gated by", "is blocked by", "is gated by", "ENG-2", "ENG-1"},
		{"same phrase both ways", []atlassian.LinkType{depends, relates}, "relates to", "Relates", "relates to", "ENG-1", "ENG-2"},
		{"mirrored types, inward first", []atlassian.LinkType{effect, cause}, "causes", "Cause", "causes", "ENG-1", "ENG-2"},
		{"mirrored types, outward first", []atlassian.LinkType{cause, effect}, "is caused by", "Effect", "is caused by", "ENG-1", "ENG-2"},
		{"name of the type", []atlassian.LinkType{depends, blocks}, "depends", "Depends", "depends on", "ENG-1", "ENG-2"},
		{"unknown", []atlassian.LinkType{blocks, depends}, "duplicates", "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, first, second, err := planLink(tt.types, tt.typ, "eng-1", "ENG-2")
			if tt.wantType == "" {
				if err == nil || !strings.Contains(err.Error(), "unknown link type") || !strings.Contains(err.Error(), "Blocks (blocks / is blocked by)") {
					t.Fatalf("planLink(%q) = %+v, %v; want an error listing the types", tt.typ, out, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("planLink(%q): %v", tt.typ, err)
			}
			if out.Type != tt.wantType || out.Relation != tt.wantRel || first != tt.wantFirst || second != tt.wantSecd {
				t.Errorf("planLink(%q) = type %q, relation %q, LinkIssues(%s, %s); want type %q, relation %q, LinkIssues(%s, %s)",
					tt.typ, out.Type, out.Relation, first, second, tt.wantType, tt.wantRel, tt.wantFirst, tt.wantSecd)
			}
			if out.From != "ENG-1" || out.To != "ENG-2" {
				t.Errorf("planLink(%q) reports %s → %s; want the issues as asked, ENG-1 → ENG-2", tt.typ, out.From, out.To)
			}
		})
	}
}
