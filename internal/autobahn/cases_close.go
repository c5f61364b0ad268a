package autobahn

import (
	"fmt"
	"strings"

	"github.com/spec2lib/websocket/internal/scripted"
)

// Family 7: the closing handshake (RFC 6455 §5.5.1, §7).

func closeCases() []Case {
	close1000 := closeCode(1000, "")
	reply := replyWith(1000)
	cs := []Case{
		closeCase("7.1.1", `text "Hello, world!", then close 1000`, echoHello, reply, text(hello), close1000),
		closeCase("7.1.2", "close 1000 twice", nil, reply, close1000, close1000),
		closeCase("7.1.3", `close 1000, then ping "ping payload"`, nil, reply, close1000, ping("ping payload")),
		closeCase("7.1.4", `close 1000, then text "Hello, world!"`, nil, reply, close1000, text(hello)),
		closeCase("7.1.5", `text fragment "fragment1", close 1000, then the last fragment "fragment2"`, nil, reply,
			first("fragment1"), close1000, last("fragment2")),
		{ID: "7.1.6", Description: "text message of 256 KiB, close 1000, then a ping", run: bigThenClose},
		closeCase("7.3.1", "close with an empty payload", nil, replyWith(1005, 1000), closeFrame(nil)),
		failCase("7.3.2", "close with a 1-byte payload", 1002, whole, nil, closeFrame([]byte("*"))),
		closeCase("7.3.3", "close 1000 with no reason", nil, reply, close1000),
		closeCase("7.3.4", `close 1000 "Hello World!"`, nil, reply, closeCode(1000, "Hello World!")),
		closeCase("7.3.5", "close 1000 with a 123-byte reason: a payload of 125 bytes, the most a control frame has", nil, reply,
			closeCode(1000, strings.Repeat("*", 123))),
		failCase("7.3.6", "close 1000 with a 124-byte reason: a payload of 126 bytes, over the limit", 1002, whole, nil,
			closeCode(1000, strings.Repeat("*", 124))),
		failCase("7.5.1", "close 1000 whose reason is not UTF-8: κόσμε + ED A0 80 + edited", 1007, whole, nil,
			closeCode(1000, kosme+"\xed\xa0\x80edited")),
	}
	// Codes an endpoint may send (RFC 6455 §7.4.1, §7.4.2): the client
	// replies, echoing the code or with 1000.
	for i, code := range []uint16{1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999} {
		cs = append(cs, closeCase(fmt.Sprintf("7.7.%d", i+1), fmt.Sprintf("close %d", code), nil,
			replyWith(code, 1000), closeCode(code, "")))
	}
	// Codes that must not be sent: unassigned, reserved (1004), or meant
	// only for reporting a close that had no frame (1005, 1006, 1015).
	for i, code := range []uint16{0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999} {
		cs = append(cs, failCase(fmt.Sprintf("7.9.%d", i+1), fmt.Sprintf("close with invalid code %d", code), 1002, whole, nil,
			closeCode(code, "")))
	}
	for i, code := range []uint16{5000, 65535} {
		cs = append(cs, failCase(fmt.Sprintf("7.13.%d", i+1), fmt.Sprintf("close with invalid code %d", code), 1002, whole, nil,
			closeCode(code, "")))
	}
	return cs
}

// closeCase sends frames that include a close and expects wants (echoes of
// what came before the close), then the client's close in reply.
func closeCase(id, desc string, wants []want, end ending, fs ...scripted.Frame) Case {
	return Case{ID: id, Description: desc, run: exchange{
		send: []write{{frames: fs}},
		want: wants,
		end:  end,
	}.run}
}

// bigThenClose is 7.1.6.
func bigThenClose(s *session) verdict {
	p := payload(scripted.OpText, 256<<10)
	echo := echoOf(scripted.OpText, p)
	echo.optional = true
	return exchange{
		send: []write{{frames: []scripted.Frame{frame(scripted.OpText, true, p), closeCode(1000, ""), ping("ping payload")}}},
		want: []want{echo},
		end:  replyWith(1000),
	}.run(s)
}
