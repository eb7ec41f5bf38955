//go:build tools

// Package deps pins the project's direct dependencies before the packages
// that use them exist, so that go.mod and go.sum stay stable while work lands.
package deps

import (
	_ "github.com/andygrunwald/go-jira"
	_ "github.com/getkin/kin-openapi/openapi3filter"
	_ "github.com/mark3labs/mcp-go/client"
	_ "github.com/mark3labs/mcp-go/server"
	_ "github.com/santhosh-tekuri/jsonschema/v6"
	_ "github.com/tidwall/gjson"
	_ "github.com/yuin/goldmark"
	_ "golang.org/x/oauth2"
	_ "golang.org/x/sync/singleflight"
	_ "gopkg.in/yaml.v3"
)
