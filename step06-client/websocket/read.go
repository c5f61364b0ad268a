package websocket

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

// messageState is where the reader is in the message being read. The
// holder of readMu owns it.
type messageState struct {
	active    bool // a message has begun and not ended
	typ       MessageType
	fin       bool  // the current frame is the message's last
	remaining int64 // payload bytes of the current frame not read yet
	size      int64 // the message's size so far, held to the read limit
	frames    int   // frames since the message began, held to maxMessageFrames
	text      utf8Validator
}

// errIdle: the read deadline passed while no message had begun, between
// two frames. Nothing of the stream was consumed, so the connection is
// intact. It never leaves the package: endRead turns it into ctx's
// error.
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

// AppendMessage reads the next data message as ReadMessage does, appends
// its payload to dst, and returns the result, grown if it had to be. A
// program that reads many messages can pass the same buffer back each
// time (buf[:0]) and allocate nothing per message. A program that keeps
// a message passes a new buffer, or nil: the connection keeps no
// reference to dst, so nothing a caller keeps is ever overwritten.
func (c *Conn) AppendMessage(ctx context.Context, dst []byte) (MessageType, []byte, error) {
	if err := c.lockRead(ctx); err != nil {
		return 0, nil, err
	}
	defer c.unlockRead()
	if err := c.readable(); err != nil {
		return 0, nil, err
	}
	c.reading.Store(true)
	defer c.reading.Store(false)
	stop := c.watch(ctx, readDeadline)
	typ, msg, err := c.readWhole(ctx, dst)
	if err = c.endRead(ctx, stop(), err); err != nil {
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
	if err := c.lockRead(ctx); err != nil {
		return 0, nil, err
	}
	defer c.unlockRead()
	if err := c.readable(); err != nil {
		return 0, nil, err
	}
	c.reading.Store(true)
	defer c.reading.Store(false)
	stop := c.watch(ctx, readDeadline)
	err := c.beginMessage(ctx)
	if err = c.endRead(ctx, stop(), err); err != nil {
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
	if err := c.lockRead(r.ctx); err != nil {
		return 0, err
	}
	defer c.unlockRead()
	if err := c.readable(); err != nil {
		return 0, err
	}
	if r.seq != c.msgSeq {
		return 0, errors.New("websocket: read from the reader of an earlier message")
	}
	if len(p) == 0 {
		return 0, nil
	}
	c.reading.Store(true)
	defer c.reading.Store(false)
	stop := c.watch(r.ctx, readDeadline)
	n, err := c.readPart(r.ctx, p)
	if err == io.EOF {
		stop()
		return n, io.EOF
	}
	return n, c.endRead(r.ctx, stop(), err)
}

// lockRead takes the read side, or gives up when ctx ends, or when the
// connection ends; then it returns why the connection ended, as every
// read after the end does.
func (c *Conn) lockRead(ctx context.Context) error {
	if err := c.readMu.lock(ctx, c.done); err != nil {
		if errors.Is(err, errConnEnded) {
			return c.readable()
		}
		return err
	}
	c.borrowReadBuffer()
	return nil
}

// unlockRead gives the read side back.
func (c *Conn) unlockRead() {
	c.returnReadBuffer()
	c.readMu.unlock()
}

// endRead finishes a read: the watch on ctx has stopped, and interrupted
// says whether ctx cut the read short. It decides, in this one place,
// what an error means for the connection.
func (c *Conn) endRead(ctx context.Context, interrupted bool, err error) error {
	if err == nil {
		return nil // before v: errors.As(err, &v) puts v on the heap
	}
	var v *violation
	switch {
	case errors.As(err, &v):
		return c.fail(ctx, v)
	case errors.Is(err, errCloseReceived):
		return c.answerClose(ctx)
	case interrupted && errors.Is(err, errIdle):
		return context.Cause(ctx) // between messages: the connection is intact
	case interrupted:
		return c.terminate(fmt.Errorf("websocket: read interrupted %s, so the connection is closed: %w", c.readPosition(), context.Cause(ctx)))
	}
	return c.terminate(err)
}

// readWhole reads a message, appending it to dst. Given no dst, a
// message that comes in one frame gets a slice of exactly its size: a
// single allocation.
func (c *Conn) readWhole(ctx context.Context, dst []byte) (MessageType, []byte, error) {
	if err := c.beginMessage(ctx); err != nil {
		return 0, nil, err
	}
	msg := dst
	if msg == nil && c.msg.fin {
		msg = make([]byte, 0, c.msg.remaining)
	}
	for c.msg.active {
		if len(msg) == cap(msg) {
			msg = slices.Grow(msg, int(max(c.msg.remaining, 512)))
		}
		n, err := c.readPart(ctx, msg[len(msg):cap(msg)])
		msg = msg[:len(msg)+n]
		if err != nil {
			return 0, nil, err
		}
	}
	return c.msg.typ, msg, nil
}

// beginMessage reads up to the first frame of the next data message,
// handling control frames on the way.
func (c *Conn) beginMessage(ctx context.Context) error {
	if err := c.discardMessage(ctx); err != nil { // what a Reader left
		return err
	}
	h, err := c.nextDataFrame(ctx)
	if err != nil {
		return err
	}
	c.msgSeq++
	c.msg = messageState{active: true, typ: MessageType(h.opcode), frames: 1}
	if err := c.startFrame(h); err != nil {
		return err
	}
	return c.advance(ctx)
}

// startFrame makes h the message's current frame. §10.4: the size the
// header announces is held to the limit before any of it is read; a
// fragmented message counts as a whole.
func (c *Conn) startFrame(h header) error {
	c.trace.frame("<-", h, c.buffered(h.length))
	if v := checkSize(c.msg.size, h.length, c.readLimit); v != nil {
		return v
	}
	c.msg.size += h.length
	c.msg.remaining = h.length
	c.msg.fin = h.fin
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
func (c *Conn) advance(ctx context.Context) error {
	for c.msg.remaining == 0 {
		if c.msg.fin {
			c.msg.active = false
			if c.msg.typ == TextMessage && !c.msg.text.complete() {
				return &violation{code: CloseInvalidPayload, reason: "a text message that ends inside a character", cause: ErrInvalidUTF8}
			}
			return nil
		}
		h, err := c.nextDataFrame(ctx)
		if err != nil {
			return err
		}
		if err := c.startFrame(h); err != nil {
			return err
		}
	}
	return nil
}

// readPart reads the next part of the message's payload into p. Text is
// checked as it arrives (§8.1), so invalid UTF-8 fails the connection at
// once, not at the end of the frame or the message (Autobahn 6.4).
func (c *Conn) readPart(ctx context.Context, p []byte) (int, error) {
	if !c.msg.active {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), c.msg.remaining)]
	n, err := c.br.Read(p)
	if c.msg.typ == TextMessage && !c.msg.text.write(p[:n]) {
		return 0, &violation{code: CloseInvalidPayload, reason: "invalid UTF-8 in a text message", cause: ErrInvalidUTF8}
	}
	c.msg.remaining -= int64(n)
	if err != nil {
		return n, readError(unexpected(err))
	}
	return n, c.advance(ctx)
}

// discardMessage skips the rest of a message that its reader left.
func (c *Conn) discardMessage(ctx context.Context) error {
	for c.msg.active {
		if _, err := c.br.Discard(int(c.msg.remaining)); err != nil {
			return readError(unexpected(err))
		}
		c.msg.remaining = 0
		if err := c.advance(ctx); err != nil {
			return err
		}
	}
	return nil
}

// nextDataFrame reads frames until the header of a data frame, handling
// the control frames it meets on the way.
func (c *Conn) nextDataFrame(ctx context.Context) (header, error) {
	for {
		h, err := c.nextFrame()
		if err != nil || !h.opcode.isControl() {
			return h, err
		}
		if err := c.handleControl(ctx, h); err != nil {
			return h, err
		}
	}
}

// nextFrame reads the next frame header, and checks it against the
// rules of RFC 6455.
func (c *Conn) nextFrame() (header, error) {
	// Wait for the frame's first byte on its own: a deadline met before
	// it, between messages, leaves the stream intact.
	if _, err := c.br.Peek(1); err != nil {
		if !c.msg.active && errors.Is(err, os.ErrDeadlineExceeded) {
			return header{}, errIdle
		}
		return header{}, readError(err)
	}
	h, err := readHeader(c.br)
	if v := lengthViolation(err); v != nil {
		return h, v
	}
	if err != nil {
		return h, readError(unexpected(err))
	}
	if v := checkFrame(h, c.msg.active); v != nil {
		c.trace.frame("<-", h, nil) // the frame that broke the rule
		return h, v
	}
	if c.msg.active {
		c.msg.frames++
		if v := checkFrameCount(c.msg.frames); v != nil {
			return h, v
		}
	}
	return h, nil
}

// readPosition says where a read was cut off, for its error.
func (c *Conn) readPosition() string {
	if c.msg.active {
		return "in the middle of a message"
	}
	return "in the middle of a frame"
}

// readError explains an error from the stream of frames. A stream that
// ends between frames is a closure without a close frame, which §7.1.5
// reports as 1006.
func readError(err error) error {
	if errors.Is(err, io.EOF) {
		return closeErr(CloseAbnormalClosure, "the server closed TCP without a close frame")
	}
	return fmt.Errorf("websocket: read: %w", err)
}

// handleControl acts on a ping, a pong or a close (§5.5).
func (c *Conn) handleControl(ctx context.Context, h header) error {
	payload, err := readFramePayload(c.br, h, maxControlPayload)
	if err != nil {
		return readError(unexpected(err))
	}
	c.trace.frame("<-", h, payload)
	switch h.opcode {
	case opPing:
		// §5.5.2: a pong with the same payload, "as soon as is
		// practical". A ping that crosses our close frame goes
		// unanswered: after it, this library sends nothing (§5.5.1
		// forbids only data frames, but a pong serves no purpose then).
		if err := c.sendFrame(ctx, true, opPong, payload); err != nil && c.isOpen() {
			return err
		}
	case opPong:
		// The handler runs before a waiting Ping returns, so that what
		// the handler does happens before what follows the Ping.
		if c.onPong != nil {
			c.onPong(payload)
		}
		c.pongArrived(payload)
	case opClose:
		if v := checkClose(payload); v != nil {
			return v
		}
		code, reason := parseClosePayload(payload)
		c.stateMu.Lock()
		c.proto.onCloseReceived(code, reason)
		c.stateMu.Unlock()
		return errCloseReceived
	}
	return nil
}

// fail is what RFC 6455 §7.1.7 calls _Fail the WebSocket Connection_,
// for a server that broke the protocol: it decides the connection's fate
// first, so that nothing more is echoed or answered; then it sends a
// close frame whose code tells the server what went wrong (1002 protocol
// error, 1007 invalid data, 1009 too big), lets the server close TCP,
// and closes our side. The close timeout bounds the close frame, and ctx
// with it the wait for the server's TCP close.
func (c *Conn) fail(ctx context.Context, v *violation) error {
	err := &ProtocolError{Code: v.code, Reason: v.reason, Err: v.cause}
	c.stateMu.Lock()
	c.proto.onFail(err)
	c.stateMu.Unlock()
	if c.sendClose(closePayload(v.code, v.reason)) == nil {
		ctx, cancel := context.WithTimeout(ctx, c.closeTimeout)
		defer cancel()
		c.awaitTCPClose(ctx)
	}
	return c.terminate(err)
}
