package autobahn

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"

	"github.com/spec2lib/websocket/internal/scripted"
)

// Families 12 and 13: permessage-deflate (RFC 7692). The server accepts
// the client's offer of the extension, sends batches of compressed
// messages, and checks each echo, which may come compressed or not.
// Family 12 varies what the messages hold; family 13 varies what the
// server's answer asks of the client. They apply only to a client that
// offers compression: the suite's agents offer it for them, so they
// are not among Cases(), which every step's agent is graded on, but in
// DeflateCases().

// DeflateCases returns families 12 and 13, in the suite's order.
func DeflateCases() []Case {
	var cs []Case
	kinds := []struct {
		desc string
		make func(size, i int) (byte, []byte)
	}{
		{"text of repeated words", repeatedWords},
		{"binary of repeated bytes", repeatedBytes},
		{"text that compresses poorly", varietyText},
		{"random binary", randomBytes},
		{"text and binary of mixed sizes, up to", mixedSizes},
	}
	for k, kind := range kinds {
		for i, n := range deflateSizes {
			cs = append(cs, deflateCase(fmt.Sprintf("12.%d.%d", k+1, i+1),
				fmt.Sprintf("%d compressed messages of %s, %s", batch(n), kind.desc, size(n)),
				serverAsks{}, kind.make, n))
		}
	}
	answers := []struct {
		desc string
		asks serverAsks
	}{
		{"answered with permessage-deflate alone", serverAsks{}},
		{"answered with client_no_context_takeover and server_no_context_takeover",
			serverAsks{clientNoContextTakeover: true, serverNoContextTakeover: true}},
		{"answered with client_max_window_bits=8 where offered", serverAsks{clientMaxWindowBits: 8}},
		{"answered with client_max_window_bits=15 where offered", serverAsks{clientMaxWindowBits: 15}},
		{"answered with both no_context_takeover and client_max_window_bits=8 where offered",
			serverAsks{clientNoContextTakeover: true, serverNoContextTakeover: true, clientMaxWindowBits: 8}},
		{"answered with both no_context_takeover and client_max_window_bits=15 where offered",
			serverAsks{clientNoContextTakeover: true, serverNoContextTakeover: true, clientMaxWindowBits: 15}},
		{"answered with server_no_context_takeover unasked and client_max_window_bits=9 where offered",
			serverAsks{serverNoContextTakeover: true, clientMaxWindowBits: 9}},
	}
	for a, answer := range answers {
		for i, n := range deflateSizes {
			cs = append(cs, deflateCase(fmt.Sprintf("13.%d.%d", a+1, i+1),
				fmt.Sprintf("%d compressed messages of text of repeated words, %s, %s", batch(n), size(n), answer.desc),
				answer.asks, repeatedWords, n))
		}
	}
	return cs
}

// deflateSizes are the size classes of the messages, 16 B to 128 KiB.
var deflateSizes = []int{16, 64, 256, 1 * kib, 4 * kib, 8 * kib, 16 * kib, 32 * kib, 64 * kib, 128 * kib}

// batch is how many messages of n bytes a case sends: the suite's 1000,
// fewer for the large sizes, so that a case moves about 256 KiB or at
// least 16 messages, and the families take seconds.
func batch(n int) int { return max(16, min(1000, 256*kib/n)) }

// deflateCase answers the client's offer as asks says, then sends the
// batch, one message at a time, each compressed, and expects its echo.
func deflateCase(id, desc string, asks serverAsks, gen func(size, i int) (byte, []byte), n int) Case {
	return Case{
		ID:          id,
		Description: desc,
		respond: func(req *http.Request) string {
			header, _, ok := asks.answer(req)
			if !ok {
				return scripted.Response101(req)
			}
			return scripted.Response101(req, "Sec-WebSocket-Extensions: "+header)
		},
		run: timed(func(s *session) verdict {
			_, agreed, ok := asks.answer(s.req)
			if !ok {
				return fail("the client did not offer permessage-deflate (RFC 7692), which this family tests")
			}
			s.deflate = newDeflateState(agreed)
			for i := range batch(n) {
				op, p := gen(n, i)
				s.writeNow(scripted.Frame{Fin: true, RSV: 4, Opcode: op, Payload: s.deflate.compress(p)}.Bytes())
				if v := s.expect(echoOf(op, p)); v.grade != OK {
					return fail("message %d of %d: %s", i+1, batch(n), v.detail)
				}
			}
			return s.serverClose(pass(""))
		}),
	}
}

// words are what the texts are made of.
var words = strings.Fields(`the of and to in a is that for it as was with be by on not he this are or
his from at which but have an they you were her she there been one all we their has would when if
so no will can more other its into them than some could time these two may first then do any like
my now over such our man me even most made after also did many before must through back years where
much your way well down should because each just those people how too little state good very make
world still own see men work long get here between both life being under never day same another know
while last might us great old year off come since against go came right used take three`)

// repeatedWords is text that compresses well: the same few words over
// and over, as JSON repeats its keys.
func repeatedWords(size, i int) (byte, []byte) {
	var b strings.Builder
	for j := i; b.Len() < size; j++ {
		b.WriteString(words[j%16])
		b.WriteByte(' ')
	}
	return scripted.OpText, []byte(b.String()[:size])
}

// repeatedBytes is binary that compresses best: a short pattern.
func repeatedBytes(size, i int) (byte, []byte) {
	p := payload(scripted.OpBinary, size)
	if size > 0 {
		p[0] = byte(i)
	}
	return scripted.OpBinary, p
}

// varietyText is text that compresses poorly, as prose does: words
// drawn at random from a larger vocabulary, with punctuation.
func varietyText(size, i int) (byte, []byte) {
	rng := rand.New(rand.NewPCG(uint64(size), uint64(i)))
	var b strings.Builder
	for b.Len() < size {
		b.WriteString(words[rng.IntN(len(words))])
		b.WriteString([]string{" ", " ", " ", ", ", ". ", "; "}[rng.IntN(6)])
	}
	return scripted.OpText, []byte(b.String()[:size])
}

// randomBytes does not compress at all: a client may well send it back
// uncompressed.
func randomBytes(size, i int) (byte, []byte) {
	rng := rand.New(rand.NewPCG(uint64(size), uint64(i)))
	p := make([]byte, size)
	for j := range p {
		p[j] = byte(rng.Uint32())
	}
	return scripted.OpBinary, p
}

// mixedSizes alternates text and binary messages of random sizes up to
// size, empty ones included.
func mixedSizes(size, i int) (byte, []byte) {
	n := rand.New(rand.NewPCG(uint64(size), uint64(i))).IntN(size + 1)
	if i%2 == 0 {
		return repeatedWords(n, i)
	}
	return randomBytes(n, i)
}
