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
	// Trace, when set, gets a line for every frame in and out, and one
	// for every compressed message inflated.
	Trace io.Writer
	// Compression says whether to offer permessage-deflate (RFC 7692),
	// and how (see Compression); the server decides, and
	// Conn.Extensions says what it agreed to. The default offers it
	// without context takeover. gorilla and coder offer nothing unless
	// asked; Python's websockets and Node's ws offer it with takeover,
	// as browsers do. We offer it: a server that accepts wants it, and
	// JSON-like text then takes a fifth of its bytes. Without takeover,
	// an idle connection holds no compressor (1.2 MB) and no window.
	Compression Compression
	// CompressionThreshold is the size, in bytes, under which a message
	// goes out uncompressed. Default 256: compress/flate makes JSON-like
	// messages under 128 bytes bigger, and saves 63% at 256.
	CompressionThreshold int
}

// Compression says whether Dial offers permessage-deflate (RFC 7692),
// and with which context takeover: whether each side's compressor may
// refer back to the side's earlier messages (§7.1.1).
//
// What chose the default, measured with BenchmarkDeflateCost and
// BenchmarkCompressedIdleHeap: compress/flate at its fastest level,
// the only one whose compressor resets in constant time, takes JSON-like
// text of 1 KiB to 18% of its size, for about 13 µs of CPU to compress
// and inflate it; under 128 bytes it makes such messages bigger, by 7
// to 37%, and at 256 bytes it saves 63%, about as many bytes per µs of
// CPU as a 100 Mbit/s link sends. gorilla compresses every message,
// coder those of 128 bytes or more with takeover and 512 without, ws
// those of 1024 or more. Context takeover saves a third to a half of the
// bytes again from 128 bytes on, but keeps a compressor of 1.2 MB and a
// window of 32 KiB for the connection's whole life.
type Compression uint8

const (
	// CompressionDefault, the zero value, stands for
	// CompressionNoContextTakeover.
	CompressionDefault Compression = iota
	// CompressionDisabled offers nothing: every message goes and comes
	// uncompressed, and RSV1 fails the connection.
	CompressionDisabled
	// CompressionNoContextTakeover offers permessage-deflate with
	// server_no_context_takeover and client_no_context_takeover: every
	// message is compressed on its own. A compressor (1.2 MB with
	// compress/flate) and a decompressor (40 KiB) are borrowed from a
	// pool for each compressed message and given back at its end, so an
	// idle connection holds nothing for compression.
	CompressionNoContextTakeover
	// CompressionContextTakeover offers permessage-deflate as is: each
	// side may refer back to its earlier messages, which compresses
	// short, repetitive messages far better. A connection then keeps its
	// compressor (1.2 MB) and the server's 32 KiB window for as long as
	// it lives. The server may still turn takeover off for either side
	// (§7.1.1), and the connection then does without it on that side.
	CompressionContextTakeover
)

// resolve is the mode that the zero value stands for.
func (m Compression) resolve() Compression {
	if m == CompressionDefault {
		return CompressionNoContextTakeover
	}
	return m
}

// defaultCompressionThreshold is CompressionThreshold's default.
const defaultCompressionThreshold = 256

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
	if o.CompressionThreshold > 0 && c.write.deflate != nil {
		c.write.deflate.threshold = o.CompressionThreshold
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
