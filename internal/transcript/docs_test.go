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

// TestArticleTranscripts keeps every marked transcript in the repository's
// markdown true, so that go test ./... fails on one that went stale; go
// run ./internal/transcript -w rewrites them.
func TestArticleTranscripts(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the articles' commands")
	}
	if raceEnabled {
		t.Skip("the race detector would watch only this test, not the commands it runs, which go test ./... without -race has checked")
	}
	root, err := repo.Root(".")
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(root, ".workshop")); err == nil {
		t.Skip("a workshop copy's steps print their exercises' stubs until they are done")
	}
	files, err := markdownFiles(root)
	require.NoError(t, err)
	reports, err := checkFiles(root, files)
	require.NoError(t, err)
	for _, r := range reports {
		if assert.NoError(t, r.err, r.Block) && !r.fresh {
			var out strings.Builder
			summarise([]*report{r}, false, &out)
			t.Error(out.String())
		}
	}
	t.Logf("%d marked transcripts", len(reports))
}
