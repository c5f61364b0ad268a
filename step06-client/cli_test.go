package main

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/spec2lib/websocket/internal/echoserver"
	"github.com/spec2lib/websocket/internal/scripted"
)

// runCLI runs the command with args and stdin, as `go run ./step06-client`
// would, and returns its exit status, stdout and stderr.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), args, strings.NewReader(stdin), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestCLIEchoSession(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	code, stdout, stderr := runCLI(t, "hello\nworld\n", srv.URL)
	assert.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Equal(t, "hello\nworld\n", stdout)
	assert.Empty(t, stderr)
	assert.Equal(t, echoserver.CloseEvent{Code: CloseNormalClosure}, <-srv.Closes(), "close 1000 at the end of stdin")
}

func TestCLIBinaryAndTrace(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	code, stdout, stderr := runCLI(t, "raw bytes\n", "-binary", "-trace", srv.URL)
	assert.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Equal(t, "raw bytes\n", stdout)
	assert.Contains(t, stderr, "-> FIN binary             9  72 61 77 20 62 79 74 65 73")
	assert.Contains(t, stderr, "<- FIN close              2  code 1000")
}

func TestCLIRefused(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	code, stdout, stderr := runCLI(t, "", srv.URL+"?status=403")
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "status 403 Forbidden")
	assert.Contains(t, stderr, "refused by the echo server")
}

func TestCLIServerCloses(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	code, _, stderr := runCLI(t, "", srv.URL+"?close=4001&reason=maintenance")
	assert.Equal(t, 1, code, "a close that is not normal is reported")
	assert.Contains(t, stderr, "closed with status 4001: maintenance")

	code, _, stderr = runCLI(t, "", srv.URL+"?close=1001&reason=restart")
	assert.Equal(t, 0, code, "going away is a normal end: %s", stderr)
}

// TestCLIHeaders: -H, -origin and -subprotocol reach the server.
func TestCLIHeaders(t *testing.T) {
	requests := make(chan *http.Request, 1)
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		req, err := c.ReadRequest()
		if err != nil {
			return err
		}
		requests <- req
		if _, err := c.Write([]byte(scripted.Response101(req, "Sec-WebSocket-Protocol: v2"))); err != nil {
			return err
		}
		if _, _, _, err := c.ExpectClose(); err != nil {
			return err
		}
		_, err = c.Write(scripted.Close(1000, ""))
		return err
	})
	code, _, stderr := runCLI(t, "", "-H", "Authorization: Bearer abc", "-H", "X-Feed:ticks",
		"-origin", "https://example.com", "-subprotocol", "v1", "-subprotocol", "v2", srv.URL)
	assert.Equal(t, 0, code, "stderr: %s", stderr)
	req := <-requests
	assert.Equal(t, "Bearer abc", req.Header.Get("Authorization"))
	assert.Equal(t, "ticks", req.Header.Get("X-Feed"))
	assert.Equal(t, "https://example.com", req.Header.Get("Origin"))
	assert.Equal(t, "v1, v2", req.Header.Get("Sec-WebSocket-Protocol"))
}

func TestCLICACert(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{TLS: true})
	defer srv.Close()
	caFile := writeCertPEM(t, srv.Certificate())

	code, stdout, stderr := runCLI(t, "secure\n", "-cacert", caFile, srv.URL)
	assert.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Equal(t, "secure\n", stdout)

	code, _, stderr = runCLI(t, "secure\n", srv.URL)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "certificate")
}

func TestCLIBadFlags(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-H", "no colon", "ws://127.0.0.1:1/"}, 1, `-H "no colon": want "Name: value"`},
		{[]string{"-cacert", "/nonexistent.pem", "wss://127.0.0.1:1/"}, 1, "-cacert: open /nonexistent.pem"},
		{[]string{"-nosuchflag"}, 2, "flag provided but not defined"},
		{[]string{"http://example.com/"}, 1, `scheme "http" is not supported`},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, "", tt.args...)
		assert.Equal(t, tt.code, code, "%v", tt.args)
		assert.Contains(t, stderr, tt.want, "%v", tt.args)
	}
}

func TestCLIDemo(t *testing.T) {
	code, stdout, stderr := runCLI(t, "")
	assert.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Contains(t, stdout, "started the gorilla echo server")
	assert.Contains(t, stdout, `-> FIN text              17  "Hello, WebSocket!"`)
	assert.Contains(t, stdout, "(the server closed TCP first, then we did: RFC 6455 §7.1.1)")
}
