package autobahn

import (
	"fmt"

	"github.com/spec2lib/websocket/internal/scripted"
)

// Family 5: fragmentation (RFC 6455 §5.4).

// chops are the three ways the suite writes the same frames: in one
// write, one write per frame, and one byte at a time.
var chops = []struct {
	chop   int
	suffix string
}{
	{whole, ""},
	{perFrame, ", frame by frame"},
	{1, ", in 1-byte chops"},
}

func fragmentCases() []Case {
	echo12 := echoOf(scripted.OpText, []byte("fragment1fragment2"))
	cs := []Case{
		failCase("5.1", "ping fragmented into 2 frames", 1002, whole, nil,
			frame(scripted.OpPing, false, []byte("fragment1")), last("fragment2")),
		failCase("5.2", "pong fragmented into 2 frames", 1002, whole, nil,
			frame(scripted.OpPong, false, []byte("fragment1")), last("fragment2")),
	}
	for i, c := range chops {
		cs = append(cs, echoCase(fmt.Sprintf("5.%d", 3+i), `text "fragment1" + "fragment2" in 2 fragments`+c.suffix,
			c.chop, echo12, first("fragment1"), last("fragment2")))
	}
	for i, c := range chops {
		cs = append(cs, Case{
			ID:          fmt.Sprintf("5.%d", 6+i),
			Description: `text in 2 fragments with ping "ping payload" between them` + c.suffix,
			run: exchange{
				send: []write{{frames: []scripted.Frame{first("fragment1"), ping("ping payload"), last("fragment2")}, chop: c.chop}},
				want: []want{pongOf("ping payload"), echo12},
			}.run,
		})
	}
	// Continuations with nothing to continue: the connection fails at
	// once, and the valid text that follows is not echoed.
	for g, cont := range []scripted.Frame{last("non-continuation payload"), more("non-continuation payload")} {
		fin := map[bool]string{true: "FIN", false: "no FIN"}[cont.Fin]
		for i, c := range chops {
			cs = append(cs, failCase(fmt.Sprintf("5.%d", 9+3*g+i),
				fmt.Sprintf(`continuation frame with %s and nothing to continue, then text "Hello, world!"%s`, fin, c.suffix),
				1002, c.chop, nil, cont, text(hello)))
		}
	}
	twice := func(fs ...scripted.Frame) []scripted.Frame { return append(fs, fs...) }
	cs = append(cs,
		failCase("5.15", `text in 2 fragments, then a continuation with no FIN and nothing to continue, then text "fragment4"`,
			1002, whole, []want{echo12},
			first("fragment1"), last("fragment2"), more("fragment3"), text("fragment4")),
		failCase("5.16", "twice: a continuation with no FIN and nothing to continue, then text in 2 fragments",
			1002, whole, nil, twice(more("fragment1"), first("fragment2"), last("fragment3"))...),
		failCase("5.17", "twice: a continuation with FIN and nothing to continue, then text in 2 fragments",
			1002, whole, nil, twice(last("fragment1"), first("fragment2"), last("fragment3"))...),
		failCase("5.18", "text in 2 fragments that both carry the text opcode",
			1002, whole, nil, first("fragment1"), text("fragment2")),
		Case{ID: "5.19", Description: "text in 5 fragments with a ping after the 2nd and the 4th, and a pause after the first ping",
			run: pongDuringPause(whole)},
		Case{ID: "5.20", Description: "text in 5 fragments with a ping after the 2nd and the 4th, and a pause after the first ping, frame by frame",
			run: pongDuringPause(perFrame)},
	)
	return cs
}

// pongDuringPause is 5.19 and 5.20.
func pongDuringPause(chop int) func(*session) verdict {
	return func(s *session) verdict {
		s.send(write{frames: []scripted.Frame{first("fragment1"), more("fragment2"), ping("pongme 1!")}, chop: chop})
		s.wait()
		wants := []want{
			pongOf("pongme 1!"),
			pongOf("pongme 2!"),
			echoOf(scripted.OpText, []byte("fragment1fragment2fragment3fragment4fragment5")),
		}
		v := lax("answered the first ping only after the server had sent the rest of the message (RFC 6455 §5.5.2: as soon as is practical)")
		switch ev := s.nextWithin(s.pause); {
		case wants[0].matches(ev):
			v, wants = pass(""), wants[1:]
		case ev.kind != evTimeout:
			return fail("during the pause after the first ping, expected %s, got %s", wants[0], ev)
		}
		s.send(write{frames: []scripted.Frame{more("fragment3"), more("fragment4"), ping("pongme 2!"), last("fragment5")}, chop: chop})
		return s.serverClose(worst(v, s.expect(wants...)))
	}
}
