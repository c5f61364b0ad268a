package websocket

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// RFC 6455 §9 leaves room for extensions, which may use the RSV bits of
// a frame and change its payload, once both sides agree to them in the
// opening handshake. This client knows one: permessage-deflate (RFC
// 7692), which compresses messages. This file holds its negotiation, as
// pure functions of the headers: the offer we send, and what the
// server's answer agrees to, or why we must refuse it.

// deflateExtension is the extension's name in Sec-WebSocket-Extensions.
const deflateExtension = "permessage-deflate"

// The parameters of permessage-deflate (RFC 7692 §7.1).
const (
	paramServerNoContextTakeover = "server_no_context_takeover" // §7.1.1.1
	paramClientNoContextTakeover = "client_no_context_takeover" // §7.1.1.2
	paramServerMaxWindowBits     = "server_max_window_bits"     // §7.1.2.1
	paramClientMaxWindowBits     = "client_max_window_bits"     // §7.1.2.2
)

// offer is the Sec-WebSocket-Extensions value that Dial sends for the
// mode, or "" for none.
//
// We never offer client_max_window_bits. compress/flate cannot make its
// compressor's window smaller than 32 KiB (15 bits), so a server that
// asked for less could only be obeyed by giving up LZ77 matches
// altogether. Left out of the offer, the parameter may not come back
// (RFC 7692 §7.1.2.2): the server decompresses what our 32 KiB window
// makes, as every server must be able to. Nor do we ask for a smaller
// server_max_window_bits: it would save memory only with context
// takeover, and our inflater's 32 KiB window takes any size the server
// picks (§7.1.2.1).
func (m Compression) offer() string {
	switch m.resolve() {
	case CompressionNoContextTakeover:
		// §7.1.1.1: we ask the server not to refer back to earlier
		// messages, so that we keep no window between them; §7.1.1.2:
		// we tell it that we will not either, so that it need not keep one.
		return deflateExtension + "; " + paramServerNoContextTakeover + "; " + paramClientNoContextTakeover
	case CompressionContextTakeover:
		return deflateExtension
	}
	return ""
}

// An agreement is what the server's answer accepted of our offer.
type agreement struct {
	deflate       bool   // permessage-deflate is in use: RSV1 marks a compressed message (RFC 7692 §6)
	readTakeover  bool   // the server's messages may refer to its earlier ones: we keep its window (§7.1.1.1)
	writeTakeover bool   // ours may refer to our earlier ones (§7.1.1.2)
	header        string // the server's Sec-WebSocket-Extensions, for Conn.Extensions
}

// Why a server's Sec-WebSocket-Extensions is refused.
var (
	errBadExtensions = errors.New("Sec-WebSocket-Extensions is not a valid extension list (RFC 6455 §9.1)")
	errBadDeflate    = errors.New("the server's permessage-deflate parameters break RFC 7692")
)

// negotiate checks the server's Sec-WebSocket-Extensions against the
// offer that mode made, and says what it agrees to. A client "MUST _Fail
// the WebSocket Connection_" (RFC 7692 §7) if the answer holds a
// parameter not defined for a response, a parameter with an invalid
// value, the same parameter twice, or a configuration the client does
// not support; and RFC 6455 §4.1 if it names an extension we did not
// offer.
func negotiate(values []string, mode Compression) (agreement, error) {
	exts, err := parseExtensions(values)
	if err != nil {
		return agreement{}, err
	}
	offered := mode.offer() != ""
	for _, e := range exts {
		if !offered || !strings.EqualFold(e.name, deflateExtension) {
			return agreement{}, fmt.Errorf("%w (got %q)", errUnofferedExtension, values)
		}
	}
	switch len(exts) {
	case 0:
		return agreement{}, nil
	case 1:
	default: // we made one offer, and a server accepts one offer of an extension at most
		return agreement{}, fmt.Errorf("%w: permessage-deflate %d times (got %q)", errBadDeflate, len(exts), values)
	}
	a := agreement{
		deflate:       true,
		readTakeover:  true,
		writeTakeover: mode.resolve() == CompressionContextTakeover,
		header:        strings.Join(slices.DeleteFunc(slices.Clone(values), isBlank), ", "),
	}
	seen := make(map[string]bool)
	for _, p := range exts[0].params {
		name := strings.ToLower(p.name)
		if seen[name] {
			return agreement{}, fmt.Errorf("%w: %s twice", errBadDeflate, name)
		}
		seen[name] = true
		if err := deflateParam(name, p, &a); err != nil {
			return agreement{}, fmt.Errorf("%w: %v", errBadDeflate, err)
		}
	}
	return a, nil
}

// deflateParam takes in one parameter of the server's answer.
func deflateParam(name string, p extParam, a *agreement) error {
	switch name {
	case paramServerNoContextTakeover, paramClientNoContextTakeover:
		if p.hasValue {
			return fmt.Errorf("%s=%s: the parameter has no value", name, p.value) // §7.1.1.1, §7.1.1.2
		}
		if name == paramServerNoContextTakeover {
			a.readTakeover = false // the server starts each message afresh: no window to keep
		} else {
			a.writeTakeover = false // §7.1.1.2: the server asks us to start each of ours afresh
		}
	case paramServerMaxWindowBits:
		// §7.1.2.1: the server may name its window even unasked. Any
		// size from 8 to 15 bits fits in our inflater's 32 KiB window.
		if !p.hasValue || !validWindowBits(p.value) {
			return fmt.Errorf("%s=%q: want a window size of 8 to 15 bits", name, p.value)
		}
	case paramClientMaxWindowBits:
		// §7.1.2.2: "If a received extension negotiation offer doesn't
		// have the client_max_window_bits extension parameter, the
		// corresponding extension negotiation response to the offer MUST
		// NOT include" it; and we never offer it (see offer).
		return fmt.Errorf("%s, which we did not offer (RFC 7692 §7.1.2.2)", name)
	default:
		return fmt.Errorf("unknown parameter %q", p.name)
	}
	return nil
}

// isBlank reports whether a header value holds nothing but white space.
func isBlank(v string) bool { return strings.TrimSpace(v) == "" }

// validWindowBits reports whether s is a window size of RFC 7692
// §7.1.2: a decimal integer from 8 to 15, without leading zeros.
func validWindowBits(s string) bool {
	switch s {
	case "8", "9", "10", "11", "12", "13", "14", "15":
		return true
	}
	return false
}

// An extension is one element of a Sec-WebSocket-Extensions header: a
// name and its parameters.
type extension struct {
	name   string
	params []extParam
}

// An extParam is one parameter of an extension, with its value
// unquoted, if it has one.
type extParam struct {
	name, value string
	hasValue    bool
}

// parseExtensions reads the elements of every Sec-WebSocket-Extensions
// value, by the grammar of RFC 6455 §9.1:
//
//	extension-list = 1#extension
//	extension      = extension-token *( ";" extension-param )
//	extension-param = token [ "=" (token | quoted-string) ]
//
// where a quoted value must be a token once unquoted. Empty elements of
// the list are skipped, as RFC 9110 §5.6.1 asks of a recipient.
func parseExtensions(values []string) ([]extension, error) {
	var exts []extension
	for _, v := range values {
		s := &extScanner{s: v}
		for {
			s.space()
			if s.eat(',') {
				continue
			}
			if s.done() {
				break
			}
			e, err := s.extension()
			if err != nil {
				return nil, fmt.Errorf("%w: %v in %q", errBadExtensions, err, v)
			}
			exts = append(exts, e)
		}
	}
	return exts, nil
}

// extScanner walks one header value.
type extScanner struct {
	s string
	i int
}

func (s *extScanner) done() bool { return s.i >= len(s.s) }

// space skips optional white space (RFC 9110 §5.6.3).
func (s *extScanner) space() {
	for !s.done() && (s.s[s.i] == ' ' || s.s[s.i] == '\t') {
		s.i++
	}
}

// eat takes c, if it comes next.
func (s *extScanner) eat(c byte) bool {
	if !s.done() && s.s[s.i] == c {
		s.i++
		return true
	}
	return false
}

// extension reads one element, up to the comma that ends it or the end.
func (s *extScanner) extension() (extension, error) {
	name, err := s.token()
	if err != nil {
		return extension{}, err
	}
	e := extension{name: name}
	for {
		s.space()
		if s.done() || s.eat(',') {
			return e, nil
		}
		if !s.eat(';') {
			return e, fmt.Errorf("%q after %s", s.s[s.i], name)
		}
		s.space()
		var p extParam
		if p.name, err = s.token(); err != nil {
			return e, err
		}
		s.space()
		if s.eat('=') {
			s.space()
			if p.value, err = s.value(); err != nil {
				return e, fmt.Errorf("%s=: %w", p.name, err)
			}
			p.hasValue = true
		}
		e.params = append(e.params, p)
	}
}

// token reads a token (RFC 9110 §5.6.2).
func (s *extScanner) token() (string, error) {
	start := s.i
	for !s.done() && isToken(s.s[s.i:s.i+1]) {
		s.i++
	}
	if s.i == start {
		if s.done() {
			return "", errors.New("a token is missing at the end")
		}
		return "", fmt.Errorf("%q where a token should be", s.s[s.i])
	}
	return s.s[start:s.i], nil
}

// value reads a parameter's value: a token, or a quoted string that
// must hold a token once unquoted (RFC 6455 §9.1).
func (s *extScanner) value() (string, error) {
	if !s.eat('"') {
		return s.token()
	}
	var b strings.Builder
	for {
		if s.done() {
			return "", errors.New("a quoted string that does not end")
		}
		c := s.s[s.i]
		s.i++
		switch {
		case c == '"':
			if v := b.String(); isToken(v) {
				return v, nil
			}
			return "", fmt.Errorf("quoted %q is not a token", b.String())
		case c == '\\' && !s.done():
			b.WriteByte(s.s[s.i])
			s.i++
		default:
			b.WriteByte(c)
		}
	}
}
