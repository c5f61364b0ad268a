package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// TCP delivers a stream of bytes, not messages: one Write on one side may
// arrive as several Reads on the other, and several Writes as one Read. The
// helpers in this file put the boundaries back, in the two ways every
// protocol does: a delimiter that ends each message, or a length known in
// advance.

// writeLine sends msg followed by the '\n' that tells the peer where it ends.
// bufio.Writer only collects bytes in memory, so Flush is what actually hands
// them to the kernel; without it a short line would sit in the buffer forever.
func writeLine(w *bufio.Writer, msg string) error {
	if _, err := w.WriteString(msg + "\n"); err != nil {
		return err
	}
	return w.Flush()
}

// readLine returns the next line without its '\n'. bufio.Reader keeps
// calling Read until the '\n' arrives, and keeps any bytes after it for the
// next call, so it does not matter how the line was split in transit.
func readLine(r *bufio.Reader) (string, error) {
	line, err := r.ReadString('\n')
	if errors.Is(err, io.EOF) && line != "" {
		// The peer stopped mid-line: what we have is not a whole message.
		return "", io.ErrUnexpectedEOF
	}
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(line, "\n"), nil
}

// readExactly reads exactly n bytes. A single Read returns whatever has
// arrived, which may be fewer; io.ReadFull loops until it has all n. This is
// how a length-prefixed protocol, such as WebSocket frames, reads a payload.
func readExactly(r io.Reader, n int) ([]byte, error) {
	if n < 0 {
		return nil, fmt.Errorf("read %d bytes: negative length", n)
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, err
	}
	return buf, nil
}
