package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"slices"
)

// demoAbout says what the demo shows, for the usage message.
const demoAbout = "Holds a short WebSocket conversation and prints every frame in and out:\n" +
	"messages of several sizes, one sent in fragments, a ping, and the closing\n" +
	"handshake. -autobahn makes it a client agent for the Autobahn|Testsuite."

// demo dials url and holds the demo conversation, tracing each frame.
func demo(ctx context.Context, out io.Writer, serverURL string) error {
	conn, _, err := Dial(ctx, askForFragments(serverURL), nil)
	if err != nil {
		return err
	}
	defer conn.CloseNow()
	conn.SetTrace(out)
	conn.SetPongHandler(func(payload []byte) {
		fmt.Fprintf(out, "   (pong handler: the server answered our ping %q)\n", payload)
	})
	fmt.Fprintln(out, "dir FIN opcode        length  payload")

	long := bytes.Repeat([]byte("fragmented "), 250) // 2750 bytes
	steps := []struct {
		say  string
		send func() error
	}{
		{"a text message", func() error {
			return conn.WriteMessage(ctx, TextMessage, []byte("Hello, WebSocket!"))
		}},
		{"a binary message of 300 bytes", func() error {
			return conn.WriteMessage(ctx, BinaryMessage, bytes.Repeat([]byte{0xB1}, 300))
		}},
		{"a text message written through Writer, 1024 bytes a frame", func() error {
			w, err := conn.Writer(ctx, TextMessage)
			if err != nil {
				return err
			}
			for chunk := range slices.Chunk(long, 1024) {
				if _, err := w.Write(chunk); err != nil {
					return err
				}
			}
			return w.Close()
		}},
		{"a ping, then a text message", func() error {
			if err := conn.sendFrame(ctx, true, opPing, []byte("are you there?")); err != nil {
				return err
			}
			return conn.WriteMessage(ctx, TextMessage, []byte("after the ping"))
		}},
	}
	for _, step := range steps {
		fmt.Fprintf(out, "\n# %s\n", step.say)
		if err := step.send(); err != nil {
			return err
		}
		if _, _, err := conn.ReadMessage(ctx); err != nil {
			return err
		}
	}
	fmt.Fprintln(out, "\n# the closing handshake")
	if err := conn.Close(CloseNormalClosure, "bye"); err != nil {
		return err
	}
	fmt.Fprintln(out, "   (close frames went both ways; we let the server close TCP first: RFC 6455 §7.1.1)")
	return nil
}

// askForFragments adds a query that asks the built-in echo server to
// echo in frames of 1000 bytes. A URL with a query of its own is left
// alone.
func askForFragments(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.RawQuery != "" {
		return rawURL
	}
	u.RawQuery = "fragment=1000"
	return u.String()
}
