package adf

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"
)

// escCtx tells escapeText where the text stands.
type escCtx struct {
	lineStart bool // the text begins a line (block constructs could start)
	lineEnd   bool // the text ends a line (trailing blanks would be trimmed)
	next      byte // the byte written right after the text, 0 if none
	prev      byte // the byte written right before it, 0 if none
	cell      bool // inside a table cell
	heading   bool // inside a heading
}

// escapeText writes text so that a CommonMark+GFM parser reads it back
// unchanged: characters that could start Markdown syntax are escaped with a
// backslash, blanks at the ends of a line and control characters become
// character references, and links, emails and the ADF syntax
// (@[…](accountid:…), {status:…}, {date:…}) are kept from being recognised.
// It escapes only where needed, so ordinary prose stays readable.
func escapeText(s string, e escCtx) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	i := 0
	if e.lineStart {
		for i < len(s) && isBlank(s[i]) {
			writeCharRef(&b, rune(s[i]))
			i++
		}
	}
	end := len(s)
	if e.lineEnd {
		for end > i && isBlank(s[end-1]) {
			end--
		}
	}
	blockStart := e.lineStart && i == 0
	for j := i; j < end; {
		c := s[j]
		if c >= utf8.RuneSelf {
			_, size := utf8.DecodeRuneInString(s[j:])
			b.WriteString(s[j : j+size])
			j += size
			continue
		}
		if j == 0 && blockStart {
			if n := lineStartEscape(&b, s); n > 0 {
				j = n
				continue
			}
		}
		switch c {
		case '\\':
			switch {
			case j+1 == len(s) && e.next == '\n':
				// goldmark would not see the hard break after "\\".
				writeCharRef(&b, '\\')
			case j+1 < len(s) && (util.IsAlphaNumeric(s[j+1]) || s[j+1] >= utf8.RuneSelf):
				b.WriteByte('\\')
			default:
				// Before punctuation, blanks or a character reference a
				// single backslash would escape something.
				b.WriteString(`\\`)
			}
		case '*', '`', '[', ']', '~', '|':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '_':
			if j > 0 && j+1 < len(s) && wordByteAt(s, j-1, true) && wordByteAt(s, j+1, false) {
				b.WriteByte('_')
			} else {
				b.WriteString(`\_`)
			}
		case '#':
			if e.heading {
				b.WriteString(`\#`)
			} else {
				b.WriteByte('#')
			}
		case '<':
			if j+1 >= len(s) || isTagStart(s[j+1]) {
				b.WriteString(`\<`)
			} else {
				b.WriteByte('<')
			}
		case '&':
			if j+1 < len(s) && (s[j+1] == '#' || util.IsAlphaNumeric(s[j+1])) {
				b.WriteString(`\&`)
			} else {
				b.WriteByte('&')
			}
		case '!':
			if j+1 == len(s) && e.next == '[' {
				b.WriteString(`\!`)
			} else {
				b.WriteByte('!')
			}
		case '(':
			if j == 0 && e.prev == ']' {
				b.WriteString(`\(`)
			} else {
				b.WriteByte('(')
			}
		case '{':
			rest := s[j+1:]
			if strings.HasPrefix(rest, "status:") || strings.HasPrefix(rest, "date:") {
				b.WriteString(`\{`)
			} else {
				b.WriteByte('{')
			}
		case '@':
			if (j+1 == len(s) && e.next == '[') ||
				(j > 0 && j+1 < len(s) && isEmailLocalByte(s[j-1]) && util.IsAlphaNumeric(s[j+1])) {
				b.WriteString(`\@`)
			} else {
				b.WriteByte('@')
			}
		case ':':
			// Keep "http://", "https://" and "ftp://" from being linkified.
			if strings.HasPrefix(s[j:], "://") && (strings.HasSuffix(s[:j], "http") || strings.HasSuffix(s[:j], "https") || strings.HasSuffix(s[:j], "ftp")) {
				b.WriteString(`\:`)
			} else {
				b.WriteByte(':')
			}
		case '.':
			if strings.HasSuffix(s[:j], "www") {
				b.WriteString(`\.`)
			} else {
				b.WriteByte('.')
			}
		default:
			if (c < 0x20 && c != '\t') || c == 0x7f {
				writeCharRef(&b, rune(c))
			} else {
				b.WriteByte(c)
			}
		}
		j++
	}
	for k := end; k < len(s); k++ {
		writeCharRef(&b, rune(s[k]))
	}
	return b.String()
}

// lineStartEscape escapes what would open a block at the start of a line
// (a heading, quote, list item, thematic break, setext underline or table
// delimiter row). It returns how many bytes of s it wrote, or 0.
func lineStartEscape(b *strings.Builder, s string) int {
	switch s[0] {
	case '#', '>', '-', '+', '=', ':':
		b.WriteByte('\\')
		b.WriteByte(s[0])
		return 1
	}
	n := 0
	for n < len(s) && n < 10 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n > 0 && n < len(s) && (s[n] == '.' || s[n] == ')') {
		b.WriteString(s[:n])
		b.WriteByte('\\')
		b.WriteByte(s[n])
		return n + 1
	}
	return 0
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\v' || c == '\f' }

func writeCharRef(b *strings.Builder, r rune) {
	b.WriteString("&#")
	b.WriteString(strconv.Itoa(int(r)))
	b.WriteByte(';')
}

// wordByteAt reports whether the character at or around s[i] is neither a
// blank nor punctuation, as CommonMark's flanking rules see it. For bytes
// inside a multi-byte rune it decodes the rune.
func wordByteAt(s string, i int, before bool) bool {
	var r rune
	if before {
		r, _ = utf8.DecodeLastRuneInString(s[:i+1])
	} else {
		r, _ = utf8.DecodeRuneInString(s[i:])
	}
	return !util.IsSpaceRune(r) && !util.IsPunctRune(r)
}

func isTagStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '!' || c == '?'
}

func isEmailLocalByte(c byte) bool {
	return util.IsAlphaNumeric(c) || strings.IndexByte(".!#$%&'*+/=?^_`{|}~-", c) >= 0
}

// encodeDest writes a link destination that goldmark decodes back to dest:
// backslashes before punctuation are doubled, '&' that could start a
// character reference becomes &amp;, parentheses are escaped, and blanks
// put the whole destination in <…>.
func encodeDest(dest string, cell bool) string {
	var b strings.Builder
	angle := strings.ContainsAny(dest, " ") || strings.HasPrefix(dest, "<")
	if angle {
		b.WriteByte('<')
	}
	for i := 0; i < len(dest); i++ {
		c := dest[i]
		switch {
		case c == '\\':
			if i+1 >= len(dest) || util.IsPunct(dest[i+1]) {
				b.WriteString(`\\`)
			} else {
				b.WriteByte('\\')
			}
		case c == '&' && i+1 < len(dest) && (dest[i+1] == '#' || util.IsAlphaNumeric(dest[i+1])):
			b.WriteString("&amp;")
		case c == '(' || c == ')' || (angle && (c == '<' || c == '>')):
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '|' && cell:
			b.WriteString(`\|`)
		case c < 0x20 || c == 0x7f:
			writeCharRef(&b, rune(c))
		default:
			b.WriteByte(c)
		}
	}
	if angle {
		b.WriteByte('>')
	}
	return b.String()
}

// escapeTitle writes a link title for "…" quotes.
func escapeTitle(t string, cell bool) string {
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c == '\\' || c == '"':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '&' && i+1 < len(t) && (t[i+1] == '#' || util.IsAlphaNumeric(t[i+1])):
			b.WriteString(`\&`)
		case c == '|' && cell:
			b.WriteString(`\|`)
		case c < 0x20 || c == 0x7f:
			writeCharRef(&b, rune(c))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// escapeInfo writes a code block's language so that it decodes back.
func escapeInfo(lang string) string {
	var b strings.Builder
	for i := 0; i < len(lang); i++ {
		c := lang[i]
		switch {
		case c == '\\' && (i+1 >= len(lang) || util.IsPunct(lang[i+1])):
			b.WriteString(`\\`)
		case c == '&' && i+1 < len(lang) && (lang[i+1] == '#' || util.IsAlphaNumeric(lang[i+1])):
			b.WriteString(`\&`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
