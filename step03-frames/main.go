// Command step03-frames sends one WebSocket frame and receives one, and
// draws each as the bit diagram of RFC 6455 §5.2, with this frame's bits
// filled in, followed by a hex dump. With no URL it talks to a built-in
// echo server.
//
//	go run ./step03-frames [-size N] [ws://host:port/path]
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"github.com/spec2lib/websocket/internal/echoserver"
)

func main() {
	size := flag.Int("size", 0, "send a text payload of this many bytes instead of a greeting (try 126 or 65536)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: go run ./step03-frames [-size N] [ws://host:port/path]")
		flag.PrintDefaults()
	}
	flag.Parse()
	url := flag.Arg(0)
	if url == "" {
		srv := echoserver.Start(echoserver.Options{})
		defer srv.Close()
		fmt.Printf("started the %s\n", srv)
		url = srv.URL
	}
	payload := []byte("Hello, WebSocket!")
	if *size > 0 {
		payload = []byte(strings.Repeat("abcdefghijklmnopqrstuvwxyz", *size/26+1)[:*size])
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := showFrames(ctx, os.Stdout, url, payload); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// showFrames sends payload in one text frame and draws it, then reads
// the frame that comes back and draws that too.
func showFrames(ctx context.Context, out io.Writer, url string, payload []byte) error {
	t, err := parseURL(url)
	if err != nil {
		return err
	}
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", t.addr)
	if err != nil {
		return err
	}
	rec := &recordingConn{Conn: nc}
	conn, _, err := handshake(ctx, rec, t, nil)
	if err != nil {
		nc.Close()
		return err
	}
	defer conn.Close()
	fmt.Fprintf(out, "handshake with %s done\n", t.addr)

	rec.sent.Reset()
	rec.received.Reset()
	if err := conn.writeFrame(true, opText, payload); err != nil {
		return err
	}
	sent := rec.sent.Bytes()
	h, err := readHeader(bufio.NewReader(bytes.NewReader(sent)))
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nclient to server: a text frame, %d bytes of payload\n\n", len(payload))
	drawFrame(out, sent, h)

	h, echoed, err := conn.readFrame()
	if err != nil {
		return err
	}
	received := rec.received.Bytes()[:len(appendHeader(nil, h))+len(echoed)]
	fmt.Fprintf(out, "\nserver to client: a %s frame, %d bytes of payload\n\n", h.opcode, len(echoed))
	drawFrame(out, received, h)
	if !bytes.Equal(echoed, payload) {
		return fmt.Errorf("the echo differs from what we sent")
	}
	fmt.Fprintln(out, "\nthe server echoed the payload exactly, unmasked.")
	return nil
}

// drawFrame prints the header diagram, the field values, and a hex dump.
func drawFrame(out io.Writer, wire []byte, h header) {
	drawHeader(out, wire, h)
	fmt.Fprintln(out)
	describeHeader(out, h)
	fmt.Fprintln(out)
	dumpFrame(out, wire, 64)
}

// recordingConn keeps a copy of every byte sent and received, so that
// the demo can print frames exactly as they crossed the wire.
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
