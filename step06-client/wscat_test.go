package main

import (
	"bytes"
	"encoding/base64"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
	"github.com/spec2lib/websocket/internal/peers"
	"github.com/spec2lib/websocket/step06-client/websocket"
)

// The tests of wscat's options (cliflags.go and the files it leads to).

// TestWscatHelp: -h lists each flag once with all its names, wscat's
// beside ours, and says what wscat has that we do not.
func TestWscatHelp(t *testing.T) {
	code, _, stderr := runCLI(t, "", "-h")
	require.Equal(t, 0, code)
	for _, want := range []string{
		"  -H, --header", "  -cacert, --ca string", "  -o, -origin", "  -s, -subprotocol",
		"  -x, --execute message", "  -w, --wait seconds", "  -n, --no-check", "  -P, --show-ping-pong",
		"  -L, --location", "  --max-redirects int", "(default 10)", "  --slash", "  --unsafe-frames",
		"  --cert file", "  --key file", "  --passphrase string", "  --auth user:password", "  --proxy URL",
		"  -c, --connect URL", "  -trace", "  -binary", "  -ping duration",
		"wscat's -l (listen), --host, -p (protocol version), --no-color and -V are",
		"No wscat name clashes",
	} {
		assert.Contains(t, stderr, want)
	}
	assert.Equal(t, 1, strings.Count(stderr, "--execute"), "each flag once")
}

// TestWscatExecute: -x sends each message, in order, instead of stdin;
// -w waits for the answers, then the tool closes with 1000 and exits 0.
// The default wait is 2 s, as wscat's. Python's server drops what
// crosses our close frame, so the wait is what brings the echoes back.
func TestWscatExecute(t *testing.T) {
	g := echoserver.Start(echoserver.Options{})
	defer g.Close()
	py := peers.Start(t, peers.Python, nil)
	tests := []struct {
		name  string
		url   string
		args  []string
		stdin string
		want  string
	}{
		{"gorilla, -w 0.5", g.URL, []string{"-x", "one", "--execute", "two words", "-w", "0.5"}, "", "one\ntwo words\n"},
		{"python, the default wait", py.URL, []string{"-x", "first", "-x", "second"}, "", "first\nsecond\n"},
		{"stdin is not read", g.URL, []string{"-x", "only", "-w", "0.5"}, "not sent\n", "only\n"},
		{"-c names the URL", "", []string{"-c", strings.TrimPrefix(g.URL, "ws://"), "-x", "no scheme: ws://", "-w", "0.5"}, "", "no scheme: ws://\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			if tt.url != "" {
				args = append(args, tt.url)
			}
			code, stdout, stderr := runCLI(t, tt.stdin, args...)
			assert.Equal(t, 0, code, "stderr: %s", stderr)
			assert.Equal(t, tt.want, stdout)
		})
	}
}

// TestWscatWaitAfterStdin: -w works at the end of stdin too, and -1
// waits until the server closes: here after three echoes, with 1000.
func TestWscatWaitAfterStdin(t *testing.T) {
	py := peers.Start(t, peers.Python, nil)
	code, stdout, stderr := runCLI(t, "a\nb\nc\n", "-w", "-1", py.URL+"?close=1000&after=3")
	assert.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Equal(t, "a\nb\nc\n", stdout)
}

// TestWscatSlashCommands: /ping, /pong and /close do what wscat's do,
// -P shows the pings and pongs with their payloads, and // sends a line
// that starts with /. Outside a terminal, -P's lines go to stderr.
func TestWscatSlashCommands(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	stdin, stdinW := io.Pipe()
	stdout := &lineWriter{want: 1, seen: make(chan struct{})}
	go func() {
		// The server's ping comes first: once its report is printed, our
		// pong went out before anything below, our close included.
		select {
		case <-stdout.seen:
		case <-time.After(testTimeout): // a broken client fails below, not hangs
		}
		io.WriteString(stdinW, "/ping are you there\n/pong unasked\n//not a command\n/close 4000 done here\nnever sent\n")
		stdinW.Close()
	}()
	var stderrBuf bytes.Buffer
	code := run(t.Context(), []string{"--slash", "-P", srv.URL + "?ping=hi"}, stdin, stdout, &stderrBuf)
	stderr := stderrBuf.String()
	assert.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Equal(t, "pong:hi\npong:unasked\n/not a command\n", stdout.String(), "the server saw our pongs, asked and not")
	for _, want := range []string{
		"Received ping (data: hi)\n",
		"Sent ping (data: are you there)\n",
		"Received pong (data: are you there)\n",
		"Sent pong (data: unasked)\n",
	} {
		assert.Contains(t, stderr, want)
	}
	assert.Equal(t, echoserver.CloseEvent{Code: 4000, Reason: "done here"}, srv.NextClose(t))
}

// TestWscatSlashRefused: a command that breaks a rule is refused before
// anything goes out, with a message that names it; the session goes on,
// closes normally, and exits 1, as for a line that was not sent.
func TestWscatSlashRefused(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	tests := []struct{ line, want string }{
		{"/close 1005", "line 1: /close 1005: §7.4.1 reserves this code for reports: an endpoint MUST NOT send it in a close frame"},
		{"/close 1006 gone", "line 1: /close 1006: §7.4.1 reserves this code"},
		{"/close 999", "line 1: /close 999: §7.4.2: codes 0 to 999 are not used"},
		{"/close 2000", "line 1: /close 2000: §7.4.2: codes 1000 to 2999 are for the protocol"},
		{"/close 5000", "line 1: /close 5000: §7.4.2 defines codes up to 4999"},
		{"/close soon", "line 1: /close soon: the code is a number"},
		{"/close 1000 " + strings.Repeat("r", 124), "a reason of 124 bytes is over the 123"},
		{"/ping " + strings.Repeat("p", 126), "/ping: 126 bytes of data, over the 125"},
		{"/frame op=9 fin=0 ping", "line 1: /frame sends frames that break RFC 6455 on purpose, so it needs --unsafe-frames"},
		{"/nosuch", "line 1: unknown command /nosuch: try /help"},
	}
	for _, tt := range tests {
		t.Run(tt.line[:min(len(tt.line), 20)], func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.line+"\nafter\n", "--slash", srv.URL)
			assert.Equal(t, 1, code)
			assert.Equal(t, "after\n", stdout, "the session went on")
			assert.Contains(t, stderr, tt.want)
			assert.Contains(t, stderr, "some lines were not sent (see above)")
			assert.Equal(t, echoserver.CloseEvent{Code: websocket.CloseNormalClosure}, srv.NextClose(t), "nothing else closed it")
		})
	}
}

// TestWscatSlashOff: in a pipe, slash commands are off unless asked for:
// a line that starts with / is a message. /help lists the commands.
func TestWscatSlashOff(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	code, stdout, stderr := runCLI(t, "/ping\n", srv.URL)
	assert.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Equal(t, "/ping\n", stdout)

	code, stdout, stderr = runCLI(t, "/help\n", "--slash", srv.URL)
	assert.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "/close [code [reason]]  close with this code")
}

// TestWscatBasicAuth: a server that demands Basic authentication
// (Python websockets' own) lets us in with --auth, or with
// user:password@ in the URL, and refuses us without, or with the wrong
// password.
func TestWscatBasicAuth(t *testing.T) {
	py := peers.StartWith(t, peers.Python, peers.Options{BasicAuth: "ada:s3cret:x"})
	url := py.URL + "?close=1000&after=1" // the server closes once it has echoed our message
	withUser := func(userinfo string) string { return strings.Replace(url, "ws://", "ws://"+userinfo+"@", 1) }
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"--auth", []string{"--auth", "ada:s3cret:x", url}, 0, ""},
		{"in the URL, escaped", []string{withUser("ada:s3cret%3Ax")}, 0, ""},
		{"--auth wins over the URL", []string{"--auth", "ada:s3cret:x", withUser("ada:wrong")}, 0, ""},
		{"none", []string{url}, 1, "status 401 Unauthorized"},
		{"wrong password", []string{"--auth", "ada:wrong", url}, 1, "status 401 Unauthorized"},
		{"no colon", []string{"--auth", "ada", url}, 1, "--auth: want user:password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", append([]string{"-x", "hello", "-w", "-1"}, tt.args...)...)
			assert.Equal(t, tt.code, code, "stderr: %s", stderr)
			if tt.code == 0 {
				assert.Equal(t, "hello\n", stdout)
			} else {
				assert.Contains(t, stderr, tt.want)
			}
		})
	}
}

// TestWscatAuthHeader: --auth is the Authorization header of Basic
// authentication (RFC 7617), user:password in base64.
func TestWscatAuthHeader(t *testing.T) {
	srv, headers := headerServer(t)
	code, _, stderr := runCLI(t, "", "--auth", "user:pa ss", srv.URL)
	assert.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Equal(t, "Basic "+base64.StdEncoding.EncodeToString([]byte("user:pa ss")), (<-headers).Get("Authorization"))
}

// TestWscatProxy: --proxy sends the connection through an HTTP proxy's
// tunnel, for ws:// and wss:// alike, with the proxy URL's user:password
// as Proxy-Authorization; a proxy it cannot use is refused before
// anything is dialled.
func TestWscatProxy(t *testing.T) {
	plain := echoserver.Start(echoserver.Options{})
	defer plain.Close()
	secure := echoserver.Start(echoserver.Options{TLS: true})
	defer secure.Close()
	caFile := writeCertPEM(t, secure.Certificate())
	proxy := startConnectProxy(t)

	code, stdout, stderr := runCLI(t, "through\n", "--proxy", proxy.addr(), plain.URL)
	assert.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Equal(t, "through\n", stdout)
	code, stdout, stderr = runCLI(t, "secure\n", "--proxy", "http://me:pw@"+proxy.addr(), "--ca", caFile, secure.URL)
	assert.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Equal(t, "secure\n", stdout)

	targets, auths := proxy.seen()
	assert.Equal(t, []string{strings.Trim(strings.TrimPrefix(plain.URL, "ws://"), "/"), strings.Trim(strings.TrimPrefix(secure.URL, "wss://"), "/")}, targets)
	assert.Equal(t, []string{"", "Basic " + base64.StdEncoding.EncodeToString([]byte("me:pw"))}, auths)

	code, _, stderr = runCLI(t, "", "--proxy", "socks5://127.0.0.1:1", plain.URL)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "--proxy socks5://127.0.0.1:1: want an http:// proxy")
}

// TestWscatNoCheck: -n connects to a server whose certificate nobody
// vouches for, and says on stderr what that costs.
func TestWscatNoCheck(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{TLS: true})
	defer srv.Close()
	code, stdout, stderr := runCLI(t, "unchecked\n", "-n", srv.URL)
	assert.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Equal(t, "unchecked\n", stdout)
	assert.Contains(t, stderr, "warning: -n: the server's certificate is not checked")
}

// TestWscatBadInput: input the tool cannot use is refused with a clear
// error and a non-zero status, before any connection.
func TestWscatBadInput(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "not.pem")
	require.NoError(t, os.WriteFile(notPEM, []byte("hello"), 0o600))
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--cert", "/nonexistent/cert.pem", "wss://127.0.0.1:1/"}, 1, "--cert: open /nonexistent/cert.pem"},
		{[]string{"--cert", dir, "wss://127.0.0.1:1/"}, 1, "--cert: read " + dir + ": is a directory"},
		{[]string{"--cert", notPEM, "--key", "/nonexistent/key.pem", "wss://127.0.0.1:1/"}, 1, "--key: open /nonexistent/key.pem"},
		{[]string{"--cert", notPEM, "wss://127.0.0.1:1/"}, 1, "--cert " + notPEM + " with --key " + notPEM + ": tls: failed to find any PEM data"},
		{[]string{"--key", notPEM, "wss://127.0.0.1:1/"}, 1, "--key and --passphrase go with --cert"},
		{[]string{"--ca", "/nonexistent/ca.pem", "wss://127.0.0.1:1/"}, 1, "-cacert: open /nonexistent/ca.pem"},
		{[]string{"-w", "soon", "ws://127.0.0.1:1/"}, 2, `invalid value "soon" for flag -w: want a number of seconds, or -1`},
		{[]string{"-w", "-2", "ws://127.0.0.1:1/"}, 2, "want seconds from 0 to 1000000, or -1"},
		{[]string{"-c", "ws://127.0.0.1:1/", "ws://127.0.0.1:2/"}, 2, `two URLs, "ws://127.0.0.1:2/" and -c "ws://127.0.0.1:1/": give one`},
		{[]string{"--slash=maybe", "ws://127.0.0.1:1/"}, 2, `invalid boolean value "maybe" for -slash`},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, "", tt.args...)
		assert.Equal(t, tt.code, code, "%v", tt.args)
		assert.Contains(t, stderr, tt.want, "%v", tt.args)
	}
}

// TestWscatHeaderAliases: wscat's -o, -s and --header are our -origin,
// -subprotocol and -H.
func TestWscatHeaderAliases(t *testing.T) {
	srv, headers := headerServer(t)
	code, _, stderr := runCLI(t, "", "--header", "X-Feed: ticks", "-o", "https://example.com", srv.URL)
	assert.Equal(t, 0, code, "stderr: %s", stderr)
	h := <-headers
	assert.Equal(t, "ticks", h.Get("X-Feed"))
	assert.Equal(t, "https://example.com", h.Get("Origin"))
	assert.Equal(t, http.Header(nil)["Sec-Websocket-Protocol"], h["Sec-Websocket-Protocol"], "none offered")
}
