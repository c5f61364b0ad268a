package websocket

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		url                      string
		addr, hostHeader, reqURI string
	}{
		{"ws://example.com", "example.com:80", "example.com", "/"},
		{"ws://example.com/", "example.com:80", "example.com", "/"},
		{"ws://example.com:80/chat", "example.com:80", "example.com", "/chat"},
		{"ws://example.com:8080/chat?room=go&x=1", "example.com:8080", "example.com:8080", "/chat?room=go&x=1"},
		{"ws://127.0.0.1:9001/runCase?case=1&agent=step02", "127.0.0.1:9001", "127.0.0.1:9001", "/runCase?case=1&agent=step02"},
		{"ws://[::1]:9000/", "[::1]:9000", "[::1]:9000", "/"},
		{"ws://example.com:65535/", "example.com:65535", "example.com:65535", "/"},
		{"ws://[::1]/", "[::1]:80", "[::1]", "/"},
		{"ws://[2001:db8::1]:80/a%20b", "[2001:db8::1]:80", "[2001:db8::1]", "/a%20b"},
		{"WS://Example.COM/", "Example.COM:80", "Example.COM", "/"},
		{"ws://[fe80::1%25eth0]/", "[fe80::1%eth0]:80", "[fe80::1]", "/"},
		{"ws://[fe80::1%25eth0]:9000/", "[fe80::1%eth0]:9000", "[fe80::1]:9000", "/"},
		{"wss://example.com/feed", "example.com:443", "example.com", "/feed"},
		{"wss://example.com:8443/", "example.com:8443", "example.com:8443", "/"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			got, err := parseURL(tt.url)
			require.NoError(t, err)
			assert.Equal(t, tt.addr, got.addr, "address to dial")
			assert.Equal(t, tt.hostHeader, got.hostHeader, "Host header")
			assert.Equal(t, tt.reqURI, got.requestURI, "request-URI")
		})
	}
}

func TestParseURLRejects(t *testing.T) {
	tests := []struct {
		url  string
		want string
	}{
		{"http://example.com/", `scheme "http" is not supported`},
		{"ftp://example.com/", `scheme "ftp" is not supported`},
		{"example.com/chat", `scheme "" is not supported`},
		{"ws:///chat", "has no host"},
		{"ws://example.com/#top", "must not have a #fragment"},
		{"ws://user:pw@example.com/", "must not carry user:password@"},
		{"ws://exa mple.com/", "bad URL"},
		{"ws://example.com:99999/", "port 99999 is not between 1 and 65535"},
		{"ws://example.com:65536/", "port 65536 is not between 1 and 65535"},
		{"ws://example.com:0/", "port 0 is not between 1 and 65535"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			_, err := parseURL(tt.url)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// FuzzParseURL: any string either fails to parse with an error, or gives
// a target the handshake can use. Run:
//
//	go test ./step02-handshake -run '^$' -fuzz FuzzParseURL -fuzztime 1m
func FuzzParseURL(f *testing.F) {
	for _, seed := range []string{
		"ws://example.com", "ws://example.com:8080/chat?room=go", "ws://[::1]:9000/",
		"ws://[fe80::1%25eth0]/", "wss://example.com/", "ws://example.com/#top", "ws://:80/",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := parseURL(raw)
		if err != nil {
			return
		}
		assert.NotEmpty(t, got.addr)
		assert.NotEmpty(t, got.hostHeader)
		assert.True(t, strings.HasPrefix(got.requestURI, "/"), "request-URI %q", got.requestURI)
		assert.NotContains(t, got.requestURI+got.hostHeader, "\r")
		assert.NotContains(t, got.requestURI+got.hostHeader, "\n")
	})
}
