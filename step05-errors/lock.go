package main

import (
	"context"
	"errors"
)

// ctxMutex is a mutex whose lock gives up when a context ends. It is a
// channel with room for one token: sending the token takes the lock,
// receiving it back gives the lock up.
type ctxMutex chan struct{}

func newCtxMutex() ctxMutex { return make(ctxMutex, 1) }

// errConnEnded: the connection ended while a goroutine waited for one
// of its locks. It never leaves the package: the caller returns why the
// connection ended.
var errConnEnded = errors.New("websocket: the connection ended")

// lock takes the mutex, or gives up: with the cause of ctx's end if ctx
// ends first (an ended ctx never takes it), or with errConnEnded if
// done is closed first.
func (m ctxMutex) lock(ctx context.Context, done <-chan struct{}) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	if m.tryLock() {
		return nil
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

// tryLock takes the mutex if it is free, without waiting: the common
// case, which needs no select over ctx and done.
func (m ctxMutex) tryLock() bool {
	select {
	case m <- struct{}{}:
		return true
	default:
		return false
	}
}

func (m ctxMutex) unlock() { <-m }
