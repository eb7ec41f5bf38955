package sandbox

import (
	"encoding/json"
	"errors"
	"strings"
)

// jsonString returns s as a JSON string literal.
func jsonString(s string) (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}

// validADF checks that raw is an ADF document.
func validADF(raw json.RawMessage) error {
	var doc struct {
		Type    string            `json:"type"`
		Version int               `json:"version"`
		Content []json.RawMessage `json:"content"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return errors.New("the value is not a JSON object")
	}
	if doc.Type != "doc" || doc.Version != 1 {
		return errors.New(`the root node must be {"type":"doc","version":1}`)
	}
	return nil
}

// plainText flattens an ADF document to its text, for searching.
func plainText(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var n struct {
		Text    string            `json:"text"`
		Content []json.RawMessage `json:"content"`
	}
	if json.Unmarshal(raw, &n) != nil {
		return ""
	}
	parts := []string{}
	if n.Text != "" {
		parts = append(parts, n.Text)
	}
	for _, c := range n.Content {
		if t := plainText(c); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, " ")
}
