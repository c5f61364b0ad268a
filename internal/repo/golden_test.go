package repo

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestGoldenFails: a golden file that differs, or is missing, fails the
// test that checks it.
func TestGoldenFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "want.txt")
	assert.NoError(t, os.WriteFile(path, []byte("want\n"), 0o644))
	for name, check := range map[string]func(tb testing.TB){
		"same":    func(tb testing.TB) { Golden(tb, path, []byte("want\n")) },
		"differs": func(tb testing.TB) { Golden(tb, path, []byte("got\n")) },
		"missing": func(tb testing.TB) { Golden(tb, path+".none", []byte("got\n")) },
	} {
		rec := &recorder{TB: t}
		done := make(chan struct{})
		go func() { defer close(done); check(rec) }() // Fatal ends only that goroutine
		<-done
		assert.Equal(t, name != "same", rec.failed, name)
	}
}

// A recorder is a testing.TB that notes a failure instead of failing.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatal(...any)          { r.failed = true; runtime.Goexit() }
func (r *recorder) Fatalf(string, ...any) { r.failed = true; runtime.Goexit() }
