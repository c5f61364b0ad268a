package websocket

import (
	"bytes"
	"compress/flate"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	coder "github.com/coder/websocket"
	"github.com/gorilla/websocket"
)

// The benchmarks of permessage-deflate: round trips of compressed
// messages against gorilla's echo server with compression on, for ours
// and for gorilla's and coder's clients with theirs on; the memory a
// connection holds with compression, idle, with and without context
// takeover; and, without a network, what DEFLATE costs and saves at each
// size, which chose the defaults in Options. Run them with
//
//	go test ./step06-client/websocket -run '^$' -bench 'Compressed' -benchmem -count 6 | tee /tmp/deflate.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /client /tmp/deflate.txt
//	go test ./step06-client/websocket -run '^$' -bench 'DeflateCost' -count 6 | tee /tmp/cost.txt
//
// The messages are JSON-like text (compressible), which deflate shrinks
// to a fifth to a tenth of its size, as it does chat and market data.

// compressedSizes are the sizes of the compressed round trips: one under
// our threshold (gorilla compresses it anyway), a small and a medium
// JSON document, and a large one.
var compressedSizes = []int{64, 1024, 16 << 10, 1 << 20}

// compressedClients are the rows of the compressed round trips, against
// gorilla's server, which agrees to no context takeover either way.
var compressedClients = []benchRow{
	{"ours", ctxConn, dialOursWith(ctxConn, false, CompressionNoContextTakeover)},
	{"ours-append", ctxConn, dialOursWith(ctxConn, true, CompressionNoContextTakeover)},
	{"gorilla", ctxNone, dialGorillaCompressed},
	{"coder", ctxConn, dialCoderCompressed(coder.CompressionNoContextTakeover)},
}

// dialOursWith is dialOurs with a compression mode.
func dialOursWith(mode string, reuse bool, compression Compression) func(url string) (benchClient, error) {
	return func(url string) (benchClient, error) {
		ctx, cancel := connContext(mode)
		c, _, err := Dial(ctx, url, &Options{Compression: compression})
		if err != nil {
			cancel()
			return nil, err
		}
		if c.Extensions() == "" && compression != CompressionDisabled {
			cancel()
			c.CloseNow()
			return nil, fmt.Errorf("the server agreed to no compression")
		}
		return &oursClient{c: c, reuse: reuse, ctx: ctx, cancel: cancel, perCall: mode == ctxCall}, nil
	}
}

// dialGorillaCompressed is gorilla's client with EnableCompression,
// which offers permessage-deflate without context takeover and then
// compresses every message, at level 1.
func dialGorillaCompressed(url string) (benchClient, error) {
	d := *websocket.DefaultDialer
	d.EnableCompression = true
	c, resp, err := d.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	if resp.Header.Get("Sec-WebSocket-Extensions") == "" {
		c.Close()
		return nil, fmt.Errorf("the server agreed to no compression")
	}
	return gorillaClient{c}, nil
}

// dialCoderCompressed is coder's client with a compression mode; its
// threshold is its default (512 bytes without context takeover, 128
// with).
func dialCoderCompressed(mode coder.CompressionMode) func(url string) (benchClient, error) {
	return func(url string) (benchClient, error) {
		ctx, cancel := context.WithCancel(context.Background())
		c, _, err := coder.Dial(ctx, url, &coder.DialOptions{CompressionMode: mode})
		if err != nil {
			cancel()
			return nil, err
		}
		c.SetReadLimit(-1)
		return &coderClient{c: c, ctx: ctx, cancel: cancel}, nil
	}
}

// BenchmarkCompressedRoundTrip: one op writes a JSON-like binary message
// and reads its echo, compressed both ways where the client compresses
// it, against gorilla's echo server with compression on.
func BenchmarkCompressedRoundTrip(b *testing.B) {
	url, stop := echoProcess(b, "deflate")
	defer stop()
	for _, size := range compressedSizes {
		for _, client := range compressedClients {
			b.Run(fmt.Sprintf("size=%d/%s", size, client.name()), func(b *testing.B) {
				p := compressible(size)
				c, m := startBenchWith(b, client.dial, url, p)
				for b.Loop() {
					if err := roundTrip(c, p); err != nil {
						b.Fatal(err)
					}
				}
				m.report(b)
			})
		}
	}
}

// takeoverConns is how many connections BenchmarkCompressedIdleHeap
// holds at once with context takeover, where ours holds 1.2 MB each;
// without it, idleConns, as BenchmarkIdleHeap holds.
const takeoverConns = 100

// BenchmarkCompressedIdleHeap reports the memory an idle connection with
// permessage-deflate holds, after three round trips of a compressible
// 1 KiB message and one of "hello", with a reader blocked in a read, as
// BenchmarkIdleHeap measures it: without context takeover against
// gorilla's server, and with it against coder's, which keeps its window
// too. Run it once:
//
//	go test ./step06-client/websocket -run '^$' -bench CompressedIdleHeap -benchtime 1x
func BenchmarkCompressedIdleHeap(b *testing.B) {
	plain, stopPlain := echoProcess(b, "deflate")
	defer stopPlain()
	takeover, stopTakeover := echoProcess(b, "takeover")
	defer stopTakeover()
	p := compressible(1024)
	for _, row := range []struct {
		name, url string
		conns     int
		dial      func(string) (benchClient, error)
	}{
		{"no-takeover/client=ours", plain, idleConns, dialOursWith(ctxConn, false, CompressionNoContextTakeover)},
		{"no-takeover/client=gorilla", plain, idleConns, dialGorillaCompressed},
		{"no-takeover/client=coder", plain, idleConns, dialCoderCompressed(coder.CompressionNoContextTakeover)},
		{"takeover/client=ours", takeover, takeoverConns, dialOursWith(ctxConn, false, CompressionContextTakeover)},
		{"takeover/client=coder", takeover, takeoverConns, dialCoderCompressed(coder.CompressionContextTakeover)},
	} {
		b.Run(row.name, func(b *testing.B) {
			for b.Loop() {
				before := memInUse()
				f := &fleet{}
				b.Cleanup(f.close)
				for range row.conns {
					f.dial(b, row.dial, row.url)
				}
				// All dialed first: the garbage of compressing, made between
				// dials, would leave the connections' pages half full.
				for _, c := range f.conns {
					for _, msg := range [][]byte{p, p, p, []byte("hello")} { // the last, as BenchmarkIdleHeap's, leaves a client holding a small message
						if err := roundTrip(c, msg); err != nil {
							b.Fatal(err)
						}
					}
				}
				f.blockReaders(b)
				reportPerConn(b, memInUse(), before, row.conns)
				f.close()
			}
		})
	}
}

// serveTakeover is an echo server on coder's library with context
// takeover, in the benchmarks' echo process: gorilla's server has none.
func serveTakeover() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := coder.Accept(w, r, &coder.AcceptOptions{CompressionMode: coder.CompressionContextTakeover})
		if err != nil {
			return
		}
		defer c.CloseNow()
		c.SetReadLimit(-1)
		for {
			typ, msg, err := c.Read(r.Context())
			if err != nil || c.Write(r.Context(), typ, msg) != nil {
				return
			}
		}
	}))
	fmt.Println("ws://" + srv.Listener.Addr().String() + "/")
	io.Copy(io.Discard, os.Stdin)
	srv.Close()
}

// BenchmarkDeflateCost measures, without a network, what compressing and
// inflating one message costs and saves, as this package does it
// (compress/flate at BestSpeed, the flush's tail taken off and put back),
// for JSON-like text of each size: alone (no context takeover: a
// compressor and a decompressor reset for each message) and with
// context takeover (the same compressor and the window kept from one
// message to the next). It reports the bytes on the wire per message
// (wire-B/op) and the share saved (saved-%).
func BenchmarkDeflateCost(b *testing.B) {
	for _, size := range []int{16, 32, 64, 128, 256, 512, 1024, 4096, 16 << 10} {
		for _, takeover := range []bool{false, true} {
			name := fmt.Sprintf("size=%d/takeover=%v", size, takeover)
			b.Run(name, func(b *testing.B) {
				msgs := make([][]byte, 64) // different messages, alike as a stream of JSON is
				for i := range msgs {
					msgs[i] = compressible(size + 64*i)[64*i:]
				}
				var d deflater
				d.begin()
				var window []byte
				var fr io.ReadCloser
				out := make([]byte, 0, 2*size+64)
				plain := make([]byte, 0, size)
				var wire int
				b.SetBytes(int64(size))
				b.ReportAllocs()
				i := 0
				m := startMeter()
				for b.Loop() {
					msg := msgs[i%len(msgs)]
					i++
					if !takeover {
						d.fw.Reset(&d)
					}
					out = d.deflate(out[:0], msg)
					wire += len(out)
					var dict []byte
					if takeover {
						dict = window
					}
					src := bytes.NewReader(append(out, inflateTail...))
					if fr == nil {
						fr = flate.NewReaderDict(src, dict)
					} else {
						fr.(flate.Resetter).Reset(src, dict)
					}
					plain = plain[:0]
					for {
						n, err := fr.Read(plain[len(plain):cap(plain)])
						plain = plain[:len(plain)+n]
						if err == io.EOF {
							break
						}
						if err != nil {
							b.Fatal(err)
						}
					}
					if !bytes.Equal(plain, msg) {
						b.Fatal("the message did not come back")
					}
					if takeover {
						window = append(window, msg...)
						window = window[max(0, len(window)-maxWindow):]
					}
				}
				b.ReportMetric(float64(cpuTime()-m.cpu)/float64(b.N), "cpu-ns/op")
				b.ReportMetric(float64(wire)/float64(b.N), "wire-B/op")
				b.ReportMetric(100*(1-float64(wire)/float64(b.N)/float64(size)), "saved-%")
			})
		}
	}
}
