package audit

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clawbridge/atlassian-mcp/internal/testkit"
)

func readRecords(t *testing.T, path string) []Record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []Record
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %q is not a record: %v", sc.Text(), err)
		}
		out = append(out, r)
	}
	return out
}

func TestRecordsCallsAndDenials(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	l, err := Open(path, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	ctx := WithWho(context.Background(), Who{Claw: "eng-bot", Caller: "sha256:ab12", Tool: "jira_get_issue", Site: "acme"})
	if err := l.Call(ctx, "jira.issue.get", "ENG-1", 200, 1500*time.Microsecond, nil); err != nil {
		t.Fatal(err)
	}
	if err := l.Call(ctx, "jira.issue.get", "ENG-9", 404, time.Millisecond, errors.New("not found")); err != nil {
		t.Fatal(err)
	}
	if err := l.Deny(ctx, "jira.issue.get", "HR-1", "project HR is not in the allowlist"); err != nil {
		t.Fatal(err)
	}
	l.Close()
	recs := readRecords(t, path)
	if len(recs) != 3 {
		t.Fatalf("%d records, want 3", len(recs))
	}
	want := Record{Time: now, Claw: "eng-bot", Caller: "sha256:ab12", Tool: "jira_get_issue", Action: "jira.issue.get",
		Target: "ENG-1", Site: "acme", Outcome: OK, Status: 200, DurationMS: 1.5}
	if recs[0] != want {
		t.Errorf("record = %+v\nwant     %+v", recs[0], want)
	}
	if recs[1].Outcome != Failed || recs[2].Outcome != Denied || recs[2].Target != "HR-1" {
		t.Errorf("outcomes: %+v %+v", recs[1], recs[2])
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
}

func TestAppendsAcrossReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	for i := 0; i < 2; i++ {
		l, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := l.Write(Record{Action: "a", Outcome: OK}); err != nil {
			t.Fatal(err)
		}
		l.Close()
	}
	if n := len(readRecords(t, path)); n != 2 {
		t.Errorf("%d records after reopening, want 2 (append-only)", n)
	}
}

func TestRotatesBySize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	l, err := Open(path, Options{MaxSize: 400, MaxFiles: 2})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		if err := l.Write(Record{Claw: "c", Action: "jira.issue.get", Target: "ENG-1", Outcome: OK}); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	total := 0
	for _, p := range []string{path, path + ".1", path + ".2"} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatalf("%s missing: %v", p, err)
		}
		if st.Size() > 400 {
			t.Errorf("%s is %d bytes, over the 400-byte limit", p, st.Size())
		}
		total += len(readRecords(t, p))
	}
	if _, err := os.Stat(path + ".3"); err == nil {
		t.Error("kept more rotated files than MaxFiles")
	}
	if total == 0 || total >= 20 {
		t.Errorf("%d records kept across files; the oldest should have been dropped", total)
	}
}

func TestConcurrentWritesStayWholeLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	l, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 25; j++ {
				_ = l.Write(Record{Claw: strings.Repeat("x", 50), Action: "a", Outcome: OK})
			}
		}()
	}
	wg.Wait()
	l.Close()
	if n := len(readRecords(t, path)); n != 200 {
		t.Errorf("%d records, want 200", n)
	}
}

func TestUnwritablePathSaysWhatToDo(t *testing.T) {
	_, err := Open("/proc/nope/audit.jsonl", Options{})
	if err == nil || !strings.Contains(err.Error(), "audit.path") {
		t.Errorf("err = %v", err)
	}
}

// TestReadyFailsClosedAndRecordsTheGap checks that once a record cannot be
// written, Ready says so (and keeps saying so while the disk still
// refuses), and that when the log can be written again, Ready writes a
// record of the gap before anything else.
func TestReadyFailsClosedAndRecordsTheGap(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	l, err := Open(path, Options{MaxSize: 1, MaxFiles: 1}) // every record rotates
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx := WithWho(context.Background(), Who{Claw: "c", Tool: "jira_create_issue"})
	if err := l.Ready(); err != nil {
		t.Fatalf("a fresh log: %v", err)
	}
	if err := l.Start(ctx, "jira.issue.create", "ENG"); err != nil {
		t.Fatal(err)
	}
	mend := testkit.BlockRotation(t, path, 1)
	if err := l.Call(ctx, "jira.issue.create", "ENG-9", 201, time.Millisecond, nil); err == nil {
		t.Fatal("a record the disk refused was reported written")
	}
	for range 2 {
		err := l.Ready()
		if err == nil || !strings.Contains(err.Error(), "no calls are made") {
			t.Fatalf("Ready while the disk refuses: %v", err)
		}
	}
	mend()
	if err := l.Ready(); err != nil {
		t.Fatalf("Ready once the disk accepts again: %v", err)
	}
	got := readRecords(t, path)
	if len(got) != 1 || got[0].Action != "audit.resumed" || !strings.Contains(got[0].Reason, "could not be written") {
		t.Fatalf("the first record after the gap: %+v", got)
	}
	if err := l.Start(ctx, "jira.issue.create", "ENG"); err != nil {
		t.Fatalf("a record after recovery: %v", err)
	}
	if got := readRecords(t, path); got[len(got)-1].Outcome != Started || got[len(got)-1].Tool != "jira_create_issue" {
		t.Errorf("the last record: %+v", got[len(got)-1])
	}
	l.Close()
	if err := l.Ready(); err == nil {
		t.Error("a closed log is not ready")
	}
}
