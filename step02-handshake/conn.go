package main

import (
	"bufio"
	"net"
)

// readBufferSize is the size of the connection's bufio.Reader, which
// reads the handshake response and, from step03 on, the frames.
const readBufferSize = 4096

// Conn is a WebSocket connection after a successful opening handshake.
type Conn struct {
	netConn net.Conn
	// br is the reader that read the handshake response. It may already
	// hold the server's first frame, so every later read goes through it.
	br *bufio.Reader
}

// CloseNow closes the TCP connection at once, without a closing
// handshake.
func (c *Conn) CloseNow() error {
	return c.netConn.Close()
}
