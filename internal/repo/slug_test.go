package repo

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestGithubSlug(t *testing.T) {
	tests := []struct {
		heading string
		want    string
	}{
		{"The closing handshake", "the-closing-handshake"},
		{"What's next", "whats-next"},
		{"01 · Streams: a TCP echo server and client with `net` and `bufio`", "01--streams-a-tcp-echo-server-and-client-with-net-and-bufio"},
		{"The checks of §4.1, in order", "the-checks-of-41-in-order"},
		{"04 · Transport: messages, ping/pong and the closing handshake", "04--transport-messages-pingpong-and-the-closing-handshake"},
		{"1006: TCP closed without a close frame", "1006-tcp-closed-without-a-close-frame"},
		{"Who closes TCP first, and TIME_WAIT", "who-closes-tcp-first-and-time_wait"},
		{"Refused: `HandshakeError`", "refused-handshakeerror"},
		{"Limits: a defence against memory exhaustion!?", "limits-a-defence-against-memory-exhaustion"},
		{"A -- B", "a----b"},
		{"*Emphasis* and **strong**", "emphasis-and-strong"},
		{"See [the RFC](https://www.rfc-editor.org/rfc/rfc6455) (§7)", "see-the-rfc-7"},
		{"An ![image](x.png) and <code>tags</code>", "an-image-and-tags"},
		{"Ünïcode Straße", "ünïcode-straße"},
		{"关闭握手：谁先关闭", "关闭握手谁先关闭"},
		{"C++ & Go (1.24+)", "c--go-124"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.heading, func(t *testing.T) {
			assert.Equal(t, tt.want, GitHubSlug(tt.heading))
		})
	}
}

func TestSluggerRepeats(t *testing.T) {
	tests := []struct {
		name     string
		headings []string
		want     []string
	}{
		{"no repeats", []string{"Run it", "The tests"}, []string{"run-it", "the-tests"}},
		{"repeats are numbered", []string{"Run it", "The tests", "Run it", "Run it"}, []string{"run-it", "the-tests", "run-it-1", "run-it-2"}},
		{"same slug from different text", []string{"What's next", "Whats next?"}, []string{"whats-next", "whats-next-1"}},
		// github-slugger skips a suffixed slug given already, and the
		// heading that had it numbers from there.
		{"a heading that looks numbered", []string{"Example", "Example", "Example 1", "Example"}, []string{"example", "example-1", "example-1-1", "example-2"}},
		{"numbered first", []string{"Example 1", "Example", "Example"}, []string{"example-1", "example", "example-2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSlugger()
			var got []string
			for _, h := range tt.headings {
				got = append(got, s.Slug(h))
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
