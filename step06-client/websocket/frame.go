package websocket

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// An opcode says what a frame carries (RFC 6455 §5.2, §11.8).
type opcode byte

const (
	opContinuation opcode = 0x0
	opText         opcode = 0x1
	opBinary       opcode = 0x2
	opClose        opcode = 0x8
	opPing         opcode = 0x9
	opPong         opcode = 0xA
)

// isControl reports whether op is a control frame: close, ping or pong,
// and the reserved 0xB-0xF. Control opcodes have the high bit set (§5.5).
func (op opcode) isControl() bool { return op&0x8 != 0 }

func (op opcode) String() string {
	switch op {
	case opContinuation:
		return "continuation"
	case opText:
		return "text"
	case opBinary:
		return "binary"
	case opClose:
		return "close"
	case opPing:
		return "ping"
	case opPong:
		return "pong"
	}
	return fmt.Sprintf("reserved(0x%X)", byte(op))
}

// header is everything in a frame before its payload (RFC 6455 §5.2):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-------+-+-------------+-------------------------------+
//	|F|R|R|R| opcode|M| Payload len |    Extended payload length    |
//	|I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
//	|N|V|V|V|       |S|             |   (if payload len==126/127)   |
//	| |1|2|3|       |K|             |                               |
//	+-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
//	|     Extended payload length continued, if payload len == 127  |
//	+ - - - - - - - - - - - - - - - +-------------------------------+
//	|                               |Masking-key, if MASK set to 1  |
//	+-------------------------------+-------------------------------+
//	| Masking-key (continued)       |          Payload Data         |
//	+-------------------------------- - - - - - - - - - - - - - - - +
type header struct {
	fin              bool // the last frame of a message
	rsv1, rsv2, rsv3 bool // reserved for extensions: RSV1 marks a compressed message (RFC 7692 §6)
	opcode           opcode
	masked           bool
	length           int64 // the payload length, at most 2^63-1
	maskKey          [4]byte
}

// maxHeaderSize is the longest header: 2 bytes, an 8-byte length and a
// 4-byte masking key.
const maxHeaderSize = 2 + 8 + 4

// The three ways to write the payload length (§5.2): 0-125 fit in the
// 7 bits of the second byte; 126 means "a 16-bit length follows"; 127
// means "a 64-bit length follows".
const (
	maxLength7  = 125
	maxLength16 = 0xFFFF
	length16    = 126
	length64    = 127
)

// appendHeader appends the wire form of h to b. The length uses the
// shortest form that holds it, as §5.2 requires ("the minimal number of
// bytes MUST be used").
func appendHeader(b []byte, h header) []byte {
	b0 := byte(h.opcode)
	if h.fin {
		b0 |= 0x80
	}
	if h.rsv1 {
		b0 |= 0x40
	}
	if h.rsv2 {
		b0 |= 0x20
	}
	if h.rsv3 {
		b0 |= 0x10
	}
	var b1 byte
	if h.masked {
		b1 = 0x80
	}
	switch {
	case h.length <= maxLength7:
		b = append(b, b0, b1|byte(h.length))
	case h.length <= maxLength16:
		b = append(b, b0, b1|length16)
		b = binary.BigEndian.AppendUint16(b, uint16(h.length))
	default:
		b = append(b, b0, b1|length64)
		b = binary.BigEndian.AppendUint64(b, uint64(h.length))
	}
	if h.masked {
		b = append(b, h.maskKey[:]...)
	}
	return b
}

// Two ways a length can be legal bytes and still break §5.2: a 64-bit
// length's most significant bit "MUST be 0", and "the minimal number of
// bytes MUST be used to encode the length".
var (
	errLengthTopBit     = errors.New("websocket: 64-bit payload length has its most significant bit set")
	errLengthNotMinimal = errors.New("websocket: payload length is not in its shortest form")
)

// readHeader reads one frame header from br.
func readHeader(br *bufio.Reader) (header, error) {
	b, err := br.Peek(2)
	if err != nil {
		if len(b) > 0 {
			err = unexpected(err)
		}
		return header{}, err
	}
	h := header{
		fin:    b[0]&0x80 != 0,
		rsv1:   b[0]&0x40 != 0,
		rsv2:   b[0]&0x20 != 0,
		rsv3:   b[0]&0x10 != 0,
		opcode: opcode(b[0] & 0x0F),
		masked: b[1]&0x80 != 0,
		length: int64(b[1] & 0x7F),
	}
	br.Discard(2)
	if h.length, err = readLength(br, h.length); err != nil {
		return header{}, err
	}
	if h.masked {
		key, err := readN(br, 4)
		if err != nil {
			return header{}, err
		}
		copy(h.maskKey[:], key)
	}
	return h, nil
}

// readLength reads the payload length that the 7 bits of the header's
// second byte begin (§5.2): up to 125, they are the length; 126 says a
// 16-bit length follows, and 127 a 64-bit one. Either must be in its
// shortest form, and a 64-bit length must leave its top bit clear.
func readLength(br *bufio.Reader, short int64) (int64, error) {
	switch short {
	case length16:
		ext, err := readN(br, 2)
		if err != nil {
			return 0, err
		}
		if n := binary.BigEndian.Uint16(ext); n > maxLength7 {
			return int64(n), nil
		}
		return 0, errLengthNotMinimal
	case length64:
		ext, err := readN(br, 8)
		if err != nil {
			return 0, err
		}
		switch n := binary.BigEndian.Uint64(ext); {
		case n>>63 != 0:
			return 0, errLengthTopBit
		case n <= maxLength16:
			return 0, errLengthNotMinimal
		default:
			return int64(n), nil
		}
	}
	return short, nil
}

// readN reads n bytes of a header (n <= 8). It peeks into br's buffer
// rather than copying into a local array: an array passed to
// io.ReadFull would escape to the heap, an allocation for every frame.
// The bytes are valid only until the next read from br.
func readN(br *bufio.Reader, n int) ([]byte, error) {
	b, err := br.Peek(n)
	if err != nil {
		return nil, unexpected(err)
	}
	br.Discard(n)
	return b, nil
}

// unexpected turns io.EOF into io.ErrUnexpectedEOF: once a frame has
// begun, the stream must not end before it does.
func unexpected(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// readFramePayload reads the payload that h announces, and unmasks it.
// It refuses a payload over maxPayload before allocating anything for
// it: the length comes from the peer, and a peer can announce 2^63 bytes.
func readFramePayload(br *bufio.Reader, h header, maxPayload int64) ([]byte, error) {
	if h.length > maxPayload {
		return nil, fmt.Errorf("websocket: frame of %d bytes is over the %d-byte limit", h.length, maxPayload)
	}
	payload := make([]byte, h.length)
	if _, err := io.ReadFull(br, payload); err != nil {
		return nil, unexpected(err)
	}
	if h.masked {
		maskFast(h.maskKey, 0, payload)
	}
	return payload, nil
}
