package websocket

import (
	"bufio"
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fuzzLimit keeps the fuzzer's frames small, so that it spends its time
// on headers rather than on allocating payloads.
const fuzzLimit = 1 << 16

// FuzzReadFrame feeds the decoder arbitrary bytes. It must never panic,
// never allocate a payload over the limit, and whatever it accepts must
// encode back to exactly the bytes it came from: a frame has one wire
// form, since the length must take its shortest form (§5.2). The seed corpus is in
// testdata/fuzz/FuzzReadFrame. Run:
//
//	go test ./step03-frames -run '^$' -fuzz FuzzReadFrame -fuzztime 5m
func FuzzReadFrame(f *testing.F) {
	f.Fuzz(func(t *testing.T, wire []byte) {
		in := bytes.NewReader(wire)
		br := bufio.NewReader(in)
		h, payload, err := readFrame(br, fuzzLimit)
		if err != nil {
			return
		}
		consumed := len(wire) - in.Len() - br.Buffered()
		require.LessOrEqual(t, h.length, int64(fuzzLimit))
		require.Len(t, payload, int(h.length))

		var out bytes.Buffer
		bw := bufio.NewWriterSize(&out, 64)
		require.NoError(t, writeFrame(bw, h, bytes.Clone(payload)))
		require.Equal(t, wire[:consumed], out.Bytes(), "the frame's one wire form")
		h2, payload2, err := readFrame(bufio.NewReader(&out), fuzzLimit)
		require.NoError(t, err)
		assert.Equal(t, h, h2)
		assert.Equal(t, payload, payload2)
	})
}
