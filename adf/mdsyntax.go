package adf

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// This file adds the ADF-only inline syntax to goldmark:
//
//	@[Display Name](accountid:ID)   mention
//	{status:TEXT|color}             status lozenge (color optional, default neutral)
//	{date:YYYY-MM-DD}               date
//
// The parsers read the raw source, so a backslash before '@' or '{' (or any
// escape inside) keeps the text literal, and nothing inside code spans is
// touched.

// Node kinds of the custom inline nodes. NewNodeKind registers a name, so
// these are set once at start-up and never change.
var (
	kindMention = gast.NewNodeKind("ADFMention")
	kindStatus  = gast.NewNodeKind("ADFStatus")
	kindDate    = gast.NewNodeKind("ADFDate")
)

// mentionNode is a parsed @[Name](accountid:ID).
type mentionNode struct {
	gast.BaseInline
	name, id string
}

// Kind implements gast.Node.
func (n *mentionNode) Kind() gast.NodeKind { return kindMention }

// Dump implements gast.Node.
func (n *mentionNode) Dump(src []byte, level int) {
	gast.DumpHelper(n, src, level, map[string]string{"Name": n.name, "ID": n.id}, nil)
}

// statusNode is a parsed {status:TEXT|color}.
type statusNode struct {
	gast.BaseInline
	text, color string
}

// Kind implements gast.Node.
func (n *statusNode) Kind() gast.NodeKind { return kindStatus }

// Dump implements gast.Node.
func (n *statusNode) Dump(src []byte, level int) {
	gast.DumpHelper(n, src, level, map[string]string{"Text": n.text, "Color": n.color}, nil)
}

// dateNode is a parsed {date:YYYY-MM-DD}; timestamp is in Unix milliseconds.
type dateNode struct {
	gast.BaseInline
	timestamp string
}

// Kind implements gast.Node.
func (n *dateNode) Kind() gast.NodeKind { return kindDate }

// Dump implements gast.Node.
func (n *dateNode) Dump(src []byte, level int) {
	gast.DumpHelper(n, src, level, map[string]string{"Timestamp": n.timestamp}, nil)
}

// adfSyntax is the goldmark extension that adds the parsers below.
type adfSyntax struct{}

// Extend implements goldmark.Extender.
func (adfSyntax) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(mentionParser{}, 150),
		util.Prioritized(braceParser{}, 150),
	))
}

// mentionParser reads @[Name](accountid:ID).
type mentionParser struct{}

// Trigger implements parser.InlineParser.
func (mentionParser) Trigger() []byte { return []byte{'@'} }

// Parse implements parser.InlineParser.
func (mentionParser) Parse(_ gast.Node, block text.Reader, _ parser.Context) gast.Node {
	line, _ := block.PeekLine()
	name, id, n := scanMention(line)
	if n == 0 {
		return nil
	}
	block.Advance(n)
	return &mentionNode{name: name, id: id}
}

const accountIDPrefix = "accountid:"

// scanMention matches @[Name](accountid:ID) at the start of line and returns
// the name, the id and the length matched (0 when there is no match).
func scanMention(line []byte) (name, id string, n int) {
	if len(line) < 2 || line[0] != '@' || line[1] != '[' {
		return "", "", 0
	}
	end := bytes.IndexByte(line[2:], ']')
	if end < 0 {
		return "", "", 0
	}
	rawName := line[2 : 2+end]
	if bytes.ContainsAny(rawName, "[\\|\n") {
		return "", "", 0
	}
	name = strings.TrimSpace(string(rawName))
	if name == "" || len(name) > 200 {
		return "", "", 0
	}
	rest := line[2+end+1:]
	if len(rest) < 1+len(accountIDPrefix) || rest[0] != '(' ||
		!strings.EqualFold(string(rest[1:1+len(accountIDPrefix)]), accountIDPrefix) {
		return "", "", 0
	}
	rest = rest[1+len(accountIDPrefix):]
	i := 0
	for i < len(rest) && isAccountIDByte(rest[i]) {
		i++
	}
	if i == 0 || i > 128 || i >= len(rest) || rest[i] != ')' {
		return "", "", 0
	}
	id = string(rest[:i])
	return name, id, 2 + end + 1 + 1 + len(accountIDPrefix) + i + 1
}

func isAccountIDByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ':' || c == '-' || c == '_' || c == '.'
}

// braceParser reads {status:…} and {date:…}.
type braceParser struct{}

// Trigger implements parser.InlineParser.
func (braceParser) Trigger() []byte { return []byte{'{'} }

// Parse implements parser.InlineParser.
func (braceParser) Parse(_ gast.Node, block text.Reader, _ parser.Context) gast.Node {
	line, _ := block.PeekLine()
	if txt, color, n := scanStatus(line); n > 0 {
		block.Advance(n)
		return &statusNode{text: txt, color: color}
	}
	if ts, n := scanDate(line); n > 0 {
		block.Advance(n)
		return &dateNode{timestamp: ts}
	}
	return nil
}

// statusColors are the lozenge colours ADF accepts by name.
var statusColors = []string{"neutral", "purple", "blue", "red", "yellow", "green"}

// scanStatus matches {status:TEXT}, {status:TEXT|color} or, inside table
// cells where '|' must be escaped, {status:TEXT\|color}.
func scanStatus(line []byte) (txt, color string, n int) {
	const prefix = "{status:"
	if !bytes.HasPrefix(line, []byte(prefix)) {
		return "", "", 0
	}
	rest := line[len(prefix):]
	i := 0
	for i < len(rest) && !isStatusStop(rest[i]) {
		i++
	}
	txt = strings.TrimSpace(string(rest[:i]))
	if txt == "" || len(txt) > 100 || i >= len(rest) {
		return "", "", 0
	}
	switch {
	case rest[i] == '}':
		return txt, "neutral", len(prefix) + i + 1
	case rest[i] == '|':
		i++
	case rest[i] == '\\' && i+1 < len(rest) && rest[i+1] == '|':
		i += 2
	default:
		return "", "", 0
	}
	end := bytes.IndexByte(rest[i:], '}')
	if end < 0 {
		return "", "", 0
	}
	color = strings.ToLower(strings.TrimSpace(string(rest[i : i+end])))
	if !validStatusColor(color) {
		return "", "", 0
	}
	return txt, color, len(prefix) + i + end + 1
}

func isStatusStop(c byte) bool {
	return c == '|' || c == '}' || c == '{' || c == '\\' || c == '\n'
}

func validStatusColor(c string) bool {
	if contains(statusColors, c) {
		return true
	}
	if len(c) != 7 || c[0] != '#' {
		return false
	}
	for i := 1; i < 7; i++ {
		if !util.IsHexDecimal(c[i]) {
			return false
		}
	}
	return true
}

// scanDate matches {date:YYYY-MM-DD} and returns the ADF timestamp (Unix
// milliseconds at 00:00 UTC, as a decimal string).
func scanDate(line []byte) (ts string, n int) {
	const prefix = "{date:"
	if !bytes.HasPrefix(line, []byte(prefix)) || len(line) < len(prefix)+11 || line[len(prefix)+10] != '}' {
		return "", 0
	}
	d, err := time.Parse("2006-01-02", string(line[len(prefix):len(prefix)+10]))
	if err != nil {
		return "", 0
	}
	return strconv.FormatInt(d.UnixMilli(), 10), len(prefix) + 11
}

// formatDate turns an ADF timestamp back into YYYY-MM-DD (UTC); ok is false
// when the timestamp is not a whole number of milliseconds.
func formatDate(ts string) (string, bool) {
	ms, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "", false
	}
	t := time.UnixMilli(ms).UTC()
	if t.Year() < 1 || t.Year() > 9999 {
		return "", false
	}
	return t.Format("2006-01-02"), true
}
