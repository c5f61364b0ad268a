package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNormalise(t *testing.T) {
	keys := regexp.MustCompile(`^  Sec-WebSocket-(?:Key|Accept): (\S+)`)
	masks := regexp.MustCompile(`([0-9a-f ]{11}) +masking key`)
	whole := regexp.MustCompile(`[0-9a-f]{8}`)
	for _, tc := range []struct {
		line, want string
		vary       []*regexp.Regexp
		keep       []string
	}{
		{line: "server: listening on 127.0.0.1:42701", want: "server: listening on *"},
		{line: "from [::1]:4 and localhost:80", want: "from * and *"},
		{line: "at ws://127.0.0.1:8080/ and 127.0.0.1:41234", keep: []string{"127.0.0.1:8080"}, want: "at ws://127.0.0.1:8080/ and *"},
		{line: "ok  \tgithub.com/x/step03-frames\t0.123s", want: "ok  \tgithub.com/x/step03-frames\t*"},
		{line: "ok  \tgithub.com/x/step03-frames\t(cached)", want: "ok  \tgithub.com/x/step03-frames\t*"},
		{line: "--- PASS: TestX (0.00s)", want: "--- PASS: TestX (*)"},
		{line: "took 12ms, 1m30s, 3µs, 2h", want: "took *, *, *, *"},
		{line: "70000 bytes, 4 MiB, 0x1, b1 5s3", want: "70000 bytes, 4 MiB, 0x1, b1 5s3"},
		{line: "wrote /tmp/TestX123/001/a.md: ok", want: "wrote *: ok"},
		{line: "wrote " + filepath.Join(os.TempDir(), "x-1", "y") + ".", want: "wrote *"},
		{line: "CA certificate: /tmp/echoserver-ca.pem", keep: []string{"/tmp/echoserver-ca.pem"}, want: "CA certificate: /tmp/echoserver-ca.pem"},
		{line: "  Sec-WebSocket-Key: zO81iTs9PjG7x7/1DbvHAg==", vary: []*regexp.Regexp{keys}, want: "  Sec-WebSocket-Key: *"},
		{line: "  Sec-WebSocket-Version: 13", vary: []*regexp.Regexp{keys}, want: "  Sec-WebSocket-Version: 13"},
		{line: "  21 41 01 df              masking key", vary: []*regexp.Regexp{masks}, want: "  *              masking key"},
		{line: "a 0123abcd b 4567cdef", vary: []*regexp.Regexp{whole}, want: "a * b *"},
		// An unmatched group is left alone.
		{line: "key: k", vary: []*regexp.Regexp{regexp.MustCompile(`(x)?key: (\S+)`)}, want: "key: *"},
	} {
		got := options{vary: tc.vary}.normalise([]string{tc.line}, tc.keep)
		assert.Equal(t, []string{tc.want}, got, tc.line)
	}
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		want, got string
		ok        bool
	}{
		{want: "a b c", got: "a b c", ok: true},
		{want: "a b c", got: "a b", ok: false},
		{want: "a b", got: "a b c", ok: false},
		{want: "a ... c", got: "a c", ok: true},
		{want: "a ... c", got: "a x y c", ok: true},
		{want: "a ... c", got: "a x y", ok: false},
		{want: "... c", got: "x c y c", ok: true},
		{want: "a ...", got: "a", ok: true},
		{want: "a ... b ... c", got: "a x b y b c", ok: true},
		{want: "a ... b ... c", got: "a x c b", ok: false},
		{want: "...", got: "", ok: true},
	} {
		assert.Equal(t, tc.ok, match(strings.Fields(tc.want), strings.Fields(tc.got)), "%s ~ %s", tc.want, tc.got)
	}
}

func TestRewrite(t *testing.T) {
	// Lines are words here; "p1" and "p2" stand for one line printed two
	// ways, which normalise to "p".
	norm := func(ls []string) []string {
		out := make([]string, len(ls))
		for i, l := range ls {
			out[i] = strings.TrimRight(l, "0123456789")
		}
		return out
	}
	for _, tc := range []struct{ want, got, out string }{
		{want: "$ p1 a", got: "$ p2 a", out: "$ p1 a"},
		{want: "$ p1 a", got: "$ p2 b", out: "$ p1 b"},
		{want: "$ p1 a p1", got: "$ p2 x a y p2", out: "$ p1 x a y p1"},
		{want: "$ a b c", got: "$ a c", out: "$ a c"},
		// An elision stays, with as many changed lines around it as it had.
		{want: "$ a ... c", got: "$ a x y c", out: "$ a ... c"},
		{want: "$ a ... y1", got: "$ a x y2", out: "$ a ... y1"},
		{want: "$ a ... old", got: "$ a x y new", out: "$ a ... new"},
		{want: "$ a old ... c", got: "$ a new x y c", out: "$ a new ... c"},
		{want: "$ a ... c", got: "$ a", out: "$ a ..."},
	} {
		want, got := strings.Fields(tc.want), strings.Fields(tc.got)
		assert.Equal(t, strings.Fields(tc.out), rewrite(want, got, norm(want), norm(got)), "%s -> %s", tc.want, tc.got)
	}
}
