package websocket

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
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

// These tests cover what step06 adds: the library's API.

func TestDialWSS(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{TLS: true})
	defer srv.Close()
	require.True(t, strings.HasPrefix(srv.URL, "wss://"))

	conn, _, err := Dial(testContext(t), srv.URL, &Options{TLSConfig: srv.ClientTLSConfig()})
	require.NoError(t, err)
	defer conn.CloseNow()
	require.NoError(t, conn.WriteMessage(t.Context(), TextMessage, []byte("over TLS")))
	_, got, err := conn.ReadMessage(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "over TLS", string(got))
	assert.NoError(t, conn.Close(CloseNormalClosure, ""))
}

// TestDialWSSVerifies: verification is on by default; an untrusted
// certificate fails the dial.
func TestDialWSSVerifies(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{TLS: true})
	defer srv.Close()
	_, _, err := Dial(testContext(t), srv.URL, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "websocket: TLS with ")
	var unknown x509UnknownAuthority
	assert.ErrorAs(t, err, &unknown)
}

// TestTLSSendsServerName: the URL's host goes out as SNI.
func TestTLSSendsServerName(t *testing.T) {
	names := make(chan string, 1)
	srv := echoserver.Start(echoserver.Options{TLS: true})
	defer srv.Close()
	cfg := srv.ClientTLSConfig()
	cfg.InsecureSkipVerify = true // the certificate is not for "localhost"; we look at SNI only
	cfg.VerifyConnection = func(cs tls.ConnectionState) error {
		names <- cs.ServerName
		return nil
	}
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1 : len(srv.URL)-1]
	conn, _, err := Dial(testContext(t), "wss://localhost:"+port+"/", &Options{TLSConfig: cfg})
	require.NoError(t, err)
	conn.CloseNow()
	assert.Equal(t, "localhost", <-names)
}

func TestSubprotocolNegotiated(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{Subprotocols: []string{"chat"}})
	defer srv.Close()
	conn, resp, err := Dial(testContext(t), srv.URL, &Options{Subprotocols: []string{"superchat", "chat"}})
	require.NoError(t, err)
	defer conn.CloseNow()
	assert.Equal(t, "chat", conn.Subprotocol())
	assert.Equal(t, "chat", resp.Header.Get("Sec-WebSocket-Protocol"))
}

func TestOptionsHeaders(t *testing.T) {
	requests := make(chan *http.Request, 1)
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		req, err := c.Handshake()
		requests <- req
		return err
	})
	opts := &Options{
		Header:       http.Header{"Authorization": {"Bearer abc"}},
		Origin:       "https://example.com",
		Subprotocols: []string{"v2.feed", "v1.feed"},
	}
	conn, _, err := Dial(testContext(t), srv.URL, opts)
	require.NoError(t, err)
	defer conn.CloseNow()
	req := <-requests
	assert.Equal(t, "Bearer abc", req.Header.Get("Authorization"))
	assert.Equal(t, "https://example.com", req.Header.Get("Origin"))
	assert.Equal(t, "v2.feed, v1.feed", req.Header.Get("Sec-WebSocket-Protocol"))
	assert.Empty(t, conn.Subprotocol())
	assert.Nil(t, opts.Header["Origin"], "the caller's header map is not changed")
}

func TestRefusedHandshake(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn, resp, err := Dial(testContext(t), srv.URL+"?status=403", nil)
	assert.Nil(t, conn)
	var herr *HandshakeError
	require.ErrorAs(t, err, &herr)
	assert.Equal(t, http.StatusForbidden, herr.StatusCode)
	require.NotNil(t, resp)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.Contains(t, err.Error(), "status 403 Forbidden")
}

// TestHandshakeTimeout: a server that accepts TCP and never answers is
// given up on after HandshakeTimeout, even with a context that never
// ends.
func TestHandshakeTimeout(t *testing.T) {
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		_, _ = io.Copy(io.Discard, c.R)
		return nil
	})
	_, _, err := Dial(context.Background(), srv.URL, &Options{HandshakeTimeout: 100 * time.Millisecond})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

// TestReadDeadlineBetweenMessages: a context that ends while no message
// has begun leaves the connection as it was.
func TestReadDeadlineBetweenMessages(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)

	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, _, err := conn.ReadMessage(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded)

	require.NoError(t, conn.WriteMessage(t.Context(), TextMessage, []byte("still here")))
	_, got, err := conn.ReadMessage(t.Context())
	require.NoError(t, err, "the connection survived the deadline")
	assert.Equal(t, "still here", string(got))
}

// TestReadDeadlineMidMessage: a context that ends after part of a
// message arrived cannot leave the stream in a usable state, so the
// connection is closed, and says why.
func TestReadDeadlineMidMessage(t *testing.T) {
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		first := scripted.Frame{Opcode: scripted.OpText, Payload: []byte("the first half ")}
		if _, err := c.Write(first.Bytes()); err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, c.R) // the second half never comes
		return nil
	})
	conn, _, err := Dial(testContext(t), srv.URL, nil)
	require.NoError(t, err)
	defer conn.CloseNow()
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, _, err = conn.ReadMessage(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "in the middle of a message, so the connection is closed")
	_, _, again := conn.ReadMessage(t.Context())
	assert.Equal(t, err, again)
}

// TestReaderStreamsALargeMessage reads a 4 MiB message, sent in frames
// of 64 KiB, through Reader without holding it whole.
func TestReaderStreamsALargeMessage(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL+"?fragment=65536")
	msg := bytes.Repeat([]byte("0123456789abcdef"), 4<<20/16)
	require.NoError(t, conn.WriteMessage(t.Context(), BinaryMessage, msg))

	typ, r, err := conn.Reader(t.Context())
	require.NoError(t, err)
	assert.Equal(t, BinaryMessage, typ)
	h := sha256.New()
	n, err := io.CopyBuffer(h, r, make([]byte, 8192))
	require.NoError(t, err)
	assert.Equal(t, int64(len(msg)), n)
	assert.Equal(t, sha256.Sum256(msg), [32]byte(h.Sum(nil)))
}

// TestReaderLeftUnfinished: asking for the next message skips the rest
// of the last one, and the old reader refuses to go on.
func TestReaderLeftUnfinished(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL+"?fragment=10")
	require.NoError(t, conn.WriteMessage(t.Context(), TextMessage, []byte(strings.Repeat("first ", 20))))
	require.NoError(t, conn.WriteMessage(t.Context(), TextMessage, []byte("second")))

	_, r, err := conn.Reader(t.Context())
	require.NoError(t, err)
	part := make([]byte, 5)
	_, err = io.ReadFull(r, part)
	require.NoError(t, err)
	assert.Equal(t, "first", string(part))

	_, got, err := conn.ReadMessage(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "second", string(got))
	_, err = r.Read(part)
	assert.ErrorContains(t, err, "reader of an earlier message")
}

func TestWriterStreamsFrames(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
	var trace bytes.Buffer
	conn.SetTrace(&trace)
	w, err := conn.Writer(t.Context(), TextMessage)
	require.NoError(t, err)
	for _, part := range []string{"streamed ", "in ", "three"} {
		_, err := io.WriteString(w, part)
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	assert.ErrorIs(t, w.Close(), errWriterClosed)
	_, got, err := conn.ReadMessage(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "streamed in three", string(got))
	assert.Equal(t, 4, strings.Count(trace.String(), "->"), "three frames and an empty final one")
}

// TestPing: Ping returns when the matching pong arrives through the
// reading goroutine.
func TestPing(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
	readDone := make(chan error, 1)
	go func() {
		_, _, err := conn.ReadMessage(t.Context())
		readDone <- err
	}()
	for range 3 {
		require.NoError(t, conn.Ping(testContext(t)))
	}
	require.NoError(t, conn.Close(CloseNormalClosure, ""))
	var ce *CloseError
	assert.ErrorAs(t, <-readDone, &ce)
}

// TestPingAfterTheEnd: a Ping on a connection that has ended says so.
func TestPingAfterTheEnd(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
	conn.CloseNow()
	assert.ErrorIs(t, conn.Ping(testContext(t)), ErrClosed)
}

// framesServer completes the handshake and then reads everything and
// answers nothing, not even pings; it hands each frame it reads to
// frames, while frames has room.
func framesServer(t *testing.T, frames chan<- scripted.Frame) *scripted.Server {
	return scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		for {
			f, err := c.ReadClientFrame()
			if err != nil {
				return nil
			}
			select {
			case frames <- f:
			default: // the test has all it reads; a client that sends on must not block the server
			}
		}
	})
}

// nextFrame returns the next frame the server read, or fails the test if
// none comes.
func nextFrame(t *testing.T, frames <-chan scripted.Frame) scripted.Frame {
	t.Helper()
	select {
	case f := <-frames:
		return f
	case <-time.After(testTimeout):
		t.Fatal("the server read no more frames")
		return scripted.Frame{}
	}
}

func TestPingWithoutPong(t *testing.T) {
	srv := framesServer(t, nil)
	conn, _, err := Dial(testContext(t), srv.URL, nil)
	require.NoError(t, err)
	defer conn.CloseNow()
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	err = conn.Ping(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.ErrorContains(t, err, "no pong")
}

// TestHeartbeatDetectsSilentServer: the server stops answering pings;
// the reader learns why the connection died, and the server is told
// with a close frame.
func TestHeartbeatDetectsSilentServer(t *testing.T) {
	frames := make(chan scripted.Frame, 16)
	srv := framesServer(t, frames)
	opts := &Options{PingInterval: 20 * time.Millisecond, PongTimeout: 50 * time.Millisecond}
	conn, _, err := Dial(testContext(t), srv.URL, opts)
	require.NoError(t, err)
	defer conn.CloseNow()

	_, _, err = conn.ReadMessage(testContext(t))
	require.ErrorIs(t, err, ErrNoPong)
	assert.EqualError(t, err, "websocket: the server stopped answering pings: no pong within 50ms")

	assert.Equal(t, scripted.OpPing, nextFrame(t, frames).Opcode)
	last := nextFrame(t, frames)
	assert.Equal(t, scripted.OpClose, last.Opcode)
	assert.Equal(t, uint16(CloseGoingAway), scripted.CloseCode(last.Payload))
}

// dialVanishedServer dials, with a fast heartbeat, a server that
// completes the handshake and then reads and answers nothing, as if it
// had vanished without a word: a writer soon blocks on a full TCP buffer.
func dialVanishedServer(t *testing.T) *Conn {
	t.Helper()
	gone := make(chan struct{})
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		<-gone
		return nil
	})
	t.Cleanup(func() { close(gone) }) // runs before the server's own cleanup
	opts := &Options{PingInterval: 20 * time.Millisecond, PongTimeout: 100 * time.Millisecond, CloseTimeout: 100 * time.Millisecond}
	conn, _, err := Dial(testContext(t), srv.URL, opts)
	require.NoError(t, err)
	t.Cleanup(func() { conn.CloseNow() })
	return conn
}

// TestHeartbeatWhileWritesAreStuck: the server has vanished without a
// word and no longer reads, so a writer blocks on a full TCP buffer. The
// heartbeat's ping, stuck behind it, must still fail the connection, and
// wake both the reader and the writer.
func TestHeartbeatWhileWritesAreStuck(t *testing.T) {
	conn := dialVanishedServer(t)

	writerDone := make(chan error, 1)
	go func() {
		big := make([]byte, 1<<20)
		for {
			if err := conn.WriteMessage(context.Background(), BinaryMessage, big); err != nil {
				writerDone <- err
				return
			}
		}
	}()
	_, _, err := conn.ReadMessage(testContext(t))
	assert.ErrorIs(t, err, ErrNoPong, "the reader learns the true reason")
	select {
	case err := <-writerDone:
		assert.ErrorIs(t, err, ErrNoPong, "and so does the writer")
	case <-time.After(testTimeout):
		t.Error("the blocked writer was not woken")
		conn.CloseNow()
		<-writerDone
	}
}

// TestHeartbeatKeepsHealthyConnection: with gorilla answering, pings
// come and go while the reader waits, and nothing fails.
func TestHeartbeatKeepsHealthyConnection(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	var pongs int
	// A pong may be slow on a loaded machine; this test is about pings
	// going on while the reader waits, not about how fast pongs come.
	opts := &Options{PingInterval: 10 * time.Millisecond, PongTimeout: testTimeout}
	conn, _, err := Dial(testContext(t), srv.URL, opts)
	require.NoError(t, err)
	defer conn.CloseNow()
	conn.SetPongHandler(func([]byte) { pongs++ })
	for pongs < 3 {
		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
		_, _, err := conn.ReadMessage(ctx)
		cancel()
		require.ErrorIs(t, err, context.DeadlineExceeded, "only the deadline ends these reads")
	}
	require.NoError(t, conn.WriteMessage(t.Context(), TextMessage, []byte("alive")))
	_, got, err := conn.ReadMessage(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "alive", string(got))
}

// x509UnknownAuthority names the error crypto/tls reports for a
// certificate from a CA nobody trusts.
type x509UnknownAuthority = interface{ Error() string }

// TestHeartbeatWhileNobodyReads: the program stops reading for longer
// than the pong timeout (it is busy, or its terminal is slow), while the
// server answers every ping. The pongs wait unread; that is no sign of
// the server, so the heartbeat does not fail the connection.
func TestHeartbeatWhileNobodyReads(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	// The heartbeat's own pings are the clock here, not a sleep: the
	// trace says when each goes out.
	pings := make(chan struct{}, 64)
	trace := writerFunc(func(p []byte) {
		if bytes.HasPrefix(p, []byte("-> FIN ping")) {
			select {
			case pings <- struct{}{}:
			default:
			}
		}
	})
	opts := &Options{PingInterval: 5 * time.Millisecond, PongTimeout: 10 * time.Millisecond, Trace: trace}
	conn, _, err := Dial(testContext(t), srv.URL, opts)
	require.NoError(t, err)
	defer conn.CloseNow()

	ctx := testContext(t)
	require.NoError(t, conn.WriteMessage(ctx, TextMessage, []byte("after a pause")))
	for range 5 { // five pings, and so at least four pong timeouts, while nobody reads
		select {
		case <-pings:
		case <-conn.done:
			t.Fatal("the heartbeat ended the connection while nobody read")
		}
	}
	_, got, err := conn.ReadMessage(ctx)
	require.NoError(t, err, "the connection survived the pause")
	assert.Equal(t, "after a pause", string(got))
}

// TestHeartbeatWhileWritesAreStuckAndNobodyReads: as above, but nobody
// reads. A ping that cannot even go out is a sign of the server, whoever
// reads: the heartbeat ends the connection, and the stuck writer learns
// why.
func TestHeartbeatWhileWritesAreStuckAndNobodyReads(t *testing.T) {
	conn := dialVanishedServer(t)
	writerDone := make(chan error, 1)
	go func() {
		for {
			if err := conn.WriteMessage(context.Background(), BinaryMessage, make([]byte, 1<<20)); err != nil {
				writerDone <- err
				return
			}
		}
	}()
	select {
	case err := <-writerDone:
		assert.ErrorIs(t, err, ErrNoPong)
	case <-time.After(testTimeout):
		t.Error("the blocked writer was not woken")
		conn.CloseNow()
		<-writerDone
	}
}
