package autobahn

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// The server's side of permessage-deflate (RFC 7692), for families 12
// and 13: it reads the client's offer, answers it as a case says, then
// compresses its own messages and inflates the client's as the answer
// agreed. It is written apart from the client under test, with
// compress/flate, as the suite's server uses zlib.

// serverAsks is what a case adds to its answer, beyond what the client's
// offer requests of the server (RFC 7692 §7.1).
type serverAsks struct {
	clientNoContextTakeover bool // §7.1.1.2: the client must start each message afresh
	serverNoContextTakeover bool // §7.1.1.1: the server will, even unasked
	clientMaxWindowBits     int  // §7.1.2.2: 8..15, only if the client offered the parameter; 0 for none
}

// pmdOffer is one permessage-deflate offer of the client's, as far as
// the server needs it.
type pmdOffer struct {
	serverNoContextTakeover bool // the client asks the server not to keep its window
	serverMaxWindowBits     int  // the client asks for a server window of at most this; 0 for none
	clientMaxWindowBits     bool // the client supports client_max_window_bits in the answer
}

// deflateAgreement is what a case's answer agreed to.
type deflateAgreement struct {
	serverNoContextTakeover bool
	serverMaxWindowBits     int // 0: 15
	clientNoContextTakeover bool
	clientMaxWindowBits     int // 0: 15
}

// offers reads the client's permessage-deflate offers, in its order of
// preference, leaving out those a server must decline (RFC 7692 §7:
// an unknown parameter, an invalid value, a parameter twice).
func pmdOffers(req *http.Request) []pmdOffer {
	var out []pmdOffer
	for _, v := range req.Header.Values("Sec-WebSocket-Extensions") {
	elements:
		for _, element := range strings.Split(v, ",") {
			params := strings.Split(element, ";")
			if !strings.EqualFold(strings.TrimSpace(params[0]), "permessage-deflate") {
				continue
			}
			var o pmdOffer
			seen := map[string]bool{}
			for _, p := range params[1:] {
				name, value, hasValue := strings.Cut(p, "=")
				name = strings.ToLower(strings.TrimSpace(name))
				value = strings.Trim(strings.TrimSpace(value), `"`)
				if seen[name] {
					continue elements
				}
				seen[name] = true
				switch {
				case name == "server_no_context_takeover" && !hasValue:
					o.serverNoContextTakeover = true
				case name == "client_no_context_takeover" && !hasValue: // a hint, which needs nothing of the server
				case name == "server_max_window_bits" && windowBits(value) > 0:
					o.serverMaxWindowBits = windowBits(value)
				case name == "client_max_window_bits" && (!hasValue || windowBits(value) > 0):
					o.clientMaxWindowBits = true
				default:
					continue elements
				}
			}
			out = append(out, o)
		}
	}
	return out
}

// windowBits reads a window size of RFC 7692 §7.1.2, 8 to 15, or 0.
func windowBits(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 8 || n > 15 || strconv.Itoa(n) != s {
		return 0
	}
	return n
}

// answer accepts the client's first offer, with what asks adds, and
// returns the Sec-WebSocket-Extensions of the response and what it
// agrees to; ok is false when the client offered nothing acceptable.
func (asks serverAsks) answer(req *http.Request) (header string, a deflateAgreement, ok bool) {
	offers := pmdOffers(req)
	if len(offers) == 0 {
		return "", a, false
	}
	o := offers[0]
	a = deflateAgreement{
		serverNoContextTakeover: o.serverNoContextTakeover || asks.serverNoContextTakeover,
		serverMaxWindowBits:     o.serverMaxWindowBits,
		clientNoContextTakeover: asks.clientNoContextTakeover,
	}
	if o.clientMaxWindowBits {
		a.clientMaxWindowBits = asks.clientMaxWindowBits
	}
	header = "permessage-deflate"
	if a.serverNoContextTakeover {
		header += "; server_no_context_takeover"
	}
	if a.serverMaxWindowBits != 0 {
		header += fmt.Sprintf("; server_max_window_bits=%d", a.serverMaxWindowBits)
	}
	if a.clientNoContextTakeover {
		header += "; client_no_context_takeover"
	}
	if a.clientMaxWindowBits != 0 {
		header += fmt.Sprintf("; client_max_window_bits=%d", a.clientMaxWindowBits)
	}
	return header, a, true
}

// syncTail is what a sync flush ends with, and what RFC 7692 §7.2.1
// takes off a compressed message; inflateTail puts it back (§7.2.2),
// then an empty final block, so that data cut inside a block is an
// error rather than a short message.
var (
	syncTail    = []byte{0x00, 0x00, 0xff, 0xff}
	inflateTail = []byte{0x00, 0x00, 0xff, 0xff, 0x01, 0x00, 0x00, 0xff, 0xff}
)

// maxWindow is DEFLATE's largest window, 32 KiB.
const maxWindow = 32 << 10

// deflateState is a session's permessage-deflate: the server's
// compressor, and the client's window for inflating its messages.
type deflateState struct {
	agreed deflateAgreement
	out    bytes.Buffer
	fw     *flate.Writer
	window []byte // the client's last 32 KiB inflated, while it may use context takeover
}

func newDeflateState(a deflateAgreement) *deflateState {
	level := flate.BestSpeed
	if a.serverMaxWindowBits != 0 && a.serverMaxWindowBits < 15 {
		// compress/flate cannot shrink its window; without LZ77
		// matches, no match is too far back for the client's window.
		level = flate.HuffmanOnly
	}
	d := &deflateState{agreed: a}
	d.fw, _ = flate.NewWriter(&d.out, level)
	return d
}

// compress is p as the server's next compressed message.
func (d *deflateState) compress(p []byte) []byte {
	if d.agreed.serverNoContextTakeover {
		d.fw.Reset(&d.out)
	}
	d.out.Reset()
	d.fw.Write(p)
	d.fw.Flush()
	return bytes.Clone(bytes.TrimSuffix(d.out.Bytes(), syncTail))
}

// inflate inflates a compressed message of the client's, with the
// client's window unless the answer took it away; it checks that the
// client's compressor kept to the window the answer allowed.
func (d *deflateState) inflate(p []byte) ([]byte, error) {
	var dict []byte
	if !d.agreed.clientNoContextTakeover {
		dict = d.window
	}
	data := append(bytes.Clone(p), inflateTail...)
	msg, err := io.ReadAll(io.LimitReader(flate.NewReaderDict(bytes.NewReader(data), dict), maxMessage+1))
	if err == nil && len(msg) > maxMessage {
		err = fmt.Errorf("it inflates to more than %d bytes", maxMessage)
	}
	if err != nil {
		if d.agreed.clientNoContextTakeover {
			err = fmt.Errorf("%w (after client_no_context_takeover, a message may not refer to an earlier one, RFC 7692 §7.1.1.2)", err)
		}
		return nil, err
	}
	if bits := d.agreed.clientMaxWindowBits; bits != 0 && bits < 15 {
		dist, err := farthestReference(data)
		if err != nil {
			return nil, err
		}
		if dist > 1<<bits {
			return nil, fmt.Errorf("a reference %d bytes back, past the window of %d bytes that client_max_window_bits=%d allows (RFC 7692 §7.1.2.2)", dist, 1<<bits, bits)
		}
	}
	if !d.agreed.clientNoContextTakeover {
		d.window = append(d.window, msg...)
		d.window = d.window[max(0, len(d.window)-maxWindow):]
	}
	return msg, nil
}

// farthestReference decodes DEFLATE data (RFC 1951) only to find the
// longest distance any of its matches reaches back. compress/flate
// inflates, but does not say how far back it looked.
func farthestReference(data []byte) (int, error) {
	r := &bitReader{data: data}
	farthest := 0
	for {
		final, err := r.bits(1)
		if err != nil {
			return 0, err
		}
		kind, err := r.bits(2)
		if err != nil {
			return 0, err
		}
		switch kind {
		case 0: // stored
			r.align()
			n, err := r.bits(16)
			if err != nil {
				return 0, err
			}
			if _, err := r.bits(16); err != nil {
				return 0, err
			}
			if r.pos/8+n > len(r.data) {
				return 0, io.ErrUnexpectedEOF
			}
			r.pos += 8 * n
		case 1, 2:
			lit, dist, err := fixedCodes()
			if kind == 2 {
				lit, dist, err = r.dynamicCodes()
			}
			if err != nil {
				return 0, err
			}
			if farthest, err = r.block(lit, dist, farthest); err != nil {
				return 0, err
			}
		default:
			return 0, errors.New("a block of the reserved type 3")
		}
		if final == 1 {
			return farthest, nil
		}
	}
}

// bitReader reads DEFLATE's bits, least significant first.
type bitReader struct {
	data []byte
	pos  int // in bits
}

func (r *bitReader) bits(n int) (int, error) {
	v := 0
	for i := range n {
		if r.pos/8 >= len(r.data) {
			return 0, io.ErrUnexpectedEOF
		}
		v |= int(r.data[r.pos/8]>>(r.pos%8)&1) << i
		r.pos++
	}
	return v, nil
}

func (r *bitReader) align() { r.pos = (r.pos + 7) &^ 7 }

// huffman is a canonical Huffman code: counts[n] codes of length n, and
// the symbols in order of their codes.
type huffman struct {
	counts  [16]int
	symbols []int
}

func newHuffman(lengths []int) huffman {
	var h huffman
	for _, l := range lengths {
		h.counts[l]++
	}
	h.counts[0] = 0
	for l := 1; l < 16; l++ {
		for s, sl := range lengths {
			if sl == l {
				h.symbols = append(h.symbols, s)
			}
		}
	}
	return h
}

// decode reads one symbol, a bit at a time (RFC 1951 §3.2.2).
func (r *bitReader) decode(h huffman) (int, error) {
	code, first, index := 0, 0, 0
	for l := 1; l < 16; l++ {
		b, err := r.bits(1)
		if err != nil {
			return 0, err
		}
		code |= b
		count := h.counts[l]
		if code-first < count {
			return h.symbols[index+code-first], nil
		}
		index += count
		first = (first + count) << 1
		code <<= 1
	}
	return 0, errors.New("a code that no symbol has")
}

// The extra bits of lengths 257-285, and the bases and extra bits of
// distances 0-29 (RFC 1951 §3.2.5): only how far back a match reaches
// matters here, not how long it is.
var (
	lengthExtra = []int{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = []int{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = []int{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

// block reads one Huffman block's symbols, and returns the farthest
// distance so far.
func (r *bitReader) block(lit, dist huffman, farthest int) (int, error) {
	for {
		sym, err := r.decode(lit)
		if err != nil {
			return 0, err
		}
		switch {
		case sym < 256:
			continue
		case sym == 256:
			return farthest, nil
		case sym > 285:
			return 0, errors.New("a length symbol past 285")
		}
		if _, err := r.bits(lengthExtra[sym-257]); err != nil {
			return 0, err
		}
		d, err := r.decode(dist)
		if err != nil {
			return 0, err
		}
		if d >= len(distBase) {
			return 0, errors.New("a distance symbol past 29")
		}
		extra, err := r.bits(distExtra[d])
		if err != nil {
			return 0, err
		}
		farthest = max(farthest, distBase[d]+extra)
	}
}

// fixedCodes are the codes of BTYPE=01 (RFC 1951 §3.2.6).
func fixedCodes() (lit, dist huffman, err error) {
	lengths := make([]int, 288)
	for s := range lengths {
		switch {
		case s < 144:
			lengths[s] = 8
		case s < 256:
			lengths[s] = 9
		case s < 280:
			lengths[s] = 7
		default:
			lengths[s] = 8
		}
	}
	d := make([]int, 30)
	for s := range d {
		d[s] = 5
	}
	return newHuffman(lengths), newHuffman(d), nil
}

// dynamicCodes reads the codes of a BTYPE=10 block (RFC 1951 §3.2.7).
func (r *bitReader) dynamicCodes() (lit, dist huffman, err error) {
	hlit, err1 := r.bits(5)
	hdist, err2 := r.bits(5)
	hclen, err3 := r.bits(4)
	if err := errors.Join(err1, err2, err3); err != nil {
		return lit, dist, err
	}
	order := []int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
	clens := make([]int, 19)
	for i := range hclen + 4 {
		if clens[order[i]], err = r.bits(3); err != nil {
			return lit, dist, err
		}
	}
	codeLengths := newHuffman(clens)
	lengths := make([]int, 0, hlit+257+hdist+1)
	for len(lengths) < hlit+257+hdist+1 {
		sym, err := r.decode(codeLengths)
		if err != nil {
			return lit, dist, err
		}
		repeat, value := 1, sym
		switch sym {
		case 16:
			if len(lengths) == 0 {
				return lit, dist, errors.New("a repeat with nothing before it")
			}
			n, err := r.bits(2)
			repeat, value = 3+n, lengths[len(lengths)-1]
			if err != nil {
				return lit, dist, err
			}
		case 17:
			n, err := r.bits(3)
			repeat, value = 3+n, 0
			if err != nil {
				return lit, dist, err
			}
		case 18:
			n, err := r.bits(7)
			repeat, value = 11+n, 0
			if err != nil {
				return lit, dist, err
			}
		}
		for range repeat {
			lengths = append(lengths, value)
		}
	}
	if len(lengths) > hlit+257+hdist+1 {
		return lit, dist, errors.New("code lengths that run past their count")
	}
	return newHuffman(lengths[:hlit+257]), newHuffman(lengths[hlit+257:]), nil
}
