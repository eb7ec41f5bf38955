package atlassian

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// Jira Software (agile 1.0) operations. They have no classic scope set:
// the spec documents granular scopes only, and Atlassian's Jira Software
// scopes page says "Jira Software doesn't support classic scopes".
var (
	OpBoards = Op{"agile.board.list", "agile", "GET", "/rest/agile/1.0/board", nil,
		[]string{"read:board-scope:jira-software", "read:project:jira"}}
	OpGetBoard = Op{"agile.board.get", "agile", "GET", "/rest/agile/1.0/board/{boardId}", nil,
		[]string{"read:board-scope:jira-software", "read:issue-details:jira"}}
	OpBoardConfig = Op{"agile.board.configuration", "agile", "GET", "/rest/agile/1.0/board/{boardId}/configuration", nil,
		[]string{"read:board-scope.admin:jira-software", "read:project:jira"}}
	OpBoardSprints = Op{"agile.sprint.list", "agile", "GET", "/rest/agile/1.0/board/{boardId}/sprint", nil,
		[]string{"read:sprint:jira-software"}}
	OpGetSprint = Op{"agile.sprint.get", "agile", "GET", "/rest/agile/1.0/sprint/{sprintId}", nil,
		[]string{"read:sprint:jira-software"}}
	OpSprintIssues = Op{"agile.sprint.issues", "agile", "GET", "/rest/agile/1.0/sprint/{sprintId}/issue", nil,
		[]string{"read:sprint:jira-software", "read:issue-details:jira", "read:jql:jira"}}
	OpMoveToSprint = Op{"agile.sprint.move", "agile", "POST", "/rest/agile/1.0/sprint/{sprintId}/issue", nil,
		[]string{"write:sprint:jira-software"}}
)

// agileOps lists the Jira Software operations the client calls.
func agileOps() []Op {
	return []Op{OpBoards, OpGetBoard, OpBoardConfig, OpBoardSprints, OpGetSprint, OpSprintIssues, OpMoveToSprint}
}

// A Board is a Jira Software board.
type Board struct {
	ID                      int
	Name, Type              string // Type is scrum or kanban
	ProjectKey, ProjectName string
}

// A BoardPage is one page of boards.
type BoardPage struct {
	Boards []Board
	IsLast bool
	Next   int // startAt of the next page
}

// Boards returns a page of the boards the user can see, of one project
// when project is not empty (GET /rest/agile/1.0/board).
func (c *Client) Boards(ctx context.Context, project string, startAt, max int) (*BoardPage, error) {
	q := url.Values{"startAt": {strconv.Itoa(startAt)}}
	if project != "" {
		q.Set("projectKeyOrId", project)
	}
	if max > 0 {
		q.Set("maxResults", strconv.Itoa(max))
	}
	if project != "" {
		if err := c.checkProject(ctx, OpBoards, strings.ToUpper(project)); err != nil {
			return nil, err
		}
	}
	res, err := c.getJSON(ctx, OpBoards, project, "rest/agile/1.0/board?"+q.Encode())
	if err != nil {
		return nil, err
	}
	page := &BoardPage{IsLast: res.Get("isLast").Bool()}
	values := res.Get("values").Array()
	for _, b := range values {
		board := parseBoard(b)
		if c.cfg.Policy == nil || c.cfg.Policy.AllowsProject(board.ProjectKey) {
			page.Boards = append(page.Boards, board)
		}
	}
	page.Next = startAt + len(values)
	if len(values) == 0 {
		page.IsLast = true
	}
	return page, nil
}

func parseBoard(b gjson.Result) Board {
	return Board{ID: int(b.Get("id").Int()), Name: b.Get("name").String(), Type: b.Get("type").String(),
		ProjectKey: b.Get("location.projectKey").String(), ProjectName: b.Get("location.projectName").String()}
}

// GetBoard returns one board (GET /rest/agile/1.0/board/{id}), cached for
// the metadata TTL. Under a Policy the board's project must be allowed;
// a board outside reads like one that does not exist.
func (c *Client) GetBoard(ctx context.Context, id int) (Board, error) {
	ref := strconv.Itoa(id)
	v, err := c.cache.get(ctx, "board:"+ref, func(ctx context.Context) (any, error) {
		res, err := c.getJSON(ctx, OpGetBoard, ref, "rest/agile/1.0/board/"+ref)
		if err != nil {
			return nil, err
		}
		return parseBoard(res), nil
	})
	if err != nil {
		if IsNotFound(err) {
			return Board{}, c.outside("board", ref, false, err)
		}
		return Board{}, err
	}
	b := v.(Board)
	if c.cfg.Policy != nil && !c.cfg.Policy.AllowsProject(b.ProjectKey) {
		return Board{}, c.deny(ctx, OpGetBoard, ref, c.outside("board", ref, true, nil))
	}
	return b, nil
}

// checkBoard checks, under a Policy, that a board's project is allowed.
func (c *Client) checkBoard(ctx context.Context, id int) error {
	if c.cfg.Policy == nil {
		return nil
	}
	_, err := c.GetBoard(ctx, id)
	return err
}

// boardErr gives a board's 404 the same form as a refusal.
func (c *Client) boardErr(id int, err error) error {
	if IsNotFound(err) {
		return c.outside("board", strconv.Itoa(id), false, err)
	}
	return err
}

// sprintErr gives a sprint's 404 the same form as a refusal.
func (c *Client) sprintErr(id int, err error) error {
	if IsNotFound(err) {
		return c.outside("sprint", strconv.Itoa(id), false, err)
	}
	return err
}

// A BoardConfig is what the sprint reports need of a board's configuration.
type BoardConfig struct {
	ID         int
	Name, Type string
	// EstimationField is the field the board estimates with, such as
	// customfield_10026, and EstimationName its display name; both are
	// empty for boards that estimate by issue count.
	EstimationField, EstimationName string
}

// BoardConfig returns a board's configuration
// (GET /rest/agile/1.0/board/{id}/configuration), cached for the metadata
// TTL. Under a Policy the board's project must be allowed.
func (c *Client) BoardConfig(ctx context.Context, id int) (BoardConfig, error) {
	if err := c.checkBoard(ctx, id); err != nil {
		return BoardConfig{}, err
	}
	v, err := c.cache.get(ctx, "boardconfig:"+strconv.Itoa(id), func(ctx context.Context) (any, error) {
		res, err := c.getJSON(ctx, OpBoardConfig, strconv.Itoa(id), "rest/agile/1.0/board/"+strconv.Itoa(id)+"/configuration")
		if err != nil {
			return nil, err
		}
		return BoardConfig{ID: int(res.Get("id").Int()), Name: res.Get("name").String(), Type: res.Get("type").String(),
			EstimationField: res.Get("estimation.field.fieldId").String(), EstimationName: res.Get("estimation.field.displayName").String()}, nil
	})
	if err != nil {
		return BoardConfig{}, c.boardErr(id, err)
	}
	return v.(BoardConfig), nil
}

// A Sprint is a scrum sprint.
type Sprint struct {
	ID, BoardID          int
	Name, State, Goal    string // State is future, active or closed
	Start, End, Complete time.Time
}

func parseSprint(s gjson.Result) Sprint {
	return Sprint{ID: int(s.Get("id").Int()), BoardID: int(s.Get("originBoardId").Int()), Name: s.Get("name").String(),
		State: s.Get("state").String(), Goal: s.Get("goal").String(), Start: ParseTime(s.Get("startDate").String()),
		End: ParseTime(s.Get("endDate").String()), Complete: ParseTime(s.Get("completeDate").String())}
}

// A SprintPage is one page of a board's sprints.
type SprintPage struct {
	Sprints []Sprint
	IsLast  bool
	Next    int
}

// Sprints returns a page of a board's sprints in the given states (all
// when states is empty), oldest first (GET /rest/agile/1.0/board/{id}/sprint).
// Under a Policy the board's project must be allowed.
func (c *Client) Sprints(ctx context.Context, board int, states []string, startAt, max int) (*SprintPage, error) {
	if err := c.checkBoard(ctx, board); err != nil {
		return nil, err
	}
	q := url.Values{"startAt": {strconv.Itoa(startAt)}}
	if len(states) > 0 {
		q.Set("state", strings.Join(states, ","))
	}
	if max > 0 {
		q.Set("maxResults", strconv.Itoa(max))
	}
	res, err := c.getJSON(ctx, OpBoardSprints, strconv.Itoa(board), "rest/agile/1.0/board/"+strconv.Itoa(board)+"/sprint?"+q.Encode())
	if err != nil {
		return nil, c.boardErr(board, err)
	}
	page := &SprintPage{IsLast: res.Get("isLast").Bool()}
	values := res.Get("values").Array()
	for _, s := range values {
		sp := parseSprint(s)
		// A board lists the sprints of other boards that hold its issues;
		// under a Policy only sprints of allowed boards are shown.
		if c.cfg.Policy != nil && sp.BoardID != 0 && sp.BoardID != board && !c.boardAllowedQuietly(ctx, sp.BoardID) {
			continue
		}
		page.Sprints = append(page.Sprints, sp)
	}
	page.Next = startAt + len(values)
	if len(values) == 0 {
		page.IsLast = true
	}
	return page, nil
}

// GetSprint returns one sprint (GET /rest/agile/1.0/sprint/{id}). Under
// a Policy the project of the sprint's board must be allowed; a sprint
// outside reads like one that does not exist.
func (c *Client) GetSprint(ctx context.Context, id int) (Sprint, error) {
	res, err := c.getJSON(ctx, OpGetSprint, strconv.Itoa(id), "rest/agile/1.0/sprint/"+strconv.Itoa(id))
	if err != nil {
		return Sprint{}, c.sprintErr(id, err)
	}
	sp := parseSprint(res)
	if err := c.checkBoard(ctx, sp.BoardID); err != nil {
		if IsRefusal(err) {
			return Sprint{}, c.deny(ctx, OpGetSprint, strconv.Itoa(id), c.outside("sprint", strconv.Itoa(id), true, nil))
		}
		return Sprint{}, err
	}
	return sp, nil
}

// checkSprint checks, under a Policy, that a sprint's board is allowed.
func (c *Client) checkSprint(ctx context.Context, id int) error {
	if c.cfg.Policy == nil {
		return nil
	}
	_, err := c.GetSprint(ctx, id)
	return err
}

// SprintIssues returns every issue that is or was in a sprint, with its
// changelog when changelog is set (GET /rest/agile/1.0/sprint/{id}/issue,
// all pages). It asks for Jira Software's default fields: the agile spec
// types the items of "fields" as objects, so a field list cannot be sent
// without breaking the contract.
//
// Under a Policy the sprint's board must be allowed, and issues from
// projects outside the allowlist are withheld.
func (c *Client) SprintIssues(ctx context.Context, id int, changelog bool) ([]gjson.Result, error) {
	if err := c.checkSprint(ctx, id); err != nil {
		return nil, err
	}
	var out []gjson.Result
	path := "rest/agile/1.0/sprint/" + strconv.Itoa(id) + "/issue?"
	expand := ""
	if changelog {
		expand = "&expand=changelog"
	}
	err := c.pages(ctx, func(startAt int) (gjson.Result, error) {
		return c.getJSON(ctx, OpSprintIssues, strconv.Itoa(id), path+"startAt="+strconv.Itoa(startAt)+"&maxResults=100"+expand)
	}, "issues", func(is gjson.Result) {
		if c.checkIssue(ctx, OpSprintIssues, is.Get("key").String(), is) == nil {
			out = append(out, c.redactIssue(ctx, is))
		}
	})
	return out, c.sprintErr(id, err)
}

// MoveToSprint moves up to 50 issues into a sprint
// (POST /rest/agile/1.0/sprint/{id}/issue). Moving an issue into the
// sprint it is in changes nothing, so the call is idempotent.
//
// Under a Policy the sprint's board and every issue are checked first, and
// so is the open sprint each issue leaves (see checkSprintMove).
func (c *Client) MoveToSprint(ctx context.Context, id int, keys []string) error {
	if err := c.checkSprint(ctx, id); err != nil {
		return err
	}
	for _, k := range keys {
		if err := c.checkSprintMove(ctx, OpMoveToSprint, k); err != nil {
			return err
		}
	}
	_, err := c.do(ctx, request{op: OpMoveToSprint, target: strconv.Itoa(id), path: "rest/agile/1.0/sprint/" + strconv.Itoa(id) + "/issue",
		body: map[string]any{"issues": keys}, idempotent: true})
	if IsNotFound(err) {
		return c.outside("sprint "+strconv.Itoa(id)+" or issue", strings.ToUpper(strings.Join(keys, ", ")), false, err)
	}
	return err
}

// ParseTime reads the timestamps Jira writes: 2026-11-20T10:15:30.000+0000
// (platform) and RFC 3339 (Jira Software). It returns the zero time for
// anything else.
func ParseTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05-0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
