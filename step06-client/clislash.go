package main

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/spec2lib/websocket/step06-client/websocket"
)

// commands runs the slash commands of a session (--slash): control
// frames by hand, as wscat's are, and with --unsafe-frames, /frame.
type commands struct {
	conn         *websocket.Conn
	unsafeFrames bool
	showPingPong bool
	console      *console
	trace        io.Writer // -trace: where /frame says what it sent; nil without
	help         io.Writer

	closed atomic.Bool // /close sent our close frame: the server's answer ends the session well
}

// A refusal is a command that was not carried out because it was wrong:
// the session goes on, and the command's status says so at the end.
type refusal struct{ msg string }

func (r *refusal) Error() string { return r.msg }

func refuse(format string, args ...any) error { return &refusal{fmt.Sprintf(format, args...)} }

// errUserClosed: /close sent our close frame, so no more input is sent.
var errUserClosed = errors.New("closed by /close")

const slashHelp = `slash commands:
  /ping [data]            send a ping (its pong shows with -P)
  /pong [data]            send a pong that answers no ping (RFC 6455 §5.5.3)
  /close [code [reason]]  close with this code (default 1000) and reason
  /frame [key=value ...] [payload]
                          with --unsafe-frames: send a frame as described, rules or not:
                          op=N (or text, binary, cont, close, ping, pong; default text),
                          fin=0|1 (1), rsv1= rsv2= rsv3=0|1 (0), mask=0|1 (1),
                          len=7|16|64 (the length's form; default the shortest),
                          hex=BYTES (the payload in hex), code=N (close: a code first)
  /help                   this list
  //text                  send the message "/text"
`

// run carries out line, a slash command. It returns nil, errUserClosed
// after /close, a *refusal for a command that was wrong, or the error of
// a connection that could not send.
func (c *commands) run(line string) error {
	name, arg := line, ""
	if i := strings.IndexAny(line, " \t"); i >= 0 {
		name, arg = line[:i], strings.TrimLeft(line[i:], " \t")
	}
	ctx := context.Background()
	switch name {
	case "/ping", "/pong":
		if len(arg) > 125 {
			return refuse("%s: %d bytes of data, over the 125 that a control frame holds (RFC 6455 §5.5)", name, len(arg))
		}
		send := c.conn.SendPing
		if name == "/pong" {
			send = c.conn.SendPong
		}
		if err := send(ctx, []byte(arg)); err != nil {
			return err
		}
		if c.showPingPong {
			c.console.notice(">", fmt.Sprintf("Sent %s (data: %s)", name[1:], arg))
		}
		return nil
	case "/close":
		code, reason, err := parseClose(arg)
		if err != nil {
			return err
		}
		c.closed.Store(true)
		if err := c.conn.SendClose(code, reason); err != nil {
			c.closed.Store(false)
			return err
		}
		return errUserClosed
	case "/help":
		_, err := io.WriteString(c.help, slashHelp)
		return err
	case "/frame":
		if !c.unsafeFrames {
			return refuse("/frame sends frames that break RFC 6455 on purpose, so it needs --unsafe-frames")
		}
		f, err := parseFrame(arg)
		if err != nil {
			return err
		}
		if c.trace != nil {
			fmt.Fprintln(c.trace, f.trace())
		}
		_, err = c.conn.NetConn().Write(f.bytes())
		return err
	}
	return refuse("unknown command %s: try /help (a line that starts with // sends the rest, from its second /)", name)
}

// parseClose reads /close's code and reason, and holds them to the rules
// for a close frame we send (RFC 6455 §5.5, §7.4) before anything goes out.
func parseClose(arg string) (int, string, error) {
	if arg == "" {
		return websocket.CloseNormalClosure, "", nil
	}
	codeText, reason, _ := strings.Cut(arg, " ")
	reason = strings.TrimLeft(reason, " \t")
	code, err := strconv.Atoi(codeText)
	if err != nil {
		return 0, "", refuse("/close %s: the code is a number, such as 1000 (see RFC 6455 §7.4)", codeText)
	}
	if why := closeCodeRule(code); why != "" {
		return 0, "", refuse("/close %d: %s", code, why)
	}
	if len(reason) > 123 {
		return 0, "", refuse("/close: a reason of %d bytes is over the 123 that fit beside the code (RFC 6455 §5.5)", len(reason))
	}
	if !utf8.ValidString(reason) {
		return 0, "", refuse("/close: the reason is not UTF-8 (RFC 6455 §5.5.1)")
	}
	return code, reason, nil
}

// closeCodeRule says why an endpoint may not send code (RFC 6455 §7.4),
// or "" when it may.
func closeCodeRule(code int) string {
	switch {
	case code == 1005 || code == 1006 || code == 1015:
		return "§7.4.1 reserves this code for reports: an endpoint MUST NOT send it in a close frame"
	case code == 1004:
		return "§7.4.1 reserves 1004: its meaning might be defined in the future"
	case code < 1000:
		return "§7.4.2: codes 0 to 999 are not used"
	case code < 3000 && code > 1014:
		return "§7.4.2: codes 1000 to 2999 are for the protocol, and this one is not defined"
	case code > 4999:
		return "§7.4.2 defines codes up to 4999 (3000 to 4999 for libraries and applications)"
	}
	return ""
}

// rawFrame is a frame as /frame describes it: any opcode, any bits, the
// length in any of its three forms, masked or not.
type rawFrame struct {
	fin, rsv1, rsv2, rsv3, mask bool
	op                          byte
	lengthForm                  int // 7, 16 or 64
	payload                     []byte
}

var opcodeNames = map[string]byte{"cont": 0, "continuation": 0, "text": 1, "binary": 2, "close": 8, "ping": 9, "pong": 10}

// parseFrame reads /frame's arguments: key=value pairs, then the payload
// as text, the rest of the line.
func parseFrame(arg string) (rawFrame, error) {
	f := rawFrame{fin: true, mask: true, op: 1}
	var code *uint16
	var hexPayload []byte
	rest := arg
	for {
		rest = strings.TrimLeft(rest, " \t")
		word, after, _ := strings.Cut(rest, " ")
		key, value, ok := strings.Cut(word, "=")
		if !ok || !isFrameKey(key) {
			break
		}
		rest = after
		var err error
		switch key {
		case "op":
			f.op, err = parseOpcode(value)
		case "fin":
			f.fin, err = parseBit(key, value)
		case "rsv1":
			f.rsv1, err = parseBit(key, value)
		case "rsv2":
			f.rsv2, err = parseBit(key, value)
		case "rsv3":
			f.rsv3, err = parseBit(key, value)
		case "mask":
			f.mask, err = parseBit(key, value)
		case "len":
			f.lengthForm, err = strconv.Atoi(value)
			if err == nil && f.lengthForm != 7 && f.lengthForm != 16 && f.lengthForm != 64 {
				err = errors.New("bad form")
			}
			if err != nil {
				err = refuse("/frame len=%s: the length's form is 7, 16 or 64 (bits)", value)
			}
		case "hex":
			if hexPayload, err = hex.DecodeString(value); err != nil {
				err = refuse("/frame hex=%s: %v", value, err)
			}
		case "code":
			n, cerr := strconv.ParseUint(value, 10, 16)
			if cerr != nil {
				err = refuse("/frame code=%s: want a number from 0 to 65535", value)
			}
			c := uint16(n)
			code = &c
		}
		if err != nil {
			return f, err
		}
	}
	if hexPayload != nil && rest != "" {
		return f, refuse("/frame: give the payload as hex= or as text, not both")
	}
	f.payload = []byte(rest)
	if hexPayload != nil {
		f.payload = hexPayload
	}
	if code != nil {
		f.payload = append(binary.BigEndian.AppendUint16(nil, *code), f.payload...)
	}
	if f.lengthForm == 7 && len(f.payload) > 125 || f.lengthForm == 16 && len(f.payload) > 0xFFFF {
		return f, refuse("/frame len=%d: %d bytes do not fit that form", f.lengthForm, len(f.payload))
	}
	return f, nil
}

func isFrameKey(key string) bool {
	switch key {
	case "op", "fin", "rsv1", "rsv2", "rsv3", "mask", "len", "hex", "code":
		return true
	}
	return false
}

func parseOpcode(s string) (byte, error) {
	if op, ok := opcodeNames[s]; ok {
		return op, nil
	}
	n, err := strconv.ParseUint(s, 0, 8)
	if err != nil || n > 15 {
		return 0, refuse("/frame op=%s: want 0 to 15 (0x0 to 0xF), or cont, text, binary, close, ping, pong", s)
	}
	return byte(n), nil
}

func parseBit(key, s string) (bool, error) {
	switch s {
	case "0":
		return false, nil
	case "1":
		return true, nil
	}
	return false, refuse("/frame %s=%s: want 0 or 1", key, s)
}

// bytes is the frame on the wire (RFC 6455 §5.2), masked with a fresh
// key unless mask=0.
func (f rawFrame) bytes() []byte {
	b0 := f.op
	for bit, set := range map[byte]bool{0x80: f.fin, 0x40: f.rsv1, 0x20: f.rsv2, 0x10: f.rsv3} {
		if set {
			b0 |= bit
		}
	}
	var b1 byte
	if f.mask {
		b1 = 0x80
	}
	n := len(f.payload)
	form := f.lengthForm
	if form == 0 {
		form = shortestForm(n)
	}
	b := []byte{b0}
	switch form {
	case 7:
		b = append(b, b1|byte(n))
	case 16:
		b = binary.BigEndian.AppendUint16(append(b, b1|126), uint16(n))
	default:
		b = binary.BigEndian.AppendUint64(append(b, b1|127), uint64(n))
	}
	payload := f.payload
	if f.mask {
		var key [4]byte
		rand.Read(key[:])
		b = append(b, key[:]...)
		payload = append([]byte(nil), payload...)
		for i := range payload {
			payload[i] ^= key[i%4]
		}
	}
	return append(b, payload...)
}

func shortestForm(n int) int {
	switch {
	case n <= 125:
		return 7
	case n <= 0xFFFF:
		return 16
	}
	return 64
}

// trace is the frame's line for -trace, in the library's format, and in
// brackets that /frame sent it, with what is unusual about it.
func (f rawFrame) trace() string {
	fin := "   "
	if f.fin {
		fin = "FIN"
	}
	var odd []string
	for _, bit := range []struct {
		set  bool
		name string
	}{{f.rsv1, "RSV1"}, {f.rsv2, "RSV2"}, {f.rsv3, "RSV3"}, {!f.mask, "unmasked"}} {
		if bit.set {
			odd = append(odd, bit.name)
		}
	}
	if f.lengthForm != 0 && f.lengthForm != shortestForm(len(f.payload)) {
		odd = append(odd, fmt.Sprintf("%d-bit length", f.lengthForm))
	}
	line := fmt.Sprintf("-> %s %-12s %7d  %s", fin, opcodeName(f.op), len(f.payload), framePreview(f.op, f.payload))
	tag := "/frame"
	if len(odd) > 0 {
		tag += ": " + strings.Join(odd, ", ")
	}
	return strings.TrimRight(line, " ") + "  [" + tag + "]"
}

func opcodeName(op byte) string {
	switch op {
	case 0:
		return "continuation"
	case 1:
		return "text"
	case 2:
		return "binary"
	case 8:
		return "close"
	case 9:
		return "ping"
	case 10:
		return "pong"
	}
	return fmt.Sprintf("reserved(0x%X)", op)
}

// framePreview shows a payload as the library's trace does: a close
// frame's code and reason, text as text, anything else as hex.
func framePreview(op byte, p []byte) string {
	switch {
	case op == 8 && len(p) >= 2:
		return fmt.Sprintf("code %d %q", binary.BigEndian.Uint16(p), p[2:])
	case len(p) == 0:
		return ""
	case utf8.Valid(p) && op != 2:
		return strconv.Quote(string(p))
	}
	return fmt.Sprintf("% x", p)
}
