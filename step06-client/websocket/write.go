package websocket

import (
	"context"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// WriteMessage sends data as one message in a single frame. ctx bounds
// the wait for other writers and the write; a write that ctx interrupts
// may leave a frame half sent, so the connection is then closed.
func (c *Conn) WriteMessage(ctx context.Context, typ MessageType, data []byte) error {
	if err := checkMessageType(typ); err != nil {
		return err
	}
	// §5.6: a text message MUST be valid UTF-8, ours as much as the
	// server's. Refuse it before a byte goes out; the connection is fine.
	if typ == TextMessage && !utf8.Valid(data) {
		return errTextNotUTF8
	}
	if err := c.write.messageMu.lock(ctx, c.done); err != nil {
		return c.lockError(err)
	}
	defer c.write.messageMu.unlock()
	if c.write.deflate.wants(len(data)) {
		return c.sendCompressed(ctx, opcode(typ), data)
	}
	return c.sendFrame(ctx, true, opcode(typ), data)
}

// Writer starts a message of type typ and returns a writer for its
// payload, so that a message can be sent in fragments as it is produced
// (§5.4): each Write goes out as one frame, and Close sends the final
// one. Until Close, other messages wait; control frames do not. ctx
// bounds the wait for other messages, every Write and the Close.
//
// With permessage-deflate, a message whose first Write is at least
// Options.CompressionThreshold long is compressed: each Write is
// compressed and flushed, so that it still goes out at once, as a frame.
//
// Text is checked as it is written: a Write that would make it invalid
// UTF-8 is refused whole, and nothing of it is sent. A character may be
// split between two Writes; but a text message that would end inside one
// cannot be finished, so Close then fails and closes the connection.
func (c *Conn) Writer(ctx context.Context, typ MessageType) (io.WriteCloser, error) {
	if err := checkMessageType(typ); err != nil {
		return nil, err
	}
	if err := c.write.messageMu.lock(ctx, c.done); err != nil {
		return nil, c.lockError(err)
	}
	w := &messageWriter{c: c, ctx: ctx, op: opcode(typ)}
	if typ == TextMessage {
		w.text = new(utf8Validator)
	}
	return w, nil
}

func checkMessageType(typ MessageType) error {
	if typ != TextMessage && typ != BinaryMessage {
		return fmt.Errorf("websocket: cannot send a message of type %d", typ)
	}
	return nil
}

// messageWriter is the io.WriteCloser that Writer returns. It holds
// messageMu from Writer to Close.
type messageWriter struct {
	c      *Conn
	ctx    context.Context
	op     opcode // the message's type for the first frame, then continuation
	closed bool
	text   *utf8Validator // for a text message: what was sent so far is valid

	compressed bool // the first Write chose to compress the message
}

var errWriterClosed = errors.New("websocket: write to a message that was closed")

var errTextNotUTF8 = fmt.Errorf("websocket: cannot send a text message that is not UTF-8: %w", ErrInvalidUTF8)

func (w *messageWriter) Write(p []byte) (int, error) {
	if w.closed {
		return 0, errWriterClosed
	}
	if len(p) == 0 {
		return 0, nil
	}
	if w.text != nil {
		// Check a copy of the validator, so that a refused Write leaves
		// it where the text sent so far ended.
		next := *w.text
		if !next.write(p) {
			return 0, errTextNotUTF8
		}
		*w.text = next
	}
	if w.op != opContinuation {
		w.compressed = w.c.write.deflate.wants(len(p))
	}
	var err error
	if w.compressed {
		err = w.sendCompressed(p)
	} else {
		err = w.c.sendFrame(w.ctx, false, w.op, p)
	}
	if err != nil {
		return 0, w.abandon(err)
	}
	w.op = opContinuation
	return len(p), nil
}

// sendCompressed sends p compressed, as the message's next frame: RSV1
// on its first only (RFC 7692 §6). Each part ends with a flush, whose
// last 4 bytes (syncTail) come off; they begin the next frame instead, so
// that only the message's end lacks them (§7.2.1).
func (w *messageWriter) sendCompressed(p []byte) error {
	d := w.c.write.deflate
	d.begin()
	buf, class := frameBuffer(min(len(p)+len(syncTail), maxChunk))
	defer returnFrameBuffer(buf, class)
	payload := (*buf)[:0]
	if w.op == opContinuation {
		payload = append(payload, syncTail...)
	}
	payload = d.deflate(payload, p)
	err := w.c.sendHeader(w.ctx, header{rsv1: w.op != opContinuation, opcode: w.op}, payload, p)
	if err != nil {
		d.forget()
	}
	return err
}

// Close sends the message's final frame, empty, and lets the next
// message go.
func (w *messageWriter) Close() error {
	if w.closed {
		return errWriterClosed
	}
	w.closed = true
	defer w.c.write.messageMu.unlock()
	if w.text != nil && !w.text.complete() {
		// Half a message is out, and it cannot end validly.
		w.c.terminate(fmt.Errorf("websocket: a text message ended inside a character: %w", ErrInvalidUTF8))
		return fmt.Errorf("websocket: a text message cannot end inside a character, so the connection is closed: %w", ErrInvalidUTF8)
	}
	if w.compressed { // the final frame is empty: the flush's last 4 bytes, left off (§7.2.1)
		defer w.c.write.deflate.end()
	}
	return w.abandon(w.c.sendFrame(w.ctx, true, w.op, nil))
}

// abandon ends an open connection whose message has begun and cannot
// go on because a frame of it failed with err (§5.4). It returns what
// the caller gets.
func (w *messageWriter) abandon(err error) error {
	var open bool
	w.c.decide(func(p *protocol) { open = p.state == stateOpen })
	if err == nil || w.op != opContinuation || !open {
		return err
	}
	cause := fmt.Errorf("websocket: a message was left unfinished, so the connection is closed: %w", err)
	if fate := w.c.terminate(cause); fate != cause {
		return useOfClosed(fate) // it had ended already, for another reason
	}
	return cause
}

// sendFrame sends one frame, under frameMu: the one way frames leave a
// connection, once the protocol allows it. ctx bounds the wait and the
// write; a write that fails or is cut off ends the connection.
func (c *Conn) sendFrame(ctx context.Context, fin bool, op opcode, payload []byte) error {
	return c.sendHeader(ctx, header{fin: fin, opcode: op}, payload, nil)
}

// sendHeader is sendFrame for a frame whose header says more than FIN
// and the opcode: RSV1, for a compressed message. plain is what a
// compressed payload inflates to, for the trace; nil for the others.
func (c *Conn) sendHeader(ctx context.Context, h header, payload, plain []byte) error {
	if err := c.write.frameMu.lock(ctx, c.done); err != nil {
		return c.lockError(err)
	}
	defer giveBack(c.write.frameMu, &c.write.deadline, c.done)
	var err error
	c.decide(func(p *protocol) { err = p.onSend(h.opcode) })
	if err != nil {
		return err
	}
	c.write.deadline.watch(ctx)
	err = c.writeFrame(h, payload, plain)
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		err = fmt.Errorf("websocket: write interrupted, so the connection is closed: %w", context.Cause(ctx))
	} else {
		err = fmt.Errorf("websocket: write: %w", err)
	}
	if fate := c.terminate(err); fate != err {
		return useOfClosed(fate) // it had ended already, for another reason
	}
	return err
}

// writeFrame sends one frame. A client masks every frame it sends, with
// a fresh key each time (RFC 6455 §5.3). The frame is built whole in a
// borrowed buffer (buffers.go): one write, or writes of maxChunk. h
// gives FIN, RSV1 and the opcode; writeFrame fills in the rest. plain,
// for a compressed payload, is what the trace shows of it.
func (c *Conn) writeFrame(h header, payload, plain []byte) error {
	h.masked, h.length, h.maskKey = true, int64(len(payload)), c.write.keys.next()
	if plain != nil {
		c.trace.deflated("->", h, plain)
	} else {
		c.trace.frame("->", h, payload)
	}
	n := min(len(payload), maxChunk)
	buf, class := frameBuffer(n)
	defer returnFrameBuffer(buf, class)
	b := append(appendHeader((*buf)[:0], h), payload[:n]...)
	maskFast(h.maskKey, 0, b[len(b)-n:])
	for pos := n & 3; ; pos = (pos + n) & 3 {
		if _, err := c.netConn.Write(b); err != nil {
			return err
		}
		if payload = payload[n:]; len(payload) == 0 {
			return nil
		}
		n = min(len(payload), maxChunk)
		b = append((*buf)[:0], payload[:n]...)
		maskFast(h.maskKey, pos, b)
	}
}

// lockError is what a write returns when it could not take its lock:
// the cause of ctx's end, or, when the connection ended meanwhile, the
// error of a call made after the end.
func (c *Conn) lockError(err error) error {
	if errors.Is(err, errConnEnded) {
		return useOfClosed(c.fate())
	}
	return err
}
