package main

import (
	"bufio"
	"net"
)

// readBufferSize is the size of the connection's bufio.Reader, which
// reads the handshake response and, from step03 on, the frames.
const readBufferSize = 4096

// writeBufferSize is the size of the connection's bufio.Writer. Frames
// are masked into its buffer, so a frame whose header and payload fit
// in it leaves in a single write.
const writeBufferSize = 32 << 10

// defaultReadLimit bounds the payload this client reads, unless told
// otherwise: the length in a frame header comes from the server, and a
// server can announce 2^63 bytes.
const defaultReadLimit = 32 << 20

// Conn is a WebSocket connection after a successful opening handshake.
type Conn struct {
	netConn net.Conn
	// br is the reader that read the handshake response. It may already
	// hold the server's first frame, so every later read goes through it.
	br *bufio.Reader

	bw    *bufio.Writer // frames are masked into its buffer
	keys  *maskKeys     // a fresh masking key for every frame
	trace *tracer       // nil unless tracing
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
		bw:      bufio.NewWriterSize(nc, writeBufferSize),
		keys:    keys,
	}, nil
}

// CloseNow closes the TCP connection at once, without a closing
// handshake.
func (c *Conn) CloseNow() error {
	return c.netConn.Close()
}

// writeFrame sends one frame. A client masks every frame it sends, with
// a fresh key each time (RFC 6455 §5.3).
func (c *Conn) writeFrame(fin bool, op opcode, payload []byte) error {
	h := header{fin: fin, opcode: op, masked: true, length: int64(len(payload)), maskKey: c.keys.next()}
	c.trace.frame("->", h, payload)
	return writeFrame(c.bw, h, payload)
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
