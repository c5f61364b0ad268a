package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// writeRepo makes a repository in a temporary directory: a go.mod and the
// given files, by slash-separated path.
func writeRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example\n"), 0o644))
	for name, content := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	}
	return root
}

// lines joins lines, each with its newline: lines("a", "b") is "a\nb\n".
func lines(ls ...string) string {
	return strings.Join(ls, "\n") + "\n"
}

// numbered returns n lines "name 1", "name 2", ...
func numbered(name string, n int) []string {
	var ls []string
	for i := 1; i <= n; i++ {
		ls = append(ls, name+" "+strings.Repeat("·", i))
	}
	return ls
}

// result is what one run of the command printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// lessonCmd runs the command in a repository, as if from its root, with
// stdout not a terminal and NO_COLOR unset unless env says otherwise.
func lessonCmd(t *testing.T, root string, env environment, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env.stdout, env.stderr, env.workdir = &stdout, &stderr, root
	code := run(args, env)
	return result{code, stdout.String(), stderr.String()}
}
