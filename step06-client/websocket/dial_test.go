package websocket

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
	"github.com/spec2lib/websocket/internal/scripted"
)

// testTimeout bounds each dial, so that a broken handshake fails the test
// instead of hanging it. It is a guard, not something the tests measure.
const testTimeout = 10 * time.Second

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

func TestDialGorilla(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()

	conn, resp, err := Dial(testContext(t), srv.URL+"chat?room=go", nil)
	require.NoError(t, err)
	defer conn.CloseNow()
	assert.Equal(t, http.StatusSwitchingProtocols, resp.StatusCode)
	assert.Empty(t, resp.Header.Get("Sec-WebSocket-Protocol"))
}

func TestDialGorillaSubprotocol(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{Subprotocols: []string{"superchat", "chat"}})
	defer srv.Close()

	header := http.Header{"Sec-WebSocket-Protocol": {"chat"}}
	conn, resp, err := Dial(testContext(t), srv.URL, &Options{Header: header})
	require.NoError(t, err)
	defer conn.CloseNow()
	assert.Equal(t, "chat", resp.Header.Get("Sec-WebSocket-Protocol"))
}

// TestDialSendsRFCRequest checks the request as the server reads it.
func TestDialSendsRFCRequest(t *testing.T) {
	requests := make(chan *http.Request, 1)
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		req, err := c.Handshake()
		requests <- req
		return err
	})

	header := http.Header{"Origin": {"http://example.com"}}
	conn, _, err := Dial(testContext(t), srv.URL+"feed?symbol=GO", &Options{Header: header})
	require.NoError(t, err)
	defer conn.CloseNow()

	req := <-requests
	require.NotNil(t, req)
	assert.Equal(t, http.MethodGet, req.Method)
	assert.Equal(t, "/feed?symbol=GO", req.RequestURI)
	assert.Equal(t, srv.Addr, req.Host)
	assert.Equal(t, "websocket", req.Header.Get("Upgrade"))
	assert.Equal(t, "Upgrade", req.Header.Get("Connection"))
	assert.Equal(t, "13", req.Header.Get("Sec-WebSocket-Version"))
	assert.Equal(t, "http://example.com", req.Header.Get("Origin"))
	key, err := base64.StdEncoding.DecodeString(req.Header.Get("Sec-WebSocket-Key"))
	require.NoError(t, err)
	assert.Len(t, key, 16)
}

// respond is a script that answers the handshake with a response built
// from the request, then waits for the client to hang up.
func respond(build func(req *http.Request) string) scripted.Script {
	return func(c *scripted.Conn) error {
		req, err := c.ReadRequest()
		if err != nil {
			return err
		}
		if _, err := io.WriteString(c, build(req)); err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, c.R) // until the client closes TCP
		return nil
	}
}

func accept(req *http.Request) string {
	return scripted.AcceptKey(req.Header.Get("Sec-WebSocket-Key"))
}

// handshakeFailure is a response that Dial must refuse, with the error
// it must refuse it with.
type handshakeFailure struct {
	name        string
	offer       http.Header
	compression Compression
	resp        func(req *http.Request) string
	wantErr     error
	wantMsg     string
}

func TestHandshakeFailures(t *testing.T) {
	tests := []handshakeFailure{
		{
			name: "403 instead of 101",
			resp: func(*http.Request) string {
				return "HTTP/1.1 403 Forbidden\r\nContent-Length: 9\r\n\r\nforbidden"
			},
			wantErr: errNotSwitching, wantMsg: "status 403 Forbidden",
		},
		{
			name: "200 instead of 101",
			resp: func(req *http.Request) string {
				return "HTTP/1.1 200 OK\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
					"Sec-WebSocket-Accept: " + accept(req) + "\r\nContent-Length: 0\r\n\r\n"
			},
			wantErr: errNotSwitching, wantMsg: "status 200 OK",
		},
		{
			name: "wrong accept",
			resp: func(*http.Request) string {
				return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
					"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"
			},
			wantErr: errBadAccept, wantMsg: "does not match our key",
		},
		{
			name: "no accept",
			resp: func(*http.Request) string {
				return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
			},
			wantErr: errBadAccept, wantMsg: `got []`,
		},
		{
			name: "two accepts, the first right (§11.3.3)",
			resp: func(req *http.Request) string {
				return scripted.Response101(req, "Sec-WebSocket-Accept: "+accept(req))
			},
			wantErr: errBadAccept, wantMsg: "got [",
		},
		{
			name: "missing Upgrade",
			resp: func(req *http.Request) string {
				return "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n" +
					"Sec-WebSocket-Accept: " + accept(req) + "\r\n\r\n"
			},
			wantErr: errNoUpgrade, wantMsg: `lacks "Upgrade: websocket"`,
		},
		{
			name: "Upgrade to another protocol",
			resp: func(req *http.Request) string {
				return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n" +
					"Sec-WebSocket-Accept: " + accept(req) + "\r\n\r\n"
			},
			wantErr: errNoUpgrade, wantMsg: `got "h2c"`,
		},
		{
			name: "missing Connection",
			resp: func(req *http.Request) string {
				return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n" +
					"Sec-WebSocket-Accept: " + accept(req) + "\r\n\r\n"
			},
			wantErr: errNoConnection, wantMsg: `lacks "Connection: Upgrade"`,
		},
		{
			name: "Connection without the upgrade token",
			resp: func(req *http.Request) string {
				return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: keep-alive\r\n" +
					"Sec-WebSocket-Accept: " + accept(req) + "\r\n\r\n"
			},
			wantErr: errNoConnection, wantMsg: "keep-alive",
		},
		{
			name: "a subprotocol when none was offered",
			resp: func(req *http.Request) string {
				return scripted.Response101(req, "Sec-WebSocket-Protocol: chat")
			},
			wantErr: errUnofferedProtocol, wantMsg: `got ["chat"]`,
		},
		{
			name:  "a subprotocol other than those offered",
			offer: http.Header{"Sec-WebSocket-Protocol": {"v1.feed, v2.feed"}},
			resp: func(req *http.Request) string {
				return scripted.Response101(req, "Sec-WebSocket-Protocol: v3.feed")
			},
			wantErr: errUnofferedProtocol, wantMsg: `offered ["v1.feed" "v2.feed"]`,
		},
		{
			name:        "an extension when none was offered",
			compression: CompressionDisabled,
			resp: func(req *http.Request) string {
				return scripted.Response101(req, "Sec-WebSocket-Extensions: permessage-deflate")
			},
			wantErr: errUnofferedExtension, wantMsg: "permessage-deflate",
		},
		{
			name: "an extension other than the one offered",
			resp: func(req *http.Request) string {
				return scripted.Response101(req, "Sec-WebSocket-Extensions: x-webkit-deflate-frame")
			},
			wantErr: errUnofferedExtension, wantMsg: "x-webkit-deflate-frame",
		},
	}
	// RFC 7692 §7: the answers to our offer of permessage-deflate that a
	// client must refuse.
	for _, bad := range []struct {
		name, extensions string
		wantErr          error
		wantMsg          string
	}{
		{"an unknown parameter", "permessage-deflate; fast", errBadDeflate, `unknown parameter "fast"`},
		{"a parameter twice", "permessage-deflate; server_no_context_takeover; server_no_context_takeover", errBadDeflate, "server_no_context_takeover twice"},
		{"a window of 7 bits", "permessage-deflate; server_max_window_bits=7", errBadDeflate, `server_max_window_bits="7"`},
		{"a window of 16 bits", "permessage-deflate; server_max_window_bits=16", errBadDeflate, `server_max_window_bits="16"`},
		{"a window with a leading zero", "permessage-deflate; server_max_window_bits=09", errBadDeflate, `server_max_window_bits="09"`},
		{"a window with no size", "permessage-deflate; server_max_window_bits", errBadDeflate, "want a window size of 8 to 15 bits"},
		{"client_max_window_bits, not offered", "permessage-deflate; client_max_window_bits=15", errBadDeflate, "client_max_window_bits, which we did not offer"},
		{"a value for a parameter that has none", "permessage-deflate; client_no_context_takeover=1", errBadDeflate, "the parameter has no value"},
		{"permessage-deflate twice", "permessage-deflate, permessage-deflate", errBadDeflate, "permessage-deflate 2 times"},
		{"permessage-deflate twice, in two headers", "permessage-deflate\r\nSec-WebSocket-Extensions: permessage-deflate", errBadDeflate, "permessage-deflate 2 times"},
		{"a list that does not parse (RFC 6455 §9.1)", "permessage-deflate; =15", errBadExtensions, "'=' where a token should be"},
	} {
		tests = append(tests, handshakeFailure{
			name: "permessage-deflate with " + bad.name,
			resp: func(req *http.Request) string {
				return scripted.Response101(req, "Sec-WebSocket-Extensions: "+bad.extensions)
			},
			wantErr: bad.wantErr, wantMsg: bad.wantMsg,
		})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := scripted.Start(t, respond(tt.resp))
			conn, _, err := Dial(testContext(t), srv.URL, &Options{Header: tt.offer, Compression: tt.compression})
			if conn != nil { // wrongly accepted: hang up, so that the server's script ends at once
				conn.CloseNow()
			}
			require.Error(t, err)
			assert.Nil(t, conn)
			assert.ErrorIs(t, err, tt.wantErr)
			assert.Contains(t, err.Error(), tt.wantMsg)
		})
	}
}

// TestHandshakeFailureKeepsResponse: the caller can see what the server
// said, for example its status code.
func TestHandshakeFailureKeepsResponse(t *testing.T) {
	srv := scripted.Start(t, respond(func(*http.Request) string {
		return "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 30\r\nContent-Length: 0\r\n\r\n"
	}))
	_, resp, err := Dial(testContext(t), srv.URL, nil)
	require.ErrorIs(t, err, errNotSwitching)
	require.NotNil(t, resp)
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.Equal(t, "30", resp.Header.Get("Retry-After"))
}

func TestSubprotocolOffered(t *testing.T) {
	srv := scripted.Start(t, respond(func(req *http.Request) string {
		return scripted.Response101(req, "Sec-WebSocket-Protocol: v2.feed")
	}))
	offer := http.Header{"Sec-WebSocket-Protocol": {"v1.feed, v2.feed"}}
	conn, resp, err := Dial(testContext(t), srv.URL, &Options{Header: offer})
	require.NoError(t, err)
	defer conn.CloseNow()
	assert.Equal(t, "v2.feed", resp.Header.Get("Sec-WebSocket-Protocol"))
}

// TestResponseByteByByte: TCP may deliver the response in any number of
// pieces; the HTTP reader must put it back together.
func TestResponseByteByByte(t *testing.T) {
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		req, err := c.ReadRequest()
		if err != nil {
			return err
		}
		resp := scripted.Response101(req, "Sec-WebSocket-Protocol: chat")
		if err := c.WriteChopped([]byte(resp), 1); err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, c.R)
		return nil
	})
	offer := http.Header{"Sec-WebSocket-Protocol": {"chat"}}
	conn, resp, err := Dial(testContext(t), srv.URL, &Options{Header: offer})
	require.NoError(t, err)
	defer conn.CloseNow()
	assert.Equal(t, "chat", resp.Header.Get("Sec-WebSocket-Protocol"))
}

// TestFirstFrameInSameWrite: a server may send its first frame in the
// same packet as the response. Those bytes sit in the reader's buffer
// after the handshake and must still be there for the frame reader.
func TestFirstFrameInSameWrite(t *testing.T) {
	frame := scripted.Text("welcome")
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		req, err := c.ReadRequest()
		if err != nil {
			return err
		}
		if _, err := io.WriteString(c, scripted.Response101(req)+string(frame)); err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, c.R)
		return nil
	})
	conn, _, err := Dial(testContext(t), srv.URL, nil)
	require.NoError(t, err)
	defer conn.CloseNow()

	got := make([]byte, len(frame))
	_, err = io.ReadFull(conn.read.br, got)
	require.NoError(t, err)
	assert.Equal(t, frame, got)
}

// TestServerNeverAnswers: the context's deadline ends a handshake that
// gets no response, and the client hangs up.
func TestServerNeverAnswers(t *testing.T) {
	hungUp := make(chan error, 1)
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.ReadRequest(); err != nil {
			return err
		}
		_, err := io.Copy(io.Discard, c.R) // say nothing; wait for the client to go
		hungUp <- err
		return nil
	})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	conn, resp, err := Dial(ctx, srv.URL, nil)
	require.Error(t, err)
	assert.Nil(t, conn)
	assert.Nil(t, resp)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "handshake with "+srv.Addr)
	assert.NoError(t, <-hungUp, "the client closed TCP")
}

func TestDialCancelled(t *testing.T) {
	started := make(chan struct{})
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.ReadRequest(); err != nil {
			return err
		}
		close(started)
		_, _ = io.Copy(io.Discard, c.R)
		return nil
	})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-started
		cancel()
	}()
	_, _, err := Dial(ctx, srv.URL, nil)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestDialRefused(t *testing.T) {
	srv := scripted.Start(t, func(*scripted.Conn) error { return nil })
	addr := srv.Addr
	require.NoError(t, srv.Close())
	_, _, err := Dial(testContext(t), "ws://"+addr+"/", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "connection refused")
}

// TestRefusalQuotesTheBody: a refusal's error quotes the start of what
// the server said, and the caller can still read it from the response.
func TestRefusalQuotesTheBody(t *testing.T) {
	body := "you are not allowed here. " + strings.Repeat("x", 5000)
	srv := scripted.Start(t, respond(func(*http.Request) string {
		return fmt.Sprintf("HTTP/1.1 403 Forbidden\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	}))
	_, resp, err := Dial(testContext(t), srv.URL, nil)
	require.ErrorIs(t, err, errNotSwitching)
	assert.Contains(t, err.Error(), `status 403 Forbidden; the server said "you are not allowed here. xxx`)
	kept, err := io.ReadAll(resp.Body)
	require.NoError(t, err, "the body can be read after the connection is gone")
	assert.Len(t, kept, maxErrorBody, "the body is kept, but bounded")
}

// TestRefusalBodyIsBounded: the body of a refusal is read for the
// error's sake only, so both its size and the wait for it are bounded.
// A body that never ends is read up to maxErrorBody bytes, and a body that
// stops coming is waited for errorBodyTimeout. Either way Dial reports
// the refusal, quoting what came, well before its context ends.
func TestRefusalBodyIsBounded(t *testing.T) {
	// A context far longer than errorBodyTimeout, and much shorter than
	// testTimeout, so that a client that waits for it fails fast.
	bodyContext := func(t *testing.T) context.Context {
		ctx, cancel := context.WithTimeout(context.Background(), 5*errorBodyTimeout)
		t.Cleanup(cancel)
		return ctx
	}
	t.Run("a body that never ends", func(t *testing.T) {
		// The server stops writing at far more than maxErrorBody and the
		// sockets' buffers hold, and then only waits: a client that reads
		// to the end has read all of it, and waits for more.
		const endless = 8 << 20
		written := make(chan int, 1)
		srv := scripted.Start(t, func(c *scripted.Conn) error {
			if _, err := c.ReadRequest(); err != nil {
				return err
			}
			// A fixed send buffer, which the kernel does not grow.
			if err := c.Conn.(*net.TCPConn).SetWriteBuffer(64 << 10); err != nil {
				return err
			}
			n, err := io.WriteString(c, "HTTP/1.1 403 Forbidden\r\n\r\nno. ")
			chunk := strings.Repeat("x", 4096)
			for err == nil && n < endless {
				var m int
				m, err = io.WriteString(c, chunk)
				n += m
			}
			written <- n
			_, _ = io.Copy(io.Discard, c.R) // until the client closes TCP
			return nil
		})
		ctx := bodyContext(t)
		_, _, err := Dial(ctx, srv.URL, nil)
		require.ErrorIs(t, err, errNotSwitching)
		assert.Contains(t, err.Error(), `status 403 Forbidden; the server said "no. xxx`)
		select {
		case n := <-written:
			assert.Less(t, n, endless, "the client read the whole body")
		case <-ctx.Done():
			t.Fatal("the server is still writing: the client neither reads nor hangs up")
		}
	})
	t.Run("a body that stops coming", func(t *testing.T) {
		srv := scripted.Start(t, respond(func(*http.Request) string {
			return "HTTP/1.1 403 Forbidden\r\nContent-Length: 100\r\n\r\nno entry"
		}))
		_, _, err := Dial(bodyContext(t), srv.URL, nil)
		require.ErrorIs(t, err, errNotSwitching, "the wait for the body ends before the context does")
		assert.Contains(t, err.Error(), `status 403 Forbidden; the server said "no entry"`)
	})
}

// TestResponseHeadIsBounded: a server whose headers never end, or whose
// one header line never ends, gets an error once maxHeaderBytes have
// come in, not the whole of the client's memory. The scripts write until
// the client hangs up.
func TestResponseHeadIsBounded(t *testing.T) {
	tests := []struct {
		name        string
		start, more string
	}{
		{"endless headers", "HTTP/1.1 101 Switching Protocols\r\n", "X-Filler: " + strings.Repeat("y", 100) + "\r\n"},
		{"one endless header line", "HTTP/1.1 101 Switching Protocols\r\nX-Filler: ", strings.Repeat("y", 4096)},
		{"an endless status line", "HTTP/1.1 101 ", strings.Repeat("S", 4096)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := scripted.Start(t, func(c *scripted.Conn) error {
				if _, err := c.ReadRequest(); err != nil {
					return err
				}
				if _, err := io.WriteString(c, tt.start); err != nil {
					return err
				}
				for {
					if _, err := io.WriteString(c, tt.more); err != nil {
						return nil // the client hung up, as it should
					}
				}
			})
			_, _, err := Dial(testContext(t), srv.URL, nil)
			require.ErrorIs(t, err, errHeadTooLarge)
			assert.EqualError(t, err, "websocket: reading the handshake response: the response's headers are over 1048576 bytes")
		})
	}
}

// TestHeadLimitLiftsAfterTheHead: the limit covers the head only; the
// frames that follow it are not counted.
func TestHeadLimitLiftsAfterTheHead(t *testing.T) {
	lim := &headLimit{r: strings.NewReader("abcdef"), n: 2}
	buf := make([]byte, 10)
	n, err := lim.Read(buf)
	require.NoError(t, err)
	assert.Equal(t, "ab", string(buf[:n]))
	_, err = lim.Read(buf)
	assert.ErrorIs(t, err, errHeadTooLarge)
	lim.lift()
	n, err = lim.Read(buf)
	require.NoError(t, err)
	assert.Equal(t, "cdef", string(buf[:n]))
}
