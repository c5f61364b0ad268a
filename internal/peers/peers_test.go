package peers

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// TestMain fails the run if any test leaves a goroutine behind: the peers'
// cleanups must wait for the processes and their output copiers.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestPeers checks, with gorilla's client, that each third-party peer does
// what the package documentation promises, over ws:// and wss://.
func TestPeers(t *testing.T) {
	files, roots, _ := NewCA(t)
	for _, kind := range Kinds() {
		for _, secure := range []bool{false, true} {
			name := string(kind) + "/ws"
			if secure {
				name = string(kind) + "/wss"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				var tlsFiles *TLSFiles
				dialer := &websocket.Dialer{HandshakeTimeout: 10 * time.Second}
				if secure {
					tlsFiles = files
					dialer.TLSClientConfig = &tls.Config{RootCAs: roots}
				}
				p := Start(t, kind, tlsFiles)
				require.Equal(t, kind, p.Kind)
				if secure {
					require.Regexp(t, `^wss://127\.0\.0\.1:\d+/$`, p.URL)
				} else {
					require.Regexp(t, `^ws://127\.0\.0\.1:\d+/$`, p.URL)
				}
				t.Logf("%v", p)

				t.Run("echo keeps the message type", func(t *testing.T) { testEcho(t, dialer, p) })
				t.Run("server closes with code and reason", func(t *testing.T) { testClose(t, dialer, p) })
				t.Run("server pings and reports the pong", func(t *testing.T) { testPing(t, dialer, p) })
				t.Run("subprotocols", func(t *testing.T) { testSubprotocols(t, dialer, p) })
				t.Run("status refuses the handshake", func(t *testing.T) { testStatus(t, dialer, p) })
				if secure {
					t.Run("wss needs the CA", func(t *testing.T) { testUntrusted(t, p) })
				} else {
					t.Run("16 MiB message", func(t *testing.T) { testHuge(t, dialer, p) })
				}
			})
		}
	}
}

func dial(t *testing.T, dialer *websocket.Dialer, url string) *websocket.Conn {
	t.Helper()
	c, resp, err := dialer.Dial(url, nil)
	require.NoError(t, err, "dial %s", url)
	require.Equal(t, http.StatusSwitchingProtocols, resp.StatusCode)
	t.Cleanup(func() { c.Close() })
	require.NoError(t, c.SetReadDeadline(time.Now().Add(30*time.Second)))
	require.NoError(t, c.SetWriteDeadline(time.Now().Add(30*time.Second)))
	return c
}

// payloads are the largest echo test's messages, made once and shared: a
// random binary one and an ASCII (so valid UTF-8) text one.
var payloads = sync.OnceValues(func() (text, binary []byte) {
	const size = 4 << 20
	binary = make([]byte, size)
	rand.NewChaCha8([32]byte{1}).Read(binary)
	text = make([]byte, size)
	for i, b := range binary {
		text[i] = 'a' + b%26
	}
	return text, binary
})

func testEcho(t *testing.T, dialer *websocket.Dialer, p *Peer) {
	c := dial(t, dialer, p.URL)
	allText, allBinary := payloads()
	for _, size := range []int{0, 125, 126, 65535, 65536, 4 << 20} {
		text, binary := allText[:size], allBinary[:size]
		for _, m := range []struct {
			typ  int
			data []byte
		}{{websocket.TextMessage, text}, {websocket.BinaryMessage, binary}} {
			require.NoError(t, c.WriteMessage(m.typ, m.data), "write %d bytes", size)
			typ, got, err := c.ReadMessage()
			require.NoError(t, err, "read the echo of %d bytes", size)
			assert.Equal(t, m.typ, typ, "type of the echo of %d bytes", size)
			assert.True(t, bytes.Equal(m.data, got), "echo of %d bytes differs (got %d bytes)", size, len(got))
		}
	}
	// A multi-byte UTF-8 text comes back byte for byte.
	require.NoError(t, c.WriteMessage(websocket.TextMessage, []byte("héllo, wörld ☃")))
	typ, got, err := c.ReadMessage()
	require.NoError(t, err)
	assert.Equal(t, websocket.TextMessage, typ)
	assert.Equal(t, "héllo, wörld ☃", string(got))
}

// testHuge checks that the peers' message size limits were raised: both
// libraries refuse 16 MiB with their defaults (1 MiB in websockets).
func testHuge(t *testing.T, dialer *websocket.Dialer, p *Peer) {
	if testing.Short() {
		t.Skip("-short: skipping the 16 MiB round trip (seconds under -race)")
	}
	c := dial(t, dialer, p.URL)
	_, binary := payloads()
	huge := bytes.Repeat(binary, 4) // 16 MiB
	require.NoError(t, c.WriteMessage(websocket.BinaryMessage, huge))
	typ, got, err := c.ReadMessage()
	require.NoError(t, err)
	assert.Equal(t, websocket.BinaryMessage, typ)
	assert.True(t, bytes.Equal(huge, got), "echo of 16 MiB differs (got %d bytes)", len(got))
}

func testClose(t *testing.T, dialer *websocket.Dialer, p *Peer) {
	c := dial(t, dialer, p.URL+"?close=4001&reason=bye")
	_, _, err := c.ReadMessage()
	var ce *websocket.CloseError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 4001, ce.Code)
	assert.Equal(t, "bye", ce.Text)

	// after=N: N echoes first, then the close.
	c = dial(t, dialer, p.URL+"?close=4002&reason=done&after=1")
	require.NoError(t, c.WriteMessage(websocket.TextMessage, []byte("one")))
	typ, got, err := c.ReadMessage()
	require.NoError(t, err)
	assert.Equal(t, websocket.TextMessage, typ)
	assert.Equal(t, "one", string(got))
	_, _, err = c.ReadMessage()
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 4002, ce.Code)
	assert.Equal(t, "done", ce.Text)
}

func testPing(t *testing.T, dialer *websocket.Dialer, p *Peer) {
	c := dial(t, dialer, p.URL+"?ping=hi")
	// gorilla's default ping handler answers with a pong while ReadMessage
	// reads; the peer then reports it.
	typ, got, err := c.ReadMessage()
	require.NoError(t, err)
	assert.Equal(t, websocket.TextMessage, typ)
	assert.Equal(t, "pong:hi", string(got))

	// The connection echoes as usual afterwards.
	require.NoError(t, c.WriteMessage(websocket.BinaryMessage, []byte{1, 2, 3}))
	typ, got, err = c.ReadMessage()
	require.NoError(t, err)
	assert.Equal(t, websocket.BinaryMessage, typ)
	assert.Equal(t, []byte{1, 2, 3}, got)
}

func testSubprotocols(t *testing.T, dialer *websocket.Dialer, p *Peer) {
	for _, tc := range []struct {
		offer []string
		want  string
	}{
		{nil, ""},
		{[]string{"chat"}, "chat"},
		{[]string{"superchat", "chat"}, "superchat"},
		{[]string{"other", "chat"}, "chat"},
		{[]string{"other"}, ""},
	} {
		d := *dialer
		d.Subprotocols = tc.offer
		c := dial(t, &d, p.URL)
		assert.Equal(t, tc.want, c.Subprotocol(), "offered %q", tc.offer)
		c.Close()
	}
}

func testStatus(t *testing.T, dialer *websocket.Dialer, p *Peer) {
	c, resp, err := dialer.Dial(p.URL+"?status=403", nil)
	if c != nil {
		c.Close()
	}
	require.ErrorIs(t, err, websocket.ErrBadHandshake)
	require.NotNil(t, resp)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(body), "refused by the")
}

func testUntrusted(t *testing.T, p *Peer) {
	// The system roots do not know our throwaway CA.
	d := &websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	c, _, err := d.Dial(p.URL, nil)
	if c != nil {
		c.Close()
	}
	var unknown x509.UnknownAuthorityError
	require.ErrorAs(t, err, &unknown)
}

// TestNewCA checks the certificate against the pool for every name the
// peers are reached by.
func TestNewCA(t *testing.T) {
	files, roots, caPath := NewCA(t)
	pair, err := tls.LoadX509KeyPair(files.CertFile, files.KeyFile)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(pair.Certificate[0])
	require.NoError(t, err)
	for _, name := range []string{"127.0.0.1", "::1", "localhost"} {
		_, err := cert.Verify(x509.VerifyOptions{DNSName: name, Roots: roots})
		assert.NoError(t, err, name)
	}
	_, err = cert.Verify(x509.VerifyOptions{DNSName: "example.com", Roots: roots})
	assert.Error(t, err)
	assert.WithinDuration(t, time.Now().Add(24*time.Hour), cert.NotAfter, time.Minute)

	caPEM, err := os.ReadFile(caPath)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(caPEM))
	_, err = cert.Verify(x509.VerifyOptions{DNSName: "localhost", Roots: pool})
	assert.NoError(t, err)

	info, err := os.Stat(files.KeyFile)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
}

// TestPeerExitsWhenStdinCloses checks the promise that no peer outlives
// the process that started it: closing its stdin (as the kernel does when
// the test binary dies) ends it.
func TestPeerExitsWhenStdinCloses(t *testing.T) {
	for _, kind := range Kinds() {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel()
			p := Start(t, kind, nil)
			require.NoError(t, p.stdin.Close())
			select {
			case <-p.exited:
				assert.NoError(t, p.err, "the peer should exit cleanly on EOF; stderr:\n%s", p.Stderr())
			case <-time.After(10 * time.Second):
				t.Fatalf("peer %s still running 10s after its stdin closed", kind)
			}
		})
	}
}

// TestCheckUnknownKind: a kind without a peer is an error, never a pass.
func TestCheckUnknownKind(t *testing.T) {
	err := Check("nonsense")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "unknown peer kind")
}

// TestStopIsIdempotent: Cleanup may run after a test stopped the peer.
func TestStopIsIdempotent(t *testing.T) {
	p := Start(t, Python, nil)
	p.stop()
	p.stop()
	select {
	case <-p.exited:
	default:
		t.Fatal("peer still running after stop")
	}
	var exitErr *exec.ExitError
	if p.err != nil && !errors.As(p.err, &exitErr) {
		t.Fatalf("unexpected wait error: %v", p.err)
	}
}

// TestLineWriter: the first line of a peer's stdout is sent once, whole
// however it is cut into writes; a line that never ends is cut short.
func TestLineWriter(t *testing.T) {
	first := make(chan string, 1)
	w := &lineWriter{first: first}
	for _, part := range []string{"LISTEN", "ING 8080\r", "\nnext line\n"} {
		n, err := w.Write([]byte(part))
		require.NoError(t, err)
		assert.Equal(t, len(part), n)
	}
	assert.Equal(t, "LISTENING 8080", <-first)

	w = &lineWriter{first: first}
	_, err := w.Write(bytes.Repeat([]byte("x"), 5000))
	require.NoError(t, err)
	assert.Equal(t, strings.Repeat("x", 64)+"...", <-first)
}

// TestPeersCompression checks, with gorilla's client, that each peer
// started with Options.Compression accepts permessage-deflate, and
// echoes compressed messages whole.
func TestPeersCompression(t *testing.T) {
	for _, kind := range Kinds() {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel()
			p := StartWith(t, kind, Options{Compression: true})
			dialer := &websocket.Dialer{HandshakeTimeout: 10 * time.Second, EnableCompression: true}
			c, resp, err := dialer.Dial(p.URL, nil)
			require.NoError(t, err)
			defer c.Close()
			require.NoError(t, c.SetReadDeadline(time.Now().Add(30*time.Second)))
			assert.Contains(t, resp.Header.Get("Sec-WebSocket-Extensions"), "permessage-deflate")
			msg := bytes.Repeat([]byte("compress me, "), 1000)
			require.NoError(t, c.WriteMessage(websocket.TextMessage, msg))
			_, got, err := c.ReadMessage()
			require.NoError(t, err)
			assert.Equal(t, msg, got)
		})
	}
	t.Run("off by default", func(t *testing.T) {
		p := Start(t, Python, nil)
		dialer := &websocket.Dialer{HandshakeTimeout: 10 * time.Second, EnableCompression: true}
		c, resp, err := dialer.Dial(p.URL, nil)
		require.NoError(t, err)
		defer c.Close()
		assert.Empty(t, resp.Header.Get("Sec-WebSocket-Extensions"))
	})
}
