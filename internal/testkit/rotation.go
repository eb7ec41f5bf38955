package testkit

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// BlockRotation makes rotating the log file at path fail, as on a disk that
// refuses renames: the names of the keep rotated files (path.1 … path.keep)
// become directories that are not empty, so neither shifting them nor
// renaming the log onto path.1 can succeed. It returns the function that
// mends it.
func BlockRotation(t testing.TB, path string, keep int) (mend func()) {
	t.Helper()
	for i := 1; i <= keep; i++ {
		name := path + "." + strconv.Itoa(i)
		_ = os.Remove(name)
		if err := os.MkdirAll(filepath.Join(name, "in-the-way"), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return func() {
		for i := 1; i <= keep; i++ {
			if err := os.RemoveAll(path + "." + strconv.Itoa(i)); err != nil {
				t.Fatal(err)
			}
		}
	}
}
