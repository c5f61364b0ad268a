package main

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// WriteMessage sends data as one message in a single frame. ctx bounds
// the wait for other writers and the write; a write that ctx interrupts
// may leave a frame half sent, so the connection is then closed.
func (c *Conn) WriteMessage(ctx context.Context, typ MessageType, data []byte) error {
	if err := checkMessageType(typ); err != nil {
		return err
	}
	if err := c.write.messageMu.lock(ctx, c.done); err != nil {
		return c.lockError(err)
	}
	defer c.write.messageMu.unlock()
	return c.sendFrame(ctx, true, opcode(typ), data)
}

// Writer starts a message of type typ and returns a writer for its
// payload, so that a message can be sent in fragments as it is produced
// (§5.4): each Write goes out as one frame, and Close sends the final
// one. Until Close, other messages wait; control frames do not. ctx
// bounds the wait for other messages, every Write and the Close.
func (c *Conn) Writer(ctx context.Context, typ MessageType) (io.WriteCloser, error) {
	if err := checkMessageType(typ); err != nil {
		return nil, err
	}
	if err := c.write.messageMu.lock(ctx, c.done); err != nil {
		return nil, c.lockError(err)
	}
	return &messageWriter{c: c, ctx: ctx, op: opcode(typ)}, nil
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
}

var errWriterClosed = errors.New("websocket: write to a message that was closed")

func (w *messageWriter) Write(p []byte) (int, error) {
	if w.closed {
		return 0, errWriterClosed
	}
	if len(p) == 0 {
		return 0, nil
	}
	if err := w.c.sendFrame(w.ctx, false, w.op, p); err != nil {
		return 0, w.abandon(err)
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
	defer w.c.write.messageMu.unlock()
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
	if err := c.write.frameMu.lock(ctx, c.done); err != nil {
		return c.lockError(err)
	}
	defer giveBack(c.write.frameMu, &c.write.deadline, c.done)
	var err error
	c.decide(func(p *protocol) { err = p.onSend(op) })
	if err != nil {
		return err
	}
	c.write.deadline.watch(ctx)
	err = c.writeFrame(fin, op, payload)
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
// a fresh key each time (RFC 6455 §5.3).
func (c *Conn) writeFrame(fin bool, op opcode, payload []byte) error {
	h := header{fin: fin, opcode: op, masked: true, length: int64(len(payload)), maskKey: c.write.keys.next()}
	c.trace.frame("->", h, payload)
	return writeFrame(c.write.bw, h, payload)
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
