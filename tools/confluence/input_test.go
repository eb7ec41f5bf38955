package confluence

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/clawbridge/atlassian-mcp/adf"
	sbcql "github.com/clawbridge/atlassian-mcp/sandbox/cql"
	scql "github.com/clawbridge/atlassian-mcp/scope/cql"
)

func TestBuildCQL(t *testing.T) {
	cases := []struct {
		in   searchIn
		want string
		err  string
	}{
		{searchIn{Text: "token refresh"}, `type = page AND text ~ "token refresh"`, ""},
		{searchIn{Space: "ENGDOCS"}, `type = page AND space = "ENGDOCS"`, ""},
		{searchIn{Text: `say "hi" \ now`, Space: "OPS"}, `type = page AND space = "OPS" AND text ~ "say \"hi\" \\ now"`, ""},
		{searchIn{CQL: "label = runbook order by title desc", Space: "OPS"}, `space = "OPS" AND label = runbook ORDER BY title DESC`, ""},
		{searchIn{CQL: "label = a OR label = b", Text: "x"}, `text ~ "x" AND (label = a OR label = b)`, ""},
		{searchIn{CQL: "ORDER BY created", Space: "OPS"}, `space = "OPS" ORDER BY created`, ""},
		{searchIn{CQL: "space = = ENG"}, "", "not valid CQL"},
		{searchIn{CQL: `title ~ "unclosed`}, "", "not valid CQL"},
		{searchIn{Text: "line\nbreak\t"}, `type = page AND text ~ "line break"`, ""},
		{searchIn{Text: "\xa6"}, "", "not valid UTF-8"},
	}
	for _, c := range cases {
		got, err := buildCQL(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("buildCQL(%+v) = %q, %v; want an error with %q", c.in, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("buildCQL(%+v) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestInputValidation(t *testing.T) {
	cases := []struct {
		name string
		in   interface{ Validate() error }
		want string
	}{
		{"search ok", &searchIn{Text: "x", Limit: 50}, ""},
		{"search empty", &searchIn{}, "give text"},
		{"search limit", &searchIn{Text: "x", Limit: 51}, "between 1 and 50"},
		{"search space", &searchIn{Space: "a b"}, "space key"},
		{"personal space", &searchIn{Space: "~712020:ana-lima"}, ""},
		{"token", &listSpacesIn{PageToken: "a\nb"}, "page_token"},
		{"page id", &getPageIn{ID: "0123"}, "numeric page id"},
		{"page id huge", &getPageIn{ID: "12345678901234567890"}, "numeric page id"},
		{"page by title", &getPageIn{Space: "ENGDOCS", Title: " x "}, ""},
		{"page no title", &getPageIn{Space: "ENGDOCS", Title: "  "}, "name the page"},
		{"tree depth", &pageTreeIn{Space: "X", Depth: 6}, "between 1 and 5"},
		{"tree neither", &pageTreeIn{}, "either id"},
		{"create title", &createPageIn{Space: "X", Title: strings.Repeat("t", 256)}, "1 to 255"},
		{"create parent", &createPageIn{Space: "X", Title: "t", Parent: "abc"}, `"parent" must be a numeric page id`},
		{"create labels", &createPageIn{Space: "X", Title: "t", Labels: []string{"a:b"}}, "single words"},
		{"update mode", &updatePageIn{ID: "1", Mode: "Append"}, `"mode" must be`},
		{"update section", &updatePageIn{ID: "1", Mode: "append", Section: "x"}, "only for mode section"},
		{"update message", &updatePageIn{ID: "1", Mode: "replace", Message: strings.Repeat("m", 256)}, "at most 255"},
		{"comment empty", &addCommentIn{ID: "1", Body: " \n"}, "empty"},
		{"labels many", &addLabelsIn{ID: "1", Labels: slices.Repeat([]string{"a"}, 21)}, "at most 20"},
	}
	for _, c := range cases {
		err := c.in.Validate()
		if (err == nil) != (c.want == "") || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: Validate() = %v, want %q", c.name, err, c.want)
		}
	}
	in := &addLabelsIn{ID: "1", Labels: []string{" Runbook", "runbook", "DB"}}
	if err := in.Validate(); err != nil || !slices.Equal(in.Labels, []string{"runbook", "db"}) {
		t.Errorf("labels normalised to %v, %v", in.Labels, err)
	}
}

func TestCleanExcerpt(t *testing.T) {
	got := cleanExcerpt("...Promote the @@@hl@@@replica@@@endhl@@@ &amp; wait\n  for &lt;lag&gt;")
	if got != "...Promote the replica & wait for <lag>" {
		t.Errorf("cleanExcerpt = %q", got)
	}
	long := cleanExcerpt(strings.Repeat("é", 400))
	if len(long) > maxExcerpt+len("…") || !strings.HasSuffix(long, "…") {
		t.Errorf("long excerpt: %d bytes", len(long))
	}
}

// FuzzBuildCQL checks that whatever the text and space, the query built
// from them parses in both CQL engines (the guard's and the sandbox's) and
// searches for exactly the text given.
func FuzzBuildCQL(f *testing.F) {
	f.Add(`token "refresh"`, "ENGDOCS", "")
	f.Add(`\`, "OPS", "label = x ORDER BY title")
	f.Add("a OR b", "", "text ~ 'x'")
	f.Fuzz(func(t *testing.T, text, space, query string) {
		in := searchIn{Text: text, Space: space, CQL: query}
		if space != "" && !validSpaceKey(space) {
			return
		}
		out, err := buildCQL(in)
		if err != nil {
			return
		}
		parsed, err := scql.Parse(out)
		if err != nil {
			t.Fatalf("buildCQL(%+v) = %q, which does not parse: %v", in, out, err)
		}
		if strings.TrimSpace(query) != "" {
			return
		}
		if _, err := sbcql.Parse(out, &sbcql.Env{Now: time.Unix(0, 0)}); err != nil {
			t.Fatalf("the sandbox refuses %q: %v", out, err)
		}
		var texts []string
		scql.Walk(parsed.Where, func(e scql.Expr) bool {
			if c, ok := e.(*scql.Clause); ok && c.Field.Name == "text" {
				texts = append(texts, c.Operand.(*scql.Value).Text)
			}
			return true
		})
		want := strings.TrimSpace(strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, text))
		if (want == "") != (len(texts) == 0) || (want != "" && texts[0] != want) {
			t.Fatalf("text %q came out as %q in %q", text, texts, out)
		}
	})
}

// FuzzLabels checks that accepted labels are lower-case single words
// Confluence takes, without duplicates.
func FuzzLabels(f *testing.F) {
	f.Add("Runbook", "runbook ")
	f.Add("a:b", "")
	f.Fuzz(func(t *testing.T, a, b string) {
		out, err := normalizeLabels([]string{a, b}, true)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, l := range out {
			if l == "" || l != strings.ToLower(l) || strings.ContainsAny(l, labelBadChars+"\t\n\r") || seen[l] {
				t.Fatalf("accepted label %q from %q, %q", l, a, b)
			}
			seen[l] = true
		}
	})
}

// FuzzInputDoc checks that Markdown always becomes a valid document and
// that raw ADF is either valid or refused with a message.
func FuzzInputDoc(f *testing.F) {
	f.Add("## Title\n\n- [ ] task\n\n| a |\n| - |\n| b |", false)
	f.Add(`{"type":"doc","version":1,"content":[{"type":"paragraph"}]}`, true)
	f.Fuzz(func(t *testing.T, body string, raw bool) {
		format := formatMarkdown
		if raw {
			format = formatADF
		}
		doc, err := inputDoc("body", body, format)
		if err != nil {
			if !raw && len(body) <= maxBody {
				t.Fatalf("Markdown %q refused: %v", body, err)
			}
			return
		}
		if err := adf.Validate(doc); err != nil {
			t.Fatalf("%s %q became an invalid document: %v", format, body, err)
		}
	})
}
