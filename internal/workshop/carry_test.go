package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCodeCarriesForward: an exercise is a stub in every step that holds
// its function; once it passes, the student's code goes on into the later
// steps, again when it changes, but never over code the student wrote
// there; a function a later step changed gets that step's version.
// Hints come from the tool alone, and reset and solution -apply keep a
// backup.
func TestCodeCarriesForward(t *testing.T) {
	repo := fakeRepoTwoSteps(t)
	ws := filepath.Join(t.TempDir(), "class")
	code, out, errOut := runTool(t, repo, "init", ws)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "2 exercises stubbed in step01-sum")
	later := filepath.Join(ws, "step02-more", "websocket", "sum.go")
	for _, name := range []string{"Sum", "ParseList"} {
		assert.True(t, isStubText(funcIn(t, later, name), map[string]string{"Sum": "01.1", "ParseList": "01.2"}[name]), "%s in step02", name)
	}

	page, err := os.ReadFile(filepath.Join(ws, "docs", "exercises", "01-sum.md"))
	require.NoError(t, err)
	assert.NotContains(t, string(page), "### Hint")
	assert.Contains(t, string(page), "Hints: `go run ./internal/workshop hint 01.2` gives them, one at a time.\n\n## Not an exercise")
	code, out, _ = runTool(t, ws, "hint", "01.2")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "hint 1 of 3 for 01.2 Parse a list:\n\n`strings.SplitSeq`.")

	mine := "func Sum(xs ...int) int {\n\tn := 0\n\tfor _, x := range xs {\n\t\tn += x\n\t}\n\treturn n\n}"
	require.NoError(t, putFunc(ws, &exercise{Step: "step01-sum", File: "websocket/sum.go", Func: "Sum"}, mine, nil))
	code, out, _ = runTool(t, ws, "check", "01.1")
	assert.Contains(t, out, "01.1 passes: your Sum is now in step02-more/websocket/sum.go too", "code %d", code)
	assert.Equal(t, mine, funcIn(t, later, "Sum"))

	better := strings.Replace(mine, "n := 0", "n := 0 // the sum", 1)
	require.NoError(t, putFunc(ws, &exercise{Step: "step01-sum", File: "websocket/sum.go", Func: "Sum"}, better, nil))
	_, out, _ = runTool(t, ws, "check", "01.1")
	assert.Contains(t, out, "01.1 passes: your Sum is now in step02-more/websocket/sum.go too", "a change goes on too")
	assert.Equal(t, better, funcIn(t, later, "Sum"))

	edit(t, later, "n := 0 // the sum", "n := 0 // changed in step02 by hand")
	require.NoError(t, putFunc(ws, &exercise{Step: "step01-sum", File: "websocket/sum.go", Func: "Sum"}, mine, nil))
	_, out, _ = runTool(t, ws, "check", "01.1")
	assert.NotContains(t, out, "is now in")
	assert.Contains(t, funcIn(t, later, "Sum"), "changed in step02 by hand", "the student's own code in a later step stays")

	code, out, errOut = runTool(t, ws, "solution", "-force", "-apply", "01.2")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "01.2: ParseList has grown in a later lesson, so step02-more/websocket/sum.go get that step's own version")
	assert.Contains(t, funcIn(t, later, "ParseList"), "grown in step02")
	backup := backupIn(t, out)
	saved, err := os.ReadFile(filepath.Join(ws, backup, "step01-sum", "websocket", "sum.go"))
	require.NoError(t, err)
	assert.Contains(t, string(saved), `errTodo("01.2")`, "the backup is the file as it was")

	code, out, _ = runTool(t, ws, "reset", "01.1")
	assert.Equal(t, 0, code)
	saved, err = os.ReadFile(filepath.Join(ws, backupIn(t, out), "step01-sum", "websocket", "sum.go"))
	require.NoError(t, err)
	assert.Contains(t, string(saved), mine)
	assert.NotEqual(t, backup, backupIn(t, out), "each backup has a folder of its own")

	st, err := readState(ws)
	require.NoError(t, err)
	assert.False(t, st.Started.IsZero())
	assert.Contains(t, st.Passed, "01.1")
	assert.Contains(t, st.Applied, "01.2")
	assert.Contains(t, st.Forced, "01.2")
}

// backupIn is the folder that a command's output says it saved the code in.
func backupIn(t *testing.T, out string) string {
	t.Helper()
	_, after, ok := strings.Cut(out, "your code as it was is saved in ")
	require.True(t, ok, out)
	dir, _, _ := strings.Cut(after, "\n")
	return filepath.FromSlash(dir)
}

// TestVerifyChecksTheLaterSteps: verify's restore puts the solutions back
// into the later steps too.
func TestVerifyChecksTheLaterSteps(t *testing.T) {
	code, out, errOut := runTool(t, fakeRepoTwoSteps(t), "verify")
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	assert.Contains(t, out, "restore: 2 solutions put back; 2 stubbed files are again identical to the canonical tree")
}
