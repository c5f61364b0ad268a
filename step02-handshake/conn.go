package main

import (
	"bufio"
	"net"
)

// Conn is a WebSocket connection after a successful opening handshake.
// In this step it holds only what the handshake leaves behind; step03
// teaches it to speak frames.
type Conn struct {
	netConn net.Conn
	// br is the reader that read the handshake response. It may already
	// hold the server's first frame, so every later read goes through it.
	br *bufio.Reader
}

// Close closes the TCP connection. (The WebSocket closing handshake
// comes in step04.)
func (c *Conn) Close() error {
	return c.netConn.Close()
}
