package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
	"github.com/spec2lib/websocket/internal/peers"
	"github.com/spec2lib/websocket/step06-client/websocket"
)

// An interop peer: a WebSocket server that nobody here wrote, started
// for one test, with the query protocol of internal/echoserver.
type peer struct {
	name   string
	url    string
	tls    *tls.Config // trusts the peer's certificate; nil for ws://
	caFile string      // the same trust as a PEM file, for -cacert
}

// startPeers starts gorilla's server, Python's websockets and Node's ws,
// each over ws:// and wss://, with certificates from a throwaway CA.
// All three support the subprotocols "chat" and "superchat".
func startPeers(t *testing.T) []peer {
	t.Helper()
	files, roots, caFile := peers.NewCA(t)
	var all []peer
	for _, secure := range []bool{false, true} {
		g := echoserver.Start(echoserver.Options{TLS: secure, Subprotocols: []string{"chat", "superchat"}})
		t.Cleanup(g.Close)
		p := peer{name: "gorilla/ws", url: g.URL}
		if secure {
			p = peer{name: "gorilla/wss", url: g.URL, tls: g.ClientTLSConfig(), caFile: writeCertPEM(t, g.Certificate())}
		}
		all = append(all, p)
		for _, kind := range peers.Kinds() {
			var tf *peers.TLSFiles
			if secure {
				tf = files
			}
			started := peers.Start(t, kind, tf)
			p := peer{name: fmt.Sprintf("%s/ws", kind), url: started.URL}
			if secure {
				p = peer{name: fmt.Sprintf("%s/wss", kind), url: started.URL, tls: &tls.Config{RootCAs: roots}, caFile: caFile}
			}
			all = append(all, p)
		}
	}
	return all
}

func (p peer) dial(t *testing.T, query string, opts *websocket.Options) (*websocket.Conn, *http.Response, error) {
	t.Helper()
	if opts == nil {
		opts = &websocket.Options{}
	}
	opts.TLSConfig = p.tls
	return websocket.Dial(testContext(t), p.url+query, opts)
}

// TestInteropPeers runs the client against every peer, over ws and wss.
func TestInteropPeers(t *testing.T) {
	for _, p := range startPeers(t) {
		t.Run(p.name, func(t *testing.T) {
			t.Run("echo", func(t *testing.T) { interopEcho(t, p) })
			t.Run("server closes with a code", func(t *testing.T) { interopServerClose(t, p) })
			t.Run("ping and pong", func(t *testing.T) { interopPingPong(t, p) })
			t.Run("subprotocol", func(t *testing.T) { interopSubprotocol(t, p) })
			t.Run("refused", func(t *testing.T) { interopRefused(t, p) })
			t.Run("command line", func(t *testing.T) { interopCLI(t, p) })
		})
	}
}

// TestInteropCompression: permessage-deflate against every peer that
// accepts it (gorilla's without context takeover, Python's websockets
// and Node's ws with it, by their defaults), offered both ways: the
// echoes come back whole, and the trace shows compressed frames on the
// wire in both directions.
func TestInteropCompression(t *testing.T) {
	g := echoserver.Start(echoserver.Options{Compression: true})
	t.Cleanup(g.Close)
	servers := []peer{{name: "gorilla", url: g.URL}}
	for _, kind := range peers.Kinds() {
		servers = append(servers, peer{name: string(kind), url: peers.StartWith(t, kind, peers.Options{Compression: true}).URL})
	}
	for _, p := range servers {
		for _, mode := range []websocket.Compression{websocket.CompressionNoContextTakeover, websocket.CompressionContextTakeover} {
			name := p.name + "/no-context-takeover"
			if mode == websocket.CompressionContextTakeover {
				name = p.name + "/context-takeover"
			}
			t.Run(name, func(t *testing.T) { interopCompressed(t, p, mode) })
		}
	}
}

func interopCompressed(t *testing.T, p peer, mode websocket.Compression) {
	trace := &lineWriter{}
	conn, _, err := p.dial(t, "", &websocket.Options{Compression: mode, Trace: trace})
	require.NoError(t, err)
	defer conn.CloseNow()
	t.Logf("extensions: %s", conn.Extensions())
	require.Contains(t, conn.Extensions(), "permessage-deflate")
	for i := range 20 { // with context takeover, each message refers back to the ones before
		for _, size := range []int{100, 2000, 64 << 10, 1 << 20} {
			msg := bytes.Repeat([]byte(fmt.Sprintf(`{"n":%d,"size":%d},`, i, size)), size/16)
			for _, typ := range []websocket.MessageType{websocket.TextMessage, websocket.BinaryMessage} {
				if size == 1<<20 && i > 1 {
					continue
				}
				require.NoError(t, conn.WriteMessage(t.Context(), typ, msg))
				gotType, got, err := conn.ReadMessage(t.Context())
				require.NoError(t, err, "%s of %d bytes", typ, len(msg))
				assert.Equal(t, typ, gotType)
				require.True(t, bytes.Equal(msg, got), "%s of %d bytes came back different", typ, len(msg))
			}
		}
	}
	assert.NoError(t, conn.Close(websocket.CloseNormalClosure, ""))
	wire := trace.String()
	assert.Regexp(t, `(?m)^-> FIN (text|binary)\+rsv1 `, wire, "we sent compressed frames")
	assert.Regexp(t, `(?m)^<- FIN (text|binary)\+rsv1 `, wire, "the server sent compressed frames")
	assert.Contains(t, wire, "<-     inflated", "and we inflated them")
}

func interopEcho(t *testing.T, p peer) {
	conn, _, err := p.dial(t, "", nil)
	require.NoError(t, err)
	defer conn.CloseNow()
	for _, typ := range []websocket.MessageType{websocket.TextMessage, websocket.BinaryMessage} {
		for _, size := range []int{0, 125, 64 << 10, 4 << 20} {
			msg := bytes.Repeat([]byte("interop!"), size/8)
			require.NoError(t, conn.WriteMessage(t.Context(), typ, msg))
			gotType, got, err := conn.ReadMessage(t.Context())
			require.NoError(t, err, "%s of %d bytes", typ, size)
			assert.Equal(t, typ, gotType, "%s of %d bytes", typ, size)
			assert.True(t, bytes.Equal(msg, got), "%s of %d bytes came back different", typ, size)
		}
	}
	assert.NoError(t, conn.Close(websocket.CloseNormalClosure, ""))
}

func interopServerClose(t *testing.T, p peer) {
	conn, _, err := p.dial(t, "?close=4001&reason=maintenance", nil)
	require.NoError(t, err)
	defer conn.CloseNow()
	_, _, err = conn.ReadMessage(t.Context())
	var ce *websocket.CloseError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 4001, ce.Code)
	assert.Equal(t, "maintenance", ce.Reason)
}

// interopPingPong: the peer pings us and reports our pong; we ping the
// peer and Ping sees its pong.
func interopPingPong(t *testing.T, p peer) {
	conn, _, err := p.dial(t, "?ping=hi", nil)
	require.NoError(t, err)
	defer conn.CloseNow()
	_, got, err := conn.ReadMessage(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "pong:hi", string(got))

	readDone := make(chan error, 1)
	go func() {
		_, _, err := conn.ReadMessage(t.Context())
		readDone <- err
	}()
	require.NoError(t, conn.Ping(testContext(t)))
	require.NoError(t, conn.Close(websocket.CloseNormalClosure, ""))
	var ce *websocket.CloseError
	assert.ErrorAs(t, <-readDone, &ce)
}

func interopSubprotocol(t *testing.T, p peer) {
	conn, _, err := p.dial(t, "", &websocket.Options{Subprotocols: []string{"v9", "chat"}})
	require.NoError(t, err)
	defer conn.CloseNow()
	// Which one is the server's choice (§4.2.2): gorilla goes by its own
	// order, the others by ours. Offer one they share, and one not.
	assert.Equal(t, "chat", conn.Subprotocol())
}

func interopRefused(t *testing.T, p peer) {
	_, resp, err := p.dial(t, "?status=403", nil)
	var herr *websocket.HandshakeError
	require.ErrorAs(t, err, &herr)
	assert.Equal(t, http.StatusForbidden, herr.StatusCode)
	require.NotNil(t, resp)
	assert.Contains(t, err.Error(), "status 403 Forbidden")
}

// interopCLI is the check of `(printf 'hello\nworld\n'; sleep 1) | go
// run ./step06-client URL`: two lines out, two lines back, exit 0.
// Instead of a sleep, stdin stays open until both echoes are printed: a
// server may drop messages that cross our close frame (Python's does),
// so the close must wait for them, as the sleep lets it.
func interopCLI(t *testing.T, p peer) {
	args := []string{p.url}
	if p.caFile != "" {
		args = []string{"-cacert", p.caFile, p.url}
	}
	stdinR, stdinW := io.Pipe()
	stdout := &lineWriter{want: 2, seen: make(chan struct{})}
	go func() {
		io.WriteString(stdinW, "hello\nworld\n")
		select {
		case <-stdout.seen:
		case <-time.After(testTimeout): // a broken client fails below, not hangs
		}
		stdinW.Close()
	}()
	var stderr bytes.Buffer
	code := run(t.Context(), args, stdinR, stdout, &stderr)
	assert.Equal(t, 0, code, "stderr: %s", stderr.String())
	assert.Equal(t, "hello\nworld\n", stdout.String())
}

// lineWriter collects output and closes seen once want lines arrived.
type lineWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	want int
	seen chan struct{}
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	before := bytes.Count(w.buf.Bytes(), []byte("\n"))
	w.buf.Write(p)
	if before < w.want && bytes.Count(w.buf.Bytes(), []byte("\n")) >= w.want {
		close(w.seen)
	}
	return len(p), nil
}

func (w *lineWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// writeCertPEM writes a certificate to a PEM file, for -cacert.
func writeCertPEM(t *testing.T, cert *x509.Certificate) string {
	file := filepath.Join(t.TempDir(), "cert.pem")
	require.NoError(t, os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o600))
	return file
}
