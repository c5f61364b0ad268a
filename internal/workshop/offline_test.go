package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOfflineDay runs a student's day with no network, by the guide's
// offline route: the instructor puts the zips of the modules in the copy
// (.modules, filled here from this machine's module cache instead of the
// network), the student fills an empty module cache from them, as from a
// file proxy, and from then on GOPROXY=off: a check of one exercise, and
// the export, whose tests pass.
func TestOfflineDay(t *testing.T) {
	if testing.Short() {
		t.Skip("a whole day: the builds take a minute")
	}
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	require.NoError(t, err)
	t.Setenv("GOFLAGS", "-modcacherw") // so that the test can remove the caches it makes
	t.Setenv("GOTOOLCHAIN", "local")
	for _, v := range []string{"HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"} {
		t.Setenv(v, "http://127.0.0.1:9") // no network: whatever would go out is refused
	}
	t.Setenv("NO_PROXY", "")

	ws := filepath.Join(t.TempDir(), "class")
	code, _, errOut := runTool(t, "../..", "init", ws)
	require.Equal(t, 0, code, errOut)
	download(t, ws, filepath.Join(strings.TrimSpace(string(out)), "cache", "download"), filepath.Join(ws, ".modcache"))
	require.NoError(t, os.Rename(filepath.Join(ws, ".modcache", "cache", "download"), filepath.Join(ws, ".modules")))
	download(t, ws, filepath.Join(ws, ".modules"), filepath.Join(t.TempDir(), "mod"))
	t.Setenv("GOPROXY", "off")

	code, out2, _ := runTool(t, ws, "check", "02.1")
	assert.Equal(t, 1, code)
	assert.Contains(t, out2, "02.1 The Host header: FAIL", "the step builds and its tests run")

	lib := filepath.Join(t.TempDir(), "lib")
	code, out2, errOut = runTool(t, ws, "export", "-apply-missing", "-module", "example.org/student/websocket", lib)
	require.Equal(t, 0, code, "%s\n%s", out2, errOut)
	assert.NotContains(t, out2, "go mod tidy could not run offline")
	run, err := goTest(context.Background(), lib, "./...", testOptions{skip: skippedTests()})
	require.NoError(t, err)
	assert.True(t, run.Passed, "the export's tests:\n%s", firstLines(run.Output, 30))
}

// download runs go mod download in dir, into the module cache cache, from
// the file proxy zips, or skips the test if it cannot.
func download(t *testing.T, dir, zips, cache string) {
	t.Helper()
	proxy := filepath.ToSlash(zips)
	if !strings.HasPrefix(proxy, "/") {
		proxy = "/" + proxy // C:/Users/... on Windows
	}
	t.Setenv("GOPROXY", "file://"+proxy)
	t.Setenv("GOMODCACHE", cache)
	if _, stderr, err := goRun(context.Background(), dir, nil, "mod", "download"); err != nil {
		t.Skipf("no file proxy: %s cannot serve this module's dependencies offline (%v): run go mod download once\n%s", zips, err, stderr)
	}
}
