package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
)

// demoAbout says what the demo shows, for the usage message.
const demoAbout = "Performs the opening handshake of RFC 6455 §4 and shows it: the request,\n" +
	"the response, and each check the client makes."

// demo dials url and prints what went over the wire and which of the
// checks of RFC 6455 §4.1 passed.
func demo(ctx context.Context, out io.Writer, url string) error {
	t, err := parseURL(url)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "dialing %s\n", t.addr)
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", t.addr)
	if err != nil {
		return err
	}
	rec := &recordingConn{Conn: nc}
	defer rec.Close()

	conn, resp, err := handshake(ctx, rec, t, nil)

	fmt.Fprintf(out, "\nrequest (client to server):\n%s", indent(rec.sent.String()))
	fmt.Fprintf(out, "\nresponse (server to client):\n%s\n", indent(responseHead(rec.received.String())))
	if resp != nil {
		if err := printChecks(out, rec.sent.Bytes(), resp); err != nil {
			return err
		}
	}
	if err != nil {
		return err
	}
	defer conn.CloseNow()
	fmt.Fprintln(out, "\nhandshake complete: from here on, both sides speak WebSocket frames (step03).")
	return nil
}

// printChecks runs each check of RFC 6455 §4.1 on the response and
// prints whether it passed. It takes the key and the offered subprotocols
// from the request as it was sent.
func printChecks(out io.Writer, sentRequest []byte, resp *http.Response) error {
	req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(sentRequest)))
	if err != nil {
		return err
	}
	key := req.Header.Get("Sec-WebSocket-Key")
	fmt.Fprintln(out, "\nchecks (RFC 6455 §4.1):")
	for _, c := range responseChecks(key, offeredProtocols(req.Header)) {
		if err := c.run(resp); err != nil {
			fmt.Fprintf(out, "  FAIL %s: %v\n", c.name, err)
			fmt.Fprintln(out, "  (the client fails the connection at the first check that fails)")
			return nil
		}
		fmt.Fprintf(out, "  ok   %s\n", c.name)
	}
	return nil
}

// maxShownHead bounds how much of a response the demo prints: a server
// whose headers never end must not flood the terminal.
const maxShownHead = 2048

// responseHead is the status line and headers of a response as they
// came, or their first maxShownHead bytes.
func responseHead(received string) string {
	head, _, ended := strings.Cut(received, "\r\n\r\n")
	if len(head) > maxShownHead {
		return head[:maxShownHead] + "\n... (cut: more than 2 KiB)"
	}
	if !ended {
		return head + "\n... (the response did not end)"
	}
	return head
}

// indent prefixes each line with two spaces and drops the CRs of HTTP's
// CRLF line ends, for printing.
func indent(s string) string {
	var b strings.Builder
	for line := range strings.Lines(strings.ReplaceAll(s, "\r\n", "\n")) {
		if line != "\n" {
			b.WriteString("  " + line)
		}
	}
	return b.String()
}

// recordingConn keeps a copy of every byte sent and received, so that a
// demo can print what crossed the wire exactly as it did.
type recordingConn struct {
	net.Conn
	sent, received bytes.Buffer
}

func (r *recordingConn) Write(p []byte) (int, error) {
	r.sent.Write(p)
	return r.Conn.Write(p)
}

func (r *recordingConn) Read(p []byte) (int, error) {
	n, err := r.Conn.Read(p)
	r.received.Write(p[:n])
	return n, err
}
