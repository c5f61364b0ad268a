package main

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
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

	msg := bytes.Repeat([]byte("large message "), 75_000) // 1 050 000 bytes
	require.NoError(t, conn.WriteMessage(t.Context(), BinaryMessage, msg))
	typ, got, err := conn.ReadMessage(t.Context())
	require.NoError(t, err)
	assert.Equal(t, BinaryMessage, typ)
	assert.Equal(t, msg, got)
	assert.Equal(t, 1+257, frames, "one frame out, 1 050 000 / 4096 frames in")
}

// writerFunc counts trace lines.
type writerFunc func(p []byte)

func (f writerFunc) Write(p []byte) (int, error) { f(p); return len(p), nil }

// writeInFrames streams msg through a Writer, size bytes per Write, so
// each size bytes go out as a frame.
func writeInFrames(t *testing.T, conn *Conn, typ MessageType, msg []byte, size int) error {
	w, err := conn.Writer(t.Context(), typ)
	if err != nil {
		return err
	}
	for chunk := range slices.Chunk(msg, size) {
		if _, err := w.Write(chunk); err != nil {
			return err
		}
	}
	return w.Close()
}

// TestWriteFragmentedToGorilla: the server sees one message.
func TestWriteFragmentedToGorilla(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
	msg := []byte(strings.Repeat("κόσμε ", 1000)) // a multibyte character split by the frame edges
	for _, size := range []int{1, 7, 1000, len(msg) - 1, len(msg), len(msg) + 1} {
		require.NoError(t, writeInFrames(t, conn, TextMessage, msg, size))
		typ, got, err := conn.ReadMessage(t.Context())
		require.NoError(t, err, "frame size %d", size)
		assert.Equal(t, TextMessage, typ)
		assert.Equal(t, msg, got, "frame size %d", size)
	}
}

func TestWriteRejectsOtherTypes(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
	err := conn.WriteMessage(t.Context(), MessageType(opPing), []byte("x"))
	assert.ErrorContains(t, err, "cannot send a message of type 9")
}

// TestServerPingGetsPong: the server pings right after the handshake and
// reports the pong it gets back as a text message.
func TestServerPingGetsPong(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL+"?ping=are+you+there")
	_, got, err := conn.ReadMessage(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "pong:are you there", string(got))
}

// TestClientPingGetsPong: gorilla answers our ping; the pong handler sees it.
func TestClientPingGetsPong(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
	var pongs []string
	conn.SetPongHandler(func(p []byte) { pongs = append(pongs, string(p)) })
	require.NoError(t, conn.writeFrame(true, opPing, []byte("ping 1")))
	require.NoError(t, conn.WriteMessage(t.Context(), TextMessage, []byte("then a message")))
	_, got, err := conn.ReadMessage(t.Context())
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
	require.NoError(t, conn.WriteMessage(t.Context(), TextMessage, []byte("one")))
	_, got, err := conn.ReadMessage(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "one", string(got))

	_, _, err = conn.ReadMessage(t.Context())
	var ce *CloseError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 4001, ce.Code)
	assert.Equal(t, "maintenance", ce.Reason)
	assert.EqualError(t, err, "websocket: closed with status 4001: maintenance")
	assert.Equal(t, echoserver.CloseEvent{Code: 4001}, <-srv.Closes(), "our reply echoes the code")

	_, _, again := conn.ReadMessage(t.Context())
	assert.Equal(t, err, again, "the error sticks")
	assert.ErrorIs(t, conn.WriteMessage(t.Context(), TextMessage, []byte("late")), ErrClosed)
	assert.NoError(t, conn.Close(CloseNormalClosure, ""), "closing a closed connection is not an error")
}

// TestClientInitiatedClose: the whole handshake, seen from both sides.
func TestClientInitiatedClose(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
	var trace bytes.Buffer
	conn.SetTrace(&trace)

	require.NoError(t, conn.Close(CloseGoingAway, "see you"))
	assert.Equal(t, echoserver.CloseEvent{Code: 1001, Reason: "see you"}, <-srv.Closes())
	assert.Contains(t, trace.String(), `-> FIN close              9  code 1001 "see you"`)
	assert.Contains(t, trace.String(), `<- FIN close              2  code 1001 ""`)

	_, _, err := conn.ReadMessage(t.Context())
	var ce *CloseError
	require.ErrorAs(t, err, &ce, "the server's answer")
	assert.Equal(t, 1001, ce.Code)
	assert.ErrorIs(t, conn.WriteMessage(t.Context(), TextMessage, []byte("late")), ErrClosed)
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
		_, _, err := conn.ReadMessage(t.Context())
		readErr <- err
	}()
	<-reading
	require.NoError(t, conn.Close(CloseNormalClosure, "done"))
	var ce *CloseError
	require.ErrorAs(t, <-readErr, &ce)
	assert.Equal(t, CloseNormalClosure, ce.Code)
}

// TestConcurrentWriters: many goroutines write at once; every message
// arrives whole (the race detector watches the locking).
func TestConcurrentWriters(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
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
				assert.NoError(t, writeInFrames(t, conn, TextMessage, msg, 100+len(msg)*(w%2)))
			}
		}()
	}
	var got []string
	for range writers * each {
		_, msg, err := conn.ReadMessage(t.Context())
		require.NoError(t, err)
		got = append(got, string(msg))
	}
	wg.Wait()
	sent = slices.Clone(sent)
	sort.Strings(sent)
	sort.Strings(got)
	assert.Equal(t, sent, got)
}

func TestDemoConversation(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	var out bytes.Buffer
	require.NoError(t, converse(testContext(t), &out, srv.URL+"?fragment=1000"))
	for _, want := range []string{
		`-> FIN text              17  "Hello, WebSocket!"`,
		`->     text            1024`,
		`->     continuation     702`,
		`-> FIN continuation       0`,
		`<-     continuation    1000`,
		`<- FIN pong              14  "are you there?"`,
		`(pong handler: the server answered our ping "are you there?")`,
		`-> FIN close              5  code 1000 "bye"`,
		`<- FIN close              2  code 1000 ""`,
	} {
		assert.Contains(t, out.String(), want)
	}
}
