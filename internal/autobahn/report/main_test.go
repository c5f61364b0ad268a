package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/autobahn"
	"github.com/spec2lib/websocket/internal/repo"
)

// fakeRepo is a repository with go.mod, a step directory and docs/, and
// an environment whose suite returns results without running anything.
// It returns the root and the environment, working in a subdirectory.
func fakeRepo(t *testing.T, results []autobahn.Result) (string, environment, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	root := t.TempDir()
	for _, dir := range []string{"step05-errors", "docs", filepath.Join("internal", "autobahn")} {
		require.NoError(t, os.MkdirAll(filepath.Join(root, dir), 0o755))
	}
	for _, file := range []string{"go.mod", "docs/05-errors.md", "internal/autobahn/doc.go", "internal/autobahn/grade.go"} {
		require.NoError(t, os.WriteFile(filepath.Join(root, file), nil, 0o644))
	}
	var stdout, stderr bytes.Buffer
	env := environment{
		stdout: &stdout, stderr: &stderr,
		workdir: filepath.Join(root, "internal", "autobahn"),
		grade: func(_ context.Context, gotRoot, step string) ([]autobahn.Result, error) {
			assert.Equal(t, root, gotRoot)
			assert.Equal(t, "step05-errors", step)
			return results, nil
		},
	}
	return root, env, &stdout, &stderr
}

// TestWriteThenCheck: the file written passes -check, again and again,
// though the timings of the run change.
func TestWriteThenCheck(t *testing.T) {
	root, env, stdout, stderr := fakeRepo(t, fakeResults("9ms"))
	require.Equal(t, 0, run(t.Context(), nil, env), stderr.String())
	assert.Equal(t, "report: wrote docs/autobahn.md: 7 cases: 5 OK, 1 NON-STRICT, 1 FAILED\n", stdout.String())
	written, err := os.ReadFile(filepath.Join(root, "docs", "autobahn.md"))
	require.NoError(t, err)
	assert.Contains(t, string(written), "[05-errors.md](05-errors.md)", "links are relative to the file")
	assert.Contains(t, string(written), "(../internal/autobahn/grade.go)")

	env.grade = func(context.Context, string, string) ([]autobahn.Result, error) { return fakeResults("31ms"), nil }
	for range 2 {
		assert.Equal(t, 0, run(t.Context(), []string{"-check"}, env), stderr.String())
	}
	after, err := os.ReadFile(filepath.Join(root, "docs", "autobahn.md"))
	require.NoError(t, err)
	assert.Equal(t, written, after, "-check writes nothing")
}

// TestCheckFindsAStaleFile: a grade that changed makes -check fail, and
// say where and how to regenerate.
func TestCheckFindsAStaleFile(t *testing.T) {
	root, env, _, stderr := fakeRepo(t, fakeResults("9ms"))
	require.Equal(t, 0, run(t.Context(), nil, env))
	path := filepath.Join(root, "docs", "autobahn.md")
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	changed := fakeResults("9ms")
	changed[0].Grade = autobahn.Failed
	env.grade = func(context.Context, string, string) ([]autobahn.Result, error) { return changed, nil }
	assert.Equal(t, 1, run(t.Context(), []string{"-check"}, env))
	msg := stderr.String()
	assert.Contains(t, msg, "report: docs/autobahn.md is stale: it differs from the suite's results at line")
	assert.Contains(t, msg, "\tfile: | 1 | 2 | 2 | 0 | 0 |\n\tnow:  | 1 | 2 | 1 | 0 | 1 |\n", "the summary changes first")
	assert.Contains(t, msg, "regenerate it with:\n\tgo run ./internal/autobahn/report\n")
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, before, after, "-check writes nothing")
}

// TestCheckFindsAMissingFile: no file is stale too.
func TestCheckFindsAMissingFile(t *testing.T) {
	_, env, _, stderr := fakeRepo(t, fakeResults("9ms"))
	assert.Equal(t, 1, run(t.Context(), []string{"-check", "-o", "docs/elsewhere.md"}, env))
	assert.Equal(t, "report: docs/elsewhere.md is missing; generate it with:\n\tgo run ./internal/autobahn/report -o docs/elsewhere.md\n",
		stderr.String())
}

// TestCheckFindsATruncatedFile: a file that ends early differs at its
// end.
func TestCheckFindsATruncatedFile(t *testing.T) {
	root, env, _, stderr := fakeRepo(t, fakeResults("9ms"))
	require.Equal(t, 0, run(t.Context(), nil, env))
	path := filepath.Join(root, "docs", "autobahn.md")
	doc, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, doc[:bytes.Index(doc, []byte("## Summary"))], 0o644))
	assert.Equal(t, 1, run(t.Context(), []string{"-check"}, env))
	assert.Contains(t, stderr.String(), "file: (end of file)\n\tnow:  ## Summary\n")
}

func TestLineOf(t *testing.T) {
	assert.Equal(t, "two", lineOf([]string{"one", "two"}, 1))
	assert.Equal(t, "(end of file)", lineOf([]string{"one"}, 1))
}

func TestUsageErrors(t *testing.T) {
	_, env, _, stderr := fakeRepo(t, nil)
	env.grade = func(context.Context, string, string) ([]autobahn.Result, error) {
		t.Error("the suite ran despite a usage error")
		return nil, nil
	}
	for _, args := range [][]string{
		{"extra"},
		{"-step", "../etc"},
		{"-step", "step09-missing"},
		{"-nosuchflag"},
	} {
		stderr.Reset()
		assert.Equal(t, 2, run(t.Context(), args, env), "%q", args)
		assert.NotEmpty(t, stderr.String(), "%q says why", args)
	}
	assert.Equal(t, 0, run(t.Context(), []string{"-h"}, env))
	assert.Contains(t, stderr.String(), "usage: go run ./internal/autobahn/report")
}

// TestSuiteErrorsAreReported: a step that does not build, say, exits 2
// with the error, and writes nothing.
func TestSuiteErrorsAreReported(t *testing.T) {
	root, env, _, stderr := fakeRepo(t, nil)
	env.grade = func(context.Context, string, string) ([]autobahn.Result, error) {
		return nil, errors.New("go build ./step05-errors: exit status 1")
	}
	assert.Equal(t, 2, run(t.Context(), nil, env))
	assert.Equal(t, "report: go build ./step05-errors: exit status 1\n", stderr.String())
	_, err := os.Stat(filepath.Join(root, "docs", "autobahn.md"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestCommand(t *testing.T) {
	assert.Equal(t, "go run ./internal/autobahn/report", command(options{step: defaultStep, out: defaultOut, check: true}))
	assert.Equal(t, "go run ./internal/autobahn/report -step step06-client -o x.md",
		command(options{step: "step06-client", out: "x.md"}))
}

// TestRunSuiteOnAStep runs the real thing: it builds step05-errors and
// grades it. Every case the suite serves gets a row.
func TestRunSuiteOnAStep(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a step and runs the whole suite")
	}
	root, err := repo.Root(".")
	require.NoError(t, err)
	results, err := runSuite(t.Context(), root, "step05-errors")
	require.NoError(t, err)
	require.Len(t, results, len(autobahn.Cases()))
	doc := string(render(page{step: "step05-errors", command: "cmd"}, results))
	for _, c := range autobahn.Cases() {
		assert.Contains(t, doc, "| "+c.ID+" | ", "case %s has a row", c.ID)
	}
	assert.False(t, strings.Contains(doc, "took "), "no timings")
}
