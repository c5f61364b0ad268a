package scripted

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
)

// Opcodes of RFC 6455 §5.2, spelled out again here so that the test
// infrastructure does not depend on the code it tests.
const (
	OpContinuation byte = 0x0
	OpText         byte = 0x1
	OpBinary       byte = 0x2
	OpClose        byte = 0x8
	OpPing         byte = 0x9
	OpPong         byte = 0xA
)

// MaxFrame bounds what ReadFrame allocates for one client frame.
const MaxFrame = 64 << 20

// Frame is one WebSocket frame as the scripted server sees it.
type Frame struct {
	Fin     bool
	RSV     byte
	Opcode  byte
	Masked  bool
	Key     [4]byte
	Payload []byte
}

// Buffers encodes the frame as its header and its payload, masked when
// Masked is set. An unmasked payload is not copied: megabytes go from
// their buffer to a socket in one writev.
func (f Frame) Buffers() net.Buffers {
	b0 := f.Opcode&0x0F | (f.RSV&0x7)<<4
	if f.Fin {
		b0 |= 0x80
	}
	var mask byte
	if f.Masked {
		mask = 0x80
	}
	hdr := []byte{b0}
	switch n := len(f.Payload); {
	case n <= 125:
		hdr = append(hdr, mask|byte(n))
	case n <= 0xFFFF:
		hdr = binary.BigEndian.AppendUint16(append(hdr, mask|126), uint16(n))
	default:
		hdr = binary.BigEndian.AppendUint64(append(hdr, mask|127), uint64(n))
	}
	if !f.Masked {
		return net.Buffers{hdr, f.Payload}
	}
	p := bytes.Clone(f.Payload)
	toggleMask(p, f.Key)
	return net.Buffers{append(hdr, f.Key[:]...), p}
}

// Bytes encodes the frame exactly as described, in one slice.
func (f Frame) Bytes() []byte {
	b := f.Buffers()
	return append(b[0], b[1]...)
}

// toggleMask masks p in place with key, or unmasks it (RFC 6455 §5.3).
func toggleMask(p []byte, key [4]byte) {
	for i := range p {
		p[i] ^= key[i%4]
	}
}

// Text is a final, unmasked text frame: what a server normally sends.
func Text(s string) []byte { return Frame{Fin: true, Opcode: OpText, Payload: []byte(s)}.Bytes() }

// Binary is a final, unmasked binary frame.
func Binary(b []byte) []byte { return Frame{Fin: true, Opcode: OpBinary, Payload: b}.Bytes() }

// Ping is an unmasked ping frame.
func Ping(payload []byte) []byte { return Frame{Fin: true, Opcode: OpPing, Payload: payload}.Bytes() }

// Pong is an unmasked pong frame.
func Pong(payload []byte) []byte { return Frame{Fin: true, Opcode: OpPong, Payload: payload}.Bytes() }

// Close is an unmasked close frame with a status code and a reason.
func Close(code uint16, reason string) []byte {
	return Frame{Fin: true, Opcode: OpClose, Payload: ClosePayload(code, reason)}.Bytes()
}

// ClosePayload is the body of a close frame: a 2-byte code, then the reason.
func ClosePayload(code uint16, reason string) []byte {
	return append(binary.BigEndian.AppendUint16(nil, code), reason...)
}

// CloseCode reads the status code from a close frame's payload, or 1005
// ("no status received", RFC 6455 §7.4.1) when the payload is empty.
func CloseCode(payload []byte) uint16 {
	if len(payload) < 2 {
		return 1005
	}
	return binary.BigEndian.Uint16(payload)
}

// ReadFrame reads one frame and unmasks its payload.
func ReadFrame(r *bufio.Reader) (Frame, error) {
	var hdr [2]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return Frame{}, err
	}
	f := Frame{
		Fin:    hdr[0]&0x80 != 0,
		RSV:    (hdr[0] >> 4) & 0x7,
		Opcode: hdr[0] & 0x0F,
		Masked: hdr[1]&0x80 != 0,
	}
	n, err := readLength(r, hdr[1]&0x7F)
	if err != nil {
		return Frame{}, err
	}
	if n > MaxFrame {
		return Frame{}, fmt.Errorf("scripted: frame of %d bytes is over the %d limit", n, MaxFrame)
	}
	if f.Masked {
		if _, err := io.ReadFull(r, f.Key[:]); err != nil {
			return Frame{}, err
		}
	}
	f.Payload = make([]byte, n)
	if _, err := io.ReadFull(r, f.Payload); err != nil {
		return Frame{}, err
	}
	toggleMask(f.Payload, f.Key) // a zero key when unmasked changes nothing
	return f, nil
}

// extendedLength is the size of the length that follows a 7-bit length of
// 126 or 127.
var extendedLength = map[byte]int{126: 2, 127: 8}

// readLength reads the extended payload length that the 7-bit length
// short announces, if any (RFC 6455 §5.2).
func readLength(r *bufio.Reader, short byte) (uint64, error) {
	size := extendedLength[short]
	if size == 0 {
		return uint64(short), nil
	}
	var b [8]byte // big-endian: a 16-bit length fills the last 2 bytes
	if _, err := io.ReadFull(r, b[8-size:]); err != nil {
		return 0, err
	}
	n := binary.BigEndian.Uint64(b[:])
	if n>>63 != 0 {
		return 0, errors.New("scripted: 64-bit length with the top bit set")
	}
	return n, nil
}
