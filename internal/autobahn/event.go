package autobahn

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/spec2lib/websocket/internal/scripted"
)

// eventKind says what the server saw from the client.
type eventKind int

const (
	evMessage eventKind = iota // a complete text or binary message, reassembled
	evPong                     // a pong frame
	evClose                    // a close frame
	evEOF                      // the client closed TCP (or reset it)
	evTimeout                  // nothing arrived before the deadline
	evBad                      // the client broke the framing rules; detail says how
)

// event is one thing the client did.
type event struct {
	kind   eventKind
	op     byte   // evMessage: scripted.OpText or scripted.OpBinary
	data   []byte // the message, pong or close payload
	detail string // evEOF, evTimeout, evBad: what happened
}

// terminal events end the conversation: nothing can be read after them.
func (e event) terminal() bool { return e.kind == evEOF || e.kind == evTimeout || e.kind == evBad }

func (e event) String() string {
	switch e.kind {
	case evMessage:
		return messageString(e.op, e.data)
	case evPong:
		return "pong " + payloadString(e.data)
	case evClose:
		return closeString(e.data)
	default:
		return e.detail
	}
}

// messageString names a message: `text message "Hello"`, or
// "binary message of 65536 bytes" when the payload is long or not text.
func messageString(op byte, data []byte) string {
	return opName(op) + " message " + payloadString(data)
}

// payloadString shows a short UTF-8 payload quoted and any other by its size.
func payloadString(p []byte) string {
	switch {
	case len(p) == 0:
		return "with an empty payload"
	case len(p) <= 64 && utf8.Valid(p):
		return strconv.Quote(string(p))
	default:
		return fmt.Sprintf("of %d bytes", len(p))
	}
}

// closeString names a close frame by its payload: "close 1000",
// `close 1002 "reason"`, "close with an empty payload".
func closeString(p []byte) string {
	switch {
	case len(p) == 0:
		return "close with an empty payload"
	case len(p) == 1:
		return "close with a 1-byte payload"
	case len(p) == 2:
		return fmt.Sprintf("close %d", scripted.CloseCode(p))
	default:
		return fmt.Sprintf("close %d %s", scripted.CloseCode(p), payloadString(p[2:]))
	}
}

// opNames are the opcodes of RFC 6455 §5.2 as messages name them.
var opNames = map[byte]string{
	scripted.OpContinuation: "continuation", scripted.OpText: "text", scripted.OpBinary: "binary",
	scripted.OpClose: "close", scripted.OpPing: "ping", scripted.OpPong: "pong",
}

func opName(op byte) string {
	if name, ok := opNames[op]; ok {
		return name
	}
	return fmt.Sprintf("opcode-%d", op)
}
