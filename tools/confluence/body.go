package confluence

import (
	"encoding/json"
	"strings"

	"github.com/clawbridge/atlassian-mcp/adf"
	"github.com/clawbridge/atlassian-mcp/tools"
)

// maxBody bounds a body an agent sends, in bytes.
const maxBody = 1 << 20

// maxPageText bounds the Markdown of a page returned to an agent, in bytes.
const maxPageText = 40000

// inputDoc turns an agent's body into an ADF document: Markdown through
// adf.FromMarkdown, which always yields a valid document, or raw ADF
// through adf.Parse, whose error names the JSON path of the first invalid
// node.
func inputDoc(arg, body, format string) (*adf.Node, error) {
	if len(body) > maxBody {
		return nil, tools.Inputf("argument %q is %d bytes; the limit is %d", arg, len(body), maxBody)
	}
	if format != formatADF {
		return adf.FromMarkdown(body, adf.Confluence), nil
	}
	doc, err := adf.Parse([]byte(body))
	if err != nil {
		return nil, tools.Inputf("argument %q is not valid ADF: %v", arg, err)
	}
	return doc, nil
}

// storedDoc reads a page's stored ADF leniently, keeping node types and
// fields this program does not know so that they are written back intact.
func storedDoc(value string) (*adf.Node, error) {
	if strings.TrimSpace(value) == "" {
		return &adf.Node{Type: "doc", Content: []*adf.Node{}}, nil
	}
	return adf.Decode([]byte(value))
}

// marshalDoc renders a document as ADF JSON.
func marshalDoc(doc *adf.Node) (json.RawMessage, error) {
	return json.Marshal(doc)
}

// describeRemoved says what a replace removed, for a warning.
func describeRemoved(removed []string) string {
	if len(removed) == 0 {
		return ""
	}
	return "Warning: the new body dropped content Markdown cannot hold: " + strings.Join(removed, ", ") +
		". To keep such content, update with mode append, prepend or section, or send format adf."
}
