package adf

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// maxDepth bounds how deeply nodes may nest. Real documents stay far below
// it; the bound keeps hostile input from exhausting memory in the renderers.
const maxDepth = 100

// Parse reads raw ADF JSON (for instance sent by an agent), checks it against
// the ADF schema and returns the doc node. The error names the JSON path of
// the first invalid node and says how to fix it.
//
// Parse is strict: it rejects fields and node types the schema does not know.
// To read a document fetched from Atlassian, which may carry newer node types,
// use Decode.
func Parse(raw []byte) (*Node, error) {
	v, err := decodeJSON(raw)
	if err != nil {
		return nil, err
	}
	conv := &converterJSON{issues: map[any]string{}}
	doc := conv.node(v, 0)
	if conv.err != nil {
		return nil, conv.err
	}
	if err := validate(doc, conv.issues); err != nil {
		return nil, err
	}
	return doc, nil
}

// Decode reads ADF JSON leniently: node types and fields this package does not
// know are kept (and written back by MarshalJSON), and nothing is checked
// against the schema. It fails only on JSON that is not a tree of nodes.
func Decode(raw []byte) (*Node, error) {
	v, err := decodeJSON(raw)
	if err != nil {
		return nil, err
	}
	conv := &converterJSON{lenient: true}
	doc := conv.node(v, 0)
	if conv.err != nil {
		return nil, conv.err
	}
	return doc, nil
}

func decodeJSON(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("adf: invalid JSON at byte %d: %w; send one JSON object such as {\"type\":\"doc\",\"version\":1,\"content\":[]}", se.Offset, err)
		}
		if errors.Is(err, io.EOF) {
			return nil, errors.New(`adf: empty input; send one JSON object such as {"type":"doc","version":1,"content":[]}`)
		}
		return nil, fmt.Errorf("adf: invalid JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("adf: unexpected data after the JSON object at byte %d; send exactly one JSON object", dec.InputOffset())
	}
	return v, nil
}

// converterJSON turns decoded JSON into nodes. In strict mode it records a
// problem per node (checked in document order by the validator); in lenient
// mode it keeps unknown fields and fails only on shapes it cannot represent.
type converterJSON struct {
	lenient bool
	issues  map[any]string
	path    []string
	err     error
}

func (c *converterJSON) fail(msg string) {
	if c.err == nil {
		c.err = &ValidationError{Path: strings.Join(c.path, ""), Msg: msg}
	}
}

func (c *converterJSON) issue(key any, msg string) {
	if _, ok := c.issues[key]; !ok {
		c.issues[key] = msg
	}
}

func (c *converterJSON) node(v any, depth int) *Node {
	n := &Node{}
	obj, ok := v.(map[string]any)
	if !ok {
		msg := fmt.Sprintf("expected a node object like {\"type\":\"paragraph\",...}, got %s", jsonKind(v))
		if c.lenient {
			c.fail(msg)
		} else {
			c.issue(n, msg)
		}
		return n
	}
	if depth > maxDepth {
		msg := fmt.Sprintf("nodes are nested more than %d levels deep; flatten the document", maxDepth)
		if c.lenient {
			c.fail(msg)
		} else {
			c.issue(n, msg)
		}
		return n
	}
	t, ok := obj["type"].(string)
	if !ok {
		msg := `every node needs a "type" string, e.g. "paragraph"`
		if c.lenient {
			c.fail(msg)
			return n
		}
		c.issue(n, msg)
	}
	n.Type = t
	spec, known := nodeSpecs()[t]
	for _, key := range sortedKeys(obj) {
		val := obj[key]
		switch key {
		case "type":
			continue
		case "attrs":
			m, ok := val.(map[string]any)
			if !ok {
				c.keyProblem(n, key, val, `"attrs" must be a JSON object`)
				continue
			}
			if !c.lenient && known && len(spec.attrs) == 0 {
				c.issue(n, fmt.Sprintf("node %q takes no attrs; remove the \"attrs\" field", t))
			}
			n.Attrs = m
		case "content":
			arr, ok := val.([]any)
			if !ok {
				c.keyProblem(n, key, val, `"content" must be an array of nodes`)
				continue
			}
			if !c.lenient && known && spec.content == "" {
				c.issue(n, fmt.Sprintf("node %q cannot have content; remove the \"content\" field", t))
			}
			n.Content = make([]*Node, len(arr))
			for i, e := range arr {
				c.path = append(c.path, ".content["+strconv.Itoa(i)+"]")
				if depth == 0 {
					c.path[len(c.path)-1] = c.path[len(c.path)-1][1:]
				}
				n.Content[i] = c.node(e, depth+1)
				c.path = c.path[:len(c.path)-1]
				if c.err != nil {
					return n
				}
			}
		case "marks":
			arr, ok := val.([]any)
			if !ok {
				c.keyProblem(n, key, val, `"marks" must be an array of marks`)
				continue
			}
			if !c.lenient && known && !spec.marks {
				c.issue(n, fmt.Sprintf("node %q cannot have marks; remove the \"marks\" field", t))
			}
			n.Marks = make([]*Mark, len(arr))
			for i, e := range arr {
				c.path = append(c.path, ".marks["+strconv.Itoa(i)+"]")
				n.Marks[i] = c.mark(e)
				c.path = c.path[:len(c.path)-1]
				if c.err != nil {
					return n
				}
			}
		case "text":
			s, ok := val.(string)
			if !ok {
				c.keyProblem(n, key, val, `"text" must be a string`)
				continue
			}
			if !c.lenient && known && t != "text" {
				c.issue(n, fmt.Sprintf("node %q cannot have a \"text\" field; put text in a child {\"type\":\"text\",\"text\":...}", t))
			}
			n.Text = s
		case "version":
			if t == "doc" {
				if !c.lenient && !isNumberOne(val) {
					c.issue(n, `"version" must be 1`)
				}
				continue
			}
			c.unknownKey(n, key, val)
		default:
			c.unknownKey(n, key, val)
		}
	}
	if !c.lenient && t == "doc" {
		if _, ok := obj["version"]; !ok {
			c.issue(n, `the doc node needs "version":1`)
		}
		if _, ok := obj["content"]; !ok {
			c.issue(n, `the doc node needs a "content" array`)
		}
	}
	return n
}

func (c *converterJSON) keyProblem(n *Node, key string, val any, msg string) {
	msg = fmt.Sprintf("%s, got %s", msg, jsonKind(val))
	if c.lenient {
		c.path = append(c.path, "."+key)
		c.fail(msg)
		c.path = c.path[:len(c.path)-1]
		return
	}
	c.issue(n, msg)
}

func (c *converterJSON) unknownKey(n *Node, key string, val any) {
	if !c.lenient {
		c.issue(n, fmt.Sprintf("unknown field %q on node %q (nodes have only type, attrs, content, marks and text)", key, n.Type))
		return
	}
	raw, err := json.Marshal(val)
	if err != nil {
		c.fail(fmt.Sprintf("field %q: %v", key, err))
		return
	}
	if n.extra == nil {
		n.extra = map[string]json.RawMessage{}
	}
	n.extra[key] = raw
}

func (c *converterJSON) mark(v any) *Mark {
	m := &Mark{}
	obj, ok := v.(map[string]any)
	if !ok {
		msg := fmt.Sprintf("expected a mark object like {\"type\":\"strong\"}, got %s", jsonKind(v))
		if c.lenient {
			c.fail(msg)
		} else {
			c.issue(m, msg)
		}
		return m
	}
	t, ok := obj["type"].(string)
	if !ok {
		if c.lenient {
			c.fail(`every mark needs a "type" string, e.g. "strong"`)
			return m
		}
		c.issue(m, `every mark needs a "type" string, e.g. "strong"`)
	}
	m.Type = t
	for _, key := range sortedKeys(obj) {
		val := obj[key]
		switch key {
		case "type":
		case "attrs":
			a, ok := val.(map[string]any)
			if !ok {
				if c.lenient {
					c.fail(fmt.Sprintf(`mark "attrs" must be a JSON object, got %s`, jsonKind(val)))
				} else {
					c.issue(m, fmt.Sprintf(`mark "attrs" must be a JSON object, got %s`, jsonKind(val)))
				}
				continue
			}
			if !c.lenient {
				if spec, ok := markSpecs()[t]; ok && spec.attrs == nil {
					c.issue(m, fmt.Sprintf("mark %q takes no attrs; remove the \"attrs\" field", t))
				}
			}
			m.Attrs = a
		default:
			if !c.lenient {
				c.issue(m, fmt.Sprintf("unknown field %q on mark %q (marks have only type and attrs)", key, t))
				continue
			}
			raw, err := json.Marshal(val)
			if err != nil {
				c.fail(fmt.Sprintf("field %q: %v", key, err))
				continue
			}
			if m.extra == nil {
				m.extra = map[string]json.RawMessage{}
			}
			m.extra[key] = raw
		}
	}
	return m
}

func isNumberOne(v any) bool {
	f, ok := toFloat(v)
	return ok && f == 1
}

func jsonKind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number, float64:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	default:
		return fmt.Sprintf("%T", x)
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
