package main

import "context"

// ctxMutex is a mutex whose lock gives up when a context ends, so that
// a goroutine waiting for its turn on the connection never waits longer
// than its caller allows (coder/websocket's locks work the same way).
// It is a channel with room for one token: sending the token takes the
// lock, receiving it back gives the lock up. Being a channel, it can
// also be waited for in a select beside other events, as Close does.
type ctxMutex chan struct{}

func newCtxMutex() ctxMutex { return make(ctxMutex, 1) }

// lock takes the mutex, or returns the cause of ctx's end if ctx ends
// first. A context that has already ended never takes it.
func (m ctxMutex) lock(ctx context.Context) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	select {
	case m <- struct{}{}:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

func (m ctxMutex) unlock() { <-m }
