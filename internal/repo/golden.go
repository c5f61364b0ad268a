package repo

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// update is the -update flag of a test binary; other programs lack it.
var update = func() *bool {
	if testing.Testing() {
		return flag.Bool("update", false, "rewrite the golden files from the current output")
	}
	return new(bool)
}()

// Golden compares got with the golden file at path, or, under -update,
// rewrites the file first.
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v: run the test with -update to write it", err)
	}
	if string(want) != string(got) {
		t.Errorf("output differs from %s (run the test with -update if the change is meant):\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}
