package sandbox

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzWikiBody feeds hostile page bodies to the ADF check and, when it
// accepts one, to the storage renderer and the text flattener: none may
// panic, and an accepted body is a JSON document.
func FuzzWikiBody(f *testing.F) {
	k := adfKit{}
	for _, sd := range wikiEngPages {
		f.Add(string(sd.body(k)))
	}
	f.Add(`{"type":"doc","version":1,"content":[{"type":"text"}]}`)
	f.Add(`{"type":"doc","version":1,"content":[{"type":"extension","attrs":{"parameters":{"macroParams":{"a":3}}}}]}`)
	f.Fuzz(func(t *testing.T, body string) {
		err := checkWikiADF(json.RawMessage(body))
		if err != nil {
			return
		}
		if !json.Valid([]byte(body)) {
			t.Fatalf("accepted invalid JSON %q", body)
		}
		_ = storageXHTML([]byte(body))
		_ = plainText(json.RawMessage(body))
	})
}

// FuzzWikiCursor checks that cursors only decode for the listing that
// issued them, and that garbage never decodes.
func FuzzWikiCursor(f *testing.F) {
	f.Add(0, "/wiki/api/v2/spaces?", "garbage")
	f.Add(25, "search?type = page", "MjU6MTIz")
	f.Fuzz(func(t *testing.T, off int, scope, garbage string) {
		if off < 0 {
			off = -off
		}
		if off < 0 {
			return
		}
		pg := wikiPaging{scope: scope}
		got, ok := decodeWikiCursor(pg.cursor(off), scope)
		if !ok || got != off {
			t.Fatalf("cursor for %d in %q decoded to %d %v", off, scope, got, ok)
		}
		if n, ok := decodeWikiCursor(garbage, scope); ok && n < 0 {
			t.Fatalf("garbage %q decoded to a negative offset", garbage)
		}
	})
}

// FuzzWikiExcerpt checks the excerpt against hostile text and queries: it
// never panics, keeps valid UTF-8, and escapes markup unless asked not to.
func FuzzWikiExcerpt(f *testing.F) {
	f.Add("Promote the replica <now> & then wait", `text ~ "replica"`, "highlight")
	f.Add("", `title ~ '`, "indexed_unescaped")
	f.Fuzz(func(t *testing.T, text, query, mode string) {
		if !utf8.ValidString(text) {
			return
		}
		out := wikiExcerpt(text, wikiSearchTerms(query), mode)
		if !utf8.ValidString(out) {
			t.Fatalf("excerpt of valid text is not UTF-8: %q", out)
		}
		if !strings.HasSuffix(mode, "_unescaped") && strings.ContainsAny(out, "<>") {
			t.Fatalf("mode %q let markup through: %q", mode, out)
		}
	})
}
