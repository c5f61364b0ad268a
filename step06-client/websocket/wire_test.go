package websocket

import (
	"bytes"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
	"github.com/spec2lib/websocket/internal/scripted"
)

// bounded closes conn if the test still runs after testTimeout.
// readFrame takes no context, so a frame that never comes would hang the
// test; with the connection closed, the read fails instead.
func bounded(t *testing.T, conn *Conn) {
	timer := time.AfterFunc(testTimeout, func() { conn.CloseNow() })
	t.Cleanup(func() { timer.Stop() })
}

// TestEchoFrameSizes sends one frame of each size that matters to the
// length encoding, text and binary, to the gorilla echo server, and
// reads the echo back byte for byte. After a frame that fails, the
// stream's place is lost, so the sizes after it are not tried.
func TestEchoFrameSizes(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn, _, err := Dial(testContext(t), srv.URL, nil)
	require.NoError(t, err)
	defer conn.CloseNow()
	bounded(t, conn)

	sizes := []int{0, 125, 126, 127, 128, 65535, 65536, 1 << 20}
	for _, op := range []opcode{opText, opBinary} {
		for _, size := range sizes {
			ok := t.Run(fmt.Sprintf("%s/%d", op, size), func(t *testing.T) {
				payload := bytes.Repeat([]byte("0123456789abcdef"), size/16+1)[:size]
				require.NoError(t, conn.writeFrame(header{fin: true, opcode: op}, payload, nil))
				h, echoed, err := conn.readFrame()
				require.NoError(t, err)
				assert.True(t, h.fin)
				assert.Equal(t, op, h.opcode)
				assert.False(t, h.masked, "a server must not mask (RFC 6455 §5.1)")
				assert.Equal(t, int64(size), h.length)
				assert.True(t, bytes.Equal(payload, echoed), "the echo of %d bytes came back different", size)
			})
			if !ok {
				return
			}
		}
	}
}

// TestClientFramesAreMasked reads what the client sends from the
// server's side: every frame masked, each with its own key.
func TestClientFramesAreMasked(t *testing.T) {
	frames := make(chan scripted.Frame, 3)
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		for range 3 {
			f, err := c.ReadFrame()
			if err != nil {
				return err
			}
			frames <- f
		}
		return nil
	})
	conn, _, err := Dial(testContext(t), srv.URL, nil)
	require.NoError(t, err)
	defer conn.CloseNow()
	for range 3 {
		require.NoError(t, conn.writeFrame(header{fin: true, opcode: opBinary}, []byte("same payload"), nil))
	}
	keys := make(map[[4]byte]bool)
	for range 3 {
		var f scripted.Frame
		select {
		case f = <-frames:
		case <-time.After(testTimeout):
			t.Fatal("the server did not get three frames")
		}
		assert.True(t, f.Masked)
		assert.Equal(t, "same payload", string(f.Payload))
		keys[f.Key] = true
	}
	assert.Len(t, keys, 3, "a fresh key for every frame")
}

// TestReadFrameOneByteAtATime: the server writes a 16-bit-length frame
// one byte per write.
func TestReadFrameOneByteAtATime(t *testing.T) {
	payload := bytes.Repeat([]byte("slow "), 60)
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		if err := c.WriteChopped(scripted.Text(string(payload)), 1); err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, c.R)
		return nil
	})
	conn, _, err := Dial(testContext(t), srv.URL, nil)
	require.NoError(t, err)
	defer conn.CloseNow()
	bounded(t, conn)
	h, got, err := conn.readFrame()
	require.NoError(t, err)
	assert.Equal(t, opText, h.opcode)
	assert.Equal(t, payload, got)
}
