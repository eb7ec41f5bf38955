package tools

import (
	_ "embed"
	"encoding/json"
	"os"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
)

// outSchemasJSON holds every tool's output schema, computed by reflection
// when the schemas change (`go test ./tools/catalog -run OutputSchemas
// -update`). Reflecting over two dozen output types costs about 10 ms at
// every start-up, a tenth of the budget an agent runtime waits for
// tools/list; reading them from this file costs almost nothing.
//
//go:embed outschemas.json
var outSchemasJSON []byte

// ReflectSchemasEnv, when set, makes OutputSchema compute every schema by
// reflection instead of reading outschemas.json; the catalogue test uses
// it to regenerate and check the file.
const ReflectSchemasEnv = "ATLASSIAN_MCP_REFLECT_SCHEMAS"

var outSchemas = sync.OnceValue(func() map[string]json.RawMessage {
	m := map[string]json.RawMessage{}
	_ = json.Unmarshal(outSchemasJSON, &m)
	return m
})

// OutputSchema declares T's JSON schema as a tool's output schema: the one
// outschemas.json holds under the tool's name, or T's by reflection.
func OutputSchema[T any]() mcp.ToolOption {
	return func(t *mcp.Tool) {
		if os.Getenv(ReflectSchemasEnv) == "" {
			if raw, ok := outSchemas()[t.Name]; ok {
				t.RawOutputSchema = raw
				return
			}
		}
		mcp.WithOutputSchema[T]()(t)
	}
}
