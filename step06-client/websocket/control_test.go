package websocket

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
	"github.com/spec2lib/websocket/internal/scripted"
)

// TestSendPingAndPong: SendPing returns at once, and the pong handler
// sees the answer; SendPong goes out unasked (§5.5.3), and the server
// takes it as such; the ping handler sees the server's ping, which the
// connection answers itself.
func TestSendPingAndPong(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL+"?ping=hi")
	ctx := testContext(t)
	var pings, pongs []string
	conn.SetPingHandler(func(p []byte) { pings = append(pings, string(p)) })
	conn.SetPongHandler(func(p []byte) { pongs = append(pongs, string(p)) })
	_, got, err := conn.ReadMessage(ctx) // the echo server reports our pong to its ping
	require.NoError(t, err)
	assert.Equal(t, "pong:hi", string(got))
	assert.Equal(t, []string{"hi"}, pings)

	require.NoError(t, conn.SendPing(ctx, []byte("mine")))
	require.NoError(t, conn.SendPong(ctx, []byte("unasked")))
	require.NoError(t, conn.WriteMessage(ctx, TextMessage, []byte("after")))
	_, got, err = conn.ReadMessage(ctx)
	require.NoError(t, err)
	assert.Equal(t, "pong:unasked", string(got), "gorilla's pong handler saw our unasked pong")
	_, got, err = conn.ReadMessage(ctx)
	require.NoError(t, err)
	assert.Equal(t, "after", string(got))
	assert.Equal(t, []string{"mine"}, pongs)
}

// TestSendPingRefusesLongPayload: a control frame holds 125 bytes; a
// longer payload is refused before anything is sent, and the connection
// goes on.
func TestSendPingRefusesLongPayload(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
	ctx := testContext(t)
	long := bytes.Repeat([]byte("x"), maxControlPayload+1)
	for name, send := range map[string]func() error{
		"ping": func() error { return conn.SendPing(ctx, long) },
		"pong": func() error { return conn.SendPong(ctx, long) },
	} {
		err := send()
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), "a "+name+" payload of 126 bytes is over the 125")
	}
	require.NoError(t, conn.WriteMessage(ctx, TextMessage, []byte("still open")))
	_, got, err := conn.ReadMessage(ctx)
	require.NoError(t, err)
	assert.Equal(t, "still open", string(got))
}

// TestNetConnCarriesRawFrames: a frame written to NetConn reaches the
// server as it was written, even one that breaks the rules: here an
// unmasked text frame (§5.1), which the server reads as sent.
func TestNetConnCarriesRawFrames(t *testing.T) {
	frames := make(chan scripted.Frame, 1)
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		f, err := c.ReadFrame() // any frame, masked or not
		frames <- f
		return err
	})
	conn, _, err := Dial(testContext(t), srv.URL, nil)
	require.NoError(t, err)
	defer conn.CloseNow()
	raw := appendHeader(nil, header{fin: true, opcode: opText, length: 3})
	_, err = conn.NetConn().Write(append(raw, "raw"...))
	require.NoError(t, err)
	f := nextFrame(t, frames)
	assert.False(t, f.Masked, "written as it was, unmasked")
	assert.Equal(t, "raw", string(f.Payload))
	assert.True(t, strings.HasPrefix(conn.NetConn().RemoteAddr().String(), "127.0.0.1:"))
}
