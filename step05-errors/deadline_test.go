package main

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
)

// deadlineLog records what a watch sets, in order: "past" for a
// deadline set in the past, "clear" for none.
type deadlineLog struct {
	mu   sync.Mutex
	sets []string
}

func (l *deadlineLog) set(t time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if t.IsZero() {
		l.sets = append(l.sets, "clear")
	} else {
		l.sets = append(l.sets, "past")
	}
	return nil
}

func (l *deadlineLog) get() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.sets...)
}

type ctxKey struct{}

// TestWatchStaysForTheSameContext: a context watched once is watched for
// the calls after it, and so is one that ends with it; a context that
// cannot end needs no watch; another context ends the old watch first,
// and clears the deadline that the old one set when it ended.
func TestWatchStaysForTheSameContext(t *testing.T) {
	var log deadlineLog
	d := &deadline{set: log.set}

	d.watch(context.Background())
	assert.Nil(t, d.stop, "a context that cannot end needs no watch")

	a, cancelA := context.WithCancel(context.Background())
	d.watch(a)
	require.NotNil(t, d.stop)
	withValue := context.WithValue(a, ctxKey{}, 1)
	again := testing.AllocsPerRun(10, func() {
		d.watch(a)
		d.watch(withValue)
	})
	assert.Zero(t, again, "no new watch for a, nor for a context that ends with a")

	cancelA()
	d.firing.Wait()
	assert.Equal(t, []string{"past"}, log.get(), "a's end set the deadline in the past")

	b, cancelB := context.WithCancel(context.Background())
	defer cancelB()
	d.watch(b)
	assert.Equal(t, []string{"past", "clear"}, log.get(), "b's watch began by clearing a's deadline")

	d.release()
	assert.Nil(t, d.stop)
	cancelB()
	assert.Equal(t, []string{"past", "clear"}, log.get(), "a released watch sets nothing")
}

// TestContextEndedBetweenCallsKeepsTheConnection: a context that ends
// while nobody reads leaves the read deadline in the past; the next read,
// with another context, clears it before it waits, and reads the next
// message.
func TestContextEndedBetweenCallsKeepsTheConnection(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	conn := dialEcho(t, srv.URL)
	first, cancelFirst := context.WithCancel(testContext(t))
	require.NoError(t, conn.WriteMessage(first, TextMessage, []byte("one")))
	_, msg, err := conn.ReadMessage(first)
	require.NoError(t, err)
	require.Equal(t, "one", string(msg))
	cancelFirst()

	_, _, err = conn.ReadMessage(first)
	assert.ErrorIs(t, err, context.Canceled, "an ended context reads nothing")

	ctx := testContext(t)
	require.NoError(t, conn.WriteMessage(ctx, TextMessage, []byte("two")))
	_, msg, err = conn.ReadMessage(ctx)
	require.NoError(t, err)
	assert.Equal(t, "two", string(msg))
}

// TestEndedConnectionLetsTheContextGo: a context that outlives the
// connection keeps no watch on it once it has ended, whether the
// connection ended while a side was held or while nobody held it: else
// the context would keep the connection in memory until it ends.
func TestEndedConnectionLetsTheContextGo(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	longLived, cancel := context.WithCancel(context.Background())
	defer cancel()

	t.Run("nobody holds a side", func(t *testing.T) {
		conn := dialEcho(t, srv.URL)
		require.NoError(t, conn.WriteMessage(longLived, TextMessage, []byte("hello")))
		_, _, err := conn.ReadMessage(longLived)
		require.NoError(t, err)
		require.NotNil(t, conn.read.deadline.stop, "the read side watches longLived between calls")
		require.NotNil(t, conn.write.deadline.stop, "and so does the write side")

		conn.CloseNow()
		assert.Nil(t, conn.read.deadline.stop)
		assert.Nil(t, conn.write.deadline.stop)
	})
	t.Run("a reader holds the read side", func(t *testing.T) {
		conn := dialEcho(t, srv.URL)
		read := make(chan error, 1)
		go func() {
			_, _, err := conn.ReadMessage(longLived)
			read <- err
		}()
		require.NoError(t, conn.WriteMessage(longLived, TextMessage, []byte("hello")))
		require.NoError(t, returns(t, "the first read", func() error { return <-read }))
		go func() {
			_, _, err := conn.ReadMessage(longLived)
			read <- err
		}()
		conn.CloseNow()
		err := returns(t, "the reader", func() error { return <-read })
		assert.Error(t, err, "the connection ended under the reader")
		assert.Nil(t, conn.read.deadline.stop, "the reader ended the watch as it gave the side back")
		assert.Nil(t, conn.write.deadline.stop)
	})
}
