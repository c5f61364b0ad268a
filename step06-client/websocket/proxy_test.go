package websocket

import (
	"bufio"
	"cmp"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
	"github.com/spec2lib/websocket/internal/scripted"
)

// testProxy is a small HTTP CONNECT proxy. It can require basic auth,
// refuse every tunnel, and send every host to one address, so that tests
// can name hosts that do not exist.
type testProxy struct {
	ln       net.Listener
	user     string // "name:password" to require, or ""
	refuse   int    // a status to refuse every CONNECT with, or 0
	success  int    // the 2xx status that opens a tunnel; 0 means 200
	redirect string // dial this address whatever host is asked for, if set

	mu       sync.Mutex
	requests []string // the CONNECT targets, in order
	wg       sync.WaitGroup
}

func startProxy(t *testing.T, p *testProxy) *url.URL {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p.ln = ln
	p.wg.Add(1)
	go p.serve()
	t.Cleanup(func() {
		ln.Close()
		p.wg.Wait()
	})
	return &url.URL{Scheme: "http", Host: ln.Addr().String()}
}

func (p *testProxy) targets() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}

func (p *testProxy) serve() {
	defer p.wg.Done()
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			defer client.Close()
			p.tunnel(client)
		}()
	}
}

// tunnel answers one CONNECT and relays bytes both ways until either
// side closes.
func (p *testProxy) tunnel(client net.Conn) {
	br := bufio.NewReader(client)
	req, err := http.ReadRequest(br)
	if err != nil || req.Method != http.MethodConnect {
		return
	}
	p.mu.Lock()
	p.requests = append(p.requests, req.Host)
	p.mu.Unlock()
	if p.refuse != 0 {
		fmt.Fprintf(client, "HTTP/1.1 %d %s\r\nContent-Length: 0\r\n\r\n", p.refuse, http.StatusText(p.refuse))
		return
	}
	if p.user != "" && req.Header.Get("Proxy-Authorization") != "Basic "+base64.StdEncoding.EncodeToString([]byte(p.user)) {
		io.WriteString(client, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\nContent-Length: 0\r\n\r\n")
		return
	}
	addr := req.Host
	if p.redirect != "" {
		addr = p.redirect
	}
	server, err := net.Dial("tcp", addr)
	if err != nil {
		io.WriteString(client, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
		return
	}
	defer server.Close()
	status := cmp.Or(p.success, http.StatusOK)
	fmt.Fprintf(client, "HTTP/1.1 %d %s\r\n\r\n", status, http.StatusText(status))
	done := make(chan struct{})
	go func() {
		io.Copy(server, br) // br may hold bytes the client sent early
		server.(*net.TCPConn).CloseWrite()
		close(done)
	}()
	io.Copy(client, server)
	client.(*net.TCPConn).CloseWrite()
	<-done
}

func fixedProxy(u *url.URL) func(*url.URL) (*url.URL, error) {
	return func(*url.URL) (*url.URL, error) { return u, nil }
}

// echoThrough dials url with opts, sends a message and checks its echo.
func echoThrough(t *testing.T, url string, opts *Options) error {
	t.Helper()
	conn, _, err := Dial(testContext(t), url, opts)
	if err != nil {
		return err
	}
	defer conn.CloseNow()
	require.NoError(t, conn.WriteMessage(t.Context(), TextMessage, []byte("through the proxy")))
	_, got, err := conn.ReadMessage(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "through the proxy", string(got))
	return conn.Close(CloseNormalClosure, "")
}

func TestProxy(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	p := &testProxy{}
	proxyURL := startProxy(t, p)
	require.NoError(t, echoThrough(t, srv.URL, &Options{Proxy: fixedProxy(proxyURL)}))
	assert.Equal(t, []string{strings.TrimSuffix(strings.TrimPrefix(srv.URL, "ws://"), "/")}, p.targets())
}

// TestProxyWSS: TLS runs end to end through the tunnel; the proxy sees
// only the host it is asked to connect to.
func TestProxyWSS(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{TLS: true})
	defer srv.Close()
	p := &testProxy{}
	proxyURL := startProxy(t, p)
	opts := &Options{Proxy: fixedProxy(proxyURL), TLSConfig: srv.ClientTLSConfig()}
	require.NoError(t, echoThrough(t, srv.URL, opts))
	assert.Len(t, p.targets(), 1)
}

func TestProxyBasicAuth(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	proxyURL := startProxy(t, &testProxy{user: "scraper:s3cret"})

	withCreds := *proxyURL
	withCreds.User = url.UserPassword("scraper", "s3cret")
	require.NoError(t, echoThrough(t, srv.URL, &Options{Proxy: fixedProxy(&withCreds)}))

	_, _, err := Dial(testContext(t), srv.URL, &Options{Proxy: fixedProxy(proxyURL)})
	var perr *ProxyError
	require.ErrorAs(t, err, &perr)
	assert.Equal(t, http.StatusProxyAuthRequired, perr.StatusCode)

	wrong := *proxyURL
	wrong.User = url.UserPassword("scraper", "guess")
	_, _, err = Dial(testContext(t), srv.URL, &Options{Proxy: fixedProxy(&wrong)})
	require.ErrorAs(t, err, &perr)
	assert.NotContains(t, err.Error(), "guess", "a password never appears in an error")
}

// TestProxyAnySuccessOpensTheTunnel: "Any 2xx (Successful) response"
// to CONNECT opens the tunnel (RFC 9110 §9.3.6), not only 200.
func TestProxyAnySuccessOpensTheTunnel(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	for _, status := range []int{http.StatusOK, http.StatusAccepted} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			proxyURL := startProxy(t, &testProxy{success: status})
			require.NoError(t, echoThrough(t, srv.URL, &Options{Proxy: fixedProxy(proxyURL)}))
		})
	}
}

func TestProxyRefuses(t *testing.T) {
	proxyURL := startProxy(t, &testProxy{refuse: http.StatusForbidden})
	_, _, err := Dial(testContext(t), "ws://feed.example:80/", &Options{Proxy: fixedProxy(proxyURL)})
	var perr *ProxyError
	require.ErrorAs(t, err, &perr)
	assert.Equal(t, http.StatusForbidden, perr.StatusCode)
	assert.EqualError(t, err, "websocket: proxy "+proxyURL.Host+" refused the tunnel: 403 Forbidden")
}

func TestProxyOnlyHTTP(t *testing.T) {
	socks := &url.URL{Scheme: "socks5", Host: "127.0.0.1:1080"}
	_, _, err := Dial(testContext(t), "ws://feed.example/", &Options{Proxy: fixedProxy(socks)})
	assert.ErrorContains(t, err, "only http:// proxies are supported")
}

// TestProxyFromEnvironment runs in a child process, because
// http.ProxyFromEnvironment reads the environment once per process. The
// proxy sends every host to the echo server, so the URL can name a host
// that does not resolve: only a connection through the proxy can work.
func TestProxyFromEnvironment(t *testing.T) {
	if os.Getenv("WS_PROXY_CHILD") != "" {
		proxyFromEnvironmentChild(t)
		return
	}
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	p := &testProxy{redirect: strings.TrimSuffix(strings.TrimPrefix(srv.URL, "ws://"), "/")}
	proxyURL := startProxy(t, p)

	tests := []struct {
		name    string
		env     []string
		wantErr string // "" for success through the proxy
	}{
		{"HTTP_PROXY carries ws://", []string{"HTTP_PROXY=" + proxyURL.String()}, ""},
		{"user:password from the proxy URL",
			[]string{"HTTP_PROXY=http://user:pw@" + proxyURL.Host}, ""},
		{"NO_PROXY bypasses it", []string{"HTTP_PROXY=" + proxyURL.String(), "NO_PROXY=.invalid"}, "lookup echo.invalid"},
		{"HTTPS_PROXY is for wss:// only", []string{"HTTPS_PROXY=" + proxyURL.String()}, "lookup echo.invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestProxyFromEnvironment$")
			cmd.Env = append(os.Environ(), "WS_PROXY_CHILD=1", "WS_PROXY_WANT="+tt.wantErr,
				"HTTP_PROXY=", "HTTPS_PROXY=", "NO_PROXY=", "http_proxy=", "https_proxy=", "no_proxy=")
			cmd.Env = append(cmd.Env, tt.env...)
			out, err := cmd.CombinedOutput()
			assert.NoError(t, err, "child:\n%s", out)
		})
	}
	assert.NotEmpty(t, p.targets(), "the proxy was used")
}

func proxyFromEnvironmentChild(t *testing.T) {
	_, _, err := Dial(testContext(t), "ws://echo.invalid:8080/", nil)
	want := os.Getenv("WS_PROXY_WANT")
	if want == "" {
		require.NoError(t, err)
		return
	}
	require.Error(t, err)
	assert.Contains(t, err.Error(), want)
}

// TestProxyRefusalWithEndlessBody: a 407 whose body never ends is
// reported as the refusal it is, at once: the status decides, and the
// body is never read.
func TestProxyRefusalWithEndlessBody(t *testing.T) {
	proxy := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := http.ReadRequest(c.R); err != nil {
			return err
		}
		// A body that announces a terabyte, and keeps coming: closing it
		// the way net/http does would read it all.
		if _, err := io.WriteString(c, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n"+
			"Content-Length: 1000000000000\r\n\r\n"); err != nil {
			return err
		}
		chunk := strings.Repeat("x", 4096)
		for {
			if _, err := io.WriteString(c, chunk); err != nil {
				return nil // the client hung up, as it should
			}
		}
	})
	proxyURL := &url.URL{Scheme: "http", Host: proxy.Addr}
	_, _, err := Dial(testContext(t), "ws://feed.example/", &Options{Proxy: fixedProxy(proxyURL)})
	var perr *ProxyError
	require.ErrorAs(t, err, &perr)
	assert.Equal(t, http.StatusProxyAuthRequired, perr.StatusCode)
}

// TestProxyAnswerIsBounded: a proxy whose answer's headers never end
// gets an error once maxHeaderBytes have come in.
func TestProxyAnswerIsBounded(t *testing.T) {
	proxy := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := http.ReadRequest(c.R); err != nil {
			return err
		}
		if _, err := io.WriteString(c, "HTTP/1.1 200 Connection Established\r\n"); err != nil {
			return err
		}
		for {
			if _, err := io.WriteString(c, "X-Filler: "+strings.Repeat("y", 100)+"\r\n"); err != nil {
				return nil
			}
		}
	})
	proxyURL := &url.URL{Scheme: "http", Host: proxy.Addr}
	_, _, err := Dial(testContext(t), "ws://feed.example/", &Options{Proxy: fixedProxy(proxyURL)})
	assert.ErrorIs(t, err, errHeadTooLarge)
	assert.EqualError(t, err, "websocket: proxy: reading its answer: the response's headers are over 1048576 bytes")
}
