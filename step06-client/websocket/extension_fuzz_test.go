package websocket

import (
	"bufio"
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/scripted"
)

// FuzzNegotiate feeds the check of the server's answer arbitrary
// Sec-WebSocket-Extensions values. It must never panic; and what it
// accepts must be one permessage-deflate with known parameters, which
// parse again to the same thing. Run:
//
//	go test ./step06-client/websocket -run '^$' -fuzz FuzzNegotiate -fuzztime 1m
func FuzzNegotiate(f *testing.F) {
	for _, seed := range []string{
		"permessage-deflate", "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
		`permessage-deflate; server_max_window_bits="10"`, "permessage-deflate; client_max_window_bits",
		"permessage-deflate, permessage-deflate", "x; a=1, y", `a; b="c\"d"`, " , ;=", "permessage-deflate;;",
	} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	f.Fuzz(func(t *testing.T, value string, takeover bool) {
		mode := CompressionNoContextTakeover
		if takeover {
			mode = CompressionContextTakeover
		}
		a, err := negotiate([]string{value}, mode)
		if err != nil {
			return
		}
		exts, err := parseExtensions([]string{value})
		require.NoError(t, err)
		require.LessOrEqual(t, len(exts), 1)
		assert.Equal(t, len(exts) == 1, a.deflate)
		if !a.deflate {
			return
		}
		assert.True(t, strings.EqualFold(exts[0].name, deflateExtension))
		for _, p := range exts[0].params {
			assert.True(t, isToken(p.name), "%q", p.name)
			assert.NotEqual(t, paramClientMaxWindowBits, strings.ToLower(p.name), "never offered, never accepted")
		}
		assert.False(t, a.writeTakeover && !takeover, "no takeover of ours unless we offered it")
	})
}

// FuzzInflate feeds a connection that agreed to permessage-deflate
// hostile compressed messages: the fuzzer's bytes as the payload of an
// RSV1 frame, whole or cut in two fragments, and a second message after
// it. Reading must end with an error or the messages, never hang or
// panic, never return a message over the limit, nor text that is not
// UTF-8. Run:
//
//	go test ./step06-client/websocket -run '^$' -fuzz FuzzInflate -fuzztime 1m
func FuzzInflate(f *testing.F) {
	for _, seed := range []string{
		"\xf2\x48\xcd\xc9\xc9\x07\x00", "\x00\x05\x00\xfa\xff\x48\x65\x6c\x6c\x6f\x00",
		"\xf3\x48\xcd\xc9\xc9\x07\x00\x00", "\xf2\x48\x05\x00\x00\x00\xff\xff\xca\xc9\xc9\x07\x00",
		"\xf2\x00\x11\x00\x00", "", "\x00", "\x07", string(bomb()[:2000]),
	} {
		f.Add([]byte(seed), uint8(0), true, false)
		f.Add([]byte(seed), uint8(3), false, true)
	}
	const limit = 1 << 16
	f.Fuzz(func(t *testing.T, payload []byte, cut uint8, text, takeover bool) {
		op := scripted.OpBinary
		if text {
			op = scripted.OpText
		}
		var wire []byte
		if c := int(cut); c > 0 && c < len(payload) {
			wire = append(compressedFrame(op, false, payload[:c]), scripted.Frame{Fin: true, Opcode: scripted.OpContinuation, Payload: payload[c:]}.Bytes()...)
		} else {
			wire = compressedFrame(op, true, payload)
		}
		wire = append(wire, compressedFrame(op, true, payload)...)
		nc := &fakeConn{r: bytes.NewReader(wire)}
		conn, err := newConn(nc, bufio.NewReaderSize(nc, readBufferSize))
		require.NoError(t, err)
		conn.agree(agreement{deflate: true, readTakeover: takeover})
		conn.read.in.limit = limit
		for range 3 {
			typ, msg, err := conn.ReadMessage(context.Background())
			if err != nil {
				return
			}
			require.LessOrEqual(t, len(msg), limit)
			if typ == TextMessage {
				var v utf8Validator
				require.True(t, v.write(msg) && v.complete(), "invalid UTF-8 returned: %q", msg)
			}
		}
		t.Fatal("a third message out of two")
	})
}
