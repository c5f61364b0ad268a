package websocket

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
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

// closeErr reports a close frame that ended the connection: the
// server's code and reason, or 1006 for TCP that ended without one.
func closeErr(code int, reason string) error {
	return &CloseError{Code: code, Reason: reason}
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
	if err := checkOwnClose(code, reason); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeoutCause(context.Background(), c.closeTimeout,
		fmt.Errorf("the closing handshake took longer than %v", c.closeTimeout))
	defer cancel()
	err := c.sendFrame(ctx, true, opClose, closePayload(code, reason))
	if err != nil && !c.closeWasSent() {
		return c.terminate(fmt.Errorf("websocket: sending the close frame: %w", err))
	}
	c.awaitClose(ctx)
	return c.closeResult()
}

// awaitClose waits, at most until ctx ends, for the server's close frame
// and its TCP close. Whoever holds the read side takes them in: a
// goroutine that is reading, or Close itself when nobody is.
func (c *Conn) awaitClose(ctx context.Context) {
	select {
	case c.readMu <- struct{}{}: // nobody is reading: Close reads
		c.borrowReadBuffer()
		defer c.unlockRead()
		if c.readable() == nil {
			stop := c.watch(ctx, readDeadline)
			err := c.discardUntilClose(ctx)
			c.endRead(ctx, stop(), err)
		}
	case <-c.done: // a reader took the server's close in, and finished
	case <-ctx.Done():
	}
	// A server that never answered gets TCP closed under it.
	c.terminate(fmt.Errorf("websocket: no close frame from the server: %w", context.Cause(ctx)))
}

// discardUntilClose reads frames until the server's close frame, and
// drops the messages on the way: once we have sent our close frame,
// messages that cross it on the wire are of no use. Discarding allocates
// nothing, so no limit applies; ctx bounds how long a server can keep us
// reading.
func (c *Conn) discardUntilClose(ctx context.Context) error {
	if err := c.discardMessage(ctx); err != nil { // the rest of one begun
		return err
	}
	for {
		h, err := c.nextDataFrame(ctx)
		if err != nil {
			return err // errCloseReceived, when all goes well
		}
		if _, err := io.CopyN(io.Discard, c.br, h.length); err != nil {
			return readError(unexpected(err))
		}
		// A fragmented message goes on: its continuation frames are
		// expected (§5.4), and only a new message is then a fault.
		c.msg = messageState{active: !h.fin}
	}
}

// answerClose finishes a closing handshake that a close frame from the
// server began: our close frame back, unless ours went first (§5.5.1),
// then a wait for the server to close TCP (§7.1.1), bounded by ctx and
// the close timeout. It returns the connection's fate: the server's code
// and reason.
func (c *Conn) answerClose(ctx context.Context) error {
	c.stateMu.Lock()
	reply, answer := c.proto.closeReply()
	c.stateMu.Unlock()
	if answer {
		c.sendClose(reply) // if it fails, TCP closes all the same
	}
	ctx, cancel := context.WithTimeout(ctx, c.closeTimeout)
	defer cancel()
	c.awaitTCPClose(ctx)
	return c.terminate(closedError(nil)) // the fate is the server's close, decided when it came
}

// sendClose sends a close frame that the protocol asks for, bounded by
// the close timeout alone: §5.5.1 says an endpoint that receives a close
// frame MUST send one back, and §7.1.7 that one failing the connection
// SHOULD say why in one, so the frame goes out even when the reader's
// context has just ended; and a server that stopped reading holds it
// back no longer than the close timeout.
func (c *Conn) sendClose(payload []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), c.closeTimeout)
	defer cancel()
	return c.sendFrame(ctx, true, opClose, payload)
}

// awaitTCPClose reads until the server closes TCP, or ctx ends, and
// throws away what it reads: after the close frames nothing counts.
// The server closes first, so that it, not the client, holds the
// TIME_WAIT state (§7.1.1). Reading also keeps our last frame safe:
// closing a socket with unread input makes the kernel reset the
// connection, and a reset can destroy data the server has not read yet.
// Its caller holds the read side.
func (c *Conn) awaitTCPClose(ctx context.Context) {
	stop := c.watch(ctx, readDeadline)
	_, _ = io.Copy(io.Discard, c.br)
	stop()
}

// SendClose sends a close frame with code and reason, and returns. It is
// for programs whose reading goroutine should see every message the
// server sends before it closes: that goroutine goes on reading them,
// then gets the server's close as a *CloseError. Close, in contrast,
// waits itself, and drops messages that cross its close frame. The
// close timeout bounds the wait to send.
func (c *Conn) SendClose(code int, reason string) error {
	if err := checkOwnClose(code, reason); err != nil {
		return err
	}
	return c.sendClose(closePayload(code, reason))
}

// closeWasSent reports whether our close frame has gone out, from this
// Close or before it.
func (c *Conn) closeWasSent() bool {
	c.stateMu.Lock()
	defer c.stateMu.Unlock()
	return c.proto.closeSent
}

// closeResult is what Close returns: nil after a closing handshake that
// completed, or else why the connection ended.
func (c *Conn) closeResult() error {
	c.stateMu.Lock()
	defer c.stateMu.Unlock()
	if c.proto.cleanClose() {
		return nil
	}
	return c.proto.fate
}
