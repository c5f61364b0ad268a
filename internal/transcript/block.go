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
	serve    string // a server's command line, its address its last word
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
		case key == "serve" && o.serve == "":
			o.serve = val
			_, err = serveAddr(val)
		case key == "timeout":
			o.timeout, err = time.ParseDuration(val)
		case key == "vary":
			re, err = regexp.Compile(val)
			o.vary = append(o.vary, re)
		default:
			err = fmt.Errorf("option %q: want one echo= or echo-tls=, one ca=, one serve=, timeout=, vary=", w)
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

// serveAddr returns the address a serve= command line listens on: its
// last word.
func serveAddr(cmd string) (string, error) {
	words, _, err := splitWords(cmd)
	if err == nil && len(words) == 0 {
		err = errors.New("no command")
	}
	if err != nil {
		return "", fmt.Errorf("serve=%s: %w", cmd, err)
	}
	addr := words[len(words)-1]
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return "", fmt.Errorf("serve=%s: the last word must be the address it listens on: %w", cmd, err)
	}
	return addr, nil
}

// A setup is what a block's options start around its commands, and the
// mapping between the addresses and path the article prints and the real
// ones.
type setup struct {
	toReal, toPrinted *strings.Replacer
	printed           []string
	close             func()
}

// setUp starts what the options ask for: the echo server on a free port,
// with its CA certificate in a temporary file, and the serve= command on
// another, from dir.
func (o options) setUp(dir string) (_ *setup, err error) {
	var pairs, reversed []string // printed, real
	s := &setup{close: func() {}}
	stop := func(f func()) { prev := s.close; s.close = func() { f(); prev() } }
	defer func() {
		if err != nil {
			s.close()
		}
	}()
	if o.echo != "" {
		host, _, _ := net.SplitHostPort(o.echo)
		ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
		if err != nil {
			return nil, err
		}
		srv := echoserver.Start(echoserver.Options{TLS: o.tls, Listener: ln})
		stop(srv.Close)
		pairs = append(pairs, o.echo, ln.Addr().String())
		if o.ca != "" {
			f, err := os.CreateTemp("", "transcript-ca-*.pem")
			if err != nil {
				return nil, err
			}
			stop(func() { os.Remove(f.Name()) })
			_, err = f.Write(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
			if err = errors.Join(err, f.Close()); err != nil {
				return nil, err
			}
			pairs = append(pairs, o.ca, f.Name())
		}
	}
	var addr string
	if o.serve != "" {
		addr, _ = serveAddr(o.serve)
		host, _, _ := net.SplitHostPort(addr)
		ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, addr, ln.Addr().String()) // free again when the command listens
		ln.Close()
	}
	for i := 0; i < len(pairs); i += 2 {
		s.printed = append(s.printed, pairs[i])
		reversed = append(reversed, pairs[i+1], pairs[i])
	}
	s.toReal, s.toPrinted = strings.NewReplacer(pairs...), strings.NewReplacer(reversed...)
	if o.serve != "" {
		halt, err := serve(dir, s.toReal.Replace(o.serve), s.toReal.Replace(addr), o.timeout)
		if err != nil {
			return nil, err
		}
		stop(halt)
	}
	return s, nil
}
