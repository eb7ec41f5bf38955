package jira

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

type keyIn struct {
	Key string `json:"key"`
}

// Validate checks the key's form.
func (in *keyIn) Validate() error {
	if !validIssueRef(in.Key) {
		return tools.Inputf("argument \"key\" must be an issue key such as ENG-42 (got %q)", in.Key)
	}
	return nil
}

// TransitionInfo is one transition an issue can take.
type TransitionInfo struct {
	Name     string   `json:"name"`
	To       string   `json:"to"`
	Requires []string `json:"requires,omitempty"`
}

// TransitionsOut is jira_get_transitions' structured result.
type TransitionsOut struct {
	Key         string           `json:"key"`
	Transitions []TransitionInfo `json:"transitions"`
}

func getTransitionsTool() tools.Tool {
	def := mcp.NewTool("jira_get_transitions",
		mcp.WithDescription("List the workflow transitions a Jira issue can take now, with the fields each requires."),
		mcp.WithString("key", mcp.Required(), mcp.Description("Issue key")),
		tools.OutputSchema[TransitionsOut](),
		tools.Annotations("List Jira transitions", true, false, true),
	)
	classic, granular := atlassian.Needs(atlassian.OpTransitions, atlassian.OpGetIssue)
	return tools.Define(def, tools.SetJira, classic, granular, getTransitions)
}

func getTransitions(ctx context.Context, d *tools.Deps, in keyIn) (*tools.Result, error) {
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	ts, err := c.Transitions(ctx, in.Key)
	if err != nil {
		return nil, err
	}
	key := strings.ToUpper(in.Key)
	out := TransitionsOut{Key: key, Transitions: []TransitionInfo{}}
	var b strings.Builder
	fmt.Fprintf(&b, "%s can take %d transitions:\n", key, len(ts))
	for _, t := range ts {
		ti := TransitionInfo{Name: t.Name, To: t.To}
		line := fmt.Sprintf("- %s → %s", t.Name, t.To)
		for _, f := range t.Fields {
			if f.Required {
				ti.Requires = append(ti.Requires, f.Name)
				line += "; needs " + requirement(f)
			}
		}
		out.Transitions = append(out.Transitions, ti)
		b.WriteString(line + "\n")
	}
	return &tools.Result{Text: b.String(), Data: out}, nil
}

// requirement describes a required field: its name and allowed values.
func requirement(f atlassian.FieldMeta) string {
	if len(f.Allowed) > 0 {
		return fmt.Sprintf("'%s' (one of: %s)", f.Name, oneOf(labelsOf(f)))
	}
	return "'" + f.Name + "'"
}

type transitionIn struct {
	Key     string         `json:"key"`
	To      string         `json:"to"`
	Fields  map[string]any `json:"fields"`
	Comment string         `json:"comment"`
}

// Validate checks the arguments' form.
func (in *transitionIn) Validate() error {
	if !validIssueRef(in.Key) {
		return tools.Inputf("argument \"key\" must be an issue key such as ENG-42 (got %q)", in.Key)
	}
	if strings.TrimSpace(in.To) == "" {
		return tools.Inputf("argument \"to\" is empty; give a transition or status name, e.g. In Progress (jira_get_transitions lists them)")
	}
	return nil
}

// TransitionOut is jira_transition_issue's structured result.
type TransitionOut struct {
	Key        string `json:"key"`
	URL        string `json:"url"`
	Transition string `json:"transition"`
	Status     string `json:"status"`
}

func transitionTool() tools.Tool {
	def := mcp.NewTool("jira_transition_issue",
		mcp.WithDescription("Move a Jira issue to another status, e.g. Done."),
		mcp.WithString("key", mcp.Required(), mcp.Description("Issue key")),
		mcp.WithString("to", mcp.Required(), mcp.Description("Transition or status name")),
		objectArg("fields", "Screen fields as {name: value}"),
		mcp.WithString("comment", mcp.Description("Markdown")),
		tools.OutputSchema[TransitionOut](),
		tools.Annotations("Transition a Jira issue", false, true, false),
	)
	// Under a policy the client checks the issues the screen's fields point
	// at, reading the site's fields to find them.
	classic, granular := atlassian.Needs(atlassian.OpTransitions, atlassian.OpDoTransition, atlassian.OpGetIssue,
		atlassian.OpAssignableUsers, atlassian.OpMyself, atlassian.OpFields)
	return tools.Define(def, tools.SetJiraWrite, classic, granular, transitionIssue)
}

// transitionIssue picks the transition by its name or target status, fills
// its screen from fields (a required field left out is an error naming it
// and its values), and takes it. Nothing is written when a check fails.
func transitionIssue(ctx context.Context, d *tools.Deps, in transitionIn) (*tools.Result, error) {
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	key := strings.ToUpper(in.Key)
	var chosen atlassian.Transition
	err = c.TransitionIssue(ctx, key, func(ts []atlassian.Transition) (atlassian.TransitionRequest, error) {
		t, err := chooseTransition(key, ts, in.To)
		if err != nil {
			return atlassian.TransitionRequest{}, err
		}
		chosen = t
		req := atlassian.TransitionRequest{ID: t.ID}
		if req.Fields, err = screenValues(ctx, c, key, t, in.Fields); err != nil {
			return atlassian.TransitionRequest{}, err
		}
		if strings.TrimSpace(in.Comment) != "" {
			req.Comment = toADF(in.Comment)
		}
		return req, nil
	})
	if err != nil {
		return nil, err
	}
	out := TransitionOut{Key: key, URL: c.BrowseURL(key), Transition: chosen.Name, Status: chosen.To}
	return &tools.Result{Text: fmt.Sprintf("%s is now %s (transition '%s')\n%s\n", key, chosen.To, chosen.Name, out.URL), Data: out}, nil
}

// chooseTransition finds the transition an agent means: by its name first,
// then by its target status, any case.
func chooseTransition(key string, ts []atlassian.Transition, to string) (atlassian.Transition, error) {
	want := strings.TrimSpace(to)
	for _, t := range ts {
		if strings.EqualFold(t.Name, want) {
			return t, nil
		}
	}
	for _, t := range ts {
		if strings.EqualFold(t.To, want) {
			return t, nil
		}
	}
	var avail []string
	for _, t := range ts {
		avail = append(avail, fmt.Sprintf("'%s' (to %s)", t.Name, t.To))
	}
	if len(avail) == 0 {
		return atlassian.Transition{}, tools.Inputf("%s can take no transition now", key)
	}
	return atlassian.Transition{}, tools.Inputf("%s cannot go to %q from its current status; it can take: %s", key, to, oneOf(avail))
}

// screenValues converts the agent's fields for a transition screen and
// checks that every required one is there. People are looked up among the
// assignable users of the project the issue is really in, which Atlassian
// is asked for (once) when a name needs resolving: key may be a numeric id,
// or an old key of an issue that has since moved.
func screenValues(ctx context.Context, c *atlassian.Client, key string, t atlassian.Transition, given map[string]any) (map[string]any, error) {
	sc := &screen{name: fmt.Sprintf("transition '%s'", t.Name), fields: t.Fields}
	project := ""
	users := func(ref string) (atlassian.User, error) {
		if project == "" && needsProject(ref) {
			p, err := c.IssueProject(ctx, atlassian.OpDoTransition, key)
			if err != nil {
				return atlassian.User{}, err
			}
			project = p
		}
		return resolveUser(ctx, c, project, ref)
	}
	out := map[string]any{}
	names := make([]string, 0, len(given))
	for n := range given {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if len(t.Fields) == 0 {
			return nil, tools.Inputf("transition '%s' has no screen; leave fields out", t.Name)
		}
		f, err := sc.lookup(n, nil)
		if err != nil {
			return nil, err
		}
		v, err := fieldValue(f, given[n], users)
		if err != nil {
			return nil, err
		}
		out[f.ID] = v
	}
	for _, f := range t.Fields {
		if _, ok := out[f.ID]; f.Required && !ok {
			return nil, tools.Inputf("transition '%s' needs field %s; pass it in fields", t.Name, requirement(f))
		}
	}
	return out, nil
}
