package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

// messageState is where the reader is in the message being read. It
// lets a message be read in pieces, by Reader, as well as whole.
type messageState struct {
	active    bool // a message has begun and not ended
	typ       MessageType
	fin       bool  // the current frame is the message's last
	remaining int64 // payload bytes of the current frame not read yet
	size      int64 // the message's size so far, held to the read limit
	text      utf8Validator
}

// errIdleTimeout: the read deadline passed while no message had begun.
// Nothing of the stream was consumed, so the connection is still good.
var errIdleTimeout = errors.New("websocket: no message arrived before the read deadline")

// ReadMessage reads the next data message, whole, however many frames
// it came in (§5.4). Control frames that arrive on the way, even between
// the fragments of a message, are handled as they come: a ping gets its
// pong at once, a pong goes to Ping and the pong handler, and a close
// ends the connection with a *CloseError that holds the server's code
// and reason.
//
// A server that breaks the protocol gets the connection failed (§7.1.7):
// a close frame with the code that names the fault, then TCP closed, and
// ReadMessage returns a *ProtocolError. Nothing the server sent after
// the fault is echoed, answered or returned.
//
// ctx bounds the wait. If it ends before the next message has begun,
// ReadMessage returns ctx.Err() and the connection stays open: call it
// again. If it ends in the middle of a message, the part already read
// cannot be put back, so the connection is closed.
//
// After any other error the connection is done: every later call
// returns the same error.
func (c *Conn) ReadMessage(ctx context.Context) (MessageType, []byte, error) {
	c.readMu.Lock()
	defer c.readMu.Unlock()
	if c.readErr != nil {
		return 0, nil, c.readErr
	}
	stop := c.watch(ctx, readDeadline)
	typ, msg, err := c.readWhole()
	if err = c.endRead(ctx, stop, err); err != nil {
		return 0, nil, err
	}
	return typ, msg, nil
}

// Reader waits for the next data message and returns a reader for its
// payload, so that a large message need not sit in memory: it arrives as
// the reader is read, checked as ReadMessage checks it. The reader ends
// with io.EOF at the end of the message. Asking for the next message
// discards what is left of this one. ctx bounds the wait for the
// message, and every Read on the reader, as for ReadMessage.
func (c *Conn) Reader(ctx context.Context) (MessageType, io.Reader, error) {
	c.readMu.Lock()
	defer c.readMu.Unlock()
	if c.readErr != nil {
		return 0, nil, c.readErr
	}
	stop := c.watch(ctx, readDeadline)
	err := c.beginMessage()
	if err = c.endRead(ctx, stop, err); err != nil {
		return 0, nil, err
	}
	return c.msg.typ, &messageReader{c: c, ctx: ctx, seq: c.msgSeq}, nil
}

// messageReader is the io.Reader that Reader returns.
type messageReader struct {
	c   *Conn
	ctx context.Context
	seq uint64 // the message it reads
}

func (r *messageReader) Read(p []byte) (int, error) {
	c := r.c
	c.readMu.Lock()
	defer c.readMu.Unlock()
	if c.readErr != nil {
		return 0, c.readErr
	}
	if r.seq != c.msgSeq {
		return 0, errors.New("websocket: read from the reader of an earlier message")
	}
	if len(p) == 0 {
		return 0, nil
	}
	stop := c.watch(r.ctx, readDeadline)
	n, err := c.readPart(p)
	if err == io.EOF {
		stop()
		return n, io.EOF
	}
	return n, c.endRead(r.ctx, stop, err)
}

// endRead finishes a read: it stops watching ctx and decides what an
// error means for the connection.
func (c *Conn) endRead(ctx context.Context, stop func() bool, err error) error {
	interrupted := stop()
	if err == nil {
		return nil
	}
	if interrupted && errors.Is(err, errIdleTimeout) {
		return ctx.Err() // between messages: the connection is intact
	}
	if interrupted {
		err = fmt.Errorf("websocket: read interrupted in the middle of a message, so the connection is closed: %w", ctx.Err())
	}
	if dead := c.heartbeatFailure(); dead != nil {
		err = dead
	}
	c.readErr = err
	c.closeTCP()
	return err
}

// readWhole reads a message into one slice. A message that comes in one
// frame gets a slice of exactly its size: a single allocation.
func (c *Conn) readWhole() (MessageType, []byte, error) {
	if err := c.beginMessage(); err != nil {
		return 0, nil, err
	}
	var msg []byte
	if c.msg.fin {
		msg = make([]byte, 0, c.msg.remaining)
	}
	for c.msg.active {
		if len(msg) == cap(msg) {
			msg = slices.Grow(msg, int(max(c.msg.remaining, 512)))
		}
		n, err := c.readPart(msg[len(msg):cap(msg)])
		msg = msg[:len(msg)+n]
		if err != nil {
			return 0, nil, err
		}
	}
	return c.msg.typ, msg, nil
}

// beginMessage reads up to the first frame of the next data message,
// handling control frames on the way.
func (c *Conn) beginMessage() error {
	if c.msg.active {
		if err := c.discardMessage(); err != nil {
			return err
		}
	}
	h, err := c.nextDataFrame(true)
	if err != nil {
		return err
	}
	if h.opcode == opContinuation {
		return c.fail(CloseProtocolError, "a continuation frame with no message to continue", nil)
	}
	c.msgSeq++
	c.msg = messageState{active: true, typ: MessageType(h.opcode)}
	if err := c.startFrame(h); err != nil {
		return err
	}
	return c.advance()
}

// startFrame makes h the message's current frame. §10.4: the size the
// header announces is held to the limit before any of it is read; a
// fragmented message counts as a whole.
func (c *Conn) startFrame(h header) error {
	if h.length > c.readLimit-c.msg.size {
		reason := fmt.Sprintf("message over the %d-byte limit", c.readLimit)
		return c.fail(CloseMessageTooBig, reason, ErrMessageTooBig)
	}
	c.msg.size += h.length
	c.msg.remaining = h.length
	c.msg.fin = h.fin
	c.trace.frame("<-", h, c.buffered(h.length))
	return nil
}

// buffered is what has already arrived of the next n bytes, without
// waiting for more: a preview for the trace.
func (c *Conn) buffered(n int64) []byte {
	if c.trace == nil {
		return nil
	}
	b, _ := c.br.Peek(int(min(n, int64(c.br.Buffered()))))
	return b
}

// advance moves past frames whose payload is used up: to the next
// continuation frame, or, after the final frame, to the end of the
// message, where text must end on a character boundary.
func (c *Conn) advance() error {
	for c.msg.remaining == 0 {
		if c.msg.fin {
			c.msg.active = false
			if c.msg.typ == TextMessage && !c.msg.text.complete() {
				return c.fail(CloseInvalidPayload, "a text message that ends inside a character", ErrInvalidUTF8)
			}
			return nil
		}
		h, err := c.nextDataFrame(false)
		if err != nil {
			return err
		}
		if h.opcode != opContinuation {
			reason := fmt.Sprintf("a %s frame inside a fragmented message", h.opcode)
			return c.fail(CloseProtocolError, reason, nil)
		}
		if err := c.startFrame(h); err != nil {
			return err
		}
	}
	return nil
}

// readPart reads the next part of the message's payload into p. Text is
// checked as it arrives (§8.1), so invalid UTF-8 fails the connection at
// once, not at the end of the frame or the message.
func (c *Conn) readPart(p []byte) (int, error) {
	if !c.msg.active {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), c.msg.remaining)]
	n, err := c.br.Read(p)
	if c.msg.typ == TextMessage && !c.msg.text.write(p[:n]) {
		return 0, c.fail(CloseInvalidPayload, "invalid UTF-8 in a text message", ErrInvalidUTF8)
	}
	c.msg.remaining -= int64(n)
	if err != nil {
		return n, readError(unexpected(err))
	}
	return n, c.advance()
}

// discardMessage skips the rest of a message that its reader left.
func (c *Conn) discardMessage() error {
	for c.msg.active {
		if _, err := c.br.Discard(int(c.msg.remaining)); err != nil {
			return readError(unexpected(err))
		}
		c.msg.remaining = 0
		if err := c.advance(); err != nil {
			return err
		}
	}
	return nil
}

// nextDataFrame reads frames until the header of a data frame, handling
// the control frames it meets on the way. idle says that no message is
// under way, so a deadline met while waiting for a frame to begin
// leaves the connection intact.
func (c *Conn) nextDataFrame(idle bool) (header, error) {
	for {
		if _, err := c.br.Peek(1); err != nil {
			if idle && errors.Is(err, os.ErrDeadlineExceeded) {
				return header{}, errIdleTimeout
			}
			return header{}, readError(err)
		}
		h, err := readHeader(c.br)
		if errors.Is(err, errLengthTopBit) {
			return h, c.fail(CloseProtocolError, "a 64-bit length with the top bit set", nil)
		}
		if err != nil {
			return h, readError(unexpected(err))
		}
		if reason := headerViolation(h); reason != "" {
			return h, c.fail(CloseProtocolError, reason, nil)
		}
		if !h.opcode.isControl() {
			return h, nil
		}
		if err := c.handleControl(h); err != nil {
			return h, err
		}
	}
}

// headerViolation names what is wrong with a frame header from the
// server, or returns "" if nothing is.
func headerViolation(h header) string {
	switch {
	case h.rsv1 || h.rsv2 || h.rsv3:
		return "reserved bits set without an extension" // §5.2
	case h.masked:
		return "a masked frame from the server" // §5.1
	case h.opcode > opBinary && h.opcode < opClose || h.opcode > opPong:
		return fmt.Sprintf("reserved opcode 0x%X", byte(h.opcode)) // §5.2
	case h.opcode.isControl() && !h.fin:
		return "a fragmented control frame" // §5.5
	case h.opcode.isControl() && h.length > maxControlPayload:
		return fmt.Sprintf("a control frame of %d bytes", h.length) // §5.5
	}
	return ""
}

// readError explains an error from the stream of frames. A stream that
// ends between frames is a closure without a close frame, which §7.1.5
// reports as 1006.
func readError(err error) error {
	if errors.Is(err, io.EOF) {
		return &CloseError{Code: CloseAbnormalClosure, Reason: "the server closed TCP without a close frame"}
	}
	return fmt.Errorf("websocket: read: %w", err)
}

// handleControl acts on a ping, a pong or a close (§5.5).
func (c *Conn) handleControl(h header) error {
	payload, err := readFramePayload(c.br, h, maxControlPayload)
	if err != nil {
		return readError(err)
	}
	c.trace.frame("<-", h, payload)
	switch h.opcode {
	case opPing:
		// §5.5.2: answer with a pong carrying the same payload, "as soon
		// as is practical". After our close frame we send nothing more.
		if err := c.writeFrame(true, opPong, payload); err != nil && !errors.Is(err, ErrClosed) {
			return err
		}
	case opPong:
		c.pongArrived(payload)
		if c.onPong != nil {
			c.onPong(payload)
		}
	case opClose:
		return c.handleClose(payload)
	}
	return nil
}
