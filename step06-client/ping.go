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
// be reading. ctx bounds the wait, for the pong and for the write.
func (c *Conn) Ping(ctx context.Context) error {
	payload, pong := c.expectPong()
	defer c.forgetPong(payload)
	if err := c.sendFrame(ctx, true, opPing, payload); err != nil {
		return err
	}
	select {
	case <-pong:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("websocket: no pong: %w", context.Cause(ctx))
	case <-c.done:
		return closedError(c.readable())
	}
}

// expectPong makes a fresh ping payload and a channel that pongArrived
// closes when the matching pong comes.
func (c *Conn) expectPong() (payload []byte, pong chan struct{}) {
	c.stateMu.Lock()
	defer c.stateMu.Unlock()
	c.pingSeq++
	payload = strconv.AppendUint(nil, c.pingSeq, 10)
	pong = make(chan struct{})
	c.pings[string(payload)] = pong
	return payload, pong
}

func (c *Conn) forgetPong(payload []byte) {
	c.stateMu.Lock()
	defer c.stateMu.Unlock()
	delete(c.pings, string(payload))
}

// pongArrived wakes the Ping that waits for this payload, if any.
func (c *Conn) pongArrived(payload []byte) {
	c.stateMu.Lock()
	defer c.stateMu.Unlock()
	if pong, ok := c.pings[string(payload)]; ok {
		close(pong)
		delete(c.pings, string(payload))
	}
}

// ErrNoPong: the heartbeat's ping got no pong in time. The server, or
// the network to it, has stopped answering.
var ErrNoPong = errors.New("websocket: the server stopped answering pings")

// heartbeat pings every interval until the connection ends. TCP alone
// can take many minutes to notice a peer that vanished; a pong that
// does not come within timeout fails the connection, with ErrNoPong.
//
// A pong can only be seen while someone reads. When nobody was reading
// as the time ran out, say because the program was busy printing, the
// missing pong is no sign of the server, and the heartbeat tries again
// instead. A ping that cannot even be written in time is a sign: the
// server has stopped taking our bytes.
func (c *Conn) heartbeat(interval, timeout time.Duration) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-ticker.C:
		}
		noPong := fmt.Errorf("%w: no pong within %v", ErrNoPong, timeout)
		ctx, cancel := context.WithTimeoutCause(context.Background(), timeout, noPong)
		err := c.Ping(ctx)
		cancel()
		switch {
		case err == nil:
		case !errors.Is(err, ErrNoPong):
			return // the connection ended for another reason
		case c.reading.Load():
			c.giveUp(noPong)
			return
		}
	}
}

// giveUp fails the connection because the server stopped answering: it
// decides the fate first, so that the reader, woken by the closed
// socket, learns why; then it tells the server with a close frame (1001:
// we are going away), if the server still takes one, and closes TCP.
func (c *Conn) giveUp(reason error) {
	c.stateMu.Lock()
	c.proto.onFail(reason)
	c.stateMu.Unlock()
	c.sendClose(closePayload(CloseGoingAway, "no pong"))
	c.terminate(reason)
}
