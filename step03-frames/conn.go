package main

import (
	"bufio"
	"net"
)

// Sizes of the connection's buffers. Reads go through a bufio.Reader
// that also held the handshake response; writes are masked into a
// bufio.Writer's buffer, so a frame of up to writeBufferSize bytes
// leaves in a single write.
const (
	readBufferSize  = 4096
	writeBufferSize = 32 << 10
)

// maxFramePayload bounds the payload this step accepts in one frame.
// (Step05 turns it into a read limit that the caller can set.)
const maxFramePayload = 32 << 20

// Conn is a WebSocket connection after a successful opening handshake.
// In this step it can send and receive single frames; step04 builds
// messages from them.
type Conn struct {
	netConn net.Conn
	// br is the reader that read the handshake response. It may already
	// hold the server's first frame, so every later read goes through it.
	br   *bufio.Reader
	bw   *bufio.Writer
	keys *maskKeys
}

func newConn(nc net.Conn, br *bufio.Reader) (*Conn, error) {
	keys, err := newMaskKeys()
	if err != nil {
		return nil, err
	}
	return &Conn{netConn: nc, br: br, bw: bufio.NewWriterSize(nc, writeBufferSize), keys: keys}, nil
}

// writeFrame sends one frame. A client masks every frame it sends, with
// a fresh key each time (RFC 6455 §5.3).
func (c *Conn) writeFrame(fin bool, op opcode, payload []byte) error {
	h := header{fin: fin, opcode: op, masked: true, length: int64(len(payload)), maskKey: c.keys.next()}
	return writeFrame(c.bw, h, payload)
}

// readFrame receives one frame.
func (c *Conn) readFrame() (header, []byte, error) {
	return readFrame(c.br, maxFramePayload)
}

// Close closes the TCP connection. (The WebSocket closing handshake
// comes in step04.)
func (c *Conn) Close() error {
	return c.netConn.Close()
}
