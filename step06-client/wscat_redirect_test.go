package main

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/spec2lib/websocket/internal/echoserver"
	"github.com/spec2lib/websocket/internal/peers"
)

// redirector answers each path with a redirect: routes maps a path to
// its status and Location. It records the Authorization header of each
// request it gets.
type redirector struct {
	*httptest.Server
	mu    sync.Mutex
	auths []string
}

type route struct {
	status   int
	location string
}

func startRedirector(t *testing.T, routes func(base string) map[string]route) *redirector {
	r := &redirector{}
	var table map[string]route
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.auths = append(r.auths, req.Header.Get("Authorization"))
		r.mu.Unlock()
		rt, ok := table[req.URL.Path]
		if !ok {
			http.NotFound(w, req)
			return
		}
		w.Header().Set("Location", rt.location)
		w.WriteHeader(rt.status)
	}))
	t.Cleanup(r.Close)
	table = routes(strings.Replace(r.URL, "http://", "ws://", 1))
	return r
}

func (r *redirector) authorizations() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.auths...)
}

// TestWscatRedirectChain: -L follows a 301 from a Go server to Python
// websockets, whose 302 leads to gorilla's echo server; Locations given
// as http:// and as a path are taken as ws:// URLs. Without -L, the
// redirect is an error that says where it led.
func TestWscatRedirectChain(t *testing.T) {
	echo := echoserver.Start(echoserver.Options{})
	defer echo.Close()
	py := peers.Start(t, peers.Python, nil)
	viaPython := py.URL + "?status=302&location=" + url.QueryEscape(strings.Replace(echo.URL, "ws://", "http://", 1))
	r := startRedirector(t, func(string) map[string]route {
		return map[string]route{
			"/start": {http.StatusMovedPermanently, "/moved"},
			"/moved": {http.StatusMovedPermanently, viaPython},
		}
	})
	start := strings.Replace(r.URL, "http://", "ws://", 1) + "/start"

	code, stdout, stderr := runCLI(t, "followed\n", "-L", "-trace", start)
	assert.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Equal(t, "followed\n", stdout)
	assert.Contains(t, stderr, "-L: 301 Moved Permanently: "+strings.TrimSuffix(start, "/start")+"/moved\n")
	assert.Contains(t, stderr, "-L: 301 Moved Permanently: "+viaPython+"\n")
	assert.Contains(t, stderr, "-L: 302 Found: "+echo.URL+"\n")

	code, _, stderr = runCLI(t, "", start)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "status 301 Moved Permanently, a redirect to /moved (-L follows it)")

	code, _, stderr = runCLI(t, "", "-L", "--max-redirects", "1", start)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "-L: stopped after 1 redirects (--max-redirects); the next was to "+viaPython)
}

// TestWscatRedirectRefused: a loop, a step down from wss:// to ws://,
// and a scheme that is not a WebSocket's end with a clear error and
// status 1, and never hang.
func TestWscatRedirectRefused(t *testing.T) {
	r := startRedirector(t, func(base string) map[string]route {
		return map[string]route{
			"/a":       {http.StatusFound, "/b"},
			"/b":       {http.StatusTemporaryRedirect, base + "/a"},
			"/ftp":     {http.StatusFound, "ftp://example.com/file"},
			"/nowhere": {http.StatusFound, ""},
		}
	})
	base := strings.Replace(r.URL, "http://", "ws://", 1)
	tests := []struct {
		url, want string
	}{
		{base + "/a", "-L: a redirect loop: " + base + "/b leads back to " + base + "/a"},
		{base + "/ftp", "-L: refused a redirect to ftp://example.com/file: a ftp: URL is not a WebSocket's"},
		{base + "/nowhere", "status 302 Found, a redirect with no Location"},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, "", "-L", tt.url)
		assert.Equal(t, 1, code, tt.url)
		assert.Contains(t, stderr, tt.want, tt.url)
	}

	// wss:// to ws://: the TLS server's Location says ws://.
	plain := echoserver.Start(echoserver.Options{})
	defer plain.Close()
	secure := httptest.NewTLSServer(http.RedirectHandler(plain.URL, http.StatusFound))
	defer secure.Close()
	caFile := writeCertPEM(t, secure.Certificate())
	code, _, stderr := runCLI(t, "", "-L", "--ca", caFile, strings.Replace(secure.URL, "https://", "wss://", 1))
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "-L: refused a redirect from wss:// to ws:// ("+plain.URL+"): the connection would no longer be encrypted")
}

// TestWscatRedirectDropsAuthorization: Authorization (from --auth or -H)
// follows a redirect on the same host, and is dropped on the way to
// another: here from 127.0.0.1 to localhost.
func TestWscatRedirectDropsAuthorization(t *testing.T) {
	for _, tt := range []struct {
		name string
		host string // the final server's host, as the redirect names it
		args []string
		want string // the Authorization the final server gets
	}{
		{"same host, --auth", "127.0.0.1", []string{"--auth", "u:p"}, "Basic dTpw"},
		{"another host, --auth", "localhost", []string{"--auth", "u:p"}, ""},
		{"another host, -H", "localhost", []string{"-H", "Authorization: Bearer t0k3n"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			final, headers := headerServer(t)
			finalURL := strings.Replace(final.URL, "127.0.0.1", tt.host, 1)
			r := startRedirector(t, func(string) map[string]route {
				return map[string]route{"/": {http.StatusFound, finalURL}}
			})
			args := append(append([]string{"-L"}, tt.args...), strings.Replace(r.URL, "http://", "ws://", 1)+"/")
			code, _, stderr := runCLI(t, "", args...)
			assert.Equal(t, 0, code, "stderr: %s", stderr)
			assert.NotEmpty(t, r.authorizations()[0], "the first server got it")
			assert.Equal(t, tt.want, (<-headers).Get("Authorization"))
		})
	}
}
