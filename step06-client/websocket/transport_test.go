package websocket

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/scripted"
)

// These tests use the scripted server: it writes exact frames and reads
// exactly what the client sends back.

// scriptedConn dials a scripted server and runs the client side as the
// Autobahn agent does: echo every message until the connection ends.
// It returns the error that ended the echo loop.
func echoUntilEnd(t *testing.T, script scripted.Script) error {
	t.Helper()
	srv := scripted.Start(t, script)
	conn, _, err := Dial(testContext(t), srv.URL, nil)
	require.NoError(t, err)
	defer conn.CloseNow()
	for {
		typ, msg, err := conn.ReadMessage(testContext(t))
		if err != nil {
			return err
		}
		if err := conn.WriteMessage(testContext(t), typ, msg); err != nil {
			return err
		}
	}
}

// expectMessage reads one message from the client and checks it.
func expectMessage(c *scripted.Conn, op byte, want string) error {
	var got []byte
	for first := true; ; first = false {
		f, err := c.ReadClientFrame()
		if err != nil {
			return err
		}
		if first && f.Opcode != op || !first && f.Opcode != scripted.OpContinuation {
			return fmt.Errorf("got opcode %d, want %d", f.Opcode, op)
		}
		got = append(got, f.Payload...)
		if f.Fin {
			break
		}
	}
	if string(got) != want {
		return fmt.Errorf("got message %q, want %q", got, want)
	}
	return nil
}

// closeNormally runs the server's side of a clean close: close 1000,
// the client's echo, then the server closes TCP.
func closeNormally(c *scripted.Conn) error {
	if _, err := c.Write(scripted.Close(1000, "")); err != nil {
		return err
	}
	code, _, before, err := c.ExpectClose()
	if err != nil {
		return err
	}
	if code != 1000 || len(before) > 0 {
		return fmt.Errorf("got close %d after %d frames, want close 1000 alone", code, len(before))
	}
	return nil
}

// TestPingBetweenFragments: a ping between two fragments is answered at
// once, not after the message ends (Autobahn 5.6-5.8, 5.19). The script
// waits for the pong before it sends the second fragment, so a client
// that answered late would never see the end of the message.
func TestPingBetweenFragments(t *testing.T) {
	err := echoUntilEnd(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		first := scripted.Frame{Opcode: scripted.OpText, Payload: []byte("fragment1")}.Bytes()
		if err := c.WriteChopped(append(first, scripted.Ping([]byte("between"))...), 1); err != nil {
			return err
		}
		c.SetReadDeadline(time.Now().Add(testTimeout))
		pong, err := c.ReadClientFrame()
		if err != nil {
			return fmt.Errorf("waiting for the pong: %w", err)
		}
		if pong.Opcode != scripted.OpPong || string(pong.Payload) != "between" {
			return fmt.Errorf("got opcode %d %q, want the pong", pong.Opcode, pong.Payload)
		}
		last := scripted.Frame{Fin: true, Opcode: scripted.OpContinuation, Payload: []byte("fragment2")}
		if _, err := c.Write(last.Bytes()); err != nil {
			return err
		}
		if err := expectMessage(c, scripted.OpText, "fragment1fragment2"); err != nil {
			return err
		}
		return closeNormally(c)
	})
	assert.EqualError(t, err, "websocket: closed with status 1000")
}

// TestUnsolicitedPongIgnored: a pong nobody asked for gets no answer
// (§5.5.3), and the pong handler sees it.
func TestUnsolicitedPongIgnored(t *testing.T) {
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		if _, err := c.Write(append(scripted.Pong([]byte("unasked")), scripted.Text("hello")...)); err != nil {
			return err
		}
		if err := expectMessage(c, scripted.OpText, "hello"); err != nil {
			return fmt.Errorf("the first frame back must be the echo: %w", err)
		}
		return closeNormally(c)
	})
	conn, _, err := Dial(testContext(t), srv.URL, nil)
	require.NoError(t, err)
	defer conn.CloseNow()
	var pongs []string
	conn.SetPongHandler(func(p []byte) { pongs = append(pongs, string(p)) })
	ctx := testContext(t)
	typ, msg, err := conn.ReadMessage(ctx)
	require.NoError(t, err)
	require.NoError(t, conn.WriteMessage(ctx, typ, msg))
	_, _, err = conn.ReadMessage(ctx)
	assert.EqualError(t, err, "websocket: closed with status 1000")
	assert.Equal(t, []string{"unasked"}, pongs)
}

// TestCloseWithoutCode: an empty close frame means "no status" (1005);
// our reply is an empty close frame too, since 1005 must never be sent.
func TestCloseWithoutCode(t *testing.T) {
	replies := make(chan scripted.Frame, 1)
	err := echoUntilEnd(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		if _, err := c.Write(scripted.Frame{Fin: true, Opcode: scripted.OpClose}.Bytes()); err != nil {
			return err
		}
		f, err := c.ReadClientFrame()
		replies <- f
		return err
	})
	assert.EqualError(t, err, "websocket: closed with status 1005", "no code is reported as 1005 (§7.1.5)")
	reply := <-replies
	assert.Equal(t, scripted.OpClose, reply.Opcode)
	assert.Empty(t, reply.Payload)
}

// TestNothingAfterClose: after the server's close, frames that follow
// are neither echoed nor answered (Autobahn 7.1.x).
func TestNothingAfterClose(t *testing.T) {
	err := echoUntilEnd(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		burst := append(scripted.Close(1000, ""), scripted.Ping([]byte("late"))...)
		burst = append(burst, scripted.Text("late")...)
		if _, err := c.Write(burst); err != nil {
			return err
		}
		f, err := c.ReadClientFrame()
		if err != nil {
			return err
		}
		if f.Opcode != scripted.OpClose {
			return fmt.Errorf("got opcode %d, want close", f.Opcode)
		}
		if err := c.CloseWrite(); err != nil {
			return err
		}
		return c.ExpectEOF(testTimeout)
	})
	assert.EqualError(t, err, "websocket: closed with status 1000")
}

// TestPingAnsweredAfterOurClose: a ping that crosses our close frame
// still gets its pong, since §5.5.2 excuses a pong only after the
// server's close, and §5.5.1 forbids only data frames after ours.
func TestPingAnsweredAfterOurClose(t *testing.T) {
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		if f, err := c.ReadClientFrame(); err != nil || f.Opcode != scripted.OpClose {
			return fmt.Errorf("want our close first, got %v, %v", f, err)
		}
		if _, err := c.Write(scripted.Ping([]byte("still there?"))); err != nil {
			return err
		}
		f, err := c.ReadClientFrame()
		if err != nil {
			return err
		}
		if f.Opcode != scripted.OpPong || string(f.Payload) != "still there?" {
			return fmt.Errorf("got opcode %d %q, want the pong", f.Opcode, f.Payload)
		}
		if _, err := c.Write(scripted.Close(1000, "")); err != nil {
			return err
		}
		if err := c.CloseWrite(); err != nil {
			return err
		}
		return c.ExpectEOF(testTimeout)
	})
	conn, _, err := Dial(testContext(t), srv.URL, nil)
	require.NoError(t, err)
	assert.NoError(t, conn.Close(CloseNormalClosure, ""), "close frames went both ways")
	require.NoError(t, srv.Close(), "the server saw the pong")
}

// TestCloseTimesOut: a server that never answers our close frame does
// not hold Close for longer than the close timeout.
func TestCloseTimesOut(t *testing.T) {
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, c.R) // read everything, answer nothing
		return nil
	})
	conn, _, err := Dial(testContext(t), srv.URL, nil)
	require.NoError(t, err)
	conn.closeTimeout = 50 * time.Millisecond
	err = conn.Close(CloseNormalClosure, "")
	assert.EqualError(t, err, "websocket: no close frame from the server: the closing handshake took longer than 50ms")
	_, _, readErr := conn.ReadMessage(testContext(t))
	assert.Equal(t, err, readErr, "a later read says the same")
}

// TestServerDropsTCP: a server that vanishes without a close frame is
// reported as such.
func TestServerDropsTCP(t *testing.T) {
	err := echoUntilEnd(t, func(c *scripted.Conn) error {
		_, err := c.Handshake()
		return err
	})
	assert.EqualError(t, err, "websocket: closed with status 1006: the server closed TCP without a close frame")
}
