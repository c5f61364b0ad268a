package scripted

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The scripted server's frames are checked against RFC 6455 §5.7, so
// that the steps' tests can trust what it sends and reads.
func TestFrameBytesRFCExamples(t *testing.T) {
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	tests := []struct {
		name  string
		frame Frame
		wire  string
	}{
		{"unmasked Hello", Frame{Fin: true, Opcode: OpText, Payload: []byte("Hello")}, "810548656c6c6f"},
		{"masked Hello", Frame{Fin: true, Opcode: OpText, Masked: true, Key: key, Payload: []byte("Hello")}, "818537fa213d7f9f4d5158"},
		{"first fragment", Frame{Opcode: OpText, Payload: []byte("Hel")}, "010348656c"},
		{"RSV bits", Frame{Fin: true, RSV: 5, Opcode: OpBinary}, "d200"},
		{"16-bit length", Frame{Fin: true, Opcode: OpBinary, Payload: make([]byte, 256)}, "827e0100" + strings.Repeat("00", 256)},
		{"64-bit length", Frame{Opcode: OpContinuation, Payload: make([]byte, 65536)}, "007f0000000000010000" + strings.Repeat("00", 65536)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.wire, hex.EncodeToString(tt.frame.Bytes()))
			got, err := ReadFrame(bufio.NewReader(bytes.NewReader(tt.frame.Bytes())))
			require.NoError(t, err)
			if len(got.Payload) == 0 {
				got.Payload = tt.frame.Payload
			}
			assert.Equal(t, tt.frame, got)
		})
	}
}

// Buffers spares the copy of an unmasked payload, and masks a copy of a
// masked one, leaving the frame's own payload alone.
func TestBuffersShareOnlyAnUnmaskedPayload(t *testing.T) {
	p := []byte("Hello")
	assert.Same(t, &p[0], &Frame{Opcode: OpText, Payload: p}.Buffers()[1][0])
	masked := Frame{Opcode: OpText, Masked: true, Key: [4]byte{1, 2, 3, 4}, Payload: p}
	assert.NotSame(t, &p[0], &masked.Buffers()[1][0])
	assert.Equal(t, "Hello", string(p))
}

func TestReadFrameRefuses(t *testing.T) {
	_, err := ReadFrame(bufio.NewReader(bytes.NewReader([]byte{0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 1})))
	assert.ErrorContains(t, err, "top bit")
	_, err = ReadFrame(bufio.NewReader(bytes.NewReader([]byte{0x82, 0x7f, 0, 0, 0, 0, 0x10, 0, 0, 0})))
	assert.ErrorContains(t, err, "over the")
}

func TestClosePayload(t *testing.T) {
	assert.Equal(t, []byte{0x03, 0xe8, 'b', 'y', 'e'}, ClosePayload(1000, "bye"))
	assert.Equal(t, uint16(1000), CloseCode(ClosePayload(1000, "bye")))
	assert.Equal(t, uint16(1005), CloseCode(nil))
}
