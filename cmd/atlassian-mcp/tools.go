package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/clawbridge/atlassian-mcp/tools/catalog"
)

// runTools prints the catalogue: name, toolset, read-only or not, scopes.
func runTools(_ context.Context, args []string, env *environment) int {
	fs := flag.NewFlagSet("tools", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	asJSON := fs.Bool("json", false, "print the catalogue as JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	all := catalog.All()
	if *asJSON {
		type row struct {
			Name     string   `json:"name"`
			Toolset  string   `json:"toolset"`
			ReadOnly bool     `json:"read_only"`
			Classic  []string `json:"classic_scopes"`
			Granular []string `json:"granular_scopes"`
		}
		rows := make([]row, 0, len(all))
		for _, t := range all {
			rows = append(rows, row{t.Def.Name, t.Toolset, t.ReadOnly(), t.Classic, t.Granular})
		}
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rows); err != nil {
			return 1
		}
		return 0
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TOOL\tTOOLSET\tACCESS\tCLASSIC SCOPES\tGRANULAR SCOPES")
	for _, t := range all {
		access := "write"
		if t.ReadOnly() {
			access = "read-only"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.Def.Name, t.Toolset, access, strings.Join(t.Classic, " "), strings.Join(t.Granular, " "))
	}
	if err := tw.Flush(); err != nil {
		return 1
	}
	return 0
}
