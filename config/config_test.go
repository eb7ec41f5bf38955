package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const good = `# a team's configuration
hosts:
  api: https://api.atlassian.com
oauth:
  client_id: abc
connections:
  - name: acme
    type: oauth
    site: https://acme.atlassian.net
claws:
  - name: eng-bot
    visibility: team
    connection: acme
    jira:
      projects: [ENG, OPS]
    confluence:
      spaces: [ENGDOCS]
    toolsets: [jira, jira_write, confluence]
    tools:
      disable: [jira_link_issues]
    approvals: [jira_create_issue]
  - name: solo
    connection: acme
    jira:
      projects: [ENG]
`

func TestParseGood(t *testing.T) {
	c, err := Parse("c.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	eng, ok := c.Claw("eng-bot")
	if !ok || eng.Visibility != Team || strings.Join(eng.Jira.Projects, ",") != "ENG,OPS" || eng.Line() != 11 {
		t.Errorf("eng-bot = %+v (line %d)", eng, eng.Line())
	}
	if solo, _ := c.Claw("solo"); solo.Visibility != Private {
		t.Errorf("a Claw without visibility is %q, want private", solo.Visibility)
	}
	if c.Hosts.Auth != DefaultAuthHost || c.Audit.MaxSizeMB != 50 {
		t.Errorf("defaults not applied: %+v %+v", c.Hosts, c.Audit)
	}
}

// TestErrorsNameFileLineAndFix checks that every mistake is located and says
// how to fix it.
func TestErrorsNameFileLineAndFix(t *testing.T) {
	cases := []struct {
		name, yaml, want string
	}{
		{"typo in a setting", "claws:\n  - name: a\n    jira:\n      projcts: [ENG]\n", `c.yaml:4: unknown setting "projcts"`},
		{"bad YAML", "hosts:\n  api: https://x\nclaws:\n\t- name: a\n", "c.yaml:4: invalid YAML: found character that cannot start any token"},
		{"bad visibility", "claws:\n  - name: a\n    visibility: public\n", `c.yaml:2: claw "a": visibility "public" is not one of private, team, org`},
		{"lower-case project", "claws:\n  - name: a\n    jira:\n      projects: [eng]\n", `c.yaml:2: claw "a": jira.projects holds "eng"; project keys are upper-case`},
		{"unknown toolset", "claws:\n  - name: a\n    toolsets: [jira_admin]\n", `toolset "jira_admin" does not exist; toolsets are jira, jira_write`},
		{"raw key in members", "claws:\n  - name: a\n    visibility: team\n    members: [amcp_secretsecret]\n", `not a caller-key hash (sha256:…); never put a key itself in the file`},
		{"bad connection name", "claws:\n  - name: a\n    connection: \"no pe\"\n", `connection "no pe" must be the name of a stored connection`},
		{"duplicate claw", "claws:\n  - name: a\n  - name: a\n", `c.yaml:3: claw "a" is defined twice`},
		{"bad connection type", "connections:\n  - name: x\n    type: magic\n", `c.yaml:2: connection "x" has type "magic"; use oauth, basic or pat`},
		{"basic without email", "connections:\n  - name: x\n    type: basic\n    site: https://a.atlassian.net\n", "set site (https://your-site.atlassian.net) and email"},
		{"bad scope", "claws:\n  - name: a\n    scopes: [jira]\n", `scopes holds "jira", which is not an OAuth scope`},
		{"bad host", "hosts:\n  api: ftp://x\n", "hosts.api must be an http(s) URL"},
		{"private with two members", "claws:\n  - name: a\n    members: [sha256:" + strings.Repeat("a", 64) + ", sha256:" + strings.Repeat("b", 64) + "]\n", "is private, so only its creator may use it"},
	}
	for _, c := range cases {
		_, err := Parse("c.yaml", []byte(c.yaml))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to contain %q", c.name, err, c.want)
		}
	}
}

func TestMissingDefaultFileMeansDefaults(t *testing.T) {
	c, err := Load(filepath.Join(t.TempDir(), "none.yaml"), false)
	if err != nil || c.Hosts.API != DefaultAPIHost {
		t.Fatalf("Load of a missing default file: %v %+v", err, c)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "none.yaml"), true); err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Errorf("a missing --config file: %v", err)
	}
}

func TestKeysAreHashedAndAddedInPlace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path, true)
	if err != nil {
		t.Fatal(err)
	}
	key, err := NewKey()
	if err != nil || !strings.HasPrefix(key, KeyPrefix) || len(key) < 40 {
		t.Fatalf("NewKey = %q, %v", key, err)
	}
	if err := c.AddMember("eng-bot", HashKey(key)); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), key) {
		t.Fatal("the key itself was written to the file")
	}
	if !strings.Contains(string(data), "# a team's configuration") {
		t.Error("rewriting lost the file's comments")
	}
	again, err := Load(path, true)
	if err != nil {
		t.Fatalf("reload: %v", err)
	}
	eng, _ := again.Claw("eng-bot")
	if len(eng.Members) != 1 || !HashMatches(eng.Members[0], key) || HashMatches(eng.Members[0], key+"x") {
		t.Errorf("members after reload = %v", eng.Members)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v after rewrite, want 0600", st.Mode().Perm())
	}
	if err := again.AddMember("solo", HashKey("k1")); err != nil {
		t.Fatal(err)
	}
	if err := again.AddMember("solo", HashKey("k2")); err == nil || !strings.Contains(err.Error(), "private") {
		t.Errorf("second member of a private Claw: %v", err)
	}
	if err := again.AddMember("ghost", HashKey("k")); err == nil || !strings.Contains(err.Error(), "eng-bot") {
		t.Errorf("unknown Claw: %v", err)
	}
}

// TestExampleParses keeps the documented example configuration valid.
func TestExampleParses(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "examples", "claws.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse("examples/claws.yaml", data)
	if err != nil {
		t.Fatalf("the example configuration is invalid: %v", err)
	}
	if len(c.Claws) != 3 || c.Claws[1].Visibility != Team || !c.Claws[2].ReadOnly {
		t.Errorf("example parsed as %+v", c.Claws)
	}
}
