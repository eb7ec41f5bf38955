package contract

import (
	"slices"
	"strings"
	"testing"
)

func TestRelaxationsAreRecorded(t *testing.T) {
	v := Load(t)
	fixes := map[string][]string{}
	for _, s := range v.specs {
		fixes[s.name] = s.fixes
	}
	tests := []struct {
		spec, fragment string
	}{
		{SpecConfluenceV2, `rewrote pattern "(att)?0-9+" as "(att)?[0-9]+"`},
		{SpecJiraSoftware, `rewrote pattern "^\\p{L}[\\p{L}\\p{Digit}_]{1,255}-\\p{Digit}{1,255}$" as "^\\p{L}[\\p{L}\\d_]{1,255}-\\d{1,255}$"`},
		{SpecJiraPlatform, "#/components/schemas/CustomContextVariable: dropped additionalProperties: false beside allOf/anyOf/oneOf"},
		{SpecConfluenceV2, "read oneOf without a discriminator as anyOf"},
	}
	for _, tt := range tests {
		if !slices.ContainsFunc(fixes[tt.spec], func(f string) bool { return strings.Contains(f, tt.fragment) }) {
			t.Errorf("%s: no relaxation mentions %s; have:\n%s", tt.spec, tt.fragment, strings.Join(fixes[tt.spec], "\n"))
		}
	}
	for name, list := range fixes {
		for _, f := range list {
			if strings.Contains(f, "dropped pattern") {
				t.Errorf("%s: a pattern had to be dropped: %s", name, f)
			}
		}
	}
}

func TestAttachmentIDPattern(t *testing.T) {
	v := Load(t)
	for _, tt := range []struct {
		target string
		want   []string
	}{
		// This operation carries the misspelt pattern "(att)?0-9+".
		{target: "/wiki/api/v2/attachments/att123/versions/2"},
		{target: "/wiki/api/v2/attachments/456/versions/2"},
		{target: "/wiki/api/v2/attachments/attachment/versions/2", want: []string{`path parameter "attachment-id"`, "regular expression"}},
	} {
		t.Run(tt.target, func(t *testing.T) {
			wantReasons(t, v.ValidateRequest(newRequest("GET", tt.target, ""), nil), tt.want...)
		})
	}
}

func TestDateTime(t *testing.T) {
	for _, tt := range []struct {
		value string
		ok    bool
	}{
		{"2024-03-01T10:00:00.000+0000", true},
		{"2024-03-01T10:00:00.000+10:00", true},
		{"2024-03-01T10:00:00Z", true},
		{"2024-03-01T10:00:00.123456789-0530", true},
		{"2024-03-01", false},
		{"2024-03-01T10:00:00", false},
		{"2024-13-01T10:00:00Z", false},
		{"2024-03-01T24:00:00Z", false},
		{"2024-03-01T10:00:00+000", false},
		{"yesterday", false},
		{"", false},
	} {
		if err := (dateTime{}).Validate(tt.value); (err == nil) != tt.ok {
			t.Errorf("dateTime(%q) = %v, want ok=%v", tt.value, err, tt.ok)
		}
	}
}
