package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/repo"
)

// TestFixture runs testdata/fixture.md's blocks for real, with a copy as
// a translation's: it finds the two stale blocks, runs each distinct
// block once, rewrites both copies as testdata/fixture.golden.md shows,
// and finds them fresh after.
func TestFixture(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go run")
	}
	root, err := repo.Root(".")
	require.NoError(t, err)
	src, err := os.ReadFile("testdata/fixture.md")
	require.NoError(t, err)
	dir := t.TempDir()
	files := []string{filepath.Join(dir, "fixture.md"), filepath.Join(dir, "zh", "fixture.md")}
	require.NoError(t, os.Mkdir(filepath.Join(dir, "zh"), 0o755))
	for _, f := range files {
		require.NoError(t, os.WriteFile(f, src, 0o644))
	}

	reports, err := checkFiles(root, files)
	require.NoError(t, err)
	require.Len(t, reports, 14)
	var stale []int
	for i, r := range reports {
		require.NoError(t, r.err, r.Block)
		if !r.fresh {
			stale = append(stale, r.Line)
		}
		if i >= 7 {
			assert.Same(t, reports[i-7].result, r.result, "a translation's block runs once")
		}
	}
	assert.Equal(t, []int{19, 53, 66, 19, 53, 66}, stale)
	var out strings.Builder
	assert.False(t, summarise(reports, false, &out))
	assert.Contains(t, out.String(), files[0]+":19: stale; go run ./internal/transcript -w rewrites it:\n--- "+files[0]+":19 as printed\n")
	assert.Contains(t, out.String(), " to stderr, between two lines of stdout\n-args: old FIXTURE=\n+args: new FIXTURE=\n took 1.5ms\n+exit status 3\n")
	assert.Contains(t, out.String(), "\ntranscript: 14 blocks checked\n")

	require.NoError(t, rewriteFiles(reports))
	for _, f := range files {
		got, err := os.ReadFile(f)
		require.NoError(t, err)
		repo.Golden(t, "testdata/fixture.golden.md", got)
	}
	reports, err = checkFiles(root, files)
	require.NoError(t, err)
	out.Reset()
	assert.True(t, summarise(reports, false, &out), out.String())
}
