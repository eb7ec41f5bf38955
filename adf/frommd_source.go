package adf

// This file holds what a conversion does to its source before goldmark
// reads it, the plain-text fallback, and the local ids it generates.

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// normalizeSource makes line endings "\n", replaces NUL and invalid UTF-8 with
// U+FFFD, as CommonMark asks.
func normalizeSource(md string) string {
	if !utf8.ValidString(md) {
		md = strings.ToValidUTF8(md, "\uFFFD")
	}
	if strings.IndexByte(md, '\r') >= 0 || strings.IndexByte(md, 0) >= 0 {
		md = strings.ReplaceAll(md, "\r\n", "\n")
		md = strings.ReplaceAll(md, "\r", "\n")
		md = strings.ReplaceAll(md, "\x00", "\uFFFD")
	}
	return md
}

func plainDoc(md string) *Node {
	doc := &Node{Type: "doc", Content: []*Node{}}
	for _, para := range strings.Split(normalizeSource(md), "\n\n") {
		var inl []*Node
		for i, line := range strings.Split(para, "\n") {
			if i > 0 && len(inl) > 0 {
				inl = append(inl, &Node{Type: "hardBreak"})
			}
			if line != "" {
				inl = append(inl, &Node{Type: "text", Text: line})
			}
		}
		inl = trimBreaks(inl)
		if len(inl) > 0 {
			doc.Content = append(doc.Content, &Node{Type: "paragraph", Content: inl})
		}
	}
	return doc
}

// localIDPrefix begins every generated local id; the hexadecimal number
// that follows counts the ids of one conversion from 1.
const localIDPrefix = "00000000-0000-4000-8000-"

// localID returns the n-th generated local id, shaped like a UUID.
func localID(n int) string {
	h := strconv.FormatInt(int64(n), 16)
	if len(h) < 12 {
		h = "000000000000"[len(h):] + h
	}
	return localIDPrefix + h
}
