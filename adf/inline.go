package adf

import (
	"bytes"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"
)

// This file holds helpers for inline content: decoding Markdown text and
// normalising runs of inline nodes.

// markRank orders marks so that equal sets compare equal.
var markRank = map[string]int{
	"link": 1, "em": 2, "strong": 3, "strike": 4, "underline": 5, "subsup": 6,
	"code": 7, "textColor": 8, "backgroundColor": 9, "annotation": 10,
}

func sortMarks(ms []*Mark) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && markRank[ms[j].Type] < markRank[ms[j-1].Type]; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

// normalizeInline drops empty text, merges neighbouring text with equal
// marks, and trims hard breaks from both ends.
func normalizeInline(in []*Node) []*Node {
	out := in[:0]
	for _, n := range in {
		if n.Type == "text" && n.Text == "" {
			continue
		}
		if n.Type == "text" && len(out) > 0 {
			prev := out[len(out)-1]
			if prev.Type == "text" && sameMarks(prev.Marks, n.Marks) {
				out[len(out)-1] = &Node{Type: "text", Text: prev.Text + n.Text, Marks: prev.Marks}
				continue
			}
		}
		out = append(out, n)
	}
	return trimBreaks(out)
}

func trimBreaks(in []*Node) []*Node {
	for len(in) > 0 && in[0].Type == "hardBreak" {
		in = in[1:]
	}
	for len(in) > 0 && in[len(in)-1].Type == "hardBreak" {
		in = in[:len(in)-1]
	}
	if len(in) == 0 {
		return nil
	}
	return in
}

// trimSpaceEdges removes spaces and hard breaks where a paragraph was split
// around an image.
func trimSpaceEdges(in []*Node) []*Node {
	for len(in) > 0 {
		in = trimBreaks(in)
		if len(in) == 0 || in[0].Type != "text" {
			break
		}
		t := strings.TrimLeft(in[0].Text, " \t")
		if t != "" {
			in[0] = &Node{Type: "text", Text: t, Marks: in[0].Marks}
			break
		}
		in = in[1:]
	}
	for len(in) > 0 {
		in = trimBreaks(in)
		last := len(in) - 1
		if len(in) == 0 || in[last].Type != "text" {
			break
		}
		t := strings.TrimRight(in[last].Text, " \t")
		if t != "" {
			in[last] = &Node{Type: "text", Text: t, Marks: in[last].Marks}
			break
		}
		in = in[:last]
	}
	return in
}

func hasImage(inl []*Node) bool {
	for _, n := range inl {
		if n.Type == "image" {
			return true
		}
	}
	return false
}

// imagesToText turns images into linked text (the alt text, or the address),
// for places where ADF allows no media.
func imagesToText(inl []*Node) []*Node {
	out := inl[:0]
	for _, n := range inl {
		if n.Type != "image" {
			out = append(out, n)
			continue
		}
		url, alt := n.attrString("url"), n.attrString("alt")
		label := alt
		if label == "" {
			label = url
		}
		if label == "" {
			continue
		}
		t := &Node{Type: "text", Text: label}
		switch {
		case len(n.Marks) > 0:
			t.Marks = n.Marks
		case url != "":
			t.Marks = []*Mark{{Type: "link", Attrs: map[string]any{"href": url}}}
		}
		out = append(out, t)
	}
	return out
}

func sameMarks(a, b []*Mark) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameMark(a[i], b[i]) {
			return false
		}
	}
	return true
}

func sameMark(a, b *Mark) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil || a.Type != b.Type || len(a.Attrs) != len(b.Attrs) {
		return false
	}
	for k, v := range a.Attrs {
		w, ok := b.Attrs[k]
		if !ok {
			return false
		}
		if sv, ok := v.(string); ok {
			if sw, ok := w.(string); !ok || sv != sw {
				return false
			}
			continue
		}
		if !reflect.DeepEqual(v, w) {
			return false
		}
	}
	return true
}

// decodeURL resolves escapes and character references in a link
// destination, exactly as goldmark does before rendering it.
func decodeURL(dest []byte) string {
	return string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(dest))))
}

// decodeText resolves backslash escapes and character references in text,
// mirroring goldmark's HTML writer (so the text is what a reader sees).
func decodeText(src []byte) string {
	if bytes.IndexByte(src, '\\') < 0 && bytes.IndexByte(src, '&') < 0 {
		return string(src)
	}
	return string(appendDecoded(nil, src))
}

// appendDecoded appends the decoded form of src (see decodeText) to dst.
func appendDecoded(dst, src []byte) []byte {
	if bytes.IndexByte(src, '\\') < 0 && bytes.IndexByte(src, '&') < 0 {
		return append(dst, src...)
	}
	escaped := false
	n := 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		if escaped {
			escaped = false
			if util.IsPunct(c) {
				dst = append(dst, src[n:i-1]...)
				n = i
				continue
			}
		}
		if c == '&' {
			if r, end, ok := charRef(src, i); ok {
				dst = append(dst, src[n:i]...)
				dst = append(dst, r...)
				n = end
				i = end - 1
				continue
			}
		}
		if c == '\\' {
			escaped = true
		}
	}
	return append(dst, src[n:]...)
}

// charRef decodes the character reference starting at src[i] ('&'); end is
// the index after its ';'.
func charRef(src []byte, i int) (string, int, bool) {
	j := i + 1
	if j < len(src) && src[j] == '#' {
		j++
		if j < len(src) && (src[j] == 'x' || src[j] == 'X') {
			start := j + 1
			k := start
			for k < len(src) && util.IsHexDecimal(src[k]) {
				k++
			}
			if k > start && k < len(src) && src[k] == ';' && k-start < 7 {
				v, _ := strconv.ParseUint(string(src[start:k]), 16, 32)
				return string(validRune(rune(v))), k + 1, true
			}
			return "", 0, false
		}
		start := j
		k := start
		for k < len(src) && util.IsNumeric(src[k]) {
			k++
		}
		if k > start && k < len(src) && src[k] == ';' && k-start < 8 {
			v, _ := strconv.ParseUint(string(src[start:k]), 10, 32)
			return string(validRune(rune(v))), k + 1, true
		}
		return "", 0, false
	}
	k := j
	for k < len(src) && util.IsAlphaNumeric(src[k]) {
		k++
	}
	if k > j && k < len(src) && src[k] == ';' {
		if e, ok := util.LookUpHTML5EntityByName(string(src[j:k])); ok {
			return string(e.Characters), k + 1, true
		}
	}
	return "", 0, false
}

func validRune(r rune) rune {
	if r == 0 || !utf8.ValidRune(r) {
		return utf8.RuneError
	}
	return r
}
