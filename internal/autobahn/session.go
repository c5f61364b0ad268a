package autobahn

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"syscall"
	"time"

	"github.com/spec2lib/websocket/internal/scripted"
)

// maxMessage bounds the reassembled echo, as scripted.MaxFrame bounds one
// frame: the largest message of the suite is 16 MiB.
const maxMessage = 64 << 20

// session is the server's side of one connection: the bounds of its waits,
// the reassembly of the client's current message, and the write in flight.
type session struct {
	c     *scripted.Conn
	req   *http.Request
	limit time.Duration // bound of one wait for the client, and of one batch of writes
	quick time.Duration // bound of the wait for the client's TCP close at the end
	pause time.Duration // how long the server pauses for a reaction a correct client gives at once

	sentClose bool // the script has sent a close frame

	open bool   // a fragmented message from the client is in progress
	op   byte   // its opcode
	buf  []byte // its payload so far
	hint int    // the size of the message expected next, to size buf at once

	deflate    *deflateState // permessage-deflate, when the case agreed to it (families 12, 13)
	compressed bool          // the message in progress came with RSV1

	unread *event // an event put back by an optional expectation
	end    *event // the terminal event, repeated by every later read

	writing chan struct{} // closed when the write in flight is done; nil if none
}

// write is one batch of bytes the server sends, and how it cuts them into
// Write calls ("chops", in the suite's words), so that the client has to
// reassemble frames from partial reads.
type write struct {
	frames []scripted.Frame
	raw    []byte // sent when frames is nil: bytes that need not end on a frame boundary
	chop   int    // whole, perFrame, or pieces of chop bytes
}

const (
	whole    = 0  // everything in one Write
	perFrame = -1 // one Write per frame
)

func (w write) to(c *scripted.Conn) error {
	switch {
	case w.frames == nil:
		return c.WriteChopped(w.raw, w.chop)
	case w.chop == perFrame:
		for _, f := range w.frames {
			b := f.Buffers()
			if _, err := b.WriteTo(c.Conn); err != nil {
				return err
			}
		}
		return nil
	case w.chop == whole:
		var all net.Buffers
		for _, f := range w.frames {
			all = append(all, f.Buffers()...)
		}
		_, err := all.WriteTo(c.Conn)
		return err
	default:
		var b []byte
		for _, f := range w.frames {
			b = append(b, f.Bytes()...)
		}
		return c.WriteChopped(b, w.chop)
	}
}

// send writes ws in the background while the caller reads.
func (s *session) send(ws ...write) {
	s.wait()
	done := make(chan struct{})
	s.writing = done
	go func() {
		defer close(done)
		s.c.SetWriteDeadline(time.Now().Add(s.limit))
		for _, w := range ws {
			if w.to(s.c) != nil {
				return
			}
		}
	}()
}

// wait waits for the write in flight, if any.
func (s *session) wait() {
	if s.writing != nil {
		<-s.writing
		s.writing = nil
	}
}

// writeNow writes b after the write in flight, and returns when it is done.
func (s *session) writeNow(b []byte) {
	s.wait()
	s.c.SetWriteDeadline(time.Now().Add(s.limit))
	s.c.Write(b) // ignored for the same reason as in send
}

// next returns the client's next event, waiting at most the session's limit.
func (s *session) next() event { return s.nextWithin(s.limit) }

// nextWithin returns the client's next event, waiting at most d for it (for
// a whole message, however many frames it takes).
func (s *session) nextWithin(d time.Duration) event {
	if ev := s.unread; ev != nil {
		s.unread = nil
		return *ev
	}
	if s.end != nil {
		return *s.end
	}
	s.c.SetReadDeadline(time.Now().Add(d))
	for {
		if _, err := s.c.R.Peek(1); err != nil {
			ev := readError(err, d)
			if ev.kind == evTimeout {
				return ev // between frames: the stream is intact
			}
			return s.terminate(ev)
		}
		f, err := scripted.ReadFrame(s.c.R)
		if err != nil {
			return s.terminate(readError(err, d))
		}
		if ev, ok := s.frame(f); ok {
			if ev.terminal() {
				return s.terminate(ev)
			}
			return ev
		}
	}
}

func (s *session) terminate(ev event) event {
	s.end = &ev
	return ev
}

// frame checks one client frame against the framing rules of RFC 6455 §5 and
// reassembles messages.
func (s *session) frame(f scripted.Frame) (event, bool) {
	bad := func(format string, args ...any) (event, bool) {
		return event{kind: evBad, detail: fmt.Sprintf(format, args...)}, true
	}
	if !f.Masked {
		return bad("sent an unmasked %s frame (RFC 6455 §5.1: a client masks every frame)", opName(f.Opcode))
	}
	switch {
	case f.RSV != 0 && s.deflate == nil:
		return bad("sent a %s frame with RSV bits %03b set, though no extension was negotiated (RFC 6455 §5.2)", opName(f.Opcode), f.RSV)
	case f.RSV&3 != 0:
		return bad("sent a %s frame with RSV bits %03b set, which permessage-deflate does not define (RFC 6455 §5.2)", opName(f.Opcode), f.RSV)
	case f.RSV != 0 && f.Opcode != scripted.OpText && f.Opcode != scripted.OpBinary:
		return bad("sent a %s frame with RSV1 set (RFC 7692 §6: only a compressed message's first frame has it)", opName(f.Opcode))
	}
	switch f.Opcode {
	case scripted.OpPing, scripted.OpPong, scripted.OpClose:
		if !f.Fin || len(f.Payload) > 125 {
			return bad("sent a fragmented or oversized %s frame (RFC 6455 §5.5)", opName(f.Opcode))
		}
		switch f.Opcode {
		case scripted.OpPong:
			return event{kind: evPong, data: f.Payload}, true
		case scripted.OpClose:
			return event{kind: evClose, data: f.Payload}, true
		}
		return event{}, false
	case scripted.OpText, scripted.OpBinary:
		if s.open {
			return bad("began a new %s message inside a fragmented one (RFC 6455 §5.4)", opName(f.Opcode))
		}
		s.open, s.op, s.buf, s.compressed = true, f.Opcode, f.Payload, f.RSV != 0
		if !f.Fin && s.hint > len(f.Payload) { // spare the copies of append's growth
			s.buf = append(make([]byte, 0, s.hint), f.Payload...)
		}
	case scripted.OpContinuation:
		if !s.open {
			return bad("sent a continuation frame with no message to continue (RFC 6455 §5.4)")
		}
		if len(s.buf)+len(f.Payload) > maxMessage {
			return bad("sent a message of more than %d bytes", maxMessage)
		}
		s.buf = append(s.buf, f.Payload...)
	default:
		return bad("sent a frame with reserved opcode %d (RFC 6455 §5.2)", f.Opcode)
	}
	if !f.Fin {
		return event{}, false
	}
	s.open = false
	if s.compressed {
		msg, err := s.deflate.inflate(s.buf)
		if err != nil {
			return bad("sent a compressed %s message that does not inflate: %v", opName(s.op), err)
		}
		s.buf = msg
	}
	return event{kind: evMessage, op: s.op, data: s.buf}, true
}

// readError turns the error that ended a read into an event.
func readError(err error, d time.Duration) event {
	var ne net.Error
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return event{kind: evTimeout, detail: fmt.Sprintf("nothing within %v", d)}
	case errors.Is(err, io.EOF):
		return event{kind: evEOF, detail: "TCP closed"}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return event{kind: evEOF, detail: "TCP closed in the middle of a frame"}
	case errors.Is(err, syscall.ECONNRESET):
		return event{kind: evEOF, detail: "TCP reset"}
	case errors.As(err, &ne):
		return event{kind: evEOF, detail: "TCP failed: " + err.Error()}
	default: // scripted refused the frame, such as one over its size limit
		return event{kind: evBad, detail: err.Error()}
	}
}

// sendsClose reports whether ws carry a close frame.
func sendsClose(ws []write) bool {
	return slices.ContainsFunc(ws, func(w write) bool {
		return slices.ContainsFunc(w.frames, func(f scripted.Frame) bool { return f.Opcode == scripted.OpClose })
	})
}
