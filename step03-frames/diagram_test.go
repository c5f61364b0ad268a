package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestDrawRFCMaskedHello draws the masked "Hello" of RFC 6455 §5.7.
func TestDrawRFCMaskedHello(t *testing.T) {
	h := header{fin: true, opcode: opText, masked: true, length: 5, maskKey: rfcKey}
	wire := appendHeader(nil, h)
	var out strings.Builder
	drawHeader(&out, wire, h)
	want := "" +
		" 0                   1                   2                   3\n" +
		" 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1\n" +
		"+-+-+-+-+-------+-+-------------+-------------------------------+\n" +
		"|1|0|0|0|0 0 0 1|1|0 0 0 0 1 0 1|0 0 1 1 0 1 1 1 1 1 1 1 1 0 1 0|\n" +
		"|F|R|R|R|opcode |M| payload len |          masking key          |\n" +
		"+-+-+-+-+-------+-+-------------+-------------------------------+\n" +
		"|0 0 1 0 0 0 0 1 0 0 1 1 1 1 0 1|\n" +
		"|          masking key          |\n" +
		"+-------------------------------+\n"
	assert.Equal(t, want, out.String())
}

func TestDrawSixtyFourBitLength(t *testing.T) {
	h := header{fin: true, opcode: opBinary, length: 65536}
	var out strings.Builder
	drawHeader(&out, appendHeader(nil, h), h)
	lines := strings.Split(out.String(), "\n")
	assert.Equal(t, "|1|0|0|0|0 0 1 0|0|1 1 1 1 1 1 1|0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0|", lines[3])
	assert.Contains(t, out.String(), "extended payload length (64)")
	assert.Equal(t, "|"+strings.Repeat("0 ", 31)+"1|", lines[6],
		"bits 16-47 of the length: 65536 = 1<<16")
}
