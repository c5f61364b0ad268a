package websocket

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

// utf8Cases are the edge cases of Autobahn family 6, valid and invalid.
var utf8Cases = []struct {
	name string
	text string
}{
	{"empty", ""},
	{"ASCII", "Hello, world"},
	{"κόσμε", "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"},
	{"U+0000", "\x00"}, {"U+007F", "\x7f"}, {"U+0080", "\xc2\x80"}, {"U+07FF", "\xdf\xbf"},
	{"U+0800", "\xe0\xa0\x80"}, {"U+D7FF", "\xed\x9f\xbf"}, {"U+E000", "\xee\x80\x80"},
	{"U+FFFD", "\xef\xbf\xbd"}, {"U+FFFE", "\xef\xbf\xbe"}, {"U+FFFF", "\xef\xbf\xbf"},
	{"U+10000", "\xf0\x90\x80\x80"}, {"U+10FFFF", "\xf4\x8f\xbf\xbf"},
	{"surrogate U+D800", "\xed\xa0\x80"}, {"surrogate U+DFFF", "\xed\xbf\xbf"},
	{"surrogate pair", "\xed\xa0\x80\xed\xb0\x80"},
	{"overlong /", "\xc0\xaf"}, {"overlong / in 3", "\xe0\x80\xaf"}, {"overlong / in 4", "\xf0\x80\x80\xaf"},
	{"overlong U+007F", "\xc1\xbf"},
	{"over U+10FFFF", "\xf4\x90\x80\x80"}, {"5-byte form", "\xf8\x88\x80\x80\x80"},
	{"6-byte form", "\xfc\x84\x80\x80\x80\x80"},
	{"stray continuation", "\x80"}, {"stray continuation after ASCII", "a\xbfb"},
	{"truncated at the end", "\xce\xba\xe1\xbd"}, {"truncated in the middle", "\xe1\xbdb"},
	{"FE", "\xfe"}, {"FF", "\xff"},
	{"κόσμε then a surrogate", "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80edited"},
}

// validate feeds text to a validator in pieces of at most size bytes.
func validate(text string, size int) bool {
	var v utf8Validator
	for p := []byte(text); len(p) > 0; {
		n := min(size, len(p))
		if !v.write(p[:n]) {
			return false
		}
		p = p[n:]
	}
	return v.complete()
}

// TestUTF8MatchesStandardLibrary: however the text is cut, the validator
// agrees with utf8.Valid on the whole.
func TestUTF8MatchesStandardLibrary(t *testing.T) {
	for _, tc := range utf8Cases {
		for _, size := range []int{1, 2, 3, 5, 1000} {
			assert.Equal(t, utf8.ValidString(tc.text), validate(tc.text, size), "%s in pieces of %d", tc.name, size)
		}
	}
}

// TestUTF8FailsFast: the validator fails at the first byte that no
// valid text could continue with, before the rest arrives (Autobahn 6.4).
func TestUTF8FailsFast(t *testing.T) {
	tests := []struct {
		text   string
		failAt int // the index of the byte that gives it away
	}{
		{"\xed\xa0\x80", 1},         // ED A0: a surrogate, already at the second byte
		{"\xf4\x90\x80\x80", 1},     // F4 90: above U+10FFFF
		{"\xe0\x80\xaf", 1},         // E0 80: overlong
		{"\xc0\xaf", 0},             // C0 never starts a code point
		{"\xce\xba\xe1\xbd\xff", 4}, // κ, then a cut-off code point meets FF
		{"hello\x80world", 5},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%x", tt.text), func(t *testing.T) {
			var v utf8Validator
			for i := range len(tt.text) {
				ok := v.write([]byte{tt.text[i]})
				assert.Equal(t, i < tt.failAt, ok, "byte %d", i)
				if !ok {
					return
				}
			}
		})
	}
}

// TestUTF8SplitCodePoint: a code point split across pieces is fine; the
// text is complete only once its last byte arrives.
func TestUTF8SplitCodePoint(t *testing.T) {
	var v utf8Validator
	assert.True(t, v.write([]byte("a\xf0\x9f")))
	assert.False(t, v.complete())
	assert.True(t, v.write([]byte("\x98\x80b")))
	assert.True(t, v.complete())
}

// FuzzUTF8Validator: for any bytes cut at any point, the validator
// agrees with utf8.Valid. Run:
//
//	go test ./step05-errors -run '^$' -fuzz FuzzUTF8Validator -fuzztime 1m
func FuzzUTF8Validator(f *testing.F) {
	for _, tc := range utf8Cases {
		f.Add([]byte(tc.text), uint8(1))
	}
	f.Fuzz(func(t *testing.T, text []byte, cut uint8) {
		var v utf8Validator
		at := int(cut) % (len(text) + 1)
		ok := v.write(text[:at]) && v.write(text[at:]) && v.complete()
		assert.Equal(t, utf8.Valid(text), ok, "%q cut at %d", text, at)
	})
}

// BenchmarkUTF8 compares the validator with utf8.Valid, which it uses
// for whole code points. Run:
//
//	go test ./step05-errors -run '^$' -bench UTF8
func BenchmarkUTF8(b *testing.B) {
	texts := map[string][]byte{
		"ascii": bytes.Repeat([]byte("The quick brown fox jumps over the lazy dog. "), 100),
		"mixed": []byte(strings.Repeat("Grüße, κόσμε, 世界, 🙂! ", 100)),
	}
	for _, name := range []string{"ascii", "mixed"} {
		text := texts[name]
		b.Run("validator/"+name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				var v utf8Validator
				if !v.write(text) || !v.complete() {
					b.Fatal("invalid")
				}
			}
		})
		b.Run("utf8.Valid/"+name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if !utf8.Valid(text) {
					b.Fatal("invalid")
				}
			}
		})
	}
}
