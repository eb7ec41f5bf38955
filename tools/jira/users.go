package jira

import (
	"context"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/internal/lazyre"
	"github.com/clawbridge/atlassian-mcp/tools"
)

// accountIDRE matches Atlassian account ids: "557058:f1b2…", "712020:ana-lima",
// or the older 24-hex-digit form.
var accountIDRE = lazyre.New(`^([0-9]{6}:[A-Za-z0-9-]{3,}|[0-9a-f]{24}|qm:[A-Za-z0-9:-]+)$`)

// resolveUser finds the account an agent means in a project: "me", an
// accountId (taken as it is; Jira checks it), an email, or a display name,
// whole or a unique start of one. An ambiguous name is an error that lists
// the candidates. It costs one assignable-user search, or none for "me"
// (cached) and account ids.
func resolveUser(ctx context.Context, c *atlassian.Client, project, ref string) (atlassian.User, error) {
	ref = strings.TrimSpace(ref)
	switch {
	case strings.EqualFold(ref, "me"):
		return c.Me(ctx)
	case accountIDRE().MatchString(ref):
		return atlassian.User{AccountID: ref, DisplayName: ref}, nil
	}
	if project == "" {
		return atlassian.User{}, fmt.Errorf("jira: resolve user %q: no project to search in", ref)
	}
	users, err := c.AssignableUsers(ctx, project, ref, 20)
	if err != nil {
		return atlassian.User{}, err
	}
	var exact []atlassian.User
	for _, u := range users {
		if strings.EqualFold(u.Email, ref) {
			return u, nil
		}
		if strings.EqualFold(u.DisplayName, ref) {
			exact = append(exact, u)
		}
	}
	if len(exact) == 1 {
		return exact[0], nil
	}
	if len(exact) > 1 {
		users = exact
	}
	switch len(users) {
	case 1:
		return users[0], nil
	case 0:
		return atlassian.User{}, tools.Inputf("no user who can be assigned in %s matches %q; give a display name, an email, an accountId or \"me\" (jira_find_users searches)", project, ref)
	}
	cands := make([]string, len(users))
	for i, u := range users {
		cands[i] = describeUser(u)
	}
	return atlassian.User{}, tools.Inputf("%q matches several people: %s; use the full name, the email or the accountId", ref, oneOf(cands))
}

// needsProject reports whether resolveUser searches a project for ref:
// everything but "me" and an accountId.
func needsProject(ref string) bool {
	ref = strings.TrimSpace(ref)
	return !strings.EqualFold(ref, "me") && !accountIDRE().MatchString(ref)
}

func describeUser(u atlassian.User) string {
	if u.Email != "" {
		return fmt.Sprintf("%s <%s> (%s)", u.DisplayName, u.Email, u.AccountID)
	}
	return fmt.Sprintf("%s (%s)", u.DisplayName, u.AccountID)
}

type findUsersIn struct {
	Query   string `json:"query"`
	Project string `json:"project"`
}

// UserInfo is one person.
type UserInfo struct {
	AccountID string `json:"account_id"`
	Name      string `json:"name"`
	Email     string `json:"email,omitempty"`
}

// UsersOut is jira_find_users' structured result.
type UsersOut struct {
	Users []UserInfo `json:"users"`
}

const maxUsers = 20

func findUsersTool() tools.Tool {
	def := mcp.NewTool("jira_find_users",
		mcp.WithDescription("Find people who can be assigned issues in a project, by name or email."),
		mcp.WithString("query", mcp.Required(), mcp.Description("Start of a name or email")),
		mcp.WithString("project", mcp.Required(), mcp.Description("Project key")),
		tools.OutputSchema[UsersOut](),
		tools.Annotations("Find Jira users", true, false, true),
	)
	// An unknown project is answered with the projects there are.
	classic, granular := atlassian.Needs(atlassian.OpAssignableUsers, atlassian.OpSearchProjects)
	return tools.Define(def, tools.SetJira, classic, granular, findUsers)
}

func findUsers(ctx context.Context, d *tools.Deps, in findUsersIn) (*tools.Result, error) {
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	users, err := c.AssignableUsers(ctx, in.Project, in.Query, maxUsers+1)
	if err != nil {
		return nil, projectErr(ctx, c, in.Project, err)
	}
	out := UsersOut{Users: []UserInfo{}}
	var b strings.Builder
	for i, u := range users {
		if i == maxUsers {
			fmt.Fprintf(&b, "… more match; narrow the query\n")
			break
		}
		out.Users = append(out.Users, UserInfo{AccountID: u.AccountID, Name: u.DisplayName, Email: u.Email})
		b.WriteString(describeUser(u) + "\n")
	}
	who := "people"
	if len(out.Users) == 1 {
		who = "person"
	}
	head := fmt.Sprintf("%d %s in %s match %q", len(out.Users), who, in.Project, in.Query)
	return &tools.Result{Text: head + "\n" + b.String(), Data: out}, nil
}
