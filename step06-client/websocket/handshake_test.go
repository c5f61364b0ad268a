package websocket

import (
	"encoding/base64"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAcceptKeyRFCExample is the worked example of RFC 6455 §1.3.
func TestAcceptKeyRFCExample(t *testing.T) {
	assert.Equal(t, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", acceptKey("dGhlIHNhbXBsZSBub25jZQ=="))
}

func TestNewKeyIs16RandomBytes(t *testing.T) {
	seen := make(map[string]bool)
	for range 100 {
		key, err := newKey()
		require.NoError(t, err)
		raw, err := base64.StdEncoding.DecodeString(key)
		require.NoError(t, err)
		assert.Len(t, raw, 16)
		assert.False(t, seen[key], "key %s came up twice", key)
		seen[key] = true
	}
}

func TestBuildRequest(t *testing.T) {
	tgt := &target{addr: "example.com:8080", hostHeader: "example.com:8080", requestURI: "/chat?room=go"}
	header := http.Header{"Origin": {"http://example.com"}, "Sec-Websocket-Protocol": {"chat, superchat"}}
	got, err := buildRequest(tgt, "dGhlIHNhbXBsZSBub25jZQ==", header, "")
	require.NoError(t, err)
	assert.Equal(t, "GET /chat?room=go HTTP/1.1\r\n"+
		"Host: example.com:8080\r\n"+
		"Upgrade: websocket\r\n"+
		"Connection: Upgrade\r\n"+
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"+
		"Sec-WebSocket-Version: 13\r\n"+
		"Origin: http://example.com\r\n"+
		"Sec-Websocket-Protocol: chat, superchat\r\n"+
		"\r\n", string(got))
}

func TestBuildRequestRejectsBadHeaders(t *testing.T) {
	tests := []struct {
		name   string
		header http.Header
		want   string
	}{
		{"a second key", http.Header{"Sec-WebSocket-Key": {"x"}}, "set by the handshake itself"},
		{"Host", http.Header{"host": {"evil.example"}}, "set by the handshake itself"},
		{"an extension", http.Header{"Sec-WebSocket-Extensions": {"permessage-deflate"}}, "set by the handshake itself"},
		{"a line break in a value", http.Header{"X-Token": {"a\r\nX-Evil: 1"}}, "value has a line break"},
		{"a colon in a name", http.Header{"X:Y": {"1"}}, "not a valid header name"},
		{"a space in a name", http.Header{"X Y": {"1"}}, "not a valid header name"},
		{"an @ in a name", http.Header{"X@Y": {"1"}}, "not a valid header name"},
		{"brackets in a name", http.Header{"X[1]": {"1"}}, "not a valid header name"},
		{"a control byte in a name", http.Header{"X-\x01Id": {"1"}}, "not a valid header name"},
		{"a non-ASCII name", http.Header{"X-Ünicode": {"1"}}, "not a valid header name"},
		{"an empty name", http.Header{"": {"1"}}, "not a valid header name"},
		{"a NUL in a value", http.Header{"X-Token": {"a\x00b"}}, "value has control byte 0x0"},
		{"an escape in a value", http.Header{"X-Token": {"\x1b[2J"}}, "value has control byte 0x1b"},
		{"a subprotocol that is not a token", http.Header{"Sec-WebSocket-Protocol": {"chat, v1 beta"}}, `subprotocol "v1 beta" is not a token`},
		{"a subprotocol offered twice", http.Header{"Sec-WebSocket-Protocol": {"chat", "chat"}}, `subprotocol "chat" is offered twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := buildRequest(&target{hostHeader: "h", requestURI: "/"}, "k", tt.header, "")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestBuildRequestKeepsValidHeaders: a tab and any visible character are
// fine in a value, and a token may use every character RFC 9110 allows.
func TestBuildRequestKeepsValidHeaders(t *testing.T) {
	header := http.Header{"X-Odd_Name.1~!#$%&'*+-^`|": {"a\tb \"quoted\" (ok) é"}}
	got, err := buildRequest(&target{hostHeader: "h", requestURI: "/"}, "k", header, "")
	require.NoError(t, err)
	assert.Contains(t, string(got), "X-Odd_Name.1~!#$%&'*+-^`|: a\tb \"quoted\" (ok) é\r\n")
}

func TestHasToken(t *testing.T) {
	assert.True(t, hasToken([]string{"Upgrade"}, "upgrade"))
	assert.True(t, hasToken([]string{"keep-alive, UPGRADE"}, "upgrade"))
	assert.True(t, hasToken([]string{"keep-alive", "upgrade"}, "upgrade"))
	assert.False(t, hasToken([]string{"keep-alive"}, "upgrade"))
	assert.False(t, hasToken([]string{"upgrades"}, "upgrade"))
	assert.False(t, hasToken(nil, "upgrade"))
}
