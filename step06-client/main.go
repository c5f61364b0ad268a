// This command is one step of the series "from specification to library:
// WebSocket in Go". Run it with no argument, and it starts a built-in echo
// server and shows this step's lesson against it. In this last step, give
// it a ws:// or wss:// URL, and it is a WebSocket client for the command
// line (see sessionConfig). -h says what else it takes.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spec2lib/websocket/internal/echoserver"
)

func main() {
	ctx, stop := interruptible(context.Background())
	status := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(status)
}

// demoTimeout bounds the demo, so that a server that stops answering
// ends it with an error instead of hanging it.
const demoTimeout = 10 * time.Second

// run is the command without the process, so that tests can call it: it
// reads the arguments, runs the demo, and returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(stepName(), flag.ContinueOnError)
	fs.SetOutput(stderr)
	autobahn := fs.String("autobahn", "", "run the Autobahn|Testsuite client cases against the fuzzing server at this ws:// URL")
	agent := fs.String("agent", stepName(), "the agent name to report to the Autobahn server")
	session := sessionFlags(fs)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: go run ./%s [flags] [ws://host:port/path]\n%s\n", stepName(), demoAbout)
		session.printFlags(stderr, fs)
		fmt.Fprint(stderr, wscatNotes)
	}
	url, err := parseArgs(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err == nil {
		if url, err = session.url(url); err != nil {
			fmt.Fprintln(stderr, err)
		}
	}
	if err != nil {
		return 2
	}
	if *autobahn != "" {
		return exitStatus(stderr, runAutobahn(ctx, stdout, strings.TrimSuffix(*autobahn, "/"), *agent))
	}
	if url != "" {
		return sessionStatus(stderr, session.session(ctx, url, stdin, stdout, stderr))
	}
	// No URL: the demo, against a built-in echo server.
	if url == "" {
		srv := echoserver.Start(echoserver.Options{})
		defer srv.Close()
		fmt.Fprintf(stdout, "started the %s\n", srv)
		url = srv.URL
	}
	ctx, cancel := context.WithTimeout(ctx, demoTimeout)
	defer cancel()
	return exitStatus(stderr, demo(ctx, stdout, url))
}

// exitStatus reports err, if any, and turns it into the exit status.
func exitStatus(stderr io.Writer, err error) int {
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// parseArgs reads the flags and at most one URL. Flags may come after
// the URL too; anything else left over is an error, not ignored.
func parseArgs(fs *flag.FlagSet, args []string) (url string, err error) {
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	if fs.NArg() == 0 {
		return "", nil
	}
	url = fs.Arg(0)
	if err := fs.Parse(fs.Args()[1:]); err != nil {
		return "", err
	}
	if fs.NArg() > 0 {
		err := fmt.Errorf("unexpected argument %q: give at most one URL", fs.Arg(0))
		fmt.Fprintln(fs.Output(), err)
		fs.Usage()
		return "", err
	}
	return url, nil
}

// stepName is this step's directory, such as "step02-handshake": the
// last element of the package's import path.
func stepName() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Path != "" {
		return path.Base(info.Path)
	}
	return path.Base(os.Args[0])
}
