package websocket

import "unicode/utf8"

// utf8Validator checks UTF-8 that arrives in pieces, which may split a
// code point, and refuses at once a byte that no valid text could
// continue with. It keeps only the code point it is in (RFC 3629 §4).
type utf8Validator struct {
	need   int  // continuation bytes still to come
	lo, hi byte // the range allowed for the next one
}

// write checks the next piece of text. It returns false as soon as the
// text can no longer be valid.
func (v *utf8Validator) write(p []byte) bool {
	// Finish a code point that the previous piece began.
	for v.need > 0 && len(p) > 0 {
		if !v.step(p[0]) {
			return false
		}
		p = p[1:]
	}
	// The rest starts on a code point boundary. Hand all the complete
	// code points to utf8.Valid, which is fast on ASCII, and walk only a
	// code point cut off at the end.
	cut := incompleteTail(p)
	if !utf8.Valid(p[:cut]) {
		return false
	}
	for _, b := range p[cut:] {
		if !v.step(b) {
			return false
		}
	}
	return true
}

// complete reports whether the text so far ends on a code point
// boundary, as a whole message must.
func (v *utf8Validator) complete() bool { return v.need == 0 }

// step takes one byte through the table of RFC 3629 §4.
func (v *utf8Validator) step(b byte) bool {
	if v.need > 0 {
		if b < v.lo || b > v.hi {
			return false
		}
		v.need, v.lo, v.hi = v.need-1, 0x80, 0xBF
		return true
	}
	switch {
	case b < 0x80:
		return true
	case 0xC2 <= b && b <= 0xDF:
		v.need, v.lo, v.hi = 1, 0x80, 0xBF
	case b == 0xE0:
		v.need, v.lo, v.hi = 2, 0xA0, 0xBF // not overlong
	case b == 0xED:
		v.need, v.lo, v.hi = 2, 0x80, 0x9F // not a surrogate
	case 0xE1 <= b && b <= 0xEF:
		v.need, v.lo, v.hi = 2, 0x80, 0xBF
	case b == 0xF0:
		v.need, v.lo, v.hi = 3, 0x90, 0xBF // not overlong
	case 0xF1 <= b && b <= 0xF3:
		v.need, v.lo, v.hi = 3, 0x80, 0xBF
	case b == 0xF4:
		v.need, v.lo, v.hi = 3, 0x80, 0x8F // not over U+10FFFF
	default:
		return false // 0x80-0xC1 cannot start a code point; 0xF5-0xFF never appear
	}
	return true
}

// incompleteTail returns where a code point cut off at the end of p
// begins, or len(p) if p ends on a boundary. A code point is at most 4
// bytes, so only the last 3 bytes need a look.
func incompleteTail(p []byte) int {
	for i := len(p) - 1; i >= 0 && i >= len(p)-3; i-- {
		b := p[i]
		switch {
		case b < 0x80:
			return len(p) // ASCII: a boundary
		case b < 0xC0:
			continue // a continuation byte: look further back
		case i+sequenceLength(b) > len(p):
			return i // a lead byte whose sequence does not fit
		default:
			return len(p)
		}
	}
	return len(p)
}

// sequenceLength is the length of the code point that lead byte b begins.
func sequenceLength(b byte) int {
	switch {
	case b >= 0xF0:
		return 4
	case b >= 0xE0:
		return 3
	default:
		return 2
	}
}
