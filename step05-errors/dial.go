package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Dial opens a WebSocket connection to a ws:// URL: a TCP connection,
// then the opening handshake of RFC 6455 §4.1. header holds extra request
// headers, such as Origin or Sec-WebSocket-Protocol; it may be nil.
//
// The response is returned whenever the server sent one, even when the
// handshake failed, so that the caller can see what the server said.
// ctx bounds the whole dial, TCP connect and handshake together.
func Dial(ctx context.Context, rawURL string, header http.Header) (*Conn, *http.Response, error) {
	t, err := parseURL(rawURL)
	if err != nil {
		return nil, nil, err
	}
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", t.addr)
	if err != nil {
		return nil, nil, fmt.Errorf("websocket: %w", err)
	}
	conn, resp, err := handshake(ctx, nc, t, header)
	if err != nil {
		nc.Close()
		return nil, resp, err
	}
	return conn, resp, nil
}

// handshake runs the opening handshake over an open connection.
func handshake(ctx context.Context, nc net.Conn, t *target, header http.Header) (*Conn, *http.Response, error) {
	// A server that never answers must not hang us: when ctx ends, a
	// deadline in the past wakes any read or write that is blocked.
	stop := context.AfterFunc(ctx, func() { nc.SetDeadline(time.Unix(1, 0)) })

	resp, br, err := exchange(nc, t, header)
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
	return conn, resp, nil
}

// exchange writes the request, reads the response and checks it.
func exchange(nc net.Conn, t *target, header http.Header) (*http.Response, *bufio.Reader, error) {
	key, err := newKey()
	if err != nil {
		return nil, nil, err
	}
	req, err := buildRequest(t, key, header)
	if err != nil {
		return nil, nil, err
	}
	if _, err := nc.Write(req); err != nil {
		return nil, nil, fmt.Errorf("websocket: writing the handshake request: %w", err)
	}
	br := bufio.NewReaderSize(nc, readBufferSize)
	resp, err := readResponse(br)
	if err != nil {
		return nil, nil, err
	}
	if err := verifyResponse(resp, key, offeredProtocols(header)); err != nil {
		var herr *HandshakeError
		if errors.As(err, &herr) {
			keepErrorBody(nc, herr)
		}
		return resp, nil, err
	}
	return resp, br, nil
}
