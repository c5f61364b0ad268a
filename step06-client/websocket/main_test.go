package websocket

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if any test leaves a goroutine behind: a leaked
// goroutine is a connection or a server that nobody closed.
func TestMain(m *testing.M) {
	if kind := os.Getenv("WS_BENCH_ECHO"); kind != "" { // the benchmarks' echo server, in a process of its own
		serveEcho(kind)
		return
	}
	goleak.VerifyTestMain(m)
}
