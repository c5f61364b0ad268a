package layout

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/spec2lib/websocket/internal/repo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const module = "github.com/spec2lib/websocket"

// stepDirs lists the step directories at the repository root.
func stepDirs(t *testing.T) []string {
	t.Helper()
	dirs, err := repo.StepDirs("../..")
	require.NoError(t, err)
	for i, d := range dirs {
		dirs[i] = filepath.Join("../..", d)
	}
	return dirs
}

// TestClientCodeDoesNotImportGorilla: gorilla is our reference peer and
// nothing more. A step's own code may reach it only through the echo
// server that its demo starts, never directly, and imports nothing else
// of internal/: the scripted servers are for tests.
func TestClientCodeDoesNotImportGorilla(t *testing.T) {
	for _, dir := range stepDirs(t) {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		for _, file := range files {
			if !strings.HasSuffix(file, "_test.go") {
				assert.Empty(t, forbiddenImports(t, file), "%s", file)
			}
		}
	}
}

// TestForbiddenImportsCatchesGorilla proves the check above can fail.
func TestForbiddenImportsCatchesGorilla(t *testing.T) {
	file := filepath.Join(t.TempDir(), "client.go")
	src := "package main\n\nimport (\n\t\"github.com/gorilla/websocket\"\n\t\"" +
		module + "/internal/scripted\"\n\t\"" + module + "/internal/echoserver\"\n)\n"
	require.NoError(t, os.WriteFile(file, []byte(src), 0o644))
	assert.Equal(t, []string{"github.com/gorilla/websocket", module + "/internal/scripted"},
		forbiddenImports(t, file))
}

// forbiddenImports lists the imports of file that client code may not have.
func forbiddenImports(t *testing.T, file string) []string {
	var bad []string
	for _, path := range imports(t, file) {
		internal := strings.HasPrefix(path, module+"/internal/")
		if strings.Contains(path, "gorilla") || (internal && path != module+"/internal/echoserver") {
			bad = append(bad, path)
		}
	}
	return bad
}

// TestEveryStepIsACommand: each step is a package main of its own.
func TestEveryStepIsACommand(t *testing.T) {
	for _, dir := range stepDirs(t) {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		require.NotEmpty(t, files, "%s has no Go files", dir)
		for _, file := range files {
			f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.PackageClauseOnly)
			require.NoError(t, err)
			assert.Equal(t, "main", f.Name.Name, "%s", file)
		}
		_, err = os.Stat(filepath.Join(dir, "main.go"))
		assert.NoError(t, err, "%s has no main.go", dir)
	}
}

func imports(t *testing.T, file string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
	require.NoError(t, err)
	var paths []string
	for _, imp := range f.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		require.NoError(t, err)
		paths = append(paths, path)
	}
	return paths
}
