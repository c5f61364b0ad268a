package main

import (
	"bytes"
	"io"
	"log"
	"net"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// TestMain fails the run if any test leaves a goroutine behind, such as a
// connection handler the server forgot to wait for.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// quiet is a logger for tests that check results, not transcripts.
func quiet() *log.Logger {
	return log.New(io.Discard, "", 0)
}

// startServer runs an echo server for one test and stops it afterwards.
func startServer(t *testing.T) string {
	t.Helper()
	srv, err := Listen("127.0.0.1:0", quiet())
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, srv.Close()) })
	return srv.Addr().String()
}

// scriptedServer accepts one connection and lets handle play the server's
// part, for behaviour our echo server never shows (replies in pieces,
// silence). Cleanup waits for handle to return, so nothing leaks.
func scriptedServer(t *testing.T, handle func(conn net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		conn, err := ln.Accept()
		if err != nil {
			return // the test ended before a client connected
		}
		defer conn.Close()
		handle(conn)
	}()
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
	})
	return ln.Addr().String()
}

func dial(t *testing.T, addr string) *Client {
	t.Helper()
	c, err := Dial(addr, quiet())
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	c.ReadTimeout = replyTimeout
	return c
}

func TestDemoTranscript(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, runDemo(&out))

	// Ports change from run to run; the order of the lines must not.
	got := regexp.MustCompile(`127\.0\.0\.1:\d+`).ReplaceAllString(out.String(), "ADDR")
	want := []string{
		`server: listening on ADDR`,
		`client: connected to ADDR`,
		`client: send "Hello World!"`,
		`server: received "Hello World!" from ADDR`,
		`server: send "Hello World!"`,
		`client: received "Hello World!"`,
		`client: close write side (half-close)`,
		`server: EOF from ADDR, closing the connection`,
		`client: server closed the connection`,
	}
	assert.Equal(t, want, strings.Split(strings.TrimSuffix(got, "\n"), "\n"))
}
