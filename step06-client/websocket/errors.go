package websocket

import (
	"errors"
	"fmt"
	"net/http"
)

// The errors of this package, in one place. Each says what happened in
// plain words; errors.Is and errors.As tell them apart:
//
//	*HandshakeError   the server refused or botched the opening handshake
//	*ProtocolError    the server broke the protocol; we failed the
//	                  connection with a close code (1002, 1007 or 1009)
//	  ErrInvalidUTF8      wrapped by a ProtocolError with code 1007
//	  ErrMessageTooBig    wrapped by a ProtocolError with code 1009
//	*CloseError       the connection ended: the server's code and reason
//	ErrClosed         the connection was used after it ended; the error
//	                  wraps why it ended, when that is known
//	*ProxyError       an HTTP proxy refused to open a tunnel
//	ErrNoPong         the heartbeat got no answer: the server is gone

// HandshakeError reports a failed opening handshake: which check of
// RFC 6455 §4.1 failed, and what the server answered.
type HandshakeError struct {
	Check      string         // the check that failed, e.g. "status is 101 Switching Protocols"
	StatusCode int            // the response's status code
	Response   *http.Response // the response; its Body holds the first bytes of the body
	Body       []byte         // at most maxErrorBody bytes of the response body
	Err        error          // what was wrong, in words
}

func (e *HandshakeError) Error() string {
	if len(e.Body) == 0 {
		return e.Err.Error()
	}
	return fmt.Sprintf("%v; the server said %q", e.Err, e.Body)
}

func (e *HandshakeError) Unwrap() error { return e.Err }

// ProtocolError reports that the server broke RFC 6455, and that the
// client therefore failed the connection (§7.1.7): it sent a close frame
// with Code, unless its own close frame had gone out already, and closed
// TCP.
type ProtocolError struct {
	Code   int    // the close code we sent: 1002, 1007 or 1009
	Reason string // what the server did wrong, as sent in the close frame
	Err    error  // ErrInvalidUTF8, ErrMessageTooBig, or nil
}

func (e *ProtocolError) Error() string {
	return fmt.Sprintf("websocket: failed the connection with %d: %s", e.Code, e.Reason)
}

func (e *ProtocolError) Unwrap() error { return e.Err }

// CloseError reports the close frame that ended the connection: the
// server's code and reason. A connection whose TCP ended without a close
// frame reports 1006 (§7.1.5).
type CloseError struct {
	Code   int
	Reason string
}

func (e *CloseError) Error() string {
	if e.Reason == "" {
		return fmt.Sprintf("websocket: closed with status %d", e.Code)
	}
	return fmt.Sprintf("websocket: closed with status %d: %s", e.Code, e.Reason)
}

// Normal reports whether the connection ended the way connections are
// meant to end: 1000 (normal closure) or 1001 (going away).
func (e *CloseError) Normal() bool {
	return e.Code == CloseNormalClosure || e.Code == CloseGoingAway
}

var (
	// ErrClosed: the connection was used after it ended, or after our
	// close frame went out.
	ErrClosed = errors.New("websocket: use of a closed connection")
	// ErrInvalidUTF8: a text message or a close reason was not valid
	// UTF-8 (§8.1). The close code is 1007.
	ErrInvalidUTF8 = errors.New("websocket: invalid UTF-8")
	// ErrMessageTooBig: a message was over the read limit. The close
	// code is 1009.
	ErrMessageTooBig = errors.New("websocket: message over the read limit")
)

// Is makes the error of a call that was refused because the connection
// had ended, or had sent its close frame, match ErrClosed. (A read after
// the end returns why the connection ended, a *CloseError or a
// *ProtocolError, as the read that saw the end did.)
func (e *connClosedError) Is(target error) bool { return target == ErrClosed }

// ProxyError reports that a proxy refused to open the tunnel.
type ProxyError struct {
	Proxy      string // host:port of the proxy
	StatusCode int
	Status     string // e.g. "407 Proxy Authentication Required"
}

func (e *ProxyError) Error() string {
	return fmt.Sprintf("websocket: proxy %s refused the tunnel: %s", e.Proxy, e.Status)
}
