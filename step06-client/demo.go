package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"slices"

	"github.com/spec2lib/websocket/step06-client/websocket"
)

// demoAbout says what the command does, for the usage message.
const demoAbout = "With a URL, sends each line of stdin as a message and prints each message\n" +
	"that comes back; at the end of stdin, or on Ctrl-C, it closes with a closing\n" +
	"handshake. With no URL, it holds a short conversation with a built-in echo\n" +
	"server and traces every frame."

// demo dials serverURL with tracing on and holds the demo conversation:
// the library's API, one call at a time.
func demo(ctx context.Context, out io.Writer, serverURL string) error {
	conn, _, err := websocket.Dial(ctx, askForFragments(serverURL), &websocket.Options{Trace: out})
	if err != nil {
		return err
	}
	defer conn.CloseNow()
	conn.SetPongHandler(func(payload []byte) {
		fmt.Fprintf(out, "   (pong handler: the server answered our ping %q)\n", payload)
	})
	fmt.Fprintln(out, "dir FIN opcode        length  payload")

	long := bytes.Repeat([]byte("fragmented "), 250) // 2750 bytes
	steps := []struct {
		say  string
		send func() error
	}{
		{"WriteMessage: a text message", func() error {
			return conn.WriteMessage(ctx, websocket.TextMessage, []byte("Hello, WebSocket!"))
		}},
		{"WriteMessage: a binary message of 300 bytes", func() error {
			return conn.WriteMessage(ctx, websocket.BinaryMessage, bytes.Repeat([]byte{0xB1}, 300))
		}},
		{"Writer: a text message streamed, 1024 bytes a frame", func() error {
			w, err := conn.Writer(ctx, websocket.TextMessage)
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

	fmt.Fprintln(out, "\n# Ping: waits for its pong, which the reading goroutine sees")
	read := make(chan error, 1)
	go func() {
		_, r, err := conn.Reader(ctx) // the next message, streamed
		if err == nil {
			_, err = io.Copy(io.Discard, r)
		}
		read <- err
	}()
	if err := conn.Ping(ctx); err != nil {
		return err
	}
	fmt.Fprintln(out, "   (Ping returned: the pong came back)")
	if err := conn.WriteMessage(ctx, websocket.TextMessage, []byte("read through Reader")); err != nil {
		return err
	}
	if err := <-read; err != nil {
		return err
	}

	fmt.Fprintln(out, "\n# Close: the closing handshake")
	if err := conn.Close(websocket.CloseNormalClosure, "bye"); err != nil {
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
