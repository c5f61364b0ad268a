package main

import (
	"go/parser"
	"go/token"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRewriteImports: only the import paths named change; the same
// path in a string or a comment stays.
func TestRewriteImports(t *testing.T) {
	src := "package websocket_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/tut/internal/scripted\"\n\tws \"example.com/tut/step06-client/websocket\"\n)\n\n" +
		"// \"example.com/tut/internal/scripted\" stays in a comment.\nvar s = \"example.com/tut/internal/scripted\"\n"
	f, err := parser.ParseFile(token.NewFileSet(), "x_test.go", src, parser.ImportsOnly)
	require.NoError(t, err)
	got := rewriteImports(f, []byte(src), map[string]string{
		"example.com/tut/internal/scripted":       "example.org/me/ws/internal/scripted",
		"example.com/tut/step06-client/websocket": "example.org/me/ws",
	})
	assert.Equal(t, "package websocket_test\n\nimport (\n\t\"testing\"\n\n\t\"example.org/me/ws/internal/scripted\"\n\tws \"example.org/me/ws\"\n)\n\n"+
		"// \"example.com/tut/internal/scripted\" stays in a comment.\nvar s = \"example.com/tut/internal/scripted\"\n", string(got))
}
