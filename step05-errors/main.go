// Command step05-errors holds a short WebSocket conversation and
// prints every frame in and out: messages of several sizes, one sent in
// fragments, a ping, and the closing handshake. With no URL it talks to
// a built-in echo server. With -autobahn it is a client agent for the
// Autobahn|Testsuite.
//
//	go run ./step05-errors [ws://host:port/path]
//	go run ./step05-errors -autobahn ws://127.0.0.1:9001
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spec2lib/websocket/internal/echoserver"
)

func main() {
	autobahn := flag.String("autobahn", "", "run the Autobahn|Testsuite client cases against this fuzzing server")
	agent := flag.String("agent", "step05-errors", "the agent name to report to the Autobahn server")
	flag.Usage = func() {
		out := flag.CommandLine.Output()
		fmt.Fprintln(out, "usage: go run ./step05-errors [ws://host:port/path]")
		fmt.Fprintln(out, "       go run ./step05-errors -autobahn ws://127.0.0.1:9001")
		flag.PrintDefaults()
	}
	flag.Parse()
	ctx := context.Background()
	if *autobahn != "" {
		if err := runAutobahn(ctx, os.Stdout, strings.TrimSuffix(*autobahn, "/"), *agent); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	url := flag.Arg(0)
	if url == "" {
		srv := echoserver.Start(echoserver.Options{})
		defer srv.Close()
		fmt.Printf("started the %s\n", srv)
		// Ask the built-in server to echo in frames of 1000 bytes, so
		// that the trace shows a fragmented message coming in too.
		url = srv.URL + "?fragment=1000"
	}
	if err := converse(ctx, os.Stdout, url); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// converse dials url and holds the demo conversation, tracing each frame.
func converse(ctx context.Context, out io.Writer, url string) error {
	dialCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, _, err := Dial(dialCtx, url, nil)
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
		{"a text message", func() error { return conn.WriteMessage(TextMessage, []byte("Hello, WebSocket!")) }},
		{"a binary message of 300 bytes", func() error { return conn.WriteMessage(BinaryMessage, bytes.Repeat([]byte{0xB1}, 300)) }},
		{"a text message in frames of 1024 bytes", func() error { return conn.WriteFragmented(TextMessage, long, 1024) }},
		{"a ping, then a text message", func() error {
			if err := conn.writeFrame(true, opPing, []byte("are you there?")); err != nil {
				return err
			}
			return conn.WriteMessage(TextMessage, []byte("after the ping"))
		}},
	}
	for _, step := range steps {
		fmt.Fprintf(out, "\n# %s\n", step.say)
		if err := step.send(); err != nil {
			return err
		}
		if _, _, err := conn.ReadMessage(); err != nil {
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
