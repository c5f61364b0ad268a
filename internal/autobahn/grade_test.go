package autobahn

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/spec2lib/websocket/internal/scripted"
	"github.com/stretchr/testify/assert"
)

// TestWire checks that wire, which spares the copy of big payloads, puts
// on the wire exactly what scripted's Frame.Bytes does.
func TestWire(t *testing.T) {
	for _, n := range []int{0, 125, 126, 65535, 65536, 1 << 20} {
		for _, f := range []scripted.Frame{
			frame(scripted.OpText, true, payload(scripted.OpText, n)),
			frame(scripted.OpContinuation, false, payload(scripted.OpBinary, n)),
			withRSV(frame(scripted.OpBinary, true, payload(scripted.OpBinary, n)), 5),
			{Fin: true, Opcode: scripted.OpText, Masked: true, Key: [4]byte{1, 2, 3, 4}, Payload: payload(scripted.OpText, n)},
		} {
			var got bytes.Buffer
			b := wire(f)
			_, err := b.WriteTo(&got)
			assert.NoError(t, err)
			assert.True(t, bytes.Equal(f.Bytes(), got.Bytes()), "opcode %d, %d bytes", f.Opcode, n)
		}
	}
}

func TestPayload(t *testing.T) {
	assert.Equal(t, "BAsd7&jh23BAsd7&j", string(payload(scripted.OpText, 17)))
	assert.Equal(t, []byte{0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xF8, 0xF9}, payload(scripted.OpBinary, 9))
	assert.Empty(t, payload(scripted.OpText, 0))
}

func TestWorst(t *testing.T) {
	tests := []struct {
		in   []verdict
		want verdict
	}{
		{nil, pass("")},
		{[]verdict{pass("took 1s"), pass("")}, pass("took 1s")},
		{[]verdict{pass("fine"), lax("late")}, lax("late")},
		{[]verdict{lax("late"), fail("wrong"), fail("worse")}, fail("wrong; worse")},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, worst(tc.in...), "%v", tc.in)
	}
}

func TestCloseProblem(t *testing.T) {
	code := func(c uint16, reason string) []byte { return scripted.ClosePayload(c, reason) }
	tests := []struct {
		payload []byte
		want    string
	}{
		{nil, ""},
		{[]byte{3}, "a 1-byte payload (RFC 6455 §5.5.1: a code takes 2 bytes)"},
		{code(1000, ""), ""},
		{code(1000, "bye"), ""},
		{code(1014, ""), ""},
		{code(3000, ""), ""},
		{code(4999, ""), ""},
		{code(1000, "\xed\xa0\x80"), "the reason is not UTF-8 (RFC 6455 §5.5.1)"},
	}
	for _, bad := range []uint16{0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535} {
		tests = append(tests, struct {
			payload []byte
			want    string
		}{code(bad, ""), fmt.Sprintf("code %d may not be sent (RFC 6455 §7.4)", bad)})
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, closeProblem(tc.payload), "%x", tc.payload)
	}
}
