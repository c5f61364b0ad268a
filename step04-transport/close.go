package main

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"time"
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

// defaultCloseTimeout bounds the closing handshake: everything Close
// waits for, and each wait of a reader that answers the server's close.
const defaultCloseTimeout = 5 * time.Second

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

// newCloseError reports a close frame that ended the connection: the
// server's code and reason, or 1006 for TCP that ended without one.
func newCloseError(code int, reason string) error {
	if reason == "" {
		return fmt.Errorf("websocket: closed with status %d", code)
	}
	return fmt.Errorf("websocket: closed with status %d: %s", code, reason)
}

// Close performs the closing handshake from our side (§7.1.2): it sends
// a close frame with code and reason, waits for the server's close frame
// and for the server to close TCP (§7.1.1), then closes TCP. All of that
// takes at most the close timeout, whatever other goroutines are doing;
// then Close closes TCP anyway.
//
// If a goroutine is reading, that reader gets the server's close frame,
// and the messages that came before it, and Close waits for it to
// finish. Otherwise Close reads itself and drops the messages that cross
// its close frame. Close returns nil when close frames went both ways,
// including when the server closed first.
func (c *Conn) Close(code int, reason string) error {
	ctx, cancel := context.WithTimeoutCause(context.Background(), c.closeTimeout,
		fmt.Errorf("the closing handshake took longer than %v", c.closeTimeout))
	defer cancel()
	err := c.sendFrame(ctx, true, opClose, closePayload(code, reason))
	var sent bool
	c.decide(func(p *protocol) { sent = p.closeSent })
	if err != nil && !sent {
		return c.terminate(fmt.Errorf("websocket: sending the close frame: %w", err))
	}
	c.awaitClose(ctx)
	var clean bool
	c.decide(func(p *protocol) { clean, err = p.cleanClose(), p.fate })
	if clean {
		return nil
	}
	return err
}

// awaitClose waits, at most until ctx ends, for the server's close frame
// and its TCP close. Whoever holds the read side takes them in: a
// goroutine that is reading, or Close itself when nobody is.
func (c *Conn) awaitClose(ctx context.Context) {
	if c.beginRead(ctx) == nil { // nobody is reading: Close reads
		c.endRead(ctx, c.discardUntilClose(ctx))
	}
	// A server that never answered gets TCP closed under it.
	c.terminate(fmt.Errorf("websocket: no close frame from the server: %w", context.Cause(ctx)))
}

// discardUntilClose reads messages until the server's close frame, and
// drops them, with the rules of a read but no read limit: nothing is
// kept. ctx bounds how long a server can keep us reading.
func (c *Conn) discardUntilClose(ctx context.Context) error {
	c.read.in.limit = math.MaxInt64
	scratch := make([]byte, readBufferSize)
	for {
		if err := c.advance(ctx); err != nil {
			return err // errCloseReceived, when all goes well
		}
		for c.read.in.active {
			if _, err := c.readPart(ctx, scratch); err != nil {
				return err
			}
		}
	}
}

// sendCloseFrame sends a close frame that the protocol asks for, bounded
// by the close timeout alone, not by the reader's ctx.
func (c *Conn) sendCloseFrame(payload []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), c.closeTimeout)
	defer cancel()
	return c.sendFrame(ctx, true, opClose, payload)
}

// awaitTCPClose reads until the server closes TCP (§7.1.1), or ctx or
// the close timeout ends, and throws away what it reads: after the close
// frames nothing counts. Its caller holds the read side.
func (c *Conn) awaitTCPClose(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, c.closeTimeout)
	defer cancel()
	c.read.deadline.watch(ctx)
	_, _ = io.Copy(io.Discard, c.read.br)
}
