package websocket

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Ping sends a ping and waits for the pong that answers it (§5.5.2).
// The pong arrives through the reading goroutine, so someone must be
// reading. ctx bounds the wait, for the pong and for the write.
func (c *Conn) Ping(ctx context.Context) error {
	_, err := c.ping(ctx)
	return err
}

// SendPing sends a ping with payload, at most 125 bytes (§5.5), and
// returns without waiting: its pong, if one comes, goes to the pong
// handler (SetPongHandler). Ping is the call that waits. ctx bounds the
// write.
func (c *Conn) SendPing(ctx context.Context, payload []byte) error {
	if err := checkControlPayload("ping", payload); err != nil {
		return err
	}
	return c.sendFrame(ctx, true, opPing, payload)
}

// SendPong sends a pong that answers no ping, at most 125 bytes: "a
// unidirectional heartbeat", which §5.5.3 allows. Pings need no call:
// the connection answers them itself. ctx bounds the write.
func (c *Conn) SendPong(ctx context.Context, payload []byte) error {
	if err := checkControlPayload("pong", payload); err != nil {
		return err
	}
	return c.sendFrame(ctx, true, opPong, payload)
}

// checkControlPayload refuses a payload that a control frame cannot
// carry (§5.5), before anything is sent.
func checkControlPayload(what string, payload []byte) error {
	if len(payload) > maxControlPayload {
		return fmt.Errorf("websocket: a %s payload of %d bytes is over the %d that a control frame holds", what, len(payload), maxControlPayload)
	}
	return nil
}

// ping is Ping, and also says whether the ping went out.
func (c *Conn) ping(ctx context.Context) (sent bool, err error) {
	var p sentPing
	c.decide(func(pr *protocol) { p = pr.expectPong() })
	defer c.decide(func(pr *protocol) { pr.forgetPong(p.payload) })
	if err := c.sendFrame(ctx, true, opPing, p.payload); err != nil {
		return false, err
	}
	select {
	case <-p.pong:
		return true, nil
	case <-ctx.Done():
		return true, fmt.Errorf("websocket: no pong: %w", context.Cause(ctx))
	case <-c.done:
		return true, useOfClosed(c.fate())
	}
}

// sentPing is a ping that went out: its payload, each ping's own, and
// the channel that pongArrived closes when the matching pong comes.
type sentPing struct {
	payload []byte
	pong    chan struct{}
}

// expectPong makes a fresh ping payload, and the channel its pong will
// close.
func (p *protocol) expectPong() sentPing {
	p.pingSeq++
	s := sentPing{payload: strconv.AppendUint(nil, p.pingSeq, 10), pong: make(chan struct{})}
	p.pings[string(s.payload)] = s.pong
	return s
}

func (p *protocol) forgetPong(payload []byte) { delete(p.pings, string(payload)) }

// pongArrived wakes the Ping that waits for this payload, if any.
func (p *protocol) pongArrived(payload []byte) {
	if pong, ok := p.pings[string(payload)]; ok {
		close(pong)
		delete(p.pings, string(payload))
	}
}

// ErrNoPong: the heartbeat's ping got no pong in time. The server, or
// the network to it, has stopped answering.
var ErrNoPong = errors.New("websocket: the server stopped answering pings")

// heartbeat pings every interval until the connection ends, since TCP
// can take minutes to notice a vanished peer. A ping with no pong within
// timeout fails the connection with ErrNoPong, if someone was reading.
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
		sent, err := c.ping(ctx)
		cancel()
		if sent && errors.Is(err, ErrNoPong) && !c.read.reading.Load() {
			continue // nobody read as the time ran out: the pong may be waiting unread
		}
		if errors.Is(err, ErrNoPong) {
			c.failWith(CloseGoingAway, "no pong", noPong)
			c.terminate(noPong)
		}
		if err != nil {
			return // the connection ended, for that reason or another
		}
	}
}
