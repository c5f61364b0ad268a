package websocket

import (
	"bufio"
	"context"
	"net"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// readBufferSize is the size of the connection's bufio.Reader, which
// reads the handshake response and, from step03 on, the frames.
const readBufferSize = 4096

// defaultReadLimit bounds the payload this client reads, unless told
// otherwise: the length in a frame header comes from the server, and a
// server can announce 2^63 bytes.
const defaultReadLimit = 32 << 20

// maxControlPayload: "All control frames MUST have a payload length of
// 125 bytes or less" (§5.5).
const maxControlPayload = 125

// maxMessageFrames bounds the frames of one message, counting the
// control frames that come between its fragments. Bytes alone do not
// bound the work: a server can send empty continuation frames, or
// pings, forever, and never end the message. Autobahn's cases 9.3.1
// and 9.4.1 send 65,536 frames for one message; twice that leaves room
// for any honest fragmentation.
const maxMessageFrames = 1 << 17

// MessageType tells a text message from a binary one (RFC 6455 §5.6).
type MessageType byte

const (
	TextMessage   = MessageType(opText)
	BinaryMessage = MessageType(opBinary)
)

func (t MessageType) String() string { return opcode(t).String() }

// Conn is a WebSocket connection after a successful opening handshake.
//
// Reading is one goroutine's job: call ReadMessage (or Reader) in a
// loop, from one goroutine at a time. Pings are answered, pongs matched
// to Ping, and the server's close handled inside that loop, so a program
// that writes must also keep reading. Writing, Ping and Close are safe
// from any number of goroutines.
//
// Each piece of the connection's state has one owner, named beside it,
// and every wait for a lock or for the network gives up when the
// caller's context ends.
type Conn struct {
	netConn net.Conn
	// br is the reader that read the handshake response. It may already
	// hold the server's first frame, so every later read goes through it.
	br *bufio.Reader

	idle  *bufio.Reader // br while idle: the handshake's small reader (see buffers.go)
	keys  *maskKeys     // a fresh masking key for every frame
	trace *tracer       // nil unless tracing

	// The read side belongs to whoever holds readMu: a ReadMessage, or
	// Close waiting for the server's close frame when nobody reads. Only
	// the holder reads br, sets the read deadline, and uses msg,
	// readLimit and onPong.
	readMu    ctxMutex
	msg       messageState // the message being read
	msgSeq    uint64       // counts messages, so that a stale Reader can tell
	readLimit int64
	onPong    func(payload []byte)
	reading   atomic.Bool // a read is under way: the holder sets it, the heartbeat looks

	// The write side belongs to whoever holds writeMu, for one frame:
	// only the holder writes a frame, takes a key, and sets the write
	// deadline. messageMu is held from the first frame of a data message
	// to its last, so that the frames of two messages never interleave,
	// while a pong or a close can still go out between them (§5.4).
	writeMu   ctxMutex
	messageMu ctxMutex

	// The connection's fate: stateMu guards proto, which every goroutine
	// consults and nobody holds across I/O. done is closed when TCP is.
	stateMu sync.Mutex
	proto   protocol
	done    chan struct{}

	closeTimeout time.Duration // set before the connection is used

	subprotocol string // set by Dial

	// The pongs that Ping waits for, by payload: stateMu guards them.
	pings   map[string]chan struct{}
	pingSeq uint64
}

// newConn makes the connection that the handshake leaves: its reader,
// with whatever the server sent after the response, and a writer and
// masking keys of its own.
func newConn(nc net.Conn, br *bufio.Reader) (*Conn, error) {
	keys, err := newMaskKeys()
	if err != nil {
		return nil, err
	}
	return &Conn{
		netConn: nc,
		br:      br,
		idle:    br,
		keys:    keys,

		readMu:       newCtxMutex(),
		readLimit:    defaultReadLimit,
		writeMu:      newCtxMutex(),
		messageMu:    newCtxMutex(),
		done:         make(chan struct{}),
		closeTimeout: defaultCloseTimeout,
		pings:        make(map[string]chan struct{}),
	}, nil
}

// CloseNow closes the TCP connection at once, without a closing
// handshake.
func (c *Conn) CloseNow() error {
	c.terminate(closedError(nil))
	return nil
}

// writeFrame sends one frame. A client masks every frame it sends, with
// a fresh key each time (RFC 6455 §5.3).
//
// The frame is built whole, in a buffer borrowed for it (buffers.go), so
// it leaves in a single write, or in writes of maxChunk for a larger one.
// A text message in one frame must be UTF-8 (§5.6): masking it notices
// whether it was all ASCII, which is UTF-8, so only other text needs a
// pass of its own; either way the check ends before a byte goes out, and
// invalid text is refused with errTextNotUTF8.
func (c *Conn) writeFrame(fin bool, op opcode, payload []byte) error {
	h := header{fin: fin, opcode: op, masked: true, length: int64(len(payload)), maskKey: c.keys.next()}
	text := op == opText && fin // a whole text message: it must be UTF-8
	if text && len(payload) > maxChunk && !utf8.Valid(payload) {
		return errTextNotUTF8 // it will leave in pieces: check all of it first
	}
	buf, class := frameBuffer(min(len(payload), maxChunk))
	defer returnFrameBuffer(buf, class)
	b := appendHeader((*buf)[:0], h)
	n := min(len(payload), maxChunk)
	b = append(b, payload[:n]...)
	if text && n == len(payload) {
		if _, ascii := maskText(h.maskKey, 0, b[len(b)-n:]); !ascii && !utf8.Valid(payload) {
			return errTextNotUTF8
		}
	} else {
		maskFast(h.maskKey, 0, b[len(b)-n:])
	}
	c.trace.frame("->", h, payload)
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

// readFrame receives one whole frame. (From step04 on, messages read
// their frames in pieces instead; the tests still use this.)
func (c *Conn) readFrame() (header, []byte, error) {
	h, payload, err := readFrame(c.br, defaultReadLimit)
	if err == nil {
		c.trace.frame("<-", h, payload)
	}
	return h, payload, err
}

// Subprotocol is the subprotocol the server chose from those offered
// in Options.Subprotocols, or "" if it chose none.
func (c *Conn) Subprotocol() string { return c.subprotocol }

// SetReadLimit sets the largest message, in bytes, that ReadMessage
// accepts. A bigger one fails the connection with 1009 (message too big)
// as soon as a frame header announces it, before its payload is read.
// Set it before the first read.
func (c *Conn) SetReadLimit(limit int64) {
	c.readLimit = limit
}

// SetPongHandler sets a function that sees every pong that arrives,
// asked for or not (§5.5.3: an unsolicited pong needs no answer). It runs
// on the reading goroutine; set it before the first read.
func (c *Conn) SetPongHandler(h func(payload []byte)) {
	c.onPong = h
}

// terminate ends the connection: it records why, unless a reason came
// first, then closes TCP. It is the one place that closes TCP, and the
// reason is recorded before it does, so that a goroutine woken by the
// closed socket finds out why. It returns the connection's fate.
func (c *Conn) terminate(reason error) error {
	c.stateMu.Lock()
	closeTCP := c.proto.onEnd(reason)
	fate := c.proto.fate
	c.stateMu.Unlock()
	if closeTCP {
		c.netConn.Close()
		close(c.done)
	}
	return fate
}

// readable returns the connection's fate once it is decided, or nil
// while messages may still be read.
func (c *Conn) readable() error {
	c.stateMu.Lock()
	defer c.stateMu.Unlock()
	return c.proto.fate
}

// isOpen reports whether messages may still flow both ways.
func (c *Conn) isOpen() bool {
	c.stateMu.Lock()
	defer c.stateMu.Unlock()
	return c.proto.state == stateOpen
}

// Which deadline watch sets: the read side's or the write side's.
type deadlineKind uint8

const (
	readDeadline deadlineKind = iota
	writeDeadline
)

func (c *Conn) setDeadline(which deadlineKind, t time.Time) {
	if which == readDeadline {
		c.netConn.SetReadDeadline(t)
	} else {
		c.netConn.SetWriteDeadline(t)
	}
}

// watch makes ctx interrupt a blocked read or write: when ctx ends, it
// sets that side's deadline in the past. The returned stop reports
// whether ctx did interrupt, and if so, clears the deadline again. The
// caller must hold that side's lock from watch to stop: the deadline is
// the holder's, and nobody else sets or clears it. This is the only
// place that sets a deadline on an open connection.
//
// A context that can never end, such as context.Background(), costs
// nothing: no goroutine, no timer, no allocation. (That is why which is
// a number and not a method value: c.netConn.SetReadDeadline as a value
// would be built on the heap before ctx is even looked at.)
func (c *Conn) watch(ctx context.Context, which deadlineKind) (stop func() bool) {
	if ctx.Done() == nil {
		return neverInterrupted
	}
	fired := make(chan struct{})
	stopFunc := context.AfterFunc(ctx, func() {
		c.setDeadline(which, time.Unix(1, 0))
		close(fired)
	})
	return func() bool {
		if stopFunc() {
			return false
		}
		<-fired
		c.setDeadline(which, time.Time{})
		return true
	}
}

func neverInterrupted() bool { return false }
