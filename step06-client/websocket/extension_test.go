package websocket

import (
	"bytes"
	"compress/flate"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// permessage-deflate's decisions, tested without a socket: the offer,
// the answer, the RSV1 rules, the limit on what a message inflates to.

// TestOffer: what each mode puts in Sec-WebSocket-Extensions.
func TestOffer(t *testing.T) {
	assert.Equal(t, "permessage-deflate; server_no_context_takeover; client_no_context_takeover", CompressionDefault.offer())
	assert.Equal(t, CompressionNoContextTakeover.offer(), CompressionDefault.offer())
	assert.Equal(t, "permessage-deflate", CompressionContextTakeover.offer())
	assert.Empty(t, CompressionDisabled.offer())
	assert.NotContains(t, CompressionContextTakeover.offer()+CompressionNoContextTakeover.offer(), "max_window_bits",
		"compress/flate cannot shrink its window, so we never offer to (RFC 7692 §7.1.2.2)")
}

// TestNegotiate: what an answer agrees to, mode by mode (RFC 7692 §7.1).
func TestNegotiate(t *testing.T) {
	tests := []struct {
		name   string
		mode   Compression
		values []string
		want   agreement // header left out: it is the values, joined
	}{
		{"no answer", CompressionDefault, nil, agreement{}},
		{"an empty list", CompressionDefault, []string{" , "}, agreement{}},
		{"no context takeover, as asked", CompressionNoContextTakeover,
			[]string{"permessage-deflate; server_no_context_takeover; client_no_context_takeover"},
			agreement{deflate: true}},
		{"a server that keeps its window all the same (§7.1.1.1: we can inflate it)", CompressionNoContextTakeover,
			[]string{"permessage-deflate"},
			agreement{deflate: true, readTakeover: true}},
		{"takeover both ways", CompressionContextTakeover,
			[]string{"permessage-deflate"},
			agreement{deflate: true, readTakeover: true, writeTakeover: true}},
		{"takeover, but the server asks us to start each message afresh (§7.1.1.2)", CompressionContextTakeover,
			[]string{"permessage-deflate; client_no_context_takeover"},
			agreement{deflate: true, readTakeover: true}},
		{"takeover, but the server starts each of its messages afresh (§7.1.1.1)", CompressionContextTakeover,
			[]string{"permessage-deflate; server_no_context_takeover"},
			agreement{deflate: true, writeTakeover: true}},
		{"a server window named unasked (§7.1.2.1), in any case and quoted", CompressionContextTakeover,
			[]string{`Permessage-Deflate ; SERVER_MAX_WINDOW_BITS = "10"`},
			agreement{deflate: true, readTakeover: true, writeTakeover: true}},
		{"two header lines, one of them empty", CompressionDefault,
			[]string{"", "permessage-deflate;server_no_context_takeover"},
			agreement{deflate: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := negotiate(tt.values, tt.mode)
			require.NoError(t, err)
			if got.deflate {
				assert.NotEmpty(t, got.header)
				assert.False(t, strings.HasPrefix(got.header, ","), "no empty value in %q", got.header)
			}
			got.header = ""
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestNegotiateRefuses: the answers RFC 7692 §7 and RFC 6455 §4.1 tell
// a client to refuse. (TestHandshakeFailures refuses them over TCP.)
func TestNegotiateRefuses(t *testing.T) {
	tests := []struct {
		mode    Compression
		value   string
		wantErr error
		wantMsg string
	}{
		{CompressionDisabled, "permessage-deflate", errUnofferedExtension, "did not offer"},
		{CompressionDefault, "permessage-deflate, x-other", errUnofferedExtension, "did not offer"},
		{CompressionDefault, "permessage-deflate, permessage-deflate", errBadDeflate, "2 times"},
		{CompressionDefault, "permessage-deflate; x=1", errBadDeflate, `unknown parameter "x"`},
		{CompressionDefault, "permessage-deflate; server_max_window_bits=8; server_max_window_bits=8", errBadDeflate, "twice"},
		{CompressionDefault, "permessage-deflate; client_no_context_takeover; CLIENT_NO_CONTEXT_TAKEOVER", errBadDeflate, "twice"},
		{CompressionDefault, "permessage-deflate; server_no_context_takeover=yes", errBadDeflate, "has no value"},
		{CompressionDefault, "permessage-deflate; server_max_window_bits=0x0f", errBadDeflate, "8 to 15"},
		{CompressionDefault, "permessage-deflate; server_max_window_bits=+8", errBadDeflate, "8 to 15"},
		{CompressionContextTakeover, "permessage-deflate; client_max_window_bits", errBadDeflate, "did not offer"},
		{CompressionContextTakeover, "permessage-deflate; client_max_window_bits=8", errBadDeflate, "did not offer"},
		{CompressionDefault, "permessage-deflate;", errBadExtensions, "missing at the end"},
		{CompressionDefault, `permessage-deflate; server_max_window_bits="1 0"`, errBadExtensions, "not a token"},
		{CompressionDefault, `permessage-deflate; server_max_window_bits="10`, errBadExtensions, "does not end"},
		{CompressionDefault, "permessage-deflate server_no_context_takeover", errBadExtensions, `'s' after permessage-deflate`},
		{CompressionDefault, "permessage/deflate", errBadExtensions, `'/' after permessage`},
	}
	for _, tt := range tests {
		_, err := negotiate([]string{tt.value}, tt.mode)
		assert.ErrorIs(t, err, tt.wantErr, tt.value)
		assert.ErrorContains(t, err, tt.wantMsg, tt.value)
	}
}

// TestParseExtensions: the grammar of RFC 6455 §9.1, values unquoted.
func TestParseExtensions(t *testing.T) {
	got, err := parseExtensions([]string{`foo, bar; a; b=1 ;c="x\y" , ,baz;d=e`, "qux"})
	require.NoError(t, err)
	assert.Equal(t, []extension{
		{name: "foo"},
		{name: "bar", params: []extParam{{name: "a"}, {name: "b", value: "1", hasValue: true}, {name: "c", value: "xy", hasValue: true}}},
		{name: "baz", params: []extParam{{name: "d", value: "e", hasValue: true}}},
		{name: "qux"},
	}, got)
}

// TestAcceptWithDeflate: with permessage-deflate agreed, RSV1 may mark
// the first frame of a data message, and no other (RFC 7692 §6, checkRSV1);
// RSV2 and RSV3 still mean nothing (RFC 6455 §5.2, checkFrame).
func TestAcceptWithDeflate(t *testing.T) {
	tests := []struct {
		h         header
		inMessage bool
		want      string
	}{
		{header{fin: true, rsv1: true, opcode: opText}, false, ""},
		{header{rsv1: true, opcode: opBinary}, false, ""},
		{header{fin: true, opcode: opText}, false, "" /* a message may go uncompressed */},
		{header{fin: true, rsv1: true, opcode: opContinuation}, true, "RSV1 set on a continuation frame"},
		{header{fin: true, rsv1: true, opcode: opPing}, true, "RSV1 set on a ping frame"},
		{header{fin: true, rsv1: true, opcode: opPong}, false, "RSV1 set on a pong frame"},
		{header{fin: true, rsv1: true, opcode: opClose}, false, "RSV1 set on a close frame"},
		{header{fin: true, rsv2: true, opcode: opText}, false, "reserved bits set without an extension"},
		{header{fin: true, rsv1: true, rsv3: true, opcode: opText}, false, "reserved bits set without an extension"},
		{header{fin: true, rsv1: true, opcode: 0xB}, false, "reserved opcode 0xB"},
	}
	for _, tt := range tests {
		in := inbound{limit: 1000, deflate: true, active: tt.inMessage, typ: BinaryMessage}
		assertProtocolError(t, in.accept(tt.h), tt.want, tt.h)
		if tt.want == "" && !tt.h.opcode.isControl() && !tt.inMessage {
			assert.Equal(t, tt.h.rsv1, in.compressed, "%+v", tt.h)
		}
	}
	in := inbound{limit: 1000}
	assertProtocolError(t, in.accept(header{fin: true, rsv1: true, opcode: opText}), "reserved bits set without an extension", "not agreed")
}

// TestInboundCompressed: a compressed message's frames count against
// deflateBound on the wire, and what it inflates to against the limit;
// RSV1 on its continuation fails it; the next message may be plain.
func TestInboundCompressed(t *testing.T) {
	in := inbound{limit: 1000, deflate: true}
	require.Nil(t, in.accept(header{rsv1: true, opcode: opText, length: 10}))
	assert.True(t, in.compressed)
	assert.Equal(t, int64(10), in.wire)
	assert.Zero(t, in.size, "the size is what it inflates to")
	in.consumed(10)
	require.Nil(t, in.accept(header{fin: true, opcode: opContinuation, length: 5}))
	assert.Equal(t, int64(15), in.wire)
	require.Nil(t, in.inflated(bytes.Repeat([]byte("a"), 999)))
	assert.Equal(t, int64(2), in.room(), "one byte within the limit, and the one that tells")
	v := in.inflated([]byte("bc"))
	require.NotNil(t, v)
	assert.Equal(t, CloseMessageTooBig, v.code)
	assert.ErrorIs(t, &ProtocolError{Err: v.cause}, ErrMessageTooBig)

	in = inbound{limit: 1000, deflate: true}
	require.Nil(t, in.accept(header{rsv1: true, opcode: opBinary, length: 10}))
	v = in.accept(header{rsv1: true, opcode: opContinuation, length: 10})
	require.NotNil(t, v)
	assert.Equal(t, "RSV1 set on a continuation frame", v.reason)

	in = inbound{limit: 1000, deflate: true}
	v = in.accept(header{fin: true, rsv1: true, opcode: opBinary, length: deflateBound(1000) + 1})
	require.NotNil(t, v, "a compressed frame that no message within the limit needs")
	assert.Equal(t, CloseMessageTooBig, v.code)

	in = inbound{limit: 1000, deflate: true}
	require.Nil(t, in.accept(header{fin: true, rsv1: true, opcode: opText, length: 3}))
	v = in.inflated([]byte{0xC3, 0x28})
	require.NotNil(t, v, "inflated text is checked as it inflates")
	assert.Equal(t, CloseInvalidPayload, v.code)
	require.Nil(t, in.end())
	require.Nil(t, in.accept(header{fin: true, opcode: opText, length: 3}))
	assert.False(t, in.compressed, "a message without RSV1 is plain")
}

// TestGrowthStaysWithinTheLimit: a message read whole grows its buffer
// by doubling, but never past the room the limit leaves it.
func TestGrowthStaysWithinTheLimit(t *testing.T) {
	in := inbound{limit: 10000, compressed: true}
	assert.Equal(t, int64(64), in.growth())
	in.wire = 300
	assert.Equal(t, int64(1200), in.growth(), "four times the compressed size, to begin with")
	in.size = 4000
	assert.Equal(t, int64(4000), in.growth())
	in.size = 9000
	assert.Equal(t, int64(1001), in.growth(), "the room left, and one byte to tell")
	in = inbound{limit: math.MaxInt64, compressed: true}
	assert.Equal(t, int64(math.MaxInt64), in.room(), "no overflow without a limit")
	in.size = 1 << 40
	assert.Equal(t, int64(math.MaxInt64-1<<40+1), in.room())
	assert.Equal(t, int64(math.MaxInt64), deflateBound(math.MaxInt64))
	assert.Equal(t, int64(1<<20+1<<10+64), deflateBound(1<<20))
}

// TestWindowKeepsTheLast32KiB: the ring holds the last maxWindow bytes
// written, in order, however they were cut.
func TestWindowKeepsTheLast32KiB(t *testing.T) {
	var all []byte
	var w window
	for i, n := range []int{10, 30000, 5000, 1, 70000, 32767, 12345, 32768} {
		p := incompressible(n)
		p[0] = byte(i)
		all = append(all, p...)
		w.write(p)
		want := all[max(0, len(all)-maxWindow):]
		require.Equal(t, want, w.contents(), "after %d writes", i+1)
	}
}

// TestDeflateTakesTheTailOff: a part ends without 00 00 ff ff (RFC 7692
// §7.2.1), and puts back, it inflates to the part.
func TestDeflateTakesTheTailOff(t *testing.T) {
	var d deflater
	d.begin()
	defer d.end()
	msg := compressible(1000)
	out := d.deflate(nil, msg)
	assert.False(t, bytes.HasSuffix(out, syncTail))
	got, err := io.ReadAll(flate.NewReader(bytes.NewReader(append(out, inflateTail...))))
	require.NoError(t, err)
	assert.Equal(t, msg, got)
}

// TestDeflateAppendsEachPart: deflate appends to dst, since the caller
// may have put bytes there: the Writer sends a message in parts, the
// tail of each part in front of the next (§7.2.1). Each part is flushed,
// so that it ends in the tail before it comes off; and the parts, with
// their tails back, inflate to the message.
func TestDeflateAppendsEachPart(t *testing.T) {
	tests := []struct {
		name  string
		dst   string
		parts [][]byte
	}{
		{"one part, after bytes already in dst", "prefix", [][]byte{compressible(1000)}},
		{"three parts, the Writer's way", "", [][]byte{compressible(300), compressible(5000), []byte("the end")}},
		{"a part that does not shrink", "", [][]byte{compressible(100), incompressible(2000)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d deflater
			d.begin()
			defer d.end()
			wire := []byte(tt.dst)
			var want []byte
			for i, p := range tt.parts {
				if i > 0 {
					wire = append(wire, syncTail...) // the tail the last part lost
				}
				before := bytes.Clone(wire)
				require.NotPanics(t, func() { wire = d.deflate(wire, p) }, "part %d: a flushed part ends in 00 00 ff ff", i)
				require.Equal(t, before, wire[:min(len(before), len(wire))], "part %d: what dst held is kept", i)
				require.Greater(t, len(wire), len(before), "part %d: nothing appended", i)
				want = append(want, p...)
			}
			got, err := io.ReadAll(flate.NewReader(bytes.NewReader(append(wire[len(tt.dst):], inflateTail...))))
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
	}
}

// TestRFC7692Examples: the compressed messages of RFC 7692 §7.2.3
// inflate to "Hello", with the tail put back (§7.2.2).
func TestRFC7692Examples(t *testing.T) {
	for name, hex := range map[string]string{
		"7.2.3.1, one compressed block":      "f2 48 cd c9 c9 07 00",
		"7.2.3.3, one block, no compression": "00 05 00 fa ff 48 65 6c 6c 6f 00",
		"7.2.3.4, BFINAL set to 1":           "f3 48 cd c9 c9 07 00 00",
		"7.2.3.5, two blocks":                "f2 48 05 00 00 00 ff ff ca c9 c9 07 00",
	} {
		data := mustHex(t, hex)
		got, err := io.ReadAll(flate.NewReader(bytes.NewReader(append(data, inflateTail...))))
		require.NoError(t, err, name)
		assert.Equal(t, "Hello", string(got), name)
	}
}
