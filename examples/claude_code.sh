#!/bin/sh
# Claude Code: a local server over stdio against the sandbox...
claude mcp add atlassian-sandbox -- atlassian-mcp serve --sandbox
# ...a local server for one Claw of your configuration...
claude mcp add atlassian -- atlassian-mcp serve --claw eng-bot
# ...or a remote one over streamable HTTP, authenticated with a caller key.
claude mcp add --transport http atlassian-remote https://mcp.example.com/mcp \
  --header "Authorization: Bearer $ATLASSIAN_MCP_CALLER_KEY"
