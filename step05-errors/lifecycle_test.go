package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/scripted"
)

// These tests pin down the connection's life: every wait is bounded,
// the fate is decided once, and every call reports the true reason.

// silentServer completes the handshake, then reads everything and
// answers nothing, until the client hangs up.
func silentServer(t *testing.T) *scripted.Server {
	return scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, c.R)
		return nil
	})
}

// dialShortClose dials url with a short close timeout, so that the
// tests of a server that never answers run quickly.
func dialShortClose(t *testing.T, url string) *Conn {
	t.Helper()
	conn := dialEcho(t, url)
	conn.closeTimeout = 50 * time.Millisecond
	return conn
}

// returns runs f in a goroutine and waits for it, at most testTimeout:
// a guard against a hang, far beyond any bound the test is about.
func returns[T any](t *testing.T, what string, f func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-time.After(testTimeout):
		t.Fatalf("%s did not return", what)
		panic("unreachable")
	}
}

// sendAndHangUp is the end of a script that closes: it writes wire,
// closes the server's side of TCP first, as §7.1.1 asks of a server, and
// waits for the client to close its own.
func sendAndHangUp(c *scripted.Conn, wire []byte) error {
	if _, err := c.Write(wire); err != nil {
		return err
	}
	if err := c.CloseWrite(); err != nil {
		return err
	}
	return c.ExpectEOF(testTimeout)
}

// stuckWriteServer completes the handshake of one connection, waits for
// the header of a large frame, says so on writing, and then reads
// nothing more until the test ends: a write that the client can never
// finish.
func stuckWriteServer(t *testing.T) (srv *scripted.Server, writing <-chan struct{}) {
	started := make(chan struct{})
	release := make(chan struct{})
	srv = scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		if _, err := c.R.Peek(14); err != nil { // the big frame's header: the write has begun
			return err
		}
		close(started)
		<-release
		return nil
	})
	t.Cleanup(func() { close(release) }) // runs before the server's own cleanup
	return srv, started
}

// startStuckWrite starts a 64 MiB write on a connection to
// stuckWriteServer, and returns where its result will come, once the
// server has seen the write begin.
func startStuckWrite(t *testing.T, conn *Conn, writing <-chan struct{}) <-chan error {
	stuck := make(chan error, 1)
	go func() { stuck <- conn.WriteMessage(context.Background(), BinaryMessage, make([]byte, 64<<20)) }()
	returns(t, "the start of the write", func() bool { <-writing; return true })
	return stuck
}

// TestCloseWhileAReaderPolls: one goroutine loops ReadMessage with a
// short context, another calls Close, and the server never answers.
// Close is bounded by the close timeout whatever the reader does with
// the read deadline, and both report what happened.
func TestCloseWhileAReaderPolls(t *testing.T) {
	conn := dialShortClose(t, silentServer(t).URL)
	readerDone := make(chan error, 1)
	go func() {
		for {
			ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
			_, _, err := conn.ReadMessage(ctx)
			cancel()
			if !errors.Is(err, context.DeadlineExceeded) {
				readerDone <- err
				return
			}
		}
	}()
	err := returns(t, "Close", func() error { return conn.Close(CloseNormalClosure, "") })
	assert.EqualError(t, err, "websocket: no close frame from the server: the closing handshake took longer than 50ms")
	assert.Equal(t, err, returns(t, "the reader", func() error { return <-readerDone }), "the reader says the same")
}

// TestCancelThenClose: the most common shutdown. The reader's context
// is cancelled, then Close runs against a server that never answers.
func TestCancelThenClose(t *testing.T) {
	conn := dialShortClose(t, silentServer(t).URL)
	ctx, cancel := context.WithCancel(context.Background())
	readerDone := make(chan error, 1)
	go func() {
		_, _, err := conn.ReadMessage(ctx)
		readerDone <- err
	}()
	cancel()
	assert.ErrorIs(t, <-readerDone, context.Canceled, "between messages, the connection stays open")
	err := returns(t, "Close", func() error { return conn.Close(CloseNormalClosure, "") })
	assert.ErrorContains(t, err, "no close frame from the server")
}

// TestTwoClosesAtOnce: both return within their bound, and both say the
// same about a server that never answered.
func TestTwoClosesAtOnce(t *testing.T) {
	conn := dialShortClose(t, silentServer(t).URL)
	errs := make(chan error, 2)
	for range 2 {
		go func() { errs <- conn.Close(CloseNormalClosure, "") }()
	}
	for range 2 {
		err := returns(t, "Close", func() error { return <-errs })
		assert.ErrorContains(t, err, "no close frame from the server")
	}
}

// TestWriteWaitHonoursContext: a message queued behind an unfinished
// Writer, or behind a write that a server does not take, gives up when
// its context ends, and the connection is still usable after.
func TestWriteWaitHonoursContext(t *testing.T) {
	srv := silentServer(t)
	conn := dialEcho(t, srv.URL)
	w, err := conn.Writer(testContext(t), TextMessage)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	err = returns(t, "WriteMessage", func() error { return conn.WriteMessage(ctx, TextMessage, []byte("queued")) })
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	_, err = conn.Writer(ctx, TextMessage)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	require.NoError(t, w.Close())
	assert.NoError(t, conn.WriteMessage(testContext(t), TextMessage, []byte("after")), "the connection is fine")
}

// TestWriteWaitBehindAStuckWrite: the server reads nothing, so a large
// write blocks; a second write gives up with its context.
func TestWriteWaitBehindAStuckWrite(t *testing.T) {
	srv, writing := stuckWriteServer(t)
	conn := dialEcho(t, srv.URL)
	stuck := startStuckWrite(t, conn, writing)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	err := returns(t, "WriteMessage", func() error { return conn.WriteMessage(ctx, TextMessage, []byte("next")) })
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	conn.CloseNow()
	assert.EqualError(t, <-stuck, "websocket: use of a closed connection")
}

// TestServerCloseWhileAWriteIsStuck: the server sends its close frame
// and stops reading while a large frame is on its way out. The reader
// cannot answer within the close timeout, so the connection ends; the
// stuck writer learns that the server closed, not that some deadline
// passed.
func TestServerCloseWhileAWriteIsStuck(t *testing.T) {
	release := make(chan struct{})
	sendClose := make(chan struct{})
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		<-sendClose
		if _, err := c.Write(scripted.Close(4000, "going")); err != nil {
			return err
		}
		<-release // read nothing until the test is done
		return nil
	})
	conn := dialShortClose(t, srv.URL)
	stuck := make(chan error, 1)
	go func() { stuck <- conn.WriteMessage(context.Background(), BinaryMessage, make([]byte, 64<<20)) }()
	close(sendClose)
	_, _, err := conn.ReadMessage(testContext(t))
	assert.EqualError(t, err, "websocket: closed with status 4000: going")
	assert.EqualError(t, returns(t, "the stuck write", func() error { return <-stuck }),
		"websocket: use of a closed connection (closed with status 4000: going)")
	close(release)
}

// TestCloseWhileAWriteIsStuck: Close is called while a large frame is
// stuck on its way out, and the server reads nothing. Close cannot send
// its close frame within the close timeout, so it ends the connection;
// the stuck writer learns why, and not that a deadline set by someone
// else passed (the writer's deadline is the writer's own).
func TestCloseWhileAWriteIsStuck(t *testing.T) {
	srv, writing := stuckWriteServer(t)
	conn := dialShortClose(t, srv.URL)
	stuck := startStuckWrite(t, conn, writing)

	err := returns(t, "Close", func() error { return conn.Close(CloseNormalClosure, "") })
	assert.EqualError(t, err, "websocket: sending the close frame: the closing handshake took longer than 50ms")
	assert.EqualError(t, returns(t, "the stuck write", func() error { return <-stuck }),
		"websocket: use of a closed connection (sending the close frame: the closing handshake took longer than 50ms)")
}

// TestErrorsAfterTheEnd: every call after the end says the connection
// is closed, and why, never a raw network error.
func TestErrorsAfterTheEnd(t *testing.T) {
	t.Run("after CloseNow", func(t *testing.T) {
		conn := dialEcho(t, silentServer(t).URL)
		require.NoError(t, conn.CloseNow())
		ctx := testContext(t)
		assert.EqualError(t, conn.WriteMessage(ctx, TextMessage, []byte("x")), "websocket: use of a closed connection")
		_, _, err := conn.ReadMessage(ctx)
		assert.EqualError(t, err, "websocket: use of a closed connection")
		assert.EqualError(t, conn.Close(CloseNormalClosure, ""), "websocket: use of a closed connection")
		assert.NoError(t, conn.CloseNow(), "CloseNow again is harmless")
	})
	t.Run("after an interrupted write", func(t *testing.T) {
		release := make(chan struct{})
		writing := make(chan struct{})
		srv := scripted.Start(t, func(c *scripted.Conn) error {
			if _, err := c.Handshake(); err != nil {
				return err
			}
			if _, err := c.R.Peek(14); err != nil { // the big frame has begun
				return err
			}
			close(writing)
			<-release
			return nil
		})
		defer close(release)
		conn := dialEcho(t, srv.URL)
		big := make([]byte, 64<<20)
		ctx, cancel := context.WithCancel(context.Background())
		go func() { <-writing; cancel() }()
		err := conn.WriteMessage(ctx, BinaryMessage, big)
		assert.EqualError(t, err, "websocket: write interrupted, so the connection is closed: context canceled")
		later := conn.WriteMessage(testContext(t), TextMessage, []byte("later"))
		assert.EqualError(t, later, "websocket: use of a closed connection (write interrupted, so the connection is closed: context canceled)")
		assert.ErrorIs(t, later, context.Canceled, "the cause is kept")
	})
}

// TestCloseSkipsAHugeFrame: after our close frame, the server sends a
// frame larger than the read limit, then its close. Close discards all
// of the frame, keeps its place in the stream, and finds the real close
// frame, not one made up from the frame's payload.
func TestCloseSkipsAHugeFrame(t *testing.T) {
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		if _, _, _, err := c.ExpectClose(); err != nil {
			return err
		}
		huge := scripted.Binary(bytes.Repeat([]byte{'x'}, defaultReadLimit+8<<20))
		return sendAndHangUp(c, append(huge, scripted.Close(1000, "bye")...))
	})
	conn := dialEcho(t, srv.URL)
	assert.NoError(t, conn.Close(CloseNormalClosure, ""))
	_, _, err := conn.ReadMessage(testContext(t))
	assert.EqualError(t, err, "websocket: closed with status 1000: bye", "the server's own close frame")
}

// TestCloseDropsMessagesThatCross: messages that cross our close frame
// on the wire are dropped by a Close that reads for itself, and a ping
// that crosses it still gets its pong.
func TestCloseDropsMessagesThatCross(t *testing.T) {
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		if _, err := c.Write(append(scripted.Text("crossing"), scripted.Ping([]byte("late"))...)); err != nil {
			return err
		}
		code, _, before, err := c.ExpectClose()
		if err != nil {
			return err
		}
		if code != 1000 || len(before) > 0 {
			return fmt.Errorf("got close %d after %d frames, want close 1000 alone", code, len(before))
		}
		pong, err := c.ReadClientFrame() // §5.5.2: the ping is answered, after our close
		if err != nil || pong.Opcode != scripted.OpPong || string(pong.Payload) != "late" {
			return fmt.Errorf("after the close, got %v, %v; want the pong", pong, err)
		}
		return sendAndHangUp(c, scripted.Close(1000, ""))
	})
	conn := dialEcho(t, srv.URL)
	assert.NoError(t, conn.Close(CloseNormalClosure, ""))
}

// TestConcurrentCallsAfterClose: a crowd of readers and writers that
// call in while Close runs all return, with errors that say closed.
func TestConcurrentCallsAfterClose(t *testing.T) {
	conn := dialShortClose(t, silentServer(t).URL)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := testContext(t)
			for {
				var err error
				if i%2 == 0 {
					err = conn.WriteMessage(ctx, TextMessage, []byte("x"))
				} else {
					short, cancel := context.WithTimeout(ctx, time.Millisecond)
					_, _, err = conn.ReadMessage(short)
					cancel()
					if errors.Is(err, context.DeadlineExceeded) {
						continue
					}
				}
				if err != nil {
					if i%2 == 0 {
						assert.ErrorContains(t, err, "use of a closed connection", "a write after our close frame")
					} else {
						assert.EqualError(t, err, "websocket: no close frame from the server: the closing handshake took longer than 50ms")
					}
					return
				}
			}
		}()
	}
	returns(t, "Close", func() error { return conn.Close(CloseNormalClosure, "") })
	returns(t, "the readers and writers", func() bool { wg.Wait(); return true })
}

// TestCloseWhileAFragmentedMessageArrives: a message that the server had
// begun in fragments when our close frame crossed it goes on arriving
// while Close reads. Its continuation frames are no fault; Close drops
// the message and finds the close frame.
func TestCloseWhileAFragmentedMessageArrives(t *testing.T) {
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		if _, _, _, err := c.ExpectClose(); err != nil {
			return err
		}
		var wire []byte
		wire = append(wire, scripted.Frame{Opcode: scripted.OpText, Payload: []byte("half ")}.Bytes()...)
		wire = append(wire, scripted.Frame{Opcode: scripted.OpContinuation, Payload: []byte("and ")}.Bytes()...)
		wire = append(wire, scripted.Frame{Fin: true, Opcode: scripted.OpContinuation, Payload: []byte("the end")}.Bytes()...)
		wire = append(wire, scripted.Close(1000, "")...)
		return sendAndHangUp(c, wire)
	})
	conn := dialEcho(t, srv.URL)
	assert.NoError(t, conn.Close(CloseNormalClosure, ""))
}

// TestCloseAnsweredWhenTheReaderGivesUp: the reader's context ends just
// as the server's close frame arrives. §5.5.1 says a close frame MUST be
// sent back all the same, and it is: only the close timeout bounds it.
func TestCloseAnsweredWhenTheReaderGivesUp(t *testing.T) {
	replies := make(chan uint16, 1)
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		if _, err := c.Write(scripted.Close(4000, "bye")); err != nil {
			return err
		}
		c.SetReadDeadline(time.Now().Add(testTimeout))
		code, _, _, err := c.ExpectClose()
		replies <- code
		return err
	})
	conn := dialEcho(t, srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The trace line of the server's close frame is printed when the
	// frame is read, before it is answered: the reader's context ends
	// right there.
	conn.SetTrace(writerFunc(func(p []byte) {
		if bytes.Contains(p, []byte("<- FIN close")) {
			cancel()
		}
	}))
	_, _, err := conn.ReadMessage(ctx)
	assert.ErrorContains(t, err, "closed with status 4000: bye")
	assert.Equal(t, uint16(4000), <-replies, "the close frame went back")
}

// TestLockWaitEndsWithTheConnection: a write queued behind a message
// that is never finished waits for the lock; when the connection ends,
// it stops waiting, even with a context that never ends.
func TestLockWaitEndsWithTheConnection(t *testing.T) {
	conn := dialEcho(t, silentServer(t).URL)
	_, err := conn.Writer(testContext(t), TextMessage) // never closed
	require.NoError(t, err)
	queued := make(chan error, 1)
	go func() { queued <- conn.WriteMessage(context.Background(), TextMessage, []byte("queued")) }()
	conn.CloseNow()
	assert.EqualError(t, returns(t, "the queued write", func() error { return <-queued }), "websocket: use of a closed connection")
}
