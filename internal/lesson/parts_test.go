package main

import (
	"testing"

	"github.com/spec2lib/websocket/internal/repo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCovers(t *testing.T) {
	tests := []struct {
		files []string
		file  string
		want  bool
	}{
		{[]string{"*"}, "conn.go", true},
		{[]string{"*"}, "websocket/testdata/fuzz/FuzzX/seed", true},
		{[]string{"websocket"}, "websocket/conn.go", true},
		{[]string{"websocket"}, "conn.go", false},
		{[]string{"*.go"}, "websocket/conn.go", false},
		{[]string{"cli*.go", "main.go"}, "cli_test.go", true},
		{[]string{"cli*.go", "main.go"}, "main_test.go", false},
		{[]string{"websocket/ping*.go"}, "websocket/ping.go", true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, part{Files: tt.files}.covers(tt.file), "%q covers %s", tt.files, tt.file)
	}
}

// TestPart: -part prints the files of one part of its step, the code
// alone unless -tests or -all asks for the tests.
func TestPart(t *testing.T) {
	root := tableRepo(t, "")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-part", "c"}, lines("--- step02-b/a.go", "+++ step03-c/a.go", "@@ -1,3 +1,4 @@", " a", " B", " c", "+d")},
		{[]string{"-part", "c-extra"}, ""},
		{[]string{"-part", "c-extra", "-tests"}, lines("--- step02-b/a_test.go", "+++ /dev/null", "@@ -1 +0,0 @@", "-t")},
		{[]string{"-part", "c", "-tests"}, ""},
		{[]string{"-stat", "-part", "c-extra"}, lines("step02-b → step03-c", "test files:", "     +0    -1  a_test.go (deleted)",
			"total: non-test +0 -0 (removed/added —), test +0 -1")},
	} {
		got := lessonCmd(t, root, environment{}, tt.args...)
		require.Equal(t, 0, got.code, got.stderr)
		assert.Equal(t, tt.want, got.stdout, "%q", tt.args)
	}
}

func TestReadPartsRejects(t *testing.T) {
	const b = "[[part]]\nname = \"b\"\nfile = \"02-b.md\"\nstep = \"02\"\nfiles = [\"*\"]\n"
	tests := []struct {
		name, toml, want string
		articles         []string
	}{
		{"a field it does not know", b + "optinal = true\n", `unknown field "part.optinal"`, nil},
		{"two parts of one name", b + b, `part "b" (02-b.md) wants a name of its own`, nil},
		{"a step that is not there", "[[part]]\nname = \"x\"\nfile = \"02-b.md\"\nstep = \"07\"\nfiles = [\"*\"]\n", `part "x"`, nil},
		{"no files", "[[part]]\nname = \"x\"\nfile = \"02-b.md\"\nstep = \"02\"\n", `part "x"`, nil},
		{"a bad pattern", "[[part]]\nname = \"x\"\nfile = \"02-b.md\"\nstep = \"02\"\nfiles = [\"[\"]\n", `part "x"`, nil},
		{"an article it does not name", b, "no part lists docs/02c-more.md", []string{"02-b.md", "02c-more.md"}},
		{"an article that is not there", b, "reading a part", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"step02-b/a.go": lines("a"), "docs/parts.toml": tt.toml}
			if tt.articles == nil {
				tt.articles = []string{"02-b.md"}
			}
			for _, a := range tt.articles {
				files["docs/"+a] = lines("Prose.")
			}
			root := writeRepo(t, files)
			_, err := readParts(root, []repo.Step{{Num: 2, Dir: "step02-b"}})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
