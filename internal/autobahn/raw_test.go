package autobahn

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spec2lib/websocket/internal/scripted"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawClient is a hand-driven client over raw TCP, for the behaviours that
// gorilla never shows: wrong close codes, echoes after a violation, late
// pongs, unmasked frames. It reads the server's frames with scripted's
// helpers and writes exactly the bytes a test asks for.
type rawClient struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
	resp *http.Response
}

// dialRaw connects to case n with a correct handshake request.
func dialRaw(t *testing.T, base string, n int) *rawClient {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "ws://"))
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(agentDeadline))
	fmt.Fprintf(conn, "GET /runCase?case=%d&agent=raw HTTP/1.1\r\nHost: %s\r\n"+
		"Upgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
		n, strings.TrimPrefix(base, "ws://"))
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	require.NoError(t, err)
	return &rawClient{t: t, conn: conn, r: r, resp: resp}
}

// read reads one frame from the server.
func (c *rawClient) read() scripted.Frame {
	c.t.Helper()
	f, err := scripted.ReadFrame(c.r)
	require.NoError(c.t, err)
	return f
}

// readUntil reads frames up to and including one with opcode op.
func (c *rawClient) readUntil(op byte) scripted.Frame {
	c.t.Helper()
	for {
		if f := c.read(); f.Opcode == op {
			return f
		}
	}
}

// send writes f masked, as a client must.
func (c *rawClient) send(f scripted.Frame) {
	c.t.Helper()
	f.Masked, f.Key = true, [4]byte{1, 2, 3, 4}
	c.sendAsIs(f)
}

// sendAsIs writes f exactly as it is, mask bit and all.
func (c *rawClient) sendAsIs(f scripted.Frame) {
	c.t.Helper()
	_, err := c.conn.Write(f.Bytes())
	require.NoError(c.t, err)
}

// echo sends back a message with the same type and payload.
func (c *rawClient) echo(f scripted.Frame) { c.send(frame(f.Opcode, true, f.Payload)) }

// waitEOF reads until the server closes TCP.
func (c *rawClient) waitEOF() { io.Copy(io.Discard, c.r) }

// TestGrader plays one case per test with a scripted client and checks
// the grade and the detail. Each behaviour is a rule of the grader.
func TestGrader(t *testing.T) {
	close1000 := closeCode(1000, "")
	tests := []struct {
		name   string
		id     string
		play   func(c *rawClient)
		grade  Grade
		detail string
	}{
		{"echo in other fragments is fine", "1.1.3", func(c *rawClient) {
			p := c.read().Payload
			c.send(frame(scripted.OpText, false, p[:1]))
			c.send(frame(scripted.OpContinuation, false, p[1:100]))
			c.send(frame(scripted.OpContinuation, true, p[100:]))
			c.readUntil(scripted.OpClose)
			c.send(close1000)
			c.waitEOF()
		}, OK, ""},
		{"unmasked echo", "1.1.2", func(c *rawClient) {
			f := c.read()
			c.sendAsIs(frame(f.Opcode, true, f.Payload))
			c.waitEOF()
		}, Failed, "sent an unmasked text frame (RFC 6455 §5.1: a client masks every frame)"},
		{"echo with the wrong type", "1.2.1", func(c *rawClient) {
			c.read()
			c.send(text(""))
			c.waitEOF()
		}, Failed, "expected the echo of the binary message with an empty payload, got text message with an empty payload"},
		{"echo with a wrong byte", "1.1.2", func(c *rawClient) {
			p := c.read().Payload
			p[7] = '!'
			c.send(frame(scripted.OpText, true, p))
			c.waitEOF()
		}, Failed, "the echo of the text message of 125 bytes first differs at byte 7"},
		{"no echo", "1.1.1", func(c *rawClient) { c.waitEOF() }, Failed,
			"expected the echo of the text message with an empty payload, got nothing within 300ms"},
		{"empty close in reply to 1000", "2.1", func(c *rawClient) {
			c.send(frame(scripted.OpPong, true, c.read().Payload))
			c.readUntil(scripted.OpClose)
			c.send(closeFrame(nil))
			c.waitEOF()
		}, NonStrict, "replied with close with an empty payload; expected close 1000"},
		{"invalid code in reply", "2.1", func(c *rawClient) {
			c.send(frame(scripted.OpPong, true, c.read().Payload))
			c.readUntil(scripted.OpClose)
			c.send(closeCode(1005, ""))
			c.waitEOF()
		}, Failed, "replied with an invalid close frame: code 1005 may not be sent (RFC 6455 §7.4)"},
		{"TCP closed instead of a close reply", "2.1", func(c *rawClient) {
			c.send(frame(scripted.OpPong, true, c.read().Payload))
			c.readUntil(scripted.OpClose)
		}, Failed, "no close frame in reply to the server's close; TCP closed (RFC 6455 §5.5.1)"},
		{"only the latest of 10 pings", "2.10", func(c *rawClient) {
			var last scripted.Frame
			for range 10 {
				last = c.read()
			}
			c.send(frame(scripted.OpPong, true, last.Payload))
			c.readUntil(scripted.OpClose)
			c.send(close1000)
			c.waitEOF()
		}, NonStrict, "answered 1 of the 10 pings, the latest included (RFC 6455 §5.5.3 allows it)"},
		{"wrong code on a violation", "3.1", func(c *rawClient) {
			c.read()
			c.send(close1000)
			c.waitEOF()
		}, Failed, "expected close 1002, got close 1000"},
		{"TCP closed on a violation", "3.1", func(c *rawClient) { c.read() },
			NonStrict, "no close frame; TCP closed"},
		{"echo after the violation", "3.2", func(c *rawClient) {
			c.echo(c.read())
			c.echo(c.read()) // the frame with RSV=2
			c.waitEOF()
		}, Failed, `echoed a text message "Hello, world!" after the violation`},
		{"pong after the violation", "3.2", func(c *rawClient) {
			c.echo(c.read())
			c.read() // the frame with RSV=2
			c.send(frame(scripted.OpPong, true, c.read().Payload))
			c.send(closeCode(1002, ""))
			c.waitEOF()
		}, Failed, "sent a pong with an empty payload after the violation"},
		{"no echo of the message before the violation", "3.2", func(c *rawClient) {
			c.read()
			c.send(closeCode(1002, ""))
			c.waitEOF()
		}, Failed, `expected the echo of the text message "Hello, world!", got close 1002`},
		{"pong only after the pause", "5.19", func(c *rawClient) {
			var pings, data []scripted.Frame
			for len(data) < 5 { // blocks through the server's pause
				if f := c.read(); f.Opcode == scripted.OpPing {
					pings = append(pings, f)
				} else {
					data = append(data, f)
				}
			}
			for _, p := range pings {
				c.send(frame(scripted.OpPong, true, p.Payload))
			}
			c.send(text("fragment1fragment2fragment3fragment4fragment5"))
			c.readUntil(scripted.OpClose)
			c.send(close1000)
			c.waitEOF()
		}, NonStrict, "answered the first ping only after the server had sent the rest of the message"},
		{"fail fast", "6.4.1", func(c *rawClient) {
			c.read()
			c.read() // F4 90 80 80: fail now, before the pause ends
			c.send(closeCode(1007, ""))
			c.readUntil(scripted.OpClose)
			c.waitEOF()
		}, OK, ""},
		{"pong after the server's close", "7.1.3", func(c *rawClient) {
			c.read()
			c.send(close1000)
			c.send(frame(scripted.OpPong, true, c.read().Payload))
			c.waitEOF()
		}, Failed, "sent a pong frame after its close frame"},
		{"echo of the code", "7.7.3", func(c *rawClient) {
			c.send(closeFrame(c.read().Payload))
			c.waitEOF()
		}, OK, ""},
		{"another valid code", "7.7.3", func(c *rawClient) {
			c.read()
			c.send(closeCode(1001, ""))
			c.waitEOF()
		}, NonStrict, "replied with close 1001; expected close 1002 or close 1000"},
		{"bad handshake refused", "X.1.6", func(c *rawClient) {}, OK, ""},
		{"bad handshake accepted", "X.1.6", func(c *rawClient) {
			c.echo(c.read())
			c.waitEOF()
		}, Failed, `accepted the bad handshake, then sent a text message "Hello, world!"`},
	}
	// The default bounds, which an answer ends at once, keep the grades
	// independent of the machine's load. Only the clients that never
	// answer in time get short ones, to keep the test quick.
	short := map[string]Config{
		"no echo":                   {Timeout: 300 * time.Millisecond},
		"pong only after the pause": {Pause: 100 * time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := short[tc.name]
			cfg.Cases = Filter(Cases(), tc.id)
			srv := start(t, cfg)
			c := dialRaw(t, srv.URL, 1)
			tc.play(c)
			c.conn.Close()
			updateReports(t, srv.URL, "raw")
			r := srv.Results()[0]
			assert.Equal(t, tc.grade, r.Grade, r.Detail)
			assert.Contains(t, r.Detail, tc.detail)
		})
	}
}
