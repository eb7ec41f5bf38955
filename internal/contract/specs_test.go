package contract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSpecsDir(t *testing.T) {
	real, err := SpecsDir()
	if err != nil {
		t.Skipf("contract: skipping, Atlassian OpenAPI specs are absent: %v", err)
	}

	t.Run("module root fallback", func(t *testing.T) {
		root, err := moduleRoot()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(root, "..", "shared", "specs", "jira", "platform-v3.json")); err != nil {
			t.Skipf("the specs come from $%s here, not from ../shared/specs: %v", EnvSpecs, err)
		}
		t.Setenv(EnvSpecs, "")
		got, err := SpecsDir()
		if err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join(root, "..", "shared", "specs"); got != want {
			t.Errorf("SpecsDir() = %s, want %s", got, want)
		}
	})

	t.Run("environment wins", func(t *testing.T) {
		t.Setenv(EnvSpecs, real)
		if got, err := SpecsDir(); err != nil || got != real {
			t.Errorf("SpecsDir() = %s, %v; want %s", got, err, real)
		}
	})

	t.Run("a directory without the specs", func(t *testing.T) {
		empty := t.TempDir()
		if err := os.MkdirAll(filepath.Join(empty, "jira"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(empty, "jira", "platform-v3.json"), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Setenv(EnvSpecs, empty)
		_, err := SpecsDir()
		if err == nil || !strings.Contains(err.Error(), "software-agile.json") || !strings.Contains(err.Error(), EnvSpecs) {
			t.Errorf("want an error naming the missing file and %s, got %v", EnvSpecs, err)
		}
	})

	t.Run("no module above the working directory", func(t *testing.T) {
		t.Setenv(EnvSpecs, "")
		t.Chdir(t.TempDir())
		if _, err := SpecsDir(); err == nil || !strings.Contains(err.Error(), EnvSpecs) {
			t.Errorf("want an error telling to set %s, got %v", EnvSpecs, err)
		}
	})
}

func TestLoadSkipsOrFails(t *testing.T) {
	absent := &fakeTB{TB: t}
	if v := loadFrom(absent, func() (*Validator, error) {
		return nil, errors.Join(errNoSpecs, errors.New("no go.mod"))
	}); v != nil || len(absent.skips) != 1 || !strings.Contains(absent.skips[0], "specs are absent") || len(absent.fatals) != 0 {
		t.Errorf("absent specs: skips %q, fatals %q", absent.skips, absent.fatals)
	}
	broken := &fakeTB{TB: t}
	if loadFrom(broken, func() (*Validator, error) {
		return nil, errors.New("loading platform-v3.json: unexpected EOF")
	}); len(broken.fatals) != 1 || len(broken.skips) != 0 {
		t.Errorf("broken specs: skips %q, fatals %q", broken.skips, broken.fatals)
	}
}

func TestNewRejectsBrokenSpecs(t *testing.T) {
	real, err := SpecsDir()
	if err != nil {
		t.Skipf("contract: skipping, Atlassian OpenAPI specs are absent: %v", err)
	}
	dir := t.TempDir()
	for _, name := range specNames {
		data, err := os.ReadFile(filepath.Join(real, filepath.FromSlash(name)+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if name == SpecConfluenceV1 {
			data = data[:len(data)/2]
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(filepath.FromSlash(name))), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)+".json"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := New(dir); err == nil || !strings.Contains(err.Error(), "v1.json") {
		t.Errorf("want an error naming v1.json, got %v", err)
	}
}

func TestLoadIsShared(t *testing.T) {
	if Load(t) != Load(t) {
		t.Error("Load returned two Validators in one process")
	}
}
