package jira

import (
	"fmt"
	"strings"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

// maxListed bounds how many valid values an error message lists.
const maxListed = 20

// oneOf lists valid values for an error message, at most maxListed of them.
func oneOf(vals []string) string {
	if len(vals) > maxListed {
		return strings.Join(vals[:maxListed], ", ") + fmt.Sprintf(", … (%d more)", len(vals)-maxListed)
	}
	return strings.Join(vals, ", ")
}

// A screen is the set of fields a create, edit or transition screen offers,
// as Jira's metadata describes them. name says which screen it is, for
// error messages ("the ENG Bug create screen").
type screen struct {
	name   string
	fields []atlassian.FieldMeta
}

// byID returns the screen's field with id.
func (s *screen) byID(id string) (atlassian.FieldMeta, bool) {
	for _, f := range s.fields {
		if f.ID == id {
			return f, true
		}
	}
	return atlassian.FieldMeta{}, false
}

// names lists the display names of the screen's fields.
func (s *screen) names() []string {
	out := make([]string, 0, len(s.fields))
	for _, f := range s.fields {
		out = append(out, f.Name)
	}
	return out
}

// lookup finds the field an agent names (display name or id, any case) on
// the screen. A field the site has but the screen lacks, and a field that
// does not exist, are errors that list the screen's fields.
func (s *screen) lookup(ref string, site *fieldIndex) (atlassian.FieldMeta, error) {
	want := strings.ToLower(strings.TrimSpace(ref))
	var found []atlassian.FieldMeta
	for _, f := range s.fields {
		if strings.ToLower(f.ID) == want || strings.ToLower(f.Name) == want {
			found = append(found, f)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
	default:
		ids := make([]string, len(found))
		for i, f := range found {
			ids[i] = f.ID
		}
		return atlassian.FieldMeta{}, tools.Inputf("field name %q is ambiguous on %s; use one of the ids %s", ref, s.name, strings.Join(ids, ", "))
	}
	if site != nil {
		if f, err := site.resolve(ref); err == nil {
			return atlassian.FieldMeta{}, tools.Inputf("field %q is not on %s; fields there: %s", f.Name, s.name, oneOf(s.names()))
		}
	}
	msg := fmt.Sprintf("unknown field %q", ref)
	candidates := s.names()
	if site != nil {
		candidates = append(candidates, site.names...)
	}
	if c := tools.Closest(ref, candidates); c != "" {
		msg += fmt.Sprintf("; did you mean %q?", c)
	}
	if !strings.HasSuffix(msg, "?") {
		msg += "."
	}
	return atlassian.FieldMeta{}, tools.Inputf("%s Fields on %s: %s", msg, s.name, oneOf(s.names()))
}

// Story-point fields: Jira Software's own ("Story point estimate" in
// team-managed projects) and the classic custom field many company-managed
// projects use ("Story Points").
const storyPointsType = "com.pyxis.greenhopper.jira:jsw-story-points"

var storyPointsNames = []string{"story points", "story point estimate"}

// storyPoints finds the field a screen estimates with: a site field whose
// type is Jira Software's story points or whose name is one of the usual
// ones, and that is on the screen (ENG and OPS use different ones).
func (s *screen) storyPoints(site *fieldIndex) (atlassian.FieldMeta, error) {
	var candidates []string
	for _, f := range site.all {
		if f.CustomType != storyPointsType && !contains(storyPointsNames, strings.ToLower(f.Name)) {
			continue
		}
		if on, ok := s.byID(f.ID); ok {
			return on, nil
		}
		candidates = append(candidates, f.Name)
	}
	if len(candidates) == 0 {
		return atlassian.FieldMeta{}, tools.Inputf("this site has no story points field; leave story_points out")
	}
	return atlassian.FieldMeta{}, tools.Inputf("%s has no story points field (the site has %s, but not on this screen); leave story_points out",
		s.name, strings.Join(candidates, ", "))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
