package websocket

import (
	"bufio"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// websocketGUID is the fixed string of RFC 6455 §1.3 that the server
// appends to our key before hashing it.
const websocketGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

// The ways a server's response can fail the checks of RFC 6455 §4.1.
// Each error says what was wrong; errors.Is tells them apart.
var (
	errNotSwitching       = errors.New("the server did not switch protocols")
	errNoUpgrade          = errors.New(`the response lacks "Upgrade: websocket"`)
	errNoConnection       = errors.New(`the response lacks "Connection: Upgrade"`)
	errBadAccept          = errors.New("Sec-WebSocket-Accept does not match our key")
	errUnofferedProtocol  = errors.New("the server chose a subprotocol we did not offer")
	errUnofferedExtension = errors.New("the server chose an extension we did not offer")
)

// reservedHeaders are the request headers that the handshake writes
// itself. A caller may not set them: a second Sec-WebSocket-Key, say,
// would break the accept check. Extensions are offered by
// Options.Compression, and only those this client implements.
var reservedHeaders = []string{
	"Host", "Upgrade", "Connection", "Sec-Websocket-Key",
	"Sec-Websocket-Version", "Sec-Websocket-Extensions",
}

// newKey makes the Sec-WebSocket-Key: 16 random bytes, base64-encoded
// (RFC 6455 §4.1). It must be unpredictable, so it comes from crypto/rand.
func newKey() (string, error) {
	var nonce [16]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return "", fmt.Errorf("websocket: making the handshake key: %w", err)
	}
	return base64.StdEncoding.EncodeToString(nonce[:]), nil
}

// acceptKey is the Sec-WebSocket-Accept a server must send back for key:
// base64(SHA-1(key + GUID)), RFC 6455 §4.2.2.
func acceptKey(key string) string {
	sum := sha1.Sum([]byte(key + websocketGUID))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// buildRequest writes the client's opening handshake (RFC 6455 §4.1):
// a GET with the Upgrade headers, our key, version 13, the extensions
// we offer (§9.1), if any, and the caller's own headers.
func buildRequest(t *target, key string, header http.Header, extensions string) ([]byte, error) {
	var b strings.Builder
	b.WriteString("GET " + t.requestURI + " HTTP/1.1\r\n")
	b.WriteString("Host: " + t.hostHeader + "\r\n")
	b.WriteString("Upgrade: websocket\r\n")
	b.WriteString("Connection: Upgrade\r\n")
	b.WriteString("Sec-WebSocket-Key: " + key + "\r\n")
	b.WriteString("Sec-WebSocket-Version: 13\r\n")
	if extensions != "" {
		b.WriteString("Sec-WebSocket-Extensions: " + extensions + "\r\n")
	}
	if err := checkOffer(offeredProtocols(header)); err != nil {
		return nil, err
	}
	for _, name := range slices.Sorted(maps.Keys(header)) {
		if err := checkHeaderName(name); err != nil {
			return nil, err
		}
		for _, value := range header[name] {
			if err := checkHeaderValue(name, value); err != nil {
				return nil, err
			}
			b.WriteString(name + ": " + value + "\r\n")
		}
	}
	b.WriteString("\r\n")
	return []byte(b.String()), nil
}

// checkOffer holds the subprotocols we offer to §4.1: each "MUST be a
// non-empty string" of the characters a token may hold, and they "MUST
// all be unique".
func checkOffer(offered []string) error {
	for i, p := range offered {
		if !isToken(p) {
			return fmt.Errorf("websocket: subprotocol %q is not a token", p)
		}
		if slices.Contains(offered[:i], p) {
			return fmt.Errorf("websocket: subprotocol %q is offered twice", p)
		}
	}
	return nil
}

// checkHeaderName accepts a name that HTTP allows (a token, RFC 9110
// §5.1) and that the handshake does not set itself.
func checkHeaderName(name string) error {
	if !isToken(name) {
		return fmt.Errorf("websocket: %q is not a valid header name", name)
	}
	if slices.Contains(reservedHeaders, http.CanonicalHeaderKey(name)) {
		return fmt.Errorf("websocket: header %s is set by the handshake itself", name)
	}
	return nil
}

// isToken reports whether s is an HTTP token: one or more visible ASCII
// characters other than the separators of RFC 9110 §5.6.2. A space, a
// colon or a control byte in a name would change what the server reads.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if c <= ' ' || c >= 0x7F || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// checkHeaderValue refuses control bytes in a value (RFC 9110 §5.5
// allows only visible characters, spaces and tabs). A CR or LF would end
// the header early and smuggle in headers of its own.
func checkHeaderValue(name, value string) error {
	if strings.ContainsAny(value, "\r\n") {
		return fmt.Errorf("websocket: header %s: value has a line break", name)
	}
	for _, c := range []byte(value) {
		if c < ' ' && c != '\t' || c == 0x7F {
			return fmt.Errorf("websocket: header %s: value has control byte %#x", name, c)
		}
	}
	return nil
}

// maxHeaderBytes bounds the response's status line and headers, as
// net/http bounds a request's (http.DefaultMaxHeaderBytes, 1 MiB). The
// server decides how much it sends: without a bound, a response whose
// headers never end would make us buffer until memory runs out.
const maxHeaderBytes = 1 << 20

// errHeadTooLarge: the response's status line and headers did not end
// within maxHeaderBytes.
var errHeadTooLarge = fmt.Errorf("the response's headers are over %d bytes", maxHeaderBytes)

// readResponse reads the server's answer from br. br must be the reader
// that later reads frames: a server may send its first frame in the same
// packet as the response, and those bytes are already in br's buffer.
// br reads through lim, which lets the response's head use at most
// maxHeaderBytes; once the head is read, the limit is lifted for the
// frames.
func readResponse(br *bufio.Reader, lim *headLimit) (*http.Response, error) {
	resp, err := http.ReadResponse(br, &http.Request{Method: http.MethodGet})
	if err != nil {
		return nil, fmt.Errorf("websocket: reading the handshake response: %w", err)
	}
	lim.lift()
	return resp, nil
}

// headLimit passes reads through to r until n bytes have gone by, and
// fails them after that, until lift. It sits under the bufio.Reader that
// reads the response, so that no header line, however long, can make
// that reader take in more than n bytes.
type headLimit struct {
	r      io.Reader
	n      int64 // bytes still allowed
	lifted bool
}

func (l *headLimit) Read(p []byte) (int, error) {
	if l.lifted {
		return l.r.Read(p)
	}
	if l.n <= 0 {
		return 0, errHeadTooLarge
	}
	p = p[:min(int64(len(p)), l.n)]
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

func (l *headLimit) lift() { l.lifted = true }

// A check is one test that RFC 6455 §4.1 asks a client to apply to the
// server's response.
type check struct {
	name string
	run  func(*http.Response) error
}

// responseChecks lists the checks in the order the RFC gives them. The
// client must fail the connection if any of them fails. The check of
// the extensions leaves what they agree to in agreed.
func responseChecks(key string, offeredProtocols []string, compression Compression, agreed *agreement) []check {
	return []check{
		{"status is 101 Switching Protocols", func(r *http.Response) error {
			if r.StatusCode != http.StatusSwitchingProtocols {
				return fmt.Errorf("websocket: %w: status %d %s",
					errNotSwitching, r.StatusCode, http.StatusText(r.StatusCode))
			}
			return nil
		}},
		{"Upgrade is websocket", func(r *http.Response) error {
			if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
				return fmt.Errorf("websocket: %w (got %q)", errNoUpgrade, r.Header.Get("Upgrade"))
			}
			return nil
		}},
		{"Connection has the upgrade token", func(r *http.Response) error {
			if !hasToken(r.Header.Values("Connection"), "upgrade") {
				return fmt.Errorf("websocket: %w (got %q)", errNoConnection, r.Header.Values("Connection"))
			}
			return nil
		}},
		{"Sec-WebSocket-Accept matches the key", func(r *http.Response) error {
			// §11.3.3: the header "MUST NOT appear more than once".
			accepts := r.Header.Values("Sec-WebSocket-Accept")
			if want := acceptKey(key); len(accepts) != 1 || accepts[0] != want {
				return fmt.Errorf("websocket: %w (got %q, want %q)", errBadAccept, accepts, want)
			}
			return nil
		}},
		{"no extension we did not offer, and permessage-deflate as RFC 7692 allows", func(r *http.Response) error {
			var err error
			if *agreed, err = negotiate(r.Header.Values("Sec-WebSocket-Extensions"), compression); err != nil {
				return fmt.Errorf("websocket: %w", err)
			}
			return nil
		}},
		{"no subprotocol we did not offer", func(r *http.Response) error {
			chosen := r.Header.Values("Sec-WebSocket-Protocol")
			if len(chosen) > 1 || (len(chosen) == 1 && !slices.Contains(offeredProtocols, chosen[0])) {
				return fmt.Errorf("websocket: %w (got %q, offered %q)", errUnofferedProtocol, chosen, offeredProtocols)
			}
			return nil
		}},
	}
}

// verifyResponse applies every check and returns the first failure, as
// a *HandshakeError that names the check; or, when all pass, what the
// server agreed to of the extensions we offered.
func verifyResponse(resp *http.Response, key string, offeredProtocols []string, compression Compression) (agreement, *HandshakeError) {
	var agreed agreement
	for _, c := range responseChecks(key, offeredProtocols, compression, &agreed) {
		if err := c.run(resp); err != nil {
			return agreement{}, &HandshakeError{Check: c.name, StatusCode: resp.StatusCode, Response: resp, Err: err}
		}
	}
	return agreed, nil
}

// hasToken reports whether a comma-separated header holds token,
// ignoring case ("Connection: keep-alive, Upgrade" has "upgrade").
func hasToken(values []string, token string) bool {
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(part), token) {
				return true
			}
		}
	}
	return false
}

// offeredProtocols are the subprotocols the caller offers in its headers.
// The name is matched without regard to case: a header map written as a
// literal need not use Go's canonical form of the key.
func offeredProtocols(header http.Header) []string {
	var offered []string
	for name, values := range header {
		if !strings.EqualFold(name, "Sec-WebSocket-Protocol") {
			continue
		}
		for _, v := range values {
			for part := range strings.SplitSeq(v, ",") {
				if p := strings.TrimSpace(part); p != "" {
					offered = append(offered, p)
				}
			}
		}
	}
	return offered
}
