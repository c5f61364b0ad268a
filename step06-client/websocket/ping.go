package websocket

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
	p, err := c.sendPing(ctx)
	if err != nil {
		return err
	}
	return c.awaitPong(ctx, p)
}

// sentPing is a ping that went out: its payload, and the channel that
// pongArrived closes when the matching pong comes.
type sentPing struct {
	payload []byte
	pong    chan struct{}
}

// sendPing sends a ping with a fresh payload, bounded by ctx.
func (c *Conn) sendPing(ctx context.Context) (sentPing, error) {
	p := c.expectPong()
	if err := c.sendFrame(ctx, true, opPing, p.payload); err != nil {
		c.forgetPong(p.payload)
		return p, err
	}
	return p, nil
}

// awaitPong waits for p's pong, at most until ctx ends.
func (c *Conn) awaitPong(ctx context.Context, p sentPing) error {
	defer c.forgetPong(p.payload)
	select {
	case <-p.pong:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("websocket: no pong: %w", context.Cause(ctx))
	case <-c.done:
		return closedError(c.readable())
	}
}

// expectPong makes a fresh ping payload, and the channel its pong will
// close.
func (c *Conn) expectPong() sentPing {
	c.stateMu.Lock()
	defer c.stateMu.Unlock()
	c.pingSeq++
	p := sentPing{payload: strconv.AppendUint(nil, c.pingSeq, 10), pong: make(chan struct{})}
	c.pings[string(p.payload)] = p.pong
	return p
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
// can take many minutes to notice a peer that vanished; a ping that gets
// no pong within timeout fails the connection, with ErrNoPong (see beat
// for what counts).
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
		err := c.beat(ctx)
		cancel()
		if errors.Is(err, ErrNoPong) {
			c.giveUp(noPong)
		}
		if err != nil {
			return // the connection ended, for that reason or another
		}
	}
}

// beat sends one ping and waits for its pong, until ctx ends. A ping
// that cannot even go out in time is a sign: the server has stopped
// taking our bytes. A pong that does not come is a sign only while
// someone reads, since a pong is seen only by a reader: when nobody was
// reading as the time ran out, say because the program was busy
// printing, the pong may be waiting unread, and beat says nothing.
func (c *Conn) beat(ctx context.Context) error {
	p, err := c.sendPing(ctx)
	if err != nil {
		return err
	}
	err = c.awaitPong(ctx, p)
	if errors.Is(err, ErrNoPong) && !c.reading.Load() {
		return nil
	}
	return err
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
