package websocket

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// FuzzReadMessage feeds arbitrary bytes from a "server" to a connection
// and reads messages until it ends. Whatever the bytes, reading must end
// with an error (never hang), never panic, and never return a message
// over the limit or text that is not UTF-8. The seeds are the frames of the RFC's examples and a
// few violations. Run:
//
//	go test ./step05-errors -run '^$' -fuzz FuzzReadMessage -fuzztime 1m
func FuzzReadMessage(f *testing.F) {
	for _, seed := range []string{
		"\x81\x05Hello", "\x01\x03Hel\x80\x02lo", "\x89\x05Hello\x81\x00",
		"\x88\x02\x03\xe8", "\x88\x01\x03", "\xc1\x00", "\x83\x00", "\x81\x02\xc3\x28",
		"\x82\x7e\x01\x00" + string(make([]byte, 256)), "\x00\x00", "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58",
		"\x89\x7e\x00\x04ping", "\x02\x01a\x80\x01b",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, wire []byte) {
		nc := &fakeConn{r: bytes.NewReader(wire)}
		conn, err := newConn(nc, bufio.NewReaderSize(nc, readBufferSize))
		require.NoError(t, err)
		conn.read.in.limit = 1 << 16
		for range len(wire) + 1 { // each message takes at least one byte
			typ, msg, err := conn.ReadMessage(context.Background())
			if err != nil {
				return
			}
			require.LessOrEqual(t, len(msg), 1<<16)
			if typ == TextMessage {
				var v utf8Validator
				require.True(t, v.write(msg) && v.complete(), "invalid UTF-8 returned: %q", msg)
			}
		}
		t.Fatal("more messages than bytes: the reader is not making progress")
	})
}

// fakeConn is a net.Conn that reads from r and throws writes away.
type fakeConn struct {
	net.Conn
	r io.Reader
}

func (f *fakeConn) Read(p []byte) (int, error)       { return f.r.Read(p) }
func (f *fakeConn) Write(p []byte) (int, error)      { return len(p), nil }
func (f *fakeConn) Close() error                     { return nil }
func (f *fakeConn) SetDeadline(time.Time) error      { return nil }
func (f *fakeConn) SetReadDeadline(time.Time) error  { return nil }
func (f *fakeConn) SetWriteDeadline(time.Time) error { return nil }
