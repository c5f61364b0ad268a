package websocket

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
	"github.com/spec2lib/websocket/internal/scripted"
)

// TestHandshakeErrorKeepsStatusAndBody: a refusal is a *HandshakeError
// with the status, the check that failed, and the start of the body.
func TestHandshakeErrorKeepsStatusAndBody(t *testing.T) {
	body := "you are not allowed here. " + strings.Repeat("x", 5000)
	srv := scripted.Start(t, respond(func(*http.Request) string {
		return fmt.Sprintf("HTTP/1.1 403 Forbidden\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	}))
	_, resp, err := Dial(testContext(t), srv.URL, nil)
	var herr *HandshakeError
	require.ErrorAs(t, err, &herr)
	assert.ErrorIs(t, err, errNotSwitching)
	assert.Equal(t, http.StatusForbidden, herr.StatusCode)
	assert.Equal(t, "status is 101 Switching Protocols", herr.Check)
	assert.Len(t, herr.Body, maxErrorBody, "the body is kept, but bounded")
	assert.True(t, strings.HasPrefix(string(herr.Body), "you are not allowed here."))
	assert.Contains(t, err.Error(), "status 403 Forbidden")
	assert.Contains(t, err.Error(), `the server said "you are not allowed here.`)

	require.Same(t, resp, herr.Response)
	kept, err := io.ReadAll(resp.Body)
	require.NoError(t, err, "the body can be read after the connection is gone")
	assert.Equal(t, herr.Body, kept)
}

// TestHandshakeErrorNamesEachCheck: the gorilla server refuses with 403
// when asked; a bad accept from the scripted server names its check.
func TestHandshakeErrorNamesEachCheck(t *testing.T) {
	gorilla := echoserver.Start(echoserver.Options{})
	defer gorilla.Close()
	_, _, err := Dial(testContext(t), gorilla.URL+"?status=403", nil)
	var herr *HandshakeError
	require.ErrorAs(t, err, &herr)
	assert.Equal(t, http.StatusForbidden, herr.StatusCode)
	assert.Contains(t, string(herr.Body), "refused by the echo server")

	srv := scripted.Start(t, respond(func(*http.Request) string {
		return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
			"Sec-WebSocket-Accept: bm90IHRoZSByaWdodCBhbnN3ZXI=\r\n\r\n"
	}))
	_, _, err = Dial(testContext(t), srv.URL, nil)
	require.ErrorAs(t, err, &herr)
	assert.Equal(t, "Sec-WebSocket-Accept matches the key", herr.Check)
	assert.Equal(t, http.StatusSwitchingProtocols, herr.StatusCode)
	assert.ErrorIs(t, err, errBadAccept)
}

func TestCloseErrorNormal(t *testing.T) {
	for code, normal := range map[int]bool{1000: true, 1001: true, 1002: false, 1006: false, 1011: false, 4000: false} {
		assert.Equal(t, normal, (&CloseError{Code: code}).Normal(), "code %d", code)
	}
}

func TestProtocolErrorWrapsItsKind(t *testing.T) {
	err := fmt.Errorf("reading: %w", &ProtocolError{Code: 1007, Reason: "invalid UTF-8 in a text message", Err: ErrInvalidUTF8})
	assert.ErrorIs(t, err, ErrInvalidUTF8)
	assert.NotErrorIs(t, err, ErrMessageTooBig)
	var perr *ProtocolError
	require.ErrorAs(t, err, &perr)
	assert.Equal(t, 1007, perr.Code)
	assert.EqualError(t, perr, "websocket: failed the connection with 1007: invalid UTF-8 in a text message")
}

func TestValidCloseCodes(t *testing.T) {
	valid := []int{1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999}
	invalid := []int{0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}
	for _, code := range valid {
		assert.True(t, validCloseCode(code), "%d", code)
	}
	for _, code := range invalid {
		assert.False(t, validCloseCode(code), "%d", code)
	}
}

// failedWith runs a script that sends wire and expects the client to
// fail the connection with code; the script times out, rather than
// hangs, if the client does not. It returns the client's error.
func failedWith(t *testing.T, code uint16, send func(c *scripted.Conn) error, setup func(*Conn)) error {
	t.Helper()
	handshake := func(c *scripted.Conn) error { _, err := c.Handshake(); return err }
	return failedAfter(t, handshake, send, code, setup, nil)
}

// failedAfter is failedWith after the server's own handshake. The client
// reads with read, or ReadMessage if it is nil, after setup.
func failedAfter(t *testing.T, handshake, send func(c *scripted.Conn) error, code uint16, setup func(*Conn), read func(*Conn) error) error {
	t.Helper()
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if err := handshake(c); err != nil {
			return err
		}
		if err := send(c); err != nil {
			return err
		}
		c.SetReadDeadline(time.Now().Add(testTimeout))
		got, _, before, err := c.ExpectClose()
		if err != nil {
			return err
		}
		if got != code || len(before) > 0 {
			return fmt.Errorf("got close %d after %d frames, want close %d alone", got, len(before), code)
		}
		return nil
	})
	conn, _, err := Dial(testContext(t), srv.URL, nil)
	require.NoError(t, err)
	defer conn.CloseNow()
	if setup != nil {
		setup(conn)
	}
	if read != nil {
		return read(conn)
	}
	_, _, err = conn.ReadMessage(testContext(t))
	return err
}

// TestLimitCheckedBeforeThePayload: the server announces a message over
// the limit and sends none of it; the client fails at the header.
func TestLimitCheckedBeforeThePayload(t *testing.T) {
	err := failedWith(t, 1009, func(c *scripted.Conn) error {
		_, err := c.Write([]byte{0x82, 0x7F, 0, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF}) // 2 GiB, then silence
		return err
	}, nil)
	assert.ErrorIs(t, err, ErrMessageTooBig)
}

// TestLimitCountsTheWholeMessage: fragments under the limit add up to a
// message over it.
func TestLimitCountsTheWholeMessage(t *testing.T) {
	err := failedWith(t, 1009, func(c *scripted.Conn) error {
		first := scripted.Frame{Opcode: scripted.OpText, Payload: []byte(strings.Repeat("a", 600))}
		second := scripted.Frame{Fin: true, Opcode: scripted.OpContinuation, Payload: []byte(strings.Repeat("b", 600))}
		_, err := c.Write(append(first.Bytes(), second.Bytes()...))
		return err
	}, func(conn *Conn) { conn.SetReadLimit(1000) })
	var perr *ProtocolError
	require.ErrorAs(t, err, &perr)
	assert.Equal(t, "message over the 1000-byte limit", perr.Reason)
}

// TestInvalidUTF8FailsFast: the invalid bytes come first, in part of a
// frame; the rest never comes. The client must fail without it.
func TestInvalidUTF8FailsFast(t *testing.T) {
	err := failedWith(t, 1007, func(c *scripted.Conn) error {
		frame := scripted.Text("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xf4\x90\x80\x80edited")
		_, err := c.Write(frame[:2+13]) // the header and κόσμε plus F4 90 80 80: not the rest
		return err
	}, nil)
	assert.ErrorIs(t, err, ErrInvalidUTF8)
}

// TestTextEndingInsideACharacter: a message may not end mid-code point,
// even if each fragment looked fine so far.
func TestTextEndingInsideACharacter(t *testing.T) {
	err := failedWith(t, 1007, func(c *scripted.Conn) error {
		_, err := c.Write(scripted.Text("caf\xc3"))
		return err
	}, nil)
	var perr *ProtocolError
	require.ErrorAs(t, err, &perr)
	assert.Equal(t, "a text message that ends inside a character", perr.Reason)
}

// TestErrClosedAfterClose: a closed connection says so.
func TestErrClosedAfterClose(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn, _, err := Dial(testContext(t), srv.URL, nil)
	require.NoError(t, err)
	require.NoError(t, conn.Close(CloseNormalClosure, ""))
	err = conn.WriteMessage(testContext(t), TextMessage, []byte("late"))
	assert.True(t, errors.Is(err, ErrClosed))
	assert.EqualError(t, err, "websocket: use of a closed connection (closed with status 1000)")
	var ce *CloseError
	require.ErrorAs(t, err, &ce, "the cause is kept")
	assert.Equal(t, CloseNormalClosure, ce.Code)

	conn.CloseNow()
	assert.ErrorIs(t, conn.WriteMessage(testContext(t), TextMessage, nil), ErrClosed)
}

// TestWriteRefusesInvalidUTF8: a text message we send must be UTF-8 too
// (§5.6). It is refused before anything goes out, and the connection
// carries on.
func TestWriteRefusesInvalidUTF8(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn, _, err := Dial(testContext(t), srv.URL, nil)
	require.NoError(t, err)
	defer conn.CloseNow()

	ctx := testContext(t)
	err = conn.WriteMessage(ctx, TextMessage, []byte("caf\xc3"))
	assert.ErrorIs(t, err, ErrInvalidUTF8)
	assert.EqualError(t, err, "websocket: cannot send a text message that is not UTF-8: websocket: invalid UTF-8")
	require.NoError(t, conn.WriteMessage(ctx, BinaryMessage, []byte("caf\xc3")), "binary is anything")
	require.NoError(t, conn.WriteMessage(ctx, TextMessage, []byte("café")))
	for _, want := range []string{"caf\xc3", "café"} {
		_, got, err := conn.ReadMessage(ctx)
		require.NoError(t, err)
		assert.Equal(t, want, string(got))
	}
}

// TestCloseRefusesWhatItMayNotSend: our close frame follows the rules we
// hold the server's to. A bad one is refused and nothing is sent.
func TestCloseRefusesWhatItMayNotSend(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn, _, err := Dial(testContext(t), srv.URL, nil)
	require.NoError(t, err)
	defer conn.CloseNow()
	tests := []struct {
		code   int
		reason string
		want   string
	}{
		{CloseNoStatusReceived, "", "close code 1005 may not be sent"},
		{999, "", "close code 999 may not be sent"},
		{CloseNormalClosure, strings.Repeat("r", 124), "a close reason of 124 bytes is over the 123 that fit"},
		{CloseNormalClosure, "\xff", "the close reason is not UTF-8"},
	}
	for _, tt := range tests {
		assert.ErrorContains(t, conn.Close(tt.code, tt.reason), tt.want)
	}
	require.NoError(t, conn.Close(4000, strings.Repeat("r", 123)), "the connection was untouched")
	assert.Equal(t, echoserver.CloseEvent{Code: 4000, Reason: strings.Repeat("r", 123)}, srv.NextClose(t))
}

// TestWriterCannotEndInsideACharacter: a text message whose last Write
// left a character unfinished cannot be ended validly, so Close says so
// and the connection is closed.
func TestWriterCannotEndInsideACharacter(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn, _, err := Dial(testContext(t), srv.URL, nil)
	require.NoError(t, err)
	defer conn.CloseNow()
	ctx := testContext(t)
	w, err := conn.Writer(ctx, TextMessage)
	require.NoError(t, err)
	_, err = w.Write([]byte("caf\xc3"))
	require.NoError(t, err, "a character may be split between two Writes")
	_, err = w.Write([]byte("\xff"))
	assert.ErrorIs(t, err, ErrInvalidUTF8, "a Write that makes the text invalid is refused whole")
	err = w.Close()
	assert.ErrorIs(t, err, ErrInvalidUTF8)
	assert.ErrorContains(t, err, "so the connection is closed")
	assert.ErrorIs(t, conn.WriteMessage(ctx, TextMessage, []byte("late")), ErrClosed)
}

// TestFramesPerMessageAreBounded: a message that never ends, in empty
// continuation frames or in pings between its fragments, fails the
// connection with 1009 once it has more than maxMessageFrames frames.
// Bytes alone would never stop it. The pings are answered until then.
func TestFramesPerMessageAreBounded(t *testing.T) {
	tests := []struct {
		name   string
		filler []byte
		answer byte // what the client sends back for each filler frame, if anything
	}{
		{"empty continuations", scripted.Frame{Opcode: scripted.OpContinuation}.Bytes(), 0},
		{"pings", scripted.Ping(nil), scripted.OpPong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := scripted.Start(t, func(c *scripted.Conn) error {
				if _, err := c.Handshake(); err != nil {
					return err
				}
				first := scripted.Frame{Opcode: scripted.OpText, Payload: []byte("never ends")}.Bytes()
				go c.Write(append(first, bytes.Repeat(tt.filler, maxMessageFrames+10)...))
				code, _, before, err := c.ExpectClose()
				if err != nil {
					return err
				}
				for _, f := range before {
					if f.Opcode != tt.answer {
						return fmt.Errorf("got opcode %d before the close, want only %d", f.Opcode, tt.answer)
					}
				}
				if code != 1009 {
					return fmt.Errorf("got close %d, want 1009", code)
				}
				return nil
			})
			conn, _, err := Dial(testContext(t), srv.URL, nil)
			require.NoError(t, err)
			defer conn.CloseNow()
			_, _, err = conn.ReadMessage(testContext(t))
			var perr *ProtocolError
			require.ErrorAs(t, err, &perr)
			assert.Equal(t, "a message of more than 131072 frames", perr.Reason)
			assert.ErrorIs(t, err, ErrMessageTooBig)
		})
	}
}

// TestFramesPerMessageCountEachMessage: many frames in all, but few per
// message, are fine: the count starts again with each message.
func TestFramesPerMessageCountEachMessage(t *testing.T) {
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		var wire []byte
		for range 3 {
			wire = append(wire, scripted.Frame{Opcode: scripted.OpBinary}.Bytes()...)
			wire = append(wire, bytes.Repeat(scripted.Frame{Opcode: scripted.OpContinuation}.Bytes(), maxMessageFrames-2)...)
			wire = append(wire, scripted.Frame{Fin: true, Opcode: scripted.OpContinuation, Payload: []byte("end")}.Bytes()...)
		}
		if _, err := c.Write(wire); err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, c.R)
		return nil
	})
	conn, _, err := Dial(testContext(t), srv.URL, nil)
	require.NoError(t, err)
	defer conn.CloseNow()
	for range 3 {
		_, msg, err := conn.ReadMessage(testContext(t))
		require.NoError(t, err)
		assert.Equal(t, "end", string(msg))
	}
}

// TestCloseReportsABrokenAnswer: the server answers our close frame with
// one that breaks the rules. The closing handshake did not complete, and
// Close says so instead of returning nil.
func TestCloseReportsABrokenAnswer(t *testing.T) {
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		if _, _, _, err := c.ExpectClose(); err != nil {
			return err
		}
		if _, err := c.Write(scripted.Close(999, "")); err != nil {
			return err
		}
		return c.ExpectEOF(testTimeout)
	})
	conn, _, err := Dial(testContext(t), srv.URL, nil)
	require.NoError(t, err)
	defer conn.CloseNow()
	err = conn.Close(CloseNormalClosure, "")
	var perr *ProtocolError
	require.ErrorAs(t, err, &perr)
	assert.Equal(t, "close code 999 is not allowed", perr.Reason)
}
