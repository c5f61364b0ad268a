package repo

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoot(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o644))
	deep := filepath.Join(root, "a", "b")
	require.NoError(t, os.MkdirAll(deep, 0o755))
	got, err := Root(deep)
	require.NoError(t, err)
	assert.Equal(t, root, got)

	if _, statErr := os.Stat(filepath.Join(string(filepath.Separator), "go.mod")); statErr != nil {
		_, err = Root(string(filepath.Separator))
		assert.ErrorIs(t, err, ErrNoRoot)
	}
}

// TestFiles: a step's files of one kind, in its subpackages too, but not
// in testdata, node_modules or hidden directories.
func TestFiles(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"a.go", "a_test.go", "notes.md", "websocket/b.go", "testdata/c.go", "node_modules/d.go", ".git/e.go"} {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(root, f)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, f), nil, 0o644))
	}
	files, err := Files(root, ".go")
	require.NoError(t, err)
	for i, f := range files {
		files[i], _ = filepath.Rel(root, f)
	}
	assert.Equal(t, []string{"a.go", "a_test.go", filepath.Join("websocket", "b.go")}, files)
	assert.True(t, IsTest(files[1]))
	assert.False(t, IsTest(files[0]))
	_, err = Files(filepath.Join(root, "missing"), ".go")
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestSteps(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"step02-handshake", "step01-streams", "stepX-no", "docs"} {
		require.NoError(t, os.Mkdir(filepath.Join(root, d), 0o755))
	}
	require.NoError(t, os.WriteFile(filepath.Join(root, "step03-file"), nil, 0o644))
	steps, err := Steps(root)
	require.NoError(t, err)
	assert.Equal(t, []Step{{1, "step01-streams"}, {2, "step02-handshake"}}, steps)
	assert.Equal(t, "02", steps[1].Label())
	dirs, err := StepDirs(root)
	require.NoError(t, err)
	assert.Equal(t, []string{"step01-streams", "step02-handshake"}, dirs)

	require.NoError(t, os.Mkdir(filepath.Join(root, "step02-other"), 0o755))
	_, err = Steps(root)
	assert.EqualError(t, err, "two steps numbered 02: step02-handshake and step02-other")

	_, err = Steps(t.TempDir())
	assert.ErrorContains(t, err, "no step directories")
}

func TestDeclNames(t *testing.T) {
	src := `package p
import "fmt"
func f() {}
func (c *Conn) Close() error { return nil }
func (s Stack[T]) Push(T) {}
type (Conn struct{}; Stack[T any] []T)
const a, b = 1, 2
var v int
`
	f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, 0)
	require.NoError(t, err)
	var got [][]string
	for _, d := range f.Decls {
		got = append(got, DeclNames(d))
	}
	assert.Equal(t, [][]string{nil, {"f"}, {"Conn.Close"}, {"Stack.Push"}, {"Conn", "Stack"}, {"a", "b"}, {"v"}}, got)
}

func TestImportName(t *testing.T) {
	tests := []struct {
		spec string
		want string
	}{
		{`"io"`, "io"},
		{`"unicode/utf8"`, "utf8"},
		{`"math/rand/v2"`, "rand"},
		{`"github.com/gorilla/websocket"`, "websocket"},
		{`ws "github.com/gorilla/websocket"`, "ws"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			file, err := parser.ParseFile(token.NewFileSet(), "x.go", "package x\nimport "+tt.spec+"\n", parser.ImportsOnly)
			require.NoError(t, err)
			require.Len(t, file.Imports, 1)
			assert.Equal(t, tt.want, ImportName(file.Imports[0]))
		})
	}
}

func TestFirstDifference(t *testing.T) {
	tests := []struct {
		a, b   string
		i      int
		la, lb []string
	}{
		{"one\ntwo\n", "one\nTWO\n", 1, []string{"one", "two"}, []string{"one", "TWO"}},
		{"one\n", "one\ntwo\n", 1, []string{"one"}, []string{"one", "two"}},
		{"one", "one\n", 1, []string{"one"}, []string{"one"}}, // only the last newline differs
		{"", "x\n", 0, nil, []string{"x"}},
	}
	for _, tt := range tests {
		i, la, lb := FirstDifference(tt.a, tt.b)
		assert.Equal(t, []any{tt.i, tt.la, tt.lb}, []any{i, la, lb}, "%q vs %q", tt.a, tt.b)
	}
}
