package autobahn

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spec2lib/websocket/internal/scripted"
)

// How the server grades a client (RFC 6455 sections in brackets):
//   - Echo cases: masked, well-formed frames [§5.1-§5.5] whose reassembled
//     messages match; then a close reply to the server's 1000 [§7.1.2,
//     §5.5.1] (an empty or other valid code is NON-STRICT), and nothing after
//     it while the server closes TCP first [§7.1.1].
//   - Fail cases: a close with 1002 or 1007 [§7.1.7, §7.4.1, §8.1] after
//     echoing only what came before the violation; TCP closed without a
//     close frame is NON-STRICT.
//   - Close cases: one close frame in reply, echoing the code or 1000; an
//     invalid close is a fail case [§5.5, §5.5.1, §7.4].
//   - A deadline hit is FAILED, with what the server waited for.

// Grade is the outcome of one case, named as Autobahn|Testsuite names it.
type Grade string

// The three grades, from best to worst.
const (
	// OK: exactly right.
	OK Grade = "OK"
	// NonStrict: allowed, but not ideal, such as noticing a problem late
	// or dropping TCP without a close frame.
	NonStrict Grade = "NON-STRICT"
	// Failed: wrong.
	Failed Grade = "FAILED"
)

// rank orders the grades from best to worst.
func (g Grade) rank() int { return slices.Index([]Grade{OK, NonStrict, Failed}, g) }

// verdict is a grade and the detail that explains it.
type verdict struct {
	grade  Grade
	detail string
}

func pass(detail string) verdict { return verdict{OK, detail} }

func lax(format string, args ...any) verdict {
	return verdict{NonStrict, fmt.Sprintf(format, args...)}
}

func fail(format string, args ...any) verdict {
	return verdict{Failed, fmt.Sprintf(format, args...)}
}

// worst combines verdicts: the worst grade wins, and the details of the
// verdicts that have that grade are joined.
func worst(vs ...verdict) verdict {
	out := pass("")
	var details []string
	for _, v := range vs {
		if v.grade.rank() > out.grade.rank() {
			out.grade, details = v.grade, nil
		}
		if v.grade == out.grade && v.detail != "" {
			details = append(details, v.detail)
		}
	}
	out.detail = strings.Join(details, "; ")
	return out
}

// want is one answer the server expects from the client: the echo of a
// message, or a pong.
type want struct {
	kind     eventKind // evMessage or evPong
	op       byte      // evMessage: the message type
	data     []byte
	optional bool // the client may leave it out
}

func echoOf(op byte, data []byte) want { return want{kind: evMessage, op: op, data: data} }

func pongOf(data string) want { return want{kind: evPong, data: []byte(data)} }

func (w want) String() string {
	if w.kind == evPong {
		return "pong " + payloadString(w.data)
	}
	return "the echo of the " + messageString(w.op, w.data)
}

func (w want) matches(ev event) bool {
	return ev.kind == w.kind && ev.op == w.op && bytes.Equal(ev.data, w.data)
}

// mismatch explains why ev is not w.
func (w want) mismatch(ev event) string {
	if ev.kind != w.kind || ev.op != w.op {
		return fmt.Sprintf("expected %s, got %s", w, ev)
	}
	if len(ev.data) != len(w.data) {
		return fmt.Sprintf("%s has %d bytes instead of %d", w, len(ev.data), len(w.data))
	}
	i := 0
	for ev.data[i] == w.data[i] {
		i++
	}
	return fmt.Sprintf("%s first differs at byte %d", w, i)
}

// expect reads the client's answers and checks them against wants, in order.
func (s *session) expect(wants ...want) verdict {
	for _, w := range wants {
		s.hint = len(w.data)
		ev := s.next()
		if w.matches(ev) {
			continue
		}
		if w.optional && !ev.terminal() {
			s.unread = &ev
			continue
		}
		return fail("%s", w.mismatch(ev))
	}
	return pass("")
}

// failure grades the client's reaction to a violation that must fail the
// connection with code (RFC 6455 §7.1.7).
func failure(ev event, code uint16) verdict {
	switch ev.kind {
	case evClose:
		if p := closeProblem(ev.data); p != "" {
			return fail("sent an invalid close frame: %s", p)
		}
		if got := scripted.CloseCode(ev.data); got != code {
			return fail("expected close %d, got %s", code, ev)
		}
		return pass("")
	case evEOF:
		return lax("no close frame; %s", ev)
	case evTimeout:
		return fail("%s: expected close %d", ev, code)
	case evMessage:
		return fail("echoed a %s after the violation", ev)
	case evPong:
		return fail("sent a %s after the violation (a failed connection answers nothing, RFC 6455 §7.1.7)", ev)
	default:
		return fail("%s", ev)
	}
}

// expectFailure reads the client's reaction to a violation, grades it,
// answers its close frame unless the script already sent one (RFC 6455
// §5.5.1), and closes TCP.
func (s *session) expectFailure(code uint16) verdict {
	ev := s.next()
	return s.endFailure(ev, failure(ev, code))
}

func (s *session) endFailure(ev event, v verdict) verdict {
	if ev.kind == evClose && !s.sentClose {
		var echo []byte // the client's code, if it may be sent; else an empty close
		if len(ev.data) >= 2 && sendableCode(scripted.CloseCode(ev.data)) {
			echo = ev.data[:2]
		}
		s.writeNow(closeFrame(echo).Bytes())
		s.sentClose = true
	}
	return s.finish(v)
}

// closeReply grades the client's answer to the server's close frame:
// exactly one close frame [RFC 6455 §5.5.1], with one of codes (1005 stands
// for an empty payload), and nothing before it.
func closeReply(ev event, codes []uint16) verdict {
	switch ev.kind {
	case evClose:
		if p := closeProblem(ev.data); p != "" {
			return fail("replied with an invalid close frame: %s", p)
		}
		if slices.Contains(codes, scripted.CloseCode(ev.data)) {
			return pass("")
		}
		return lax("replied with %s; expected %s (RFC 6455 §5.5.1: echo the code)", ev, codesString(codes))
	case evMessage, evPong:
		return fail("sent a %s after the server's close, instead of a close frame", ev)
	case evEOF:
		return fail("no close frame in reply to the server's close; %s (RFC 6455 §5.5.1)", ev)
	case evTimeout:
		return fail("no close frame in reply to the server's close: %s", ev)
	default:
		return fail("%s", ev)
	}
}

func codesString(codes []uint16) string {
	var parts []string
	for _, c := range codes {
		if c == 1005 {
			parts = append(parts, "an empty close")
		} else {
			parts = append(parts, fmt.Sprintf("close %d", c))
		}
	}
	return strings.Join(parts, " or ")
}

// serverClose ends an echo case: the server starts the closing handshake
// with 1000 (RFC 6455 §7.1.2) and grades the reply. v is the grade so far.
func (s *session) serverClose(v verdict) verdict {
	if v.grade == Failed {
		return v
	}
	s.writeNow(scripted.Close(1000, ""))
	s.sentClose = true
	return s.finish(worst(v, closeReply(s.next(), []uint16{1000})))
}

// finish closes TCP the way RFC 6455 §7.1.1 asks of a server: first.
func (s *session) finish(v verdict) verdict {
	if v.grade == Failed {
		return v
	}
	s.wait()
	s.c.CloseWrite()
	if what := s.trailing(); what != "" {
		return worst(v, fail("sent %s after its close frame", what))
	}
	return v
}

// trailing says what the client sent after its close frame, or "".
func (s *session) trailing() string {
	if s.unread != nil {
		return "a " + s.unread.String()
	}
	if s.end != nil {
		return ""
	}
	s.c.SetReadDeadline(time.Now().Add(s.quick))
	if _, err := s.c.R.Peek(1); err != nil {
		return "" // EOF or reset: the client closed TCP (or kept it open, ungraded)
	}
	f, err := scripted.ReadFrame(s.c.R)
	if err != nil {
		return "bytes that are not a whole frame"
	}
	return "a " + opName(f.Opcode) + " frame"
}

// closeProblem says what is wrong with a close payload the client sent,
// or "" (RFC 6455 §5.5.1, §7.4).
func closeProblem(p []byte) string {
	if len(p) == 0 {
		return ""
	}
	if len(p) == 1 {
		return "a 1-byte payload (RFC 6455 §5.5.1: a code takes 2 bytes)"
	}
	if code := scripted.CloseCode(p); !sendableCode(code) {
		return fmt.Sprintf("code %d may not be sent (RFC 6455 §7.4)", code)
	}
	if !utf8.Valid(p[2:]) {
		return "the reason is not UTF-8 (RFC 6455 §5.5.1)"
	}
	return ""
}

// sendableCode reports whether an endpoint may put code in a close frame:
// the codes RFC 6455 §7.4.1 defines for that use, 1012-1014 that IANA
// registered since, and the ranges for libraries and applications (§7.4.2).
func sendableCode(code uint16) bool {
	return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999
}
