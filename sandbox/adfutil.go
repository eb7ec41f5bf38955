package sandbox

import (
	"encoding/json"
	"strings"

	"github.com/clawbridge/atlassian-mcp/adf"
)

// jsonString returns s as a JSON string literal.
func jsonString(s string) (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}

// validADF checks that raw is an ADF document valid against the ADF
// schema, as Jira checks rich-text fields; the error says what is wrong
// and where.
func validADF(raw json.RawMessage) error {
	_, err := adf.Parse(raw)
	return err
}

// plainText flattens an ADF document to its text, for searching. Blocks
// are separated by spaces, so words never run together.
func plainText(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	n, err := adf.Decode(raw)
	if err != nil {
		return ""
	}
	return strings.Join(strings.Fields(adf.PlainText(n)), " ")
}
