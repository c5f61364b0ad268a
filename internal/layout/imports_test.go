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
// of internal/: the scripted servers are for tests. A library in a
// step's subdirectory (step06-client/websocket) imports no internal/
// package at all: other modules import it, and could not build it.
func TestClientCodeDoesNotImportGorilla(t *testing.T) {
	for _, dir := range stepDirs(t) {
		for _, file := range codeFiles(t, dir) {
			bad := forbiddenImports(t, file)
			if filepath.Dir(file) != dir {
				bad = append(bad, internalImports(t, file)...)
			}
			assert.Empty(t, bad, "%s", file)
		}
	}
}

// codeFiles lists the non-test Go files of a step, those of its
// subpackages too, but not testdata.
func codeFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && d.Name() == "testdata":
			return filepath.SkipDir
		case !d.IsDir() && strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go"):
			files = append(files, p)
		}
		return nil
	})
	require.NoError(t, err)
	return files
}

// internalImports lists the imports of file from the module's internal/.
func internalImports(t *testing.T, file string) []string {
	var found []string
	for _, path := range imports(t, file) {
		if strings.HasPrefix(path, module+"/internal/") {
			found = append(found, path)
		}
	}
	return found
}

// TestCodeFilesFindsTheLibrary proves that the check above looks into
// step06's library.
func TestCodeFilesFindsTheLibrary(t *testing.T) {
	files := codeFiles(t, filepath.Join("..", "..", "step06-client"))
	assert.Contains(t, files, filepath.Join("..", "..", "step06-client", "websocket", "dial.go"))
	assert.Contains(t, files, filepath.Join("..", "..", "step06-client", "main.go"))
	assert.NotContains(t, files, filepath.Join("..", "..", "step06-client", "websocket", "dial_test.go"))
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

// TestEveryStepIsACommand: each step is a package main of its own. (Its
// subdirectories, such as step06's library, are packages of their own.)
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
