package main

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEchoRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		msgs []string
	}{
		{"one line", []string{"Hello World!"}},
		{"several lines", []string{"one", "two", "three"}},
		{"empty line", []string{""}},
		{"long line", []string{strings.Repeat("x", 100_000)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := dial(t, startServer(t))
			for _, msg := range tt.msgs {
				require.NoError(t, c.Send(msg))
				got, err := c.Receive()
				require.NoError(t, err)
				assert.Equal(t, msg, got)
			}
			require.NoError(t, c.CloseWrite())
			assert.NoError(t, c.WaitForClose())
		})
	}
}

// Every client gets its own goroutine on the server, so many sessions run
// at once and each only ever sees its own replies.
func TestConcurrentClients(t *testing.T) {
	addr := startServer(t)
	const clients, rounds = 20, 10

	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// assert, not require: FailNow must not be called off the test goroutine.
			assert.NoError(t, echoRounds(addr, i, rounds))
		}()
	}
	wg.Wait()
}

// echoRounds runs one client session that sends rounds numbered messages.
func echoRounds(addr string, client, rounds int) error {
	c, err := Dial(addr, quiet())
	if err != nil {
		return err
	}
	defer c.Close()
	c.ReadTimeout = replyTimeout
	for round := range rounds {
		msg := fmt.Sprintf("client %d round %d", client, round)
		if err := c.Send(msg); err != nil {
			return err
		}
		got, err := c.Receive()
		if err != nil {
			return err
		}
		if got != msg {
			return fmt.Errorf("sent %q, got %q", msg, got)
		}
	}
	if err := c.CloseWrite(); err != nil {
		return err
	}
	return c.WaitForClose()
}

// Close must not wait for clients to leave: it closes their connections.
func TestServerCloseEndsOpenConnections(t *testing.T) {
	srv, err := Listen("127.0.0.1:0", quiet())
	require.NoError(t, err)
	c := dial(t, srv.Addr().String())
	require.NoError(t, c.Send("hi"))
	_, err = c.Receive() // the server has accepted us and is serving
	require.NoError(t, err)

	require.NoError(t, srv.Close())

	_, err = c.Receive()
	assert.ErrorIs(t, err, io.EOF)
}

func TestServerReportsUnfinishedLine(t *testing.T) {
	var out bytes.Buffer // read only after Close has waited for the handler
	srv, err := Listen("127.0.0.1:0", log.New(&out, "", 0))
	require.NoError(t, err)
	c := dial(t, srv.Addr().String())
	_, err = c.conn.Write([]byte("no newline"))
	require.NoError(t, err)
	require.NoError(t, c.CloseWrite())
	assert.NoError(t, c.WaitForClose())
	require.NoError(t, srv.Close())
	assert.Contains(t, out.String(), "unexpected EOF")
}

func TestListenError(t *testing.T) {
	_, err := Listen("127.0.0.1:-1", quiet())
	assert.ErrorContains(t, err, "start echo server")
	var opErr *net.OpError // %w keeps the net package's error reachable
	assert.ErrorAs(t, err, &opErr)
}
