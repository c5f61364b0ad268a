// Command step01-streams is a TCP echo server and client built on net and
// bufio: Go's counterpart of the asyncio Streams example that opens the
// series.
//
//	go run ./step01-streams                        # both sides, one process
//	go run ./step01-streams -serve 127.0.0.1:8888   # server only
//	go run ./step01-streams -connect 127.0.0.1:8888 # client: echoes stdin lines
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
)

func main() {
	serveAddr := flag.String("serve", "", "run only the server, listening on `ADDR`")
	connectAddr := flag.String("connect", "", "run only the client: send each line of stdin to the server at `ADDR`")
	flag.Parse()
	if err := run(*serveAddr, *connectAddr); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run(serveAddr, connectAddr string) error {
	switch {
	case serveAddr != "" && connectAddr != "":
		return errors.New("use -serve or -connect, not both")
	case serveAddr != "":
		return serveUntilInterrupted(serveAddr)
	case connectAddr != "":
		return converse(connectAddr, os.Stdin, log.New(os.Stdout, "client: ", 0))
	default:
		return runDemo(os.Stdout)
	}
}

// serveUntilInterrupted runs the server until Ctrl-C, then stops it cleanly.
func serveUntilInterrupted(addr string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	srv, err := Listen(addr, log.New(os.Stdout, "server: ", 0))
	if err != nil {
		return err
	}
	<-ctx.Done()
	return srv.Close()
}
