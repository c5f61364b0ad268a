package websocket

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/scripted"
)

// What a client did in answer to a frame from the server.
const (
	echoed   = "echoed the message"
	ponged   = "answered the ping"
	dropped  = "dropped TCP without a close frame"
	closeFmt = "close %d"
)

// badFrame is a frame that a client should refuse, because it breaks
// RFC 6455 or is more than the client accepts, with what a client should
// do about it and what step04 did.
type badFrame struct {
	name  string
	wire  []byte
	want  string // fail the connection with a close frame of this code
	step  string // what step04's client did
	cause string // why step04 did that
}

// badFrames lists what a client must catch. Some rules say themselves
// that the receiver MUST fail the connection (§5.1, §5.2, §8.1); for the
// rest, §10.7 asks a receiver to validate what comes in and SHOULD send a
// close frame "with an appropriate status code". The codes in the want
// column are the ones the Autobahn|Testsuite expects, where it has a case.
// The last two rows are this client's own limit, not a rule of the RFC
// (§10.4 leaves the limit to each implementation).
//
// Step04 caught some of them, but failed none of them properly: it
// closed TCP without the close frame that says why. This step closes
// every row.
func badFrames() []badFrame {
	text := func(fin bool, rsv byte, op byte, payload string) []byte {
		return scripted.Frame{Fin: fin, RSV: rsv, Opcode: op, Payload: []byte(payload)}.Bytes()
	}
	closeWith := func(payload []byte) []byte {
		return scripted.Frame{Fin: true, Opcode: scripted.OpClose, Payload: payload}.Bytes()
	}
	oneMiB := bytes.Repeat([]byte("a"), 1<<20)
	var overLimit []byte // 33 fragments of 1 MiB: each frame is fine, the message is not
	for i := range 33 {
		op := scripted.OpContinuation
		if i == 0 {
			op = scripted.OpBinary
		}
		overLimit = append(overLimit, scripted.Frame{Fin: i == 32, Opcode: op, Payload: oneMiB}.Bytes()...)
	}
	return []badFrame{
		{"RSV1 set without an extension (§5.2)", text(true, 4, scripted.OpText, "rsv"),
			"close 1002", echoed, "RSV bits are read and ignored"},
		{"reserved data opcode 3 (§5.2)", text(true, 0, 3, "op3"),
			"close 1002", dropped, "caught, but failed without a close frame"},
		{"reserved control opcode 11 (§5.2)", text(true, 0, 11, ""),
			"close 1002", dropped, "caught, but failed without a close frame"},
		{"ping with 126 bytes (§5.5)", scripted.Ping(bytes.Repeat([]byte("p"), 126)),
			"close 1002", ponged, "control frame lengths are not checked"},
		{"fragmented ping (§5.5)", text(false, 0, scripted.OpPing, "frag"),
			"close 1002", ponged, "FIN is not checked on control frames"},
		{"continuation with nothing to continue (§5.4)", text(true, 0, scripted.OpContinuation, "orphan"),
			"close 1002", dropped, "caught, but failed without a close frame"},
		{"a new message inside a fragmented one (§5.4)",
			append(text(false, 0, scripted.OpText, "one"), text(true, 0, scripted.OpText, "two")...),
			"close 1002", dropped, "caught, but failed without a close frame"},
		{"masked frame from the server (§5.1)",
			scripted.Frame{Fin: true, Opcode: scripted.OpText, Masked: true, Key: [4]byte{1, 2, 3, 4}, Payload: []byte("masked")}.Bytes(),
			"close 1002", echoed, "masked frames are unmasked, whoever sent them"},
		{"64-bit length with the top bit set (§5.2)", []byte{0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 1},
			"close 1002", dropped, "caught, but failed without a close frame"},
		{"a ping's length in 16 bits, not its shortest form (§5.2)", []byte{0x89, 0x7E, 0, 4, 'p', 'i', 'n', 'g'},
			"close 1002", dropped, "caught, but failed without a close frame"},
		{"close payload of 1 byte (§5.5.1)", closeWith([]byte{0x03}),
			"close 1002", fmt.Sprintf(closeFmt, 0), "read as no code; the reply carries none"},
		{"close code 999 (§7.4)", scripted.Close(999, ""),
			"close 1002", fmt.Sprintf(closeFmt, 999), "any code is echoed"},
		{"close code 1005, which is never sent (§7.4.1)", scripted.Close(1005, ""),
			"close 1002", fmt.Sprintf(closeFmt, 0), "1005 is read as no code"},
		{"close code 5000 (§7.4.2)", scripted.Close(5000, ""),
			"close 1002", fmt.Sprintf(closeFmt, 5000), "any code is echoed"},
		{"invalid UTF-8 in a text message (§8.1)", text(true, 0, scripted.OpText, "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80edited"),
			"close 1007", echoed, "text is not validated"},
		{"invalid UTF-8 in a close reason (§5.5.1)", scripted.Close(1000, "\xff"),
			"close 1007", fmt.Sprintf(closeFmt, 1000), "the reason is not validated"},
		{"a frame over this client's 32 MiB read limit", []byte{0x82, 0x7F, 0, 0, 0, 0, 0x02, 0x10, 0, 0},
			"close 1009", dropped, "caught, but failed without a close frame"},
		{"a fragmented message over the 32 MiB read limit", overLimit,
			"close 1009", dropped, "caught, but failed without a close frame"},
	}
}

// TestViolationsFailTheConnection: every bad frame that step04 let
// through now fails the connection with the code a client should send,
// and ReadMessage reports it as a *ProtocolError with that code.
func TestViolationsFailTheConnection(t *testing.T) {
	for _, v := range badFrames() {
		t.Run(v.name, func(t *testing.T) {
			got, err := reactionTo(t, v.wire)
			assert.Equal(t, v.want, got, "step04 did this instead: %s (%s)", v.step, v.cause)
			var perr *ProtocolError
			require.ErrorAs(t, err, &perr)
			assert.Equal(t, v.want, fmt.Sprintf(closeFmt, perr.Code))
		})
	}
}

// reactionTo sends wire after the handshake to a client running the
// Autobahn echo loop, and names the first thing the client does. It also
// returns the error that ended the client's loop.
func reactionTo(t *testing.T, wire []byte) (string, error) {
	t.Helper()
	reaction := make(chan string, 1)
	err := echoUntilEnd(t, func(c *scripted.Conn) error {
		got, err := firstReaction(c, wire)
		reaction <- got
		return err // returning closes TCP, which ends the client's loop
	})
	return <-reaction, err
}

// firstReaction is the server's side of reactionTo. A client that hangs
// up while the server is still writing has dropped TCP too.
func firstReaction(c *scripted.Conn, wire []byte) (string, error) {
	if _, err := c.Handshake(); err != nil {
		return "", err
	}
	if _, err := c.Write(wire); err != nil {
		return dropped, nil
	}
	c.SetReadDeadline(time.Now().Add(testTimeout))
	f, err := c.ReadFrame()
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET):
		return dropped, nil
	case err != nil:
		return "", err
	case f.Opcode == scripted.OpPong:
		return ponged, nil
	case f.Opcode == scripted.OpClose:
		code := 0
		if len(f.Payload) >= 2 {
			code = int(scripted.CloseCode(f.Payload))
		}
		return fmt.Sprintf(closeFmt, code), nil
	}
	return echoed, nil
}
