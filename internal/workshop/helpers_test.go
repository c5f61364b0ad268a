package main

import (
	"context"
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
