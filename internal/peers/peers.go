// Package peers starts third-party WebSocket echo servers as subprocesses
// for tests: Python's websockets (python/echo_server.py) and Node's ws
// (node/echo_server.js). Like internal/echoserver they echo each message
// with its type, offer subprotocols "chat" and "superchat", accept 64 MiB,
// send no keepalive, accept no compression unless Options.Compression
// says so, and read the handshake URL's query:
// ping=PAYLOAD (ping, then text "pong:PAYLOAD" on the pong), close=CODE
// reason=TEXT after=N (close after N echoes), status=CODE (refuse), and
// for Python's, location=URL (with a 3xx status: a redirect). Python's
// can also require a client certificate, or Basic authentication
// (StartWith).
// A missing runtime skips the test with the install command, or fails it
// when CI is set (.ci/run installs both).
package peers

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Kind names a peer implementation.
type Kind string

const (
	// Python is the Python websockets library (version 10.4 on Debian
	// bookworm), run by the system interpreter.
	Python Kind = "python-websockets"
	// Node is the Node.js ws library (version 8, pinned in
	// node/package-lock.json).
	Node Kind = "node-ws"
)

// Kinds returns every peer kind, for table tests.
func Kinds() []Kind { return []Kind{Python, Node} }

// StartTimeout bounds the wait for a peer's "LISTENING <port>" line.
const StartTimeout = 20 * time.Second

// Peer is a running third-party echo server.
type Peer struct {
	// URL is ws://127.0.0.1:PORT/ or wss://127.0.0.1:PORT/.
	URL string
	// Kind is the implementation behind URL.
	Kind Kind

	cmd    *exec.Cmd
	stdin  interface{ Close() error }
	stderr *syncBuffer
	exited chan struct{} // closed when the process has been waited for
	err    error         // Wait's result, set before exited is closed

	stderrShown bool // a failure message has included stderr already
}

// TLSFiles are the PEM files of a server certificate and its private key.
type TLSFiles struct {
	CertFile, KeyFile string
}

// Start starts a peer on a free loopback port, wss:// with tlsFiles and
// ws:// without, waits at most StartTimeout for it to listen, and stops it
// at t.Cleanup. A missing peer skips the test, or fails it when CI is set.
func Start(t testing.TB, kind Kind, tlsFiles *TLSFiles) *Peer {
	t.Helper()
	return StartWith(t, kind, Options{TLS: tlsFiles})
}

// Options say what a peer demands of its clients, beyond what Start's
// peers do. Only the Python peer takes ClientCAFile and BasicAuth.
type Options struct {
	// TLS serves wss:// with these files; nil serves ws://.
	TLS *TLSFiles
	// ClientCAFile, with TLS, makes the peer require a client
	// certificate that the CA in this PEM file signed.
	ClientCAFile string
	// BasicAuth, "user:password", makes the peer demand HTTP Basic
	// authentication before the handshake, with the library's own code.
	BasicAuth string
	// Compression accepts permessage-deflate (RFC 7692) with the
	// library's own default settings: for Python's websockets, context
	// takeover and a server window of 12 bits; for Node's ws, context
	// takeover, and only messages of 1024 bytes or more compressed.
	Compression bool
}

// StartWith starts a peer as Start does, with opts.
func StartWith(t testing.TB, kind Kind, opts Options) *Peer {
	t.Helper()
	tlsFiles := opts.TLS
	if kind != Python && (opts.ClientCAFile != "" || opts.BasicAuth != "") {
		t.Fatalf("peer %s: only %s takes a client CA or Basic authentication", kind, Python)
	}
	if err := Check(kind); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("interop peer %s is not installed (CI is set, so this is a failure): %v", kind, err)
		}
		t.Skipf("SKIPPING: interop peer %s is not installed: %v", kind, err)
	}

	name, args := command(kind)
	if tlsFiles != nil {
		args = append(args, "--cert", tlsFiles.CertFile, "--key", tlsFiles.KeyFile)
	}
	if opts.ClientCAFile != "" {
		args = append(args, "--client-ca", opts.ClientCAFile)
	}
	if opts.BasicAuth != "" {
		args = append(args, "--basic-auth", opts.BasicAuth)
	}
	if opts.Compression {
		args = append(args, "--deflate")
	}
	p := &Peer{
		Kind:   kind,
		cmd:    exec.Command(name, args...),
		stderr: new(syncBuffer),
		exited: make(chan struct{}),
	}
	listening := make(chan string, 1)
	p.cmd.Stdout = &lineWriter{first: listening}
	p.cmd.Stderr = p.stderr
	// Wait gives up on the output copiers this long after the process has
	// exited, in case something else inherited the pipes.
	p.cmd.WaitDelay = 2 * time.Second
	// The peer exits when its stdin closes: at Cleanup, and also when this
	// process dies without running it.
	stdin, err := p.cmd.StdinPipe()
	if err != nil {
		t.Fatalf("peer %s: stdin pipe: %v", kind, err)
	}
	p.stdin = stdin
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("peer %s: start %s: %v", kind, name, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		p.stop()
		if t.Failed() && !p.stderrShown {
			if s := p.Stderr(); s != "" {
				t.Logf("peer %s stderr:\n%s", kind, s)
			}
		}
	})

	timer := time.NewTimer(StartTimeout)
	defer timer.Stop()
	var line string
	select {
	case line = <-listening:
	case <-p.exited:
		p.fatal(t, "exited before listening (%v)", p.err)
	case <-timer.C:
		p.fatal(t, "did not print LISTENING within %v", StartTimeout)
	}
	port, ok := strings.CutPrefix(line, "LISTENING ")
	if n, err := strconv.Atoi(port); !ok || err != nil || n <= 0 || n > 65535 {
		p.fatal(t, "the first line of its stdout is %q, want \"LISTENING <port>\"", line)
	}
	scheme := "ws"
	if tlsFiles != nil {
		scheme = "wss"
	}
	p.URL = scheme + "://127.0.0.1:" + port + "/"
	return p
}

// fatal stops the peer and fails the test with the peer's stderr.
func (p *Peer) fatal(t testing.TB, format string, args ...any) {
	t.Helper()
	p.stop()
	p.stderrShown = true
	t.Fatalf("peer %s: %s; its stderr:\n%s", p.Kind, fmt.Sprintf(format, args...), p.Stderr())
}

// stop closes the peer's stdin, kills it and waits for it.
func (p *Peer) stop() {
	p.stdin.Close()
	select {
	case <-p.exited:
		return
	default:
	}
	// Kill fails only when the process has exited already; either way
	// Wait (in the goroutine started by Start) is about to return.
	_ = p.cmd.Process.Kill()
	<-p.exited
}

// Stderr is everything the peer has written to its standard error so far.
func (p *Peer) Stderr() string { return p.stderr.String() }

// String describes the peer for logs and demo transcripts.
func (p *Peer) String() string {
	scheme, _, _ := strings.Cut(p.URL, ":")
	return fmt.Sprintf("%s echo server (%s) at %s", p.Kind, scheme, p.URL)
}

// Check reports whether the runtime and library behind kind are installed.
// It looks once per kind.
func Check(kind Kind) error {
	if check, ok := checks[kind]; ok {
		return check()
	}
	return fmt.Errorf("unknown peer kind %q", kind)
}

// checks holds each kind's check, run once.
var checks = map[Kind]func() error{
	Python: sync.OnceValue(checkPython),
	Node:   sync.OnceValue(checkNode),
}

func checkPython() error {
	py := pythonPath()
	if _, err := os.Stat(py); err != nil {
		return fmt.Errorf("no Python interpreter at %s (%v); install it with: %s", py, err, InstallCommand(Python))
	}
	out, err := exec.Command(py, "-c", "import websockets").CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s cannot import websockets (%v: %s); install it with: %s",
			py, err, bytes.TrimSpace(out), InstallCommand(Python))
	}
	return nil
}

func checkNode() error {
	if _, err := exec.LookPath("node"); err != nil {
		return fmt.Errorf("node is not on PATH (%v); install Node.js (>= 18) and npm, then run: %s", err, InstallCommand(Node))
	}
	ws := filepath.Join(sourceDir(), "node", "node_modules", "ws", "package.json")
	if _, err := os.Stat(ws); err != nil {
		return fmt.Errorf("the ws module is not installed (%v); install it with: %s", err, InstallCommand(Node))
	}
	return nil
}

// InstallCommand is the shell command that installs kind's library.
func InstallCommand(kind Kind) string {
	switch kind {
	case Python:
		return "apt-get install -y python3-websockets  (Debian/Ubuntu; the peer runs under " + pythonPath() + ", override with $PEERS_PYTHON)"
	case Node:
		return "npm ci --prefix " + filepath.Join(sourceDir(), "node")
	default:
		return "(unknown peer kind " + string(kind) + ")"
	}
}

// pythonPath is the interpreter for the Python peer: the system one, where
// Debian's python3-websockets lives, unless $PEERS_PYTHON names another.
func pythonPath() string {
	if p := os.Getenv("PEERS_PYTHON"); p != "" {
		return p
	}
	return "/usr/bin/python3"
}

func command(kind Kind) (name string, args []string) {
	switch kind {
	case Python:
		// -u: unbuffered, although the server flushes its one line itself.
		return pythonPath(), []string{"-u", filepath.Join(sourceDir(), "python", "echo_server.py")}
	case Node:
		return "node", []string{filepath.Join(sourceDir(), "node", "echo_server.js")}
	}
	panic("peers: unknown kind " + string(kind)) // Check has ruled this out
}

// sourceDir is the directory of this file: tests that use the package run
// in their own package's directory, so the servers are found from here.
func sourceDir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		panic("peers: runtime.Caller failed")
	}
	return filepath.Dir(file)
}

// lineWriter is the peer's stdout: it sends the first line on first, once,
// and keeps whatever follows.
type lineWriter struct {
	first chan<- string
	buf   []byte
	sent  bool
}

func (w *lineWriter) Write(b []byte) (int, error) {
	if w.sent {
		return len(b), nil // a peer prints one line; ignore anything else
	}
	w.buf = append(w.buf, b...)
	line, _, found := bytes.Cut(w.buf, []byte("\n"))
	if found || len(w.buf) > 4096 {
		if !found {
			line = append(w.buf[:64:64], "..."...)
		}
		w.first <- strings.TrimRight(string(line), "\r")
		w.sent, w.buf = true, nil
	}
	return len(b), nil
}

// syncBuffer is a bytes.Buffer safe for the writer goroutine of os/exec and
// readers in tests. It keeps the first maxStderr bytes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

const maxStderr = 1 << 20

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p[:min(len(p), maxStderr-b.buf.Len())]) // never more than maxStderr, so never negative
	return len(p), nil
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
