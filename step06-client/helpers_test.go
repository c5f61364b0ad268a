package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/step06-client/websocket"
)

// The command's tests have their own small helpers: the library's are in
// its package, which a command sees only through its exported API.

// testTimeout bounds each wait, so that a broken command fails the test
// instead of hanging it. It is a guard, not something the tests measure.
const testTimeout = 10 * time.Second

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// dialEcho dials url, and hangs up when the test ends.
func dialEcho(t *testing.T, url string) *websocket.Conn {
	t.Helper()
	conn, _, err := websocket.Dial(testContext(t), url, nil)
	require.NoError(t, err)
	t.Cleanup(func() { conn.CloseNow() })
	return conn
}

// returns runs f in a goroutine and waits for it, at most testTimeout:
// a guard against a hang, far beyond any bound the test is about.
func returns[T any](t *testing.T, what string, f func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-time.After(testTimeout):
		t.Fatalf("%s did not return", what)
		panic("unreachable")
	}
}

// writerFunc is an io.Writer made of a function.
type writerFunc func(p []byte)

func (f writerFunc) Write(p []byte) (int, error) { f(p); return len(p), nil }
