package autobahn

import "github.com/spec2lib/websocket/internal/scripted"

// exchange is the shape of most cases, written as data: what the server
// sends, the answers it expects in order, and how the case ends.
type exchange struct {
	send []write
	want []want
	end  ending
}

// ending is how a case ends once the client has answered.
type ending struct {
	kind  endKind
	codes []uint16 // endFail: the code; endReply: the codes the reply may carry (1005: empty)
	// lenient makes failing with 1002 NON-STRICT rather than FAILED, for
	// close codes that IANA registered after RFC 6455.
	lenient bool
}

type endKind int

const (
	endEcho  endKind = iota // the server closes with 1000 and expects the reply
	endFail                 // the client must fail the connection with codes[0]
	endReply                // the server has sent a close; the client replies with one of codes
)

func failWith(code uint16) ending { return ending{kind: endFail, codes: []uint16{code}} }

func replyWith(codes ...uint16) ending { return ending{kind: endReply, codes: codes} }

// run plays the exchange and grades it.
func (x exchange) run(s *session) verdict {
	s.sentClose = sendsClose(x.send)
	s.send(x.send...)
	v := s.expect(x.want...)
	if v.grade == Failed {
		return v
	}
	switch x.end.kind {
	case endFail:
		return worst(v, s.expectFailure(x.end.codes[0]))
	case endReply:
		ev := s.next()
		r := closeReply(ev, x.end.codes)
		if x.end.lenient && ev.kind == evClose && scripted.CloseCode(ev.data) == 1002 {
			r = lax("failed with 1002 on close code %d, which IANA registered after RFC 6455; accepting it is correct", x.end.codes[0])
		}
		return s.finish(worst(v, r))
	default:
		return s.serverClose(v)
	}
}
