package agile

import (
	"context"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

// maxListed bounds how many boards or sprints one call returns; a longer
// list says so and how to narrow it.
const maxListed = 200

type listBoardsIn struct {
	Project string `json:"project"`
}

// BoardInfo describes a board.
type BoardInfo struct {
	ID      int    `json:"id"`
	Name    string `json:"name"`
	Type    string `json:"type"`
	Project string `json:"project,omitempty"`
}

// BoardsOut is jira_list_boards' structured result.
type BoardsOut struct {
	Boards    []BoardInfo `json:"boards"`
	Truncated bool        `json:"truncated,omitempty"`
}

func listBoardsTool() tools.Tool {
	def := mcp.NewTool("jira_list_boards",
		mcp.WithDescription("List Jira Software boards (scrum or kanban) with their ids."),
		mcp.WithString("project", mcp.Description("Project key")),
		tools.OutputSchema[BoardsOut](),
		tools.Annotations("List Jira boards", true, false, true),
	)
	_, granular := atlassian.Needs(atlassian.OpBoards)
	return tools.Define(def, tools.SetAgile, nil, granular, listBoards)
}

func listBoards(ctx context.Context, d *tools.Deps, in listBoardsIn) (*tools.Result, error) {
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	out := BoardsOut{Boards: []BoardInfo{}}
	for start := 0; ; {
		page, err := c.Boards(ctx, strings.TrimSpace(in.Project), start, 50)
		if err != nil {
			return nil, err
		}
		for _, b := range page.Boards {
			out.Boards = append(out.Boards, BoardInfo{ID: b.ID, Name: b.Name, Type: b.Type, Project: b.ProjectKey})
		}
		if page.IsLast {
			break
		}
		if len(out.Boards) >= maxListed {
			out.Truncated = true
			break
		}
		start = page.Next
	}
	var b strings.Builder
	b.WriteString(tools.Plural(len(out.Boards), "board", "boards") + "\n")
	for _, bd := range out.Boards {
		fmt.Fprintf(&b, "%d %s (%s%s)\n", bd.ID, bd.Name, bd.Type, tools.Prefixed(", project ", bd.Project))
	}
	if out.Truncated {
		b.WriteString("… more boards exist; filter by project\n")
	}
	return &tools.Result{Text: b.String(), Data: out}, nil
}

type listSprintsIn struct {
	Board int    `json:"board"`
	State string `json:"state"`
}

// Validate checks the board id and state.
func (in *listSprintsIn) Validate() error {
	if in.Board <= 0 {
		return tools.Inputf("argument \"board\" must be a board id such as 1 (jira_list_boards lists them)")
	}
	switch in.State {
	case "", "future", "active", "closed":
		return nil
	}
	return tools.Inputf("argument \"state\" must be future, active or closed (got %q)", in.State)
}

// SprintsOut is jira_list_sprints' structured result.
type SprintsOut struct {
	Sprints   []SprintInfo `json:"sprints"`
	Truncated bool         `json:"truncated,omitempty"`
}

func listSprintsTool() tools.Tool {
	def := mcp.NewTool("jira_list_sprints",
		mcp.WithDescription("List a scrum board's sprints, oldest first, with ids, dates and goals."),
		mcp.WithInteger("board", mcp.Required(), mcp.Description("Board id")),
		mcp.WithString("state", mcp.Enum("future", "active", "closed")),
		tools.OutputSchema[SprintsOut](),
		tools.Annotations("List Jira sprints", true, false, true),
	)
	_, granular := atlassian.Needs(atlassian.OpBoardSprints, atlassian.OpGetBoard)
	return tools.Define(def, tools.SetAgile, nil, granular, listSprints)
}

func listSprints(ctx context.Context, d *tools.Deps, in listSprintsIn) (*tools.Result, error) {
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	var states []string
	if in.State != "" {
		states = []string{in.State}
	}
	all, truncated, err := boardSprints(ctx, c, in.Board, states)
	if err != nil {
		return nil, err
	}
	now := d.Now()
	out := SprintsOut{Sprints: []SprintInfo{}, Truncated: truncated}
	var b strings.Builder
	fmt.Fprintf(&b, "%s on board %d\n", tools.Plural(len(all), "sprint", "sprints"), in.Board)
	for _, sp := range all {
		info := sprintInfo(sp, now)
		out.Sprints = append(out.Sprints, info)
		b.WriteString(sprintLine(info) + "\n")
	}
	if truncated {
		b.WriteString("… more sprints exist; filter by state\n")
	}
	return &tools.Result{Text: b.String(), Data: out}, nil
}

// boardSprints reads a board's sprints in the given states, up to maxListed.
func boardSprints(ctx context.Context, c *atlassian.Client, board int, states []string) ([]atlassian.Sprint, bool, error) {
	var all []atlassian.Sprint
	for start := 0; ; {
		page, err := c.Sprints(ctx, board, states, start, 50)
		if err != nil {
			return nil, false, err
		}
		all = append(all, page.Sprints...)
		if page.IsLast {
			return all, false, nil
		}
		if len(all) >= maxListed {
			return all, true, nil
		}
		start = page.Next
	}
}

// sprintLine renders a sprint in one line: id, name, state, dates, goal.
func sprintLine(s SprintInfo) string {
	line := fmt.Sprintf("%d %s [%s]", s.ID, s.Name, s.State)
	if s.Start != "" {
		line += " " + s.Start + " → " + s.End
	}
	if s.DaysLeft != nil {
		line += fmt.Sprintf(", %d days left", *s.DaysLeft)
	}
	if s.Goal != "" {
		line += " — " + s.Goal
	}
	return line
}
