package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clawbridge/atlassian-mcp/config"
)

const twoClaws = `# team setup
claws:
  - name: eng-bot
    visibility: team
    connection: sandbox
    jira: {projects: [ENG]}
  - name: ops-bot
    visibility: team
    connection: sandbox
    jira: {projects: [OPS]}
`

func TestClawKeyPrintsOnceAndStoresTheHash(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(twoClaws), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := runEnv(context.Background(), []string{"claw", "key", "eng-bot", "--config", path}, nil, &out, &errOut, func(string) string { return "" }); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	key := strings.TrimSpace(out.String())
	if !strings.HasPrefix(key, config.KeyPrefix) {
		t.Fatalf("stdout = %q, want just the key", out.String())
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), key) || !strings.Contains(string(data), config.HashKey(key)) || !strings.Contains(string(data), "# team setup") {
		t.Errorf("config after claw key:\n%s", data)
	}
	errOut.Reset()
	if code := runEnv(context.Background(), []string{"claw", "key", "nobody", "--config", path}, nil, &out, &errOut, func(string) string { return "" }); code != 1 || !strings.Contains(errOut.String(), "eng-bot, ops-bot") {
		t.Errorf("unknown Claw: exit %d, %q", code, errOut.String())
	}
}

func TestStdioNeedsOneClaw(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(twoClaws), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	env := func(k string) string {
		return map[string]string{"HOME": dir, "ATLASSIAN_MCP_AUDIT_LOG": filepath.Join(dir, "audit.jsonl")}[k]
	}
	var errOut bytes.Buffer
	code := runEnv(context.Background(), []string{"serve", "--sandbox", "--config", path}, strings.NewReader(""), &bytes.Buffer{}, &errOut, env)
	if code != 1 || !strings.Contains(errOut.String(), "several Claws are configured (eng-bot, ops-bot); choose one with --claw") {
		t.Errorf("two Claws over stdio: exit %d, %q", code, errOut.String())
	}
	errOut.Reset()
	code = runEnv(context.Background(), []string{"serve", "--sandbox", "--config", path, "--claw", "ops"}, strings.NewReader(""), &bytes.Buffer{}, &errOut, env)
	if code != 1 || !strings.Contains(errOut.String(), `no Claw named "ops"`) {
		t.Errorf("unknown --claw: exit %d, %q", code, errOut.String())
	}
	code = runEnv(context.Background(), []string{"serve", "--sandbox", "--config", path, "--claw", "ops-bot"}, strings.NewReader(""), &bytes.Buffer{}, &errOut, env)
	if code != 0 {
		t.Errorf("--claw ops-bot: exit %d, %q", code, errOut.String())
	}
}
