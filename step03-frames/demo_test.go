package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
)

// TestDemoTakesFramesApart: each length form, masked on the way out and
// not on the way back.
func TestDemoTakesFramesApart(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	var out strings.Builder
	require.NoError(t, demo(testContext(t), &out, srv.URL))
	text := out.String()
	for _, want := range []string{
		"client to server: a text frame, 17 bytes of payload, 23 bytes on the wire",
		"81                       FIN 1, RSV 000, opcode 0x1 (text)",
		"91                       MASK 1, payload length 17",
		"11                       MASK 0, payload length 17",
		"48 65 6c 6c 6f 2c 20 57  payload: \"Hello, W\", 17 bytes",
		"fe                       MASK 1, payload length 126: a 16-bit length follows",
		"00 c8                    extended payload length: 200",
		"7f                       MASK 0, payload length 127: a 64-bit length follows",
		"00 00 00 00 00 01 11 70  extended payload length: 70000",
	} {
		assert.Contains(t, text, want)
	}
	assert.Equal(t, 3, strings.Count(text, "masking key"), "only the client's frames carry a key")
}
