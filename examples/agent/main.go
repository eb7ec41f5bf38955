// Command agent is a minimal Go agent loop's MCP side: it starts
// atlassian-mcp against the sandbox over stdio, lists the tools it may use,
// and runs a JQL search, as an LLM's tool calls would.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
)

func main() {
	bin := "atlassian-mcp"
	if len(os.Args) > 1 {
		bin = os.Args[1]
	}
	c, err := client.NewStdioMCPClient(bin, nil, "serve", "--sandbox")
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "example-agent", Version: "1"}
	if _, err := c.Initialize(ctx, init); err != nil {
		log.Fatal(err)
	}
	tools, err := c.ListTools(ctx, mcp.ListToolsRequest{})
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range tools.Tools {
		fmt.Printf("%-32s %s\n", t.Name, t.Description)
	}
	req := mcp.CallToolRequest{}
	req.Params.Name = "jira_search"
	req.Params.Arguments = map[string]any{"jql": "project = ENG AND statusCategory != Done ORDER BY priority DESC", "limit": 5}
	res, err := c.CallTool(ctx, req)
	if err != nil {
		log.Fatal(err)
	}
	for _, content := range res.Content {
		if t, ok := content.(mcp.TextContent); ok {
			fmt.Println(t.Text)
		}
	}
}
