package websocket

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The protocol's decisions, tested without a socket.

// TestOnSend: what may go out in each state (§5.5.1).
func TestOnSend(t *testing.T) {
	var p protocol
	for _, op := range []opcode{opText, opBinary, opContinuation, opPing, opPong} {
		assert.NoError(t, p.onSend(op), "%s while open", op)
	}
	require.NoError(t, p.onSend(opClose))
	assert.Equal(t, stateClosing, p.state)
	for _, op := range []opcode{opText, opPing, opClose} {
		assert.EqualError(t, p.onSend(op), "websocket: use of a closed connection", "%s after our close", op)
	}
	assert.NoError(t, p.onSend(opPong), "a pong still answers a ping after our close (§5.5.2)")
}

// TestOnSendWhileFailing: once the fate is decided, only a close frame
// may still go out, and it says why.
func TestOnSendWhileFailing(t *testing.T) {
	p := protocol{fate: errors.New("websocket: something broke")}
	assert.EqualError(t, p.onSend(opText), "websocket: use of a closed connection (something broke)")
	assert.EqualError(t, p.onSend(opPong), "websocket: use of a closed connection (something broke)")
	assert.NoError(t, p.onSend(opClose))
}

// TestCloseReply: the server's close gets its code echoed, an empty
// close gets an empty one, and nothing goes back once ours went first.
func TestCloseReply(t *testing.T) {
	tests := []struct {
		name      string
		sentFirst bool
		code      int
		reply     []byte
		answer    bool
	}{
		{"the server closes first", false, 4001, []byte{0x0F, 0xA1}, true},
		{"with no code", false, CloseNoStatusReceived, nil, true},
		{"after ours", true, 1000, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p protocol
			if tt.sentFirst {
				require.NoError(t, p.onSend(opClose))
			}
			p.onCloseReceived(tt.code, "why")
			reply, answer := p.closeReply()
			assert.Equal(t, tt.reply, reply)
			assert.Equal(t, tt.answer, answer)
			assert.Equal(t, stateClosing, p.state)
			assert.Equal(t, tt.sentFirst, p.cleanClose(), "clean once close frames went both ways")
			assert.ErrorContains(t, p.fate, "closed with status")
		})
	}
}

// TestOnEnd: the first reason is the fate, and TCP is closed once.
func TestOnEnd(t *testing.T) {
	var p protocol
	first, second := errors.New("first"), errors.New("second")
	assert.True(t, p.onEnd(first))
	assert.False(t, p.onEnd(second))
	assert.Equal(t, first, p.fate)
	assert.Equal(t, stateClosed, p.state)
	assert.EqualError(t, p.onSend(opClose), "websocket: use of a closed connection (first)")
}

// TestCheckFrame: the rules of §5.2 and §5.4 that this step checks.
func TestCheckFrame(t *testing.T) {
	tests := []struct {
		h         header
		inMessage bool
		want      string // "" for no violation
	}{
		{header{fin: true, opcode: opText}, false, ""},
		{header{opcode: opBinary}, false, ""},
		{header{fin: true, opcode: opContinuation}, true, ""},
		{header{fin: true, opcode: opPing}, true, "" /* control frames may come between fragments */},
		{header{fin: true, opcode: opContinuation}, false, "a continuation frame with no message to continue"},
		{header{fin: true, opcode: opText}, true, "a text frame inside a fragmented message"},
		{header{fin: true, opcode: 3}, false, "reserved opcode 0x3"},
		{header{fin: true, opcode: 0xB}, false, "reserved opcode 0xB"},
		{header{fin: true, rsv1: true, opcode: opText}, false, "reserved bits set without an extension"},
		{header{fin: true, rsv3: true, opcode: opPing}, false, "reserved bits set without an extension"},
		{header{fin: true, masked: true, opcode: opBinary}, false, "a masked frame from the server"},
		{header{opcode: opPing}, false, "a fragmented control frame"},
		{header{fin: true, opcode: opClose, length: 126}, false, "a control frame of 126 bytes"},
		{header{fin: true, opcode: opPong, length: 125}, false, ""},
	}
	for _, tt := range tests {
		assertProtocolError(t, checkFrame(tt.h, tt.inMessage), tt.want, tt.h)
	}
}

// assertProtocolError checks that v is a violation that earns 1002 with
// the reason want, or nil when want is "".
func assertProtocolError(t *testing.T, v *violation, want string, what any) {
	t.Helper()
	if want == "" {
		assert.Nil(t, v, "%+v", what)
		return
	}
	if assert.NotNil(t, v, "%+v", what) {
		assert.Equal(t, want, v.reason, "%+v", what)
		assert.Equal(t, CloseProtocolError, v.code, "%+v", what)
	}
}

// TestLengthViolation: a length in the wrong form earns 1002 (§5.2);
// any other error of readHeader is no violation.
func TestLengthViolation(t *testing.T) {
	tests := []struct {
		err  error
		want string // "" for no violation
	}{
		{errLengthTopBit, "a 64-bit length with the top bit set"},
		{fmt.Errorf("reading a header: %w", errLengthNotMinimal), "a length not in its shortest form"},
		{io.ErrUnexpectedEOF, ""},
		{nil, ""},
	}
	for _, tt := range tests {
		assertProtocolError(t, lengthViolation(tt.err), tt.want, tt.err)
	}
}

// TestCheckSize: a frame may fill a message up to the limit, not past
// it, whatever the size the header announces (§10.4).
func TestCheckSize(t *testing.T) {
	const limit = 1000
	tests := []struct {
		size, length int64
		over         bool
	}{
		{0, 0, false},
		{0, limit, false},
		{0, limit + 1, true},
		{600, 400, false},
		{600, 401, true},
		{limit, 0, false},
		{0, 1<<63 - 1, true}, // the largest length a header can announce
	}
	for _, tt := range tests {
		v := checkSize(tt.size, tt.length, limit)
		if !tt.over {
			assert.Nil(t, v, "%d + %d", tt.size, tt.length)
			continue
		}
		if assert.NotNil(t, v, "%d + %d", tt.size, tt.length) {
			assert.Equal(t, CloseMessageTooBig, v.code)
			assert.Equal(t, "message over the 1000-byte limit", v.reason)
			assert.Equal(t, ErrMessageTooBig, v.cause)
		}
	}
}

// TestCheckFrameCount: a message may come in maxMessageFrames frames,
// not one more.
func TestCheckFrameCount(t *testing.T) {
	assert.Nil(t, checkFrameCount(1))
	assert.Nil(t, checkFrameCount(maxMessageFrames))
	v := checkFrameCount(maxMessageFrames + 1)
	require.NotNil(t, v)
	assert.Equal(t, CloseMessageTooBig, v.code)
	assert.Equal(t, "a message of more than 131072 frames", v.reason)
	assert.Equal(t, ErrMessageTooBig, v.cause)
}

// TestUseOfClosed: the error after the end says so and keeps its cause.
func TestUseOfClosed(t *testing.T) {
	cause := errors.New("websocket: closed with status 1000")
	err := useOfClosed(cause)
	assert.EqualError(t, err, "websocket: use of a closed connection (closed with status 1000)")
	assert.ErrorIs(t, err, cause)
	assert.Same(t, err, useOfClosed(err), "no error wraps itself")
	assert.EqualError(t, useOfClosed(nil), "websocket: use of a closed connection")
}

// seqFrame is a frame of a sequence test: its header, whose length is
// the payload's, and the payload.
type seqFrame struct {
	h       header
	payload string
}

func data(op opcode, fin bool, payload string) seqFrame {
	return seqFrame{header{fin: fin, opcode: op}, payload}
}

// takeIn gives f to in as the read side does: the header, then, for a
// data frame, the payload, then the end once the final frame is used up.
func takeIn(in *inbound, f seqFrame) *violation {
	f.h.length = int64(len(f.payload))
	if v := in.accept(f.h); v != nil || f.h.opcode.isControl() {
		return v
	}
	if v := in.payload([]byte(f.payload)); v != nil {
		return v
	}
	if in.remaining == 0 && in.fin {
		return in.end()
	}
	return nil
}

// TestInboundSequence: the frames of messages from the server (§5.4),
// without a socket, and the violation that stops each broken sequence.
func TestInboundSequence(t *testing.T) {
	ping := data(opPing, true, "")
	tests := []struct {
		name   string
		frames []seqFrame
		code   int    // the violation's close code, 0 for none
		want   string // its reason; or, for none, the last message's text
		typ    MessageType
	}{
		{name: "one frame", frames: []seqFrame{data(opText, true, "Hello")},
			want: "Hello", typ: TextMessage},
		{name: "an empty message", frames: []seqFrame{data(opBinary, true, "")},
			typ: BinaryMessage},
		{name: "fragments", frames: []seqFrame{data(opText, false, "Hel"), data(opContinuation, true, "lo")},
			want: "Hello", typ: TextMessage},
		{name: "empty fragments", frames: []seqFrame{data(opBinary, false, ""), data(opContinuation, false, ""), data(opContinuation, true, "")},
			typ: BinaryMessage},
		{name: "pings between fragments", frames: []seqFrame{ping, data(opText, false, "Hel"), ping, ping, data(opContinuation, true, "lo")},
			want: "Hello", typ: TextMessage},
		{name: "two messages", frames: []seqFrame{data(opText, true, "first"), data(opBinary, true, "second")},
			want: "second", typ: BinaryMessage},
		{name: "a continuation first", frames: []seqFrame{data(opContinuation, true, "x")},
			code: CloseProtocolError, want: "a continuation frame with no message to continue"},
		{name: "a continuation after the end", frames: []seqFrame{data(opText, true, "x"), data(opContinuation, true, "y")},
			code: CloseProtocolError, want: "a continuation frame with no message to continue"},
		{name: "a new message inside one", frames: []seqFrame{data(opText, false, "x"), data(opBinary, true, "y")},
			code: CloseProtocolError, want: "a binary frame inside a fragmented message"},
		{name: "a reserved opcode", frames: []seqFrame{data(3, true, "")},
			code: CloseProtocolError, want: "reserved opcode 0x3"},
		{name: "over the limit in one frame", frames: []seqFrame{data(opBinary, true, strings.Repeat("x", 11))},
			code: CloseMessageTooBig, want: "message over the 10-byte limit"},
		{name: "over the limit in fragments", frames: []seqFrame{data(opBinary, false, "123456"), data(opContinuation, true, "789ab")},
			code: CloseMessageTooBig, want: "message over the 10-byte limit"},
		{name: "the limit is per message", frames: []seqFrame{data(opText, true, "123456"), data(opText, true, "789abc")},
			want: "789abc", typ: TextMessage},
		{name: "reserved bits", frames: []seqFrame{{header{fin: true, rsv1: true, opcode: opText}, "x"}},
			code: CloseProtocolError, want: "reserved bits set without an extension"},
		{name: "a fragmented ping", frames: []seqFrame{data(opText, false, "x"), data(opPing, false, "")},
			code: CloseProtocolError, want: "a fragmented control frame"},
		{name: "too many frames", frames: append([]seqFrame{data(opBinary, false, "")}, slices.Repeat([]seqFrame{ping}, maxMessageFrames)...),
			code: CloseMessageTooBig, want: "a message of more than 131072 frames"},
		{name: "a character split between fragments", frames: []seqFrame{data(opText, false, "caf\xc3"), data(opContinuation, true, "\xa9")},
			want: "caf\u00e9", typ: TextMessage},
		{name: "invalid UTF-8", frames: []seqFrame{data(opText, true, "caf\xff")},
			code: CloseInvalidPayload, want: "invalid UTF-8 in a text message"},
		{name: "text that ends inside a character", frames: []seqFrame{data(opText, false, "caf"), data(opContinuation, true, "\xc3")},
			code: CloseInvalidPayload, want: "a text message that ends inside a character"},
		{name: "binary is not text", frames: []seqFrame{data(opBinary, true, "\xff")},
			want: "\xff", typ: BinaryMessage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := inbound{limit: 10}
			var v *violation
			var got []byte
			for _, f := range tt.frames {
				if !in.active {
					got = nil
				}
				if v = takeIn(&in, f); v != nil {
					break
				}
				if !f.h.opcode.isControl() {
					got = append(got, f.payload...)
				}
			}
			if tt.code != 0 {
				require.NotNil(t, v)
				assert.Equal(t, tt.code, v.code)
				assert.Equal(t, tt.want, v.reason)
				return
			}
			require.Nil(t, v)
			assert.False(t, in.active, "the message ended")
			assert.Equal(t, tt.typ, in.typ)
			assert.Equal(t, tt.want, string(got))
			assert.Equal(t, int64(len(got)), in.size)
		})
	}
}

// TestInboundMessages: what accept decides of a message, frame order
// aside: the message keeps the type of its first frame, its size adds up
// over its fragments and is held to the limit, and a control frame
// between fragments leaves it as it is.
func TestInboundMessages(t *testing.T) {
	t.Run("a fragmented message keeps its type", func(t *testing.T) {
		in := inbound{limit: 10}
		require.Nil(t, takeIn(&in, data(opText, false, "Hel")))
		require.Nil(t, takeIn(&in, data(opContinuation, true, "lo")))
		assert.Equal(t, TextMessage, in.typ)
		assert.Equal(t, int64(5), in.size)
	})
	t.Run("a ping between fragments leaves the message as it is", func(t *testing.T) {
		in := inbound{limit: 10}
		require.Nil(t, takeIn(&in, data(opText, false, "Hel")))
		before := []any{in.active, in.typ, in.fin, in.remaining, in.size}
		require.Nil(t, takeIn(&in, data(opPing, true, "12345678")), "a ping's payload is no part of the message")
		assert.Equal(t, before, []any{in.active, in.typ, in.fin, in.remaining, in.size})
		require.Nil(t, takeIn(&in, data(opContinuation, true, "lo")))
		assert.False(t, in.active, "the message ended")
	})
	t.Run("the size adds up over the fragments", func(t *testing.T) {
		in := inbound{limit: 10}
		require.Nil(t, takeIn(&in, data(opBinary, false, "123")))
		require.Nil(t, takeIn(&in, data(opContinuation, false, "456")))
		require.Nil(t, takeIn(&in, data(opContinuation, false, "789")))
		assert.Equal(t, int64(9), in.size)
		v := takeIn(&in, data(opContinuation, true, "ab"))
		require.NotNil(t, v, "11 bytes in four fragments, over the 10-byte limit")
		assert.Equal(t, CloseMessageTooBig, v.code)
	})
	t.Run("one frame over the limit", func(t *testing.T) {
		in := inbound{limit: 10}
		v := takeIn(&in, data(opText, true, "123456789ab"))
		require.NotNil(t, v)
		assert.Equal(t, CloseMessageTooBig, v.code)
	})
}

// TestOnControl: what a control frame calls for (§5.5): a ping its pong
// until the server's close has come, a close our answer, and a pong nothing.
func TestOnControl(t *testing.T) {
	tests := []struct {
		name      string
		sentFirst bool // our close frame went out before
		op        opcode
		payload   []byte
		reply     reply
		closed    bool
	}{
		{"a ping", false, opPing, []byte("hi"), reply{op: opPong, payload: []byte("hi")}, false},
		{"a ping after our close", true, opPing, []byte("hi"), reply{op: opPong, payload: []byte("hi")}, false},
		{"a pong", false, opPong, []byte("hi"), reply{}, false},
		{"a close", false, opClose, closePayload(1001, "bye"), reply{op: opClose, payload: closePayload(1001, "")}, true},
		{"a close after ours", true, opClose, closePayload(1000, ""), reply{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p protocol
			if tt.sentFirst {
				require.NoError(t, p.onSend(opClose))
			}
			r, closed := p.onControl(tt.op, tt.payload)
			assert.Equal(t, tt.reply, r)
			assert.Equal(t, tt.closed, closed)
			assert.Equal(t, tt.closed, p.closeRcvd)
		})
	}
}

// TestCheckClose: the body of the server's close frame (§5.5.1, §7.4),
// and the code each fault earns.
func TestCheckClose(t *testing.T) {
	tests := []struct {
		payload []byte
		code    int // 0 for no violation
		reason  string
	}{
		{nil, 0, ""},
		{closePayload(1000, ""), 0, ""},
		{closePayload(4999, "bye"), 0, ""},
		{[]byte{0x03}, CloseProtocolError, "a close frame with a 1-byte payload"},
		{closePayload(1005, ""), CloseProtocolError, "close code 1005 is not allowed"},
		{closePayload(5000, ""), CloseProtocolError, "close code 5000 is not allowed"},
		{closePayload(1000, "\xff"), CloseInvalidPayload, "invalid UTF-8 in the close reason"},
	}
	for _, tt := range tests {
		v := checkClose(tt.payload)
		if tt.code == 0 {
			assert.Nil(t, v, "% x", tt.payload)
			continue
		}
		require.NotNil(t, v, "% x", tt.payload)
		assert.Equal(t, tt.code, v.code)
		assert.Equal(t, tt.reason, v.reason)
	}
}

// TestOnFail: a failing connection sends nothing but its close frame.
func TestOnFail(t *testing.T) {
	var p protocol
	p.onFail(&ProtocolError{Code: 1002, Reason: "reserved opcode 0x3"})
	assert.Equal(t, stateClosing, p.state)
	assert.ErrorIs(t, p.onSend(opPong), ErrClosed)
	assert.NoError(t, p.onSend(opClose))
	assert.False(t, p.cleanClose())
}
