package main

import (
	"bufio"
	"io"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeChunks plays a server that sends its reply in the given pieces,
// flushing after each so every piece leaves as a separate write.
func writeChunks(chunks []string) func(net.Conn) {
	return func(conn net.Conn) {
		w := bufio.NewWriter(conn)
		for _, chunk := range chunks {
			if _, err := w.WriteString(chunk); err != nil {
				return
			}
			if err := w.Flush(); err != nil {
				return
			}
		}
	}
}

// byteByByte splits s into one-byte pieces.
func byteByByte(s string) []string {
	return strings.Split(s, "")
}

func TestReceiveReassemblesLines(t *testing.T) {
	tests := []struct {
		name   string
		chunks []string
		want   []string
	}{
		{"one byte per write", byteByByte("Hello World!\n"), []string{"Hello World!"}},
		{"line split across writes", []string{"Hel", "lo\nWor", "ld\n"}, []string{"Hello", "World"}},
		{"two lines in one write", []string{"one\ntwo\n"}, []string{"one", "two"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := dial(t, scriptedServer(t, writeChunks(tt.chunks)))
			for _, want := range tt.want {
				got, err := c.Receive()
				require.NoError(t, err)
				assert.Equal(t, want, got)
			}
			assert.NoError(t, c.WaitForClose(), "nothing may be left over")
		})
	}
}

func TestReceiveExactlyReassemblesBytes(t *testing.T) {
	c := dial(t, scriptedServer(t, writeChunks(byteByByte("Hello World!\n"))))

	got, err := c.ReceiveExactly(5)
	require.NoError(t, err)
	assert.Equal(t, "Hello", string(got))

	// The rest is still there, whether or not it was already buffered.
	rest, err := c.Receive()
	require.NoError(t, err)
	assert.Equal(t, " World!", rest)
}

func TestReceiveErrorsWhenServerStopsEarly(t *testing.T) {
	tests := []struct {
		name    string
		receive func(c *Client) error
	}{
		{"line", func(c *Client) error { _, err := c.Receive(); return err }},
		{"exact length", func(c *Client) error { _, err := c.ReceiveExactly(64); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := dial(t, scriptedServer(t, writeChunks([]string{"Hello Wo"})))
			assert.ErrorIs(t, tt.receive(c), io.ErrUnexpectedEOF)
		})
	}
}

// A single Read returns what has arrived so far, not a whole message.
func TestReadReturnsWhatHasArrived(t *testing.T) {
	addr := scriptedServer(t, func(conn net.Conn) {
		if _, err := conn.Write([]byte("Hello")); err != nil {
			return
		}
		// Send the rest only when the client asks, so its first Read
		// cannot possibly see it.
		if _, err := conn.Read(make([]byte, 1)); err != nil {
			return
		}
		_, _ = conn.Write([]byte(" World!\n"))
	})
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer conn.Close()

	buf := make([]byte, 64)
	n, err := conn.Read(buf)
	require.NoError(t, err)
	assert.LessOrEqual(t, n, len("Hello"), "a Read gets at most what was sent")
	assert.Equal(t, "Hello"[:n], string(buf[:n]))

	_, err = conn.Write([]byte("+"))
	require.NoError(t, err)
	rest, err := readExactly(conn, len("Hello World!\n")-n)
	require.NoError(t, err)
	assert.Equal(t, "Hello World!\n", string(buf[:n])+string(rest))
}

// After CloseWrite the server reads EOF, yet can still answer: only our
// direction of the connection is closed.
func TestHalfClose(t *testing.T) {
	addr := scriptedServer(t, func(conn net.Conn) {
		request, err := io.ReadAll(conn) // returns only at EOF
		if err != nil {
			return
		}
		_, _ = conn.Write([]byte("got " + strings.TrimSuffix(string(request), "\n") + "\n"))
	})
	c := dial(t, addr)

	require.NoError(t, c.Send("ping"))
	require.NoError(t, c.CloseWrite())
	got, err := c.Receive()
	require.NoError(t, err)
	assert.Equal(t, "got ping", got)
	assert.NoError(t, c.WaitForClose())
}

func TestReadDeadline(t *testing.T) {
	addr := scriptedServer(t, func(conn net.Conn) {
		_, _ = io.Copy(io.Discard, conn) // never answers; returns when the client closes
	})
	c := dial(t, addr)
	c.ReadTimeout = 50 * time.Millisecond

	require.NoError(t, c.Send("anyone there?"))
	_, err := c.Receive()
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
}

func TestDialError(t *testing.T) {
	// A listener that is closed at once leaves a port nobody listens on.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())

	_, err = Dial(addr, quiet())
	assert.ErrorContains(t, err, "connect to echo server")
	var opErr *net.OpError // %w keeps the net package's error reachable
	assert.ErrorAs(t, err, &opErr)
}

func TestWaitForCloseRejectsExtraData(t *testing.T) {
	c := dial(t, scriptedServer(t, writeChunks([]string{"surprise\n"})))
	assert.ErrorContains(t, c.WaitForClose(), "9 unexpected bytes before EOF")
}

func TestReadExactlyRejectsNegativeLength(t *testing.T) {
	_, err := readExactly(strings.NewReader("abc"), -1)
	assert.ErrorContains(t, err, "negative length")
}
