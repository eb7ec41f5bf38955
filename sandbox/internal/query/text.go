package query

import (
	"strings"
	"unicode"
)

// Text is the right-hand side of ~, parsed by ParseText: every term must be
// found. The zero Text has no terms and matches nothing.
type Text struct{ terms []textTerm }

// textTerm is one word, a prefix (word*) or a phrase of consecutive words.
type textTerm struct {
	words  []string
	prefix bool // the last word is a prefix
}

// stopWords are ignored in queries, as the products' English analysers
// ignore them.
var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "but": true,
	"by": true, "for": true, "if": true, "in": true, "into": true, "is": true, "it": true, "no": true,
	"not": true, "of": true, "on": true, "or": true, "such": true, "that": true, "the": true,
	"their": true, "then": true, "there": true, "these": true, "they": true, "this": true, "to": true,
	"was": true, "will": true, "with": true,
}

// ParseText reads a text search: words, word* prefixes and "quoted
// phrases". A lone English stop word is dropped; an unclosed phrase runs to
// the end.
func ParseText(s string) Text {
	var q Text
	add := func(chunk string, phrase bool) {
		ws := words(chunk)
		if len(ws) == 0 {
			return
		}
		prefix := strings.HasSuffix(strings.TrimSpace(chunk), "*")
		if len(ws) == 1 && !phrase && !prefix && stopWords[ws[0]] {
			return
		}
		q.terms = append(q.terms, textTerm{words: ws, prefix: prefix})
	}
	for s != "" {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			break
		}
		if s[0] == '"' {
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				add(s[1:], true)
				break
			}
			add(s[1:end+1], true)
			s = s[end+2:]
			continue
		}
		end := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '"' })
		if end < 0 {
			end = len(s)
		}
		add(s[:end], false)
		s = s[end:]
	}
	return q
}

// words splits text into lower-case runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// Match reports whether every term is found in one of the values; values
// that are not strings are skipped.
func (q Text) Match(values []any) bool {
	if len(q.terms) == 0 {
		return false
	}
	docs := make([][]string, 0, len(values))
	for _, v := range values {
		if s, ok := v.(string); ok {
			docs = append(docs, words(s))
		}
	}
	for _, t := range q.terms {
		found := false
		for _, d := range docs {
			if t.in(d) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// in reports whether the term occurs in a document's words.
func (t textTerm) in(doc []string) bool {
	n := len(t.words)
	for i := 0; i+n <= len(doc); i++ {
		ok := true
		for j, w := range t.words {
			last := j == n-1
			if doc[i+j] != w && !(last && t.prefix && strings.HasPrefix(doc[i+j], w)) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
