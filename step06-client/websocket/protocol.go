package websocket

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// This file holds the protocol's decisions, apart from all I/O: the
// sequence of frames from the server, what a control frame calls for,
// whether a frame may go out, and which state the connection is in.
// The Conn moves the bytes and asks; the tests ask without sockets.

// connState is where a connection is in its life (RFC 6455 §4, §7).
type connState uint8

const (
	stateOpen    connState = iota // messages flow both ways
	stateClosing                  // a close frame has gone one way, or the connection is failing
	stateClosed                   // TCP is closed; fate says why
)

func (s connState) String() string {
	switch s {
	case stateOpen:
		return "open"
	case stateClosing:
		return "closing"
	}
	return "closed"
}

// protocol is the state that every goroutine of a connection consults:
// Conn.stateMu guards it, and nobody holds that lock across I/O.
type protocol struct {
	state     connState
	closeSent bool  // our close frame has gone out: only a pong may follow it (§5.5.1, §5.5.2)
	closeRcvd bool  // the server's close frame has arrived
	peerCode  int   // its status code: 1005 when it had none (§7.1.5)
	fate      error // why the connection ended, or is ending; nil until that is decided

	pings   map[string]chan struct{} // the pongs that Ping waits for, by payload
	pingSeq uint64                   // the last ping's payload, as a number
}

// onSend decides whether a frame with opcode op may go out now: after
// our close frame only a pong (§5.5.1, §5.5.2), and only a close frame once
// the fate is decided. A close frame going out moves the connection to closing.
func (p *protocol) onSend(op opcode) error {
	switch {
	case p.state == stateClosed, p.closeSent && op != opPong:
		return useOfClosed(p.fate)
	case op != opClose && p.fate != nil:
		return useOfClosed(p.fate)
	}
	if op == opClose {
		p.closeSent = true
		p.state = stateClosing
	}
	return nil
}

// onCloseReceived takes in the server's close frame, with its code and
// reason: the server has decided the connection's fate.
func (p *protocol) onCloseReceived(code int, reason string) {
	p.closeRcvd = true
	p.peerCode = code
	if p.fate == nil {
		p.fate = newCloseError(code, reason)
	}
	if p.state == stateOpen {
		p.state = stateClosing
	}
}

// A reply is a control frame that the protocol asks the connection to
// send back: a pong, or a close frame. The zero reply sends nothing.
type reply struct {
	op      opcode // opPong or opClose
	payload []byte
}

// onControl takes in a control frame from the server and says what it
// calls for (§5.5): the frame to send back, if any, and whether it was
// the server's close.
func (p *protocol) onControl(op opcode, payload []byte) (r reply, closed bool) {
	switch op {
	case opPing:
		if p.fate == nil { // §5.5.2: unless the server's close came first
			return reply{op: opPong, payload: payload}, false
		}
	case opPong:
		p.pongArrived(payload)
	case opClose:
		p.onCloseReceived(parseClosePayload(payload))
		if payload, answer := p.closeReply(); answer {
			return reply{op: opClose, payload: payload}, true
		}
		return reply{}, true
	}
	return reply{}, false
}

// closeReply is the close frame that answers the server's, and whether
// to send one at all: §5.5.1 asks for a close frame back, echoing the
// server's code (none, if it sent none), unless ours went first.
func (p *protocol) closeReply() (payload []byte, answer bool) {
	switch {
	case p.closeSent:
		return nil, false
	case p.peerCode == CloseNoStatusReceived:
		return nil, true
	}
	return closePayload(p.peerCode, ""), true
}

// onEnd records why the connection ended, unless a reason came first,
// and reports whether TCP is still to be closed: true exactly once.
func (p *protocol) onEnd(reason error) (closeTCP bool) {
	if p.fate == nil {
		p.fate = reason
	}
	if p.state == stateClosed {
		return false
	}
	p.state = stateClosed
	return true
}

// onFail decides the connection's fate when the server broke the
// protocol: from now on only our close frame may go out (§7.1.7).
func (p *protocol) onFail(err error) {
	if p.fate == nil {
		p.fate = err
	}
	if p.state == stateOpen {
		p.state = stateClosing
	}
}

// cleanClose reports whether the closing handshake completed: close
// frames went both ways.
func (p *protocol) cleanClose() bool { return p.closeSent && p.closeRcvd }

// A violation is a rule of RFC 6455 that the server broke, with the
// close code that says so (§7.4.1).
type violation struct {
	code   int
	reason string // fits in a close frame: at most 123 bytes
	cause  error  // ErrInvalidUTF8, ErrMessageTooBig, or nil
}

func (v *violation) Error() string { return "websocket: the server broke the protocol: " + v.reason }

// inbound is the sequence of frames from the server as the read side
// sees it (§5.4): whether a frame may come now, the message's size, and
// when it ends. The holder of the read side owns it; it does no I/O.
type inbound struct {
	active    bool // a message has begun and not ended
	typ       MessageType
	fin       bool  // the current frame is the message's last
	remaining int64 // payload bytes of the current frame not taken in yet
	size      int64 // the message's size so far, held to limit: inflated, if it is compressed
	limit     int64
	frames    int // frames since the message began, held to maxMessageFrames
	text      utf8Validator
	seq       uint64 // counts messages, so that a stale Reader can tell

	deflate    bool  // permessage-deflate was agreed: RSV1 may mark a message compressed (RFC 7692 §6)
	compressed bool  // the message under way is compressed
	wire       int64 // a compressed message's size on the wire so far, held to deflateBound(limit)
}

// accept takes in the header of the next frame, or says which rule it
// breaks. A data frame begins a message or continues it; a control
// frame leaves the message as it is.
func (in *inbound) accept(h header) *violation {
	compressed := h.rsv1 && in.deflate
	if compressed {
		if v := checkRSV1(h); v != nil {
			return v
		}
		h.rsv1 = false // permessage-deflate's bit, where it may be: RFC 6455 for the rest
	}
	if v := checkFrame(h, in.active); v != nil {
		return v
	}
	if in.active {
		in.frames++
		if v := checkFrameCount(in.frames); v != nil {
			return v
		}
	}
	if h.opcode.isControl() {
		return nil
	}
	if !in.active {
		in.active, in.typ, in.size = true, MessageType(h.opcode), 0
		in.frames, in.text = 1, utf8Validator{}
		in.compressed, in.wire = compressed, 0
		in.seq++
	}
	if in.compressed { // its size is known as it inflates (inflated)
		if v := checkSize(in.wire, h.length, deflateBound(in.limit)); v != nil {
			return v
		}
		in.wire += h.length
	} else {
		if v := checkSize(in.size, h.length, in.limit); v != nil {
			return v
		}
		in.size += h.length
	}
	in.remaining, in.fin = h.length, h.fin
	return nil
}

// payload takes in p, the next bytes of the current frame's payload.
// Text is checked as it arrives (§8.1), so invalid UTF-8 fails the
// connection at once, not at the end of the message (Autobahn 6.4).
func (in *inbound) payload(p []byte) *violation {
	if in.typ == TextMessage && !in.text.write(p) {
		return &violation{code: CloseInvalidPayload, reason: "invalid UTF-8 in a text message", cause: ErrInvalidUTF8}
	}
	in.remaining -= int64(len(p))
	return nil
}

// consumed takes in n bytes of the current frame's payload that are
// compressed: the inflater has read them.
func (in *inbound) consumed(n int) { in.remaining -= int64(n) }

// inflated takes in p, the next bytes of a compressed message as they
// inflate (RFC 7692 §7.2.2). The limit holds what the message inflates
// to, not its size on the wire: DEFLATE turns 1 KiB into as much as
// 1 MiB, so a server could otherwise send a small message that fills
// our memory. Text is checked as it inflates.
func (in *inbound) inflated(p []byte) *violation {
	if v := checkSize(in.size, int64(len(p)), in.limit); v != nil {
		return v
	}
	in.size += int64(len(p))
	if in.typ == TextMessage && !in.text.write(p) {
		return &violation{code: CloseInvalidPayload, reason: "invalid UTF-8 in a text message", cause: ErrInvalidUTF8}
	}
	return nil
}

// room is how many more bytes a compressed message may inflate to before
// it is over the limit, plus the one that tells it is.
func (in *inbound) room() int64 { return min(in.limit-in.size, math.MaxInt64-1) + 1 }

// growth is how much room to add for a message read whole: the rest of
// its frame; or, for a compressed message, whose size is known only as it
// inflates, four times its size on the wire so far, or as much again as
// it has inflated, within room, so that a message that inflates past the
// limit is never held bigger than it.
func (in *inbound) growth() int64 {
	if !in.compressed {
		return max(in.remaining, 512)
	}
	return min(max(in.size, 4*in.wire, 64), in.room())
}

// deflateBound is the most DEFLATE data a message of n bytes needs,
// whatever it holds: stored blocks add 5 bytes to every 65,535 (RFC 1951
// §3.2.4), and this allows twenty times that. A compressed message
// longer than this on the wire would be mostly padding.
func deflateBound(n int64) int64 {
	if n > math.MaxInt64/2 {
		return math.MaxInt64
	}
	return n + n>>10 + 64
}

// end ends the message, once the payload of its final frame is used up.
// Text must end on a character boundary.
func (in *inbound) end() *violation {
	in.active = false
	if in.typ == TextMessage && !in.text.complete() {
		return &violation{code: CloseInvalidPayload, reason: "a text message that ends inside a character", cause: ErrInvalidUTF8}
	}
	return nil
}

// position says where a read was cut off, for its error.
func (in *inbound) position() string {
	if in.active {
		return "in the middle of a message"
	}
	return "in the middle of a frame"
}

// checkFrame says what is wrong with a frame header from the server,
// given whether a fragmented message is under way, or nil if nothing is.
func checkFrame(h header, inMessage bool) *violation {
	switch {
	case h.rsv1 || h.rsv2 || h.rsv3:
		return &violation{code: CloseProtocolError, reason: "reserved bits set without an extension"} // §5.2
	case h.masked:
		return &violation{code: CloseProtocolError, reason: "a masked frame from the server"} // §5.1
	case h.opcode > opBinary && h.opcode < opClose || h.opcode > opPong:
		return &violation{code: CloseProtocolError, reason: fmt.Sprintf("reserved opcode 0x%X", byte(h.opcode))} // §5.2
	case h.opcode == opContinuation && !inMessage:
		return &violation{code: CloseProtocolError, reason: "a continuation frame with no message to continue"} // §5.4
	case (h.opcode == opText || h.opcode == opBinary) && inMessage:
		return &violation{code: CloseProtocolError, reason: fmt.Sprintf("a %s frame inside a fragmented message", h.opcode)} // §5.4
	case h.opcode.isControl() && !h.fin:
		return &violation{code: CloseProtocolError, reason: "a fragmented control frame"} // §5.5
	case h.opcode.isControl() && h.length > maxControlPayload:
		return &violation{code: CloseProtocolError, reason: fmt.Sprintf("a control frame of %d bytes", h.length)} // §5.5
	}
	return nil
}

// checkRSV1 says what is wrong with RSV1 on a frame from the server
// once permessage-deflate is agreed, or nil if it is where it may be:
// on the first frame of a data message, which it marks compressed. RFC
// 7692 §6: "An endpoint MUST NOT set the "Per-Message Compressed" bit
// of control frames and non-first fragments of a data message. An
// endpoint receiving such a frame MUST _Fail the WebSocket Connection_."
// Without the agreement, checkFrame refuses RSV1 like the other bits.
func checkRSV1(h header) *violation {
	switch h.opcode {
	case opClose, opPing, opPong: // a reserved opcode is checkFrame's to refuse
		return &violation{code: CloseProtocolError, reason: "RSV1 set on a " + h.opcode.String() + " frame"}
	case opContinuation:
		return &violation{code: CloseProtocolError, reason: "RSV1 set on a continuation frame"}
	}
	return nil
}

// lengthViolation says which rule of §5.2 a frame's length broke, when
// readHeader refused it (not the shortest form, or the top bit of a
// 64-bit length set), or nil for any other error.
func lengthViolation(err error) *violation {
	switch {
	case errors.Is(err, errLengthTopBit):
		return &violation{code: CloseProtocolError, reason: "a 64-bit length with the top bit set"} // §5.2
	case errors.Is(err, errLengthNotMinimal):
		return &violation{code: CloseProtocolError, reason: "a length not in its shortest form"} // §5.2
	}
	return nil
}

// checkSize says whether a frame of length bytes takes a message of
// size bytes so far over limit (§10.4), before any of it is read: a
// fragmented message counts as a whole.
func checkSize(size, length, limit int64) *violation {
	if length > limit-size {
		return &violation{code: CloseMessageTooBig, reason: fmt.Sprintf("message over the %d-byte limit", limit), cause: ErrMessageTooBig}
	}
	return nil
}

// checkFrameCount says whether a message has come in more frames than
// maxMessageFrames, counting the control frames between its fragments.
func checkFrameCount(frames int) *violation {
	if frames > maxMessageFrames {
		return &violation{code: CloseMessageTooBig, reason: fmt.Sprintf("a message of more than %d frames", maxMessageFrames), cause: ErrMessageTooBig}
	}
	return nil
}

// checkClose says what is wrong with the body of a close frame from the
// server (§5.5.1, §7.4), or nil if nothing is: a code, if any, that a
// peer may send, and a UTF-8 reason.
func checkClose(payload []byte) *violation {
	code, reason := parseClosePayload(payload)
	switch {
	case len(payload) == 1:
		return &violation{code: CloseProtocolError, reason: "a close frame with a 1-byte payload"}
	case len(payload) >= 2 && !validCloseCode(code):
		return &violation{code: CloseProtocolError, reason: fmt.Sprintf("close code %d is not allowed", code)}
	case !utf8.ValidString(reason):
		return &violation{code: CloseInvalidPayload, reason: "invalid UTF-8 in the close reason", cause: ErrInvalidUTF8}
	}
	return nil
}

// checkOwnClose holds our own close frame to the server's rules (§5.5,
// §7.4): a code that may be sent, and a UTF-8 reason that fits a control
// frame with the code. A bad one is refused before anything is sent.
func checkOwnClose(code int, reason string) error {
	switch {
	case !validCloseCode(code):
		return fmt.Errorf("websocket: close code %d may not be sent", code)
	case len(reason) > maxControlPayload-2:
		return fmt.Errorf("websocket: a close reason of %d bytes is over the %d that fit", len(reason), maxControlPayload-2)
	case !utf8.ValidString(reason):
		return fmt.Errorf("websocket: the close reason is not UTF-8: %w", ErrInvalidUTF8)
	}
	return nil
}

// validCloseCode reports whether a peer may send code (§7.4): the codes
// defined for sending, 1012-1014 registered with IANA since, and
// 3000-4999 for libraries and applications.
func validCloseCode(code int) bool {
	switch {
	case 1000 <= code && code <= 1003, 1007 <= code && code <= 1014:
		return true
	case 3000 <= code && code <= 4999:
		return true
	}
	return false
}

// useOfClosed is what a call gets once the connection has ended, or has
// sent its close frame: it says so, and why, when the reason is known.
func useOfClosed(cause error) error {
	if ce, ok := cause.(*connClosedError); ok {
		return ce
	}
	return &connClosedError{cause: cause}
}

type connClosedError struct{ cause error }

func (e *connClosedError) Error() string {
	if e.cause == nil {
		return "websocket: use of a closed connection"
	}
	return "websocket: use of a closed connection (" + strings.TrimPrefix(e.cause.Error(), "websocket: ") + ")"
}

func (e *connClosedError) Unwrap() error { return e.cause }
