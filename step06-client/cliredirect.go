package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"context"

	"github.com/spec2lib/websocket/step06-client/websocket"
)

// dial opens the connection. With -L it follows the opening handshake's
// redirects (3xx with a Location), as wscat's -L does, up to
// --max-redirects: never from wss:// to ws://, never in a loop, and
// without the Authorization header once a redirect leads to another
// host, which was not meant to get it. With -trace, each redirect is
// reported on trace.
func (w *wscatConfig) dial(ctx context.Context, rawURL string, opts *websocket.Options, trace io.Writer) (*websocket.Conn, error) {
	visited := []string{rawURL}
	for redirects := 0; ; redirects++ {
		conn, _, err := websocket.Dial(ctx, rawURL, opts)
		var herr *websocket.HandshakeError
		if err == nil || !errors.As(err, &herr) || !isRedirect(herr.StatusCode) {
			return conn, err
		}
		loc := herr.Response.Header.Get("Location")
		switch {
		case loc == "":
			return nil, fmt.Errorf("%w, a redirect with no Location", err)
		case !w.location:
			return nil, fmt.Errorf("%w, a redirect to %s (-L follows it)", err, loc)
		case redirects == w.maxRedirects:
			return nil, fmt.Errorf("-L: stopped after %d redirects (--max-redirects); the next was to %s", redirects, loc)
		}
		next, err := redirectURL(rawURL, loc)
		if err != nil {
			return nil, err
		}
		for _, v := range visited {
			if v == next {
				return nil, fmt.Errorf("-L: a redirect loop: %s leads back to %s", rawURL, next)
			}
		}
		visited = append(visited, next)
		if !sameHost(rawURL, next) && opts.Header.Get("Authorization") != "" {
			o := *opts
			o.Header = opts.Header.Clone()
			o.Header.Del("Authorization")
			opts = &o
		}
		if trace != nil {
			fmt.Fprintf(trace, "-L: %d %s: %s\n", herr.StatusCode, http.StatusText(herr.StatusCode), next)
		}
		rawURL = next
	}
}

// isRedirect reports whether status asks the client to go elsewhere.
func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// redirectURL resolves a Location against the URL that answered it. A
// server may name the next URL as http:// or https://, which mean ws://
// and wss:// here; any other scheme is refused, and so is the step from
// wss:// down to ws://, which would send in the clear what was meant to
// be encrypted.
func redirectURL(from, location string) (string, error) {
	base, err := url.Parse(from)
	if err != nil {
		return "", err
	}
	loc, err := url.Parse(location)
	if err != nil {
		return "", fmt.Errorf("-L: the redirect's Location %q is not a URL: %w", location, err)
	}
	u := base.ResolveReference(loc)
	u.Fragment, u.RawFragment = "", "" // a WebSocket URL has none (RFC 6455 §3)
	switch u.Scheme {
	case "http":
		u.Scheme = "ws"
	case "https":
		u.Scheme = "wss"
	case "ws", "wss":
	default:
		return "", fmt.Errorf("-L: refused a redirect to %s: a %s: URL is not a WebSocket's (want ws, wss, http or https)", u.Redacted(), u.Scheme)
	}
	if base.Scheme == "wss" && u.Scheme == "ws" {
		return "", fmt.Errorf("-L: refused a redirect from wss:// to ws:// (%s): the connection would no longer be encrypted", u.Redacted())
	}
	return u.String(), nil
}

// sameHost reports whether two URLs name the same host, whatever their
// ports: the Authorization header may follow a redirect only there.
func sameHost(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && strings.EqualFold(ua.Hostname(), ub.Hostname())
}
