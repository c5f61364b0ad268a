package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests run the tool's commands end to end on a copy of
// testdata/fakerepo, and go test as a subprocess, as a student and CI do.

// TestStudentSession: init, a failing exercise with its message, hints
// one level at a time, a compile error named by exercise, solutions put
// back, 100%, and reset.
func TestStudentSession(t *testing.T) {
	repo := fakeRepo(t)
	ws := filepath.Join(t.TempDir(), "class")
	code, out, errOut := runTool(t, repo, "init", ws)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "2 exercises stubbed in step01-sum")
	_, err := os.Stat(filepath.Join(ws, stateDir, "state.json"))
	require.NoError(t, err, "the state lives in the copy's hidden folder")
	list, err := os.ReadFile(filepath.Join(ws, "docs", "exercises", "exercises.toml"))
	require.NoError(t, err)
	assert.NotContains(t, string(list), "mistakes", "the mistakes quote the solutions")
	assert.Contains(t, string(list), `tests = ["TestParseList", "TestSumOfParsed"]`)
	original, err := os.ReadFile(filepath.Join(repo, "step01-sum", "websocket", "sum.go"))
	require.NoError(t, err)

	code, out, _ = runTool(t, ws)
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "workshop: 0 of 2 exercises done")
	assert.Contains(t, out, "step01-sum         [--------------------] 0/2")
	assert.Contains(t, out, "now: 01.1 Add numbers (Sum in step01-sum/websocket/sum.go)")
	assert.Contains(t, out, "first failing test: TestSum")
	assert.Contains(t, out, "exercise 01.1 (Sum) is not done yet: run go run ./internal/workshop hint 01.1")
	assert.Contains(t, out, "Add the numbers.", "the task is shown")

	code, out, _ = runTool(t, ws, "check", "01.1")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "01.1 Add numbers: FAIL (0 of 2 tests pass)")
	assert.Contains(t, out, "  FAIL TestSum\n")
	assert.Contains(t, out, "  FAIL TestSumOfParsed\n", "01.1, the first of the stubs that share it, is to blame")

	for i, want := range []string{"hint 1 of 3", "hint 2 of 3", "hint 3 of 3", "hint 3 of 3"} {
		code, out, _ = runTool(t, ws, "hint", "01.2")
		assert.Equal(t, 0, code)
		assert.Contains(t, out, want, "call %d", i+1)
	}
	assert.Contains(t, out, "that was the last hint")

	code, out, _ = runTool(t, ws, "solution", "01.1")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "does not pass yet, so its solution stays hidden")

	// A compile error names the exercise it is in.
	sum := filepath.Join(ws, "step01-sum", "websocket", "sum.go")
	stubbed, err := os.ReadFile(sum)
	require.NoError(t, err)
	broken := strings.Replace(string(stubbed), "return 0\n", "return total\n", 1)
	require.NoError(t, os.WriteFile(sum, []byte(broken), 0o644))
	code, out, _ = runTool(t, ws, "check", "01.1")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "step01-sum does not compile")
	assert.Contains(t, out, "the first error is in exercise 01.1 (Sum)")
	require.NoError(t, os.WriteFile(sum, stubbed, 0o644))

	// The student writes ParseList with packages the stub did not need:
	// the check puts their imports back.
	solution, err := funcText("sum.go", original, "ParseList")
	require.NoError(t, err)
	e := &exercise{Step: "step01-sum", File: "websocket/sum.go", Func: "ParseList"}
	require.NoError(t, putFunc(ws, e, solution, nil))
	code, out, _ = runTool(t, ws, "check", "01.2")
	assert.Equal(t, 0, code, out)
	assert.Contains(t, out, "added to step01-sum/websocket/sum.go the imports your code uses")
	assert.Contains(t, out, "01.2 Parse a list: PASS (1 of 2 tests pass; the others wait for other exercises)")

	code, out, errOut = runTool(t, ws, "solution", "-force", "-apply", "01")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "put the solution of 01.1 into step01-sum/websocket/sum.go")
	got, err := os.ReadFile(sum)
	require.NoError(t, err)
	assert.Equal(t, string(original), string(got), "the solutions put back are the canonical file, imports and all")

	code, out, _ = runTool(t, ws)
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "workshop: 2 of 2 exercises done")
	assert.Contains(t, out, "[####################] 2/2")
	assert.Contains(t, out, "every exercise passes")

	code, out, _ = runTool(t, ws, "solution", "01.1")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "func Sum(xs ...int) int {")

	code, out, _ = runTool(t, ws, "reset", "01.2")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "put the stub of 01.2 back")
	code, out, _ = runTool(t, ws, "check")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "01.1   done")
	assert.Contains(t, out, "01.2   todo")

	code, out, _ = runTool(t, ws, "list")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "  01.2   todo   Parse a list (ParseList)")
}

func TestCommandsRefuseTheWrongPlace(t *testing.T) {
	repo := fakeRepo(t)
	code, _, errOut := runTool(t, repo, "hint", "01.1")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "is not a workshop copy")

	code, _, errOut = runTool(t, repo, "init", filepath.Join(repo, "inside"))
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "is inside the repository")

	ws := filepath.Join(t.TempDir(), "class")
	code, _, _ = runTool(t, repo, "init", ws)
	require.Equal(t, 0, code)
	code, _, errOut = runTool(t, ws, "verify")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "is a workshop copy already")
	code, _, errOut = runTool(t, ws, "hint", "09.9")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, `no exercise "09.9"`)

	code, _, errOut = runTool(t, ws, "frobnicate")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "usage:")
}

// TestVerifyFakeRepo runs verify, every check, on the fake repository.
func TestVerifyFakeRepo(t *testing.T) {
	repo := fakeRepo(t)
	code, out, errOut := runTool(t, repo, "verify")
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	for _, want := range []string{
		"the list: 2 exercises in 1 steps, 3 mapped tests",
		"canonical: 3 mapped tests pass",
		"stubs: 1 steps compile, go vet ./... is clean; 3 mapped tests fail with their exercise's message, 1 other tests pass",
		"isolation: 2 exercises stubbed one at a time: 4 of their tests fail with their message",
		"restore: 2 solutions put back; 1 stubbed files are again identical to the canonical tree",
		"mistakes: 2 common mistakes put into the solutions one at a time; each fails an own test of its exercise",
		"export: example.com/websocket builds in a module of its own",
		"verify: OK",
	} {
		assert.Contains(t, out, want)
	}
}

// TestVerifyFindsAWrongList: a test listed for an exercise whose stub
// does not break it, and a test that a stub breaks but nobody lists.
func TestVerifyFindsAWrongList(t *testing.T) {
	repo := fakeRepo(t)
	doc := filepath.Join(repo, "docs", "exercises", "exercises.toml")
	src, err := os.ReadFile(doc)
	require.NoError(t, err)
	wrong := strings.Replace(string(src), `tests = ["TestParseList", "TestSumOfParsed"]`, `tests = ["TestParseList", "TestMeanOfNone"]`, 1)
	require.NoError(t, os.WriteFile(doc, []byte(wrong), 0o644))
	code, out, _ := runTool(t, repo, "verify")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "01.2 alone: TestMeanOfNone passes, yet 01.2 lists it")
	assert.Contains(t, out, "01.2 alone: TestSumOfParsed fails, though only 01.1 list it")
	assert.Contains(t, out, "verify: FAILED")
}

func TestLintFindsProblems(t *testing.T) {
	repo := fakeRepo(t)
	exs := fakeExercises(t, repo)
	exs[0].Tests = []string{"TestNope"}
	exs[1].Hints = exs[1].Hints[:1]
	exs[1].Article = "../01-sum.md#no-such-section"
	exs[1].Stub = "return nil, nil"
	exs[0].Mistakes = append(exs[0].Mistakes, mistake{Why: "a mistake of another function", From: "strings.TrimSpace(part)", To: "part"}, mistake{From: "total", To: "sum"})
	problems, _ := lint(englishTexts(t), repo, exs)
	joined := strings.Join(problems, "\n")
	assert.Contains(t, joined, "step01-sum has no test TestNope")
	assert.Contains(t, joined, "1 hints: give 2 or 3")
	assert.Contains(t, joined, "has no heading #no-such-section")
	assert.Contains(t, joined, `the stub must call todo("01.2") or errTodo("01.2")`)
	assert.Contains(t, joined, `01.1: mistake 2: "strings.TrimSpace(part)" occurs 0 times in Sum, not once`)
	assert.Contains(t, joined, "01.1: mistake 3 has no why")
}

// TestExportFakeRepo: the export is a copy of the last step's library,
// package websocket, without the command, with its tests, a go.mod of
// its own module and a README.
func TestExportFakeRepo(t *testing.T) {
	repo := fakeRepo(t)
	dir := filepath.Join(t.TempDir(), "lib")
	code, out, errOut := runTool(t, repo, "export", "-module", "example.org/me/ws", dir)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "wrote the library example.org/me/ws")
	sum, err := os.ReadFile(filepath.Join(dir, "sum.go"))
	require.NoError(t, err)
	original, err := os.ReadFile(filepath.Join(repo, "step01-sum", "websocket", "sum.go"))
	require.NoError(t, err)
	assert.Equal(t, string(original), string(sum), "a copy, byte for byte")
	_, err = os.Stat(filepath.Join(dir, "main.go"))
	assert.ErrorIs(t, err, os.ErrNotExist, "the command stays out")
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	require.NoError(t, err)
	assert.Contains(t, string(mod), "module example.org/me/ws")
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	require.NoError(t, err)
	assert.Contains(t, string(readme), "go get example.org/me/ws")
	_, err = os.Stat(filepath.Join(dir, "sum_test.go"))
	assert.NoError(t, err)
}

// TestWaitForSave: a save wakes the watch, and the end of the context
// stops it.
func TestWaitForSave(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.go")
	require.NoError(t, os.WriteFile(file, []byte("package a\n"), 0o644))
	go func() {
		time.Sleep(30 * time.Millisecond)
		os.WriteFile(file, []byte("package a // saved\n"), 0o644)
	}()
	assert.True(t, waitForSave(context.Background(), dir, 5*time.Millisecond))

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	assert.False(t, waitForSave(ctx, dir, 5*time.Millisecond))
}
