package main

import (
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/spec2lib/websocket/internal/echoserver"
	"github.com/spec2lib/websocket/internal/repo"
)

// A Block is a fenced block marked as a transcript.
type Block struct {
	File     string // the markdown file, as given
	Line     int    // the marker's line, 1-based
	Options  string // what follows "transcript:" in the marker
	Text     string // between the fences, each line with its newline, less the fence's indent
	from, to int    // the 0-based lines of Text, to exclusive
	indent   string
}

func (b Block) String() string { return fmt.Sprintf("%s:%d", b.File, b.Line) }

// Find returns the blocks of a markdown file marked with <!-- transcript -->
// or <!-- transcript: OPTIONS --> on the line just above the opening fence.
func Find(file string, src []byte) ([]Block, error) {
	lines := strings.SplitAfter(strings.TrimSuffix(string(src), "\n"), "\n") // a last newline starts no line
	md := repo.ParseMarkdown(src)
	var blocks []Block
	for i := 0; i < len(lines); i++ {
		if f, ok := md.FenceAt(i); ok {
			i = f.Close // a marker shown in a block is not one
			continue
		}
		rest, ok := strings.CutPrefix(strings.TrimSpace(lines[i]), "<!-- transcript")
		opts, closed := strings.CutSuffix(rest, "-->")
		if opts = strings.TrimSpace(opts); !ok || !closed || opts != "" && opts[0] != ':' {
			continue
		}
		f, ok := md.FenceAt(i + 1)
		if !ok || f.Close >= len(lines) || !strings.HasPrefix(strings.TrimLeft(lines[i+2], " "), "$ ") {
			return nil, fmt.Errorf("%s:%d: a transcript marker must stand just above a closed fence whose first line is \"$ COMMAND\"", file, i+1)
		}
		b := Block{File: file, Line: i + 1, Options: strings.TrimSpace(strings.TrimPrefix(opts, ":")), from: f.Open + 1, to: f.Close}
		b.indent = strings.Repeat(" ", f.Indent) // in a list item
		for _, line := range lines[b.from:b.to] {
			b.Text += strings.TrimPrefix(line, b.indent)
		}
		blocks = append(blocks, b)
		i = f.Close
	}
	return blocks, nil
}

// options are what a marker asks for around its block's commands.
type options struct {
	echo, ca string // the echo server's address and CA file, as printed
	tls      bool
	timeout  time.Duration
	vary     []*regexp.Regexp
}

// parseOptions parses a marker's KEY=VALUE words.
func parseOptions(s string) (o options, err error) {
	o.timeout = 2 * time.Minute
	words, _, err := splitWords(s)
	for _, w := range words {
		key, val, ok := strings.Cut(w, "=")
		var re *regexp.Regexp
		switch {
		case !ok || val == "":
			err = fmt.Errorf("option %q: want KEY=VALUE", w)
		case (key == "echo" || key == "echo-tls") && o.echo == "":
			o.echo, o.tls = val, key == "echo-tls"
			_, _, err = net.SplitHostPort(val)
		case key == "ca" && o.ca == "":
			o.ca = val
		case key == "timeout":
			o.timeout, err = time.ParseDuration(val)
		case key == "vary":
			re, err = regexp.Compile(val)
			o.vary = append(o.vary, re)
		default:
			err = fmt.Errorf("option %q: want one echo= or echo-tls=, one ca=, timeout=, vary=", w)
		}
		if err != nil {
			return o, err
		}
	}
	if err == nil && o.ca != "" && !o.tls {
		err = fmt.Errorf("option ca= goes with echo-tls=")
	}
	return o, err
}

// A setup is what a block's options start around its commands, and the
// mapping between the address and path the article prints and the real ones.
type setup struct {
	toReal, toPrinted *strings.Replacer
	printed           []string
	close             func()
}

// setUp starts the echo server the options ask for on a free port, and
// writes its CA certificate to a temporary file.
func (o options) setUp() (*setup, error) {
	if o.echo == "" {
		return &setup{strings.NewReplacer(), strings.NewReplacer(), nil, func() {}}, nil
	}
	host, _, _ := net.SplitHostPort(o.echo)
	ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return nil, err
	}
	srv := echoserver.Start(echoserver.Options{TLS: o.tls, Listener: ln})
	s := &setup{printed: []string{o.echo}, close: srv.Close}
	pairs := []string{o.echo, ln.Addr().String()}
	if o.ca != "" {
		s.printed = append(s.printed, o.ca)
		f, err := os.CreateTemp("", "transcript-ca-*.pem")
		if err == nil {
			_, err = f.Write(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
			err = errors.Join(err, f.Close())
			pairs, s.close = append(pairs, o.ca, f.Name()), func() { srv.Close(); os.Remove(f.Name()) }
		}
		if err != nil {
			s.close()
			return nil, err
		}
	}
	s.toReal, s.toPrinted = strings.NewReplacer(pairs...), strings.NewReplacer(pairs[1], pairs[0], pairs[len(pairs)-1], pairs[len(pairs)-2])
	return s, nil
}
