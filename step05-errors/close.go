package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"
	"unicode/utf8"
)

// Status codes for close frames (RFC 6455 §7.4.1).
const (
	CloseNormalClosure    = 1000 // the purpose of the connection is fulfilled
	CloseGoingAway        = 1001 // a server going down, a browser leaving the page
	CloseProtocolError    = 1002
	CloseUnsupportedData  = 1003 // e.g. binary to an endpoint that takes only text
	CloseNoStatusReceived = 1005 // never sent: "the close frame had no code"
	CloseAbnormalClosure  = 1006 // never sent: "TCP ended without a close frame"
	CloseInvalidPayload   = 1007 // e.g. invalid UTF-8 in a text message
	ClosePolicyViolation  = 1008
	CloseMessageTooBig    = 1009
	CloseMandatoryExt     = 1010 // the client needed an extension the server refused
	CloseInternalError    = 1011
)

// defaultCloseTimeout bounds each wait of the closing handshake: for our
// close frame to be written, for the server's close frame, and for the
// server to close TCP.
const defaultCloseTimeout = 5 * time.Second

// ErrClosed is returned when the connection is used after its close
// frame has been sent.
var ErrClosed = errors.New("websocket: use of a closed connection")

// CloseError reports the close frame that ended the connection: the
// server's code and reason.
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

// closePayload is the body of a close frame: a 2-byte code in network
// byte order, then the reason (§5.5.1).
func closePayload(code int, reason string) []byte {
	return append(binary.BigEndian.AppendUint16(nil, uint16(code)), reason...)
}

// parseClosePayload reads a close frame's body. An empty body means the
// server gave no code, which §7.1.5 reports as 1005.
func parseClosePayload(payload []byte) (code int, reason string) {
	if len(payload) < 2 {
		return CloseNoStatusReceived, ""
	}
	return int(binary.BigEndian.Uint16(payload)), string(payload[2:])
}

// handleClose answers the server's close frame (§5.5.1): a close frame
// back, echoing its code, unless we had sent ours already; then the
// server closes TCP (§7.1.1), and we return its code and reason. A close
// frame that is itself broken fails the connection instead.
func (c *Conn) handleClose(payload []byte) error {
	c.closeReceived = true
	if err := c.checkClosePayload(payload); err != nil {
		return err
	}
	code, reason := parseClosePayload(payload)
	var reply []byte
	if code != CloseNoStatusReceived {
		reply = closePayload(code, "")
	}
	if err := c.writeClose(reply); err != nil && !errors.Is(err, ErrClosed) {
		return err
	}
	c.awaitTCPClose()
	return &CloseError{Code: code, Reason: reason}
}

// checkClosePayload fails the connection if a close frame's body breaks
// §5.5.1 or §7.4: one byte is too short for a code, the code must be one
// a peer may send, and the reason must be UTF-8.
func (c *Conn) checkClosePayload(payload []byte) error {
	if len(payload) == 1 {
		return c.fail(CloseProtocolError, "a close frame with a 1-byte payload", nil)
	}
	code, reason := parseClosePayload(payload)
	if len(payload) >= 2 && !validCloseCode(code) {
		return c.fail(CloseProtocolError, fmt.Sprintf("close code %d is not allowed", code), nil)
	}
	if !utf8.ValidString(reason) {
		return c.fail(CloseInvalidPayload, "invalid UTF-8 in the close reason", ErrInvalidUTF8)
	}
	return nil
}

// checkOwnClose holds our own close frame to the rules we hold the
// server's to (§5.5, §7.4): a code that may be sent, and a UTF-8 reason
// that fits the 125 bytes of a control frame with the code. A bad one is
// refused before anything is sent; the connection stays as it was.
func checkOwnClose(code int, reason string) error {
	switch {
	case !validCloseCode(code):
		return fmt.Errorf("websocket: close code %d may not be sent", code)
	case len(reason) > maxControlPayload-2:
		return fmt.Errorf("websocket: a close reason of %d bytes is over the %d that fit", len(reason), maxControlPayload-2)
	case !utf8.ValidString(reason):
		return fmt.Errorf("websocket: the close reason is not UTF-8: %w", ErrInvalidUTF8)
	}
	return nil
}

// validCloseCode reports whether a peer may send code (§7.4). 1004 is
// reserved; 1005, 1006 and 1015 stand for events and must never be sent;
// 1012-1014 were registered with IANA after the RFC; 3000-3999 belong to
// libraries and frameworks, 4000-4999 to applications. All else is
// invalid.
func validCloseCode(code int) bool {
	switch {
	case 1000 <= code && code <= 1003, 1007 <= code && code <= 1014:
		return true
	case 3000 <= code && code <= 4999:
		return true
	}
	return false
}

// writeClose sends a close frame, bounded by the close timeout: a server that
// stopped reading must not block the close forever.
func (c *Conn) writeClose(payload []byte) error {
	c.netConn.SetWriteDeadline(time.Now().Add(c.closeTimeout))
	return c.writeFrame(true, opClose, payload)
}

// awaitTCPClose waits, at most the close timeout, for the server to close
// TCP, then closes our side. §7.1.1: the server closes first, so that
// it, not the client, holds the TIME_WAIT state.
func (c *Conn) awaitTCPClose() {
	c.netConn.SetReadDeadline(time.Now().Add(c.closeTimeout))
	_, _ = io.Copy(io.Discard, c.br) // nothing after a close frame counts
	c.netConn.Close()
}

// Close performs the closing handshake from our side (§7.1.2): it sends
// a close frame with code and reason, waits for the server's close frame
// and for the server to close TCP, then closes TCP. Each wait is bounded
// by the close timeout. If a goroutine is blocked in ReadMessage, that reader
// receives the server's close (as a *CloseError) and Close waits for it.
//
// Close returns nil when the handshake completed, including when the
// server had closed first.
func (c *Conn) Close(code int, reason string) error {
	if err := checkOwnClose(code, reason); err != nil {
		return err
	}
	err := c.writeClose(closePayload(code, reason))
	if err != nil && !errors.Is(err, ErrClosed) {
		c.netConn.Close()
		return err
	}
	// Wake a blocked reader in time, then take its place.
	c.netConn.SetReadDeadline(time.Now().Add(c.closeTimeout))
	c.readMu.Lock()
	defer c.readMu.Unlock()
	if c.readErr == nil {
		c.readErr = c.awaitClose()
	}
	c.netConn.Close()
	if !c.closeReceived {
		return fmt.Errorf("websocket: closing handshake: no close frame from the server: %w", c.readErr)
	}
	return nil
}

// awaitClose reads until the server's close frame, discarding data: once
// we have sent close, messages that cross it on the wire are dropped.
func (c *Conn) awaitClose() error {
	for {
		h, err := c.nextDataFrame()
		if err != nil {
			return err // a *CloseError, when all goes well
		}
		// Discarding allocates nothing, so no limit applies; the close
		// timeout bounds how long a server can keep us reading.
		if _, err := c.br.Discard(int(h.length)); err != nil {
			return readError(err)
		}
	}
}

// CloseNow closes the TCP connection at once, without the closing
// handshake: for when the server cannot be trusted to answer.
func (c *Conn) CloseNow() error {
	return c.netConn.Close()
}
