package main

import (
	"bufio"
	"fmt"
	"io"
	"log"
	"net"
	"time"
)

// Client is one connection to an echo server.
type Client struct {
	// ReadTimeout bounds each wait for the server; zero waits forever.
	ReadTimeout time.Duration

	conn *net.TCPConn // the concrete type, for CloseWrite
	r    *bufio.Reader
	w    *bufio.Writer
	log  *log.Logger
}

// Dial connects to the echo server at addr.
func Dial(addr string, logger *log.Logger) (*Client, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("connect to echo server: %w", err)
	}
	tcp, ok := conn.(*net.TCPConn)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("connect to echo server: got %T, want *net.TCPConn", conn)
	}
	logger.Printf("connected to %s", conn.RemoteAddr())
	return &Client{conn: tcp, r: bufio.NewReader(tcp), w: bufio.NewWriter(tcp), log: logger}, nil
}

// Send writes one line. It logs first, so the line appears in the
// transcript before the server can possibly log receiving it.
func (c *Client) Send(msg string) error {
	c.log.Printf("send %q", msg)
	if err := writeLine(c.w, msg); err != nil {
		return fmt.Errorf("send: %w", err)
	}
	return nil
}

// Receive reads the next line from the server.
func (c *Client) Receive() (string, error) {
	if err := c.armDeadline(); err != nil {
		return "", fmt.Errorf("receive: %w", err)
	}
	msg, err := readLine(c.r)
	if err != nil {
		return "", fmt.Errorf("receive: %w", err)
	}
	c.log.Printf("received %q", msg)
	return msg, nil
}

// ReceiveExactly reads exactly n bytes, however they were split in transit.
// It reads through c.r, not c.conn: the bufio.Reader may already hold
// bytes that arrived together with an earlier line.
func (c *Client) ReceiveExactly(n int) ([]byte, error) {
	if err := c.armDeadline(); err != nil {
		return nil, fmt.Errorf("receive %d bytes: %w", n, err)
	}
	buf, err := readExactly(c.r, n)
	if err != nil {
		return nil, fmt.Errorf("receive %d bytes: %w", n, err)
	}
	c.log.Printf("received %q", buf)
	return buf, nil
}

// CloseWrite half-closes the connection: the server reads EOF, meaning "no
// more requests", while our side stays open to read what it still sends.
func (c *Client) CloseWrite() error {
	c.log.Print("close write side (half-close)")
	if err := c.conn.CloseWrite(); err != nil {
		return fmt.Errorf("close write side: %w", err)
	}
	return nil
}

// WaitForClose reads until the server closes its side too. Anything that
// arrives before the EOF is unexpected, since every request was answered.
func (c *Client) WaitForClose() error {
	if err := c.armDeadline(); err != nil {
		return fmt.Errorf("wait for close: %w", err)
	}
	n, err := io.Copy(io.Discard, c.r)
	if err != nil {
		return fmt.Errorf("wait for close: %w", err)
	}
	if n > 0 {
		return fmt.Errorf("wait for close: %d unexpected bytes before EOF", n)
	}
	c.log.Print("server closed the connection")
	return nil
}

// Close releases the connection.
func (c *Client) Close() error {
	return c.conn.Close()
}

// armDeadline limits the next wait to ReadTimeout. A deadline is a point in
// time, not a duration, so it is moved forward before every wait; once it
// passes, reads fail with an error matching os.ErrDeadlineExceeded.
func (c *Client) armDeadline() error {
	if c.ReadTimeout == 0 {
		return c.conn.SetReadDeadline(time.Time{}) // no deadline
	}
	return c.conn.SetReadDeadline(time.Now().Add(c.ReadTimeout))
}

// converse is a whole client session: it echoes every line of in through
// the server at addr, then half-closes and waits for the server to close.
func converse(addr string, in io.Reader, logger *log.Logger) error {
	c, err := Dial(addr, logger)
	if err != nil {
		return err
	}
	defer c.Close()
	c.ReadTimeout = replyTimeout
	lines := bufio.NewScanner(in)
	for lines.Scan() {
		if err := c.Send(lines.Text()); err != nil {
			return err
		}
		if _, err := c.Receive(); err != nil {
			return err
		}
	}
	if err := lines.Err(); err != nil {
		return fmt.Errorf("read input: %w", err)
	}
	if err := c.CloseWrite(); err != nil {
		return err
	}
	return c.WaitForClose()
}
