package websocket

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"io"
	mathrand "math/rand/v2"
	"net"
	"net/http"
	"strings"

	coder "github.com/coder/websocket"
	"github.com/gorilla/websocket"
)

// The clients that the benchmarks compare, each called the way its users
// call it, behind one face (benchClient).

// benchClient is what a benchmark needs of a connection: every client
// behind one face, so that each benchmark is written once. The
// indirection costs the same for all.
type benchClient interface {
	write(p []byte) error
	read() ([]byte, error)
	close()
}

// How a benchmark passes contexts to a client that takes them: the ctx
// key of a benchmark's name.
const (
	ctxConn = "conn" // one context.WithCancel made at dial, cancelled at close, passed to every call
	ctxCall = "call" // a context.WithCancel of the connection's, made and cancelled around each call, as a request handler does
	ctxBg   = "bg"   // context.Background(), which never ends: the easy path, for comparison
	ctxNone = "none" // the client takes no context (floor, gorilla)
)

// benchRow is one client of the comparison, called one way.
type benchRow struct {
	client, ctx string
	dial        func(url string) (benchClient, error)
}

func (r benchRow) name() string { return "client=" + r.client + "/ctx=" + r.ctx }

// benchClients are the rows of the round-trip and pipelined benchmarks,
// in order: ours in both read styles, with each way of passing contexts,
// beside the floor and the real peers.
var benchClients = []benchRow{
	{"floor", ctxNone, dialFloor},
	{"ours", ctxConn, dialOurs(ctxConn, false)},
	{"ours", ctxCall, dialOurs(ctxCall, false)},
	{"ours", ctxBg, dialOurs(ctxBg, false)},
	{"ours-append", ctxConn, dialOurs(ctxConn, true)},
	{"ours-append", ctxCall, dialOurs(ctxCall, true)},
	{"ours-append", ctxBg, dialOurs(ctxBg, true)},
	{"gorilla", ctxNone, dialGorilla},
	{"coder", ctxConn, dialCoder},
}

// heapClients are the rows of the heap benchmarks: ours as most
// applications call it (ReadMessage, a context for the connection's
// life), beside the real peers.
var heapClients = []benchRow{
	{"ours", ctxConn, dialOurs(ctxConn, false)},
	{"gorilla", ctxNone, dialGorilla},
	{"coder", ctxConn, dialCoder},
}

// connContext is the context a connection lives under: one that can end
// (ctxConn, ctxCall), or Background (ctxBg) with a cancel that does nothing.
func connContext(mode string) (context.Context, context.CancelFunc) {
	if mode == ctxBg {
		return context.Background(), func() {}
	}
	return context.WithCancel(context.Background())
}

// oursClient is this step's client: with reuse, it reads every message
// into the same buffer through AppendMessage; without, through the
// simple ReadMessage, a new slice per message. Every call gets ctx, or
// with perCall a context of its own made from ctx.
type oursClient struct {
	c       *Conn
	reuse   bool
	buf     []byte
	ctx     context.Context
	cancel  context.CancelFunc
	perCall bool
}

// dialOurs dials with the connection's context, as an application does.
func dialOurs(mode string, reuse bool) func(url string) (benchClient, error) {
	return func(url string) (benchClient, error) {
		ctx, cancel := connContext(mode)
		c, _, err := Dial(ctx, url, nil)
		if err != nil {
			cancel()
			return nil, err
		}
		return &oursClient{c: c, reuse: reuse, ctx: ctx, cancel: cancel, perCall: mode == ctxCall}, nil
	}
}

// callContext is the context of one call.
func (o *oursClient) callContext() (context.Context, context.CancelFunc) {
	if o.perCall {
		return context.WithCancel(o.ctx)
	}
	return o.ctx, func() {}
}

func (o *oursClient) write(p []byte) error {
	ctx, cancel := o.callContext()
	defer cancel()
	return o.c.WriteMessage(ctx, BinaryMessage, p)
}

func (o *oursClient) read() ([]byte, error) {
	ctx, cancel := o.callContext()
	defer cancel()
	var typ MessageType
	var err error
	if o.reuse {
		typ, o.buf, err = o.c.AppendMessage(ctx, o.buf[:0])
	} else {
		typ, o.buf, err = o.c.ReadMessage(ctx)
	}
	if err == nil && typ != BinaryMessage {
		err = fmt.Errorf("echo of type %v, want binary", typ)
	}
	return o.buf, err
}

func (o *oursClient) close() {
	o.c.CloseNow()
	o.cancel()
}

type gorillaClient struct{ c *websocket.Conn }

func dialGorilla(url string) (benchClient, error) {
	c, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	return gorillaClient{c}, nil
}

func (g gorillaClient) write(p []byte) error {
	return g.c.WriteMessage(websocket.BinaryMessage, p)
}

func (g gorillaClient) read() ([]byte, error) {
	typ, msg, err := g.c.ReadMessage()
	if err == nil && typ != websocket.BinaryMessage {
		err = fmt.Errorf("echo of type %d, want binary", typ)
	}
	return msg, err
}

func (g gorillaClient) close() { g.c.Close() }

// coderClient is github.com/coder/websocket called as its documentation
// shows (ExampleDial): one context, made before Dial, passed to Dial
// and to every Read and Write. Its read limit is lifted (-1), since its
// default, 32 KiB, refuses the large sizes.
type coderClient struct {
	c      *coder.Conn
	ctx    context.Context
	cancel context.CancelFunc
}

func dialCoder(url string) (benchClient, error) {
	ctx, cancel := context.WithCancel(context.Background())
	c, _, err := coder.Dial(ctx, url, nil)
	if err != nil {
		cancel()
		return nil, err
	}
	c.SetReadLimit(-1)
	return &coderClient{c: c, ctx: ctx, cancel: cancel}, nil
}

func (k *coderClient) write(p []byte) error {
	return k.c.Write(k.ctx, coder.MessageBinary, p)
}

func (k *coderClient) read() ([]byte, error) {
	typ, msg, err := k.c.Read(k.ctx)
	if err == nil && typ != coder.MessageBinary {
		err = fmt.Errorf("echo of type %v, want binary", typ)
	}
	return msg, err
}

func (k *coderClient) close() {
	k.c.CloseNow()
	k.cancel()
}

// floorClient is the least a client can do for these exchanges: one
// reused buffer for writing and one for reading; each frame built in
// one buffer, masked with a fresh key eight bytes at a time, and sent in
// a single write; each echo read with a 64 KiB read buffer. It checks
// nothing: no UTF-8, no limits, no control frames, no fragments (the
// echo server sends none). It is a yardstick, not a client.
type floorClient struct {
	nc   net.Conn
	br   *bufio.Reader
	wbuf []byte
	rbuf []byte
	keys *mathrand.ChaCha8
}

func dialFloor(url string) (benchClient, error) {
	nc, err := net.Dial("tcp", strings.TrimSuffix(strings.TrimPrefix(url, "ws://"), "/"))
	if err != nil {
		return nil, err
	}
	var key [16]byte
	rand.Read(key[:])
	req := "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: " + fmt.Sprintf("%x", key)[:22] + "==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	if _, err := io.WriteString(nc, req); err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(nc, 64<<10)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		return nil, fmt.Errorf("floor: %s", resp.Status)
	}
	var seed [32]byte
	rand.Read(seed[:])
	return &floorClient{nc: nc, br: br, keys: mathrand.NewChaCha8(seed)}, nil
}

func (f *floorClient) write(p []byte) error {
	key := uint32(f.keys.Uint64())
	b := append(f.wbuf[:0], 0x82)
	switch n := len(p); {
	case n <= 125:
		b = append(b, 0x80|byte(n))
	case n <= 0xFFFF:
		b = append(b, 0x80|126)
		b = binary.BigEndian.AppendUint16(b, uint16(n))
	default:
		b = append(b, 0x80|127)
		b = binary.BigEndian.AppendUint64(b, uint64(n))
	}
	b = binary.LittleEndian.AppendUint32(b, key)
	start := len(b)
	b = append(b, p...)
	var k [4]byte
	binary.LittleEndian.PutUint32(k[:], key)
	maskFast(k, 0, b[start:])
	f.wbuf = b
	_, err := f.nc.Write(b)
	return err
}

func (f *floorClient) read() ([]byte, error) {
	h, err := f.br.Peek(2)
	if err != nil {
		return nil, err
	}
	n := int(h[1] & 0x7F)
	f.br.Discard(2)
	switch n {
	case 126:
		ext, err := f.br.Peek(2)
		if err != nil {
			return nil, err
		}
		n = int(binary.BigEndian.Uint16(ext))
		f.br.Discard(2)
	case 127:
		ext, err := f.br.Peek(8)
		if err != nil {
			return nil, err
		}
		n = int(binary.BigEndian.Uint64(ext))
		f.br.Discard(8)
	}
	if cap(f.rbuf) < n {
		f.rbuf = make([]byte, n)
	}
	f.rbuf = f.rbuf[:n]
	_, err = io.ReadFull(f.br, f.rbuf)
	return f.rbuf, err
}

func (f *floorClient) close() { f.nc.Close() }
