package websocket

import (
	"bytes"
	"compress/flate"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
	"github.com/spec2lib/websocket/internal/scripted"
)

// These tests run permessage-deflate (RFC 7692) against real servers:
// gorilla's, which accepts it without context takeover either way.

// wireLog is a tracer's output that tests read: the frames in and out.
type wireLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (w *wireLog) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

// lines are the lines logged so far that contain s.
func (w *wireLog) lines(s string) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for _, l := range strings.Split(w.buf.String(), "\n") {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return out
}

// compressible is n bytes of text that deflate shrinks, as JSON shrinks.
func compressible(n int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, `{"seq":%d,"symbol":"GO","price":%d.%02d,"side":"buy"},`, i, 100+i%7, i%100)
	}
	return b.Bytes()[:n]
}

// incompressible is n random bytes, which deflate cannot shrink.
func incompressible(n int) []byte {
	b := make([]byte, n)
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// dialCompressed dials with compression, a trace to log, and mode.
func dialCompressed(t *testing.T, url string, mode Compression, log io.Writer) *Conn {
	t.Helper()
	conn, _, err := Dial(testContext(t), url, &Options{Compression: mode, Trace: log})
	require.NoError(t, err)
	t.Cleanup(func() { conn.CloseNow() })
	return conn
}

// TestCompressedEchoFromGorilla: messages of every size go out and come
// back compressed, whole, text and binary; and the wire shows RSV1 on
// the first frame of each compressed message, both ways.
func TestCompressedEchoFromGorilla(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{Compression: true})
	defer srv.Close()
	log := &wireLog{}
	conn := dialCompressed(t, srv.URL, CompressionDefault, log)
	assert.Equal(t, "permessage-deflate; server_no_context_takeover; client_no_context_takeover", conn.Extensions())
	// It compresses and inflates megabytes, which takes seconds under the
	// race detector: its bound on a hang is longer than testContext's.
	ctx, cancel := context.WithTimeout(context.Background(), 6*testTimeout)
	defer cancel()
	for _, typ := range []MessageType{TextMessage, BinaryMessage} {
		for _, size := range []int{0, 1, 255, 256, 4096, 70000, 1 << 20} {
			for name, msg := range map[string][]byte{"compressible": compressible(size), "incompressible": incompressible(size)} {
				if typ == TextMessage && name == "incompressible" {
					continue
				}
				require.NoError(t, conn.WriteMessage(ctx, typ, msg), "%s %s of %d", name, typ, size)
				gotType, got, err := conn.ReadMessage(ctx)
				require.NoError(t, err, "%s %s of %d", name, typ, size)
				assert.Equal(t, typ, gotType)
				assert.True(t, bytes.Equal(msg, got), "%s %s of %d came back different", name, typ, size)
			}
		}
	}
	require.NoError(t, conn.Close(CloseNormalClosure, ""))
	assert.NotEmpty(t, log.lines("-> FIN text+rsv1"), "compressed text went out")
	assert.NotEmpty(t, log.lines("-> FIN binary+rsv1"), "compressed binary went out")
	assert.NotEmpty(t, log.lines("<- FIN text+rsv1"), "compressed text came in")
	assert.NotEmpty(t, log.lines("<-     inflated"), "and was inflated")
	for _, l := range log.lines("-> FIN text ") {
		assert.Regexp(t, `text\s+(0|1|255)\b`, l, "only messages under the threshold go out as they are")
	}
}

// The server's side of permessage-deflate, for scripted servers.

// noTakeover is the answer to our default offer that gorilla gives.
const noTakeover = "permessage-deflate; server_no_context_takeover; client_no_context_takeover"

// deflateHandshake answers the client's handshake, agreeing to ext.
func deflateHandshake(c *scripted.Conn, ext string) error {
	req, err := c.ReadRequest()
	if err != nil {
		return err
	}
	_, err = io.WriteString(c, scripted.Response101(req, "Sec-WebSocket-Extensions: "+ext))
	return err
}

// serverDeflate compresses messages as a server does (RFC 7692 §7.2.1):
// with context takeover when it is kept from one message to the next.
type serverDeflate struct {
	out bytes.Buffer
	fw  *flate.Writer
}

// message compresses p as the next message, without the flush's tail.
func (s *serverDeflate) message(p []byte) []byte {
	if s.fw == nil {
		s.fw, _ = flate.NewWriter(&s.out, flate.BestSpeed)
	}
	s.out.Reset()
	s.fw.Write(p)
	s.fw.Flush()
	return bytes.Clone(bytes.TrimSuffix(s.out.Bytes(), syncTail))
}

// compressedFrame is a frame with RSV1 set: a compressed message's first.
func compressedFrame(op byte, fin bool, p []byte) []byte {
	return scripted.Frame{Fin: fin, RSV: 4, Opcode: op, Payload: p}.Bytes()
}

// deflated compresses p alone: a message with no context before it.
func deflated(p []byte) []byte {
	var s serverDeflate
	return s.message(p)
}

// failedWithDeflate is failedWith, against a server that agrees to ext.
// The client reads with read, or ReadMessage if it is nil, after setup.
func failedWithDeflate(t *testing.T, ext string, code uint16, send func(c *scripted.Conn) error, setup func(*Conn), read func(*Conn) error) error {
	t.Helper()
	handshake := func(c *scripted.Conn) error { return deflateHandshake(c, ext) }
	return failedAfter(t, handshake, send, code, setup, read)
}

// TestRSV1RulesFailTheConnection: with permessage-deflate agreed, RSV1
// is allowed on a data message's first frame only (RFC 7692 §6), and
// RSV2 and RSV3 still fail (RFC 6455 §5.2): all with 1002.
func TestRSV1RulesFailTheConnection(t *testing.T) {
	hello := deflated([]byte("Hello"))
	for _, tt := range []struct {
		name, reason string
		wire         []byte
	}{
		{"RSV1 on a ping", "RSV1 set on a ping frame", scripted.Frame{Fin: true, RSV: 4, Opcode: scripted.OpPing}.Bytes()},
		{"RSV1 on a pong", "RSV1 set on a pong frame", scripted.Frame{Fin: true, RSV: 4, Opcode: scripted.OpPong}.Bytes()},
		{"RSV1 on a close", "RSV1 set on a close frame", scripted.Frame{Fin: true, RSV: 4, Opcode: scripted.OpClose, Payload: scripted.ClosePayload(1000, "")}.Bytes()},
		{"RSV1 on a continuation", "RSV1 set on a continuation frame",
			append(compressedFrame(scripted.OpText, false, hello[:2]), scripted.Frame{Fin: true, RSV: 4, Opcode: scripted.OpContinuation, Payload: hello[2:]}.Bytes()...)},
		{"RSV2 on a text frame", "reserved bits set without an extension", scripted.Frame{Fin: true, RSV: 2, Opcode: scripted.OpText, Payload: []byte("x")}.Bytes()},
		{"RSV1 and RSV3", "reserved bits set without an extension", scripted.Frame{Fin: true, RSV: 5, Opcode: scripted.OpText, Payload: hello}.Bytes()},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := failedWithDeflate(t, noTakeover, 1002, func(c *scripted.Conn) error {
				_, err := c.Write(tt.wire)
				return err
			}, nil, nil)
			var perr *ProtocolError
			require.ErrorAs(t, err, &perr)
			assert.Equal(t, CloseProtocolError, perr.Code)
			assert.Equal(t, tt.reason, perr.Reason)
		})
	}
}

// TestDataThatDoesNotInflate: RSV1 on a payload that is not the DEFLATE
// data RFC 7692 §7.2.1 describes fails the connection with 1007.
func TestDataThatDoesNotInflate(t *testing.T) {
	good := deflated(compressible(5000))
	for name, payload := range map[string][]byte{
		"not DEFLATE at all":               []byte("\xff\xff\xff\xff hello"),
		"a block type that does not exist": {0x07, 0x00},
		"DEFLATE cut off inside a block":   good[:len(good)/2],
		"an empty payload":                 {},
		"a reference before the start":     deflatedWithDict(compressible(1000), compressible(1000)),
	} {
		t.Run(name, func(t *testing.T) {
			err := failedWithDeflate(t, noTakeover, 1007, func(c *scripted.Conn) error {
				_, err := c.Write(compressedFrame(scripted.OpBinary, true, payload))
				return err
			}, nil, nil)
			var perr *ProtocolError
			require.ErrorAs(t, err, &perr)
			assert.Contains(t, perr.Reason, "compressed data that does not inflate")
		})
	}
}

// deflatedWithDict compresses p as a message that may refer to dict, as
// a server with context takeover does after a message that was dict.
func deflatedWithDict(dict, p []byte) []byte {
	var s serverDeflate
	s.message(dict)
	return s.message(p)
}

// bomb is a message of about 1 MiB on the wire that inflates to 1 GiB:
// the DEFLATE of 1 MiB of zeros, 1037 bytes at the best compression, a
// thousand and twenty-four times over. Each copy ends with a sync flush,
// so the copies make one valid stream.
var bomb = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	fw, _ := flate.NewWriter(&b, flate.BestCompression)
	fw.Write(make([]byte, 1<<20))
	fw.Flush()
	return bytes.TrimSuffix(bytes.Repeat(b.Bytes(), 1024), syncTail)
})

// TestDeflateBombFailsWith1009: the read limit holds the size a message
// inflates to (RFC 7692 §7.2.2). A message of 1 MiB that would inflate
// to 1 GiB fails with 1009 once it passes a limit of 4 MiB, and reading
// it whole allocates about twice the limit in all: the buffer that grows
// up to it. Memory is counted, not timed.
func TestDeflateBombFailsWith1009(t *testing.T) {
	allocated := readBomb(t, func(conn *Conn) error { _, _, err := conn.ReadMessage(testContext(t)); return err })
	assert.Less(t, allocated, uint64(3*bombLimit), "the message was never held bigger than the limit")
}

// TestDeflateBombThroughAReader: read through a Reader, the bomb fails
// the same way, and only the decompressor is allocated.
func TestDeflateBombThroughAReader(t *testing.T) {
	allocated := readBomb(t, func(conn *Conn) error {
		_, r, err := conn.Reader(testContext(t))
		if err == nil {
			_, err = io.Copy(io.Discard, r)
		}
		return err
	})
	assert.Less(t, allocated, uint64(1<<20), "a stream holds no message")
}

// bombLimit is the read limit of the bomb's tests.
const bombLimit = 4 << 20

// readBomb sends the bomb to a client that reads it with read, checks
// that it failed with 1009, and returns what reading it allocated.
func readBomb(t *testing.T, read func(*Conn) error) uint64 {
	frame := compressedFrame(scripted.OpBinary, true, bomb())
	require.Less(t, len(frame), 1<<20+1<<16, "about 1 MiB on the wire")
	var before, after runtime.MemStats
	err := failedWithDeflate(t, noTakeover, 1009, func(c *scripted.Conn) error {
		c.Write(frame) // the client hangs up once it has read enough: an error here is expected
		return nil
	}, func(conn *Conn) {
		conn.SetReadLimit(bombLimit)
		runtime.ReadMemStats(&before)
	}, read)
	runtime.ReadMemStats(&after)
	var perr *ProtocolError
	require.ErrorAs(t, err, &perr)
	assert.Equal(t, CloseMessageTooBig, perr.Code)
	assert.ErrorIs(t, err, ErrMessageTooBig)
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %d KiB while reading", allocated>>10)
	return allocated
}

// TestServerContextTakeover: RFC 7692 §7.2.3.2 sends "Hello" twice, the
// second message referring back to the first. A client keeps the
// server's window unless it agreed to server_no_context_takeover
// (§7.1.1.1); then the reference is to nothing, and fails with 1007.
func TestServerContextTakeover(t *testing.T) {
	first, second := mustHex(t, "f2 48 cd c9 c9 07 00"), mustHex(t, "f2 00 11 00 00")
	script := func(ext string) scripted.Script {
		return func(c *scripted.Conn) error {
			if err := deflateHandshake(c, ext); err != nil {
				return err
			}
			if _, err := c.Write(append(compressedFrame(scripted.OpText, true, first), compressedFrame(scripted.OpText, true, second)...)); err != nil {
				return err
			}
			_, _, _, err := c.ExpectClose()
			return err
		}
	}
	t.Run("kept", func(t *testing.T) {
		srv := scripted.Start(t, script("permessage-deflate"))
		conn := dialCompressed(t, srv.URL, CompressionDefault, nil)
		for range 2 {
			_, msg, err := conn.ReadMessage(testContext(t))
			require.NoError(t, err)
			assert.Equal(t, "Hello", string(msg))
		}
		require.NoError(t, conn.SendClose(CloseNormalClosure, ""))
	})
	t.Run("not kept", func(t *testing.T) {
		srv := scripted.Start(t, script(noTakeover))
		conn := dialCompressed(t, srv.URL, CompressionDefault, nil)
		_, msg, err := conn.ReadMessage(testContext(t))
		require.NoError(t, err)
		assert.Equal(t, "Hello", string(msg))
		_, _, err = conn.ReadMessage(testContext(t))
		var perr *ProtocolError
		require.ErrorAs(t, err, &perr)
		assert.Equal(t, CloseInvalidPayload, perr.Code)
	})
}

// TestServerWindowAcrossManyMessages: a server with context takeover
// compresses message after message against all it sent before, over
// more than 32 KiB in all, in fragments, with pings between them and
// plain messages among them, and the client inflates every one.
func TestServerWindowAcrossManyMessages(t *testing.T) {
	var msgs [][]byte
	for i := range 60 {
		msgs = append(msgs, compressible(500+i*97))
	}
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if err := deflateHandshake(c, "permessage-deflate; server_max_window_bits=15"); err != nil {
			return err
		}
		var s serverDeflate
		for i, m := range msgs {
			if i%7 == 3 { // a plain message: not in the window (§7.2.2 applies to compressed ones)
				if _, err := c.Write(scripted.Text(string(m))); err != nil {
					return err
				}
				continue
			}
			p := s.message(m)
			cut := len(p) / 3
			b := compressedFrame(scripted.OpText, false, p[:cut])
			b = append(b, scripted.Ping([]byte(fmt.Sprint(i)))...)
			b = append(b, scripted.Frame{Opcode: scripted.OpContinuation, Payload: p[cut : 2*cut]}.Bytes()...)
			b = append(b, scripted.Frame{Fin: true, Opcode: scripted.OpContinuation, Payload: p[2*cut:]}.Bytes()...)
			if err := c.WriteChopped(b, 100); err != nil {
				return err
			}
		}
		_, _, before, err := c.ExpectClose()
		if err != nil {
			return err
		}
		if len(before) != len(msgs)-9 {
			return fmt.Errorf("%d frames before the close, want the %d pongs", len(before), len(msgs)-9)
		}
		_, err = c.Write(scripted.Close(1000, ""))
		return err
	})
	conn := dialCompressed(t, srv.URL, CompressionContextTakeover, nil)
	for i, m := range msgs {
		_, got, err := conn.ReadMessage(testContext(t))
		require.NoError(t, err, "message %d", i)
		require.True(t, bytes.Equal(m, got), "message %d came back different", i)
	}
	require.NoError(t, conn.Close(CloseNormalClosure, ""))
}

// TestFinalBlockInAMessage: RFC 7692 §7.2.3.4 lets a sender end its
// DEFLATE data with a final block (BFINAL=1), followed by the empty
// block's header; the client inflates it, and reads on.
func TestFinalBlockInAMessage(t *testing.T) {
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if err := deflateHandshake(c, noTakeover); err != nil {
			return err
		}
		bfinal := mustHex(t, "f3 48 cd c9 c9 07 00 00")
		if _, err := c.Write(append(compressedFrame(scripted.OpText, true, bfinal), scripted.Text("after")...)); err != nil {
			return err
		}
		_, _, _, err := c.ExpectClose()
		return err
	})
	conn := dialCompressed(t, srv.URL, CompressionDefault, nil)
	for _, want := range []string{"Hello", "after"} {
		_, msg, err := conn.ReadMessage(testContext(t))
		require.NoError(t, err)
		assert.Equal(t, want, string(msg))
	}
	require.NoError(t, conn.SendClose(CloseNormalClosure, ""))
}

// TestCompressedWriter: Writer streams a compressed message against
// gorilla, a frame per Write, RSV1 on the first only; a message whose
// first Write is under the threshold goes plain; and AppendMessage
// appends an inflated message to what the buffer holds.
func TestCompressedWriter(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{Compression: true})
	defer srv.Close()
	log := &wireLog{}
	conn := dialCompressed(t, srv.URL, CompressionDefault, log)
	ctx := testContext(t)
	msg := compressible(300 << 10)

	w, err := conn.Writer(ctx, TextMessage)
	require.NoError(t, err)
	for part := range slices.Chunk(msg, 64<<10) {
		_, err := w.Write(part)
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	assert.Len(t, log.lines("->     text+rsv1"), 1, "RSV1 on the first frame")
	assert.Len(t, log.lines("->     continuation"), 4, "and not on the others")
	assert.Len(t, log.lines("-> FIN continuation       0"), 1, "the last is empty: the flush's tail, left off")
	_, got, err := conn.AppendMessage(ctx, []byte("prefix:"))
	require.NoError(t, err)
	assert.True(t, bytes.Equal(append([]byte("prefix:"), msg...), got), "the streamed message came back whole, appended")

	w, err = conn.Writer(ctx, BinaryMessage)
	require.NoError(t, err)
	_, err = w.Write([]byte("short")) // under the threshold: the whole message goes plain
	require.NoError(t, err)
	_, err = w.Write(msg[:5000])
	require.NoError(t, err)
	require.NoError(t, w.Close())
	_, got, err = conn.ReadMessage(ctx)
	require.NoError(t, err)
	assert.Equal(t, append([]byte("short"), msg[:5000]...), got)
	assert.Len(t, log.lines("->     binary             5  73 68 6f 72 74"), 1)
	require.NoError(t, conn.Close(CloseNormalClosure, ""))
}

// TestCompressedReader: Reader streams a compressed message, a part per
// Read, inflated as it arrives.
func TestCompressedReader(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{Compression: true})
	defer srv.Close()
	conn := dialCompressed(t, srv.URL, CompressionDefault, nil)
	ctx := testContext(t)
	msg := compressible(300 << 10)
	require.NoError(t, conn.WriteMessage(ctx, TextMessage, msg))
	typ, r, err := conn.Reader(ctx)
	require.NoError(t, err)
	assert.Equal(t, TextMessage, typ)
	var got []byte
	buf := make([]byte, 1000)
	for {
		n, err := r.Read(buf)
		got = append(got, buf[:n]...)
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
	}
	assert.True(t, bytes.Equal(msg, got), "the streamed message came back whole")
	require.NoError(t, conn.Close(CloseNormalClosure, ""))
}

// clientInflater inflates the client's messages on a scripted server's
// side, keeping their window when takeover says so. It reports the
// error of a message that refers to more than it keeps.
type clientInflater struct {
	takeover bool
	window   []byte
}

// message reads one message from the client and inflates it; it
// returns the message, and its size on the wire.
func (z *clientInflater) message(c *scripted.Conn) ([]byte, int, error) {
	var payload []byte
	var compressed bool
	for {
		f, err := c.ReadClientFrame()
		if err != nil {
			return nil, 0, err
		}
		if f.Opcode != scripted.OpContinuation {
			compressed = f.RSV == 4
		} else if f.RSV != 0 {
			return nil, 0, fmt.Errorf("RSV %03b on a continuation frame", f.RSV)
		}
		payload = append(payload, f.Payload...)
		if f.Fin {
			break
		}
	}
	if !compressed {
		return payload, len(payload), nil
	}
	var dict []byte
	if z.takeover {
		dict = z.window
	}
	msg, err := io.ReadAll(flate.NewReaderDict(bytes.NewReader(append(bytes.Clone(payload), inflateTail...)), dict))
	if err != nil {
		return nil, 0, fmt.Errorf("the client's message does not inflate alone: %w", err)
	}
	z.window = append(z.window, msg...)
	z.window = z.window[max(0, len(z.window)-maxWindow):]
	return msg, len(payload), nil
}

// TestClientContextTakeover: with takeover agreed, the client's
// messages refer back to its earlier ones, and the same message
// repeated costs a fraction of its size on the wire; without it (our
// default, or the server's client_no_context_takeover, §7.1.1.2), each
// message inflates alone.
func TestClientContextTakeover(t *testing.T) {
	msg := compressible(2000)
	for _, tt := range []struct {
		name     string
		mode     Compression
		answer   string
		takeover bool
	}{
		{"takeover", CompressionContextTakeover, "permessage-deflate", true},
		{"the server says no", CompressionContextTakeover, "permessage-deflate; client_no_context_takeover", false},
		{"the default", CompressionDefault, noTakeover, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sizes := make(chan int, 3)
			srv := scripted.Start(t, func(c *scripted.Conn) error {
				defer close(sizes) // a script that fails ends the test's wait; cleanup reports why
				if err := deflateHandshake(c, tt.answer); err != nil {
					return err
				}
				z := clientInflater{takeover: tt.takeover}
				for range 3 {
					got, wire, err := z.message(c)
					if err != nil {
						return err
					}
					if !bytes.Equal(got, msg) {
						return fmt.Errorf("the message inflated to %d other bytes", len(got))
					}
					sizes <- wire
				}
				_, _, _, err := c.ExpectClose()
				return err
			})
			conn := dialCompressed(t, srv.URL, tt.mode, nil)
			for range 3 {
				require.NoError(t, conn.WriteMessage(testContext(t), TextMessage, msg))
			}
			require.NoError(t, conn.SendClose(CloseNormalClosure, ""))
			first, ok1 := <-sizes
			second, ok2 := <-sizes
			require.True(t, ok1 && ok2, "the server stopped before it had inflated two messages")
			assert.Less(t, first, len(msg)/2, "compressed")
			if tt.takeover {
				assert.Less(t, second, first/4, "the second refers back to the first")
			} else {
				assert.Equal(t, first, second, "each message on its own")
			}
		})
	}
}

// TestOfferAndNoAnswer: Dial offers permessage-deflate by default (RFC
// 7692 §5: the extension's name in Sec-WebSocket-Extensions); a server
// that does not agree gets every message plain, however long (§6: a
// PMCE that was not agreed is not used).
func TestOfferAndNoAnswer(t *testing.T) {
	offers := make(chan string, 1)
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		req, err := c.Handshake()
		if err != nil {
			return err
		}
		offers <- req.Header.Get("Sec-WebSocket-Extensions")
		f, err := c.ReadClientFrame()
		if err != nil {
			return err
		}
		if f.RSV != 0 {
			return fmt.Errorf("RSV %03b without an agreement", f.RSV)
		}
		_, _, _, err = c.ExpectClose()
		return err
	})
	conn := dialCompressed(t, srv.URL, CompressionDefault, nil)
	assert.Equal(t, noTakeover, <-offers)
	assert.Empty(t, conn.Extensions())
	require.NoError(t, conn.WriteMessage(testContext(t), TextMessage, compressible(10000)))
	require.NoError(t, conn.SendClose(CloseNormalClosure, ""))
}
