package tools

import "testing"

func TestPlural(t *testing.T) {
	cases := []struct {
		n    int
		want string
	}{
		{0, "0 spaces"}, {1, "1 space"}, {2, "2 spaces"}, {-1, "-1 spaces"}, {1000, "1000 spaces"},
	}
	for _, tc := range cases {
		if got := Plural(tc.n, "space", "spaces"); got != tc.want {
			t.Errorf("Plural(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestPrefixed(t *testing.T) {
	cases := []struct{ prefix, s, want string }{
		{", project ", "ENG", ", project ENG"},
		{", project ", "", ""},
		{"", "ENG", "ENG"},
		{"due ", " ", "due  "},
	}
	for _, tc := range cases {
		if got := Prefixed(tc.prefix, tc.s); got != tc.want {
			t.Errorf("Prefixed(%q, %q) = %q, want %q", tc.prefix, tc.s, got, tc.want)
		}
	}
}

func TestMoreHint(t *testing.T) {
	if got := MoreHint(""); got != "" {
		t.Errorf(`MoreHint("") = %q, want ""`, got)
	}
	if got, want := MoreHint(`a"b`), ` (more: call again with page_token "a\"b")`; got != want {
		t.Errorf("MoreHint = %q, want %q", got, want)
	}
}
