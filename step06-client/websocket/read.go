package websocket

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

// errIdle: the read deadline passed between two messages, so nothing
// of the stream was consumed and the connection is intact. It never
// leaves the package: endRead turns it into ctx's error.
var errIdle = errors.New("websocket: no message arrived before the read deadline")

// errCloseReceived: the server's close frame has arrived. It never
// leaves the package: endRead finishes the closing handshake, and the
// caller gets the server's code and reason.
var errCloseReceived = errors.New("websocket: the server sent a close frame")

// ReadMessage reads the next data message, whole, however many frames
// it came in (§5.4). Control frames that arrive on the way, even between
// the fragments of a message, are handled as they come: a ping gets its
// pong at once, a pong goes to Ping and the pong handler, and a close
// ends the connection with an error that holds the server's code and
// reason.
//
// ctx bounds the wait. If it ends before the next message has begun,
// ReadMessage returns ctx's error and the connection stays open: call it
// again. If it ends in the middle of a message, the part already read
// cannot be put back, so the connection is closed.
//
// After any other error the connection is done: every later call
// returns the same error.
func (c *Conn) ReadMessage(ctx context.Context) (MessageType, []byte, error) {
	return c.AppendMessage(ctx, nil)
}

// AppendMessage reads the next data message as ReadMessage does, and
// appends its payload to dst. The connection keeps no reference to dst:
// passing the same buffer back (buf[:0]) allocates nothing per message.
func (c *Conn) AppendMessage(ctx context.Context, dst []byte) (MessageType, []byte, error) {
	if err := c.beginRead(ctx); err != nil {
		return 0, nil, err
	}
	typ, msg, err := c.readWhole(ctx, dst)
	if err = c.endRead(ctx, err); err != nil {
		return 0, nil, err
	}
	return typ, msg, nil
}

// Reader waits for the next data message and returns a reader for its
// payload, checked as ReadMessage checks it, that ends with io.EOF. The
// next message discards what is left of this one; ctx bounds every Read.
func (c *Conn) Reader(ctx context.Context) (MessageType, io.Reader, error) {
	if err := c.beginRead(ctx); err != nil {
		return 0, nil, err
	}
	err := c.discardMessage(ctx)
	if err == nil {
		err = c.advance(ctx)
	}
	typ, seq := c.read.in.typ, c.read.in.seq
	if err = c.endRead(ctx, err); err != nil {
		return 0, nil, err
	}
	return typ, &messageReader{c: c, ctx: ctx, seq: seq}, nil
}

// messageReader is the io.Reader that Reader returns.
type messageReader struct {
	c   *Conn
	ctx context.Context
	seq uint64 // the message it reads
}

func (r *messageReader) Read(p []byte) (int, error) {
	c := r.c
	if err := c.beginRead(r.ctx); err != nil {
		return 0, err
	}
	if r.seq != c.read.in.seq {
		c.endRead(r.ctx, nil)
		return 0, errors.New("websocket: read from the reader of an earlier message")
	}
	if len(p) == 0 {
		c.endRead(r.ctx, nil)
		return 0, nil
	}
	n, err := c.readPart(r.ctx, p)
	if err == io.EOF { // the message's end: no error for the connection
		c.endRead(r.ctx, nil)
		return n, io.EOF
	}
	return n, c.endRead(r.ctx, err)
}

// beginRead takes the read side for one read and makes ctx bound it, or
// returns why not: ctx ended first, or the connection has ended. Every
// read that beginRead lets in ends with endRead.
func (c *Conn) beginRead(ctx context.Context) error {
	if err := c.read.mu.lock(ctx, c.done); err != nil {
		if errors.Is(err, errConnEnded) {
			return c.fate()
		}
		return err
	}
	if err := c.fate(); err != nil {
		giveBack(c.read.mu, &c.read.deadline, c.done)
		return err
	}
	c.read.deadline.watch(ctx)
	c.read.reading.Store(true)
	return nil
}

// endRead ends a read that beginRead began, and gives the read side
// back. It decides, in this one place, what an error means for the
// connection.
func (c *Conn) endRead(ctx context.Context, err error) error {
	defer giveBack(c.read.mu, &c.read.deadline, c.done)
	defer c.read.returnBuffer()
	c.read.reading.Store(false)
	if err == nil {
		return nil
	}
	var v *violation
	switch {
	case errors.As(err, &v):
		return c.fail(ctx, v)
	case errors.Is(err, errCloseReceived):
		c.awaitTCPClose(ctx)
		return c.terminate(useOfClosed(nil)) // the fate is the server's close, decided when it came
	case ctx.Err() != nil && errors.Is(err, errIdle):
		return context.Cause(ctx) // between messages: the connection is intact
	case ctx.Err() != nil:
		return c.terminate(fmt.Errorf("websocket: read interrupted %s, so the connection is closed: %w", c.read.in.position(), context.Cause(ctx)))
	}
	return c.terminate(err)
}

// readWhole reads a message, appending it to dst. Given no dst, a
// message that comes in one frame gets a slice of exactly its size.
func (c *Conn) readWhole(ctx context.Context, dst []byte) (MessageType, []byte, error) {
	in := &c.read.in
	if in.active { // what a Reader left
		if err := c.discardMessage(ctx); err != nil {
			return 0, nil, err
		}
	}
	if err := c.advance(ctx); err != nil {
		return 0, nil, err
	}
	msg := dst
	if dst == nil && in.fin && !in.compressed {
		msg = make([]byte, 0, in.remaining)
	}
	for in.active {
		if len(msg) == cap(msg) {
			msg = slices.Grow(msg, int(in.growth()))
		}
		n, err := c.readPart(ctx, msg[len(msg):cap(msg)])
		msg = msg[:len(msg)+n]
		if err != nil {
			return 0, nil, err
		}
	}
	return in.typ, msg, nil
}

// advance reads past frames whose payload is used up: to the first
// frame of the next message, to the next frame of this one, or, after
// its final frame, to the message's end.
func (c *Conn) advance(ctx context.Context) error {
	in := &c.read.in
	for in.remaining == 0 {
		if in.active && in.compressed {
			return nil // the inflater reads the rest of its frames (deflate.go)
		}
		if in.active && in.fin {
			if v := in.end(); v != nil {
				return v
			}
			return nil
		}
		if err := c.nextDataFrame(ctx); err != nil {
			return err
		}
	}
	return nil
}

// readPart reads the next part of the message's payload into p.
func (c *Conn) readPart(ctx context.Context, p []byte) (int, error) {
	in := &c.read.in
	if !in.active {
		return 0, io.EOF
	}
	if in.compressed {
		return c.readInflated(ctx, p)
	}
	p = p[:min(int64(len(p)), in.remaining)]
	n, err := c.read.br.Read(p)
	if v := in.payload(p[:n]); v != nil {
		return 0, v
	}
	if err != nil {
		return n, readError(unexpected(err))
	}
	return n, c.advance(ctx)
}

// discardMessage reads the rest of a message that its Reader left, and
// drops it: read, not skipped, so that text is still checked (§8.1).
func (c *Conn) discardMessage(ctx context.Context) error {
	if !c.read.in.active {
		return nil
	}
	buf, class := frameBuffer(minFrameBuffer)
	defer returnFrameBuffer(buf, class)
	for c.read.in.active {
		if _, err := c.readPart(ctx, (*buf)[:cap(*buf)]); err != nil {
			return err
		}
	}
	return nil
}

// nextDataFrame reads frame headers, has the protocol accept each, and
// answers the control frames, until the header of a data frame.
func (c *Conn) nextDataFrame(ctx context.Context) error {
	for {
		// Wait for the frame's first byte on its own: a deadline met
		// before it, between messages, leaves the stream intact.
		if err := c.read.waitForFrame(c.netConn); err != nil {
			if !c.read.in.active && errors.Is(err, os.ErrDeadlineExceeded) {
				return errIdle
			}
			return readError(err)
		}
		h, err := readHeader(c.read.br)
		if err != nil {
			if v := lengthViolation(err); v != nil {
				return v
			}
			return readError(unexpected(err))
		}
		if v := c.read.in.accept(h); v != nil {
			c.trace.frame("<-", h, nil) // the frame that broke the rule
			return v
		}
		if !h.opcode.isControl() {
			if c.trace != nil && c.read.in.compressed {
				c.trace.compressed("<-", h)
			} else if c.trace != nil {
				c.trace.frame("<-", h, c.read.buffered(h.length))
			}
			return nil
		}
		if err := c.handleControl(ctx, h); err != nil {
			return err
		}
	}
}

// buffered is what has already arrived of the next n bytes, without
// waiting for more: a preview for the trace.
func (r *readSide) buffered(n int64) []byte {
	b, _ := r.br.Peek(int(min(n, int64(r.br.Buffered()))))
	return b
}

// readError explains an error from the stream of frames. A stream that
// ends between frames is a closure without a close frame, which §7.1.5
// reports as 1006.
func readError(err error) error {
	if errors.Is(err, io.EOF) {
		return newCloseError(CloseAbnormalClosure, "the server closed TCP without a close frame")
	}
	return fmt.Errorf("websocket: read: %w", err)
}

// handleControl reads a ping, a pong or a close (§5.5), and sends what
// the protocol answers: a pong, or our close frame.
func (c *Conn) handleControl(ctx context.Context, h header) error {
	payload, err := readFramePayload(c.read.br, h, maxControlPayload)
	if err != nil {
		return readError(unexpected(err))
	}
	c.trace.frame("<-", h, payload)
	if h.opcode == opClose {
		if v := checkClose(payload); v != nil {
			return v
		}
	}
	if h.opcode == opPong && c.read.onPong != nil {
		c.read.onPong(payload)
	}
	if h.opcode == opPing && c.read.onPing != nil {
		c.read.onPing(payload)
	}
	var r reply
	var closed bool
	c.decide(func(p *protocol) { r, closed = p.onControl(h.opcode, payload) })
	switch r.op {
	case opPong:
		c.sendFrame(ctx, true, opPong, r.payload) // a pong that cannot go is no read error
	case opClose:
		c.sendCloseFrame(r.payload) // if it fails, TCP closes all the same
	}
	if closed {
		return errCloseReceived
	}
	return nil
}

// fail ends the connection of a server that broke the protocol (§7.1.7).
// It fails the connection with v's code, then waits, as long as ctx and
// the close timeout allow, for the server to close TCP.
func (c *Conn) fail(ctx context.Context, v *violation) error {
	err := &ProtocolError{Code: v.code, Reason: v.reason, Err: v.cause}
	if c.failWith(v.code, v.reason, err) == nil {
		c.awaitTCPClose(ctx)
	}
	return c.terminate(err)
}

// failWith decides err as the connection's fate, so that nothing more is
// echoed or answered, then tells the server why with a close frame of
// code and reason (§7.1.7). It returns the close frame's error.
func (c *Conn) failWith(code int, reason string, err error) error {
	c.decide(func(p *protocol) { p.onFail(err) })
	return c.sendCloseFrame(closePayload(code, reason))
}
