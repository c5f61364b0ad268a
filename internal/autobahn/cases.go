package autobahn

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/spec2lib/websocket/internal/scripted"
)

// Case is one case of the suite.
type Case struct {
	// ID is the case number: Autobahn's, like "5.19", or "X.n.n" for the
	// extra cases that Autobahn does not have.
	ID string
	// Description says what the server sends.
	Description string

	run     func(*session) verdict     // the case, once the handshake is done
	respond func(*http.Request) string // the handshake response; nil: a correct 101
	slow    bool                       // waits are slowFactor times as long (family 9)
}

// slowFactor stretches the bounds of the cases that move up to 16 MiB.
const slowFactor = 6

// Cases returns every case, in the suite's order: families 1 to 7, 9 and
// 10, then the extra cases X.
func Cases() []Case {
	return slices.Concat(
		framingCases(),      // 1
		pingCases(),         // 2
		reservedBitCases(),  // 3
		opcodeCases(),       // 4
		fragmentCases(),     // 5
		utf8Cases(),         // 6
		closeCases(),        // 7
		performanceCases(),  // 9
		autoFragmentCases(), // 10
		extraCases(),        // X
	)
}

// Filter returns the cases whose ID is one of ids or lies under one of
// them: "6.4" selects 6.4.1 to 6.4.4, "6" the whole family, "6.4.1" just
// that case. The order of cases is kept.
func Filter(cases []Case, ids ...string) []Case {
	var out []Case
	for _, c := range cases {
		for _, id := range ids {
			if c.ID == id || strings.HasPrefix(c.ID, id+".") {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// echoCase is a case that sends frames in chops and expects the echo of
// one message.
func echoCase(id, desc string, chop int, msg want, fs ...scripted.Frame) Case {
	return Case{ID: id, Description: desc, run: exchange{
		send: []write{{frames: fs, chop: chop}},
		want: []want{msg},
	}.run}
}

// failCase is a case whose frames contain a violation: the client answers
// wants (echoes of what came before the violation), then fails with code.
func failCase(id, desc string, code uint16, chop int, wants []want, fs ...scripted.Frame) Case {
	return Case{ID: id, Description: desc, run: exchange{
		send: []write{{frames: fs, chop: chop}},
		want: wants,
		end:  failWith(code),
	}.run}
}

// timed wraps a case so that an OK detail says how long it took: the suite
// times its performance cases.
func timed(run func(*session) verdict) func(*session) verdict {
	return func(s *session) verdict {
		start := time.Now()
		v := run(s)
		if v.grade == OK && v.detail == "" {
			v.detail = "took " + time.Since(start).Round(time.Millisecond).String()
		}
		return v
	}
}

// Frames, spelled out. The server's frames are unmasked (RFC 6455 §5.1).

func frame(op byte, fin bool, p []byte) scripted.Frame {
	return scripted.Frame{Fin: fin, Opcode: op, Payload: p}
}

func text(s string) scripted.Frame { return frame(scripted.OpText, true, []byte(s)) }

func ping(p string) scripted.Frame { return frame(scripted.OpPing, true, []byte(p)) }

func pong(p string) scripted.Frame { return frame(scripted.OpPong, true, []byte(p)) }

func closeFrame(p []byte) scripted.Frame { return frame(scripted.OpClose, true, p) }

func closeCode(code uint16, reason string) scripted.Frame {
	return closeFrame(scripted.ClosePayload(code, reason))
}

// first, more and last are the fragments of a text message (RFC 6455 §5.4).
func first(p string) scripted.Frame { return frame(scripted.OpText, false, []byte(p)) }

func more(p string) scripted.Frame { return frame(scripted.OpContinuation, false, []byte(p)) }

func last(p string) scripted.Frame { return frame(scripted.OpContinuation, true, []byte(p)) }

func withRSV(f scripted.Frame, rsv byte) scripted.Frame {
	f.RSV = rsv
	return f
}

// fragments cuts a message into frames of at most size bytes.
func fragments(op byte, p []byte, size int) []scripted.Frame {
	var fs []scripted.Frame
	for {
		n := min(size, len(p))
		fs = append(fs, frame(op, n == len(p), p[:n]))
		p, op = p[n:], scripted.OpContinuation
		if len(p) == 0 {
			return fs
		}
	}
}

// payload is n bytes for a message of type op.
func payload(op byte, n int) []byte {
	pattern := []byte("BAsd7&jh23")
	if op != scripted.OpText {
		pattern = []byte{0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE}
	}
	p := make([]byte, n)
	done := copy(p, pattern)
	for done < n { // doubling copies: megabytes stay cheap under -race
		done += copy(p[done:], p[:done])
	}
	return p
}
