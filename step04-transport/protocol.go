package main

import (
	"errors"
	"fmt"
	"strings"
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

// cleanClose reports whether the closing handshake completed: close
// frames went both ways.
func (p *protocol) cleanClose() bool { return p.closeSent && p.closeRcvd }

// A violation is a rule of RFC 6455 that the server broke, with the
// close code that says so (§7.4.1).
type violation struct {
	code   int
	reason string // fits in a close frame: at most 123 bytes
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
	size      int64 // the message's size so far, held to limit
	limit     int64
}

// accept takes in the header of the next frame, or says which rule it
// breaks. A data frame begins a message or continues it; a control
// frame leaves the message as it is.
func (in *inbound) accept(h header) *violation {
	if v := checkFrame(h, in.active); v != nil {
		return v
	}
	if h.opcode.isControl() {
		return nil
	}
	if !in.active {
		in.active, in.typ, in.size = true, MessageType(h.opcode), 0
	}
	if v := checkSize(in.size, h.length, in.limit); v != nil {
		return v
	}
	in.size += h.length
	in.remaining, in.fin = h.length, h.fin
	return nil
}

// payload takes in p, the next bytes of the current frame's payload.
func (in *inbound) payload(p []byte) *violation {
	in.remaining -= int64(len(p))
	return nil
}

// end ends the message, once the payload of its final frame is used up.
func (in *inbound) end() *violation {
	in.active = false
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
	case h.opcode > opBinary && h.opcode < opClose || h.opcode > opPong:
		return &violation{code: CloseProtocolError, reason: fmt.Sprintf("reserved opcode 0x%X", byte(h.opcode))} // §5.2
	case h.opcode == opContinuation && !inMessage:
		return &violation{code: CloseProtocolError, reason: "a continuation frame with no message to continue"} // §5.4
	case (h.opcode == opText || h.opcode == opBinary) && inMessage:
		return &violation{code: CloseProtocolError, reason: fmt.Sprintf("a %s frame inside a fragmented message", h.opcode)} // §5.4
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
		return &violation{code: CloseMessageTooBig, reason: fmt.Sprintf("message over the %d-byte limit", limit)}
	}
	return nil
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
