package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// WriteMessage sends data as one message in a single frame. ctx bounds
// the write; a write that ctx interrupts leaves a frame half sent, so
// the connection is closed.
func (c *Conn) WriteMessage(ctx context.Context, typ MessageType, data []byte) error {
	if err := checkMessageType(typ); err != nil {
		return err
	}
	// §5.6: a text message MUST be valid UTF-8, ours as much as the
	// server's. Refuse it before a byte goes out; the connection is fine.
	if typ == TextMessage && !utf8.Valid(data) {
		return errTextNotUTF8
	}
	c.messageMu.Lock()
	defer c.messageMu.Unlock()
	return c.writeContext(ctx, true, opcode(typ), data)
}

// Writer starts a message of type typ and returns a writer for its
// payload, so that a large message can be sent as it is produced: each
// Write goes out as one frame, and Close sends the final one (§5.4). Wrap
// the writer in a bufio.Writer for fewer, larger frames. Until Close,
// other messages wait; control frames do not. ctx bounds every Write and
// the Close.
//
// Text is checked as it is written: a Write that would make it invalid
// UTF-8 is refused whole, and nothing of it is sent. A character may be
// split between two Writes; but a text message that would end inside one
// cannot be finished, so Close then fails and closes the connection.
func (c *Conn) Writer(ctx context.Context, typ MessageType) (io.WriteCloser, error) {
	if err := checkMessageType(typ); err != nil {
		return nil, err
	}
	c.messageMu.Lock()
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

// messageWriter is the io.WriteCloser that Writer returns.
type messageWriter struct {
	c      *Conn
	ctx    context.Context
	op     opcode         // the message's type for the first frame, then continuation
	text   *utf8Validator // for a text message: what was sent so far is valid
	closed bool
}

var (
	errWriterClosed = errors.New("websocket: write to a message that was closed")
	errTextNotUTF8  = fmt.Errorf("websocket: cannot send a text message that is not UTF-8: %w", ErrInvalidUTF8)
)

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
	if err := w.c.writeContext(w.ctx, false, w.op, p); err != nil {
		return 0, err
	}
	w.op = opContinuation
	return len(p), nil
}

// Close sends the message's final frame, empty, and lets the next
// message go.
func (w *messageWriter) Close() error {
	if w.closed {
		return errWriterClosed
	}
	w.closed = true
	defer w.c.messageMu.Unlock()
	if w.text != nil && !w.text.complete() {
		w.c.closeTCP() // half a message is out, and it cannot end validly
		return fmt.Errorf("websocket: a text message cannot end inside a character, so the connection is closed: %w", ErrInvalidUTF8)
	}
	return w.c.writeContext(w.ctx, true, w.op, nil)
}

// writeContext writes one frame under ctx: when ctx ends first, the
// write is cut off, and since part of a frame may be on the wire, the
// connection is closed. Data frames and Ping go through it.
func (c *Conn) writeContext(ctx context.Context, fin bool, op opcode, payload []byte) error {
	stop := c.watch(ctx, writeDeadline)
	err := c.writeFrame(fin, op, payload)
	if stop() && err != nil {
		err = fmt.Errorf("websocket: write interrupted, so the connection is closed: %w", ctx.Err())
		c.closeTCP()
	}
	return err
}

// writeFrame sends one frame. A client masks every frame it sends, with
// a fresh key each time (RFC 6455 §5.3).
func (c *Conn) writeFrame(fin bool, op opcode, payload []byte) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	if c.closeSent {
		return ErrClosed // §5.5.1: no data frames after a close frame
	}
	if c.writeErr != nil {
		return c.writeErr
	}
	if op == opClose {
		c.closeSent = true
	}
	h := header{fin: fin, opcode: op, masked: true, length: int64(len(payload)), maskKey: c.keys.next()}
	c.trace.frame("->", h, payload)
	if err := writeFrame(c.bw, h, payload); err != nil {
		c.writeErr = fmt.Errorf("websocket: write: %w", err)
		return c.writeErr
	}
	return nil
}
