package adf

import (
	"strings"
	"testing"
)

// TestHostileMarkdown converts inputs built to stress parsers (deep
// nesting, unbalanced syntax, long runs) and checks that each becomes a
// valid document that round-trips. Timing is left to benchmarks.
func TestHostileMarkdown(t *testing.T) {
	for name, md := range map[string]string{
		"brackets":          strings.Repeat("[", 2000) + "a" + strings.Repeat("]", 2000),
		"emphasis":          strings.Repeat("*a ", 3000),
		"mixed emphasis":    strings.Repeat("**a *b ~~c", 1000),
		"nested quotes":     strings.Repeat("> ", 2000) + "x",
		"nested lists":      strings.Repeat("- ", 2000) + "x",
		"nested details":    strings.Repeat("<details>\n\n", 500) + "x\n\n" + strings.Repeat("</details>\n\n", 500),
		"unclosed details":  strings.Repeat("<details>\n\nx\n\n", 500),
		"stray closers":     strings.Repeat("</details>\n\n<summary>s</summary>\n\n", 200),
		"nested tags":       strings.Repeat("<u>", 2000) + "x" + strings.Repeat("</u>", 2000),
		"backticks":         strings.Repeat("`a``", 2000),
		"unclosed links":    strings.Repeat("[a](b ", 2000),
		"long table":        "| a |\n|---|\n" + strings.Repeat("| x |\n", 2000),
		"mentions":          strings.Repeat("@[a](accountid:b) ", 2000),
		"entities":          strings.Repeat("&amp;&#35;&#x41;&#0;&#x110000;", 2000),
		"alert markers":     strings.Repeat("> [!NOTE]\n", 1000),
		"nested task lists": strings.Repeat("- [ ] a\n  ", 500),
		"control chars":     "a\x01b\x7fc\x1bd\u2028e\ufeff",
		"addresses":         strings.Repeat("a@b.co https://x.io/a_(b) www.y.org ", 1000),
		"address lines":     strings.Repeat("a@b.co\nhttps://x.io/\n", 1000),
		"address anchors":   strings.Repeat("http:www.a@b", 1000),
		"linked syntax":     strings.Repeat("https://x.io/_a_ ", 1000),
	} {
		for _, f := range []Flavor{Confluence, Jira} {
			doc := fromMarkdown(md, f)
			if err := Validate(doc); err != nil {
				t.Errorf("%s (%v): invalid: %v", name, f, err)
				continue
			}
			if err := noSharedNodes(doc); err != nil {
				t.Errorf("%s (%v): %v", name, f, err)
			}
			if a, b := mustJSON(t, doc), mustJSON(t, fromMarkdown(ToMarkdown(doc), f)); a != b {
				t.Errorf("%s (%v): round trip changed the document", name, f)
			}
		}
	}
}
