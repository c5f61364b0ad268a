package main

import (
	"bufio"
	"context"
	"net"
	"sync"
	"time"
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
// Reading is one goroutine's job: call ReadMessage (or Reader) in a loop
// from one goroutine, as with every Go WebSocket client. Pings are
// answered, pongs matched to Ping, and the server's close handled inside
// that loop, so a program that writes must also keep reading. Writing,
// Ping and Close are safe from any number of goroutines at once.
type Conn struct {
	netConn net.Conn
	// br is the reader that read the handshake response. It may already
	// hold the server's first frame, so every later read goes through it.
	br          *bufio.Reader
	bw          *bufio.Writer
	keys        *maskKeys
	subprotocol string

	// readMu is held by the one goroutine that reads; Close takes it too
	// to read the server's answer to its close frame.
	readMu        sync.Mutex
	readErr       error // once set, every later read returns it
	closeReceived bool  // the server's close frame has arrived
	onPong        func(payload []byte)
	readLimit     int64
	msg           messageState // the message being read
	msgSeq        uint64       // counts messages, so a stale Reader can tell

	// messageMu is held while a data message is written, so that the
	// frames of two messages never interleave. writeMu is held for one
	// frame at a time, so that a pong or a close can go out between the
	// fragments of a long message (§5.4).
	messageMu sync.Mutex
	writeMu   sync.Mutex
	closeSent bool  // guarded by writeMu: nothing follows a close frame
	writeErr  error // guarded by writeMu

	pingMu   sync.Mutex
	pings    map[string]chan struct{} // pongs that Ping waits for, by payload
	pingSeq  uint64
	deadErr  error // why the heartbeat gave up on the server
	closeTCP func() error
	done     chan struct{} // closed when TCP is closed

	closeTimeout time.Duration
	trace        *tracer // nil unless tracing
}

func newConn(nc net.Conn, br *bufio.Reader) (*Conn, error) {
	keys, err := newMaskKeys()
	if err != nil {
		return nil, err
	}
	c := &Conn{
		netConn:      nc,
		br:           br,
		bw:           bufio.NewWriterSize(nc, writeBufferSize),
		keys:         keys,
		closeTimeout: defaultCloseTimeout,
		readLimit:    defaultReadLimit,
		pings:        make(map[string]chan struct{}),
		done:         make(chan struct{}),
	}
	// However often and from wherever TCP gets closed, done is closed
	// once, so that the heartbeat and Ping stop waiting.
	c.closeTCP = sync.OnceValue(func() error {
		close(c.done)
		return c.netConn.Close()
	})
	return c, nil
}

// Subprotocol is the subprotocol the server chose from those offered
// in Options.Subprotocols, or "" if it chose none.
func (c *Conn) Subprotocol() string { return c.subprotocol }

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
// whether ctx did interrupt, and if so, clears the deadline, so that the
// connection can go on where that is safe.
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
