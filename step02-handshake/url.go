package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
)

// target is what the opening handshake needs to know about a ws:// URL.
type target struct {
	addr       string // host:port to dial, e.g. "[::1]:8080"
	hostHeader string // the Host header: the port only when it is not the default
	requestURI string // the path and query, at least "/"
}

// defaultPort is the port of each scheme we speak when the URL has none
// (RFC 6455 §3). wss:// joins it in step06, with TLS.
var defaultPort = map[string]string{"ws": "80"}

// parseURL reads a WebSocket URI as RFC 6455 §3 defines it:
// ws://host[:port][/path][?query].
func parseURL(raw string) (*target, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("websocket: bad URL: %w", err)
	}
	port, ok := defaultPort[u.Scheme]
	if !ok {
		return nil, fmt.Errorf("websocket: URL scheme %q is not supported: use ws://", u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("websocket: URL %q has no host", raw)
	}
	// RFC 6455 §3: fragment identifiers MUST NOT be used on WebSocket URIs.
	if u.Fragment != "" || u.RawFragment != "" {
		return nil, errors.New("websocket: URL must not have a #fragment")
	}
	if u.User != nil {
		return nil, errors.New("websocket: URL must not carry user:password@")
	}

	t := &target{requestURI: u.RequestURI()}
	hostHeader := u.Hostname()
	if u.Port() != "" && u.Port() != port {
		port = u.Port()
		hostHeader = net.JoinHostPort(u.Hostname(), port)
	} else if ip := net.ParseIP(hostHeader); ip != nil && ip.To4() == nil {
		hostHeader = "[" + hostHeader + "]" // an IPv6 literal keeps its brackets
	}
	t.addr = net.JoinHostPort(u.Hostname(), port)
	t.hostHeader = hostHeader
	return t, nil
}
