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
	fin := "   "
	if h.fin {
		fin = "FIN"
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	line := fmt.Sprintf("%s %s %-12s %7d  %s", dir, fin, h.opcode, h.length, preview(h.opcode, payload))
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
