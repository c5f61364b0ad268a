package main

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/scripted"
)

// TestReceivePrintsSafelyOnATerminal: what the session prints, from a
// real connection, for each mode. On a terminal (as cli.go decides with
// isTerminal), control characters and bytes that are not UTF-8 are shown
// as escapes, and each message ends with a newline even with -binary, so
// that the prompt is not left after it. Elsewhere the bytes are exact:
// a newline added in text mode, nothing at all with -binary.
func TestReceivePrintsSafelyOnATerminal(t *testing.T) {
	const text = "red: \x1b[31mhello\x1b[0m\tbell\a"
	const raw = "\x00\xffraw\r\n"
	const world = "é 世界"
	tests := []struct {
		binary, terminal bool
		want             string
	}{
		{false, true, `red: \x1b[31mhello\x1b[0m` + "\tbell" + `\a` + "\n" + `\x00\xffraw\r\n` + "\n" + world + "\n"},
		{true, true, `red: \x1b[31mhello\x1b[0m` + "\tbell" + `\a` + "\n" + `\x00\xffraw\r\n` + "\n" + world + "\n"},
		{false, false, text + "\n" + raw + "\n" + world + "\n"},
		{true, false, text + raw + world},
	}
	for _, tt := range tests {
		srv := scripted.Start(t, func(c *scripted.Conn) error {
			if _, err := c.Handshake(); err != nil {
				return err
			}
			var wire []byte
			wire = append(wire, scripted.Text(text)...)
			wire = append(wire, scripted.Binary([]byte(raw))...)
			wire = append(wire, scripted.Text(world)...)
			wire = append(wire, scripted.Close(1000, "")...)
			if _, err := c.Write(wire); err != nil {
				return err
			}
			if _, _, _, err := c.ExpectClose(); err != nil {
				return err
			}
			if err := c.CloseWrite(); err != nil {
				return err
			}
			return c.ExpectEOF(testTimeout)
		})
		conn := dialEcho(t, srv.URL)
		var out bytes.Buffer
		err := receive(conn, &out, tt.binary, tt.terminal)
		assert.EqualError(t, err, "websocket: closed with status 1000", "binary %v, terminal %v", tt.binary, tt.terminal)
		assert.Equal(t, tt.want, out.String(), "binary %v, terminal %v", tt.binary, tt.terminal)
		if tt.terminal {
			assert.NotContains(t, out.String(), "\x1b", "nothing for the terminal to obey")
		}
	}
}

// queueState is what a printQueue held at some moment.
type queueState struct{ msgs, bytes int }

// waitSpy stands in for the Locker of a printQueue's cond. It locks and
// unlocks the queue's own mutex, so the queue works as before; and since
// the queue's code locks q.mu directly, the cond's Wait is the only
// caller of its Unlock: each call is a goroutine starting to wait, and
// the spy reports what the queue held then.
type waitSpy struct {
	q     *printQueue
	waits chan queueState
}

func (s *waitSpy) Lock() { s.q.mu.Lock() }

func (s *waitSpy) Unlock() {
	s.waits <- queueState{len(s.q.msgs), s.q.bytes} // buffered far beyond what the test needs: never blocks
	s.q.mu.Unlock()
}

// stuckWriter is a terminal that hangs: each Write reports its bytes,
// then waits until the test lets it return.
type stuckWriter struct {
	writing chan []byte
	release chan struct{}
}

func (w *stuckWriter) Write(p []byte) (int, error) {
	w.writing <- bytes.Clone(p)
	<-w.release
	return len(p), nil
}

// TestPrintQueueBackpressure: while the printer is stuck, the reader may
// queue up to maxQueued bytes (4 MiB) and then waits; each message the
// printer takes lets one more in, and every message is printed, in
// order. The test sees the waits themselves (waitSpy), not the time.
func TestPrintQueueBackpressure(t *testing.T) {
	q := newPrintQueue(maxQueued)
	waits := make(chan queueState, 1024)
	q.cond = sync.NewCond(&waitSpy{q, waits})
	w := &stuckWriter{writing: make(chan []byte, 16), release: make(chan struct{})}
	printed := make(chan error, 1)
	go func() { printed <- q.print(w, true, false) }()

	msg := func(i int) []byte { return bytes.Repeat([]byte{byte('a' + i)}, 1<<20) }
	require.NoError(t, q.put(msg(0)))
	first := returns(t, "the first Write", func() []byte { return <-w.writing })
	require.True(t, bytes.Equal(msg(0), first))
	for len(waits) > 0 { // the printer's waits for its first message: it is in Write now
		<-waits
	}

	const count = 7 // messages 1 to 6 after the first
	putDone := make(chan int, count)
	allPut := make(chan struct{})
	go func() {
		defer close(allPut)
		for i := 1; i < count; i++ {
			if q.put(msg(i)) != nil {
				return
			}
			putDone <- i
		}
	}()
	full := queueState{msgs: 4, bytes: 4 << 20}
	select {
	case s := <-waits:
		assert.Equal(t, full, s, "the reader waits once the queue holds its bound")
	case <-allPut:
		t.Fatal("every put returned while the printer was stuck: nothing held the reader back")
	case <-time.After(testTimeout):
		t.Fatal("the reader neither waited nor finished")
	}
	require.Len(t, putDone, 4, "messages 1 to 4 went in, message 5 waits")

	w.release <- struct{}{} // message 0 is printed; the printer takes message 1
	for want := 1; want <= 4; want++ {
		assert.Equal(t, want, <-putDone)
	}
	assert.Equal(t, 5, returns(t, "put 5, once the printer took a message", func() int { return <-putDone }))
	s := returns(t, "the reader's next wait", func() queueState { return <-waits })
	assert.Equal(t, full, s, "message 6 waits in turn")

	close(w.release) // the terminal is back
	returns(t, "the rest of the puts", func() bool { <-allPut; return true })
	assert.Equal(t, 6, <-putDone)
	q.close()
	assert.NoError(t, returns(t, "the printer", func() error { return <-printed }))
	for i := 1; i < count; i++ {
		assert.True(t, bytes.Equal(msg(i), <-w.writing), "message %d printed, in order", i)
	}
}
