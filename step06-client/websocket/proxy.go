package websocket

import (
	"bufio"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// dialProxy opens a tunnel to addr through an HTTP proxy, with the
// CONNECT method (RFC 9110 §9.3.6); TLS and the WebSocket handshake then
// run end to end through it.
func dialProxy(ctx context.Context, proxy *url.URL, addr string) (net.Conn, error) {
	if proxy.Scheme != "http" {
		return nil, fmt.Errorf("websocket: proxy %s: only http:// proxies are supported", proxy.Redacted())
	}
	proxyAddr := proxy.Host
	if proxy.Port() == "" {
		proxyAddr = net.JoinHostPort(proxy.Hostname(), "80")
	}
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", proxyAddr)
	if err != nil {
		return nil, fmt.Errorf("websocket: proxy: %w", err)
	}
	stop := context.AfterFunc(ctx, func() { nc.SetDeadline(time.Unix(1, 0)) })
	err = connect(nc, proxy, addr)
	if !stop() {
		err = fmt.Errorf("websocket: proxy %s: %w", proxyAddr, ctx.Err())
	}
	if err != nil {
		nc.Close()
		return nil, err
	}
	return nc, nil
}

// connect sends the CONNECT request and reads the head of the proxy's
// answer, bounded as the handshake response's is. Only the status
// matters: the body of a refusal is never read.
func connect(nc net.Conn, proxy *url.URL, addr string) error {
	req := "CONNECT " + addr + " HTTP/1.1\r\nHost: " + addr + "\r\n"
	if u := proxy.User; u != nil {
		pass, _ := u.Password()
		cred := base64.StdEncoding.EncodeToString([]byte(u.Username() + ":" + pass))
		req += "Proxy-Authorization: Basic " + cred + "\r\n"
	}
	if _, err := io.WriteString(nc, req+"\r\n"); err != nil {
		return fmt.Errorf("websocket: proxy: %w", err)
	}
	br := bufio.NewReader(&headLimit{r: nc, n: maxHeaderBytes})
	resp, err := http.ReadResponse(br, &http.Request{Method: http.MethodConnect})
	if err != nil {
		return fmt.Errorf("websocket: proxy: reading its answer: %w", err)
	}
	// "Any 2xx (Successful) response indicates that the sender ... will
	// switch to tunnel mode" (RFC 9110 §9.3.6).
	if resp.StatusCode/100 != 2 {
		return &ProxyError{Proxy: proxy.Host, StatusCode: resp.StatusCode, Status: resp.Status}
	}
	// The tunnel is ours from here: a 2xx answer to CONNECT has no body,
	// and the proxy must not have sent more.
	if br.Buffered() > 0 {
		return errors.New("websocket: proxy sent data before the tunnel was used")
	}
	return nil
}
