package websocket

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// target is what the opening handshake needs to know about a ws:// or
// wss:// URL.
type target struct {
	addr       string // host:port to dial, e.g. "[::1]:8080"
	hostHeader string // the Host header: the port only when it is not the default
	requestURI string // the path and query, at least "/"
	secure     bool   // wss://: TLS first
	host       string // the host alone, for TLS's server name (SNI)
}

// defaultPort is the port of a scheme we speak, for a URL that names
// none (RFC 6455 §3): 80 for ws://, 443 for wss://, as for HTTP.
func defaultPort(scheme string) (port string, ok bool) {
	switch scheme {
	case "ws":
		return "80", true
	case "wss":
		return "443", true
	}
	return "", false
}

// parseURL reads a WebSocket URI as RFC 6455 §3 defines it:
// ws://host[:port][/path][?query], and the same with wss://.
func parseURL(raw string) (*target, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("websocket: bad URL: %w", err)
	}
	port, ok := defaultPort(u.Scheme)
	if !ok {
		return nil, fmt.Errorf("websocket: URL scheme %q is not supported: use ws:// or wss://", u.Scheme)
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
	if err := checkPort(u.Port()); err != nil {
		return nil, err
	}

	isDefault := u.Port() == "" || u.Port() == port
	if u.Port() != "" {
		port = u.Port()
	}
	return &target{
		addr:       net.JoinHostPort(u.Hostname(), port),
		hostHeader: hostHeader(u.Hostname(), port, isDefault),
		requestURI: u.RequestURI(),
		secure:     u.Scheme == "wss",
		host:       u.Hostname(),
	}, nil
}

// checkPort refuses a port that TCP cannot have. url.Parse takes any
// digits, so "ws://host:99999" would otherwise reach the dialer, whose
// error says less. An empty port means the scheme's default.
func checkPort(port string) error {
	if port == "" {
		return nil
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("websocket: URL port %s is not between 1 and 65535", port)
	}
	return nil
}

// hostHeader is the Host header for host and port (RFC 6455 §4.1, RFC
// 9110 §7.2): the port only when it is not the scheme's default, and an
// IPv6 literal in brackets, without its zone (RFC 6874 §4: the zone means
// something only on the client's machine).
func hostHeader(host, port string, isDefaultPort bool) string {
	if strings.Contains(host, ":") {
		host, _, _ = strings.Cut(host, "%")
		host = "[" + host + "]"
	}
	if isDefaultPort {
		return host
	}
	return host + ":" + port
}
