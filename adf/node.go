package adf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"unicode/utf8"
)

// A Node is one node of an Atlassian Document Format tree: the doc itself, a
// block such as a paragraph or table, or an inline such as text or a mention.
//
// Marshalling is deterministic: fields come out in a fixed order and attribute
// maps with sorted keys, so two equal trees marshal to equal bytes. The doc
// node always carries "version":1 and a "content" array.
type Node struct {
	Type    string         `json:"type"`
	Attrs   map[string]any `json:"attrs,omitempty"`
	Content []*Node        `json:"content,omitempty"`
	Marks   []*Mark        `json:"marks,omitempty"`
	Text    string         `json:"text,omitempty"`

	// extra holds fields this package does not model, kept by Decode so that
	// a document read from Atlassian can be written back without losing them.
	extra map[string]json.RawMessage
}

// A Mark is formatting applied to an inline node, such as strong, a link or a
// text colour.
type Mark struct {
	Type  string         `json:"type"`
	Attrs map[string]any `json:"attrs,omitempty"`

	extra map[string]json.RawMessage
}

// MarshalJSON writes the node in its canonical form.
func (n Node) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := writeNode(&b, &n); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// MarshalJSON writes the mark in its canonical form.
func (m Mark) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := writeMark(&b, &m); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// UnmarshalJSON reads a node leniently, like Decode: unknown fields are kept
// and nothing is checked against the schema. Use Parse to validate.
func (n *Node) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil // as encoding/json does for other types
	}
	v, err := decodeJSON(data)
	if err != nil {
		return err
	}
	conv := &converterJSON{lenient: true}
	out := conv.node(v, 0)
	if conv.err != nil {
		return conv.err
	}
	*n = *out
	return nil
}

// UnmarshalJSON reads a mark leniently; unknown fields are kept.
func (m *Mark) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	v, err := decodeJSON(data)
	if err != nil {
		return err
	}
	conv := &converterJSON{lenient: true}
	out := conv.mark(v)
	if conv.err != nil {
		return conv.err
	}
	*m = *out
	return nil
}

func writeNode(b *bytes.Buffer, n *Node) error {
	if n == nil {
		b.WriteString("null")
		return nil
	}
	b.WriteString(`{"type":`)
	writeString(b, n.Type)
	if n.Type == "doc" {
		b.WriteString(`,"version":1`)
	}
	if len(n.Attrs) > 0 || (n.Attrs != nil && nodeSpecs()[n.Type].attrsRequired) {
		b.WriteString(`,"attrs":`)
		if err := writeValue(b, n.Attrs); err != nil {
			return err
		}
	}
	if n.Content != nil || n.Type == "doc" {
		b.WriteString(`,"content":[`)
		for i, c := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeNode(b, c); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	}
	if len(n.Marks) > 0 {
		b.WriteString(`,"marks":[`)
		for i, m := range n.Marks {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeMark(b, m); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	}
	if n.Text != "" {
		b.WriteString(`,"text":`)
		writeString(b, n.Text)
	}
	writeExtra(b, n.extra)
	b.WriteByte('}')
	return nil
}

func writeMark(b *bytes.Buffer, m *Mark) error {
	if m == nil {
		b.WriteString("null")
		return nil
	}
	b.WriteString(`{"type":`)
	writeString(b, m.Type)
	if len(m.Attrs) > 0 {
		b.WriteString(`,"attrs":`)
		if err := writeValue(b, m.Attrs); err != nil {
			return err
		}
	}
	writeExtra(b, m.extra)
	b.WriteByte('}')
	return nil
}

func writeExtra(b *bytes.Buffer, extra map[string]json.RawMessage) {
	if len(extra) == 0 {
		return
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		b.WriteByte(',')
		writeString(b, k)
		b.WriteByte(':')
		b.Write(extra[k])
	}
}

// writeValue writes an attribute value. Maps come out with sorted keys and
// strings without HTML escaping, so the output is stable and readable.
func writeValue(b *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		writeString(b, x)
	case bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case json.Number:
		raw, err := json.Marshal(x) // validates the number's syntax
		if err != nil {
			return fmt.Errorf("adf: attribute value %q: %w", string(x), err)
		}
		b.Write(raw)
	case float64:
		return writeFloat(b, x)
	case float32:
		return writeFloat(b, float64(x))
	case int:
		b.WriteString(strconv.Itoa(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case int32:
		b.WriteString(strconv.FormatInt(int64(x), 10))
	case uint64:
		b.WriteString(strconv.FormatUint(x, 10))
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeValue(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case []string:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, e)
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, k)
			b.WriteByte(':')
			if err := writeValue(b, x[k]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	default:
		// Anything else goes through encoding/json, which sorts map keys too.
		raw, err := json.Marshal(x)
		if err != nil {
			return fmt.Errorf("adf: attribute value of type %T: %w", v, err)
		}
		b.Write(raw)
	}
	return nil
}

func writeFloat(b *bytes.Buffer, f float64) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return fmt.Errorf("adf: attribute value %v is not a JSON number", f)
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		b.WriteString(strconv.FormatInt(int64(f), 10))
		return nil
	}
	b.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
	return nil
}

const hexDigits = "0123456789abcdef"

// writeString writes s as a JSON string. Invalid UTF-8 becomes U+FFFD, and
// U+2028 and U+2029 are escaped as encoding/json does.
func writeString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b.WriteString(s[start:i])
			switch c {
			case '"':
				b.WriteString(`\"`)
			case '\\':
				b.WriteString(`\\`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				b.WriteString(`\u00`)
				b.WriteByte(hexDigits[c>>4])
				b.WriteByte(hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString(s[start:i])
			b.WriteString(`\ufffd`)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b.WriteString(s[start:i])
			b.WriteString(`\u202`)
			b.WriteByte(hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

// Clone returns a deep copy of the node and everything below it.
func (n *Node) Clone() *Node {
	if n == nil {
		return nil
	}
	c := &Node{Type: n.Type, Text: n.Text}
	if n.Attrs != nil {
		c.Attrs = cloneMap(n.Attrs)
	}
	if n.Content != nil {
		c.Content = make([]*Node, len(n.Content))
		for i, ch := range n.Content {
			c.Content[i] = ch.Clone()
		}
	}
	if n.Marks != nil {
		c.Marks = make([]*Mark, len(n.Marks))
		for i, m := range n.Marks {
			c.Marks[i] = m.Clone()
		}
	}
	if n.extra != nil {
		c.extra = make(map[string]json.RawMessage, len(n.extra))
		for k, v := range n.extra {
			c.extra[k] = append(json.RawMessage(nil), v...)
		}
	}
	return c
}

// Clone returns a deep copy of the mark.
func (m *Mark) Clone() *Mark {
	if m == nil {
		return nil
	}
	c := &Mark{Type: m.Type}
	if m.Attrs != nil {
		c.Attrs = cloneMap(m.Attrs)
	}
	if m.extra != nil {
		c.extra = make(map[string]json.RawMessage, len(m.extra))
		for k, v := range m.extra {
			c.extra[k] = append(json.RawMessage(nil), v...)
		}
	}
	return c
}

func cloneMap(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = cloneValue(v)
	}
	return c
}

func cloneValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return cloneMap(x)
	case []any:
		c := make([]any, len(x))
		for i, e := range x {
			c[i] = cloneValue(e)
		}
		return c
	case []string:
		return append([]string(nil), x...)
	default:
		return v
	}
}

// attrString returns the string attribute key, or "" when it is absent or not
// a string.
func (n *Node) attrString(key string) string {
	if n == nil || n.Attrs == nil {
		return ""
	}
	s, _ := n.Attrs[key].(string)
	return s
}

// attrNumber returns the numeric attribute key and whether it is a number.
func (n *Node) attrNumber(key string) (float64, bool) {
	if n == nil || n.Attrs == nil {
		return 0, false
	}
	return toFloat(n.Attrs[key])
}

func (m *Mark) attrString(key string) string {
	if m == nil || m.Attrs == nil {
		return ""
	}
	s, _ := m.Attrs[key].(string)
	return s
}

// toFloat converts any JSON-ish number to float64.
func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case uint64:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return 0, false
		}
		return f, true
	}
	return 0, false
}
