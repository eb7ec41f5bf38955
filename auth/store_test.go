package auth

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// openStore opens a store in dir with the key file, not the environment.
func openStore(t *testing.T, dir string) *Store {
	t.Helper()
	t.Setenv(KeyEnv, "")
	s, err := OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Secrets used by the store tests; each is distinctive so a grep finds it.
const (
	secretAccess  = "AT-0123456789-access-secret"
	secretRefresh = "RT-0123456789-refresh-secret"
	secretClient  = "CS-0123456789-client-secret"
	secretAPI     = "API-0123456789-api-token"
	secretPAT     = "PAT-0123456789-personal-token"
)

var allSecrets = []string{secretAccess, secretRefresh, secretClient, secretAPI, secretPAT}

func sampleConnections() []Connection {
	return []Connection{
		{Name: "work", Kind: KindOAuth, ClientID: "cid", ClientSecret: secretClient, CloudID: "cloud-1",
			SiteURL: "https://work.atlassian.net", Scopes: []string{"read:jira-work"},
			AccessToken: secretAccess, RefreshToken: secretRefresh, Expiry: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)},
		{Name: "api", Kind: KindBasic, Email: "alice@example.com", APIToken: secretAPI, BaseURL: "https://work.atlassian.net"},
		{Name: "dc", Kind: KindPAT, Token: secretPAT, BaseURL: "https://jira.example.com"},
	}
}

func TestStoreRoundTrip(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	ctx := context.Background()
	for _, c := range sampleConnections() {
		if err := s.Put(ctx, c); err != nil {
			t.Fatalf("Put %s: %v", c.Name, err)
		}
	}
	// A second instance, as another process would, sees the same data.
	s2 := openStore(t, dir)
	list, err := s2.List()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range list {
		names = append(names, c.Name)
	}
	if strings.Join(names, ",") != "api,dc,work" {
		t.Fatalf("List names %v, want api,dc,work", names)
	}
	got, err := s2.Get("work")
	if err != nil {
		t.Fatal(err)
	}
	want := sampleConnections()[0]
	if got.AccessToken != want.AccessToken || got.RefreshToken != want.RefreshToken || !got.Expiry.Equal(want.Expiry) ||
		got.ClientSecret != want.ClientSecret || got.Updated.IsZero() {
		t.Fatalf("Get returned %+v fields that differ from what was put", got)
	}
	if _, err := s2.Get("nope"); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "auth login --connection nope") {
		t.Fatalf("Get unknown: %v, want ErrNotFound telling how to create it", err)
	}
	if err := s2.Delete(ctx, "dc"); err != nil {
		t.Fatal(err)
	}
	if err := s2.Delete(ctx, "dc"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second Delete: %v, want ErrNotFound", err)
	}
	if _, err := s.Get("dc"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted connection still visible to the first instance: %v", err)
	}
}

func TestStoreKeepsNoPlaintextAndTightModes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	s := openStore(t, dir)
	for _, c := range sampleConnections() {
		if err := s.Put(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("store directory is empty")
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, sec := range append(allSecrets, "alice@example.com") {
			if bytes.Contains(data, []byte(sec)) || bytes.Contains(data, []byte(base64.StdEncoding.EncodeToString([]byte(sec)))) {
				t.Errorf("%s holds %q in plaintext", e.Name(), sec)
			}
		}
		info, _ := e.Info()
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %04o, want 0600", e.Name(), info.Mode().Perm())
		}
	}
	info, _ := os.Stat(dir)
	if info.Mode().Perm() != 0o700 {
		t.Errorf("store directory has mode %04o, want 0700", info.Mode().Perm())
	}
}

func TestStoreKeyFromEnvironment(t *testing.T) {
	key := make([]byte, 32)
	for i := range key {
		key[i] = byte(i)
	}
	other := bytes.Repeat([]byte{7}, 32)
	dir := t.TempDir()
	t.Setenv(KeyEnv, base64.StdEncoding.EncodeToString(key))
	s, err := OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put(context.Background(), sampleConnections()[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, keyFileName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a key file was created although %s is set: %v", KeyEnv, err)
	}
	// The same key in raw URL-safe base64 opens it too.
	t.Setenv(KeyEnv, base64.RawURLEncoding.EncodeToString(key))
	if s, err := OpenStore(dir); err != nil {
		t.Fatal(err)
	} else if _, err := s.Get("api"); err != nil {
		t.Fatalf("same key, other base64 alphabet: %v", err)
	}

	t.Setenv(KeyEnv, base64.StdEncoding.EncodeToString(other))
	s, err = OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Get("api")
	if !errors.Is(err, ErrStoreUnreadable) || !strings.Contains(err.Error(), KeyEnv) || !strings.Contains(err.Error(), "auth login") {
		t.Fatalf("wrong key: %v; want ErrStoreUnreadable naming %s and what to do", err, KeyEnv)
	}

	for _, bad := range []string{"not base64 at all!", base64.StdEncoding.EncodeToString([]byte("sixteen byte key"))} {
		t.Setenv(KeyEnv, bad)
		_, err := OpenStore(dir)
		if err == nil || !strings.Contains(err.Error(), "openssl rand -base64 32") || strings.Contains(err.Error(), bad) {
			t.Errorf("key %q: %v; want an error saying how to make a key, without quoting the value", bad, err)
		}
	}
}

func TestStoreRefusesDamage(t *testing.T) {
	tests := []struct {
		name   string
		damage func([]byte) []byte
		want   string
	}{
		{"flipped ciphertext byte", func(b []byte) []byte { b[len(b)/2] ^= 1; return b }, "altered"},
		{"flipped tag byte", func(b []byte) []byte { b[len(b)-1] ^= 0x80; return b }, "altered"},
		{"flipped nonce byte", func(b []byte) []byte { b[len(storeMagic)] ^= 1; return b }, "altered"},
		{"changed magic", func(b []byte) []byte { b[0] = 'X'; return b }, "not an atlassian-mcp token store"},
		{"truncated", func(b []byte) []byte { return b[:len(storeMagic)+5] }, "truncated"},
		{"empty", func([]byte) []byte { return nil }, "truncated"},
		{"appended byte", func(b []byte) []byte { return append(b, 0) }, "altered"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := openStore(t, dir)
			if err := s.Put(context.Background(), sampleConnections()[0]); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(s.Path())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(s.Path(), tc.damage(data), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err = s.Get("work")
			if !errors.Is(err, ErrStoreUnreadable) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "auth login") {
				t.Fatalf("got %v; want ErrStoreUnreadable mentioning %q and what to do", err, tc.want)
			}
			// Writes refuse too, rather than replacing the damaged store.
			if err := s.Put(context.Background(), sampleConnections()[1]); !errors.Is(err, ErrStoreUnreadable) {
				t.Fatalf("Put over a damaged store: %v, want ErrStoreUnreadable", err)
			}
		})
	}
}

func TestStoreKeyFileProblems(t *testing.T) {
	t.Run("replaced key", func(t *testing.T) {
		dir := t.TempDir()
		s := openStore(t, dir)
		if err := s.Put(context.Background(), sampleConnections()[0]); err != nil {
			t.Fatal(err)
		}
		k := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{9}, 32))
		if err := os.WriteFile(filepath.Join(dir, keyFileName), []byte(k), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := openStore(t, dir).Get("work")
		if !errors.Is(err, ErrStoreUnreadable) || !strings.Contains(err.Error(), "key file") {
			t.Fatalf("got %v, want ErrStoreUnreadable naming the key file", err)
		}
	})
	t.Run("readable by others", func(t *testing.T) {
		dir := t.TempDir()
		openStore(t, dir)
		if err := os.Chmod(filepath.Join(dir, keyFileName), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Setenv(KeyEnv, "")
		if _, err := OpenStore(dir); err == nil || !strings.Contains(err.Error(), "chmod 600") {
			t.Fatalf("got %v, want an error telling to chmod 600", err)
		}
	})
	t.Run("garbage key", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, keyFileName), []byte("short"), 0o600); err != nil {
			t.Fatal(err)
		}
		t.Setenv(KeyEnv, "")
		if _, err := OpenStore(dir); err == nil || !strings.Contains(err.Error(), KeyEnv) {
			t.Fatalf("got %v, want an error offering %s", err, KeyEnv)
		}
	})
	t.Run("key file is stable across opens", func(t *testing.T) {
		dir := t.TempDir()
		s := openStore(t, dir)
		if err := s.Put(context.Background(), sampleConnections()[2]); err != nil {
			t.Fatal(err)
		}
		if _, err := openStore(t, dir).Get("dc"); err != nil {
			t.Fatalf("reopened store: %v", err)
		}
	})
}

func TestInterruptedWriteKeepsPreviousFile(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	ctx := context.Background()
	if err := s.Put(ctx, sampleConnections()[0]); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(s.Path())
	crash := errors.New("simulated crash between write and rename")
	s.beforeRename = func() error { return crash }
	err := s.Update(ctx, "work", func(c *Connection) (bool, error) {
		c.RefreshToken = "RT-new"
		return true, nil
	})
	if !errors.Is(err, crash) {
		t.Fatalf("Update: %v, want the simulated crash", err)
	}
	after, _ := os.ReadFile(s.Path())
	if !bytes.Equal(before, after) {
		t.Fatal("the store file changed although the write did not complete")
	}
	got, err := openStore(t, dir).Get("work")
	if err != nil || got.RefreshToken != secretRefresh {
		t.Fatalf("after the crash: %v, refresh token changed=%v; want the previous valid file", err, got.RefreshToken != secretRefresh)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestUpdateSemantics(t *testing.T) {
	ctx := context.Background()
	boom := errors.New("boom")
	tests := []struct {
		name     string
		fn       func(c *Connection) (bool, error)
		wantErr  error
		wantSave bool
	}{
		{"write", func(c *Connection) (bool, error) { c.SiteName = "x"; return true, nil }, nil, true},
		{"write and error", func(c *Connection) (bool, error) { c.SiteName = "x"; return true, boom }, boom, true},
		{"no write", func(c *Connection) (bool, error) { c.SiteName = "x"; return false, nil }, nil, false},
		{"error without write", func(c *Connection) (bool, error) { c.SiteName = "x"; return false, boom }, boom, false},
		{"renaming is ignored", func(c *Connection) (bool, error) { c.Name = "other"; c.SiteName = "x"; return true, nil }, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t, t.TempDir())
			if err := s.Put(ctx, sampleConnections()[0]); err != nil {
				t.Fatal(err)
			}
			err := s.Update(ctx, "work", tc.fn)
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Fatalf("err %v, want %v", err, tc.wantErr)
			}
			got, err := s.Get("work")
			if err != nil {
				t.Fatal(err)
			}
			if saved := got.SiteName == "x"; saved != tc.wantSave {
				t.Fatalf("saved = %v, want %v", saved, tc.wantSave)
			}
		})
	}
	s := openStore(t, t.TempDir())
	if err := s.Update(ctx, "ghost", func(*Connection) (bool, error) { return true, nil }); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Update of a missing connection: %v", err)
	}
	if err := s.Put(ctx, sampleConnections()[0]); err != nil {
		t.Fatal(err)
	}
	err := s.Update(ctx, "work", func(c *Connection) (bool, error) { c.RefreshToken = ""; return true, nil })
	if err == nil || !strings.Contains(err.Error(), "refresh token") {
		t.Fatalf("Update leaving an incomplete connection: %v, want a validation error", err)
	}
}

// TestStoreNoLostUpdates runs read-modify-write cycles from two Store
// instances at once, as two processes sharing a store would.
func TestStoreNoLostUpdates(t *testing.T) {
	dir := t.TempDir()
	a, b := openStore(t, dir), openStore(t, dir)
	ctx := context.Background()
	if err := a.Put(ctx, sampleConnections()[0]); err != nil {
		t.Fatal(err)
	}
	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := a
			if i%2 == 1 {
				s = b
			}
			errs <- s.Update(ctx, "work", func(c *Connection) (bool, error) {
				c.Scopes = append(c.Scopes, fmt.Sprintf("s%d", i))
				return true, nil
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	got, err := b.Get("work")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Scopes) != n+1 {
		t.Fatalf("%d scopes after %d concurrent appends to 1; updates were lost", len(got.Scopes), n)
	}
}

func TestConnectionValidate(t *testing.T) {
	base := sampleConnections()
	tests := []struct {
		name string
		edit func(c *Connection)
		idx  int
		want string // substring of the error; "" means valid
	}{
		{"oauth", func(*Connection) {}, 0, ""},
		{"basic", func(*Connection) {}, 1, ""},
		{"pat", func(*Connection) {}, 2, ""},
		{"oauth needing login may lack tokens", func(c *Connection) { c.NeedsLogin = true; c.RefreshToken = ""; c.AccessToken = "" }, 0, ""},
		{"oauth without refresh token", func(c *Connection) { c.RefreshToken = "" }, 0, "refresh token"},
		{"oauth without cloud id", func(c *Connection) { c.CloudID = "" }, 0, "cloud id"},
		{"basic without email", func(c *Connection) { c.Email = "" }, 1, "email"},
		{"pat without base URL", func(c *Connection) { c.BaseURL = "" }, 2, "base URL"},
		{"unknown kind", func(c *Connection) { c.Kind = "jwt" }, 2, "want oauth, basic or pat"},
		{"name with a space", func(c *Connection) { c.Name = "my work" }, 0, "letters, digits"},
		{"name with shell metacharacters", func(c *Connection) { c.Name = "x;rm" }, 0, "letters, digits"},
		{"empty name", func(c *Connection) { c.Name = "" }, 0, "letters, digits"},
		{"name too long", func(c *Connection) { c.Name = strings.Repeat("a", 65) }, 0, "1 to 64"},
	}
	for _, tc := range tests {
		c := base[tc.idx]
		tc.edit(&c)
		err := c.Validate()
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestConnectionNeverPrintsSecrets(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	for _, c := range sampleConnections() {
		out := fmt.Sprintf("%v %+v %s %#v", c, c, c, c)
		out += fmt.Sprintf("%v %+v", &c, []Connection{c})
		log.Info("connection", "c", c)
		for _, sec := range allSecrets {
			if strings.Contains(out, sec) {
				t.Errorf("formatting %s shows %q: %s", c.Name, sec, out)
			}
		}
		if !strings.Contains(out, c.Name) {
			t.Errorf("formatting %s does not name it: %s", c.Name, out)
		}
	}
	for _, sec := range allSecrets {
		if strings.Contains(logs.String(), sec) {
			t.Errorf("slog output shows %q", sec)
		}
	}
}
