package autobahn

import (
	"fmt"
	"strings"

	"github.com/spec2lib/websocket/internal/scripted"
)

// Families 1 to 4: framing, pings, reserved bits, reserved opcodes.

const hello = "Hello, world!"

// echoHello is the answer to a text "Hello, world!" sent before a violation.
var echoHello = []want{echoOf(scripted.OpText, []byte(hello))}

// framingCases is family 1: text (1.1) and binary (1.2) messages whose
// sizes cover the three length encodings of RFC 6455 §5.2 and their edges.
func framingCases() []Case {
	var cs []Case
	for g, op := range []byte{scripted.OpText, scripted.OpBinary} {
		for i, n := range []int{0, 125, 126, 127, 128, 65535, 65536} {
			cs = append(cs, messageCase(fmt.Sprintf("1.%d.%d", g+1, i+1), op, n, whole))
		}
		cs = append(cs, messageCase(fmt.Sprintf("1.%d.8", g+1), op, 65536, 997))
	}
	return cs
}

// messageCase sends one message of n bytes in one frame, in chops, and
// expects its echo.
func messageCase(id string, op byte, n, chop int) Case {
	desc := fmt.Sprintf("%s message of %d bytes", opName(op), n)
	if chop > 0 {
		desc += fmt.Sprintf(", in chops of %d bytes", chop)
	}
	return Case{ID: id, Description: desc, run: bigEcho(op, n, n, chop)}
}

// pingCases is family 2: a ping gets a pong with the same payload (RFC
// 6455 §5.5.2), unsolicited pongs get nothing (§5.5.3), and a control
// frame carries at most 125 bytes (§5.5).
func pingCases() []Case {
	const binary8 = "\x00\xff\xfe\xfd\xfc\xfb\x00\xff"
	p125 := strings.Repeat("\xfe", 125)
	const unsolicited = "unsolicited pong payload"
	pingAfter := func(id, desc string, fs ...scripted.Frame) Case {
		fs = append(fs, ping("ping payload"))
		return echoCase(id, desc, whole, pongOf("ping payload"), fs...)
	}
	return []Case{
		echoCase("2.1", "ping with no payload", whole, pongOf(""), ping("")),
		echoCase("2.2", `ping "Hello, world!"`, whole, pongOf(hello), ping(hello)),
		echoCase("2.3", "ping with 8 binary bytes", whole, pongOf(binary8), ping(binary8)),
		echoCase("2.4", "ping with 125 bytes", whole, pongOf(p125), ping(p125)),
		failCase("2.5", "ping with 126 bytes, over the limit of a control frame", 1002, whole, nil,
			ping(strings.Repeat("\xfe", 126))),
		echoCase("2.6", "ping with 125 bytes, in 1-byte chops", 1, pongOf(p125), ping(p125)),
		pingAfter("2.7", `unsolicited pong with no payload, then ping "ping payload"`, pong("")),
		pingAfter("2.8", `unsolicited pong "unsolicited pong payload", then ping "ping payload"`, pong(unsolicited)),
		pingAfter("2.9", `unsolicited pongs with and without payload, then ping "ping payload"`,
			pong(unsolicited), pong("")),
		{ID: "2.10", Description: `10 pings "payload-0" to "payload-9"`, run: tenPings(whole)},
		{ID: "2.11", Description: `10 pings "payload-0" to "payload-9", in 1-byte chops`, run: tenPings(1)},
	}
}

// tenPings sends 10 pings in a row.
func tenPings(chop int) func(*session) verdict {
	return func(s *session) verdict {
		var fs []scripted.Frame
		for i := range 10 {
			fs = append(fs, ping(fmt.Sprintf("payload-%d", i)))
		}
		s.send(write{frames: fs, chop: chop})
		answered, next := 0, 0
		for next < 10 {
			ev := s.next()
			if ev.kind != evPong {
				return fail("expected pongs for the 10 pings, got %s after %d pongs", ev, answered)
			}
			i := pingIndex(ev.data, next)
			if i < 0 {
				return fail("%s answers no ping that is still unanswered (after %d pongs)", ev, answered)
			}
			answered, next = answered+1, i+1
		}
		v := pass("")
		if answered < 10 {
			v = lax("answered %d of the 10 pings, the latest included (RFC 6455 §5.5.3 allows it)", answered)
		}
		return s.serverClose(v)
	}
}

// pingIndex is the number of the ping, from `from` on, that a pong answers,
// or -1.
func pingIndex(p []byte, from int) int {
	for i := from; i < 10; i++ {
		if string(p) == fmt.Sprintf("payload-%d", i) {
			return i
		}
	}
	return -1
}

// reservedBitCases is family 3: RSV bits that no negotiated extension
// defines must fail the connection (RFC 6455 §5.2), after the echo of a
// valid message sent before, and without answering the ping that follows.
func reservedBitCases() []Case {
	h := text(hello)
	then := func(rsv byte) []scripted.Frame {
		return []scripted.Frame{h, withRSV(h, rsv), ping("")}
	}
	desc := func(rsv byte) string {
		return fmt.Sprintf(`text "Hello, world!", then the same text with RSV=%d, then a ping`, rsv)
	}
	return []Case{
		failCase("3.1", `text "Hello, world!" with RSV=1`, 1002, whole, nil, withRSV(h, 1)),
		failCase("3.2", desc(2), 1002, whole, echoHello, then(2)...),
		failCase("3.3", desc(3)+", frame by frame", 1002, perFrame, echoHello, then(3)...),
		failCase("3.4", desc(4)+", in 1-byte chops", 1002, 1, echoHello, then(4)...),
		failCase("3.5", "binary message with RSV=5", 1002, whole, nil,
			withRSV(frame(scripted.OpBinary, true, []byte("\x00\xff\xfe\xfd\xfc\xfb\x00\xff")), 5)),
		failCase("3.6", `ping "Hello, world!" with RSV=6`, 1002, whole, nil, withRSV(ping(hello), 6)),
		failCase("3.7", "close 1000 with RSV=7", 1002, whole, nil, withRSV(closeCode(1000, ""), 7)),
	}
}

// opcodeCases is family 4: reserved opcodes, non-control 3-7 (4.1) and
// control 11-15 (4.2), must fail the connection (RFC 6455 §5.2).
func opcodeCases() []Case {
	var cs []Case
	for g, ops := range [][]byte{{3, 4, 5, 6, 7}, {11, 12, 13, 14, 15}} {
		for i, op := range ops {
			id := fmt.Sprintf("4.%d.%d", g+1, i+1)
			bad := frame(op, true, nil)
			desc := fmt.Sprintf("frame with reserved opcode %d", op)
			if i == 1 || i >= 3 { // the 2nd, 4th and 5th carry a payload
				bad.Payload = []byte("reserved opcode payload")
				desc += " and a payload"
			}
			if i < 2 {
				cs = append(cs, failCase(id, desc, 1002, whole, nil, bad))
				continue
			}
			desc = `text "Hello, world!", then a ` + desc + ", then a ping"
			cs = append(cs, failCase(id, desc, 1002, whole, echoHello, text(hello), bad, ping("")))
		}
	}
	return cs
}
