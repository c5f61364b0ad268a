package scripted

import (
	"bufio"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// Conn is the server's side of one connection.
type Conn struct {
	net.Conn
	// R buffers what the client sent.
	R *bufio.Reader
}

// ReadRequest reads the client's opening handshake request.
func (c *Conn) ReadRequest() (*http.Request, error) {
	req, err := http.ReadRequest(c.R)
	if err != nil {
		return nil, fmt.Errorf("reading the handshake request: %w", err)
	}
	return req, nil
}

// AcceptKey is Sec-WebSocket-Accept for a Sec-WebSocket-Key (RFC 6455 §4.2.2).
func AcceptKey(key string) string {
	h := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	return base64.StdEncoding.EncodeToString(h[:])
}

// Response is an HTTP/1.1 response with a status line, header lines
// ("Name: value") and no body.
func Response(status string, headers ...string) string {
	var b strings.Builder
	b.WriteString("HTTP/1.1 " + status + "\r\n")
	for _, h := range headers {
		b.WriteString(h + "\r\n")
	}
	return b.String() + "\r\n"
}

// UpgradeHeaders are the header lines of a correct 101 answer to req
// (RFC 6455 §4.2.2).
func UpgradeHeaders(req *http.Request) []string {
	return []string{"Upgrade: websocket", "Connection: Upgrade",
		"Sec-WebSocket-Accept: " + AcceptKey(req.Header.Get("Sec-WebSocket-Key"))}
}

// Response101 is a correct "101 Switching Protocols" answer to req, plus any
// extra header lines.
func Response101(req *http.Request, extra ...string) string {
	return Response("101 Switching Protocols", append(UpgradeHeaders(req), extra...)...)
}

// Handshake reads the request and answers it with a correct 101 response.
func (c *Conn) Handshake() (*http.Request, error) {
	req, err := c.ReadRequest()
	if err != nil {
		return nil, err
	}
	if _, err := io.WriteString(c.Conn, Response101(req)); err != nil {
		return nil, err
	}
	return req, nil
}

// WriteChopped writes b in pieces of at most size bytes, one Write call
// each, so that the client receives it in small reads.
func (c *Conn) WriteChopped(b []byte, size int) error {
	if size <= 0 {
		size = len(b)
	}
	for len(b) > 0 {
		n := min(size, len(b))
		if _, err := c.Conn.Write(b[:n]); err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}

// ReadFrame reads one frame from the client.
func (c *Conn) ReadFrame() (Frame, error) { return ReadFrame(c.R) }

// ReadClientFrame reads one frame and checks that it is masked, as every
// client frame must be (RFC 6455 §5.3).
func (c *Conn) ReadClientFrame() (Frame, error) {
	f, err := c.ReadFrame()
	if err != nil {
		return f, err
	}
	if !f.Masked {
		return f, errors.New("client sent an unmasked frame")
	}
	return f, nil
}

// ExpectClose reads frames until a close frame and returns its code and
// reason.
func (c *Conn) ExpectClose() (code uint16, reason string, before []Frame, err error) {
	for {
		f, err := c.ReadClientFrame()
		if err != nil {
			return 0, "", before, fmt.Errorf("waiting for a close frame: %w", err)
		}
		if f.Opcode == OpClose {
			if len(f.Payload) >= 2 {
				reason = string(f.Payload[2:])
			}
			return CloseCode(f.Payload), reason, before, nil
		}
		before = append(before, f)
	}
}

// ExpectEOF waits until the client closes the TCP connection.
func (c *Conn) ExpectEOF(limit time.Duration) error {
	c.SetReadDeadline(time.Now().Add(limit))
	defer c.SetReadDeadline(time.Time{})
	var one [1]byte
	n, err := c.R.Read(one[:])
	if n > 0 {
		return fmt.Errorf("expected the client to close TCP, but it sent byte %#x", one[0])
	}
	if errors.Is(err, io.EOF) || isReset(err) {
		return nil
	}
	return fmt.Errorf("expected the client to close TCP: %w", err)
}

func isReset(err error) bool {
	var ne *net.OpError
	return errors.As(err, &ne) && strings.Contains(ne.Err.Error(), "reset")
}

// CloseWrite half-closes the connection: the client reads EOF, as after
// a server's TCP close (RFC 6455 §7.1.1), while the script can still read
// what the client does next.
func (c *Conn) CloseWrite() error {
	if tc, ok := c.Conn.(*net.TCPConn); ok {
		return tc.CloseWrite()
	}
	return c.Conn.Close()
}
