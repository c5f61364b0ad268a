package main

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/spec2lib/websocket/internal/repo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// twoSteps is a small series: step02 changes one line of a.go, deletes
// gone.go, adds new.go and a testdata file, and leaves same.go alone.
func twoSteps(t *testing.T) string {
	t.Helper()
	return writeRepo(t, map[string]string{
		"step01-one/a.go":                            lines(numbered("a", 10)...),
		"step01-one/gone.go":                         lines("x", "y"),
		"step01-one/same.go":                         lines("same"),
		"step02-two/a.go":                            lines(append(append(numbered("a", 4), "changed"), numbered("a", 10)[5:]...)...),
		"step02-two/new.go":                          lines("n1", "n2", "n3"),
		"step02-two/same.go":                         lines("same"),
		"step02-two/testdata/fuzz/FuzzX/seed":        lines("go test fuzz v1", "[]byte(\"\")"),
		"step02-two/testdata/fuzz/FuzzX/cache/stale": "local fuzzing cache, not part of the step\n",
		"step02-two/.a.go.swp":                       "editor swap file\n",
	})
}

func TestLessonIsAUnifiedDiff(t *testing.T) {
	root := twoSteps(t)
	got := lessonCmd(t, root, environment{}, "-all", "02")
	require.Equal(t, 0, got.code, got.stderr)
	assert.Equal(t, lines(
		"--- step01-one/a.go",
		"+++ step02-two/a.go",
		"@@ -2,7 +2,7 @@",
		" a ··",
		" a ···",
		" a ····",
		"-a ·····",
		"+changed",
		" a ······",
		" a ·······",
		" a ········",
		"--- step01-one/gone.go",
		"+++ /dev/null",
		"@@ -1,2 +0,0 @@",
		"-x",
		"-y",
		"--- /dev/null",
		"+++ step02-two/new.go",
		"@@ -0,0 +1,3 @@",
		"+n1",
		"+n2",
		"+n3",
		"--- /dev/null",
		"+++ step02-two/testdata/fuzz/FuzzX/seed",
		"@@ -0,0 +1,2 @@",
		"+go test fuzz v1",
		"+[]byte(\"\")",
	), got.stdout)
}

// TestCodeFirst: the lesson is the code's diff; -tests shows the tests'
// instead, and -all both, the code first.
func TestCodeFirst(t *testing.T) {
	root := writeRepo(t, map[string]string{
		"step01-one/a.go":       lines("a"),
		"step01-one/a_test.go":  lines("t"),
		"step02-two/a.go":       lines("a", "b"),
		"step02-two/a_test.go":  lines("t", "u"),
		"step02-two/testdata/x": lines("seed"),
	})
	code := lines("--- step01-one/a.go", "+++ step02-two/a.go", "@@ -1 +1,2 @@", " a", "+b")
	tests := lines("--- step01-one/a_test.go", "+++ step02-two/a_test.go", "@@ -1 +1,2 @@", " t", "+u",
		"--- /dev/null", "+++ step02-two/testdata/x", "@@ -0,0 +1 @@", "+seed")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"02"}, code},
		{[]string{"02", "-tests"}, tests},
		{[]string{"-all", "02"}, code + tests},
	} {
		got := lessonCmd(t, root, environment{}, tt.args...)
		require.Equal(t, 0, got.code, got.stderr)
		assert.Equal(t, tt.want, got.stdout, "%q", tt.args)
	}
}

func TestFirstStepIsAllNew(t *testing.T) {
	root := twoSteps(t)
	got := lessonCmd(t, root, environment{}, "step01-one")
	require.Equal(t, 0, got.code, got.stderr)
	assert.Contains(t, got.stderr, "step01-one is the first step")
	assert.Contains(t, got.stdout, lines("--- /dev/null", "+++ step01-one/gone.go", "@@ -0,0 +1,2 @@", "+x", "+y"))
	assert.Contains(t, got.stdout, lines("+++ step01-one/same.go", "@@ -0,0 +1 @@", "+same"))
	assert.NotRegexp(t, `(?m)^-[^-]`, got.stdout, "nothing is removed")
}

func TestHunksMergeNearbyChanges(t *testing.T) {
	old := numbered("l", 30)
	near := append([]string(nil), old...)
	near[5], near[12] = "first", "second" // six unchanged lines apart: one hunk
	far := append([]string(nil), old...)
	far[5], far[13] = "first", "second" // seven apart: two hunks
	headers := func(b []string) []string {
		var hs []string
		for _, h := range diffText(lines(old...), lines(b...)) {
			hs = append(hs, h.header())
		}
		return hs
	}
	// As diff -u numbers them.
	assert.Equal(t, []string{"@@ -3,14 +3,14 @@"}, headers(near))
	assert.Equal(t, []string{"@@ -3,7 +3,7 @@", "@@ -11,7 +11,7 @@"}, headers(far))
}

func TestMissingNewlineAtEndOfFile(t *testing.T) {
	f := diffTrees(transition{before: repo.Step{Num: 1, Dir: "s1"}, after: repo.Step{Num: 2, Dir: "s2"}},
		tree{"a": "one\ntwo\n"}, tree{"a": "one\ntwo"})
	var out strings.Builder
	require.NoError(t, writePatch(&out, f, false))
	assert.Equal(t, lines(
		"--- s1/a", "+++ s2/a", "@@ -1,2 +1,2 @@",
		" one", "-two", "+two", `\ No newline at end of file`,
	), out.String())
}

// TestDiffIsAShortestEditScript checks the diff on random inputs: the
// lines it removes and adds are those outside a longest common
// subsequence, no more, since the lesson's counts are read as its size.
func TestDiffIsAShortestEditScript(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := func() []string {
		s := make([]string, rng.IntN(12))
		for i := range s {
			s[i] = string(rune('a'+rng.IntN(3))) + "\n"
		}
		return s
	}
	for range 2000 {
		a, b := random(), random()
		f := fileDiff{hunks: diffText(strings.Join(a, ""), strings.Join(b, ""))}
		added, removed := f.counts()
		common := lcsLength(a, b)
		require.Equal(t, len(a)-common, removed, "a=%q b=%q", a, b)
		require.Equal(t, len(b)-common, added, "a=%q b=%q", a, b)
	}
}

// lcsLength is the textbook dynamic programme, as an independent check.
func lcsLength(a, b []string) int {
	l := make([][]int, len(a)+1)
	for i := range l {
		l[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	return l[0][0]
}

// TestLessonLeavesOutGeneratedFiles: in a workshop copy, each step has
// a generated todo file that lists its stubs; the lesson is the code
// around them.
func TestLessonLeavesOutGeneratedFiles(t *testing.T) {
	root := writeRepo(t, map[string]string{
		"step01-one/a.go":               lines("func a() {", "\ttodo(\"01.1\")", "}"),
		"step01-one/workshop_todo.go":   lines("// Code generated by go run ./internal/workshop; DO NOT EDIT.", "", "var x = 1"),
		"step02-two/a.go":               lines("func a() {", "\ttodo(\"01.1\")", "}"),
		"step02-two/workshop_todo.go":   lines("// Code generated by go run ./internal/workshop; DO NOT EDIT.", "", "var x = 2"),
		"step02-two/generated_later.go": lines("package p", "", "// Code generated by hand? DO NOT EDIT. Not on the first line."),
	})
	got := lessonCmd(t, root, environment{}, "02")
	require.Equal(t, 0, got.code, got.stderr)
	assert.NotContains(t, got.stdout, "workshop_todo.go")
	assert.Contains(t, got.stdout, "+++ step02-two/generated_later.go")
}
