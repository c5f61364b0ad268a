package websocket

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// WriteMessage sends data as one message in a single frame. ctx bounds
// the wait for other writers and the write; a write that ctx interrupts
// may leave a frame half sent, so the connection is then closed. §5.6: a
// text message MUST be valid UTF-8, ours as much as the server's; one
// that is not is refused before a byte goes out, and the connection is
// fine (writeFrame checks it).
func (c *Conn) WriteMessage(ctx context.Context, typ MessageType, data []byte) error {
	if err := checkMessageType(typ); err != nil {
		return err
	}
	if err := c.messageMu.lock(ctx, c.done); err != nil {
		return c.lockError(err)
	}
	defer c.messageMu.unlock()
	return c.sendFrame(ctx, true, opcode(typ), data)
}

// Writer starts a message of type typ and returns a writer for its
// payload, so that a message can be sent in fragments as it is produced
// (§5.4): each Write goes out as one frame, and Close sends the final
// one. Until Close, other messages wait; control frames do not. ctx
// bounds the wait for other messages, every Write and the Close.
//
// Text is checked as it is written: a Write that would make it invalid
// UTF-8 is refused whole, and nothing of it is sent. A character may be
// split between two Writes; but a text message that would end inside one
// cannot be finished, so Close then fails and closes the connection.
func (c *Conn) Writer(ctx context.Context, typ MessageType) (io.WriteCloser, error) {
	if err := checkMessageType(typ); err != nil {
		return nil, err
	}
	if err := c.messageMu.lock(ctx, c.done); err != nil {
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
	defer w.c.messageMu.unlock()
	if w.text != nil && !w.text.complete() {
		// Half a message is out, and it cannot end validly.
		w.c.terminate(fmt.Errorf("websocket: a text message ended inside a character: %w", ErrInvalidUTF8))
		return fmt.Errorf("websocket: a text message cannot end inside a character, so the connection is closed: %w", ErrInvalidUTF8)
	}
	return w.abandon(w.c.sendFrame(w.ctx, true, w.op, nil))
}

// abandon is what a message that has begun does when a frame of it
// cannot go, for instance because ctx ended while the frame waited for
// its turn. Its first frames are on the wire, and §5.4 lets only control
// frames come between them and the final frame, so no other message can
// ever follow: an open connection is closed, with that reason. A closing
// one is left to end as it ends (a close frame may come between
// fragments), and a message that has not begun has sent nothing.
func (w *messageWriter) abandon(err error) error {
	if err == nil || w.op != opContinuation || !w.c.isOpen() {
		return err
	}
	cause := fmt.Errorf("websocket: a message was left unfinished, so the connection is closed: %w", err)
	if fate := w.c.terminate(cause); fate != cause {
		return closedError(fate) // it had ended already, for another reason
	}
	return cause
}

// sendFrame sends one frame, under the write lock: the one way frames
// leave a connection. The protocol first decides whether the frame may
// go at all. ctx bounds the wait for the lock and the write; a write
// that ctx cuts off, or that fails, may have left half a frame on the
// wire, so the connection cannot go on.
func (c *Conn) sendFrame(ctx context.Context, fin bool, op opcode, payload []byte) error {
	if err := c.writeMu.lock(ctx, c.done); err != nil {
		return c.lockError(err)
	}
	defer c.writeMu.unlock()
	if err := c.allowSend(op); err != nil {
		return err
	}
	stop := c.watch(ctx, writeDeadline)
	err := c.writeFrame(fin, op, payload)
	interrupted := stop()
	if err == nil || err == errTextNotUTF8 { // refused before a byte went out: the connection is fine
		return err
	}
	if interrupted {
		err = fmt.Errorf("websocket: write interrupted, so the connection is closed: %w", context.Cause(ctx))
	} else {
		err = fmt.Errorf("websocket: write: %w", err)
	}
	if fate := c.terminate(err); fate != err {
		return closedError(fate) // it had ended already, for another reason
	}
	return err
}

// lockError is what a write returns when it could not take its lock:
// the cause of ctx's end, or, when the connection ended meanwhile, the
// error of a call made after the end.
func (c *Conn) lockError(err error) error {
	if errors.Is(err, errConnEnded) {
		return closedError(c.readable())
	}
	return err
}

// allowSend asks the protocol whether a frame with opcode op may go out.
func (c *Conn) allowSend(op opcode) error {
	c.stateMu.Lock()
	defer c.stateMu.Unlock()
	return c.proto.onSend(op)
}
