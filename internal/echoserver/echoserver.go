// Package echoserver is the reference peer of the series: a gorilla/websocket
// echo server that every step's tests and offline demos use. It echoes each
// message with its type; the handshake URL's query asks for more: ping=PAYLOAD
// (ping, then text "pong:PAYLOAD" on the pong), close=CODE reason=TEXT after=N
// (close after N echoes), fragment=N (echo in frames of at most N bytes),
// status=CODE (refuse), raw=HEX (write these bytes after the handshake,
// bypassing gorilla). Close codes received are reported on Closes.
package echoserver

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Options configure a Server.
type Options struct {
	// TLS serves wss:// with a certificate from httptest.
	TLS bool
	// Subprotocols the server accepts, in order of preference.
	Subprotocols []string
	// Listener, if set, is where the server listens instead of a free
	// loopback port; the server closes it.
	Listener net.Listener
	// Compression accepts permessage-deflate (RFC 7692) from a client
	// that offers it, as gorilla does: without context takeover either
	// way, and every message compressed.
	Compression bool
}

// CloseEvent is a close frame the server received from a client.
type CloseEvent struct {
	Code   int
	Reason string
}

// Server is a running echo server.
type Server struct {
	// URL is ws://127.0.0.1:PORT/ or wss://127.0.0.1:PORT/.
	URL string

	http   *httptest.Server
	opts   Options
	closes chan CloseEvent

	mu     sync.Mutex
	conns  map[*websocket.Conn]struct{}
	closed bool
	wg     sync.WaitGroup
}

// Start starts a server on a free loopback port, or on opts.Listener.
// Call Close when done.
func Start(opts Options) *Server {
	s := &Server{
		opts:   opts,
		closes: make(chan CloseEvent, 64),
		conns:  make(map[*websocket.Conn]struct{}),
	}
	s.http = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	// A client that refuses our certificate is a test doing its job, not
	// something to print.
	s.http.Config.ErrorLog = log.New(io.Discard, "", 0)
	if opts.Listener != nil {
		s.http.Listener.Close()
		s.http.Listener = opts.Listener
	}
	if opts.TLS {
		s.http.StartTLS()
		s.URL = "wss://" + s.http.Listener.Addr().String() + "/"
	} else {
		s.http.Start()
		s.URL = "ws://" + s.http.Listener.Addr().String() + "/"
	}
	return s
}

// closeWait bounds NextClose.
const closeWait = 10 * time.Second

// A fataler is the part of *testing.T that NextClose uses.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// NextClose returns the next close frame a client sent, in the order they
// came.
func (s *Server) NextClose(t fataler) CloseEvent {
	t.Helper()
	select {
	case ev := <-s.closes:
		return ev
	case <-time.After(closeWait):
		t.Fatalf("echoserver: no close frame from the client within %v", closeWait)
		return CloseEvent{}
	}
}

// Certificate is the server's TLS certificate (nil without TLS).
func (s *Server) Certificate() *x509.Certificate { return s.http.Certificate() }

// ClientTLSConfig is a client TLS configuration that trusts this server's
// certificate, and nothing else.
func (s *Server) ClientTLSConfig() *tls.Config {
	pool := x509.NewCertPool()
	if cert := s.Certificate(); cert != nil {
		pool.AddCert(cert)
	}
	return &tls.Config{RootCAs: pool}
}

// Close drops every open WebSocket connection and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	for c := range s.conns {
		c.NetConn().Close()
	}
	s.mu.Unlock()
	s.http.Close()
	s.wg.Wait()
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if status := q.Get("status"); status != "" {
		code, err := strconv.Atoi(status)
		if err != nil {
			code = http.StatusBadRequest
		}
		http.Error(w, "refused by the echo server", code)
		return
	}
	up := websocket.Upgrader{
		Subprotocols:      s.opts.Subprotocols,
		CheckOrigin:       func(*http.Request) bool { return true },
		EnableCompression: s.opts.Compression,
	}
	fragment, _ := strconv.Atoi(q.Get("fragment"))
	if fragment > 0 {
		// gorilla's message writer sends a frame each time its write
		// buffer fills, so the buffer size is the fragment size.
		up.WriteBufferSize = fragment
	}
	c, err := up.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has already answered with an HTTP error
	}
	if !s.track(c) {
		c.Close()
		return
	}
	defer s.untrack(c)
	s.echo(c, q, fragment)
}

func (s *Server) track(c *websocket.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.conns[c] = struct{}{}
	s.wg.Add(1)
	return true
}

func (s *Server) untrack(c *websocket.Conn) {
	c.Close()
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	s.wg.Done()
}

// writeWait bounds each control frame the server writes, and its wait for
// the client's close frame.
const writeWait = 5 * time.Second

// echo is the per-connection loop: one reader (this goroutine), and writes
// made through locked, by gorilla's rule of one writer at a time.
func (s *Server) echo(c *websocket.Conn, q url.Values, fragment int) {
	var writeMu sync.Mutex
	locked := func(write func() error) error {
		writeMu.Lock()
		defer writeMu.Unlock()
		return write()
	}

	c.SetCloseHandler(func(code int, text string) error {
		s.report(CloseEvent{Code: code, Reason: text})
		reply := websocket.FormatCloseMessage(code, "")
		if code == websocket.CloseNoStatusReceived {
			reply = websocket.FormatCloseMessage(websocket.CloseNormalClosure, "")
		}
		return locked(func() error { return c.WriteControl(websocket.CloseMessage, reply, time.Now().Add(writeWait)) })
	})
	c.SetPongHandler(func(payload string) error {
		return locked(func() error { return c.WriteMessage(websocket.TextMessage, []byte("pong:"+payload)) })
	})

	if raw := q.Get("raw"); raw != "" {
		b, err := hex.DecodeString(raw)
		if err != nil || locked(func() error { _, err := c.NetConn().Write(b); return err }) != nil {
			return
		}
	}
	if q.Has("ping") && locked(func() error {
		return c.WriteControl(websocket.PingMessage, []byte(q.Get("ping")), time.Now().Add(writeWait))
	}) != nil {
		return
	}

	closeAfter := -1
	if q.Get("close") != "" {
		closeAfter, _ = strconv.Atoi(q.Get("after"))
	}
	for n := 0; ; n++ {
		if n == closeAfter {
			s.closeWith(c, locked, q.Get("close"), q.Get("reason"))
			return
		}
		typ, msg, err := c.ReadMessage()
		if err != nil || locked(func() error { return writeMessage(c, typ, msg, fragment) }) != nil {
			return
		}
	}
}

// closeWith starts the closing handshake from the server's side and waits,
// briefly, for the client's close frame, reporting it on Closes.
func (s *Server) closeWith(c *websocket.Conn, locked func(func() error) error, code, reason string) {
	n, err := strconv.Atoi(code)
	if err != nil {
		n = websocket.CloseNormalClosure
	}
	if locked(func() error {
		return c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(n, reason), time.Now().Add(writeWait))
	}) != nil {
		return
	}
	c.SetCloseHandler(func(code int, text string) error {
		s.report(CloseEvent{Code: code, Reason: text})
		return nil
	})
	c.SetReadDeadline(time.Now().Add(writeWait))
	for {
		if _, _, err := c.ReadMessage(); err != nil {
			return
		}
	}
}

// writeMessage sends msg, in frames of at most fragment bytes when fragment
// > 0.
func writeMessage(c *websocket.Conn, typ int, msg []byte, fragment int) error {
	if fragment <= 0 {
		return c.WriteMessage(typ, msg)
	}
	w, err := c.NextWriter(typ)
	if err != nil {
		return err
	}
	for len(msg) > 0 {
		n := min(fragment, len(msg))
		if _, err := w.Write(msg[:n]); err != nil {
			return err
		}
		msg = msg[n:]
	}
	return w.Close()
}

func (s *Server) report(ev CloseEvent) {
	select {
	case s.closes <- ev:
	default: // nobody is listening; never block the connection on it
	}
}

// String describes the server for demo transcripts.
func (s *Server) String() string {
	scheme, _, _ := strings.Cut(s.URL, ":")
	return fmt.Sprintf("gorilla echo server (%s) at %s", scheme, s.URL)
}
