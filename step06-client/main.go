// Command step06-client is a WebSocket client for the command line,
// built on the library of this step.
//
//	go run ./step06-client [flags] ws://host:port/path
//
// Each line of stdin goes out as a text message (binary with -binary),
// and each message that comes in is printed on stdout, one per line. When
// stdin ends, it sends close 1000, prints what is still on its way, and
// exits when the server's close arrives. With no URL it starts a
// built-in echo server and holds a short conversation, tracing every
// frame. With -autobahn it is a client agent for the Autobahn|Testsuite.
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"time"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// converse dials url and holds the demo conversation, tracing each frame.
func converse(ctx context.Context, out io.Writer, url string) error {
	dialCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, _, err := Dial(dialCtx, url, &Options{Trace: out})
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
		{"a text message", func() error { return conn.WriteMessage(ctx, TextMessage, []byte("Hello, WebSocket!")) }},
		{"a binary message of 300 bytes", func() error {
			return conn.WriteMessage(ctx, BinaryMessage, bytes.Repeat([]byte{0xB1}, 300))
		}},
		{"a text message streamed through Writer, 1024 bytes a frame", func() error {
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
			if err := conn.writeFrame(true, opPing, []byte("are you there?")); err != nil {
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
	fmt.Fprintln(out, "   (the server closed TCP first, then we did: RFC 6455 §7.1.1)")
	return nil
}
