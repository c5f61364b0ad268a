package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDeclSnippet(t *testing.T) {
	tests := []struct {
		name     string
		want     string
		wantLine int
	}{
		{"acceptKey", acceptKeyDecl, 28},
		{"magic", "// magic is the GUID from RFC 6455 section 1.3.\nconst magic = \"258EAFA5-E914-47DA-95CA-C5AB0DC85B11\"\n", 5},
		{"opClose", "// Opcodes from RFC 6455 section 5.2.\nconst (\n\topText  = 0x1\n\topClose = 0x8\n)\n", 8},
		{"Conn", "// Conn is a client connection.\ntype Conn struct {\n\tclosed bool\n}\n", 14},
		{"Conn.Close", "// Close marks the connection closed.\nfunc (c *Conn) Close() error {\n\tc.closed = true\n\treturn nil\n}\n", 19},
		{"Conn.String", "// String implements fmt.Stringer.\nfunc (c Conn) String() string { return fmt.Sprint(c.closed) }\n", 25},
		{"debug", "var debug = false // set by tests\n", 33},
		{"frame", "type (\n\topcode byte\n\t// frame is one WebSocket frame.\n\tframe struct{ op opcode }\n)\n", 35},
		{"Stack.Len", "// Len counts.\nfunc (s *Stack[K, V]) Len() int { return len(s.m) }\n", 44},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := declSnippet("handshake.go", []byte(handshakeGo), tt.name)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.text)
			assert.Equal(t, tt.wantLine, got.line)
		})
	}
}

func TestDeclSnippetErrors(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		wantErr string
	}{
		{"missing", handshakeGo, "no top-level declaration missing in handshake.go"},
		{"Close", handshakeGo, "no top-level declaration Close"}, // methods need their type
		{"init", handshakeGo, "2 top-level declarations are named init"},
		{"x", "package main\nfunc x( {\n", "cannot parse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := declSnippet("handshake.go", []byte(tt.src), tt.name)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestWholeFile(t *testing.T) {
	assert.Equal(t, snippet{text: runSh, line: 1}, wholeFile([]byte(runSh)))
	assert.Equal(t, "no newline\n", wholeFile([]byte("no newline")).text)
	assert.Equal(t, "", wholeFile(nil).text)
}
