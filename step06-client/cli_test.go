package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
	"github.com/spec2lib/websocket/internal/scripted"
	"github.com/spec2lib/websocket/step06-client/websocket"
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
	assert.Equal(t, echoserver.CloseEvent{Code: websocket.CloseNormalClosure}, srv.NextClose(t), "close 1000 at the end of stdin")
}

func TestCLIBinaryAndTrace(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	code, stdout, stderr := runCLI(t, "raw bytes\n", "-binary", "-trace", srv.URL)
	assert.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Equal(t, "raw bytes\n", stdout)
	assert.Contains(t, stderr, "-> FIN binary            10  72 61 77 20 62 79 74 65 73 0a", "the line ending is part of the message")
	assert.Contains(t, stderr, "<- FIN close              2  code 1000")
	assert.NotContains(t, stderr, "extensions:", "the server agreed to none: no line")
}

// TestCLICompression: -compress (on by default) offers permessage-deflate;
// -trace says what the server agreed to, marks RSV1, and shows both
// sizes of a compressed message: on the wire, and inflated.
func TestCLICompression(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{Compression: true})
	defer srv.Close()
	line := strings.Repeat("compress me, ", 40) // 520 bytes: over the threshold
	code, stdout, stderr := runCLI(t, line+"\nshort\n", "-trace", srv.URL)
	assert.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Equal(t, line+"\nshort\n", stdout)
	assert.Contains(t, stderr, "extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover\n")
	assert.Regexp(t, `-> FIN text\+rsv1 +\d+  deflated from 520: "compress me, compress me, compre"...`, stderr)
	assert.Regexp(t, `<- FIN text\+rsv1 +\d+  compressed`, stderr)
	assert.Regexp(t, `<-     inflated +520  from \d+: "compress me`, stderr)
	assert.Contains(t, stderr, `-> FIN text               5  "short"`, "under the threshold: plain")

	code, stdout, stderr = runCLI(t, line+"\n", "-compress=false", "-trace", srv.URL)
	assert.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Equal(t, line+"\n", stdout)
	assert.NotContains(t, stderr, "extensions:")
	assert.NotContains(t, stderr, "rsv1")
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

// TestCLIServerCloses: the server closes while the input is still
// open. A close that is not normal is reported as such; a normal one is
// reported too, since the rest of the input was never sent.
func TestCLIServerCloses(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	tests := []struct {
		query, want string
	}{
		{"?close=4001&reason=maintenance", "closed with status 4001: maintenance"},
		{"?close=1001&reason=restart", "the server closed the connection before the end of the input; the rest was not sent"},
	}
	for _, tt := range tests {
		stdin, stdinW := io.Pipe() // never ends
		var stdout, stderr bytes.Buffer
		code := run(t.Context(), []string{srv.URL + tt.query}, stdin, &stdout, &stderr)
		stdinW.Close()
		assert.Equal(t, 1, code, tt.query)
		assert.Contains(t, stderr.String(), tt.want)
	}
}

// TestCLIInputFromADevice: stdin is a device that never ends but is no
// terminal (/dev/zero), and the server closes: what was not sent is
// reported, as for a pipe, and not taken for a person who stopped
// typing: the exit status is 1.
func TestCLIInputFromADevice(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	zero, err := os.Open("/dev/zero")
	require.NoError(t, err)
	defer zero.Close()
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{srv.URL + "?close=1001&reason=restart"}, zero, &stdout, &stderr)
	assert.Equal(t, 1, code)
	// Whichever notices first, the reader or the sender of the endless
	// line, says that input was not sent.
	assert.Contains(t, stderr.String(), "not sent")
}

// TestIsTerminal: devices, pipes and files are not terminals, whatever
// their mode bits say; only the terminal driver can tell.
func TestIsTerminal(t *testing.T) {
	null, err := os.Open(os.DevNull)
	require.NoError(t, err)
	defer null.Close()
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	file, err := os.Create(filepath.Join(t.TempDir(), "out"))
	require.NoError(t, err)
	defer file.Close()
	for name, f := range map[string]any{"/dev/null": null, "a pipe": r, "a file": file, "a buffer": new(bytes.Buffer)} {
		assert.False(t, isTerminal(f), name)
	}
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
		{[]string{"-H", "X-\x01Id: 1", "ws://127.0.0.1:1/"}, 1, `-H "X-\x01Id: 1": want "Name: value"`},
		{[]string{"-ping", "-1s", "ws://127.0.0.1:1/"}, 1, "-ping -1s: want a positive interval, or 0 for no heartbeat"},
		{[]string{"ws://127.0.0.1:1/", "-nosuchflag"}, 2, "flag provided but not defined: -nosuchflag"},
		{[]string{"ws://127.0.0.1:1/", "ws://127.0.0.1:2/"}, 2, `unexpected argument "ws://127.0.0.1:2/"`},
		{[]string{"ws://127.0.0.1:99999/"}, 1, "port 99999 is not between 1 and 65535"},
		{[]string{"-h"}, 0, "usage: go run ./step06-client [flags] [ws://host:port/path]"},
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
	assert.Contains(t, stdout, "(Ping returned: the pong came back)")
	assert.Contains(t, stdout, "(close frames went both ways; we let the server close TCP first: RFC 6455 §7.1.1)")
}

// TestCLIFlagsAfterTheURL: flags may come after the URL too, and count.
func TestCLIFlagsAfterTheURL(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	code, stdout, stderr := runCLI(t, "ab\r\n", srv.URL, "-binary")
	assert.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Equal(t, "ab\r\n", stdout, "-binary after the URL was honoured")
}

// TestCLIBinaryIsExact: with -binary, the bytes of stdin arrive exactly:
// line endings, CRs and a last line without one. The echo server sends
// them back, so stdout is stdin again.
func TestCLIBinaryIsExact(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	input := "ab\r\ncd\n\x00\xff\r\n\nlast line, no newline\r"
	code, stdout, stderr := runCLI(t, input, "-binary", srv.URL)
	assert.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Equal(t, input, stdout)
}

// TestCLILongLines: a line longer than any buffer is sent, in frames,
// whole; so is every line after it. Nothing ends the session early.
func TestCLILongLines(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	long := strings.Repeat("0123456789", 2<<20) // 20 MiB, over the 16 MiB a scanner took
	for _, binary := range []bool{false, true} {
		args := []string{srv.URL}
		want := long + "\nafter\n"
		if binary {
			args = append(args, "-binary")
		}
		code, stdout, stderr := runCLI(t, long+"\r\nafter\n", args...)
		assert.Equal(t, 0, code, "stderr: %s", stderr)
		if binary {
			want = long + "\r\nafter\n"
		}
		assert.Equal(t, len(want), len(stdout))
		assert.True(t, stdout == want, "binary %v: the lines came back whole", binary)
	}
}

// TestCLILongLineCRLFSplit: a CRLF that falls across the edge of two
// reads is still one line ending.
func TestCLILongLineCRLFSplit(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	long := strings.Repeat("x", lineBufferSize-1) // the CR ends the buffer, the LF starts the next read
	code, stdout, stderr := runCLI(t, long+"\r\nnext\n", srv.URL)
	assert.Equal(t, 0, code, "stderr: %s", stderr)
	assert.True(t, stdout == long+"\nnext\n", "the CR was taken as part of the line ending")
}

// TestCLILineNotUTF8: a line that is not UTF-8 cannot go as text. It is
// reported with its number, the lines after it still go, the session
// ends with a closing handshake, and the status says something was not
// sent.
func TestCLILineNotUTF8(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	code, stdout, stderr := runCLI(t, "good\n\xff\xfe bad\nlast\n", srv.URL)
	assert.Equal(t, 1, code)
	assert.Equal(t, "good\nlast\n", stdout)
	assert.Contains(t, stderr, "line 2 is not UTF-8, so it was not sent as text (try -binary)")
	assert.Contains(t, stderr, "some lines were not sent (see above)")
	assert.Equal(t, echoserver.CloseEvent{Code: websocket.CloseNormalClosure}, srv.NextClose(t), "a closing handshake all the same")
}

// TestCLIEmptyCloseFromServer: a close frame with no code is allowed
// (§5.5.1) and ends the session normally.
func TestCLIEmptyCloseFromServer(t *testing.T) {
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		if _, _, _, err := c.ExpectClose(); err != nil { // the end of stdin
			return err
		}
		_, err := c.Write(scripted.Frame{Fin: true, Opcode: scripted.OpClose}.Bytes())
		return err
	})
	code, _, stderr := runCLI(t, "", srv.URL)
	assert.Equal(t, 0, code, "stderr: %s", stderr)
}

// TestCLIInterrupted: Ctrl-C or SIGTERM (here, the context they end)
// closes the connection with 1001 and a closing handshake, and the
// status is the shell's for that signal.
func TestCLIInterrupted(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	for sig, status := range map[os.Signal]int{os.Interrupt: 130, syscall.SIGTERM: 143} {
		stdin, stdinW := io.Pipe()
		stdoutR, stdout := io.Pipe()
		ctx, cancel := context.WithCancelCause(t.Context())
		var stderr bytes.Buffer
		done := make(chan int, 1)
		go func() {
			done <- run(ctx, []string{srv.URL}, stdin, stdout, &stderr)
			stdout.Close() // a session that ends early fails the read below, instead of hanging it
		}()

		io.WriteString(stdinW, "hello\n")
		line, err := bufio.NewReader(stdoutR).ReadString('\n')
		require.NoError(t, err)
		assert.Equal(t, "hello\n", line, "the session is up")
		cancel(signalError{sig})

		assert.Equal(t, status, <-done)
		assert.Contains(t, stderr.String(), "closed the connection with 1001 (going away)")
		assert.Equal(t, echoserver.CloseEvent{Code: websocket.CloseGoingAway, Reason: "interrupted"}, srv.NextClose(t))
		stdinW.Close()
	}
}

// TestCLISlowTerminalWithHeartbeat: the terminal hangs while the server
// answers every ping. The reading must go on meanwhile, so that pongs
// keep arriving and the heartbeat does not take the slow terminal for a
// dead server. (Before, the printer was the reader: while the terminal
// hung, no pong was read, and the heartbeat ended a healthy connection.)
func TestCLISlowTerminalWithHeartbeat(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	pongs := make(chan struct{}, 64)
	stderr := writerFunc(func(p []byte) {
		if bytes.HasPrefix(p, []byte("<- FIN pong")) {
			select {
			case pongs <- struct{}{}:
			default:
			}
		}
	})
	stdin, stdinW := io.Pipe()
	stdoutR, stdout := io.Pipe() // nobody reads it for a while: a terminal that hangs
	defer stdout.Close()
	done := make(chan int, 1)
	args := []string{"-ping", "20ms", "-pong-timeout", "10s", "-trace", srv.URL}
	go func() { done <- run(testContext(t), args, stdin, stdout, stderr) }() // bounded: no pong must not hang the test
	io.WriteString(stdinW, "one\ntwo\n")
	for range 3 { // three pongs come in while the terminal hangs
		select {
		case <-pongs:
		case status := <-done:
			t.Fatalf("the session ended with status %d while the terminal hung", status)
		}
	}
	got := bufio.NewReader(stdoutR)
	for _, want := range []string{"one\n", "two\n"} {
		line, err := got.ReadString('\n')
		require.NoError(t, err)
		assert.Equal(t, want, line)
	}
	stdinW.Close()
	assert.Equal(t, 0, <-done, "the connection survived the hang")
}

// TestVisible: on a terminal, control characters from the server are
// shown, not obeyed.
func TestVisible(t *testing.T) {
	assert.Equal(t, `\x1b[2Jhi\r\n`+"\tok é 世界"+`\x00\xff\u0085`,
		string(visible([]byte("\x1b[2Jhi\r\n\tok é 世界\x00\xff\u0085"))))
}

// TestCLIShowsServerTextSafely: a close reason is text the server chose;
// on stderr its control characters are shown, not obeyed.
func TestCLIShowsServerTextSafely(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	stdin, stdinW := io.Pipe()
	defer stdinW.Close()
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{srv.URL + "?close=4001&reason=%1b%5b31mred"}, stdin, &stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr.String(), `closed with status 4001: \x1b[31mred`)
	assert.NotContains(t, stderr.String(), "\x1b")
}

// closeSeen is what a recordingServer saw: the frames before the
// client's close frame, and that close frame's code and reason; or err,
// when the connection ended without one.
type closeSeen struct {
	before []scripted.Frame
	code   uint16
	reason string
	err    error
}

// recordingServer echoes nothing: it reads frames until the client's
// close frame, reports them, answers the close with the same code, and
// closes TCP first, as a server should (§7.1.1).
func recordingServer(t *testing.T) (*scripted.Server, <-chan closeSeen) {
	seen := make(chan closeSeen, 1)
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		code, reason, before, err := c.ExpectClose()
		seen <- closeSeen{before, code, reason, err}
		if err != nil {
			return err
		}
		if _, err := c.Write(scripted.Close(code, "")); err != nil {
			return err
		}
		if err := c.CloseWrite(); err != nil {
			return err
		}
		return c.ExpectEOF(testTimeout)
	})
	return srv, seen
}

// TestCLIInputFails: reading stdin fails after two lines. The lines
// before went out, the session ends with a closing handshake (1011: the
// client could not go on), and the command says why, with status 1.
func TestCLIInputFails(t *testing.T) {
	srv, seen := recordingServer(t)
	stdin := io.MultiReader(strings.NewReader("one\ntwo\n"), iotest.ErrReader(errors.New("disk on fire")))
	var stdout, stderr bytes.Buffer
	code := run(testContext(t), []string{srv.URL}, stdin, &stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Equal(t, "reading the input: disk on fire\n", stderr.String())
	assert.Empty(t, stdout.String(), "the server echoes nothing")
	got := returns(t, "the client's close frame", func() closeSeen { return <-seen })
	require.NoError(t, got.err, "the session ended with a closing handshake")
	assert.Equal(t, uint16(websocket.CloseInternalError), got.code)
	assert.Equal(t, "the client could not send its input", got.reason)
	var lines []string
	for _, f := range got.before {
		assert.Equal(t, scripted.OpText, f.Opcode)
		assert.True(t, f.Fin)
		lines = append(lines, string(f.Payload))
	}
	assert.Equal(t, []string{"one", "two"}, lines, "the lines before the failure were sent")
}

// TestCLILongLineNotUTF8: a line longer than the read buffer whose bad
// byte comes after the first buffer's worth. That first part is out, as
// a frame, before the bad byte is read, and a message cannot be taken
// back: the session ends there, with close 1011, status 1 and an error
// that names the line. The lines after it are not sent.
func TestCLILongLineNotUTF8(t *testing.T) {
	srv, seen := recordingServer(t)
	input := "first\n" + strings.Repeat("x", lineBufferSize+100) + "\xff\nafter\n"
	var stdout, stderr bytes.Buffer
	code := run(testContext(t), []string{srv.URL}, strings.NewReader(input), &stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Equal(t, "line 2 was not sent: websocket: cannot send a text message that is not UTF-8: websocket: invalid UTF-8\n", stderr.String())
	got := returns(t, "the client's close frame", func() closeSeen { return <-seen })
	require.NoError(t, got.err, "the session ended with a closing handshake")
	assert.Equal(t, uint16(websocket.CloseInternalError), got.code)
	assert.Equal(t, "the client could not send its input", got.reason)
	require.Equal(t, 2, len(got.before), "line 1, then the first frame of line 2")
	line1, part := got.before[0], got.before[1]
	assert.True(t, line1.Fin)
	assert.Equal(t, scripted.OpText, line1.Opcode)
	assert.Equal(t, "first", string(line1.Payload))
	assert.False(t, part.Fin, "line 2 began, and could not end")
	assert.Equal(t, scripted.OpText, part.Opcode)
	assert.Equal(t, lineBufferSize, len(part.Payload))
	assert.True(t, bytes.Equal(bytes.Repeat([]byte("x"), lineBufferSize), part.Payload), "the first part of line 2")
}
