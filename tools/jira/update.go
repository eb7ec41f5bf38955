package jira

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/tidwall/gjson"

	"github.com/clawbridge/atlassian-mcp/adf"
	"github.com/clawbridge/atlassian-mcp/atlassian"
	"github.com/clawbridge/atlassian-mcp/tools"
)

type updateIn struct {
	Key string `json:"key"`
	issueChange
	LabelsAdd       []string `json:"labels_add"`
	LabelsRemove    []string `json:"labels_remove"`
	DescriptionMode string   `json:"description_mode"`
}

// Validate checks the arguments' form and that they change something.
func (in *updateIn) Validate() error {
	if !validIssueRef(in.Key) {
		return tools.Inputf("argument \"key\" must be an issue key such as ENG-42 (got %q)", in.Key)
	}
	if err := in.validate(); err != nil {
		return err
	}
	if err := checkLabels("labels_add", in.LabelsAdd); err != nil {
		return err
	}
	if err := checkLabels("labels_remove", in.LabelsRemove); err != nil {
		return err
	}
	if in.Labels != nil && (in.LabelsAdd != nil || in.LabelsRemove != nil) {
		return tools.Inputf("use either labels (replaces all labels) or labels_add/labels_remove, not both")
	}
	switch in.DescriptionMode {
	case "", "replace":
	case "append":
		if in.Description == "" {
			return tools.Inputf("description_mode \"append\" needs a description to append")
		}
	default:
		return tools.Inputf("argument \"description_mode\" must be replace or append (got %q)", in.DescriptionMode)
	}
	if !in.any() && in.LabelsAdd == nil && in.LabelsRemove == nil {
		return tools.Inputf("nothing to change: give at least one field to set; jira_update_issue changes only the fields it is given")
	}
	return nil
}

func updateTool() tools.Tool {
	opts := []mcp.ToolOption{
		mcp.WithDescription("Change only the given fields of a Jira issue."),
		mcp.WithString("key", mcp.Required(), mcp.Description("Issue key")),
	}
	opts = append(opts, changeOptions(false)...)
	opts = append(opts,
		mcp.WithArray("labels_add", mcp.WithStringItems()),
		mcp.WithArray("labels_remove", mcp.WithStringItems()),
		mcp.WithString("description_mode", mcp.Enum("replace", "append")),
		tools.OutputSchema[WriteOut](),
		tools.Annotations("Update a Jira issue", false, true, true),
	)
	def := mcp.NewTool("jira_update_issue", opts...)
	classic, granular := atlassian.Needs(atlassian.OpEditIssue, atlassian.OpGetIssue, atlassian.OpFields,
		atlassian.OpAssignableUsers, atlassian.OpMyself)
	return tools.Define(def, tools.SetJiraWrite, classic, granular, updateIssue)
}

// updateIssue reads the issue with its edit screen in one request, checks
// every value against that screen, and sends only the fields given.
func updateIssue(ctx context.Context, d *tools.Deps, in updateIn) (*tools.Result, error) {
	c, err := d.Atlassian(ctx)
	if err != nil {
		return nil, err
	}
	site, err := loadFields(ctx, c)
	if err != nil {
		return nil, err
	}
	var read []string
	if in.DescriptionMode == "append" {
		read = append(read, "description")
	}
	var sc *screen
	var changed []string
	err = c.UpdateIssue(ctx, in.Key, append(read, "issuetype"), func(is gjson.Result, meta []atlassian.FieldMeta) (atlassian.Edit, error) {
		project := is.Get("fields.project.key").String()
		sc = &screen{name: "the edit screen of " + is.Get("key").String(), fields: meta}
		p := &planner{ctx: ctx, c: c, sc: sc, site: site, project: project}
		fields, err := p.fields(&in.issueChange)
		if err != nil {
			return atlassian.Edit{}, err
		}
		edit := atlassian.Edit{Fields: fields}
		if in.DescriptionMode == "append" {
			merged, err := appendDescription(is.Get("fields.description"), fields["description"])
			if err != nil {
				return atlassian.Edit{}, err
			}
			fields["description"] = merged
		}
		if in.LabelsAdd != nil || in.LabelsRemove != nil {
			if _, err := p.system("labels_add", "labels"); err != nil {
				return atlassian.Edit{}, err
			}
			var ops []map[string]any
			for _, l := range in.LabelsAdd {
				ops = append(ops, map[string]any{"add": l})
			}
			for _, l := range in.LabelsRemove {
				ops = append(ops, map[string]any{"remove": l})
			}
			edit.Update = map[string][]map[string]any{"labels": ops}
			changed = append(changed, "labels")
		}
		for id := range fields {
			changed = append(changed, id)
		}
		return edit, nil
	})
	if err != nil {
		return nil, err
	}
	key := strings.ToUpper(in.Key)
	out := WriteOut{Key: key, URL: c.BrowseURL(key), Changed: changedNames(sc, dedupe(changed))}
	return &tools.Result{Text: fmt.Sprintf("Updated %s: %s\n%s\n", key, strings.Join(out.Changed, ", "), out.URL), Data: out}, nil
}

// appendDescription adds a Markdown-made document after the existing
// description, keeping every existing node as it was.
func appendDescription(existing gjson.Result, add any) (*adf.Node, error) {
	change, _ := add.(*adf.Node)
	var cur *adf.Node
	if existing.IsObject() {
		n, err := adf.Decode([]byte(existing.Raw))
		if err != nil {
			return nil, fmt.Errorf("read the current description: %w", err)
		}
		cur = n
	}
	merged, _, err := adf.Merge(cur, change, adf.MergeAppend, "")
	if err != nil {
		return nil, fmt.Errorf("append to the description: %w", err)
	}
	return merged, nil
}

func dedupe(ss []string) []string {
	sort.Strings(ss)
	out := ss[:0]
	for i, s := range ss {
		if i == 0 || s != ss[i-1] {
			out = append(out, s)
		}
	}
	return out
}
