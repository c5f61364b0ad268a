package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// fakeRepo copies testdata/fakerepo, a module with one small step and its
// exercise list, to a temporary directory, and returns the copy's root.
// The tests work on the copy, since the tool writes state and files.
func fakeRepo(t *testing.T) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "repo")
	_, err := copyTree("testdata/fakerepo", root)
	require.NoError(t, err)
	return root
}

// english is the tool's English messages.
func englishTexts(t *testing.T) texts {
	t.Helper()
	tx, err := newTexts("en")
	require.NoError(t, err)
	return tx
}

// runTool runs the tool with -root root and args, and returns its exit
// status and output. Its environment is empty, so that the machine's
// locale does not choose the language of a test.
func runTool(t *testing.T, root string, args ...string) (int, string, string) {
	t.Helper()
	return runToolEnv(t, nil, root, args...)
}

// runToolEnv is runTool with the environment env.
func runToolEnv(t *testing.T, env map[string]string, root string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr strings.Builder
	getenv := func(name string) string { return env[name] }
	code := runEnv(context.Background(), append([]string{"-root", root}, args...), getenv, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// fakeExercises loads the exercises of a fake repository.
func fakeExercises(t *testing.T, root string) []*exercise {
	t.Helper()
	exs, err := loadExercises(root, englishTexts(t))
	require.NoError(t, err)
	return exs
}

// fakeRepoTwoSteps is fakeRepo with a second step, step02-more: a copy of
// step01-sum, as each step of the series holds the one before it, in
// which Sum is the same and ParseList has grown.
func fakeRepoTwoSteps(t *testing.T) string {
	t.Helper()
	root := fakeRepo(t)
	_, err := copyTree(filepath.Join(root, "step01-sum"), filepath.Join(root, "step02-more"))
	require.NoError(t, err)
	edit(t, filepath.Join(root, "step02-more", "main.go"), "step01-sum/websocket", "step02-more/websocket")
	edit(t, filepath.Join(root, "step02-more", "websocket", "sum.go"), "\tvar xs []int\n", "\tvar xs []int // grown in step02\n")
	return root
}

// edit replaces old, which must be there, by new in the file p.
func edit(t *testing.T, p, old, new string) {
	t.Helper()
	src, err := os.ReadFile(p)
	require.NoError(t, err)
	require.Contains(t, string(src), old, p)
	require.NoError(t, os.WriteFile(p, []byte(strings.Replace(string(src), old, new, 1)), 0o644))
}

// funcIn is the text of a func or method in the file p.
func funcIn(t *testing.T, p, name string) string {
	t.Helper()
	src, err := os.ReadFile(p)
	require.NoError(t, err)
	text, err := funcText(p, src, name)
	require.NoError(t, err)
	return text
}
