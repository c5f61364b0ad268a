package echoserver

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/spec2lib/websocket/internal/scripted"
)

// These tests use gorilla's own client to check the reference server, so
// that the steps can trust it.

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func dial(t *testing.T, url string, d *websocket.Dialer) *websocket.Conn {
	t.Helper()
	if d == nil {
		d = websocket.DefaultDialer
	}
	c, _, err := d.Dial(url, nil)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

func TestEchoKeepsType(t *testing.T) {
	for _, opts := range []Options{{}, {TLS: true}} {
		srv := Start(opts)
		t.Cleanup(srv.Close)
		d := &websocket.Dialer{TLSClientConfig: srv.ClientTLSConfig()}
		c := dial(t, srv.URL, d)
		for _, msg := range []struct {
			typ  int
			data string
		}{{websocket.TextMessage, "hello"}, {websocket.BinaryMessage, "\x00\xff"}, {websocket.TextMessage, ""}} {
			require.NoError(t, c.WriteMessage(msg.typ, []byte(msg.data)))
			typ, data, err := c.ReadMessage()
			require.NoError(t, err)
			assert.Equal(t, msg.typ, typ)
			assert.Equal(t, msg.data, string(data))
		}
	}
}

func TestTLSNeedsTrust(t *testing.T) {
	srv := Start(Options{TLS: true})
	defer srv.Close()
	assert.True(t, strings.HasPrefix(srv.URL, "wss://"))
	_, _, err := websocket.DefaultDialer.Dial(srv.URL, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "certificate")
}

func TestPingReportsPong(t *testing.T) {
	srv := Start(Options{})
	defer srv.Close()
	c := dial(t, srv.URL+"?ping=are+you+there", nil)
	var pinged string
	c.SetPingHandler(func(payload string) error {
		pinged = payload
		return c.WriteControl(websocket.PongMessage, []byte(payload), time.Time{})
	})
	_, data, err := c.ReadMessage()
	require.NoError(t, err)
	assert.Equal(t, "are you there", pinged)
	assert.Equal(t, "pong:are you there", string(data))
}

func TestCloseAfterMessages(t *testing.T) {
	srv := Start(Options{})
	defer srv.Close()
	c := dial(t, srv.URL+"?close=4001&reason=bye&after=1", nil)
	require.NoError(t, c.WriteMessage(websocket.TextMessage, []byte("one")))
	_, data, err := c.ReadMessage()
	require.NoError(t, err)
	assert.Equal(t, "one", string(data))
	_, _, err = c.ReadMessage()
	var ce *websocket.CloseError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 4001, ce.Code)
	assert.Equal(t, "bye", ce.Text)
	assert.Equal(t, CloseEvent{Code: 4001}, srv.NextClose(t), "gorilla's client echoes the code")
}

func TestReportsClientClose(t *testing.T) {
	srv := Start(Options{})
	defer srv.Close()
	c := dial(t, srv.URL, nil)
	msg := websocket.FormatCloseMessage(1001, "going away")
	require.NoError(t, c.WriteControl(websocket.CloseMessage, msg, time.Time{}))
	assert.Equal(t, CloseEvent{Code: 1001, Reason: "going away"}, srv.NextClose(t))
	_, _, err := c.ReadMessage()
	assert.True(t, websocket.IsCloseError(err, 1001), "the server echoes the code: %v", err)
}

// TestFragmentedEcho reads the echo frame by frame over raw TCP, since
// gorilla's client hides frames.
func TestFragmentedEcho(t *testing.T) {
	srv := Start(Options{})
	defer srv.Close()
	nc, err := net.Dial("tcp", strings.TrimSuffix(strings.TrimPrefix(srv.URL, "ws://"), "/"))
	require.NoError(t, err)
	defer nc.Close()
	key := "dGhlIHNhbXBsZSBub25jZQ=="
	_, err = io.WriteString(nc, "GET /?fragment=16 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"+
		"Connection: Upgrade\r\nSec-WebSocket-Key: "+key+"\r\nSec-WebSocket-Version: 13\r\n\r\n")
	require.NoError(t, err)
	br := bufio.NewReader(nc)
	resp, err := http.ReadResponse(br, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusSwitchingProtocols, resp.StatusCode)

	msg := strings.Repeat("0123456789", 10)
	out := scripted.Frame{Fin: true, Opcode: scripted.OpText, Masked: true, Key: [4]byte{1, 2, 3, 4}, Payload: []byte(msg)}
	_, err = nc.Write(out.Bytes())
	require.NoError(t, err)

	var got []byte
	for frames := 1; ; frames++ {
		f, err := scripted.ReadFrame(br)
		require.NoError(t, err)
		assert.LessOrEqual(t, len(f.Payload), 16)
		got = append(got, f.Payload...)
		if f.Fin {
			assert.Equal(t, 7, frames, "100 bytes in frames of 16")
			break
		}
	}
	assert.Equal(t, msg, string(got))
}

func TestRefuse(t *testing.T) {
	srv := Start(Options{})
	defer srv.Close()
	_, resp, err := websocket.DefaultDialer.Dial(srv.URL+"?status=403", nil)
	require.ErrorIs(t, err, websocket.ErrBadHandshake)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
}

func TestSubprotocols(t *testing.T) {
	srv := Start(Options{Subprotocols: []string{"chat"}})
	defer srv.Close()
	d := &websocket.Dialer{Subprotocols: []string{"other", "chat"}}
	c := dial(t, srv.URL, d)
	assert.Equal(t, "chat", c.Subprotocol())
}

// TestRawBytes: raw= sends its bytes as they are, before anything else;
// here a frame with RSV1 set, which gorilla's client refuses.
func TestRawBytes(t *testing.T) {
	srv := Start(Options{})
	defer srv.Close()
	nc, err := net.Dial("tcp", strings.TrimSuffix(strings.TrimPrefix(srv.URL, "ws://"), "/"))
	require.NoError(t, err)
	defer nc.Close()
	_, err = io.WriteString(nc, "GET /?raw=c1026869 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"+
		"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
	require.NoError(t, err)
	br := bufio.NewReader(nc)
	resp, err := http.ReadResponse(br, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusSwitchingProtocols, resp.StatusCode)
	f, err := scripted.ReadFrame(br)
	require.NoError(t, err)
	assert.Equal(t, scripted.Frame{Fin: true, RSV: 4, Opcode: scripted.OpText, Payload: []byte("hi")}, f)
}
