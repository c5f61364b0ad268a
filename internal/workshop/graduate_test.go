package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExportRefusesAnUnfinishedCopy: export names the exercises left, and
// with -apply-missing puts their solutions in and exports.
func TestExportRefusesAnUnfinishedCopy(t *testing.T) {
	repo := fakeRepoTwoSteps(t)
	ws := filepath.Join(t.TempDir(), "class")
	code, _, errOut := runTool(t, repo, "init", ws)
	require.Equal(t, 0, code, errOut)
	lib := filepath.Join(t.TempDir(), "lib")

	code, out, _ := runTool(t, ws, "export", lib)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "not exported: 2 exercises are not done yet, by the last check: 01.1, 01.2")
	assert.Contains(t, out, "add -apply-missing")
	assert.NoDirExists(t, lib)

	code, out, errOut = runTool(t, ws, "export", "-apply-missing", lib)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "your code as it was is saved in .workshop/backup/")
	assert.Contains(t, out, "put the solution of 01.1 into step01-sum/websocket/sum.go, step02-more/websocket/sum.go")
	assert.Contains(t, out, "wrote the library example.com/websocket")
	got, err := os.ReadFile(filepath.Join(lib, "sum.go"))
	require.NoError(t, err)
	want, err := os.ReadFile(filepath.Join(repo, "step02-more", "websocket", "sum.go"))
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "the last step's library, whole")
}
