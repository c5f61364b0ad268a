package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/spec2lib/websocket/step06-client/websocket"
)

// sessionConfig is what the flags of a session say: each line of stdin
// goes out as a message (text without its line ending, or with -binary
// binary with it), and each message that comes in is printed.
type sessionConfig struct {
	headers      repeated
	origin       string
	subprotocols repeated
	cacert       string
	binary       bool
	ping         time.Duration
	pongTimeout  time.Duration
	trace        bool
	compress     bool

	wscatConfig // wscat's options, in cliflags.go
}

// sessionFlags registers the flags of a session on fs.
func sessionFlags(fs *flag.FlagSet) *sessionConfig {
	sc := &sessionConfig{}
	fs.Var(&sc.headers, "H", `an extra request header, "Name: value" (repeatable)`)
	fs.StringVar(&sc.origin, "origin", "", "the Origin header")
	fs.Var(&sc.subprotocols, "subprotocol", "offer this subprotocol (repeatable, in order of preference)")
	fs.StringVar(&sc.cacert, "cacert", "", "trust the CA certificate in this PEM file for wss://")
	fs.BoolVar(&sc.binary, "binary", false, "send each line, with its line ending, as a binary message; print messages as they are")
	fs.DurationVar(&sc.ping, "ping", 0, "heartbeat: ping this often, and give up when no pong comes in time")
	fs.DurationVar(&sc.pongTimeout, "pong-timeout", 0, "with -ping: how long a pong may take (default: the ping interval)")
	fs.BoolVar(&sc.trace, "trace", false, "print every frame in and out on stderr, and the extensions the server agreed to, if any")
	fs.BoolVar(&sc.compress, "compress", true, "offer permessage-deflate (RFC 7692) without context takeover; -compress=false offers nothing")
	sc.wscatFlags(fs)
	return sc
}

// repeated is a flag that may be given more than once.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ", ") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

// options turns the flags into Options, and refuses what they cannot mean.
func (sc *sessionConfig) options(stderr io.Writer) (*websocket.Options, error) {
	if sc.ping < 0 {
		return nil, fmt.Errorf("-ping %v: want a positive interval, or 0 for no heartbeat", sc.ping)
	}
	if sc.pongTimeout < 0 {
		return nil, fmt.Errorf("-pong-timeout %v: want a positive duration", sc.pongTimeout)
	}
	opts := &websocket.Options{Header: make(http.Header), Origin: sc.origin, Subprotocols: sc.subprotocols,
		PingInterval: sc.ping, PongTimeout: sc.pongTimeout, CloseTimeout: closeTimeout}
	if !sc.compress {
		opts.Compression = websocket.CompressionDisabled
	}
	for _, h := range sc.headers {
		name, value, ok := strings.Cut(h, ":")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if !ok || !isToken(name) {
			return nil, fmt.Errorf(`-H %q: want "Name: value", with a name of letters, digits and !#$%%&'*+-.^_|~`, h)
		}
		opts.Header.Add(name, value)
	}
	if sc.cacert != "" {
		pem, err := os.ReadFile(sc.cacert)
		if err != nil {
			return nil, fmt.Errorf("-cacert: %w", err)
		}
		roots := x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("-cacert: no PEM certificate in %s", sc.cacert)
		}
		opts.TLSConfig = &tls.Config{RootCAs: roots}
	}
	if sc.trace {
		opts.Trace = stderr
	}
	return opts, nil
}

// isToken reports whether name can be a header name, an HTTP token
// (RFC 9110 §5.6.2). Dial checks it too, but only once it is connected:
// the command refuses a bad -H before it dials.
func isToken(name string) bool {
	return name != "" && !strings.ContainsFunc(name, func(r rune) bool {
		return r <= ' ' || r >= 0x7F || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, r)
	})
}

// closeTimeout bounds a session's closing handshake (Options.CloseTimeout).
const closeTimeout = 5 * time.Second

// session sends the lines of stdin, or the -x messages, and prints what
// comes back, until the input ends (close 1000, after -w's wait), the
// server closes or the connection fails, /close closes it, or ctx ends
// (close 1001, bounded by the close timeout; ctx's cause returns).
func (sc *sessionConfig) session(ctx context.Context, url string, stdin io.Reader, stdout, stderr io.Writer) error {
	stderr = &lockedWriter{w: stderr} // the trace, and the command's own lines
	opts, err := sc.options(stderr)
	if err != nil {
		return err
	}
	if url, err = sc.wscatOptions(opts, url, stdin, stderr); err != nil {
		return err
	}
	var trace io.Writer
	if sc.trace {
		trace = stderr
	}
	conn, err := sc.dial(ctx, url, opts, trace)
	if err != nil {
		return sc.hint(url, err)
	}
	defer conn.CloseNow()
	if ext := conn.Extensions(); sc.trace && ext != "" { // none, the usual case, goes without saying
		fmt.Fprintf(stderr, "extensions: %s\n", ext)
	}

	useStdin := len(sc.execute) == 0
	out := &console{out: stdout, notes: stderr, interactive: useStdin && isTerminal(stdin) && isTerminal(stdout)}
	defer out.end()
	if sc.showPingPong {
		conn.SetPingHandler(func(p []byte) { out.notice("<", "Received ping (data: "+string(p)+")") })
		conn.SetPongHandler(func(p []byte) { out.notice("<", "Received pong (data: "+string(p)+")") })
	}
	lines := &lineSender{conn: conn, binary: sc.binary, stderr: stderr, prompt: out.prompt, what: "line"}
	if sc.unsafeFrames || sc.slash.or(useStdin && isTerminal(stdin)) {
		lines.cmds = &commands{conn: conn, unsafeFrames: sc.unsafeFrames, showPingPong: sc.showPingPong,
			console: out, trace: trace, help: stderr}
	}

	received := make(chan error, 1)
	go func() { received <- receive(conn, out, sc.binary, isTerminal(stdout)) }()
	sent := make(chan error, 1)
	out.prompt()
	if useStdin {
		go func() { sent <- sendLines(lines, stdin) }()
	} else {
		lines.what = "-x message"
		go func() { sent <- lines.sendAll(sc.execute) }()
	}

	select {
	case err := <-received:
		if lines.closedByUser() {
			return userClosed(err)
		}
		if err := closeStatus(err); err != nil {
			return err
		}
		if !useStdin {
			// The -x messages never wait for input: their sender ends now,
			// having sent them all or saying which one could not go. (Had
			// we only looked, a close that raced their last echo would
			// have made every message seem unsent.)
			return <-sent
		}
		select {
		case err := <-sent:
			return err // the input had ended, or a line could not be sent
		default:
		}
		if isTerminal(stdin) {
			return nil
		}
		return errors.New("the server closed the connection before the end of the input; the rest was not sent")
	case err := <-sent:
		if errors.Is(err, errUserClosed) {
			return awaitServerClose(received, userClosed)
		}
		if err != nil && !errors.Is(err, errLinesNotSent) {
			conn.Close(websocket.CloseInternalError, "the client could not send its input")
			return err
		}
		if d, forever := sc.waitAfterInput(); d > 0 || forever {
			var timeout <-chan time.Time
			if !forever {
				t := time.NewTimer(d)
				defer t.Stop()
				timeout = t.C
			}
			select {
			case rerr := <-received: // the server closed while we waited
				if cerr := closeStatus(rerr); cerr != nil {
					return cerr
				}
				return err
			case <-timeout:
			case <-ctx.Done():
				return interrupted(ctx, conn)
			}
		}
		if ferr := finish(conn, received); ferr != nil {
			return ferr
		}
		return err // nil, or the lines that were not sent
	case <-ctx.Done():
		return interrupted(ctx, conn)
	}
}

// interrupted closes the connection of a session that ctx ended, with
// 1001, and returns ctx's cause.
func interrupted(ctx context.Context, conn *websocket.Conn) error {
	if err := conn.Close(websocket.CloseGoingAway, "interrupted"); err != nil {
		return fmt.Errorf("%w, and the closing handshake failed: %w", context.Cause(ctx), err)
	}
	return context.Cause(ctx)
}

// userClosed is how a session that /close ended went: well, whatever
// code the server's close frame holds, once one came back.
func userClosed(err error) error {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return nil
	}
	return err
}

// errLinesNotSent: some lines of the input were not UTF-8, so they were
// not sent as text; each was reported.
var errLinesNotSent = errors.New("some lines were not sent (see above)")

// lineBufferSize is the size of the buffer lines are read into: a line
// that fits goes out as one frame, a longer one in frames of this size.
const lineBufferSize = 64 << 10

// lineSender sends a line of input, or an -x message: a message, or,
// with slash commands on, a command.
type lineSender struct {
	conn    *websocket.Conn
	binary  bool
	stderr  io.Writer
	cmds    *commands // nil: slash commands are off
	prompt  func()    // shows the prompt again, at a terminal
	what    string    // "line" or "-x message", for reports
	skipped bool      // a line was reported and not sent
}

// sendLines sends each line of in as a message, until in ends. It
// reports each line that is not UTF-8 in text mode, and each command
// that was wrong, and returns errLinesNotSent if there was any; any
// other error ends it, and so does /close (errUserClosed).
func sendLines(s *lineSender, in io.Reader) error {
	br := bufio.NewReaderSize(in, lineBufferSize)
	for n := 1; ; n++ {
		line, err := br.ReadSlice('\n')
		switch {
		case len(line) == 0 && err == io.EOF:
			return s.result()
		case err == bufio.ErrBufferFull:
			err = streamLine(s.conn, br, line, s.binary)
		case err != nil && err != io.EOF:
			return fmt.Errorf("reading the input: %w", err)
		default:
			err = s.send(n, line)
		}
		if errors.Is(err, errUserClosed) {
			return err
		}
		if err != nil {
			return fmt.Errorf("%s %d was not sent: %w", s.what, n, err)
		}
		s.prompt()
	}
}

// sendAll sends the -x messages, as sendLines sends lines.
func (s *lineSender) sendAll(msgs []string) error {
	for i, msg := range msgs {
		err := s.send(i+1, []byte(msg))
		if errors.Is(err, errUserClosed) {
			return err
		}
		if err != nil {
			return fmt.Errorf("%s %d was not sent: %w", s.what, i+1, err)
		}
	}
	return s.result()
}

// result is what the input's end returns: errLinesNotSent if a line
// was reported and not sent.
func (s *lineSender) result() error {
	if s.skipped {
		return errLinesNotSent
	}
	return nil
}

// send sends line number n, a whole line, with its ending in binary mode.
// A line that cannot go, or a command that is wrong, is reported.
func (s *lineSender) send(n int, line []byte) error {
	text := trimLineEnd(line)
	if s.cmds != nil && bytes.HasPrefix(text, []byte("/")) {
		if !bytes.HasPrefix(text, []byte("//")) {
			err := s.cmds.run(string(text))
			var r *refusal
			if errors.As(err, &r) {
				fmt.Fprintf(s.stderr, "%s %d: %v\n", s.what, n, r)
				s.skipped = true
				return nil
			}
			return err
		}
		line, text = line[1:], text[1:] // "//text" sends "/text"
	}
	if s.binary {
		return s.conn.WriteMessage(context.Background(), websocket.BinaryMessage, line)
	}
	if !utf8.Valid(text) {
		fmt.Fprintf(s.stderr, "%s %d is not UTF-8, so it was not sent as text (try -binary)\n", s.what, n)
		s.skipped = true
		return nil
	}
	return s.conn.WriteMessage(context.Background(), websocket.TextMessage, text)
}

// closedByUser reports whether /close has sent our close frame.
func (s *lineSender) closedByUser() bool { return s.cmds != nil && s.cmds.closed.Load() }

// streamLine sends a line longer than the buffer, whose first part is
// start, in frames as it is read. In text mode, a line that turns out
// not to be UTF-8 cannot be taken back, so the error ends the session.
func streamLine(conn *websocket.Conn, br *bufio.Reader, start []byte, binary bool) error {
	typ := websocket.TextMessage
	if binary {
		typ = websocket.BinaryMessage
	}
	w, err := conn.Writer(context.Background(), typ)
	if err != nil {
		return err
	}
	heldCR := false // text mode: a CR that ended a part, maybe half of a CRLF
	part := start
	for {
		last := bytes.HasSuffix(part, []byte{'\n'})
		if !binary {
			if heldCR && !bytes.Equal(part, []byte{'\n'}) {
				part = append([]byte{'\r'}, part...)
			}
			if heldCR = !last && bytes.HasSuffix(part, []byte{'\r'}); heldCR {
				part = part[:len(part)-1]
			}
			part = trimLineEnd(part)
		}
		if _, err := w.Write(part); err != nil {
			return err
		}
		if last {
			return w.Close()
		}
		part, err = br.ReadSlice('\n')
		if err == io.EOF { // the input ends inside the line: the rest is all content
			if heldCR {
				part = append([]byte{'\r'}, part...)
			}
			if _, err := w.Write(part); err != nil {
				return err
			}
			return w.Close()
		}
		if err != nil && err != bufio.ErrBufferFull {
			return fmt.Errorf("reading the input: %w", err)
		}
	}
}

// trimLineEnd drops a line's LF or CRLF, if it has one.
func trimLineEnd(line []byte) []byte {
	if l, ok := bytes.CutSuffix(line, []byte{'\n'}); ok {
		return bytes.TrimSuffix(l, []byte{'\r'})
	}
	return line
}

// finish sends close 1000 and waits for the reader to see the server's
// answer, printing what arrives before it. Our close frame may have gone
// out already, in answer to the server's.
func finish(conn *websocket.Conn, received <-chan error) error {
	if err := conn.SendClose(websocket.CloseNormalClosure, ""); err != nil && !errors.Is(err, websocket.ErrClosed) {
		return err
	}
	return awaitServerClose(received, closeStatus)
}

// awaitServerClose waits for the reader to see the server's close, after
// ours, and returns what status makes of the reader's error.
func awaitServerClose(received <-chan error, status func(error) error) error {
	select {
	case err := <-received:
		return status(err)
	case <-time.After(2 * closeTimeout):
		return errors.New("websocket: the server did not answer our close")
	}
}

// closeStatus turns the error that ended the reader into the command's
// result: a normal close, or a close frame with no code, is success.
func closeStatus(err error) error {
	var ce *websocket.CloseError
	if errors.As(err, &ce) && (ce.Normal() || ce.Code == websocket.CloseNoStatusReceived) {
		return nil
	}
	return err
}

// maxQueued bounds the bytes of messages read but not yet printed.
const maxQueued = 4 << 20

// receive reads every message until the connection ends, and hands it
// to a printer through a queue of at most maxQueued bytes, so that a slow
// terminal holds the reading back only once the queue is full.
func receive(conn *websocket.Conn, stdout io.Writer, binary, terminal bool) error {
	q := newPrintQueue(maxQueued)
	printed := make(chan error, 1)
	go func() { printed <- q.print(stdout, binary, terminal) }()
	var err error
	for err == nil {
		var msg []byte
		if _, msg, err = conn.AppendMessage(context.Background(), q.spare()); err == nil {
			err = q.put(msg)
		}
	}
	q.close()
	if perr := <-printed; perr != nil {
		conn.Close(websocket.CloseGoingAway, "the client cannot print")
		return fmt.Errorf("printing: %w", perr)
	}
	return err
}

// isTerminal reports whether f is a terminal, as the terminal driver
// says (golang.org/x/term): a character device such as /dev/null is not
// one.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && term.IsTerminal(int(file.Fd()))
}

// visible makes a message safe for a terminal: each control character
// and each byte that is not UTF-8 is shown as an escape (\x1b, \r); tabs
// and printable text in any script are left as they are.
func visible(msg []byte) []byte {
	var out []byte
	for len(msg) > 0 {
		r, size := utf8.DecodeRune(msg)
		switch {
		case r == utf8.RuneError && size == 1:
			out = fmt.Appendf(out, `\x%02x`, msg[0])
		case r == '\t' || !unicode.IsControl(r):
			out = append(out, msg[:size]...)
		default:
			q := strconv.QuoteRune(r) // '\x1b', '\r', '\u0085'
			out = append(out, q[1:len(q)-1]...)
		}
		msg = msg[size:]
	}
	return out
}
