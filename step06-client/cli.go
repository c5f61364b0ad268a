package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/spec2lib/websocket/internal/echoserver"
)

// repeated is a flag that may be given more than once.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ", ") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

// run is the command: it parses args, then runs the demo, the Autobahn
// agent, or a session with the server. It returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("step06-client", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var headers, subprotocols repeated
	fs.Var(&headers, "H", `an extra request header, "Name: value" (repeatable)`)
	origin := fs.String("origin", "", "the Origin header")
	fs.Var(&subprotocols, "subprotocol", "offer this subprotocol (repeatable, in order of preference)")
	cacert := fs.String("cacert", "", "trust the CA certificate in this PEM file for wss://")
	binary := fs.Bool("binary", false, "send each line as a binary message")
	ping := fs.Duration("ping", 0, "heartbeat: ping this often, and give up when no pong comes in time")
	trace := fs.Bool("trace", false, "print every frame in and out on stderr")
	autobahn := fs.String("autobahn", "", "run the Autobahn|Testsuite client cases against this fuzzing server")
	agent := fs.String("agent", "step06-client", "the agent name to report to the Autobahn server")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./step06-client [flags] [ws://host:port/path]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}

	var err error
	switch {
	case *autobahn != "":
		err = runAutobahn(ctx, stdout, strings.TrimSuffix(*autobahn, "/"), *agent)
	case fs.NArg() == 0:
		err = demo(ctx, stdout)
	default:
		var opts *Options
		opts, err = cliOptions(headers, *origin, subprotocols, *cacert, *ping)
		if err == nil && *trace {
			opts.Trace = stderr
		}
		if err == nil {
			typ := TextMessage
			if *binary {
				typ = BinaryMessage
			}
			err = session(ctx, fs.Arg(0), opts, typ, stdin, stdout)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// demo starts the built-in echo server and holds the demo conversation.
func demo(ctx context.Context, stdout io.Writer) error {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	fmt.Fprintf(stdout, "started the %s\n", srv)
	// Ask the built-in server to echo in frames of 1000 bytes, so that
	// the trace shows a fragmented message coming in too.
	return converse(ctx, stdout, srv.URL+"?fragment=1000")
}

// cliOptions turns the flags into Options.
func cliOptions(headers []string, origin string, subprotocols []string, cacert string, ping time.Duration) (*Options, error) {
	opts := &Options{Header: make(http.Header), Origin: origin, Subprotocols: subprotocols, PingInterval: ping}
	for _, h := range headers {
		name, value, ok := strings.Cut(h, ":")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, fmt.Errorf(`-H %q: want "Name: value"`, h)
		}
		opts.Header.Add(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	if cacert != "" {
		pem, err := os.ReadFile(cacert)
		if err != nil {
			return nil, fmt.Errorf("-cacert: %w", err)
		}
		roots := x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("-cacert: no PEM certificate in %s", cacert)
		}
		opts.TLSConfig = &tls.Config{RootCAs: roots}
	}
	return opts, nil
}

// session sends each line of stdin as a message and prints each message
// that comes back. At the end of stdin it sends close 1000 and goes on
// printing until the server's close arrives.
func session(ctx context.Context, url string, opts *Options, typ MessageType, stdin io.Reader, stdout io.Writer) error {
	conn, _, err := Dial(ctx, url, opts)
	if err != nil {
		return err
	}
	defer conn.CloseNow()

	received := make(chan error, 1)
	go func() { received <- printMessages(ctx, conn, stdout) }()
	lines := make(chan string)
	stop := make(chan struct{})
	defer close(stop)
	go readLines(stdin, lines, stop)

	for {
		select {
		case err := <-received:
			return closeStatus(err) // the server closed first, or failed
		case line, ok := <-lines:
			if !ok {
				return finish(conn, received)
			}
			if err := conn.WriteMessage(ctx, typ, []byte(line)); err != nil {
				return err
			}
		}
	}
}

// printMessages prints every message until the connection ends.
func printMessages(ctx context.Context, conn *Conn, stdout io.Writer) error {
	for {
		_, msg, err := conn.ReadMessage(ctx)
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(stdout, "%s\n", msg); err != nil {
			return err
		}
	}
}

// readLines sends each line of r on lines, and closes lines at the end.
func readLines(r io.Reader, lines chan<- string, stop <-chan struct{}) {
	defer close(lines)
	scanner := bufio.NewScanner(r)
	scanner.Buffer(nil, 16<<20)
	for scanner.Scan() {
		select {
		case lines <- scanner.Text():
		case <-stop:
			return
		}
	}
}

// finish sends close 1000 and waits for the reader to see the server's
// answer, printing what arrives before it.
func finish(conn *Conn, received <-chan error) error {
	// ErrClosed: a close frame went out already, in answer to the
	// server's; the reader has its close, or is about to.
	if err := conn.SendClose(CloseNormalClosure, ""); err != nil && !errors.Is(err, ErrClosed) {
		return err
	}
	select {
	case err := <-received:
		return closeStatus(err)
	case <-time.After(2 * conn.closeTimeout):
		return errors.New("websocket: the server did not answer our close")
	}
}

// closeStatus turns the error that ended the reader into the command's
// result: a normal close is success.
func closeStatus(err error) error {
	var ce *CloseError
	if errors.As(err, &ce) && ce.Normal() {
		return nil
	}
	return err
}
