package websocket

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
	"github.com/spec2lib/websocket/internal/scripted"
)

// TestEchoMessageSizes sends one message of each size that matters to
// the length encoding, text and binary, to the gorilla echo server, and
// reads the echo back byte for byte.
func TestEchoMessageSizes(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
	ctx := testContext(t)
	sizes := []int{0, 125, 126, 127, 128, 65535, 65536, 1 << 20}
	for _, typ := range []MessageType{TextMessage, BinaryMessage} {
		for _, size := range sizes {
			t.Run(fmt.Sprintf("%s/%d", typ, size), func(t *testing.T) {
				payload := bytes.Repeat([]byte("0123456789abcdef"), size/16+1)[:size]
				require.NoError(t, conn.WriteMessage(ctx, typ, payload))
				gotType, echoed, err := conn.ReadMessage(ctx)
				require.NoError(t, err)
				assert.Equal(t, typ, gotType)
				assert.Equal(t, payload, echoed)
			})
		}
	}
}

// TestReadMessageOneByteAtATime: a message in three fragments with a
// ping between them, written one byte per write.
func TestReadMessageOneByteAtATime(t *testing.T) {
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		var wire []byte
		wire = append(wire, scripted.Frame{Opcode: scripted.OpText, Payload: []byte("one ")}.Bytes()...)
		wire = append(wire, scripted.Ping([]byte("mid"))...)
		wire = append(wire, scripted.Frame{Opcode: scripted.OpContinuation, Payload: bytes.Repeat([]byte("two "), 40)}.Bytes()...)
		wire = append(wire, scripted.Frame{Fin: true, Opcode: scripted.OpContinuation, Payload: []byte("three")}.Bytes()...)
		if err := c.WriteChopped(wire, 1); err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, c.R)
		return nil
	})
	conn, _, err := Dial(testContext(t), srv.URL, nil)
	require.NoError(t, err)
	defer conn.CloseNow()
	typ, got, err := conn.ReadMessage(testContext(t))
	require.NoError(t, err)
	assert.Equal(t, TextMessage, typ)
	assert.Equal(t, "one "+string(bytes.Repeat([]byte("two "), 40))+"three", string(got))
}
