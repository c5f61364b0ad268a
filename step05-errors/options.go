package main

import "net/http"

// Options configure Dial. A nil *Options means no options. (Step06 adds
// fields: TLS, proxies, timeouts, limits, a heartbeat.)
type Options struct {
	// Header holds extra request headers, such as Origin or
	// Sec-WebSocket-Protocol. The handshake's own headers (Upgrade,
	// Connection, Sec-WebSocket-Key, ...) cannot be set here.
	Header http.Header
}

// requestHeader is the headers the caller adds to the request.
func (o *Options) requestHeader() http.Header {
	if o == nil {
		return nil
	}
	return o.Header
}
