// Command docscheck keeps the code shown in the markdown docs identical to
// the code in the repository, and checks that relative links resolve.
//
// A fenced code block is tied to a file by an HTML comment on the line
// directly above it:
//
//	<!-- code: step02-handshake/handshake.go acceptKey -->
//
// The path is relative to the repository root. The optional name selects one
// top-level Go declaration: a func (acceptKey), a method (Conn.Close), a type
// (Conn) or a const/var name; the block must then hold that declaration
// exactly, doc comment included. Without a name the block must hold the whole
// file. Markdown files checked are README.md and every *.md under docs/.
//
// Usage:
//
//	go run ./internal/docscheck [-root DIR] [-w]
//
// With -w, stale blocks are rewritten from the files instead of reported.
// The exit status is 1 when problems remain and 2 on usage or I/O errors.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: tests call it to check flags, output
// and exit status.
func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("docscheck", flag.ContinueOnError)
	flags.SetOutput(stderr)
	root := flags.String("root", ".", "repository `dir`ectory that marker paths are relative to")
	rewrite := flags.Bool("w", false, "rewrite stale code blocks from the files instead of reporting them")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: docscheck [-root DIR] [-w]")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if flags.NArg() > 0 {
		flags.Usage()
		return 2
	}

	rep, err := check(*root, *rewrite)
	if err != nil {
		fmt.Fprintf(stderr, "docscheck: %v\n", err)
		return 2
	}
	for _, r := range rep.rewritten {
		fmt.Fprintln(stdout, r)
	}
	stale := 0
	for _, p := range rep.problems {
		fmt.Fprint(stderr, p)
		if p.stale {
			stale++
		}
	}
	if stale > 0 {
		fmt.Fprintf(stderr, "docscheck: run `go run ./internal/docscheck -w` to copy the code into %d stale block(s)\n", stale)
	}
	if len(rep.problems) > 0 {
		fmt.Fprintf(stderr, "docscheck: %d problem(s) in %d markdown file(s)\n", len(rep.problems), rep.files)
		return 1
	}
	fmt.Fprintf(stdout, "docscheck: %d code blocks and %d links in %d markdown files match\n",
		rep.blocks, rep.links, rep.files)
	return 0
}
