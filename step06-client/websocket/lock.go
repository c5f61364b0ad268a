package websocket

import (
	"context"
	"errors"
)

// ctxMutex is a mutex whose lock gives up when a context ends, so that
// a goroutine waiting for its turn on the connection never waits longer
// than its caller allows (coder/websocket's locks work the same way).
// It is a channel with room for one token: sending the token takes the
// lock, receiving it back gives the lock up. Being a channel, it can
// also be waited for in a select beside other events, as Close does.
type ctxMutex chan struct{}

func newCtxMutex() ctxMutex { return make(ctxMutex, 1) }

// errConnEnded: the connection ended while a goroutine waited for one
// of its locks. It never leaves the package: the caller returns why the
// connection ended.
var errConnEnded = errors.New("websocket: the connection ended")

// lock takes the mutex, or gives up: with the cause of ctx's end if ctx
// ends first, or with errConnEnded if done is closed first, since the
// holder of a lock on a connection that has ended may never let go. A
// context that has already ended never takes it.
func (m ctxMutex) lock(ctx context.Context, done <-chan struct{}) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	select {
	case m <- struct{}{}:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-done:
		return errConnEnded
	}
}

func (m ctxMutex) unlock() { <-m }
