package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"sync"
	"time"
	"unicode/utf8"
)

// Sizes of the connection's buffers. Reads go through a bufio.Reader
// that also held the handshake response; writes are masked into a
// bufio.Writer's buffer, so a frame of up to writeBufferSize bytes
// leaves in a single write.
const (
	readBufferSize  = 4096
	writeBufferSize = 32 << 10
)

// defaultReadLimit is the largest message ReadMessage accepts unless
// SetReadLimit says otherwise: big enough for any feed or document a
// client commonly reads, small enough that a hostile server cannot make
// it allocate without bound.
const defaultReadLimit = 32 << 20

// maxControlPayload: "All control frames MUST have a payload length of
// 125 bytes or less" (§5.5).
const maxControlPayload = 125

// MessageType tells a text message from a binary one (RFC 6455 §5.6).
type MessageType byte

const (
	TextMessage   = MessageType(opText)
	BinaryMessage = MessageType(opBinary)
)

func (t MessageType) String() string { return opcode(t).String() }

// Conn is a WebSocket connection after a successful opening handshake.
//
// Reading is one goroutine's job: call ReadMessage in a loop from one
// goroutine, as with every Go WebSocket client. Pings are answered and
// the server's close is handled inside that loop, so a program that
// writes must also keep reading. Writing is safe from any number of
// goroutines at once.
type Conn struct {
	netConn net.Conn
	// br is the reader that read the handshake response. It may already
	// hold the server's first frame, so every later read goes through it.
	br   *bufio.Reader
	bw   *bufio.Writer
	keys *maskKeys

	// readMu is held by the one goroutine that reads; Close takes it too
	// to read the server's answer to its close frame.
	readMu        sync.Mutex
	readErr       error // once set, every later read returns it
	closeReceived bool  // the server's close frame has arrived
	onPong        func(payload []byte)
	readLimit     int64

	// messageMu is held while a data message is written, so that the
	// frames of two messages never interleave. writeMu is held for one
	// frame at a time, so that a pong or a close can go out between the
	// fragments of a long message (§5.4).
	messageMu sync.Mutex
	writeMu   sync.Mutex
	closeSent bool  // guarded by writeMu: nothing follows a close frame
	writeErr  error // guarded by writeMu

	closeTimeout time.Duration
	trace        *tracer // nil unless tracing
}

func newConn(nc net.Conn, br *bufio.Reader) (*Conn, error) {
	keys, err := newMaskKeys()
	if err != nil {
		return nil, err
	}
	return &Conn{
		netConn:      nc,
		br:           br,
		bw:           bufio.NewWriterSize(nc, writeBufferSize),
		keys:         keys,
		closeTimeout: defaultCloseTimeout,
		readLimit:    defaultReadLimit,
	}, nil
}

// SetPongHandler sets a function that sees every pong that arrives,
// asked for or not (§5.5.3: an unsolicited pong needs no answer). It runs
// on the reading goroutine; set it before the first read.
func (c *Conn) SetPongHandler(h func(payload []byte)) {
	c.onPong = h
}

// SetReadLimit sets the largest message, in bytes, that ReadMessage
// accepts. A bigger one fails the connection with 1009 (message too big)
// as soon as a frame header announces it, before its payload is read.
// Set it before the first read.
func (c *Conn) SetReadLimit(limit int64) {
	c.readLimit = limit
}

// WriteMessage sends data as one message in a single frame.
func (c *Conn) WriteMessage(typ MessageType, data []byte) error {
	return c.WriteFragmented(typ, data, 0)
}

// WriteFragmented sends data as one message in frames of at most
// frameSize bytes: the first frame carries the type, the rest are
// continuation frames, and the last has FIN set (§5.4). frameSize <= 0
// sends a single frame.
func (c *Conn) WriteFragmented(typ MessageType, data []byte, frameSize int) error {
	if typ != TextMessage && typ != BinaryMessage {
		return fmt.Errorf("websocket: cannot send a message of type %d", typ)
	}
	// §5.6: a text message MUST be valid UTF-8, ours as much as the
	// server's. Refuse it before a byte goes out; the connection is fine.
	if typ == TextMessage && !utf8.Valid(data) {
		return fmt.Errorf("websocket: cannot send a text message that is not UTF-8: %w", ErrInvalidUTF8)
	}
	if frameSize <= 0 {
		frameSize = len(data)
	}
	c.messageMu.Lock()
	defer c.messageMu.Unlock()
	op := opcode(typ)
	for {
		n := min(frameSize, len(data))
		fin := n == len(data)
		if err := c.writeFrame(fin, op, data[:n]); err != nil {
			return err
		}
		if fin {
			return nil
		}
		data, op = data[n:], opContinuation
	}
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

// ReadMessage reads the next data message, whole, however many frames
// it came in (§5.4). Control frames that arrive on the way, even between
// the fragments of a message, are handled as they come: a ping gets its
// pong at once, a pong goes to the pong handler, and a close ends the
// connection with a *CloseError that holds the server's code and reason.
//
// A server that breaks the protocol gets the connection failed (§7.1.7):
// a close frame with the code that names the fault, then TCP closed, and
// ReadMessage returns a *ProtocolError. Nothing the server sent after
// the fault is echoed, answered or returned.
//
// After an error the connection is done: every later call returns the
// same error.
func (c *Conn) ReadMessage() (MessageType, []byte, error) {
	c.readMu.Lock()
	defer c.readMu.Unlock()
	if c.readErr != nil {
		return 0, nil, c.readErr
	}
	typ, msg, err := c.readMessage()
	if err != nil {
		c.readErr = err
		c.netConn.Close()
		return 0, nil, err
	}
	return typ, msg, nil
}

func (c *Conn) readMessage() (MessageType, []byte, error) {
	h, err := c.nextDataFrame()
	if err != nil {
		return 0, nil, err
	}
	if h.opcode == opContinuation {
		return 0, nil, c.fail(CloseProtocolError, "a continuation frame with no message to continue", nil)
	}
	typ := MessageType(h.opcode)
	// Text is checked as it arrives, across frames and reads (§8.1).
	var text *utf8Validator
	if typ == TextMessage {
		text = new(utf8Validator)
	}
	var msg []byte
	for {
		// §10.4: check the size the header announces, before reading
		// or allocating; a fragmented message counts as a whole.
		if h.length > c.readLimit-int64(len(msg)) {
			reason := fmt.Sprintf("message over the %d-byte limit", c.readLimit)
			return 0, nil, c.fail(CloseMessageTooBig, reason, ErrMessageTooBig)
		}
		if msg, err = c.readPayload(msg, h, text); err != nil {
			return 0, nil, err
		}
		if h.fin {
			return typ, msg, nil
		}
		if h, err = c.nextDataFrame(); err != nil {
			return 0, nil, err
		}
		if h.opcode != opContinuation {
			reason := fmt.Sprintf("a %s frame inside a fragmented message", h.opcode)
			return 0, nil, c.fail(CloseProtocolError, reason, nil)
		}
	}
}

// nextDataFrame reads frames until the header of a data frame, handling
// the control frames it meets on the way.
func (c *Conn) nextDataFrame() (header, error) {
	for {
		h, err := readHeader(c.br)
		if errors.Is(err, errLengthTopBit) {
			return h, c.fail(CloseProtocolError, "a 64-bit length with the top bit set", nil)
		}
		if err != nil {
			return h, readError(err)
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

// readPayload appends the payload of the frame h to msg. A message that
// comes in one frame gets a slice of exactly its size: one allocation.
// When text is not nil, each read is checked as it arrives, so invalid
// UTF-8 fails the connection at once, not at the end of the frame.
func (c *Conn) readPayload(msg []byte, h header, text *utf8Validator) ([]byte, error) {
	start := len(msg)
	if msg == nil && h.fin {
		msg = make([]byte, h.length)
	} else {
		msg = slices.Grow(msg, int(h.length))[:start+int(h.length)]
	}
	for got := start; got < len(msg); {
		n, err := c.br.Read(msg[got:])
		if text != nil && !text.write(msg[got:got+n]) {
			return nil, c.fail(CloseInvalidPayload, "invalid UTF-8 in a text message", ErrInvalidUTF8)
		}
		got += n
		if err != nil {
			return nil, readError(unexpected(err))
		}
	}
	if h.fin && text != nil && !text.complete() {
		return nil, c.fail(CloseInvalidPayload, "a text message that ends inside a character", ErrInvalidUTF8)
	}
	c.trace.frame("<-", h, msg[start:])
	return msg, nil
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
		if c.onPong != nil {
			c.onPong(payload)
		}
	case opClose:
		return c.handleClose(payload)
	}
	return nil
}
