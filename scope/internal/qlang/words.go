package qlang

import (
	"fmt"
	"strconv"
	"strings"
)

// IsNumber reports whether s is what both lexers read as a number: an
// optional minus sign and one or more ASCII digits.
func IsNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FitsInt64 reports whether the number s fits in an int64.
func FitsInt64(s string) bool {
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}

// A Printer writes names and values in a language's canonical form. Both
// functions must be set.
type Printer struct {
	// Reserved reports a word that may not stand unquoted: a keyword or a
	// reserved word.
	Reserved func(s string) bool
	// Quote writes s as a double-quoted string with the language's escapes.
	Quote func(s string) string
}

// SafeWord reports whether s can be written without quotes as a string
// value: ASCII letters, digits, "_" and "-" only, not a number, and not a
// keyword or reserved word. The set is deliberately narrower than what the
// products accept bare, so that they cannot read the canonical form
// differently.
func (p Printer) SafeWord(s string) bool {
	if s == "" || IsNumber(s) || p.Reserved(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// SafeName reports whether s can be written without quotes as a field or
// function name: ASCII identifiers, joined by dots if dotted is set, and
// not a keyword or reserved word.
func (p Printer) SafeName(s string, dotted bool) bool {
	if s == "" || p.Reserved(s) {
		return false
	}
	start := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_':
			start = false
		case c >= '0' && c <= '9':
			if start {
				return false
			}
		case c == '.' && dotted && !start:
			start = true
		default:
			return false
		}
	}
	return !start
}

// Name writes a field or function name, bare when SafeName allows it and
// quoted otherwise.
func (p Printer) Name(b *strings.Builder, name string, dotted bool) {
	if p.SafeName(name, dotted) {
		b.WriteString(name)
	} else {
		b.WriteString(p.Quote(name))
	}
}

// Value writes a value: bare when it was not quoted and is a safe word or
// a number that fits in an int64, quoted otherwise.
func (p Printer) Value(b *strings.Builder, text string, quoted bool) {
	if !quoted && (p.SafeWord(text) || IsNumber(text) && FitsInt64(text)) {
		b.WriteString(text)
		return
	}
	b.WriteString(p.Quote(text))
}

// Property writes the [key].path that selects a value inside a property;
// path is without its leading dot and may be empty.
func (p Printer) Property(b *strings.Builder, key, path string) {
	b.WriteByte('[')
	if p.SafeWord(key) {
		b.WriteString(key)
	} else {
		b.WriteString(p.Quote(key))
	}
	b.WriteByte(']')
	if path != "" {
		if dotted := "." + path; p.SafeName(path, true) {
			b.WriteString(dotted)
		} else {
			b.WriteString(p.Quote(dotted))
		}
	}
}

// WordSet returns the set of the whitespace-separated words of list.
func WordSet(list string) map[string]bool {
	words := strings.Fields(list)
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// A Vocabulary is a language's words, each in lower case.
type Vocabulary struct {
	// Keywords maps the words the lexer reads as keywords when they stand
	// alone and unquoted to their token kinds.
	Keywords map[string]Kind
	// Reserved holds the words the product refuses as unquoted strings.
	Reserved map[string]bool
	// Fields holds the product's own field names and aliases.
	Fields map[string]bool
}

// IsReserved reports whether s may not appear unquoted: it is a reserved
// word or a keyword (compared case-insensitively).
func (v *Vocabulary) IsReserved(s string) bool {
	l := strings.ToLower(s)
	_, kw := v.Keywords[l]
	return kw || v.Reserved[l]
}

// NormalizeField lower-cases the name of one of the product's own fields
// and leaves other names as written.
func (v *Vocabulary) NormalizeField(name string) string {
	if l := strings.ToLower(name); v.Fields[l] {
		return l
	}
	return name
}

// Word gives the unquoted word *t, read from the source as a String token,
// its kind: a keyword, a number, or a string. A word with escapes is always
// a string. It refuses a number too large for an int64, and a string that
// is a reserved word; lang names the language in that error and quote
// writes the quoted form the hint suggests. Errors come from fail.
func (v *Vocabulary) Word(t *Token, lang string, quote func(string) string, fail Fail) error {
	if !t.Escaped {
		if kind, ok := v.Keywords[strings.ToLower(t.Raw)]; ok {
			t.Kind = kind
			return nil
		}
		if IsNumber(t.Raw) {
			if !FitsInt64(t.Raw) {
				return fail(t.Pos, fmt.Sprintf("number %s is too large", t.Raw), "",
					fmt.Sprintf(`put it in quotes ("%s") to search for it as text`, t.Raw))
			}
			t.Kind = Number
			return nil
		}
	}
	if v.IsReserved(t.Text) {
		return fail(t.Pos, fmt.Sprintf("%q is a reserved word in %s", t.Text, lang), "",
			fmt.Sprintf("put it in double quotes (%s) to use it as a value", quote(t.Text)))
	}
	return nil
}
