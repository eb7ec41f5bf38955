package agile

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"golang.org/x/sync/errgroup"

	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

type sprintIn struct {
	Sprint int `json:"sprint"`
}

// Validate checks the sprint id.
func (in *sprintIn) Validate() error {
	if in.Sprint <= 0 {
		return tools.Inputf("argument \"sprint\" must be a sprint id such as 24 (jira_list_sprints lists them)")
	}
	return nil
}

func getSprintTool() tools.Tool {
	def := mcp.NewTool("jira_get_sprint",
		mcp.WithDescription("A sprint's issues and report: committed vs completed points, carry-over, issues at risk."),
		mcp.WithInteger("sprint", mcp.Required(), mcp.Description("Sprint id")),
		tools.OutputSchema[Report](),
		tools.Annotations("Read a Jira sprint report", true, false, true),
	)
	// OpFields: under a policy the client finds the reference fields to
	// redact in the sprint's issues.
	_, granular := atlassian.Needs(atlassian.OpGetSprint, atlassian.OpBoardConfig, atlassian.OpSprintIssues, atlassian.OpGetBoard, atlassian.OpFields)
	return tools.Define(def, tools.SetAgile, nil, granular, getSprint)
}

func getSprint(ctx context.Context, d *tools.Deps, in sprintIn) (*tools.Result, error) {
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	sp, err := c.GetSprint(ctx, in.Sprint)
	if err != nil {
		return nil, err
	}
	r, err := report(ctx, c, sp, d)
	if err != nil {
		return nil, err
	}
	return &tools.Result{Text: renderReport(r), Data: r}, nil
}

// report reads a sprint's issues with their changelogs and the board's
// estimation field (cached), and builds the sprint's report.
func report(ctx context.Context, c *atlassian.Client, sp atlassian.Sprint, d *tools.Deps) (Report, error) {
	cfg, err := c.BoardConfig(ctx, sp.BoardID)
	if err != nil {
		return Report{}, err
	}
	issues, err := c.SprintIssues(ctx, sp.ID, true)
	if err != nil {
		return Report{}, err
	}
	r := buildReport(sp, issues, cfg.EstimationField, d.Now())
	if cfg.EstimationName != "" {
		r.Estimation = cfg.EstimationName
	}
	return r, nil
}

func renderReport(r Report) string {
	var b strings.Builder
	b.WriteString(sprintLine(r.Sprint) + "\n")
	unit := r.Estimation
	total := r.Committed + r.Added
	switch r.Sprint.State {
	case "future":
		fmt.Fprintf(&b, "%s: %s planned\n", unit, num(r.Committed))
	default:
		fmt.Fprintf(&b, "%s: committed %s, added %s, completed %s of %s\n", unit, num(r.Committed), num(r.Added), num(r.Completed), num(total))
	}
	if len(r.CarriedIn) > 0 {
		b.WriteString("Carried in from earlier sprints: " + strings.Join(r.CarriedIn, ", ") + "\n")
	}
	if len(r.NotDone) > 0 {
		label := "Not done yet"
		if r.Sprint.State == "closed" {
			label = "Not done (carried over)"
		}
		b.WriteString(label + ": " + strings.Join(r.NotDone, ", ") + "\n")
	}
	if r.Sprint.State == "active" {
		if len(r.AtRisk) == 0 {
			b.WriteString("At risk: none\n")
		} else {
			var parts []string
			for _, is := range r.Issues {
				if is.Risk != "" {
					parts = append(parts, is.Key+" ("+is.Risk+")")
				}
			}
			b.WriteString("At risk: " + strings.Join(parts, ", ") + "\n")
		}
	}
	fmt.Fprintf(&b, "Issues (%d):\n", len(r.Issues))
	for _, is := range r.Issues {
		var notes []string
		if r.Estimation != "issues" && is.Points > 0 {
			notes = append(notes, num(is.Points)+" pts")
		}
		if !is.Committed {
			notes = append(notes, "added")
		}
		if is.Done {
			notes = append(notes, "done in sprint")
		} else if is.DoneOutside {
			notes = append(notes, "done outside sprint")
		}
		if is.Flagged {
			notes = append(notes, "flagged")
		}
		who := is.Assignee
		if who == "" {
			who = "unassigned"
		}
		fmt.Fprintf(&b, "%s [%s] %s — %s", is.Key, is.Status, is.Summary, who)
		if len(notes) > 0 {
			b.WriteString("; " + strings.Join(notes, ", "))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

type velocityIn struct {
	Board   int `json:"board"`
	Sprints int `json:"sprints"`
}

// Validate checks the board id and the number of sprints.
func (in *velocityIn) Validate() error {
	if in.Board <= 0 {
		return tools.Inputf("argument \"board\" must be a board id such as 1 (jira_list_boards lists them)")
	}
	if in.Sprints < 0 || in.Sprints > maxVelocitySprints {
		return tools.Inputf("argument \"sprints\" must be between 1 and %d (got %d)", maxVelocitySprints, in.Sprints)
	}
	return nil
}

const (
	defaultVelocitySprints = 3
	maxVelocitySprints     = 12
)

// SprintVelocity is one closed sprint's committed and completed work.
type SprintVelocity struct {
	ID        int     `json:"id"`
	Name      string  `json:"name"`
	Committed float64 `json:"committed"`
	Completed float64 `json:"completed"`
}

// VelocityOut is jira_get_velocity's structured result.
type VelocityOut struct {
	Board      int              `json:"board"`
	Estimation string           `json:"estimation"`
	Sprints    []SprintVelocity `json:"sprints"`
	// Average is the mean completed work per sprint.
	Average float64 `json:"average"`
}

func velocityTool() tools.Tool {
	def := mcp.NewTool("jira_get_velocity",
		mcp.WithDescription("Committed vs completed points of a board's last closed sprints."),
		mcp.WithInteger("board", mcp.Required(), mcp.Description("Board id")),
		mcp.WithInteger("sprints", mcp.Description("How many, default 3")),
		tools.OutputSchema[VelocityOut](),
		tools.Annotations("Read Jira velocity", true, false, true),
	)
	_, granular := atlassian.Needs(atlassian.OpBoardConfig, atlassian.OpBoardSprints, atlassian.OpSprintIssues, atlassian.OpGetSprint, atlassian.OpGetBoard,
		atlassian.OpFields)
	return tools.Define(def, tools.SetAgile, nil, granular, velocity)
}

// velocity reports the last N closed sprints, reading their issues
// concurrently (at most 4 requests at a time).
func velocity(ctx context.Context, d *tools.Deps, in velocityIn) (*tools.Result, error) {
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	n := in.Sprints
	if n == 0 {
		n = defaultVelocitySprints
	}
	cfg, err := c.BoardConfig(ctx, in.Board)
	if err != nil {
		return nil, err
	}
	closed, _, err := boardSprints(ctx, c, in.Board, []string{"closed"})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(closed, func(i, j int) bool { return closed[i].Complete.Before(closed[j].Complete) })
	closed = closed[max(0, len(closed)-n):]
	reports := make([]Report, len(closed))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for i, sp := range closed {
		g.Go(func() error {
			issues, err := c.SprintIssues(gctx, sp.ID, true)
			if err != nil {
				return err
			}
			reports[i] = buildReport(sp, issues, cfg.EstimationField, d.Now())
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := VelocityOut{Board: in.Board, Estimation: cfg.EstimationName, Sprints: []SprintVelocity{}}
	if out.Estimation == "" {
		out.Estimation = "issues"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Velocity of board %d (%s), last %s:\n", in.Board, out.Estimation, tools.Plural(len(reports), "closed sprint", "closed sprints"))
	for i, r := range reports {
		sv := SprintVelocity{ID: closed[i].ID, Name: closed[i].Name, Committed: r.Committed, Completed: r.Completed}
		out.Sprints = append(out.Sprints, sv)
		out.Average += r.Completed
		fmt.Fprintf(&b, "%d %s: committed %s, completed %s\n", sv.ID, sv.Name, num(sv.Committed), num(sv.Completed))
	}
	if len(reports) > 0 {
		out.Average /= float64(len(reports))
		out.Average = float64(int(out.Average*10+0.5)) / 10
		fmt.Fprintf(&b, "Average completed: %s\n", num(out.Average))
	} else {
		b.WriteString("The board has no closed sprints yet.\n")
	}
	return &tools.Result{Text: b.String(), Data: out}, nil
}
