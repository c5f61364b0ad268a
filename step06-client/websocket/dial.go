package websocket

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// Dial opens a connection to a ws:// or wss:// URL: TCP or a proxy's
// tunnel, TLS for wss://, then the handshake of RFC 6455 §4.1. ctx bounds
// it all; a refusal is a *HandshakeError, with the response the server sent.
func Dial(ctx context.Context, rawURL string, opts *Options) (*Conn, *http.Response, error) {
	if opts == nil {
		opts = &Options{}
	}
	t, err := parseURL(rawURL)
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, opts.handshakeTimeout())
	defer cancel()
	nc, err := dialTransport(ctx, t, opts)
	if err != nil {
		return nil, nil, err
	}
	conn, resp, err := handshake(ctx, nc, t, opts.requestHeader(), opts.Compression)
	if err != nil {
		nc.Close()
		return nil, resp, err
	}
	conn.subprotocol = resp.Header.Get("Sec-WebSocket-Protocol")
	opts.configure(conn)
	return conn, resp, nil
}

// dialTransport opens the byte stream the handshake runs over: TCP,
// directly or through a proxy's tunnel, then TLS for wss://.
func dialTransport(ctx context.Context, t *target, opts *Options) (net.Conn, error) {
	proxy, err := opts.proxyFor(t)
	if err != nil {
		return nil, fmt.Errorf("websocket: choosing a proxy: %w", err)
	}
	var nc net.Conn
	if proxy != nil {
		nc, err = dialProxy(ctx, proxy, t.addr)
	} else {
		var d net.Dialer
		if nc, err = d.DialContext(ctx, "tcp", t.addr); err != nil {
			err = fmt.Errorf("websocket: %w", err)
		}
	}
	if err != nil {
		return nil, err
	}
	if !t.secure {
		return nc, nil
	}
	tc, err := startTLS(ctx, nc, t, opts.TLSConfig)
	if err != nil {
		nc.Close()
		return nil, err
	}
	return tc, nil
}

// startTLS runs the TLS handshake for wss://. Verification stays on; the
// server name (SNI, and the name the certificate must match) is the
// URL's host unless the configuration names another.
func startTLS(ctx context.Context, nc net.Conn, t *target, cfg *tls.Config) (net.Conn, error) {
	if cfg == nil {
		cfg = &tls.Config{}
	}
	cfg = cfg.Clone()
	if cfg.ServerName == "" {
		cfg.ServerName = t.host
	}
	// The handshake is an HTTP/1.1 Upgrade; a server that picked HTTP/2
	// through ALPN could not answer it (RFC 8441 is another story).
	cfg.NextProtos = nil
	tc := tls.Client(nc, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, fmt.Errorf("websocket: TLS with %s: %w", t.addr, err)
	}
	return tc, nil
}

// handshake runs the opening handshake over an open connection, and
// offers permessage-deflate as compression says.
func handshake(ctx context.Context, nc net.Conn, t *target, header http.Header, compression Compression) (*Conn, *http.Response, error) {
	// A server that never answers must not hang us: when ctx ends, a
	// deadline in the past wakes any read or write that is blocked.
	stop := context.AfterFunc(ctx, func() { nc.SetDeadline(time.Unix(1, 0)) })

	resp, br, agreed, err := exchange(ctx, nc, t, header, compression)
	if !stop() { // ctx ended: even a handshake that got through is void
		return nil, resp, fmt.Errorf("websocket: handshake with %s: %w", t.addr, ctx.Err())
	}
	if err != nil {
		return nil, resp, err
	}
	conn, err := newConn(nc, br)
	if err != nil {
		return nil, resp, err
	}
	conn.agree(agreed)
	return conn, resp, nil
}

// exchange writes the request, reads the response and checks it.
func exchange(ctx context.Context, nc net.Conn, t *target, header http.Header, compression Compression) (*http.Response, *bufio.Reader, agreement, error) {
	key, err := newKey()
	if err != nil {
		return nil, nil, agreement{}, err
	}
	req, err := buildRequest(t, key, header, compression.offer())
	if err != nil {
		return nil, nil, agreement{}, err
	}
	if _, err := nc.Write(req); err != nil {
		return nil, nil, agreement{}, fmt.Errorf("websocket: writing the handshake request: %w", err)
	}
	lim := &headLimit{r: nc, n: maxHeaderBytes}
	br := bufio.NewReaderSize(lim, readBufferSize)
	resp, err := readResponse(br, lim)
	if err != nil {
		return nil, nil, agreement{}, err
	}
	agreed, herr := verifyResponse(resp, key, offeredProtocols(header), compression)
	if herr != nil {
		herr.Body = keepErrorBody(ctx, nc, resp)
		return resp, nil, agreement{}, herr
	}
	return resp, br, agreed, nil
}

// maxErrorBody bounds how much of a refusal's body Dial keeps: enough
// for an error message, never a whole page.
const maxErrorBody = 1024

// errorBodyTimeout bounds the wait for a refusal's body.
const errorBodyTimeout = time.Second

// keepErrorBody reads the start of a refused response's body, so that
// the error can quote the server's explanation, and puts it back in
// resp.Body for a caller who wants it after the connection is gone. It
// reads at most maxErrorBody bytes, and waits for them at most
// errorBodyTimeout, and never past the end of ctx: the body is a
// courtesy, not something to hang on.
func keepErrorBody(ctx context.Context, nc net.Conn, resp *http.Response) []byte {
	nc.SetReadDeadline(time.Now().Add(errorBodyTimeout))
	if ctx.Err() != nil {
		// ctx ended, and its deadline in the past (see handshake) may
		// have been set before ours replaced it: read nothing.
		resp.Body = http.NoBody
		return nil
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return body
}
