package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// handshakeGo is the Go file most tests point markers at. Line numbers
// matter to some tests: acceptKey's doc comment is on line 29.
const handshakeGo = `package main

import "fmt"

// magic is the GUID from RFC 6455 section 1.3.
const magic = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

// Opcodes from RFC 6455 section 5.2.
const (
	opText  = 0x1
	opClose = 0x8
)

// Conn is a client connection.
type Conn struct {
	closed bool
}

// Close marks the connection closed.
func (c *Conn) Close() error {
	c.closed = true
	return nil
}

// String implements fmt.Stringer.
func (c Conn) String() string { return fmt.Sprint(c.closed) }

// acceptKey computes the Sec-WebSocket-Accept value.
func acceptKey(key string) string {
	return key + magic
}

var debug = false // set by tests

type (
	opcode byte
	// frame is one WebSocket frame.
	frame struct{ op opcode }
)

// Stack is generic.
type Stack[K comparable, V any] struct{ m map[K]V }

// Len counts.
func (s *Stack[K, V]) Len() int { return len(s.m) }

func init() {}

func init() {}
`

// acceptKeyDecl is acceptKey as the docs must show it.
const acceptKeyDecl = `// acceptKey computes the Sec-WebSocket-Accept value.
func acceptKey(key string) string {
	return key + magic
}
`

const runSh = "#!/bin/sh\nset -e\ngo test ./...\n"

// writeRepo creates a repository in a temporary directory holding files,
// keyed by slash-separated path, and returns its root.
func writeRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	}
	return root
}

// sources are the non-markdown files of every test repository.
func sources() map[string]string {
	return map[string]string{
		"step02/handshake.go": handshakeGo,
		"scripts/run.sh":      runSh,
	}
}

// withDocs returns sources plus the given markdown files.
func withDocs(docs map[string]string) map[string]string {
	files := sources()
	for name, content := range docs {
		files[name] = content
	}
	return files
}

// codeBlock is a marked ```go block holding content.
func codeBlock(marker, content string) string {
	return "<!-- code: " + marker + " -->\n```go\n" + content + "```\n"
}

// readFile returns the content of a file in the repository at root.
func readFile(t *testing.T, root, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
	require.NoError(t, err)
	return string(data)
}
