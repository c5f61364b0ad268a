package websocket

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMaskFastMatchesReference: for every length 0..300 and every key
// position, the fast mask gives the bytes the RFC's byte loop gives.
func TestMaskFastMatchesReference(t *testing.T) {
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	data := make([]byte, 300)
	for i := range data {
		data[i] = byte(i * 7)
	}
	for n := 0; n <= len(data); n++ {
		for pos := range 4 {
			want, got := bytes.Clone(data[:n]), bytes.Clone(data[:n])
			wantPos := maskBytes(key, pos, want)
			gotPos := maskFast(key, pos, got)
			require.Equal(t, want, got, "length %d, key position %d", n, pos)
			require.Equal(t, wantPos, gotPos, "next position, length %d, key position %d", n, pos)
		}
	}
}

// TestMaskFastAcrossChunks masks a payload in two pieces, split at every
// point: the key must go on where the first piece left it.
func TestMaskFastAcrossChunks(t *testing.T) {
	key := [4]byte{1, 2, 3, 4}
	data := bytes.Repeat([]byte("chunked payload "), 10)
	want := bytes.Clone(data)
	maskBytes(key, 0, want)
	for split := 0; split <= len(data); split++ {
		got := bytes.Clone(data)
		pos := maskFast(key, 0, got[:split])
		maskFast(key, pos, got[split:])
		require.Equal(t, want, got, "split at %d", split)
	}
}

func TestMaskTwiceRestores(t *testing.T) {
	key := [4]byte{0xde, 0xad, 0xbe, 0xef}
	data := []byte("masking is its own inverse")
	got := bytes.Clone(data)
	maskFast(key, 0, got)
	assert.NotEqual(t, data, got)
	maskFast(key, 0, got)
	assert.Equal(t, data, got)
}

func TestMaskKeysDiffer(t *testing.T) {
	a, err := newMaskKeys()
	require.NoError(t, err)
	b, err := newMaskKeys()
	require.NoError(t, err)
	seen := make(map[[4]byte]bool)
	for range 1000 {
		seen[a.next()] = true
		seen[b.next()] = true
	}
	// 2000 draws from 2^32 keys: a repeat is possible but very unlikely;
	// two connections sharing a stream would repeat every key.
	assert.Greater(t, len(seen), 1990)
}

// BenchmarkMask compares the RFC's byte loop with the word-at-a-time
// version. Run: go test ./step03-frames -run '^$' -bench Mask
func BenchmarkMask(b *testing.B) {
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	for _, size := range []int{16, 128, 4 << 10, 64 << 10} {
		data := make([]byte, size)
		for _, impl := range []struct {
			name string
			mask func([4]byte, int, []byte) int
		}{{"byte", maskBytes}, {"fast", maskFast}} {
			b.Run(fmt.Sprintf("%s/%d", impl.name, size), func(b *testing.B) {
				b.SetBytes(int64(size))
				for b.Loop() {
					impl.mask(key, 1, data)
				}
			})
		}
	}
}
