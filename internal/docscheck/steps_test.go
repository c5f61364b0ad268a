package main

import (
	"go/ast"
	"go/parser"
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// transportGo is the step04 code that diagram tests look names up in.
const transportGo = `package main

import (
	"errors"
	"io"
)

// closeNormal is the close code of a normal closure.
const closeNormal = 1000

var errClosed = errors.New("closed")

// Conn is a connection.
type Conn struct {
	CloseTimeout int
	*io.PipeReader
}

type closer interface {
	CloseNow() error
}

// Close sends 1002, written in hex.
func (c *Conn) Close() error { return c.fail(0x3ea) }

func (c *Conn) fail(code int) error {
	_ = struct{ inner int }{}
	return nil
}

func writeFrame() {}
`

// stepFiles are two steps: step04 with transportGo, a test whose names
// must not count, a subpackage whose names count, and testdata whose Go
// files do not; and step05.
func stepFiles() map[string]string {
	return map[string]string{
		"step04-transport/close.go":             transportGo,
		"step04-transport/close_test.go":        "package main\n\nfunc testOnly() { _ = 4000 }\n",
		"step04-transport/sub/sub.go":           "package sub\n\nfunc subOnly() {}\n",
		"step04-transport/sub/testdata/data.go": "package data\n\nfunc dataOnly() {}\n",
		"step05-errors/errors.go":               "package main\n\nimport \"errors\"\n\nvar ErrNoPong = errors.New(\"no pong\")\n\nconst closeProtocolError = 1_002\n",
		"stepping/notastep.go":                  "package main\n\nfunc notAStep() {}\n",
	}
}

func TestLoadStep(t *testing.T) {
	root := writeRepo(t, stepFiles())
	s, err := loadStep(root, "step04-transport")
	require.NoError(t, err)
	assert.Equal(t, "step04-transport", s.dir)
	assert.Equal(t, []string{"Close", "CloseNow", "fail", "subOnly", "writeFrame"}, slices.Sorted(maps.Keys(s.funcs)))
	assert.Equal(t, []string{
		"Close", "CloseNow", "CloseTimeout", "Conn", "PipeReader",
		"closeNormal", "closer", "errClosed", "fail", "inner", "subOnly", "writeFrame",
	}, slices.Sorted(maps.Keys(s.names)))
	assert.Equal(t, []int64{1000, 1002}, slices.Sorted(maps.Keys(s.ints)))
	assert.Equal(t, []string{"errors", "io"}, slices.Sorted(maps.Keys(s.imports)))
}

func TestLoadStepErrors(t *testing.T) {
	root := writeRepo(t, map[string]string{"step04-transport/bad.go": "package main\nfunc x( {\n"})
	_, err := loadStep(root, "step04-transport")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cannot parse: step04-transport/bad.go:2:")

	_, err = loadStep(root, "step09-missing")
	assert.Error(t, err)
}

func TestEmbeddedName(t *testing.T) {
	for src, want := range map[string]string{"*bufio.Reader": "Reader", "sync.Mutex": "Mutex", "*Conn": "Conn", "Stack[int]": "Stack"} {
		expr, err := parser.ParseExpr(src)
		require.NoError(t, err)
		assert.Equal(t, want, embeddedName(expr), src)
	}
	assert.Empty(t, embeddedName(&ast.BadExpr{}))
}

func TestScopeFor(t *testing.T) {
	files := stepFiles()
	files["step06-client/a.go"] = "package main\n"
	root := writeRepo(t, files)
	tests := []struct {
		doc      string
		wantDirs []string
		wantAll  bool
		wantErr  string
	}{
		{doc: "docs/04-transport.md", wantDirs: []string{"step04-transport"}},
		{doc: "docs/zh-CN/04-transport.md", wantDirs: []string{"step04-transport"}},
		{doc: "docs/05-whatever-the-title.md", wantDirs: []string{"step05-errors"}},
		{doc: "README.md", wantDirs: []string{"step04-transport", "step05-errors", "step06-client"}, wantAll: true},
		{doc: "docs/README.md", wantDirs: []string{"step04-transport", "step05-errors", "step06-client"}, wantAll: true},
		{doc: "docs/4-short.md", wantDirs: []string{"step04-transport", "step05-errors", "step06-client"}, wantAll: true},
		{doc: "docs/07-extensions.md", wantErr: "docs/07-extensions.md is the article of step 07, but there is no step07-* directory"},
	}
	for _, tt := range tests {
		t.Run(tt.doc, func(t *testing.T) {
			sc, err := newStepIndex(root).scopeFor(tt.doc)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Equal(t, tt.wantErr, err.Error())
				return
			}
			require.NoError(t, err)
			var dirs []string
			for _, s := range sc.steps {
				dirs = append(dirs, s.dir)
			}
			assert.Equal(t, tt.wantDirs, dirs)
			assert.Equal(t, tt.wantAll, sc.all)
		})
	}
}

func TestStepIndexReadsEachStepOnce(t *testing.T) {
	root := writeRepo(t, stepFiles())
	x := newStepIndex(root)
	a, err := x.scopeFor("docs/04-transport.md")
	require.NoError(t, err)
	b, err := x.scopeFor("README.md")
	require.NoError(t, err)
	i := slices.IndexFunc(b.steps, func(s *stepCode) bool { return s.dir == "step04-transport" })
	require.GreaterOrEqual(t, i, 0)
	assert.Same(t, a.steps[0], b.steps[i], "the step is read once for both scopes")
}
