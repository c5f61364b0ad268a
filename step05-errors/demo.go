package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"time"
)

// demoAbout says what the demo shows, for the usage message.
const demoAbout = "Asks the built-in echo server to break the protocol in six ways, and shows\n" +
	"what this step does about each: the close code it sends, the typed error\n" +
	"ReadMessage returns, and what step04 did with the same bytes."

// badCase is one way a server can break the protocol, with what step04
// did about it (its violations test checks those claims).
type badCase struct {
	say    string
	wire   []byte
	limit  int64 // a read limit to set first, or 0
	step04 string
}

func badCases() []badCase {
	return []badCase{
		{say: "a text message that is not UTF-8 (§8.1)",
			wire:   []byte{0x81, 0x05, 'c', 'a', 'f', 0xC3, '('},
			step04: "returned the bytes as a text message"},
		{say: "a ping of 126 bytes: control frames carry at most 125 (§5.5)",
			wire:   append([]byte{0x89, 0x7E, 0x00, 0x7E}, bytes.Repeat([]byte{'p'}, 126)...),
			step04: "answered it with a pong"},
		{say: "a frame with RSV1 set, with no extension agreed (§5.2)",
			wire:   []byte{0xC1, 0x02, 'h', 'i'},
			step04: "returned it as a message"},
		{say: "a close frame with code 1005, which must never be sent (§7.4.1)",
			wire:   []byte{0x88, 0x02, 0x03, 0xED},
			step04: "answered with a close frame of its own"},
		{say: "a continuation frame with no message to continue (§5.4)",
			wire:   []byte{0x80, 0x01, 'x'},
			step04: "closed TCP without a close frame"},
		{say: "a message of 2000 bytes, over a read limit of 1024",
			wire:   append([]byte{0x82, 0x7E, 0x07, 0xD0}, bytes.Repeat([]byte{'m'}, 2000)...),
			limit:  1024,
			step04: "read all of it: its limit was a fixed 32 MiB"},
	}
}

// demo runs each bad case on a connection of its own, tracing frames.
func demo(ctx context.Context, out io.Writer, serverURL string) error {
	fmt.Fprintln(out, "dir FIN opcode        length  payload")
	for _, bc := range badCases() {
		fmt.Fprintf(out, "\n# the server sends %s\n", bc.say)
		if err := showFailure(ctx, out, serverURL, bc); err != nil {
			return err
		}
	}
	return nil
}

// showFailure asks the server to send bc's bytes, reads, and prints what
// this step did: the frames, then the error and its type.
func showFailure(ctx context.Context, out io.Writer, serverURL string, bc badCase) error {
	conn, _, err := Dial(ctx, withRaw(serverURL, bc.wire), nil)
	if err != nil {
		return err
	}
	defer conn.CloseNow()
	conn.SetTrace(out)
	if bc.limit > 0 {
		conn.SetReadLimit(bc.limit)
	}
	readCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	_, _, err = conn.ReadMessage(readCtx)
	var perr *ProtocolError
	if !errors.As(err, &perr) {
		return fmt.Errorf("the server did not break the protocol (only the built-in server does, when asked): %v", err)
	}
	fmt.Fprintf(out, "   ReadMessage: %v\n", err)
	fmt.Fprintf(out, "   as a type:   *ProtocolError{Code: %d}%s\n", perr.Code, wraps(perr.Err))
	fmt.Fprintf(out, "   step04, with the same bytes: %s\n", bc.step04)
	return nil
}

// wraps names the sentinel error a ProtocolError wraps, if any.
func wraps(err error) string {
	switch {
	case errors.Is(err, ErrInvalidUTF8):
		return ", errors.Is(err, ErrInvalidUTF8)"
	case errors.Is(err, ErrMessageTooBig):
		return ", errors.Is(err, ErrMessageTooBig)"
	}
	return ""
}

// withRaw asks the built-in echo server to send wire right after the
// handshake. Other servers ignore the query.
func withRaw(serverURL string, wire []byte) string {
	u, err := url.Parse(serverURL)
	if err != nil {
		return serverURL
	}
	q := u.Query()
	q.Set("raw", hex.EncodeToString(wire))
	u.RawQuery = q.Encode()
	return u.String()
}
