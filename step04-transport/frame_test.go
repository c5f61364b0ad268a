package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rfcKey is the masking key of the examples in RFC 6455 §5.7.
var rfcKey = [4]byte{0x37, 0xfa, 0x21, 0x3d}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	require.NoError(t, err)
	return b
}

// rfcExamples are the frames of RFC 6455 §5.7, byte for byte.
func rfcExamples(t testing.TB) []struct {
	name    string
	h       header
	payload []byte
	wire    []byte
} {
	big256 := bytes.Repeat([]byte{0xAB}, 256)
	big64k := bytes.Repeat([]byte{0xCD}, 65536)
	return []struct {
		name    string
		h       header
		payload []byte
		wire    []byte
	}{
		{"unmasked text Hello", header{fin: true, opcode: opText, length: 5},
			[]byte("Hello"), mustHex(t, "81 05 48 65 6c 6c 6f")},
		{"masked text Hello", header{fin: true, opcode: opText, masked: true, length: 5, maskKey: rfcKey},
			[]byte("Hello"), mustHex(t, "81 85 37 fa 21 3d 7f 9f 4d 51 58")},
		{"first fragment Hel", header{opcode: opText, length: 3},
			[]byte("Hel"), mustHex(t, "01 03 48 65 6c")},
		{"last fragment lo", header{fin: true, opcode: opContinuation, length: 2},
			[]byte("lo"), mustHex(t, "80 02 6c 6f")},
		{"unmasked ping Hello", header{fin: true, opcode: opPing, length: 5},
			[]byte("Hello"), mustHex(t, "89 05 48 65 6c 6c 6f")},
		{"masked pong Hello", header{fin: true, opcode: opPong, masked: true, length: 5, maskKey: rfcKey},
			[]byte("Hello"), mustHex(t, "8a 85 37 fa 21 3d 7f 9f 4d 51 58")},
		{"256 bytes binary, 16-bit length", header{fin: true, opcode: opBinary, length: 256},
			big256, append(mustHex(t, "82 7E 01 00"), big256...)},
		{"64 KiB binary, 64-bit length", header{fin: true, opcode: opBinary, length: 65536},
			big64k, append(mustHex(t, "82 7F 00 00 00 00 00 01 00 00"), big64k...)},
	}
}

func TestEncodeRFCExamples(t *testing.T) {
	for _, ex := range rfcExamples(t) {
		t.Run(ex.name, func(t *testing.T) {
			var out bytes.Buffer
			bw := bufio.NewWriterSize(&out, 64) // small, so big payloads cross many flushes
			payload := bytes.Clone(ex.payload)
			require.NoError(t, writeFrame(bw, ex.h, payload))
			assert.Equal(t, ex.wire, out.Bytes())
			assert.Equal(t, ex.payload, payload, "the caller's payload is not masked in place")
		})
	}
}

func TestDecodeRFCExamples(t *testing.T) {
	for _, ex := range rfcExamples(t) {
		t.Run(ex.name, func(t *testing.T) {
			h, payload, err := readFrame(bufio.NewReader(bytes.NewReader(ex.wire)), defaultReadLimit)
			require.NoError(t, err)
			assert.Equal(t, ex.h, h)
			assert.Equal(t, ex.payload, payload)
		})
	}
}

// TestDecodeChopped feeds every example one byte per read: the decoder
// must not assume a frame arrives in one piece.
func TestDecodeChopped(t *testing.T) {
	for _, ex := range rfcExamples(t) {
		t.Run(ex.name, func(t *testing.T) {
			br := bufio.NewReaderSize(oneByteReader{bytes.NewReader(ex.wire)}, 16)
			h, payload, err := readFrame(br, defaultReadLimit)
			require.NoError(t, err)
			assert.Equal(t, ex.h, h)
			assert.Equal(t, ex.payload, payload)
		})
	}
}

// oneByteReader returns at most one byte per Read, like a slow network.
type oneByteReader struct{ r io.Reader }

func (o oneByteReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return o.r.Read(p[:1])
}

func TestShortestLengthForm(t *testing.T) {
	tests := []struct {
		length   int64
		wantSize int // header bytes, unmasked
		want2nd  byte
	}{
		{0, 2, 0}, {125, 2, 125},
		{126, 4, 126}, {127, 4, 126}, {65535, 4, 126},
		{65536, 10, 127}, {1 << 40, 10, 127},
	}
	for _, tt := range tests {
		got := appendHeader(nil, header{fin: true, opcode: opBinary, length: tt.length})
		assert.Len(t, got, tt.wantSize, "length %d", tt.length)
		assert.Equal(t, tt.want2nd, got[1], "length %d", tt.length)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		wire string
		want string
	}{
		{"64-bit length with the top bit set", "82 7F 80 00 00 00 00 00 00 01", "most significant bit"},
		{"16-bit length that fits in 7 bits", "82 7E 00 7D", "not in its shortest form"},
		{"64-bit length that fits in 16 bits", "82 7F 00 00 00 00 00 00 FF FF", "not in its shortest form"},
		{"a ping whose 5 bytes use a 16-bit length", "89 7E 00 05 48 65 6c 6c 6f", "not in its shortest form"},
		{"over the payload limit", "82 7F 00 00 00 00 40 00 00 00", "over the 33554432-byte limit"},
		{"stream ends inside the 16-bit length", "82 7E 01", "unexpected EOF"},
		{"stream ends inside the masking key", "81 85 37 fa", "unexpected EOF"},
		{"stream ends inside the payload", "81 05 48 65", "unexpected EOF"},
		{"empty stream", "", "EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readFrame(bufio.NewReader(bytes.NewReader(mustHex(t, tt.wire))), defaultReadLimit)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestDecodeLengthBoundaries: each form of the length takes the smallest
// length it may carry, and its largest, and refuses the length just below
// its smallest, which a shorter form carries (§5.2). The frames are
// unmasked, as a server's are.
func TestDecodeLengthBoundaries(t *testing.T) {
	tests := []struct {
		name   string
		head   string
		length int64
		err    error
	}{
		{"7 bits: 125", "82 7D", 125, nil},
		{"16 bits: 126", "82 7E 00 7E", 126, nil},
		{"16 bits: 65535", "82 7E FF FF", 65535, nil},
		{"16 bits: 125", "82 7E 00 7D", 0, errLengthNotMinimal},
		{"64 bits: 65536", "82 7F 00 00 00 00 00 01 00 00", 65536, nil},
		{"64 bits: 65535", "82 7F 00 00 00 00 00 00 FF FF", 0, errLengthNotMinimal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wire := append(mustHex(t, tt.head), make([]byte, tt.length)...)
			h, payload, err := readFrame(bufio.NewReader(bytes.NewReader(wire)), defaultReadLimit)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.length, h.length)
			assert.Len(t, payload, int(tt.length))
		})
	}
}

func TestOpcodeNames(t *testing.T) {
	assert.Equal(t, "text", opText.String())
	assert.Equal(t, "reserved(0x3)", opcode(3).String())
	assert.True(t, opPing.isControl())
	assert.True(t, opcode(0xB).isControl())
	assert.False(t, opBinary.isControl())
}
