package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"strings"
)

// demoAbout says what the demo shows, for the usage message.
const demoAbout = "Sends three WebSocket frames, one for each way of writing the payload length,\n" +
	"and takes each apart byte by byte as RFC 6455 §5.2 lays it out, with its echo."

// demo sends a text frame of each length form (7-bit, 16-bit, 64-bit)
// and reads each echo, and prints every frame as it crossed the wire.
func demo(ctx context.Context, out io.Writer, url string) error {
	t, err := parseURL(url)
	if err != nil {
		return err
	}
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", t.addr)
	if err != nil {
		return err
	}
	rec := &recordingConn{Conn: nc}
	conn, _, err := handshake(ctx, rec, t, nil)
	if err != nil {
		nc.Close()
		return err
	}
	defer conn.CloseNow()
	fmt.Fprintf(out, "handshake with %s done\n", t.addr)

	for _, size := range []int{17, 200, 70000} {
		payload := []byte(strings.Repeat("Hello, WebSocket!", size/17+1)[:size])
		rec.sent.Reset()
		rec.received.Reset()
		if err := conn.writeFrame(true, opText, payload); err != nil {
			return err
		}
		_, echoed, err := conn.readFrame()
		if err != nil {
			return err
		}
		explainFrame(out, "client to server", rec.sent.Bytes())
		explainFrame(out, "server to client", rec.received.Bytes())
		if !bytes.Equal(echoed, payload) {
			return fmt.Errorf("the echo differs from what we sent")
		}
	}
	fmt.Fprintln(out, "\nthe server echoed each payload exactly, and unmasked: only a client masks (§5.1).")
	return nil
}

// explainFrame prints one frame's bytes, a field per line: the first
// byte, the second, the extended length and the masking key if there
// are any, and the start of the payload.
func explainFrame(out io.Writer, dir string, wire []byte) {
	h, err := readHeader(bufio.NewReader(bytes.NewReader(wire)))
	if err != nil {
		fmt.Fprintf(out, "\n%s: not a frame: %v\n", dir, err)
		return
	}
	fmt.Fprintf(out, "\n%s: a %s frame, %d bytes of payload, %d bytes on the wire\n", dir, h.opcode, h.length, len(wire))
	field := func(b []byte, what string, args ...any) {
		fmt.Fprintf(out, "  %-24s %s\n", fmt.Sprintf("% x", b), fmt.Sprintf(what, args...))
	}
	field(wire[:1], "FIN %d, RSV %d%d%d, opcode 0x%X (%s)", bit(h.fin), bit(h.rsv1), bit(h.rsv2), bit(h.rsv3), byte(h.opcode), h.opcode)
	len7 := wire[1] & 0x7F
	switch len7 {
	case length16:
		field(wire[1:2], "MASK %d, payload length %d: a 16-bit length follows", bit(h.masked), len7)
		field(wire[2:4], "extended payload length: %d", h.length)
	case length64:
		field(wire[1:2], "MASK %d, payload length %d: a 64-bit length follows", bit(h.masked), len7)
		field(wire[2:10], "extended payload length: %d", h.length)
	default:
		field(wire[1:2], "MASK %d, payload length %d", bit(h.masked), len7)
	}
	start := len(appendHeader(nil, h))
	if h.masked {
		field(wire[start-4:start], "masking key")
	}
	payload := wire[start:]
	shown := payload[:min(len(payload), 8)]
	switch {
	case h.masked:
		field(shown, "payload, masked: %d bytes", len(payload))
	default:
		field(shown, "payload: %q, %d bytes", shown, len(payload))
	}
}

// bit is 1 for true and 0 for false, as a frame header writes a flag.
func bit(b bool) int {
	if b {
		return 1
	}
	return 0
}

// recordingConn keeps a copy of every byte sent and received, so that a
// demo can print what crossed the wire exactly as it did.
type recordingConn struct {
	net.Conn
	sent, received bytes.Buffer
}

func (r *recordingConn) Write(p []byte) (int, error) {
	r.sent.Write(p)
	return r.Conn.Write(p)
}

func (r *recordingConn) Read(p []byte) (int, error) {
	n, err := r.Conn.Read(p)
	r.received.Write(p[:n])
	return n, err
}
