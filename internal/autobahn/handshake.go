package autobahn

import (
	"encoding/base64"
	"net/http"
	"strings"
	"time"

	"github.com/spec2lib/websocket/internal/scripted"
)

// requestProblem says what is wrong with a client's opening handshake
// (RFC 6455 §4.1, the client's requirements), or "".
func requestProblem(req *http.Request) string {
	key, _ := base64.StdEncoding.DecodeString(req.Header.Get("Sec-WebSocket-Key"))
	switch {
	case req.Method != http.MethodGet:
		return "the method is " + req.Method + ", not GET"
	case !req.ProtoAtLeast(1, 1):
		return "the request is " + req.Proto + ", not HTTP/1.1 or later"
	case req.Host == "":
		return "there is no Host header"
	case !hasToken(req.Header, "Upgrade", "websocket"):
		return "Upgrade does not name websocket"
	case !hasToken(req.Header, "Connection", "Upgrade"):
		return "Connection does not name Upgrade"
	case len(key) != 16:
		return "Sec-WebSocket-Key is not 16 bytes in base64"
	case req.Header.Get("Sec-WebSocket-Version") != "13":
		return "Sec-WebSocket-Version is not 13"
	}
	return ""
}

// hasToken reports whether a comma-separated header names token, in any
// case (RFC 6455 §4.1 compares these case-insensitively).
func hasToken(h http.Header, name, token string) bool {
	for _, v := range h.Values(name) {
		for _, t := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}

// offers reports whether the client offered an extension by that name.
func offers(req *http.Request, extension string) bool {
	for _, v := range req.Header.Values("Sec-WebSocket-Extensions") {
		for _, offer := range strings.Split(v, ",") {
			name, _, _ := strings.Cut(offer, ";")
			if strings.EqualFold(strings.TrimSpace(name), extension) {
				return true
			}
		}
	}
	return false
}

// upgradeWith is a response with the given status and the headers of a
// correct upgrade, where change replaces some of them by name ("" leaves
// one out).
func upgradeWith(status string, change map[string]string, extra ...string) func(*http.Request) string {
	return func(req *http.Request) string {
		var lines []string
		for _, line := range scripted.UpgradeHeaders(req) {
			name, _, _ := strings.Cut(line, ":")
			if changed, ok := change[name]; ok {
				line = changed
			}
			if line != "" {
				lines = append(lines, line)
			}
		}
		return scripted.Response(status, append(lines, extra...)...)
	}
}

// notOffered is an extension and subprotocol name no client offers.
const notOffered = "x-autobahn-not-offered"

// deflateNotOffered selects permessage-deflate (RFC 7692), with the
// parameters a client without context takeover would accept, unless the
// client did offer it; then an extension it did not offer instead.
func deflateNotOffered(req *http.Request) string {
	ext := "permessage-deflate; server_no_context_takeover; client_no_context_takeover"
	if offers(req, "permessage-deflate") {
		ext = notOffered
	}
	return scripted.Response101(req, "Sec-WebSocket-Extensions: "+ext)
}

// refused grades a case whose handshake response the client must refuse (RFC
// 6455 §4.1: the client must _Fail the WebSocket Connection_): it closes TCP
// and sends no frame, since no WebSocket connection exists.
func refused(s *session) verdict {
	s.writeNow(scripted.Text(hello))
	s.c.SetReadDeadline(time.Now().Add(s.limit))
	_, err := s.c.R.Peek(1)
	if err == nil {
		ev := s.next()
		if ev.kind == evBad { // its detail says what the client sent
			return fail("accepted the bad handshake, then %s", ev)
		}
		return fail("accepted the bad handshake, then sent a %s", ev)
	}
	if ev := readError(err, s.limit); ev.kind == evTimeout {
		return fail("kept the connection open after the bad handshake (%s); it must close it", ev)
	}
	return pass("")
}
