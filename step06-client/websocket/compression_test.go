package websocket

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
)

// These tests run permessage-deflate (RFC 7692) against real servers:
// gorilla's, which accepts it without context takeover either way.

// wireLog is a tracer's output that tests read: the frames in and out.
type wireLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (w *wireLog) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

// lines are the lines logged so far that contain s.
func (w *wireLog) lines(s string) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for _, l := range strings.Split(w.buf.String(), "\n") {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return out
}

// compressible is n bytes of text that deflate shrinks, as JSON shrinks.
func compressible(n int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, `{"seq":%d,"symbol":"GO","price":%d.%02d,"side":"buy"},`, i, 100+i%7, i%100)
	}
	return b.Bytes()[:n]
}

// incompressible is n random bytes, which deflate cannot shrink.
func incompressible(n int) []byte {
	b := make([]byte, n)
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// dialCompressed dials with compression, a trace to log, and mode.
func dialCompressed(t *testing.T, url string, mode Compression, log io.Writer) *Conn {
	t.Helper()
	conn, _, err := Dial(testContext(t), url, &Options{Compression: mode, Trace: log})
	require.NoError(t, err)
	t.Cleanup(func() { conn.CloseNow() })
	return conn
}

// TestCompressedEchoFromGorilla: messages of every size go out and come
// back compressed, whole, text and binary; and the wire shows RSV1 on
// the first frame of each compressed message, both ways.
func TestCompressedEchoFromGorilla(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{Compression: true})
	defer srv.Close()
	log := &wireLog{}
	conn := dialCompressed(t, srv.URL, CompressionDefault, log)
	assert.Equal(t, "permessage-deflate; server_no_context_takeover; client_no_context_takeover", conn.Extensions())
	ctx := testContext(t)
	for _, typ := range []MessageType{TextMessage, BinaryMessage} {
		for _, size := range []int{0, 1, 255, 256, 4096, 70000, 1 << 20} {
			for name, msg := range map[string][]byte{"compressible": compressible(size), "incompressible": incompressible(size)} {
				if typ == TextMessage && name == "incompressible" {
					continue
				}
				require.NoError(t, conn.WriteMessage(ctx, typ, msg), "%s %s of %d", name, typ, size)
				gotType, got, err := conn.ReadMessage(ctx)
				require.NoError(t, err, "%s %s of %d", name, typ, size)
				assert.Equal(t, typ, gotType)
				assert.True(t, bytes.Equal(msg, got), "%s %s of %d came back different", name, typ, size)
			}
		}
	}
	require.NoError(t, conn.Close(CloseNormalClosure, ""))
	assert.NotEmpty(t, log.lines("-> FIN text+rsv1"), "compressed text went out")
	assert.NotEmpty(t, log.lines("-> FIN binary+rsv1"), "compressed binary went out")
	assert.NotEmpty(t, log.lines("<- FIN text+rsv1"), "compressed text came in")
	assert.NotEmpty(t, log.lines("<-     inflated"), "and was inflated")
	for _, l := range log.lines("-> FIN text ") {
		assert.Regexp(t, `text\s+(0|1|255)\b`, l, "only messages under the threshold go out as they are")
	}
}
