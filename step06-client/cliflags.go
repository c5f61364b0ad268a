package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// wscatConfig holds the options that users of wscat (npm's wscat 6) know,
// under wscat's names; sessionConfig keeps ours. Go's flag package takes
// -name and --name alike, so --no-check and -n both work.
type wscatConfig struct {
	connect      string // -c: the URL, as an option
	cert, key    string // a client certificate and its key, PEM files
	passphrase   string // for an encrypted key
	noCheck      bool
	execute      repeated
	wait         waitFlag
	showPingPong bool
	slash        optionalBool
	unsafeFrames bool
	location     bool
	maxRedirects int
	auth         string
	proxy        string

	aliases map[string]string // each alias: the name of the flag it names, for the usage
}

// wscatFlags registers wscat's options on fs, after sessionFlags has
// registered ours: where wscat names one of ours differently, its name
// is an alias of ours (-s for -subprotocol, --ca for -cacert).
func (sc *sessionConfig) wscatFlags(fs *flag.FlagSet) {
	w := &sc.wscatConfig
	w.alias(fs, "H", "header")
	w.alias(fs, "origin", "o")
	w.alias(fs, "subprotocol", "s")
	w.alias(fs, "cacert", "ca")
	fs.StringVar(&w.connect, "c", "", "the `URL` to connect to, as an option (wscat's -c; the URL may also be the argument)")
	w.alias(fs, "c", "connect")
	fs.StringVar(&w.cert, "cert", "", "a client certificate (PEM `file`), for servers that ask for one; its key is in --key, or in the same file")
	fs.StringVar(&w.key, "key", "", "the private key (PEM `file`) of --cert")
	fs.StringVar(&w.passphrase, "passphrase", "", "the passphrase of an encrypted --key (asked for at a terminal when not given)")
	fs.BoolVar(&w.noCheck, "n", false, "do not check the server's certificate (warns on stderr: anyone on the way can read and change the connection)")
	w.alias(fs, "n", "no-check")
	fs.Var(&w.execute, "x", "send this `message` after connecting (repeatable), instead of reading stdin; then wait (-w) and close with 1000")
	w.alias(fs, "x", "execute")
	fs.Var(&w.wait, "w", "at the end of the input (stdin, or the -x messages), wait this many `seconds` for what still arrives, then close with 1000; -1: until the server closes (default: 2 with -x, else 0)")
	w.alias(fs, "w", "wait")
	fs.BoolVar(&w.showPingPong, "P", false, "show pings and pongs, with their payloads, as they arrive and as /ping and /pong send them")
	w.alias(fs, "P", "show-ping-pong")
	fs.Var(&w.slash, "slash", "take lines that start with / as commands: /ping [data], /pong [data], /close [code [reason]], /help (default: on when stdin is a terminal and there is no -x)")
	fs.BoolVar(&w.unsafeFrames, "unsafe-frames", false, "allow /frame, which sends a frame you describe even when it breaks RFC 6455 (turns --slash on): try /frame op=9 fin=0 ping")
	fs.BoolVar(&w.location, "L", false, "follow 3xx redirects of the opening handshake (never from wss:// to ws://; Authorization is dropped on the way to another host)")
	w.alias(fs, "L", "location")
	fs.IntVar(&w.maxRedirects, "max-redirects", 10, "with -L: how many redirects to follow at most")
	fs.StringVar(&w.auth, "auth", "", "`user:password` for HTTP Basic authentication on the handshake (user:password@ in the URL does the same)")
	fs.StringVar(&w.proxy, "proxy", "", "connect through this HTTP proxy (`URL`, http:// assumed), for ws:// and wss:// alike, whatever HTTP_PROXY and HTTPS_PROXY say")
}

// alias registers name as another name of the flag existing.
func (w *wscatConfig) alias(fs *flag.FlagSet, existing, name string) {
	f := fs.Lookup(existing)
	fs.Var(f.Value, name, f.Usage)
	if w.aliases == nil {
		w.aliases = make(map[string]string)
	}
	w.aliases[name] = existing
}

// printFlags lists fs's flags as wscat's --help does: each flag once,
// with all its names. Single letters and our own names take one dash;
// wscat's long names are shown with two, as wscat users type them.
func (wc *wscatConfig) printFlags(w io.Writer, fs *flag.FlagSet) {
	names := map[string][]string{} // a flag's first name: its aliases
	fs.VisitAll(func(f *flag.Flag) {
		if main, ok := wc.aliases[f.Name]; ok {
			names[main] = append(names[main], f.Name)
		}
	})
	fs.VisitAll(func(f *flag.Flag) {
		if _, ok := wc.aliases[f.Name]; ok {
			return
		}
		all := append([]string{f.Name}, names[f.Name]...)
		slices.SortStableFunc(all, func(a, b string) int { // a single letter first, then ours, then wscat's
			return min(len(a)-1, 1) - min(len(b)-1, 1)
		})
		for i, n := range all {
			all[i] = wc.dashes(n) + n
		}
		arg, usage := flag.UnquoteUsage(f)
		line := "  " + strings.Join(all, ", ")
		if arg != "" {
			line += " " + arg
		}
		fmt.Fprintf(w, "%s\n    \t%s", line, strings.ReplaceAll(usage, "\n", "\n    \t"))
		if !isZero(f) {
			fmt.Fprintf(w, " (default %v)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// dashes is how the usage writes a flag's name: "--" for wscat's long
// names, "-" for the rest.
func (wc *wscatConfig) dashes(name string) string {
	if _, wscat := wc.aliases[name]; wscat && len(name) > 1 || slices.Contains(wscatLongNames, name) {
		return "--"
	}
	return "-"
}

// wscatLongNames are the long names that are wscat's alone.
var wscatLongNames = []string{"cert", "key", "passphrase", "slash", "unsafe-frames", "max-redirects", "auth", "proxy"}

func isZero(f *flag.Flag) bool {
	switch f.DefValue {
	case "", "0", "false", "0s":
		return true
	}
	return false
}

// wscatNotes close the usage: what wscat has that this tool does not,
// and where the two differ.
const wscatNotes = `
wscat's -l (listen), --host, -p (protocol version), --no-color and -V are
not offered: this is a client, the handshake sets Host itself, it speaks
only version 13, it prints no colours, and it runs from source, with no
version of its own. Our -H, -origin and -subprotocol are
wscat's -H, -o and -s; -cacert is wscat's --ca. -ping, -pong-timeout,
-binary, -trace and --unsafe-frames are ours alone. No wscat name clashes
with one of ours.
`

// optionalBool is a bool flag that knows whether it was given, for a
// default that depends on the terminal.
type optionalBool struct{ set, value bool }

func (b *optionalBool) IsBoolFlag() bool { return true }
func (b *optionalBool) String() string {
	if b == nil || !b.set {
		return ""
	}
	return strconv.FormatBool(b.value)
}
func (b *optionalBool) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	b.set, b.value = true, v
	return nil
}

// or is the flag's value, or def when it was not given.
func (b optionalBool) or(def bool) bool {
	if b.set {
		return b.value
	}
	return def
}

// waitFlag is -w: seconds, as wscat takes them (a fraction is fine), or
// -1 for "until the server closes".
type waitFlag struct {
	set     bool
	d       time.Duration
	forever bool
}

func (w *waitFlag) String() string {
	if w == nil || !w.set {
		return ""
	}
	if w.forever {
		return "-1"
	}
	return strconv.FormatFloat(w.d.Seconds(), 'f', -1, 64)
}

func (w *waitFlag) Set(s string) error {
	secs, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil:
		return errors.New("want a number of seconds, or -1")
	case secs == -1:
		*w = waitFlag{set: true, forever: true}
	case secs < 0 || secs > 1e6:
		return errors.New("want seconds from 0 to 1000000, or -1 for until the server closes")
	default:
		*w = waitFlag{set: true, d: time.Duration(secs * float64(time.Second))}
	}
	return nil
}

// waitAfterInput is how long to wait at the end of the input before
// closing: forever (-1) means until the server closes.
func (w *wscatConfig) waitAfterInput() (d time.Duration, forever bool) {
	switch {
	case w.wait.set:
		return w.wait.d, w.wait.forever
	case len(w.execute) > 0:
		return executeWait, false
	}
	return 0, false
}

// executeWait is how long -x waits for answers by default, as wscat's.
const executeWait = 2 * time.Second

// url is the URL to connect to: the argument, or -c's. wscat takes one
// without a scheme as ws://.
func (w *wscatConfig) url(arg string) (string, error) {
	switch {
	case arg != "" && w.connect != "":
		return "", fmt.Errorf("two URLs, %q and -c %q: give one", arg, w.connect)
	case arg == "":
		arg = w.connect
	}
	if arg != "" && !strings.Contains(arg, "://") {
		arg = "ws://" + arg
	}
	return arg, nil
}
