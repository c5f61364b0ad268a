package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const exampleDoc = "# Exercises\n\nIntro.\n\n" +
	"## 03.1 Decode a header\n\n" +
	"Do it. See [the section](../03-frames.md#reading-a-frame).\n\n" +
	"```go\n## not a heading\n```\n\n" +
	"### Hint 1\n\nFirst.\n\n#### part of hint 1\n\n### 提示 2\n\nSecond.\n\n" +
	"## 03.2 Mask\n\nTask.\n\n### H\n\nOne.\n\n" +
	"## Afterwards\n\nNot an exercise.\n"

func TestParseExercises(t *testing.T) {
	exs, err := parseExercises(englishTexts(t), "docs/exercises/03-frames.md", exampleDoc)
	require.NoError(t, err)
	require.Len(t, exs, 2)
	e := exs[0]
	assert.Equal(t, "03.1", e.ID)
	assert.Equal(t, "Decode a header", e.Title)
	assert.Contains(t, e.Task, "Do it.")
	assert.Contains(t, e.Task, "## not a heading", "a # in a code block is no heading")
	assert.Equal(t, []string{"First.\n\n#### part of hint 1", "Second."}, e.Hints, "every ### section is a hint, whatever its words")
	assert.Equal(t, "../03-frames.md#reading-a-frame", e.Article)
	assert.Equal(t, 5, e.Line)

	assert.Equal(t, "Task.", exs[1].Task)
	assert.NotContains(t, exs[1].Hints[0], "Not an exercise", "a level-2 heading ends an exercise")
}

func TestParseExercisesRefuses(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "docs", "exercises", "frames.md"), "## 03.1 T\n")
	assert.NoError(t, readTexts(root, englishTexts(t), "en", nil), "only NN-name.md files hold exercises")
	_, err := parseExercises(englishTexts(t), "docs/exercises/03-frames.md", "## 04.1 T\n")
	assert.ErrorContains(t, err, "must start with 03")
}

// TestReadList: the list's entries become exercises in its order, and a
// malformed entry is refused with what is wrong.
func TestReadList(t *testing.T) {
	entry := "[[exercise]]\nid = \"03.1\"\nfile = \"step03-frames/frame.go\"\nfunc = \"Conn.mask\"\n"
	tests := []struct {
		name, toml, want string
	}{
		{"unknown field", entry + "hint = \"x\"\n", `unknown field "exercise.hint"`},
		{"wrong step", strings.Replace(entry, "step03-frames", "step04-transport", 1), "not a non-test .go file of step03-*"},
		{"a test file", strings.Replace(entry, "frame.go", "frame_test.go", 1), "not a non-test .go file"},
		{"no function", strings.Replace(entry, "func = \"Conn.mask\"\n", "", 1), "wants id, file and func"},
		{"bad ID", strings.Replace(entry, "03.1", "3.1", 1), "wants id, file and func"},
		{"not TOML", "[[exercise]\n", "reading the exercise list"},
		{"empty", "", "no exercises in docs/exercises/exercises.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			writeFile(t, filepath.Join(root, "docs", "exercises", "exercises.toml"), tt.toml)
			_, err := readList(root, englishTexts(t))
			assert.ErrorContains(t, err, tt.want)
		})
	}
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "docs", "exercises", "exercises.toml"),
		entry+"tests = [\"TestA\", \"TestB\"]\nstub = 'return errTodo(\"03.1\")'\nsolved = true\n")
	exs, err := readList(root, englishTexts(t))
	require.NoError(t, err)
	require.Len(t, exs, 1)
	assert.Equal(t, &exercise{ID: "03.1", Source: "step03-frames/frame.go", Step: "step03-frames", File: "frame.go",
		Func: "Conn.mask", Tests: []string{"TestA", "TestB"}, Stub: `return errTodo("03.1")`, Solved: true}, exs[0])
}

func TestHeadingSlugs(t *testing.T) {
	md := "# Top\n\n## The checks of §4.1, in order\n\n### The server closes: `answerClose`\n\n## `wss://`\n\n" +
		"## Run it\n\n## Run it\n\n```sh\n# a comment, not a heading\n```\n\n## UTF-8, as it arrives\n"
	assert.Equal(t, []string{"top", "the-checks-of-41-in-order", "the-server-closes-answerclose", "wss",
		"run-it", "run-it-1", "utf-8-as-it-arrives"}, headingSlugs(md))
}

func TestIsTestName(t *testing.T) {
	for name, want := range map[string]bool{
		"TestX": true, "Test": true, "FuzzReadFrame": true, "Test_x": true,
		"TestMain": false, "Testify": false, "helper": false, "BenchmarkX": false,
	} {
		assert.Equal(t, want, isTestName(name), name)
	}
}

func TestSelectSteps(t *testing.T) {
	var exs []*exercise
	for _, s := range []string{"step01-a", "step02-b", "step03-c", "step05-e"} {
		exs = append(exs, &exercise{Step: s})
	}
	for spec, want := range map[string][]string{
		"":         {"step01-a", "step02-b", "step03-c", "step05-e"},
		"03":       {"step03-c"},
		"02-03":    {"step02-b", "step03-c"},
		"05,01-02": {"step01-a", "step02-b", "step05-e"},
	} {
		got, err := selectSteps(englishTexts(t), exs, spec)
		require.NoError(t, err, spec)
		assert.Equal(t, want, got, spec)
	}
	_, err := selectSteps(englishTexts(t), exs, "3-4")
	assert.ErrorContains(t, err, "want a step number")
	_, err = selectSteps(englishTexts(t), exs, "04")
	assert.ErrorContains(t, err, "selects no step")
}

func TestSkipInCopy(t *testing.T) {
	tests := []struct {
		rel       string
		dir, skip bool
	}{
		{".git", true, true},
		{"internal/peers/node/node_modules", true, true},
		{".workshop", true, true},
		{"step03-frames/testdata/fuzz/FuzzReadFrame/cache", true, true},
		{"step03-frames/testdata/fuzz/FuzzReadFrame", true, false},
		{"step06-client/step06-client", false, true},
		{"step06-client/x.test", false, true},
		{"step06-client/websocket/read.go", false, false},
		{"docs", true, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.skip, skipInCopy(tt.rel, tt.dir), tt.rel)
	}
}

func TestUnknownLanguage(t *testing.T) {
	_, err := newTexts("fr")
	assert.ErrorContains(t, err, `language "fr" is not available: choose one of en, zh-CN`)
}
