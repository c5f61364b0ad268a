package layout

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// outsideMain is a program in a module of its own that uses the finished
// client as a reader would after `go get`: through its import path and
// its exported API only.
const outsideMain = `package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spec2lib/websocket/step06-client/websocket"
)

func main() {
	conn, _, err := websocket.Dial(context.Background(), os.Args[1], &websocket.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer conn.Close(websocket.CloseNormalClosure, "")
	if err := conn.WriteMessage(context.Background(), websocket.TextMessage, []byte("hello")); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`

// TestAModuleOutsideBuildsAgainstTheLibrary: the series ends with a
// package others import. A module outside this repository, which
// requires ours (replaced by this checkout, as a go.work or a published
// version would give it), builds against step06-client/websocket,
// offline, from the module cache alone.
func TestAModuleOutsideBuildsAgainstTheLibrary(t *testing.T) {
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	dir := t.TempDir()
	goMod := "module example.com/outside\n\ngo 1.24\n\n" +
		"require " + module + " v0.0.0\n\n" +
		"replace " + module + " => " + filepath.ToSlash(root) + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(goMod), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte(outsideMain), 0o644))

	cmd := exec.Command("go", "build", "-o", os.DevNull, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOSUMDB=off", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build in a module outside the repository:\n%s", out)
}
