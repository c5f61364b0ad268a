package websocket

import (
	"bufio"
	"context"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Three words for how a connection stops. End: TCP is closed (terminate).
// Close: the closing handshake, a close frame each way (RFC 6455 §7).
// Fail: _Fail the WebSocket Connection_, for a peer that broke a rule (§7.1.7).

// readBufferSize is the size of the connection's bufio.Reader, which
// reads the handshake response, then the frames.
const readBufferSize = 4096

// defaultReadLimit bounds the payload this client reads, unless told
// otherwise: the length in a frame header comes from the server, and a
// server can announce 2^63 bytes.
const defaultReadLimit = 32 << 20

// maxControlPayload: "All control frames MUST have a payload length of
// 125 bytes or less" (§5.5).
const maxControlPayload = 125

// maxMessageFrames bounds the frames of one message, counting the
// control frames between its fragments: twice the 65,536 of Autobahn's
// cases 9.3.1 and 9.4.1.
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
	trace   *tracer // nil unless tracing

	read  readSide
	write writeSide

	// The connection's fate: stateMu guards proto, which every goroutine
	// consults through decide, and nobody holds across I/O. done is
	// closed when TCP is.
	stateMu sync.Mutex
	proto   protocol
	done    chan struct{}

	closeTimeout time.Duration // set before the connection is used

	subprotocol string // set by Dial
	extensions  string // set by Dial: the extensions the server agreed to
}

// readSide belongs to whoever holds mu: a ReadMessage, or Close waiting
// for the server's close frame when nobody reads. Only the holder reads
// br, sets the read deadline, and uses the rest.
type readSide struct {
	mu ctxMutex
	// br is the reader that read the handshake response. It may already
	// hold the server's first frame, so every later read goes through it.
	br       *bufio.Reader
	idle     *bufio.Reader // br while idle: the handshake's small reader (see buffers.go)
	flowing  bool          // the last wait between messages filled br: keep a busy one
	in       inbound       // the frames of the message being read
	deadline deadline      // the read deadline
	onPong   func(payload []byte)
	onPing   func(payload []byte)
	reading  atomic.Bool // a read is under way: the holder sets it, the heartbeat looks
	inflate  *inflater   // inflates compressed messages, once permessage-deflate is agreed (deflate.go)
}

// writeSide: frameMu is held for one frame, and only its holder writes
// a frame, takes a key and sets the write deadline. messageMu is held
// from the first frame of a data message to its last (§5.4).
type writeSide struct {
	frameMu   ctxMutex
	messageMu ctxMutex
	keys      *maskKeys // a fresh masking key for every frame
	deadline  deadline  // the write deadline
	deflate   *deflater // compresses messages, once permessage-deflate is agreed; messageMu's holder owns it (deflate.go)
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
		read: readSide{
			mu:       newCtxMutex(),
			br:       br,
			idle:     br,
			in:       inbound{limit: defaultReadLimit},
			deadline: deadline{set: nc.SetReadDeadline},
		},
		write: writeSide{
			frameMu:   newCtxMutex(),
			messageMu: newCtxMutex(),
			keys:      keys,
			deadline:  deadline{set: nc.SetWriteDeadline},
		},
		proto:        protocol{pings: make(map[string]chan struct{})},
		done:         make(chan struct{}),
		closeTimeout: defaultCloseTimeout,
	}, nil
}

// CloseNow closes the TCP connection at once, without a closing
// handshake.
func (c *Conn) CloseNow() error {
	c.terminate(useOfClosed(nil))
	return nil
}

// Subprotocol is the subprotocol the server chose from those offered
// in Options.Subprotocols, or "" if it chose none.
func (c *Conn) Subprotocol() string { return c.subprotocol }

// Extensions is the Sec-WebSocket-Extensions of the server's answer: the
// extensions it agreed to, with their parameters, such as
// "permessage-deflate; server_no_context_takeover;
// client_no_context_takeover"; or "" for none. permessage-deflate (RFC
// 7692), offered as Options.Compression says, is the only one Dial
// offers.
func (c *Conn) Extensions() string { return c.extensions }

// agree puts into effect what the server's answer agreed to. Only a
// connection that compresses has an inflater and a deflater: the others
// keep the size they had.
func (c *Conn) agree(a agreement) {
	c.extensions = a.header
	if !a.deflate {
		return
	}
	c.read.in.deflate = true
	c.read.inflate = &inflater{takeover: a.readTakeover}
	c.write.deflate = &deflater{takeover: a.writeTakeover, threshold: defaultCompressionThreshold}
}

// SetReadLimit sets the largest message, in bytes, that ReadMessage
// accepts. A bigger one fails the connection with 1009 (message too big)
// as soon as a frame header announces it, before its payload is read;
// a compressed one, as soon as it inflates past the limit, which counts
// its size inflated. Set it before the first read.
func (c *Conn) SetReadLimit(limit int64) {
	c.read.in.limit = limit
}

// SetPongHandler sets a function that sees every pong that arrives,
// asked for or not (§5.5.3: an unsolicited pong needs no answer). It runs
// on the reading goroutine; set it before the first read.
func (c *Conn) SetPongHandler(h func(payload []byte)) {
	c.read.onPong = h
}

// SetPingHandler sets a function that sees every ping that arrives. The
// connection answers each ping with a pong itself, whatever h does
// (§5.5.2), unless it is closing. h runs on the reading goroutine; set it
// before the first read.
func (c *Conn) SetPingHandler(h func(payload []byte)) {
	c.read.onPing = h
}

// NetConn returns the connection that the WebSocket runs over: TCP, or
// TLS for wss://. It is there for diagnostics and experiments, such as a
// frame that breaks the rules on purpose to see how a server answers.
// Bytes written to it bypass framing, masking and every check of this
// package, so write only whole frames, and only while no other write is
// under way; bytes read from it are lost to the connection.
func (c *Conn) NetConn() net.Conn { return c.netConn }

// terminate ends the connection: it records why, unless a reason came
// first, then closes TCP. It is the one place that closes TCP, and it
// returns the connection's fate.
func (c *Conn) terminate(reason error) error {
	var closeTCP bool
	var fate error
	c.decide(func(p *protocol) {
		closeTCP = p.onEnd(reason)
		fate = p.fate
	})
	if closeTCP {
		c.netConn.Close()
		close(c.done)
		endWatch(c.read.mu, &c.read.deadline)
		endWatch(c.write.frameMu, &c.write.deadline)
	}
	return fate
}

// decide runs f on the protocol's state under stateMu: the one way any
// goroutine reads or changes it. f must not block.
func (c *Conn) decide(f func(p *protocol)) {
	c.stateMu.Lock()
	defer c.stateMu.Unlock()
	f(&c.proto)
}

// fate is why the connection ended, or is ending; nil while it is open.
func (c *Conn) fate() (err error) {
	c.decide(func(p *protocol) { err = p.fate })
	return err
}

// A deadline is one side's deadline on the TCP connection, and the
// watch that sets it: while a context is watched, its end sets the
// deadline in the past. Only the holder of the side starts or ends a watch.
type deadline struct {
	set    func(t time.Time) error // netConn's SetReadDeadline or SetWriteDeadline
	done   <-chan struct{}         // the watched context's Done; nil if none
	stop   func() bool             // ends the watch
	firing sync.WaitGroup          // the watch's callback, until it has run or cannot
}

// watch makes ctx interrupt a blocked read or write on this side. The
// watch stays for later calls: a context that ends with the one watched
// costs nothing, and another one ends the old watch first.
func (d *deadline) watch(ctx context.Context) {
	done := ctx.Done()
	if done == d.done {
		return
	}
	d.release()
	if done == nil {
		return
	}
	d.done = done
	d.firing.Add(1)
	d.stop = context.AfterFunc(ctx, func() {
		defer d.firing.Done()
		d.set(time.Unix(1, 0))
	})
}

// release ends the watch, and clears the deadline if its context set it.
func (d *deadline) release() {
	if d.stop == nil {
		return
	}
	if d.stop() {
		d.firing.Done() // the callback will never run
	} else {
		d.firing.Wait()
		d.set(time.Time{})
	}
	d.done, d.stop = nil, nil
}

// giveBack unlocks a side. After the connection's end, the last holder
// also ends the side's watch, so that a caller's context that lives on
// does not keep the connection; terminate does it for a side nobody holds.
func giveBack(mu ctxMutex, d *deadline, done <-chan struct{}) {
	mu.unlock()
	select {
	case <-done:
		endWatch(mu, d)
	default:
	}
}

// endWatch ends a side's watch, unless someone holds the side.
func endWatch(mu ctxMutex, d *deadline) {
	if mu.tryLock() {
		d.release()
		mu.unlock()
	}
}
