package agile

import (
	"context"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/internal/lazyre"
	"github.com/clawbridge/atlassian-mcp/tools"
)

// maxMove is how many issues Jira Software moves in one request.
const maxMove = 50

var issueKeyRE = lazyre.New(`^[A-Za-z][A-Za-z0-9_]*-[0-9]+$`)

type moveIn struct {
	Sprint int      `json:"sprint"`
	Keys   []string `json:"keys"`
}

// Validate checks the sprint id and the keys' form.
func (in *moveIn) Validate() error {
	if in.Sprint <= 0 {
		return tools.Inputf("argument \"sprint\" must be a sprint id such as 24 (jira_list_sprints lists them)")
	}
	if len(in.Keys) == 0 || len(in.Keys) > maxMove {
		return tools.Inputf("argument \"keys\" must list 1 to %d issue keys (got %d)", maxMove, len(in.Keys))
	}
	seen := map[string]bool{}
	for _, k := range in.Keys {
		if !issueKeyRE().MatchString(k) {
			return tools.Inputf("argument \"keys\": %q is not an issue key such as ENG-42", k)
		}
		if seen[strings.ToUpper(k)] {
			return tools.Inputf("argument \"keys\" lists %s twice", strings.ToUpper(k))
		}
		seen[strings.ToUpper(k)] = true
	}
	return nil
}

// MoveOut is jira_move_to_sprint's structured result.
type MoveOut struct {
	Sprint int      `json:"sprint"`
	Name   string   `json:"name"`
	Keys   []string `json:"keys"`
}

func moveTool() tools.Tool {
	def := mcp.NewTool("jira_move_to_sprint",
		mcp.WithDescription("Move issues into an active or future sprint, out of any other open sprint."),
		mcp.WithInteger("sprint", mcp.Required(), mcp.Description("Sprint id")),
		mcp.WithArray("keys", mcp.Required(), mcp.WithStringItems(), mcp.Description("Issue keys")),
		tools.OutputSchema[MoveOut](),
		tools.Annotations("Move issues to a Jira sprint", false, true, true),
	)
	_, granular := atlassian.Needs(atlassian.OpMoveToSprint, atlassian.OpGetSprint, atlassian.OpGetBoard, atlassian.OpGetIssue, atlassian.OpFields)
	return tools.Define(def, tools.SetAgileWrite, nil, granular, moveToSprint)
}

// moveToSprint reads the sprint first, so that a closed sprint is refused
// before anything is written and the answer can name the sprint.
func moveToSprint(ctx context.Context, d *tools.Deps, in moveIn) (*tools.Result, error) {
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	sp, err := c.GetSprint(ctx, in.Sprint)
	if err != nil {
		return nil, err
	}
	if sp.State == "closed" {
		return nil, tools.Inputf("sprint %d (%s) is closed; move issues to an active or future sprint (jira_list_sprints lists them)", sp.ID, sp.Name)
	}
	keys := make([]string, len(in.Keys))
	for i, k := range in.Keys {
		keys[i] = strings.ToUpper(k)
	}
	if err := c.MoveToSprint(ctx, sp.ID, keys); err != nil {
		return nil, err
	}
	out := MoveOut{Sprint: sp.ID, Name: sp.Name, Keys: keys}
	return &tools.Result{Text: fmt.Sprintf("Moved %s to %s [%s]\n", strings.Join(keys, ", "), sp.Name, sp.State), Data: out}, nil
}
