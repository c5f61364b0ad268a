package websocket

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"io"
	mathrand "math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/spec2lib/websocket/internal/echoserver"
)

// These benchmarks put this client next to gorilla's client and next to
// the floor: the least work a client can do for the same exchange (see
// floorClient). The server is the gorilla echo server, in a process of
// its own, so that each row's CPU time (cpu-ns/op, from getrusage) is
// the client's alone. Compare the clients with
//
//	go test ./step06-client -run '^$' -bench 'RoundTrip|Pipelined' -benchmem -count 6 | tee /tmp/bench.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /client /tmp/bench.txt
//
// MB/s counts the payload one way: b.SetBytes(size) for an op that sends
// size bytes and receives them back. The bytes on the wire are twice that,
// plus headers.

// roundTripSizes are the message sizes of the round-trip workloads: a
// tiny message (per-message overhead), a page, and two large ones
// (copying and system calls dominate).
var roundTripSizes = []int{16, 4096, 1 << 20, 8 << 20}

// pipelinedSizes are the message sizes of the pipelined workloads: many
// messages in flight, so throughput and reads per message count.
var pipelinedSizes = []int{64, 16 << 10}

// benchClient is what a benchmark needs of a connection: every client
// behind one face, so that each benchmark is written once. The
// indirection costs the same for all.
type benchClient interface {
	write(p []byte) error
	read() ([]byte, error)
	close()
}

// benchClients dials the server with each client, in the order of the
// rows.
var benchClients = []struct {
	name string
	dial func(url string) (benchClient, error)
}{
	{"floor", dialFloor},
	{"ours", func(url string) (benchClient, error) {
		c, _, err := Dial(context.Background(), url, nil)
		return &oursClient{c: c}, err
	}},
	{"ours-append", func(url string) (benchClient, error) {
		c, _, err := Dial(context.Background(), url, nil)
		return &oursClient{c: c, reuse: true}, err
	}},
	{"gorilla", func(url string) (benchClient, error) {
		c, _, err := websocket.DefaultDialer.Dial(url, nil)
		return gorillaClient{c}, err
	}},
}

// oursClient is this step's client: with reuse, it reads every message
// into the same buffer through AppendMessage; without, through the
// simple ReadMessage, a new slice per message.
type oursClient struct {
	c     *Conn
	reuse bool
	buf   []byte
}

func (o *oursClient) write(p []byte) error {
	return o.c.WriteMessage(context.Background(), BinaryMessage, p)
}

func (o *oursClient) read() ([]byte, error) {
	var typ MessageType
	var err error
	if o.reuse {
		typ, o.buf, err = o.c.AppendMessage(context.Background(), o.buf[:0])
	} else {
		typ, o.buf, err = o.c.ReadMessage(context.Background())
	}
	if err == nil && typ != BinaryMessage {
		err = fmt.Errorf("echo of type %v, want binary", typ)
	}
	return o.buf, err
}

func (o *oursClient) close() { o.c.CloseNow() }

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

// echoServerProcess starts the gorilla echo server in a process of its
// own (this test binary, see TestMain and serveEcho) and returns its URL
// and a func that stops it.
func echoServerProcess(b *testing.B) (string, func()) {
	b.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "WS_BENCH_ECHO=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	url, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatal(err)
	}
	return strings.TrimSpace(url), func() {
		stdin.Close()
		cmd.Wait()
	}
}

// serveEcho is the benchmarks' echo server process: it prints its URL
// and serves until its stdin ends.
func serveEcho() {
	srv := echoserver.Start(echoserver.Options{})
	fmt.Println(srv.URL)
	io.Copy(io.Discard, os.Stdin)
	srv.Close()
}

// meter counts what an op costs the client beyond wall time: CPU time,
// and the read and write system calls that Linux counts in
// /proc/self/io (syscr and syscw). The server runs in a process of its
// own, so both are the client's alone.
type meter struct {
	cpu            time.Duration
	reads, writes  int64
	countsSyscalls bool
}

func startMeter() meter {
	m := meter{cpu: cpuTime()}
	m.reads, m.writes, m.countsSyscalls = ioCalls()
	return m
}

// report adds cpu-ns/op, and reads/op and writes/op where the system
// counts them, to the benchmark's results.
func (m meter) report(b *testing.B) {
	b.ReportMetric(float64(cpuTime()-m.cpu)/float64(b.N), "cpu-ns/op")
	if reads, writes, ok := ioCalls(); ok && m.countsSyscalls {
		b.ReportMetric(float64(reads-m.reads)/float64(b.N), "reads/op")
		b.ReportMetric(float64(writes-m.writes)/float64(b.N), "writes/op")
	}
}

// ioCalls is how many read and write system calls this process has made
// so far; ok is false where /proc/self/io does not exist (any system
// but Linux). Reading the file costs a read or two, nothing next to b.N.
func ioCalls() (reads, writes int64, ok bool) {
	data, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return 0, 0, false
	}
	var found int
	for _, line := range strings.Split(string(data), "\n") {
		name, value, _ := strings.Cut(line, ": ")
		n, err := strconv.ParseInt(value, 10, 64)
		switch {
		case err != nil:
		case name == "syscr":
			reads, found = n, found+1
		case name == "syscw":
			writes, found = n, found+1
		}
	}
	return reads, writes, found == 2
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

// benchWarmup is how many checked round trips come before the clock
// starts: 50, or fewer when that would be more than 16 MiB, but at least
// one. A client that sends or echoes wrong bytes fails the benchmark.
func benchWarmup(b *testing.B, c benchClient, p []byte) {
	for range max(1, min(50, (16<<20)/len(p))) {
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
}

// startClientBench is what each benchmark of one client does before its
// loop: it dials, warms the connection up with a payload of size bytes,
// and starts the meter and the clock. The client closes when the
// benchmark ends.
func startClientBench(b *testing.B, dial func(url string) (benchClient, error), url string, size int) (benchClient, []byte, meter) {
	c, err := dial(url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(c.close)
	p := benchPayload(size)
	benchWarmup(b, c, p)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	runtime.GC()
	m := startMeter()
	b.ResetTimer()
	return c, p, m
}

// BenchmarkRoundTrip: one op writes a binary message and reads its echo,
// one message in flight at a time: latency and per-message cost. The
// sizes are the outer loop, so that the rows to compare run side by
// side.
func BenchmarkRoundTrip(b *testing.B) {
	url, stop := echoServerProcess(b)
	defer stop()
	for _, size := range roundTripSizes {
		for _, client := range benchClients {
			b.Run(fmt.Sprintf("size=%d/client=%s", size, client.name), func(b *testing.B) {
				c, p, m := startClientBench(b, client.dial, url, size)
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
				m.report(b)
			})
		}
	}
}

// BenchmarkPipelined: a writer goroutine sends b.N messages as fast as
// it can while this goroutine reads the b.N echoes, so that many messages
// are in flight: throughput. One op is one message sent and its echo
// received. Each message carries its sequence number in its first 8
// bytes, and each echo is checked for it.
func BenchmarkPipelined(b *testing.B) {
	url, stop := echoServerProcess(b)
	defer stop()
	for _, size := range pipelinedSizes {
		for _, client := range benchClients {
			b.Run(fmt.Sprintf("size=%d/client=%s", size, client.name), func(b *testing.B) {
				c, wp, m := startClientBench(b, client.dial, url, size)
				writeErr := make(chan error, 1)
				go func() {
					for i := range b.N {
						binary.LittleEndian.PutUint64(wp, uint64(i))
						if err := c.write(wp); err != nil {
							c.close() // unblock the reader, which waits for echoes that never come
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
				}
				b.StopTimer()
				m.report(b)
				if failed != nil {
					c.close() // ends a writer blocked on a full connection
					<-writeErr
					b.Fatalf("read: %v", failed)
				}
				if err := <-writeErr; err != nil {
					b.Fatalf("write: %v", err)
				}
			})
		}
	}
}

// BenchmarkIdleHeap reports the heap that an idle connection holds,
// after one round trip, for this client and for gorilla's, measured the
// same way: the heap in use after a GC, before and after dialing
// idleConns connections, divided by idleConns. Run it once:
//
//	go test ./step06-client -run '^$' -bench IdleHeap -benchtime 1x
func BenchmarkIdleHeap(b *testing.B) {
	const idleConns = 500
	url, stop := echoServerProcess(b)
	defer stop()
	for _, client := range benchClients {
		if client.name == "floor" || client.name == "ours-append" {
			continue
		}
		b.Run("client="+client.name, func(b *testing.B) {
			for b.Loop() {
				before := heapInUse()
				conns := make([]benchClient, idleConns)
				for i := range conns {
					c, err := client.dial(url)
					if err != nil {
						b.Fatal(err)
					}
					conns[i] = c
					if err := c.write([]byte("hello")); err != nil {
						b.Fatal(err)
					}
					if _, err := c.read(); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(heapInUse()-before)/idleConns, "heap-B/conn")
				for _, c := range conns {
					c.close()
				}
			}
		})
	}
}

// heapInUse is the heap in use after a full collection.
func heapInUse() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapInuse)
}
