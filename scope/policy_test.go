package scope

import (
	"strings"
	"testing"
)

var (
	searchTool = ToolInfo{Name: "jira_search", Toolset: "jira", ReadOnly: true,
		Classic: []string{"read:jira-work"}, Granular: []string{"read:issue-details:jira", "read:field:jira"}}
	createTool = ToolInfo{Name: "jira_create_issue", Toolset: "jira_write",
		Classic: []string{"write:jira-work", "read:jira-work"}, Granular: []string{"write:issue:jira", "read:issue:jira"}}
)

func TestVisible(t *testing.T) {
	all := NewScopes("read:jira-work", "write:jira-work")
	cases := []struct {
		name    string
		p       Policy
		tool    ToolInfo
		granted Scopes
		want    bool
		reason  string
	}{
		{"granted classic", Policy{}, searchTool, all, true, ""},
		{"granted granular", Policy{}, searchTool, NewScopes("read:issue-details:jira", "read:field:jira"), true, ""},
		{"partial granular", Policy{}, searchTool, NewScopes("read:issue-details:jira"), false, "needs OAuth scopes that were not granted: read:jira-work"},
		{"unscoped credentials", Policy{}, createTool, Unscoped(), true, ""},
		{"read-only hides writes", Policy{ReadOnly: true}, createTool, all, false, "this Claw is read-only"},
		{"read-only keeps reads", Policy{ReadOnly: true}, searchTool, all, true, ""},
		{"toolset filter", Policy{Toolsets: []string{"jira"}}, createTool, all, false, "toolset jira_write, which this Claw does not offer"},
		{"enable adds a tool", Policy{Toolsets: []string{"jira"}, Enable: []string{"jira_create_issue"}}, createTool, all, true, ""},
		{"disable wins", Policy{Disable: []string{"jira_search"}}, searchTool, all, false, "disabled"},
		{"missing write scope", Policy{}, createTool, NewScopes("read:jira-work"), false, "write:jira-work"},
	}
	for _, c := range cases {
		ok, reason := c.p.Visible(c.tool, c.granted)
		if ok != c.want || !strings.Contains(reason, c.reason) {
			t.Errorf("%s: Visible = %v %q, want %v %q", c.name, ok, reason, c.want, c.reason)
		}
	}
}

func TestGrantedIntersects(t *testing.T) {
	g := Granted([]string{"read:jira-work", "write:jira-work", "offline_access"}, []string{"read:jira-work", "write:jira-work"}, []string{"read:jira-work"})
	if got := strings.Join(g.List(), " "); got != "read:jira-work" {
		t.Errorf("Granted = %q", got)
	}
	if g := Granted([]string{"read:jira-work"}, nil, nil); !g.Has("read:jira-work") {
		t.Error("nil site and profile lists must not narrow")
	}
	if n := Unscoped().Narrow([]string{"read:jira-work"}); n.Has("write:jira-work") || !n.Has("read:jira-work") {
		t.Errorf("narrowed unscoped = %v", n.List())
	}
}

func TestAllowlistsDenyByDefault(t *testing.T) {
	p := Policy{Projects: []string{"ENG", "OPS"}, Spaces: nil}
	if !p.AllowsProject("eng") || p.AllowsProject("ENGR") || p.AllowsProject("HR") || p.AllowsProject("") {
		t.Error("project allowlist is wrong")
	}
	if p.AllowsSpace("ENGDOCS") {
		t.Error("an empty space list must allow nothing")
	}
	d := p.DenyProject("HR")
	if d.Error() != "project HR is not in this Claw's allowlist; allowed: ENG, OPS" {
		t.Errorf("denial = %q", d.Error())
	}
	if !(&Policy{Projects: []string{All}}).AllowsProject("HR") {
		t.Error("* must allow every project")
	}
	if msg := p.DenyOutside("issue", "HR-1").Error(); msg != "issue HR-1 was not found in the projects this Claw may use (allowed: ENG, OPS)" {
		t.Errorf("DenyOutside = %q", msg)
	}
}
