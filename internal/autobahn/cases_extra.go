package autobahn

import (
	"fmt"
	"net/http"

	"github.com/spec2lib/websocket/internal/scripted"
)

// The extra cases, numbered X so as not to clash with Autobahn's: what
// RFC 6455 asks of a client beyond the suite.
func extraCases() []Case {
	cs := handshakeCases()
	// X.2: a client must fail the connection on a masked frame from the
	// server (RFC 6455 §5.1).
	masked := text(hello)
	masked.Masked, masked.Key = true, [4]byte{0x37, 0xfa, 0x21, 0x3d}
	cs = append(cs, failCase("X.2.1", `masked text "Hello, world!"`, 1002, whole, nil, masked))
	// X.3: codes that IANA registered after RFC 6455.
	for i, code := range []uint16{1012, 1013, 1014} {
		end := replyWith(code, 1000)
		end.lenient = true
		cs = append(cs, closeCase(fmt.Sprintf("X.3.%d", i+1), fmt.Sprintf("close %d, registered after RFC 6455", code),
			nil, end, closeCode(code, "")))
	}
	return cs
}

// handshakeCases is X.1: responses that RFC 6455 §4.1 tells the client to
// refuse.
func handshakeCases() []Case {
	drop := func(name string) map[string]string { return map[string]string{name: ""} }
	bad := []struct {
		desc    string
		respond func(*http.Request) string
	}{
		{"200 OK with otherwise correct upgrade headers", upgradeWith("200 OK", nil, "Content-Length: 0")},
		{"403 Forbidden with otherwise correct upgrade headers", upgradeWith("403 Forbidden", nil, "Content-Length: 0")},
		{"101 without an Upgrade header", upgradeWith("101 Switching Protocols", drop("Upgrade"))},
		{"101 with Upgrade: h2c", upgradeWith("101 Switching Protocols", map[string]string{"Upgrade": "Upgrade: h2c"})},
		{"101 without a Connection header", upgradeWith("101 Switching Protocols", drop("Connection"))},
		{"101 with a wrong Sec-WebSocket-Accept", wrongAccept},
		{"101 with a Sec-WebSocket-Protocol the client did not offer", func(req *http.Request) string {
			return scripted.Response101(req, "Sec-WebSocket-Protocol: "+notOffered)
		}},
		{"101 with Sec-WebSocket-Extensions: permessage-deflate, which the client did not offer", deflateNotOffered},
		{"101 with an unknown Sec-WebSocket-Extensions the client did not offer", func(req *http.Request) string {
			return scripted.Response101(req, "Sec-WebSocket-Extensions: "+notOffered)
		}},
	}
	var cs []Case
	for i, b := range bad {
		cs = append(cs, Case{ID: fmt.Sprintf("X.1.%d", i+1), Description: b.desc, respond: b.respond, run: refused})
	}
	return cs
}

// wrongAccept answers with the accept value of another key.
func wrongAccept(req *http.Request) string {
	return upgradeWith("101 Switching Protocols", map[string]string{
		"Sec-WebSocket-Accept": "Sec-WebSocket-Accept: " + scripted.AcceptKey(req.Header.Get("Sec-WebSocket-Key")+"x"),
	})(req)
}
