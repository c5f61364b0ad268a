package autobahn

import (
	"fmt"
	"testing"

	"github.com/spec2lib/websocket/internal/scripted"
	"github.com/stretchr/testify/assert"
)

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
