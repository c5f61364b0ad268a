package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/gorilla/websocket"

	"github.com/spec2lib/websocket/internal/echoserver"
)

// These benchmarks put this client next to gorilla's, in one run, each
// against its own copy of the same gorilla echo server on loopback. The
// server's work (and its allocations) is in every number, the same for
// both clients, so the difference between two rows is the difference
// between the clients. Compare them with
//
//	go test ./step06-client -run '^$' -bench 'RoundTrip|Pipelined' -benchmem -count 6 | tee /tmp/bench.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /client /tmp/bench.txt
//
// MB/s counts the payload one way: b.SetBytes(size) for an op that sends
// size bytes and receives them back. The bytes on the wire are twice that,
// plus headers.

// benchSizes: a tiny message (per-message overhead), a page-sized one,
// and one of 1 MiB (bigger than either client's write buffer, so
// throughput and copying dominate).
var benchSizes = []int{16, 4096, 1 << 20}

// benchWarmup is how many round trips a RoundTrip row of size bytes
// makes, and checks, before its clock starts: 50, or fewer when that
// would be more than 4 MiB, but at least one.
func benchWarmup(size int) int {
	return max(1, min(50, (4<<20)/size))
}

// benchPayload is size bytes of a pattern that a lost, doubled or
// misplaced byte would break.
func benchPayload(size int) []byte {
	p := make([]byte, size)
	for i := range p {
		p[i] = byte(i*7 + i>>8)
	}
	return p
}

// benchClient is what a benchmark needs of a connection: the two clients
// behind one face, so that each benchmark is written once. The
// indirection costs the same for both.
type benchClient interface {
	write(p []byte) error
	read() ([]byte, error)
	close()
}

type oursClient struct{ c *Conn }

func (o oursClient) write(p []byte) error {
	return o.c.WriteMessage(context.Background(), BinaryMessage, p)
}

func (o oursClient) read() ([]byte, error) {
	typ, msg, err := o.c.ReadMessage(context.Background())
	if err == nil && typ != BinaryMessage {
		err = fmt.Errorf("echo of type %v, want binary", typ)
	}
	return msg, err
}

func (o oursClient) close() { o.c.CloseNow() }

type gorillaClient struct{ c *websocket.Conn }

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

// benchClients dials the server with each client.
var benchClients = []struct {
	name string
	dial func(url string) (benchClient, error)
}{
	{"ours", func(url string) (benchClient, error) {
		c, _, err := Dial(context.Background(), url, nil)
		if err != nil {
			return nil, err
		}
		return oursClient{c}, nil
	}},
	{"gorilla", func(url string) (benchClient, error) {
		c, _, err := websocket.DefaultDialer.Dial(url, nil)
		if err != nil {
			return nil, err
		}
		return gorillaClient{c}, nil
	}},
}

// benchConnect starts a server and connects to it; the returned func
// closes both, and when it returns, every goroutine of the server has
// ended.
func benchConnect(b *testing.B, dial func(string) (benchClient, error)) (benchClient, func()) {
	b.Helper()
	srv := echoserver.Start(echoserver.Options{})
	c, err := dial(srv.URL)
	if err != nil {
		srv.Close()
		b.Fatal(err)
	}
	return c, func() {
		c.close()
		srv.Close()
	}
}

// BenchmarkRoundTrip: one op writes a binary message and reads its echo,
// one message in flight at a time, so it measures latency. The sizes are
// the outer loop so that the rows to compare run next to each other.
func BenchmarkRoundTrip(b *testing.B) {
	for _, size := range benchSizes {
		for _, client := range benchClients {
			b.Run(fmt.Sprintf("client=%s/size=%d", client.name, size), func(b *testing.B) {
				c, closeAll := benchConnect(b, client.dial)
				defer closeAll()
				p := benchPayload(size)

				// Checked round trips before the clock starts: a client that
				// sends or echoes wrong bytes fails the benchmark. They also
				// warm up the connection, the runtime and the caches, which
				// otherwise slows whichever row runs first in the process.
				for range benchWarmup(size) {
					if err := c.write(p); err != nil {
						b.Fatal(err)
					}
					msg, err := c.read()
					if err != nil {
						b.Fatal(err)
					}
					if !bytes.Equal(msg, p) {
						b.Fatalf("the echo of %d bytes came back as %d different bytes", len(p), len(msg))
					}
				}

				b.SetBytes(int64(size))
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					if err := c.write(p); err != nil {
						b.Fatal(err)
					}
					msg, err := c.read()
					if err != nil {
						b.Fatal(err)
					}
					if len(msg) != size {
						b.Fatalf("echo of %d bytes, want %d", len(msg), size)
					}
				}
			})
		}
	}
}

// BenchmarkPipelined: a writer goroutine sends b.N messages as fast as
// it can while this goroutine reads the b.N echoes, so many messages are
// in flight and it measures throughput. One op is one message sent and
// its echo received. Each message carries its sequence number in its
// first 8 bytes, and each echo is checked for it: a lost, doubled or
// reordered message fails the benchmark.
func BenchmarkPipelined(b *testing.B) {
	const size = 64
	for _, client := range benchClients {
		b.Run(fmt.Sprintf("client=%s/size=%d", client.name, size), func(b *testing.B) {
			c, closeAll := benchConnect(b, client.dial)
			defer closeAll()
			wp := benchPayload(size)
			want := benchPayload(size) // the reader's copy; the writer changes wp

			b.SetBytes(size)
			b.ReportAllocs()
			b.ResetTimer()

			writeErr := make(chan error, 1)
			go func() {
				for i := range b.N {
					binary.LittleEndian.PutUint64(wp, uint64(i))
					if err := c.write(wp); err != nil {
						// Unblock the reader, which would otherwise wait
						// for echoes that never come.
						c.close()
						writeErr <- err
						return
					}
				}
				writeErr <- nil
			}()

			var failed error
			for i := range b.N {
				msg, err := c.read()
				if err != nil {
					failed = err
					break
				}
				if len(msg) != size || binary.LittleEndian.Uint64(msg) != uint64(i) {
					failed = fmt.Errorf("echo %d: got %d bytes starting %x", i, len(msg), msg[:min(8, len(msg))])
					break
				}
				if i == 0 && !bytes.Equal(msg[8:], want[8:]) {
					failed = fmt.Errorf("echo 0: payload differs from what was sent")
					break
				}
			}
			b.StopTimer()
			if failed != nil {
				// Closing ends a writer blocked on a full connection; its
				// error is then only an echo of this one.
				c.close()
				<-writeErr
				b.Fatalf("read: %v", failed)
			}
			if err := <-writeErr; err != nil {
				b.Fatalf("write: %v", err)
			}
		})
	}
}
