package websocket

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spec2lib/websocket/internal/echoserver"
)

// These benchmarks put this client next to gorilla's and coder's
// clients and next to the floor: the least work a client can do for the
// same exchange (see floorClient). Each client is called as its users
// call it (bench_clients_test.go): ours with a context that can end, one
// per connection (ctx=conn) or one per call (ctx=call), and with
// context.Background() (ctx=bg) beside them to show what ending costs.
// The server is the gorilla echo server, in a process of its own, so that
// each row's CPU time (cpu-ns/op, from getrusage) and memory are the
// client's alone. Run the clients' rows with
//
//	go test ./step06-client/websocket -run '^$' -bench 'RoundTrip|Pipelined' -benchmem -count 6 | tee /tmp/bench.txt
//
// then compare the clients as applications call them, and the cost of
// each way of passing contexts to ours:
//
//	go run golang.org/x/perf/cmd/benchstat@latest -filter '/ctx:(conn OR none)' -ignore /ctx -col /client /tmp/bench.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -filter '/client:(ours OR ours-append)' -col /ctx /tmp/bench.txt
//
// The memory of a connection, idle and busy, comes from
//
//	go test ./step06-client/websocket -run '^$' -bench 'IdleHeap|BusyHeap' -benchtime 1x -count 6 | tee /tmp/heap.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -ignore /ctx -col /client /tmp/heap.txt
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

// echoServerProcess starts the gorilla echo server in a process of its
// own (this test binary, see TestMain and serveEcho) and returns its URL
// and a func that stops it.
func echoServerProcess(b *testing.B) (string, func()) {
	return echoProcess(b, "1")
}

// echoProcess starts the echo server that kind names (see serveEcho) in
// a process of its own.
func echoProcess(b *testing.B, kind string) (string, func()) {
	b.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "WS_BENCH_ECHO="+kind)
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
// and serves until its stdin ends. kind is WS_BENCH_ECHO: "deflate" for
// gorilla's server with permessage-deflate (no context takeover either
// way), "takeover" for coder's server with context takeover (see
// serveTakeover), and anything else for gorilla's without compression.
func serveEcho(kind string) {
	if kind == "takeover" {
		serveTakeover()
		return
	}
	srv := echoserver.Start(echoserver.Options{Compression: kind == "deflate"})
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
	p := benchPayload(size)
	c, m := startBenchWith(b, dial, url, p)
	return c, p, m
}

// startBenchWith is startClientBench with the payload p.
func startBenchWith(b *testing.B, dial func(url string) (benchClient, error), url string, p []byte) (benchClient, meter) {
	c, err := dial(url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(c.close)
	benchWarmup(b, c, p)
	b.SetBytes(int64(len(p)))
	b.ReportAllocs()
	runtime.GC()
	m := startMeter()
	b.ResetTimer()
	return c, m
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
			b.Run(fmt.Sprintf("size=%d/%s", size, client.name()), func(b *testing.B) {
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
			b.Run(fmt.Sprintf("size=%d/%s", size, client.name()), func(b *testing.B) {
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

// idleConns is how many connections BenchmarkIdleHeap holds at once.
const idleConns = 500

// BenchmarkIdleHeap reports the memory that an idle connection holds
// after one round trip, in both idle cases: with no reader
// (reader=none), and with one goroutine per connection blocked in a read
// (reader=blocked), as every application's read loop is. The memory is
// the heap in use plus the goroutine stacks after a GC (memInUse), with
// idleConns connections open less without them, per connection. Run it
// once:
//
//	go test ./step06-client/websocket -run '^$' -bench IdleHeap -benchtime 1x
func BenchmarkIdleHeap(b *testing.B) {
	url, stop := echoServerProcess(b)
	defer stop()
	p := []byte("hello")
	for _, reader := range []string{"none", "blocked"} {
		for _, client := range heapClients {
			b.Run("reader="+reader+"/"+client.name(), func(b *testing.B) {
				for b.Loop() {
					before := memInUse()
					f := &fleet{}
					b.Cleanup(f.close)
					for range idleConns {
						c := f.dial(b, client.dial, url)
						if err := roundTrip(c, p); err != nil {
							b.Fatal(err)
						}
					}
					if reader == "blocked" {
						f.blockReaders(b)
					}
					reportPerConn(b, memInUse(), before, idleConns)
					if n := f.readsEnded.Load(); n != 0 {
						b.Fatalf("%d reads ended while the connections were idle", n)
					}
					f.close()
				}
			})
		}
	}
}

// busyConns is how many connections BenchmarkBusyHeap keeps busy at
// once. Each row costs busyConns file descriptors in this process and as
// many in the echo server's (Go raises the soft limit to the hard one;
// ulimit -n must allow it), 2*busyConns loopback ports, and a few seconds.
const busyConns = 5000

// busySize is the message of BenchmarkBusyHeap: a chat line or a small
// JSON document.
const busySize = 1024

// BenchmarkBusyHeap reports the memory that a busy connection holds:
// busyConns connections at once, each with one goroutine that writes a
// message, reads its echo, checks it, and again. Once every connection
// has made a round trip, while all keep going, it measures the heap in
// use plus the goroutine stacks as BenchmarkIdleHeap does. Run it once:
//
//	go test ./step06-client/websocket -run '^$' -bench BusyHeap -benchtime 1x
func BenchmarkBusyHeap(b *testing.B) {
	url, stop := echoServerProcess(b)
	defer stop()
	p := benchPayload(busySize)
	for _, client := range heapClients {
		b.Run(client.name(), func(b *testing.B) {
			for b.Loop() {
				before := memInUse()
				f := &fleet{}
				b.Cleanup(f.close)
				done := make(chan struct{})
				errs := make(chan error, busyConns)
				var warm sync.WaitGroup
				for range busyConns {
					f.dial(b, client.dial, url)
				}
				for _, c := range f.conns { // all dialed first: busy connections would starve the dials
					warm.Add(1)
					f.goroutines.Add(1)
					go func() {
						defer f.goroutines.Done()
						errs <- busyLoop(c, p, done, warm.Done)
					}()
				}
				warm.Wait()
				after := memInUse()
				close(done)
				f.goroutines.Wait()
				f.close()
				close(errs)
				for err := range errs {
					if err != nil {
						b.Fatal(err)
					}
				}
				reportPerConn(b, after, before, busyConns)
			}
		})
	}
}

// busyLoop makes round trips on c until done is closed, calling warm
// once, after its first round trip or its failure.
func busyLoop(c benchClient, p []byte, done <-chan struct{}, warm func()) error {
	warm = sync.OnceFunc(warm)
	defer warm() // a failure before the first round trip must not leave the benchmark waiting
	for {
		if err := roundTrip(c, p); err != nil {
			return err
		}
		warm()
		select {
		case <-done:
			return nil
		default:
		}
	}
}

// roundTrip writes p and checks that its echo comes back.
func roundTrip(c benchClient, p []byte) error {
	if err := c.write(p); err != nil {
		return err
	}
	msg, err := c.read()
	if err != nil {
		return err
	}
	if !bytes.Equal(msg, p) {
		return fmt.Errorf("the echo of %d bytes came back as %d different bytes", len(p), len(msg))
	}
	return nil
}

// fleet is the connections of a heap benchmark and the goroutines that
// use them; the benchmark's goroutine owns it.
type fleet struct {
	conns      []benchClient
	goroutines sync.WaitGroup
	readsEnded atomic.Int64 // reads of blocked readers that returned
	closed     bool
}

// dial adds a connection to the fleet.
func (f *fleet) dial(b *testing.B, dial func(url string) (benchClient, error), url string) benchClient {
	c, err := dial(url)
	if err != nil {
		b.Fatalf("connection %d: %v (is ulimit -n high enough?)", len(f.conns)+1, err)
	}
	f.conns = append(f.conns, c)
	return c
}

// blockReaders starts one goroutine per connection that reads, as an
// application's read loop does, and returns once they are blocked in
// their reads (see awaitBlocked). The reads end when the fleet closes.
func (f *fleet) blockReaders(b *testing.B) {
	runtime.GC() // the runtime's own goroutines settle, so that the count starts from rest
	waiting := waitingGoroutines()
	var reading sync.WaitGroup
	for _, c := range f.conns {
		reading.Add(1)
		f.goroutines.Add(1)
		go func() {
			defer f.goroutines.Done()
			reading.Done()
			c.read()
			f.readsEnded.Add(1)
		}()
	}
	reading.Wait()
	awaitBlocked(b, waiting+int64(len(f.conns)))
}

// close closes every connection and waits for the fleet's goroutines to
// end. It may be called again.
func (f *fleet) close() {
	if f.closed {
		return
	}
	f.closed = true
	for _, c := range f.conns {
		c.close()
	}
	f.goroutines.Wait()
}

// awaitBlocked yields until want goroutines wait, as the runtime counts
// them (/sched/goroutines/waiting, Go 1.26 on), a bounded number of
// times: each reader has signalled right before its read, so a few
// yields let the last ones reach it. Where the runtime does not count
// waiting goroutines, it yields the bounded number of times.
func awaitBlocked(b *testing.B, want int64) {
	const maxYields = 1_000_000
	for range maxYields {
		if waitingGoroutines() >= want {
			return
		}
		runtime.Gosched()
	}
	if waitingGoroutines() >= 0 {
		b.Logf("after %d yields, %d goroutines wait, not %d", maxYields, waitingGoroutines(), want)
	}
}

// waitingGoroutines is how many goroutines wait on I/O or a sync
// primitive, or -1 where the runtime does not say.
func waitingGoroutines() int64 {
	s := []metrics.Sample{{Name: "/sched/goroutines/waiting:goroutines"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return -1
	}
	return int64(s[0].Value.Uint64())
}

// memory is what the heap benchmarks count: the heap in use and the
// goroutine stacks, and the number of goroutines.
type memory struct {
	heap, stacks, goroutines int64
}

// memInUse is the memory in use after a full collection.
func memInUse() memory {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return memory{int64(m.HeapInuse), int64(m.StackInuse), int64(runtime.NumGoroutine())}
}

// reportPerConn reports what n connections added between before and
// after, per connection: heap-B/conn, stack-B/conn, their sum B/conn,
// and goroutines/conn (those of the benchmark included).
func reportPerConn(b *testing.B, after, before memory, n int) {
	heap := float64(after.heap-before.heap) / float64(n)
	stacks := float64(after.stacks-before.stacks) / float64(n)
	b.ReportMetric(heap, "heap-B/conn")
	b.ReportMetric(stacks, "stack-B/conn")
	b.ReportMetric(heap+stacks, "B/conn")
	b.ReportMetric(float64(after.goroutines-before.goroutines)/float64(n), "goroutines/conn")
}
