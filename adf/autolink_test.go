package adf

import (
	"strings"
	"sync"
	"testing"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkifyReference is the parser FromMarkdown used before it linked bare
// URLs itself: goldmark with GitHub's extensions, Linkify included, and the
// ADF syntax. The tests below hold FromMarkdown to what it makes of the same
// Markdown.
var linkifyReference = sync.OnceValue(func() parser.Parser {
	return goldmark.New(goldmark.WithExtensions(extension.GFM, adfSyntax{})).Parser()
})

// referenceMarkdown converts md the way goldmark's Linkify reads it.
func referenceMarkdown(md string, f Flavor) *Node {
	return convertMarkdown(normalizeSource(md), f, linkifyReference(), false)
}

// linksOf lists the linked text of a document in order, as "text → href";
// neighbouring text nodes with the same href read as one link.
func linksOf(doc *Node) []string {
	var out []string
	lastHref := ""
	var walk func(n *Node)
	walk = func(n *Node) {
		href := ""
		for _, m := range n.Marks {
			if m.Type == "link" {
				href = m.attrString("href")
			}
		}
		switch {
		case n.Type == "text" && href != "" && href == lastHref:
			last := out[len(out)-1]
			out[len(out)-1] = strings.TrimSuffix(last, " → "+href) + n.Text + " → " + href
		case n.Type == "text" && href != "":
			out = append(out, n.Text+" → "+href)
		}
		lastHref = href
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// autolinkCases are bare URLs, www. addresses and e-mail addresses around
// the other inline syntax. want is what goldmark's Linkify (GFM) links in
// them, checked against it below.
var autolinkCases = []struct {
	md   string
	want []string
}{
	// Addresses and what ends them.
	{"see https://example.com.", []string{"https://example.com → https://example.com"}},
	{"https://example.com/path?q=1&r=2#frag", []string{"https://example.com/path?q=1&r=2#frag → https://example.com/path?q=1&r=2#frag"}},
	{"http://example.com:8080/x", []string{"http://example.com:8080/x → http://example.com:8080/x"}},
	{"ftp://files.example.com/pub", []string{"ftp://files.example.com/pub → ftp://files.example.com/pub"}},
	{"https://example.com, https://example.org? https://example.net! https://example.io:", []string{
		"https://example.com → https://example.com", "https://example.org → https://example.org",
		"https://example.net → https://example.net", "https://example.io → https://example.io"}},
	{"https://example.com/a.b.c.", []string{"https://example.com/a.b.c → https://example.com/a.b.c"}},
	{"https://example.com/a_b_c and https://example.com/~user/", []string{
		"https://example.com/a_b_c → https://example.com/a_b_c", "https://example.com/~user/ → https://example.com/~user/"}},
	{"https://example.com/a_", []string{"https://example.com/a → https://example.com/a"}},
	{"https://example.com/a*b*", []string{"https://example.com/a → https://example.com/a"}},
	{"http://localhost:8080/x", nil},
	{"HTTPS://EXAMPLE.COM", nil},
	{"https://例え.jp/x", nil},
	{"xhttps://example.com", nil},
	{"https://a.example.com https://b.example.com", []string{
		"https://a.example.com → https://a.example.com", "https://b.example.com → https://b.example.com"}},
	// Parentheses.
	{"(https://example.com/a_(b))", []string{"https://example.com/a_(b) → https://example.com/a_(b)"}},
	{"https://example.com/foo), bar", []string{"https://example.com/foo → https://example.com/foo"}},
	{"((https://example.com))", []string{"https://example.com → https://example.com"}},
	{`\(https://example.com`, nil},
	// Character references and escapes.
	{"https://example.com/?a=1&amp;b=2", []string{"https://example.com/?a=1&amp;b=2 → https://example.com/?a=1&amp;b=2"}},
	{"https://example.com/a&quot; next", []string{"https://example.com/a → https://example.com/a"}},
	{`\https://example.com`, nil},
	{`\ https://example.com`, []string{"https://example.com → https://example.com"}},
	{`https://example.com\*x*`, []string{"https://example.com → https://example.com"}},
	// www. without a scheme.
	{"www.example.com/docs", []string{"www.example.com/docs → http://www.example.com/docs"}},
	{"visit www.example.com, or (www.test.org).", []string{
		"www.example.com → http://www.example.com", "www.test.org → http://www.test.org"}},
	{"www.example", nil},
	{"www.x@y.com", []string{"www.x@y.com → http://www.x@y.com"}},
	// E-mail addresses.
	{"mail me@example.com.", []string{"me@example.com → mailto:me@example.com"}},
	{"user.name+tag@example.co.uk", []string{"user.name+tag@example.co.uk → mailto:user.name+tag@example.co.uk"}},
	{"a@b", nil},
	{"foo@bar.com-", nil},
	{"foo@bar.com_", nil},
	{"first.last@sub.example.com;", []string{"first.last@sub.example.com → mailto:first.last@sub.example.com"}},
	{"mailto:me@example.com", nil},
	{"Ask @john or john@doe.io", []string{"john@doe.io → mailto:john@doe.io"}},
	{"_me@example.com_", nil},
	{"*me@example.com*", []string{"me@example.com → mailto:me@example.com"}},
	// What comes before: only a space, a line start, ( ~ * _ ` or the end
	// of other syntax starts an address.
	{"a\thttps://example.com", nil},
	{"foo_https://example.com", []string{"https://example.com → https://example.com"}},
	{"a*https://example.com", []string{"https://example.com → https://example.com"}},
	{"a~https://example.com", []string{"https://example.com → https://example.com"}},
	{"a~~~https://example.com", []string{"https://example.com → https://example.com"}},
	{"a`https://example.com", []string{"https://example.com → https://example.com"}},
	{"a@https://example.com", nil},
	{"a:https://example.com", nil},
	{"**bold**https://example.com", []string{"https://example.com → https://example.com"}},
	{"<span>https://example.com</span>", []string{"https://example.com → https://example.com"}},
	{"`code`www.example.com", []string{"www.example.com → http://www.example.com"}},
	{"[a](b)https://example.com", []string{"a → b", "https://example.com → https://example.com"}},
	{"[a]https://example.com", nil},
	{"line one\nhttps://example.com", []string{"https://example.com → https://example.com"}},
	{"text  \nhttps://example.com\\\nwww.example.com", []string{
		"https://example.com → https://example.com", "www.example.com → http://www.example.com"}},
	// Inside other syntax.
	{"`https://example.com`", nil},
	{"``a https://example.com ``", nil},
	{"<https://example.com>", []string{"https://example.com → https://example.com"}},
	{"[docs](https://example.com) and https://b.example.org", []string{
		"docs → https://example.com", "https://b.example.org → https://b.example.org"}},
	{"[see https://example.com]", nil},
	{"[see https://example.com] after https://example.org", []string{"https://example.org → https://example.org"}},
	{"[unclosed https://example.com", nil},
	{"[https://example.com](https://other.example)", []string{"https://example.com → https://other.example"}},
	{"![alt https://example.com](img.png) https://example.org", []string{"https://example.org → https://example.org"}},
	{"*https://example.com*", []string{"https://example.com → https://example.com"}},
	{"_see https://example.com/_", []string{"https://example.com/ → https://example.com/"}},
	{"~~https://example.com~~", []string{"https://example.com → https://example.com"}},
	{"**https://example.com**, then", []string{"https://example.com → https://example.com"}},
	{"<u>https://example.com</u>", []string{"https://example.com → https://example.com"}},
	{"@[Jane](accountid:abc) jane@example.com {status:Done} https://example.com", []string{
		"jane@example.com → mailto:jane@example.com", "https://example.com → https://example.com"}},
	// URLs holding other syntax.
	{"https://example.com/[a]", []string{"https://example.com/[a] → https://example.com/[a]"}},
	{"https://example.com/[a b](c)", []string{"https://example.com/[a → https://example.com/[a"}},
	{"https://example.com/path`code` x", []string{"https://example.com/path`code` → https://example.com/path`code`"}},
	{"https://example.com/_x_ y", []string{"https://example.com/_x → https://example.com/_x"}},
	{"_see https://example.com/a_ b_", []string{"https://example.com/a → https://example.com/a"}},
	{"https://example.com/{status:Done}", []string{"https://example.com/{status:Done} → https://example.com/{status:Done}"}},
	// Blocks.
	{"# Title https://example.com", []string{"https://example.com → https://example.com"}},
	{"> quote www.example.com", []string{"www.example.com → http://www.example.com"}},
	{"- item https://example.com\n- [ ] task www.example.com", []string{
		"https://example.com → https://example.com", "www.example.com → http://www.example.com"}},
	{"| a | b |\n|---|---|\n| https://example.com | x@y.io |", []string{
		"https://example.com → https://example.com", "x@y.io → mailto:x@y.io"}},
	{"> [!NOTE]\n> https://example.com", []string{"https://example.com → https://example.com"}},
	{"<details><summary>T</summary>\n\nwww.example.com\n\n</details>", []string{"www.example.com → http://www.example.com"}},
	{"リンク https://example.com です", []string{"https://example.com → https://example.com"}},
}

// linkifyQuirks are inputs where goldmark reads more than addresses
// differently with Linkify on: each whitespace character ends a text
// segment there, and only the last segment of a line loses its trailing
// whitespace.
var linkifyQuirks = []string{
	"aaa     \nbbb",
	"aaa\t\t\nbbb",
	"aaa \t\nbbb",
	"aaa\t \nbbb",
	"aaa\t  \nbbb",
	"aaa \v\f\nbbb",
	"`code`    \nnext",
	"*em*\t\t\nnext",
	"[label    \nmore](https://example.com)",
	"![alt\t\t\nmore](https://example.com/i.png)",
	"see https://example.com    \nnext",
	"see https://example.com\t\t\nnext",
	"Setext \t\nheading\t\t\n===",
	"> quoted\t\t\n> more    \n> end",
	"- item\t\t\n  more",
	"aaa\\  \nbbb",
	"aaa\\\t\t\nbbb",
	"aaa  \\\nbbb",
	// Escapes: goldmark carries one from the end of a line into the next,
	// and past a link made after an escaped space.
	"a\\  \n\\(https://example.com",
	"a\\  \n\\[x https://example.com",
	"a\\\\\\\n\\(https://example.com",
	"\\ https://example.com\\*a*",
	"a\\\\\\ https://example.com\\*b*",
	"a\\\\ https://example.com\\*b*",
	"\\ http://0.a*\\*0*",
	"\\ https://example.com`x` \\*y*",
	"\\ https://example.com\n\\*y*",
	"\\ https://example.com www.example.org\\*y*",
	"`x`\\(https://example.com",
	"[a]\\(https://example.com",
	"\\[a https://example.com",
	"\\\\[a https://example.com",
}

// TestLinkifyQuirks checks the inputs above against goldmark's Linkify.
func TestLinkifyQuirks(t *testing.T) {
	for _, md := range linkifyQuirks {
		for _, f := range []Flavor{Confluence, Jira} {
			assertSameAsReference(t, md, f)
		}
	}
}

// TestLinkDefinitionsMatchGoldmark checks paragraphs that hold or nearly
// hold link reference definitions, which linkRefGate lets through to
// goldmark or not, against stock goldmark.
func TestLinkDefinitionsMatchGoldmark(t *testing.T) {
	for _, md := range []string{
		"[a]: /u\n\n[a]", "[a]:/u \"t\"\n[a]", " [a]: /u\n\n[a]", "   [a]: /u\n[a]", "    [a]: /u\n\n[a]",
		"[foo\nbar]: /url\n\n[foo bar]", "[a]\n: /u\n\n[a]", "[a]\n]: /u\n\n[a]", "[a] : /u\n\n[a]",
		"x\n[a]: /u\n\n[a]", "[x] task ]: no\n\n[x]", "[a]: /u\n[b]: /v\n[a] [b]", "[a]: <> \"t\"\n\n[a]",
		"- [a]: /u\n\n  [a]", "> [a]: /u\n\n[a]", "[\\]]: /u\n\n[\\]]", "[a]: /u\nmore text ]: x\n\n[a]",
	} {
		assertSameAsReference(t, md, Confluence)
	}
}

// TestAutolinksMatchLinkify checks the links made of bare addresses, and
// that the whole document is the one goldmark's Linkify gives.
func TestAutolinksMatchLinkify(t *testing.T) {
	for _, c := range autolinkCases {
		doc := FromMarkdown(c.md, Confluence)
		if got := linksOf(doc); !equalStrings(got, c.want) {
			t.Errorf("links of %q\n got: %q\nwant: %q", c.md, got, c.want)
		}
		if got := linksOf(referenceMarkdown(c.md, Confluence)); !equalStrings(got, c.want) {
			t.Errorf("goldmark's Linkify links %q differently than the table says\n got: %q\nwant: %q", c.md, got, c.want)
		}
		assertSameAsReference(t, c.md, Confluence)
	}
}

// TestCorpusMatchesLinkify checks every corpus input, in both flavours,
// against the document goldmark's Linkify gives.
func TestCorpusMatchesLinkify(t *testing.T) {
	for _, e := range loadCorpus(t) {
		for _, f := range []Flavor{Confluence, Jira} {
			assertSameAsReference(t, e.md, f)
		}
	}
}

// reparsed are the inputs above that the converter leaves to the parser
// with Linkify: an address holding other syntax, an escape carried from one
// line to the next, or one carried past an address onto a backslash.
var reparsed = map[string]bool{
	"https://example.com/[a b](c)":                true,
	"https://example.com/path`code` x":            true,
	"https://example.com/_x_ y":                   true,
	"https://example.com/{status:Done}":           true,
	"aaa\\  \nbbb":                                true,
	"a\\  \n\\(https://example.com":               true,
	"a\\  \n\\[x https://example.com":             true,
	"a\\\\\\\n\\(https://example.com":             true,
	"\\ https://example.com\\*a*":                 true,
	"a\\\\\\ https://example.com\\*b*":            true,
	"\\ http://0.a*\\*0*":                         true,
	"\\ https://example.com`x` \\*y*":             true,
	"\\ https://example.com\n\\*y*":               true,
	"\\ https://example.com www.example.org\\*y*": true,
}

// TestAddressesLinkedWithoutLinkify checks that the converter links the
// addresses above itself rather than converting again with Linkify, which
// would cost more than the old way, except for the inputs in reparsed.
func TestAddressesLinkedWithoutLinkify(t *testing.T) {
	inputs := append([]string{realisticMarkdown(20_000)}, linkifyQuirks...)
	for _, c := range autolinkCases {
		inputs = append(inputs, c.md)
	}
	for _, md := range inputs {
		linked := convertMarkdown(normalizeSource(md), Confluence, markdownParser(), true) != nil
		if linked == reparsed[md] {
			t.Errorf("%q: linked without Linkify = %v, want %v", md, linked, !reparsed[md])
		}
	}
}

// FuzzAutolinks checks that any Markdown converts to the document goldmark's
// Linkify gives.
func FuzzAutolinks(f *testing.F) {
	for _, c := range autolinkCases {
		f.Add(c.md)
	}
	for _, s := range linkifyQuirks {
		f.Add(s)
	}
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		assertSameAsReference(t, md, Confluence)
	})
}

func assertSameAsReference(t *testing.T, md string, f Flavor) {
	t.Helper()
	if got, want := mustJSON(t, fromMarkdown(md, f)), mustJSON(t, referenceMarkdown(md, f)); got != want {
		t.Errorf("%v: %q converts differently from goldmark's Linkify\n got: %s\nwant: %s", f, md, got, want)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// linkifyLines are lines starting with something address-like, for
// matchAddress: hosts, ports, paths, the 256-byte host limit, trailing
// punctuation and e-mail addresses.
var linkifyLines = []string{
	"https://example.com", "http://example.com:8080/x?y=1#z", "ftp://a.b", "https://a.b.c.d/e",
	"https://EXAMPLE.COM", "https://example.Com/x", "https://example.c0m", "https://example.com:x",
	"https://example.com:", "https://example.com/", "https://example.com?", "https://example.com#x",
	"https://a@b.com:pw@c.org/x", "https://a.b_c.d", "https://.com", "https://a.", "https://a.b.",
	"https://" + strings.Repeat("a", 255) + ".com", "https://" + strings.Repeat("a", 256) + ".com",
	"https://" + strings.Repeat("a", 257) + ".com", "https://" + strings.Repeat("a.", 200) + "com",
	"https://example.com/(a)(b))c", "https://example.com/a&amp;", "https://example.com/a&#1;",
	"https://example.com/a&;", "https://example.com/a;", "https://example.com/'\"><{}[]`^$",
	"https://example.com/*x", "https://example.com/ü", "http:/example.com", "https:example.com",
	"www.example.com", "www.example.com:80/x", "www.a", "www.a.b", "www..com", "www.x@y.z",
	"www.a@b.COM", "www.a.b.COM/x", "me@example.com", "me@example.com.", "me@example.com-x",
	"me@example.com_", "me@example", "me@-example.com", "a.b+c@d-e.f.gh", "x@y.z.", "x@y..z",
	strings.Repeat("a", 64) + "@b.com", strings.Repeat("a", 65) + "@b.com", "mailto:x@y.com",
	"a(b)@c.com", "a@b.c(d)", "a@b.com)", "a@b.com&amp;", "4@2.io", "Ab@Cd.Ef",
}

// TestMatchAddressMatchesLinkify checks the lines above against goldmark's
// Linkify parser.
func TestMatchAddressMatchesLinkify(t *testing.T) {
	for _, line := range linkifyLines {
		assertMatchesLinkify(t, line)
	}
}

// FuzzLinkifyMatch checks that matchAddress links what goldmark's Linkify
// parser links at the start of any line.
func FuzzLinkifyMatch(f *testing.F) {
	for _, line := range linkifyLines {
		f.Add(line)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if line == "" || !util.IsAlphaNumeric(line[0]) || strings.ContainsAny(line, "\n\r") {
			return // matchAddress is asked at an alphanumeric byte, on one line
		}
		assertMatchesLinkify(t, line)
	})
}

func assertMatchesLinkify(t *testing.T, line string) {
	t.Helper()
	src := []byte(line)
	segs := text.NewSegments()
	segs.Append(text.NewSegment(0, len(src)))
	n := extension.NewLinkifyParser().Parse(gast.NewText(), text.NewBlockReader(src, segs), parser.NewContext())
	want, wantOK := n.(*gast.AutoLink)
	got, ok := matchAddress(src)
	switch {
	case ok != wantOK:
		t.Errorf("%q: matchAddress links = %v, Linkify links = %v", line, ok, wantOK)
	case !ok:
	case got.end != len(want.Label(src)) || got.kind != want.AutoLinkType || got.httpW != (want.Protocol != nil):
		t.Errorf("%q: matchAddress links %q (kind %v, http %v), Linkify %q (kind %v, protocol %q)",
			line, src[:got.end], got.kind, got.httpW, want.Label(src), want.AutoLinkType, want.Protocol)
	}
}
