package autobahn

import (
	"bytes"
	"compress/flate"
	"net/http"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDeflateCases(t *testing.T) {
	cs := DeflateCases()
	assert.Len(t, cs, 120)
	assert.Len(t, Filter(cs, "12"), 50)
	assert.Len(t, Filter(cs, "13"), 70)
	id := regexp.MustCompile(`^1[23]\.[1-7]\.([1-9]|10)$`)
	for _, c := range cs {
		assert.Regexp(t, id, c.ID)
		assert.NotNil(t, c.run, c.ID)
		assert.NotNil(t, c.respond, c.ID)
	}
	assert.Empty(t, Filter(Cases(), "12", "13"), "every step's agent is graded on Cases(): compression is apart")
}

// TestCoderPassesTheDeflateFamilies: coder/websocket's client, which
// offers permessage-deflate with context takeover, is OK in every case
// of families 12 and 13. (Gorilla's client refuses any answer without
// both no_context_takeover parameters, so it cannot run them.)
func TestCoderPassesTheDeflateFamilies(t *testing.T) {
	srv := start(t, Config{Cases: DeflateCases()})
	runAgentParallel(t, srv.URL, "coder", 2, coderEcho)
	for _, r := range srv.Results() {
		assert.Equal(t, OK, r.Grade, "%s (%s): %s", r.ID, r.Description, r.Detail)
	}
}

// TestDeflateFamiliesNeedAnOffer: an agent that offers no compression
// fails them.
func TestDeflateFamiliesNeedAnOffer(t *testing.T) {
	srv := start(t, Config{Cases: Filter(DeflateCases(), "12.1.1", "13.2.1")})
	runAgent(t, srv.URL, "gorilla", gorillaEcho)
	for _, r := range srv.Results() {
		assert.Equal(t, Failed, r.Grade, r.ID)
		assert.Contains(t, r.Detail, "did not offer permessage-deflate", r.ID)
	}
}

// TestAnswers: what the server answers to an offer, case by case (RFC
// 7692 §7.1).
func TestAnswers(t *testing.T) {
	req := func(ext string) *http.Request {
		return &http.Request{Header: http.Header{"Sec-Websocket-Extensions": {ext}}}
	}
	tests := []struct {
		offer string
		asks  serverAsks
		want  string
	}{
		{"permessage-deflate", serverAsks{}, "permessage-deflate"},
		{"permessage-deflate; server_no_context_takeover; client_no_context_takeover", serverAsks{}, "permessage-deflate; server_no_context_takeover"},
		{"permessage-deflate", serverAsks{clientNoContextTakeover: true, serverNoContextTakeover: true}, "permessage-deflate; server_no_context_takeover; client_no_context_takeover"},
		{"permessage-deflate", serverAsks{clientMaxWindowBits: 8}, "permessage-deflate"},
		{"permessage-deflate; client_max_window_bits", serverAsks{clientMaxWindowBits: 8}, "permessage-deflate; client_max_window_bits=8"},
		{"permessage-deflate; server_max_window_bits=10", serverAsks{}, "permessage-deflate; server_max_window_bits=10"},
		{"permessage-deflate; x=1, permessage-deflate; client_max_window_bits=12", serverAsks{clientMaxWindowBits: 9}, "permessage-deflate; client_max_window_bits=9"},
		{"permessage-deflate; server_max_window_bits=16", serverAsks{}, ""},
		{"x-webkit-deflate-frame", serverAsks{}, ""},
	}
	for _, tt := range tests {
		got, _, ok := tt.asks.answer(req(tt.offer))
		assert.Equal(t, tt.want, got, tt.offer)
		assert.Equal(t, tt.want != "", ok, tt.offer)
	}
}

// TestFarthestReference: the window check finds how far back DEFLATE
// data refers: nowhere for Huffman-only data, 3 bytes for a pattern of
// 3, and up to the whole of a repeat 20000 bytes long.
func TestFarthestReference(t *testing.T) {
	compress := func(level int, p []byte) []byte {
		var b bytes.Buffer
		w, _ := flate.NewWriter(&b, level)
		w.Write(p)
		w.Close()
		return b.Bytes()
	}
	text := repeatedWordsBytes(5000)
	_, random := randomBytes(20000, 1)
	tests := []struct {
		data []byte
		min  int
		max  int
	}{
		{compress(flate.HuffmanOnly, text), 0, 0},
		{compress(flate.NoCompression, text), 0, 0},
		{compress(flate.BestCompression, bytes.Repeat([]byte("abc"), 100)), 1, 3},
		{compress(flate.BestCompression, append(random, random...)), 20000, 20000},
		{compress(flate.BestSpeed, text), 1, 5000},
	}
	for i, tt := range tests {
		got, err := farthestReference(tt.data)
		require.NoError(t, err, i)
		assert.GreaterOrEqual(t, got, tt.min, i)
		assert.LessOrEqual(t, got, tt.max, i)
	}
	_, err := farthestReference(tests[3].data[:100])
	assert.Error(t, err, "data cut short")
}

func repeatedWordsBytes(n int) []byte {
	_, p := repeatedWords(n, 0)
	return p
}

// TestInflateHoldsTheClientToItsWindow: after client_max_window_bits=8
// (RFC 7692 §7.1.2.2), an echo whose matches reach further back than 256
// bytes is refused; after client_no_context_takeover (§7.1.1.2), one that
// refers to an earlier message does not inflate.
func TestInflateHoldsTheClientToItsWindow(t *testing.T) {
	compress := func(level int, p []byte) []byte {
		var b bytes.Buffer
		w, _ := flate.NewWriter(&b, level)
		w.Write(p)
		w.Flush()
		return bytes.TrimSuffix(b.Bytes(), syncTail)
	}
	_, random := randomBytes(1000, 2)
	far := append(bytes.Clone(random), random...) // the second half matches 1000 bytes back

	d := newDeflateState(deflateAgreement{clientMaxWindowBits: 8})
	_, err := d.inflate(compress(flate.BestCompression, far))
	assert.ErrorContains(t, err, "past the window of 256 bytes")
	got, err := d.inflate(compress(flate.HuffmanOnly, far))
	require.NoError(t, err, "no matches, no reach")
	assert.Equal(t, far, got)

	d = newDeflateState(deflateAgreement{clientNoContextTakeover: true})
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	w.Write(random)
	w.Flush()
	_, err = d.inflate(bytes.TrimSuffix(b.Bytes(), syncTail))
	require.NoError(t, err)
	b.Reset()
	w.Write(random) // the same again: a match a message back
	w.Flush()
	_, err = d.inflate(bytes.TrimSuffix(b.Bytes(), syncTail))
	assert.ErrorContains(t, err, "may not refer to an earlier one")
}
