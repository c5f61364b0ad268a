package main

import (
	"encoding/hex"
	"fmt"
	"io"
	"strings"
)

// A field is one named run of bits in a frame header, for drawing.
type field struct {
	label string // short enough to sit under the field's bits
	bits  []byte // each 0 or 1
}

// headerFields splits the wire bytes of a header into the fields of the
// RFC's diagram, in order.
func headerFields(wire []byte, h header) []field {
	bit := func(i int) byte { return wire[i/8] >> (7 - i%8) & 1 }
	bits := func(from, n int) []byte {
		out := make([]byte, n)
		for i := range out {
			out[i] = bit(from + i)
		}
		return out
	}
	fields := []field{
		{"F", bits(0, 1)}, {"R", bits(1, 1)}, {"R", bits(2, 1)}, {"R", bits(3, 1)},
		{"opcode", bits(4, 4)}, {"M", bits(8, 1)}, {"payload len", bits(9, 7)},
	}
	at := 16
	switch {
	case h.length > maxLength16:
		fields = append(fields, field{"extended payload length (64)", bits(at, 64)})
		at += 64
	case h.length > maxLength7:
		fields = append(fields, field{"extended payload length (16)", bits(at, 16)})
		at += 16
	}
	if h.masked {
		fields = append(fields, field{"masking key", bits(at, 32)})
	}
	return fields
}

// drawHeader draws a header as RFC 6455 §5.2 does, 32 bits to a row,
// with the actual bits of this frame in place of the field names, and
// the names on the line below. A field that crosses the end of a row
// goes on in the next.
func drawHeader(w io.Writer, wire []byte, h header) {
	fmt.Fprintln(w, " 0                   1                   2                   3")
	fmt.Fprintln(w, " 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1")
	var bitsRow, labelRow, ruleRow strings.Builder
	col, first := 0, true
	flush := func() {
		if first {
			fmt.Fprintln(w, ruleRow.String()+"+")
			first = false
		}
		fmt.Fprintln(w, bitsRow.String()+"|")
		fmt.Fprintln(w, labelRow.String()+"|")
		fmt.Fprintln(w, ruleRow.String()+"+")
		bitsRow.Reset()
		labelRow.Reset()
		ruleRow.Reset()
		col = 0
	}
	for _, f := range headerFields(wire, h) {
		for len(f.bits) > 0 {
			n := min(32-col, len(f.bits))
			bitsRow.WriteString("|" + spaced(f.bits[:n]))
			labelRow.WriteString("|" + center(f.label, 2*n-1))
			ruleRow.WriteString("+" + strings.Repeat("-", 2*n-1))
			f.bits = f.bits[n:]
			col += n
			if col == 32 {
				flush()
			}
		}
	}
	if col > 0 {
		flush()
	}
}

// spaced writes bits as the RFC does: "1 0 0 1".
func spaced(bits []byte) string {
	var b strings.Builder
	for i, v := range bits {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('0' + v)
	}
	return b.String()
}

// center centers s in width columns, cutting it if it does not fit.
func center(s string, width int) string {
	if len(s) > width {
		s = s[:width]
	}
	left := (width - len(s)) / 2
	return strings.Repeat(" ", left) + s + strings.Repeat(" ", width-len(s)-left)
}

// describeHeader lists the values of the fields, with what they mean.
func describeHeader(w io.Writer, h header) {
	line := func(name, value, meaning string) {
		fmt.Fprintln(w, strings.TrimRight(fmt.Sprintf("  %-7s %-8s %s", name, value, meaning), " "))
	}
	line("FIN", fmt.Sprint(b2i(h.fin)), map[bool]string{true: "the final frame of its message", false: "more frames follow"}[h.fin])
	line("RSV1-3", fmt.Sprint(b2i(h.rsv1), b2i(h.rsv2), b2i(h.rsv3)), "no extension in use")
	line("opcode", fmt.Sprintf("0x%X", byte(h.opcode)), h.opcode.String())
	line("MASK", fmt.Sprint(b2i(h.masked)), map[bool]string{true: "masked, as every client frame must be", false: "not masked, as a server sends"}[h.masked])
	switch {
	case h.length > maxLength16:
		line("length", fmt.Sprint(h.length), "payload len 127: the 64-bit form")
	case h.length > maxLength7:
		line("length", fmt.Sprint(h.length), "payload len 126: the 16-bit form")
	default:
		line("length", fmt.Sprint(h.length), "fits in the 7-bit payload len")
	}
	if h.masked {
		line("key", fmt.Sprintf("% x", h.maskKey[:]), "")
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// dumpFrame prints the frame's bytes as hexdump -C would, cut after
// limit bytes.
func dumpFrame(w io.Writer, wire []byte, limit int) {
	shown := wire[:min(len(wire), limit)]
	fmt.Fprint(w, hex.Dump(shown))
	if len(wire) > limit {
		fmt.Fprintf(w, "... %d more bytes\n", len(wire)-limit)
	}
}
