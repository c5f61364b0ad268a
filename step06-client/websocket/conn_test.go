package websocket

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
	"github.com/spec2lib/websocket/internal/scripted"
)

// These tests talk to the gorilla reference server.

func dialEcho(t *testing.T, url string) *Conn {
	t.Helper()
	conn, _, err := Dial(testContext(t), url, nil)
	require.NoError(t, err)
	t.Cleanup(func() { conn.CloseNow() })
	return conn
}

// TestFragmentedEchoFromGorilla: gorilla sends the echo in frames of
// 4096 bytes; ReadMessage puts the message back together.
func TestFragmentedEchoFromGorilla(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL+"?fragment=4096")
	var frames int
	conn.SetTrace(writerFunc(func(p []byte) { frames++ }))

	ctx := testContext(t)
	msg := bytes.Repeat([]byte("large message "), 75_000) // 1 050 000 bytes
	require.NoError(t, conn.WriteMessage(ctx, BinaryMessage, msg))
	typ, got, err := conn.ReadMessage(ctx)
	require.NoError(t, err)
	assert.Equal(t, BinaryMessage, typ)
	assert.Equal(t, msg, got)
	assert.Equal(t, 1+257, frames, "one frame out, 1 050 000 / 4096 frames in")
}

// writerFunc counts trace lines.
type writerFunc func(p []byte)

func (f writerFunc) Write(p []byte) (int, error) { f(p); return len(p), nil }

// TestWriterFragmentsToGorilla: each Write is a frame, and the server
// sees one message however the payload was cut.
func TestWriterFragmentsToGorilla(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
	ctx := testContext(t)
	msg := []byte(strings.Repeat("κόσμε ", 1000)) // a multibyte character split by the frame edges
	for _, size := range []int{1, 7, 1000, len(msg) - 1, len(msg), len(msg) + 1} {
		w, err := conn.Writer(ctx, TextMessage)
		require.NoError(t, err)
		for chunk := range slices.Chunk(msg, size) {
			n, err := w.Write(chunk)
			require.NoError(t, err)
			assert.Equal(t, len(chunk), n)
		}
		require.NoError(t, w.Close())
		typ, got, err := conn.ReadMessage(ctx)
		require.NoError(t, err, "frame size %d", size)
		assert.Equal(t, TextMessage, typ)
		assert.Equal(t, msg, got, "frame size %d", size)
	}
}

// TestWriterAfterClose: a message writer is done after Close.
func TestWriterAfterClose(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
	w, err := conn.Writer(testContext(t), BinaryMessage)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	_, err = w.Write([]byte("late"))
	assert.EqualError(t, err, "websocket: write to a message that was closed")
	assert.EqualError(t, w.Close(), "websocket: write to a message that was closed")
	_, got, err := conn.ReadMessage(testContext(t))
	require.NoError(t, err)
	assert.Empty(t, got, "an empty message went out")
}

// TestWriterLeftUnfinished: a message whose first frame is out, and
// whose next frame cannot go because its context ended, closes the
// connection, so that no other message can follow the half that went
// out (§5.4): the server sees the first frame and then the end of TCP,
// never a frame of another message.
func TestWriterLeftUnfinished(t *testing.T) {
	seen := make(chan []scripted.Frame, 1)
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		var frames []scripted.Frame
		defer func() { seen <- frames }()
		for {
			f, err := c.ReadClientFrame()
			if err != nil {
				return nil // the client closed TCP
			}
			frames = append(frames, f)
		}
	})
	conn := dialEcho(t, srv.URL)
	ctx, cancel := context.WithCancel(testContext(t))
	w, err := conn.Writer(ctx, BinaryMessage)
	require.NoError(t, err)
	_, err = w.Write([]byte("first half"))
	require.NoError(t, err)

	cancel()
	_, err = w.Write([]byte("second half"))
	assert.EqualError(t, err, "websocket: a message was left unfinished, so the connection is closed: context canceled")
	assert.ErrorIs(t, w.Close(), context.Canceled, "its context has ended")
	err = conn.WriteMessage(testContext(t), BinaryMessage, []byte("another message"))
	assert.EqualError(t, err, "websocket: use of a closed connection (a message was left unfinished, so the connection is closed: context canceled)")

	var frames []scripted.Frame
	select {
	case frames = <-seen:
	case <-time.After(testTimeout):
		t.Fatal("the server never saw the connection end")
	}
	require.Len(t, frames, 1, "only the first half went out")
	assert.False(t, frames[0].Fin)
	assert.Equal(t, "first half", string(frames[0].Payload))
}

func TestWriteRejectsOtherTypes(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
	err := conn.WriteMessage(testContext(t), MessageType(opPing), []byte("x"))
	assert.EqualError(t, err, "websocket: cannot send a message of type 9")
	_, err = conn.Writer(testContext(t), MessageType(opClose))
	assert.EqualError(t, err, "websocket: cannot send a message of type 8")
}

// TestServerPingGetsPong: the server pings right after the handshake and
// reports the pong it gets back as a text message.
func TestServerPingGetsPong(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL+"?ping=are+you+there")
	_, got, err := conn.ReadMessage(testContext(t))
	require.NoError(t, err)
	assert.Equal(t, "pong:are you there", string(got))
}

// TestClientPingGetsPong: gorilla answers our ping; the pong handler sees it.
func TestClientPingGetsPong(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
	ctx := testContext(t)
	var pongs []string
	conn.SetPongHandler(func(p []byte) { pongs = append(pongs, string(p)) })
	require.NoError(t, conn.sendFrame(ctx, true, opPing, []byte("ping 1")))
	require.NoError(t, conn.WriteMessage(ctx, TextMessage, []byte("then a message")))
	_, got, err := conn.ReadMessage(ctx)
	require.NoError(t, err)
	assert.Equal(t, "then a message", string(got))
	assert.Equal(t, []string{"ping 1"}, pongs)
}

// TestServerInitiatedClose: the server's code and reason reach the
// caller, the server gets its code echoed, and the connection is done.
func TestServerInitiatedClose(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL+"?close=4001&reason=maintenance&after=1")
	ctx := testContext(t)
	require.NoError(t, conn.WriteMessage(ctx, TextMessage, []byte("one")))
	_, got, err := conn.ReadMessage(ctx)
	require.NoError(t, err)
	assert.Equal(t, "one", string(got))

	_, _, err = conn.ReadMessage(ctx)
	assert.EqualError(t, err, "websocket: closed with status 4001: maintenance")
	assert.Equal(t, echoserver.CloseEvent{Code: 4001}, srv.NextClose(t), "our reply echoes the code")

	_, _, again := conn.ReadMessage(ctx)
	assert.Equal(t, err, again, "the error sticks")
	assert.EqualError(t, conn.WriteMessage(ctx, TextMessage, []byte("late")),
		"websocket: use of a closed connection (closed with status 4001: maintenance)")
	assert.NoError(t, conn.Close(CloseNormalClosure, ""), "the closing handshake completed; closing again is no error")
}

// TestClientInitiatedClose: the whole handshake, seen from both sides.
func TestClientInitiatedClose(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
	var trace bytes.Buffer
	conn.SetTrace(&trace)

	require.NoError(t, conn.Close(CloseGoingAway, "see you"))
	assert.Equal(t, echoserver.CloseEvent{Code: 1001, Reason: "see you"}, srv.NextClose(t))
	assert.Contains(t, trace.String(), `-> FIN close              9  code 1001 "see you"`)
	assert.Contains(t, trace.String(), `<- FIN close              2  code 1001 ""`)

	ctx := testContext(t)
	_, _, err := conn.ReadMessage(ctx)
	assert.EqualError(t, err, "websocket: closed with status 1001", "the server's answer")
	assert.EqualError(t, conn.WriteMessage(ctx, TextMessage, []byte("late")),
		"websocket: use of a closed connection (closed with status 1001)")
}

// TestCloseWhileReading: one goroutine blocks in ReadMessage while
// another closes. The reader gets the server's answer; Close waits for
// it and succeeds.
func TestCloseWhileReading(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
	readErr := make(chan error, 1)
	reading := make(chan struct{})
	go func() {
		close(reading)
		_, _, err := conn.ReadMessage(testContext(t))
		readErr <- err
	}()
	<-reading
	require.NoError(t, conn.Close(CloseNormalClosure, "done"))
	assert.EqualError(t, <-readErr, "websocket: closed with status 1000")
}

// TestConcurrentWriters: many goroutines write at once; every message
// arrives whole (the race detector watches the locking).
func TestConcurrentWriters(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
	ctx := testContext(t)
	const writers, each = 8, 50

	var sent []string
	for w := range writers {
		for i := range each {
			sent = append(sent, fmt.Sprintf("writer %d message %d %s", w, i, strings.Repeat("x", w*300)))
		}
	}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				msg := []byte(sent[w*each+i])
				// Half the writers fragment, so frames of different
				// messages would interleave if the locking were wrong.
				if w%2 == 0 {
					assert.NoError(t, conn.WriteMessage(ctx, TextMessage, msg))
					continue
				}
				mw, err := conn.Writer(ctx, TextMessage)
				if !assert.NoError(t, err) {
					return
				}
				for chunk := range slices.Chunk(msg, 100) {
					_, err := mw.Write(chunk)
					assert.NoError(t, err)
				}
				assert.NoError(t, mw.Close())
			}
		}()
	}
	var got []string
	for range writers * each {
		_, msg, err := conn.ReadMessage(ctx)
		require.NoError(t, err)
		got = append(got, string(msg))
	}
	wg.Wait()
	sort.Strings(sent)
	sort.Strings(got)
	assert.Equal(t, sent, got)
}
