package websocket

import (
	"crypto/tls"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Options configure Dial. A nil *Options, or any field left at its zero
// value, means the default that the field's comment gives.
type Options struct {
	// Header holds extra request headers, such as Origin or
	// Sec-WebSocket-Protocol. The handshake's own headers (Upgrade,
	// Connection, Sec-WebSocket-Key, ...) cannot be set here.
	Header http.Header

	// Origin, when set, is sent as the Origin header, for servers that
	// check where a client comes from.
	Origin string
	// Subprotocols are offered to the server in order of preference
	// (Sec-WebSocket-Protocol, RFC 6455 §1.9). Conn.Subprotocol says
	// which one it chose.
	Subprotocols []string
	// TLSConfig configures wss://. Nil means the system's trusted roots,
	// with certificate verification and SNI, as crypto/tls does by
	// default. ServerName defaults to the URL's host.
	TLSConfig *tls.Config
	// Proxy chooses an HTTP proxy for a URL (scheme http for ws://,
	// https for wss://), or returns nil for a direct connection. Nil
	// means http.ProxyFromEnvironment: HTTP_PROXY, HTTPS_PROXY and
	// NO_PROXY. A user:password in the proxy URL is sent as basic auth.
	Proxy func(*url.URL) (*url.URL, error)
	// HandshakeTimeout bounds everything Dial does: the TCP connection,
	// the proxy, TLS and the opening handshake. Default 30 seconds.
	HandshakeTimeout time.Duration
	// ReadLimit is the largest message the connection accepts, in
	// bytes. Default 32 MiB.
	ReadLimit int64
	// PingInterval turns on the heartbeat: a ping this often, and the
	// connection fails if no pong comes within PongTimeout (default:
	// PingInterval). Zero means no heartbeat. Pongs arrive through the
	// reading goroutine, so a missing pong counts against the server
	// only while someone is reading.
	PingInterval time.Duration
	PongTimeout  time.Duration
	// CloseTimeout bounds the closing handshake. Default 5 seconds.
	CloseTimeout time.Duration
	// Trace, when set, gets a line for every frame in and out.
	Trace io.Writer
}

// requestHeader is Header plus the headers that Origin and Subprotocols
// stand for. The caller's map is left as it was.
func (o *Options) requestHeader() http.Header {
	if o == nil {
		return nil
	}
	h := o.Header.Clone()
	if h == nil {
		h = make(http.Header)
	}
	if o.Origin != "" {
		h.Set("Origin", o.Origin)
	}
	if len(o.Subprotocols) > 0 {
		h.Set("Sec-WebSocket-Protocol", strings.Join(o.Subprotocols, ", "))
	}
	return h
}

const defaultHandshakeTimeout = 30 * time.Second

func (o *Options) handshakeTimeout() time.Duration {
	if o.HandshakeTimeout > 0 {
		return o.HandshakeTimeout
	}
	return defaultHandshakeTimeout
}

// proxyFor returns the proxy to reach t through, or nil to go direct.
func (o *Options) proxyFor(t *target) (*url.URL, error) {
	u := &url.URL{Scheme: "http", Host: t.addr}
	if t.secure {
		u.Scheme = "https"
	}
	if o.Proxy != nil {
		return o.Proxy(u)
	}
	return http.ProxyFromEnvironment(&http.Request{URL: u})
}

// configure applies the options that belong to an open connection.
func (o *Options) configure(c *Conn) {
	if o.ReadLimit > 0 {
		c.read.in.limit = o.ReadLimit
	}
	if o.CloseTimeout > 0 {
		c.closeTimeout = o.CloseTimeout
	}
	c.SetTrace(o.Trace)
	if o.PingInterval > 0 {
		timeout := o.PongTimeout
		if timeout <= 0 {
			timeout = o.PingInterval
		}
		go c.heartbeat(o.PingInterval, timeout)
	}
}
