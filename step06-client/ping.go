package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Ping sends a ping and waits for the pong that answers it (§5.5.2: a
// pong carries the ping's payload, so each ping gets a payload of its
// own). The pong arrives through the reading goroutine, so someone must
// be reading. ctx bounds the wait.
func (c *Conn) Ping(ctx context.Context) error {
	c.pingMu.Lock()
	c.pingSeq++
	payload := strconv.AppendUint(nil, c.pingSeq, 10)
	pong := make(chan struct{})
	c.pings[string(payload)] = pong
	c.pingMu.Unlock()
	defer func() {
		c.pingMu.Lock()
		delete(c.pings, string(payload))
		c.pingMu.Unlock()
	}()

	// ctx bounds the write too: a ping stuck behind a write that a dead
	// server never takes must not wait forever.
	if err := c.writeContext(ctx, true, opPing, payload); err != nil {
		return err
	}
	select {
	case <-pong:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("websocket: no pong: %w", ctx.Err())
	case <-c.done:
		return ErrClosed
	}
}

// pongArrived wakes the Ping that waits for this payload, if any.
func (c *Conn) pongArrived(payload []byte) {
	c.pingMu.Lock()
	defer c.pingMu.Unlock()
	if pong, ok := c.pings[string(payload)]; ok {
		close(pong)
		delete(c.pings, string(payload))
	}
}

// ErrNoPong: the heartbeat's ping got no pong in time. The server, or
// the network to it, has stopped answering.
var ErrNoPong = errors.New("websocket: the server stopped answering pings")

// heartbeat pings every interval until the connection closes. When a
// pong does not come within timeout, it fails the connection: TCP alone
// can take many minutes to notice a peer that vanished.
func (c *Conn) heartbeat(interval, timeout time.Duration) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-ticker.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		err := c.Ping(ctx)
		timedOut := errors.Is(ctx.Err(), context.DeadlineExceeded)
		cancel()
		if err != nil && timedOut {
			// No pong in time, whether the ping went out or was stuck
			// behind writes the server no longer takes.
			c.giveUp(fmt.Errorf("%w: no pong within %v", ErrNoPong, timeout))
		}
		if err != nil {
			return
		}
	}
}

// giveUp records why the connection died, tells the server with a close
// frame (1001: we are going away) if it still listens, and closes TCP,
// which wakes the reading goroutine with the reason.
func (c *Conn) giveUp(reason error) {
	c.pingMu.Lock()
	c.deadErr = reason
	c.pingMu.Unlock()
	c.writeClose(closePayload(CloseGoingAway, "no pong"))
	c.closeTCP()
}

// heartbeatFailure is why the heartbeat gave up, or nil.
func (c *Conn) heartbeatFailure() error {
	c.pingMu.Lock()
	defer c.pingMu.Unlock()
	return c.deadErr
}
