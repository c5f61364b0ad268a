package websocket

import (
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"
)

// tracer prints a line for each frame in and out, for the demo and for
// debugging: the direction, FIN, the opcode, the length and a preview.
type tracer struct {
	mu  sync.Mutex // the reader and the writers print from several goroutines
	out io.Writer
}

// SetTrace makes the connection print a line for every frame to w.
// Call it before using the connection; nil turns tracing off.
func (c *Conn) SetTrace(w io.Writer) {
	if w == nil {
		c.trace = nil
		return
	}
	c.trace = &tracer{out: w}
}

// frame prints one frame. A nil tracer prints nothing, so the connection
// can call it unconditionally.
func (t *tracer) frame(dir string, h header, payload []byte) {
	if t == nil {
		return
	}
	t.line(dir, h, preview(h.opcode, payload))
}

// line prints a frame's line: the direction, FIN, the opcode, with
// "+rsv1" for the first frame of a compressed message, and the length,
// then what follows.
func (t *tracer) line(dir string, h header, what string) {
	fin := "   "
	if h.fin {
		fin = "FIN"
	}
	op := h.opcode.String()
	if h.rsv1 {
		op += "+rsv1"
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	line := fmt.Sprintf("%s %s %-12s %7d  %s", dir, fin, op, h.length, what)
	fmt.Fprintln(t.out, strings.TrimRight(line, " "))
}

// previewBytes is how much of a message the trace keeps to show it.
const previewBytes = 40

// deflated prints a frame of a compressed message that we send: its
// length on the wire, and the bytes it carries before compression.
func (t *tracer) deflated(dir string, h header, plain []byte) {
	if t == nil {
		return
	}
	op := h.opcode
	if op == opContinuation {
		op = opText // the message's type is not at hand: text if it is UTF-8, else hex
	}
	t.line(dir, h, fmt.Sprintf("deflated from %d: %s", len(plain), preview(op, plain)))
}

// compressed prints a frame of a compressed message that arrives: its
// payload means nothing until the message inflates.
func (t *tracer) compressed(dir string, h header) {
	if t == nil {
		return
	}
	t.line(dir, h, "compressed")
}

// inflated prints the end of a compressed message that arrived: the
// size it inflated to and its size on the wire, and its start.
func (t *tracer) inflated(typ MessageType, size, wire int64, start []byte) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	line := fmt.Sprintf("<-     %-12s %7d  from %d: %s", "inflated", size, wire, preview(opcode(typ), start))
	fmt.Fprintln(t.out, strings.TrimRight(line, " "))
}

// preview shows the start of a payload: text as text, a close frame as
// its code and reason, anything else as hex.
func preview(op opcode, payload []byte) string {
	const limit = 32
	switch {
	case op == opClose && len(payload) >= 2:
		return fmt.Sprintf("code %d %q", binary.BigEndian.Uint16(payload), payload[2:])
	case len(payload) == 0:
		return ""
	case utf8.Valid(payload) && op != opBinary:
		s := string(payload)
		if len(s) > limit {
			return fmt.Sprintf("%q...", strings.ToValidUTF8(s[:limit], ""))
		}
		return fmt.Sprintf("%q", s)
	default:
		if len(payload) > limit {
			return fmt.Sprintf("% x ...", payload[:limit/2])
		}
		return fmt.Sprintf("% x", payload)
	}
}
