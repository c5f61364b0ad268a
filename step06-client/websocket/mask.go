package websocket

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	mathrand "math/rand/v2"
)

// maskBytes is masking exactly as RFC 6455 §5.3 describes it: byte i of
// the payload is XORed with byte i MOD 4 of the key. pos is where in the
// key the first byte of b falls, so that a payload masked in pieces
// continues the key where the previous piece stopped. It returns the
// position for the next piece.
//
// It is the readable reference; maskFast is the one the code uses.
func maskBytes(key [4]byte, pos int, b []byte) int {
	for i := range b {
		b[i] ^= key[pos&3]
		pos++
	}
	return pos & 3
}

// maskFast computes the same as maskBytes, eight bytes at a time.
//
// XOR works bit by bit, so XORing a 64-bit word with the key repeated
// twice is eight byte XORs at once. The word is read and written in
// little-endian order, so its lowest byte is b[0]; the key word is built
// in the same order, rotated to start at key[pos]. Eight is a multiple
// of four, so every word starts at the same key position, and only the
// last few bytes need the byte loop.
func maskFast(key [4]byte, pos int, b []byte) int {
	k := uint64(key[pos&3]) | uint64(key[(pos+1)&3])<<8 |
		uint64(key[(pos+2)&3])<<16 | uint64(key[(pos+3)&3])<<24
	k |= k << 32

	n := len(b)
	// Four words per turn: fewer loop checks, and the CPU can work on
	// the four independent XORs at once.
	for len(b) >= 32 {
		binary.LittleEndian.PutUint64(b, binary.LittleEndian.Uint64(b)^k)
		binary.LittleEndian.PutUint64(b[8:], binary.LittleEndian.Uint64(b[8:])^k)
		binary.LittleEndian.PutUint64(b[16:], binary.LittleEndian.Uint64(b[16:])^k)
		binary.LittleEndian.PutUint64(b[24:], binary.LittleEndian.Uint64(b[24:])^k)
		b = b[32:]
	}
	for len(b) >= 8 {
		binary.LittleEndian.PutUint64(b, binary.LittleEndian.Uint64(b)^k)
		b = b[8:]
	}
	maskBytes(key, pos, b)
	return (pos + n) & 3
}

// maskKeys hands out masking keys. RFC 6455 §5.3 asks for keys that a
// server or a script cannot predict, "derived from a strong source of
// entropy". Reading crypto/rand for each 4-byte key would ask the
// operating system for every frame, so each connection instead seeds a
// ChaCha8 generator from crypto/rand once: a cryptographically strong
// stream, produced in memory.
type maskKeys struct {
	rng *mathrand.ChaCha8
}

func newMaskKeys() (*maskKeys, error) {
	var seed [32]byte
	if _, err := rand.Read(seed[:]); err != nil {
		return nil, fmt.Errorf("websocket: seeding the masking keys: %w", err)
	}
	return &maskKeys{rng: mathrand.NewChaCha8(seed)}, nil
}

// next returns a fresh key. It is not safe for concurrent use: each
// connection has its own, used by one writer at a time.
func (m *maskKeys) next() [4]byte {
	var key [4]byte
	binary.LittleEndian.PutUint32(key[:], uint32(m.rng.Uint64()))
	return key
}
