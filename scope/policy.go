// Package scope decides what a Claw may do: which tools it sees (by
// toolset, read-only mode, tool filters and the OAuth scopes actually
// granted), which Jira projects and Confluence spaces it may touch, and how
// agent-supplied JQL and CQL are constrained to them. It imports nothing
// else of this project; the guard that resolves ids through Atlassian lives
// with the tools.
package scope

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// All is the allowlist entry that allows every project or space. It exists
// for the implicit profile of a server run without configuration (such as
// `serve --sandbox`); configured Claws name what they may touch.
const All = "*"

// A Policy is what one Claw may do.
type Policy struct {
	// Claw is the profile's name.
	Claw string
	// Projects and Spaces are the allowlists (upper-case keys, or All).
	// An empty list allows nothing: deny by default.
	Projects []string
	Spaces   []string
	// ReadOnly removes every tool that writes.
	ReadOnly bool
	// Toolsets, if not empty, are the only toolsets offered.
	Toolsets []string
	// Enable adds single tools outside the toolsets; Disable removes tools.
	Enable, Disable []string
	// Approvals lists tools that need a human's approval per call.
	Approvals []string
}

// AllowsProject reports whether the Jira project key is in the allowlist.
func (p *Policy) AllowsProject(key string) bool { return allows(p.Projects, key) }

// AllowsSpace reports whether the Confluence space key is in the allowlist.
func (p *Policy) AllowsSpace(key string) bool { return allows(p.Spaces, key) }

// AllProjects reports whether every project is allowed.
func (p *Policy) AllProjects() bool { return slices.Contains(p.Projects, All) }

// AllSpaces reports whether every space is allowed.
func (p *Policy) AllSpaces() bool { return slices.Contains(p.Spaces, All) }

func allows(list []string, key string) bool {
	if key == "" {
		return false
	}
	for _, k := range list {
		if k == All || strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}

// A Denial is a refusal by the Claw's policy. Its message tells the agent
// what it may use instead and never reveals whether the refused object
// exists.
type Denial struct {
	// Kind is "project", "space", "tool", "query" or "scope".
	Kind string
	// Target names what was refused, e.g. the project key.
	Target string
	Msg    string
}

// Error implements error.
func (d *Denial) Error() string { return d.Msg }

// Refused marks a Denial as a policy refusal, for the audit log.
func (d *Denial) Refused() bool { return true }

// Refuse returns the denial for an object of the given kind ("issue",
// "project", "page", "space", "board", "sprint", …) outside the allowlist.
func (p *Policy) Refuse(kind, ref string) error {
	switch kind {
	case "project":
		return p.DenyProject(ref)
	case "space":
		return p.DenySpace(ref)
	}
	return p.DenyOutside(kind, ref)
}

// DenyProject returns the denial for a project outside the allowlist.
func (p *Policy) DenyProject(key string) *Denial {
	return &Denial{Kind: "project", Target: key, Msg: fmt.Sprintf("project %s is not in this Claw's allowlist; allowed: %s", key, list(p.Projects))}
}

// DenySpace returns the denial for a space outside the allowlist.
func (p *Policy) DenySpace(key string) *Denial {
	return &Denial{Kind: "space", Target: key, Msg: fmt.Sprintf("space %s is not in this Claw's allowlist; allowed: %s", key, list(p.Spaces))}
}

// DenyOutside returns the denial for an object (an issue, a page, a
// sprint) that lies outside the allowlist. It names only what the agent
// asked for, and reads exactly as Atlassian's "not found" does, so an
// object that exists and one that does not look alike.
func (p *Policy) DenyOutside(kind, ref string) *Denial {
	allowed, what := p.Projects, "projects"
	if kind == "page" || kind == "space" || kind == "comment" || kind == "blogpost" {
		allowed, what = p.Spaces, "spaces"
	}
	msg := fmt.Sprintf("%s %s was not found, or you may not see it", kind, ref)
	if !slices.Contains(allowed, All) {
		msg = fmt.Sprintf("%s %s was not found in the %s this Claw may use (allowed: %s)", kind, ref, what, list(allowed))
	}
	return &Denial{Kind: kind, Target: ref, Msg: msg}
}

func list(keys []string) string {
	if len(keys) == 0 {
		return "none"
	}
	if slices.Contains(keys, All) {
		return "all"
	}
	c := slices.Clone(keys)
	sort.Strings(c)
	return strings.Join(c, ", ")
}

// ToolInfo is what the policy needs to know about a tool.
type ToolInfo struct {
	Name, Toolset     string
	ReadOnly          bool
	Classic, Granular []string
}

// Visible reports whether a Claw with this policy and these granted scopes
// may see and call the tool; if not, the reason says why, naming missing
// scopes where that is the cause.
func (p *Policy) Visible(t ToolInfo, granted Scopes) (bool, string) {
	if slices.Contains(p.Disable, t.Name) {
		return false, fmt.Sprintf("tool %s is disabled for this Claw", t.Name)
	}
	if p.ReadOnly && !t.ReadOnly {
		return false, fmt.Sprintf("tool %s writes, and this Claw is read-only", t.Name)
	}
	if len(p.Toolsets) > 0 && !slices.Contains(p.Toolsets, t.Toolset) && !slices.Contains(p.Enable, t.Name) {
		return false, fmt.Sprintf("tool %s belongs to toolset %s, which this Claw does not offer (toolsets: %s)", t.Name, t.Toolset, strings.Join(p.Toolsets, ", "))
	}
	if ok, missing := granted.Satisfies(t.Classic, t.Granular); !ok {
		return false, fmt.Sprintf("tool %s needs OAuth scopes that were not granted: %s (or the granular set %s); run `atlassian-mcp auth login` with them",
			t.Name, strings.Join(missing, ", "), strings.Join(t.Granular, ", "))
	}
	return true, ""
}

// NeedsApproval reports whether a call to the tool needs a human's approval.
func (p *Policy) NeedsApproval(tool string) bool { return slices.Contains(p.Approvals, tool) }
