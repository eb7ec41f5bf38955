package adf

import (
	"regexp"
	"strings"
	"sync"

	"github.com/clawbridge/atlassian-mcp/internal/lazyre"
)

// This file writes the inline syntax units: code spans, autolinks, mentions
// and statuses, and serialises tokens.

// accountIDRE checks the characters of an account id; its length (at most
// 128) is checked apart, since a counted repetition compiles slowly.
var accountIDRE = lazyre.New(`^[A-Za-z0-9:._-]+$`)

func mentionTokens(n *Node) []token {
	name := strings.TrimPrefix(n.attrString("text"), "@")
	name = strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if strings.ContainsRune("[]\\|", r) {
			return -1
		}
		return r
	}, name)), " ")
	id := n.attrString("id")
	if len(id) > 128 || !accountIDRE().MatchString(id) {
		if name == "" {
			return []token{{tokSyntax, "[mention]"}}
		}
		return []token{{tokText, "@" + name}}
	}
	if name == "" {
		name = id
	}
	return []token{{tokSyntax, "@[" + name + "](accountid:" + id + ")"}}
}

func statusToken(n *Node, ctx inlineCtx) token {
	t := strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if strings.ContainsRune("|{}\\", r) {
			return -1
		}
		return r
	}, n.attrString("text"))), " ")
	if t == "" {
		return token{tokSyntax, "[status]"}
	}
	color := strings.ToLower(n.attrString("color"))
	if color == "" || color == "neutral" || !validStatusColor(color) {
		return token{tokSyntax, "{status:" + t + "}"}
	}
	sep := "|"
	if ctx == inCell {
		sep = `\|`
	}
	return token{tokSyntax, "{status:" + t + sep + color + "}"}
}

// codeSpan writes code text between enough backticks, padded with a space
// where CommonMark would otherwise strip or merge characters.
func codeSpan(s string, cell bool) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if cell {
		s = strings.ReplaceAll(s, "|", `\|`)
	}
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	allSpace := strings.Trim(s, " ") == ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") ||
		(!allSpace && strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ")) {
		s = " " + s + " "
	}
	return fence + s + fence
}

var (
	// CommonMark's autolink grammar. These are compiled on first use: with
	// their counted repetitions they cost a millisecond at start-up.
	autolinkURIRE   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\x00-\x20\x7f]*$`) })
	autolinkEmailRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[a-zA-Z0-9.!#$%&'*+/=?^_` + "`" + `{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$`)
	})
)

func isAutolinkURI(s string) bool { return autolinkURIRE().MatchString(s) }

// autolink returns <url> when a link's text is its own address.
func autolink(textValue string, link *Mark, ctx inlineCtx) (string, bool) {
	href := link.attrString("href")
	if link.attrString("title") != "" || (ctx == inCell && strings.Contains(href, "|")) {
		return "", false
	}
	if textValue == href && isAutolinkURI(href) {
		return "<" + href + ">", true
	}
	if href == "mailto:"+textValue && autolinkEmailRE().MatchString(textValue) {
		return "<" + textValue + ">", true
	}
	return "", false
}

// serialize writes tokens, escaping text by its position on the line.
func serialize(toks []token, ctx inlineCtx) string {
	var b strings.Builder
	lineStart := true
	for i, t := range toks {
		switch t.kind {
		case tokBreak:
			if ctx == inPara {
				b.WriteString("\\\n")
				lineStart = true
			} else {
				b.WriteString("<br>")
			}
		case tokSyntax:
			if t.s == "" {
				continue
			}
			b.WriteString(t.s)
			lineStart = false
		case tokText:
			e := escCtx{lineStart: lineStart, cell: ctx == inCell, heading: ctx == inHeading}
			e.lineEnd = true
			for j := i + 1; j < len(toks); j++ {
				if toks[j].kind == tokBreak && ctx == inPara {
					break
				}
				if toks[j].s != "" || toks[j].kind == tokBreak {
					e.lineEnd = false
					e.next = firstByte(toks[j])
					break
				}
			}
			if s := b.String(); len(s) > 0 {
				e.prev = s[len(s)-1]
			}
			b.WriteString(escapeText(t.s, e))
			lineStart = false
		}
	}
	return b.String()
}

func firstByte(t token) byte {
	switch {
	case t.kind == tokBreak:
		return '\n'
	case t.s == "":
		return 0
	case t.kind == tokText:
		return 'a' // escaped text never starts a construct with what precedes it
	}
	return t.s[0]
}
