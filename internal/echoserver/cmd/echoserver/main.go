// Command echoserver runs the series' reference echo server (gorilla/websocket)
// on an address of your choice, so that you can try the clients by hand:
//
//	go run ./internal/echoserver/cmd/echoserver -addr 127.0.0.1:8080
//	go run ./internal/echoserver/cmd/echoserver -addr 127.0.0.1:8443 -tls
//	go run ./internal/echoserver/cmd/echoserver -compress   # permessage-deflate
//
// With -tls it serves wss:// and writes the CA certificate a client needs to
// a file (-ca), whose path it prints. It runs until Ctrl-C.
package main

import (
	"context"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/spec2lib/websocket/internal/echoserver"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "echoserver:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends.
func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("echoserver", flag.ContinueOnError)
	fs.SetOutput(out)
	addr := fs.String("addr", "127.0.0.1:8080", "`host:port` to listen on")
	useTLS := fs.Bool("tls", false, "serve wss:// with a certificate for 127.0.0.1, ::1 and example.com")
	caPath := fs.String("ca", filepath.Join(os.TempDir(), "echoserver-ca.pem"), "`file` to write the CA certificate to, with -tls")
	compress := fs.Bool("compress", false, "accept permessage-deflate (RFC 7692) from clients that offer it")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := echoserver.Start(echoserver.Options{TLS: *useTLS, Listener: ln, Compression: *compress})
	defer srv.Close()
	try := "try: go run ./step06-client " + srv.URL
	if *useTLS { // the file first: a client may read it as soon as the URL shows
		cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
		if err := os.WriteFile(*caPath, cert, 0o644); err != nil {
			return err
		}
		try = fmt.Sprintf("CA certificate: %s\ntry: go run ./step06-client -cacert %s %s", *caPath, *caPath, srv.URL)
	}
	fmt.Fprintf(out, "echo server (gorilla/websocket) on %s; Ctrl-C stops it\n%s\n", srv.URL, try)
	<-ctx.Done()
	return nil
}
