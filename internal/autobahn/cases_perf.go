package autobahn

import (
	"fmt"

	"github.com/spec2lib/websocket/internal/scripted"
)

// Families 9 and 10: large messages, many fragments, small chops, many
// round trips. The suite times them; the server says how long each took.

const (
	kib = 1 << 10
	mib = 1 << 20
)

func performanceCases() []Case {
	var cs []Case
	add := func(id, desc string, run func(*session) verdict) {
		cs = append(cs, Case{ID: id, Description: desc, run: timed(run), slow: true})
	}
	ops := []byte{scripted.OpText, scripted.OpBinary}
	for g, op := range ops { // 9.1, 9.2: one big message
		for i, n := range []int{64 * kib, 256 * kib, 1 * mib, 4 * mib, 8 * mib, 16 * mib} {
			add(fmt.Sprintf("9.%d.%d", 1+g, i+1), fmt.Sprintf("%s message of %s in one frame", opName(op), size(n)),
				bigEcho(op, n, n, whole))
		}
	}
	for g, op := range ops { // 9.3, 9.4: 4 MiB in fragments
		for i, f := range []int{64, 256, 1 * kib, 4 * kib, 16 * kib, 64 * kib, 256 * kib, 1 * mib, 4 * mib} {
			add(fmt.Sprintf("9.%d.%d", 3+g, i+1), fmt.Sprintf("%s message of 4 MiB in fragments of %s", opName(op), size(f)),
				bigEcho(op, 4*mib, f, whole))
		}
	}
	for g, op := range ops { // 9.5, 9.6: 1 MiB in one frame, written in chops
		for i, c := range []int{64, 128, 256, 512, 1 * kib, 2 * kib} {
			add(fmt.Sprintf("9.%d.%d", 5+g, i+1), fmt.Sprintf("%s message of 1 MiB in one frame, in chops of %s", opName(op), size(c)),
				bigEcho(op, mib, mib, c))
		}
	}
	for g, op := range ops { // 9.7, 9.8: round trips
		for i, n := range []int{0, 16, 64, 256, 1 * kib, 4 * kib} {
			add(fmt.Sprintf("9.%d.%d", 7+g, i+1), fmt.Sprintf("1000 %s messages of %s, each sent after the echo of the one before", opName(op), size(n)),
				roundTrips(op, n, 1000))
		}
	}
	return cs
}

// autoFragmentCases is family 10: the message the client echoes has come
// in fragments of 1300 bytes, and may be echoed in any fragmentation.
func autoFragmentCases() []Case {
	return []Case{{ID: "10.1.1", Description: "text message of 64 KiB in fragments of 1300 bytes",
		run: bigEcho(scripted.OpText, 64*kib, 1300, whole)}}
}

// bigEcho sends a message of n bytes in fragments of at most frag bytes,
// written in chops, and expects its echo. The payload is made when the case
// runs.
func bigEcho(op byte, n, frag, chop int) func(*session) verdict {
	return func(s *session) verdict {
		p := payload(op, n)
		return exchange{
			send: []write{{frames: fragments(op, p, frag), chop: chop}},
			want: []want{echoOf(op, p)},
		}.run(s)
	}
}

// roundTrips sends count messages of n bytes, one at a time: each only
// once the echo of the one before has come.
func roundTrips(op byte, n, count int) func(*session) verdict {
	return func(s *session) verdict {
		p := payload(op, n)
		msg := frame(op, true, p).Bytes()
		for i := range count {
			s.writeNow(msg)
			if v := s.expect(echoOf(op, p)); v.grade != OK {
				return fail("round trip %d of %d: %s", i+1, count, v.detail)
			}
		}
		return s.serverClose(pass(""))
	}
}

// size writes a byte count the way the case descriptions do: 64 KiB, 1 MiB.
func size(n int) string {
	switch {
	case n >= mib && n%mib == 0:
		return fmt.Sprintf("%d MiB", n/mib)
	case n >= kib && n%kib == 0:
		return fmt.Sprintf("%d KiB", n/kib)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}
