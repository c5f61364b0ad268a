package websocket

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
	"github.com/spec2lib/websocket/internal/scripted"
)

// TestLargeFramesInPieces: frames larger than maxChunk leave in pieces of
// it, and arrive whole, text and binary.
func TestLargeFramesInPieces(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
	conn.SetReadLimit(4 * maxChunk)
	// It moves 160 MiB each way, which takes seconds under the race
	// detector: its bound on a hang is longer than testContext's.
	ctx, cancel := context.WithTimeout(context.Background(), 6*testTimeout)
	defer cancel()
	for _, size := range []int{maxChunk - 1, maxChunk, maxChunk + 1, 2*maxChunk + 7} {
		for _, typ := range []MessageType{TextMessage, BinaryMessage} {
			msg := []byte(strings.Repeat("κόσμε 0123", size/14+1)[:size])
			if typ == TextMessage {
				msg = []byte(strings.ToValidUTF8(string(msg[:size-1]), "")) // no character cut at the end
			}
			require.NoError(t, conn.WriteMessage(ctx, typ, msg), "%s of %d", typ, size)
			gotType, got, err := conn.ReadMessage(ctx)
			require.NoError(t, err)
			assert.Equal(t, typ, gotType)
			assert.True(t, bytes.Equal(msg, got), "%s of %d came back whole", typ, len(msg))
		}
	}
}

// TestInvalidTextIsRefusedWhole: text that is not UTF-8 is refused
// before a byte goes out, whether it is checked on the way (small) or
// first (over maxChunk), and the connection goes on.
func TestInvalidTextIsRefusedWhole(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
	ctx := testContext(t)
	for _, size := range []int{10, 5000, 2 * maxChunk} {
		bad := append(bytes.Repeat([]byte("a"), size), 0xC3, '(')
		err := conn.WriteMessage(ctx, TextMessage, bad)
		assert.ErrorIs(t, err, ErrInvalidUTF8, fmt.Sprint(size))
	}
	require.NoError(t, conn.WriteMessage(ctx, TextMessage, []byte("still fine: ünïcode")))
	_, got, err := conn.ReadMessage(ctx)
	require.NoError(t, err)
	assert.Equal(t, "still fine: ünïcode", string(got), "nothing of the refused messages went out")
}

// TestAppendMessageReusesTheBuffer: the same buffer serves message after
// message, and a message kept in a buffer of its own stays as it was.
func TestAppendMessageReusesTheBuffer(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
	ctx := testContext(t)
	for _, m := range []string{"first", "second", "third"} {
		require.NoError(t, conn.WriteMessage(ctx, TextMessage, []byte(m)))
	}
	buf := make([]byte, 0, 64)
	_, first, err := conn.AppendMessage(ctx, nil) // kept: a buffer of its own
	require.NoError(t, err)
	_, msg, err := conn.AppendMessage(ctx, buf[:0])
	require.NoError(t, err)
	assert.Equal(t, "second", string(msg))
	assert.Same(t, &buf[:1][0], &msg[0], "read into the caller's buffer")
	_, msg, err = conn.AppendMessage(ctx, msg[:0])
	require.NoError(t, err)
	assert.Equal(t, "third", string(msg))
	assert.Equal(t, "first", string(first), "a kept message is never overwritten")

	prefix := []byte("echo: ")
	require.NoError(t, conn.WriteMessage(ctx, TextMessage, []byte("appended")))
	_, msg, err = conn.AppendMessage(ctx, prefix)
	require.NoError(t, err)
	assert.Equal(t, "echo: appended", string(msg), "appended, like append")
}

// TestIdleConnectionGivesBuffersBack: between messages, a connection
// keeps only its small read buffer.
func TestIdleConnectionGivesBuffersBack(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
	ctx := testContext(t)
	require.NoError(t, conn.WriteMessage(ctx, BinaryMessage, make([]byte, 100<<10)))
	_, _, err := conn.ReadMessage(ctx)
	require.NoError(t, err)
	assert.Same(t, conn.read.idle, conn.read.br, "the busy read buffer went back")
	assert.Equal(t, readBufferSize, conn.read.br.Size())
}

// TestWaitingReaderHoldsTheSmallBuffer: a reader that waits between
// messages on an empty buffer waits with the small reader, unless bytes
// were flowing: the last such wait filled its reader to the brim.
func TestWaitingReaderHoldsTheSmallBuffer(t *testing.T) {
	for _, tt := range []struct {
		name        string
		busy        bool // the reader holds a busy buffer before the wait
		flowing     bool
		arrive      int // bytes that arrive at once
		wantSmall   bool
		wantFlowing bool
	}{
		{"a busy buffer goes back for the wait", true, false, 100, true, false},
		{"the small one stays for the wait", false, false, 100, true, false},
		{"bytes flowing take a busy one", false, true, 100, false, false},
		{"a busy one filled to the brim keeps flowing", true, true, busyReadBufferSize + 1, false, true},
		{"a small one filled to the brim starts flowing", false, false, readBufferSize + 1, true, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			client, server := net.Pipe()
			defer client.Close()
			defer server.Close()
			idle := bufio.NewReaderSize(client, readBufferSize)
			r := &readSide{br: idle, idle: idle, flowing: tt.flowing}
			if tt.busy {
				r.borrowBuffer(client)
			}
			go server.Write(make([]byte, tt.arrive)) // one write: it arrives at once, as far as a read takes it
			require.NoError(t, r.waitForFrame(client))
			assert.Equal(t, tt.wantSmall, r.br == r.idle, "waited with the small reader")
			assert.Equal(t, tt.wantFlowing, r.flowing, "flowing")
		})
	}
}

// TestFrameBufferClasses: each frame borrows the smallest class that
// holds it, and the largest class is maxChunk.
func TestFrameBufferClasses(t *testing.T) {
	for _, tt := range []struct{ n, size int }{
		{0, 4 << 10}, {16, 4 << 10}, {4 << 10, 4 << 10}, {4<<10 + 1, 8 << 10},
		{1 << 20, 1 << 20}, {8<<20 - 1, 8 << 20}, {maxChunk, maxChunk},
	} {
		buf, class := frameBuffer(tt.n)
		assert.Equal(t, maxHeaderSize+tt.size, cap(*buf), "payload of %d", tt.n)
		returnFrameBuffer(buf, class)
	}
	assert.Equal(t, maxChunk, minFrameBuffer<<(frameBufferSizes-1))
}

// TestSteadyStateAllocatesNothing pins what the benchmarks report with
// -benchmem: once a connection is warm, reading into a reused buffer
// with AppendMessage and sending with WriteMessage allocate nothing per
// message, at 16 B and at 4 KiB, with a context that cannot end and with
// one that can, kept for the connection's life as applications keep
// theirs (its watch is made once, conn.go). testing.AllocsPerRun counts the
// allocations of every goroutine, so the server is raw TCP that
// allocates nothing per message either: it sends one frame over and
// over, and discards what the client sends.
func TestSteadyStateAllocatesNothing(t *testing.T) {
	cancellable, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, tc := range []struct {
		name    string
		ctx     context.Context
		size    int
		deflate bool // permessage-deflate agreed: messages under the threshold stay plain, and free
	}{
		{"16/background", context.Background(), 16, false},
		{"4096/background", context.Background(), 4096, false},
		{"16/cancellable", cancellable, 16, false},
		{"4096/cancellable", cancellable, 4096, false},
		{"16/cancellable/deflate agreed", cancellable, 16, true},
	} {
		size, ctx := tc.size, tc.ctx
		t.Run(tc.name, func(t *testing.T) {
			frame := scripted.Binary(make([]byte, size))
			srv := scripted.Start(t, func(c *scripted.Conn) error {
				if !tc.deflate {
					if _, err := c.Handshake(); err != nil {
						return err
					}
				} else if err := deflateHandshake(c, noTakeover); err != nil {
					return err
				}
				go io.Copy(io.Discard, c.R) // what the client sends; ends with the connection
				for {
					if _, err := c.Write(frame); err != nil {
						return nil // the client has gone: the test is over
					}
				}
			})
			conn := dialEcho(t, srv.URL)
			require.Equal(t, tc.deflate, conn.write.deflate != nil)
			buf := make([]byte, 0, size)
			payload := make([]byte, size)
			var err error
			roundTrip := func() {
				if err != nil {
					return
				}
				if _, buf, err = conn.AppendMessage(ctx, buf[:0]); err == nil {
					err = conn.WriteMessage(ctx, BinaryMessage, payload)
				}
			}
			for range 100 {
				roundTrip() // warm up: the pools hold their buffers
			}
			allocs := testing.AllocsPerRun(1000, roundTrip)
			require.NoError(t, err)
			assert.Equal(t, size, len(buf))
			assert.Zero(t, allocs, "allocations per message read and sent")
		})
	}
}
