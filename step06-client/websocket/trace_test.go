package websocket

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestTraceLines: one line per frame, with a preview that shows text as
// text, a close frame's code, and anything else as hex.
func TestTraceLines(t *testing.T) {
	var out strings.Builder
	tr := &tracer{out: &out}
	tr.frame("->", header{fin: true, opcode: opText, length: 5}, []byte("Hello"))
	tr.frame("<-", header{opcode: opBinary, length: 3}, []byte{1, 2, 3})
	tr.frame("<-", header{fin: true, opcode: opClose, length: 5}, []byte{0x03, 0xE8, 'b', 'y', 'e'})
	tr.frame("->", header{fin: true, opcode: opPing}, nil)
	tr.frame("<-", header{fin: true, opcode: opText, length: 40}, []byte(strings.Repeat("a", 40)))
	assert.Equal(t, `-> FIN text               5  "Hello"
<-     binary             3  01 02 03
<- FIN close              5  code 1000 "bye"
-> FIN ping               0
<- FIN text              40  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"...
`, out.String())

	var none *tracer
	none.frame("->", header{}, nil) // a nil tracer prints nothing, and does not crash
}
