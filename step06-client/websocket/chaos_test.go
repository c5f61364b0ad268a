package websocket

import (
	"context"
	"errors"
	"flag"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
)

var (
	chaosRounds = flag.Int("chaos.rounds", 200, "rounds of TestChaos; try thousands locally")
	chaosSeed   = flag.Uint64("chaos.seed", 0, "replay TestChaos from this seed (0 picks a new one)")
)

// chaosCloseTimeout is the close timeout of every connection in the
// chaos test. chaosHang is how long an ending may take before the test
// calls it a hang. It measures nothing: Close's whole handshake runs
// under one close timeout, and a busy machine may stretch that many
// times over, so the bound is sixty times as long. It stays below the
// default close timeout (5 s), so that a Close that forgot the
// connection's own timeout is still caught.
const (
	chaosCloseTimeout = 50 * time.Millisecond
	chaosHang         = 3 * time.Second
)

// TestChaos runs random interleavings of everything a program may do to
// a connection at once: two readers with short or cancelled contexts,
// two writers of random sizes, and an ending by Close, CloseNow, two
// Closes at once, or Close and CloseNow at once. Half the rounds talk
// to the gorilla echo server, half to a server that never answers. Each
// round checks that the ending returns rather than hangs, that every
// reader and writer returns after it, and that every error is one a user
// should see; TestMain checks that no goroutine is left behind.
//
// A failure can be replayed with the seed the test logs:
//
//	go test ./step04-transport -run TestChaos -chaos.seed=SEED
//	go test ./step04-transport -run TestChaos -chaos.rounds=5000 -race
func TestChaos(t *testing.T) {
	seed := *chaosSeed
	if seed == 0 {
		seed = rand.Uint64()
	}
	t.Logf("seed %d (replay with -chaos.seed=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, seed))

	echo := echoserver.Start(echoserver.Options{})
	defer echo.Close()
	silent := silentServer(t)
	for round := range *chaosRounds {
		url, server := echo.URL, "echo"
		if rng.IntN(2) == 0 {
			url, server = silent.URL, "silent"
		}
		r := chaosRound{rng: rand.New(rand.NewPCG(rng.Uint64(), uint64(round)))}
		if !r.run(t, url) {
			t.Fatalf("round %d against the %s server failed (seed %d)", round, server, seed)
		}
	}
}

// chaosRound is one connection's life. Its random source belongs to the
// goroutine that runs the round; the goroutines it starts get seeds.
type chaosRound struct {
	rng *rand.Rand
}

func (r chaosRound) run(t *testing.T, url string) bool {
	conn, _, err := Dial(testContext(t), url, nil)
	require.NoError(t, err)
	conn.closeTimeout = chaosCloseTimeout

	ops := make(chan struct{}, 1024) // one token per finished call
	var wg sync.WaitGroup
	for i := range 4 {
		rng := rand.New(rand.NewPCG(r.rng.Uint64(), uint64(i)))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !ended(conn) {
				var err error
				if i < 2 {
					err = chaosRead(rng, conn)
				} else {
					err = chaosWrite(rng, conn)
				}
				assert.True(t, expectedError(err), "an error a user should never see: %v", err)
				select {
				case ops <- struct{}{}:
				default:
				}
			}
		}()
	}

	// End the connection after a random number of calls have finished,
	// or when it ends by itself (a write cut off by its context).
	for range r.rng.IntN(20) {
		select {
		case <-ops:
		case <-conn.done:
		}
	}
	endings := make(chan []error, 1)
	go func() { endings <- r.end(conn) }()
	select {
	case closeErrs := <-endings:
		for _, err := range closeErrs {
			assert.True(t, expectedError(err), "Close: %v", err)
		}
	case <-time.After(chaosHang):
		t.Errorf("the ending hung: still running after %v", chaosHang)
		conn.CloseNow()
		<-endings
	}

	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(chaosHang):
		t.Errorf("readers and writers hung: still running %v after the connection ended", chaosHang)
		conn.CloseNow()
		<-finished
	}
	return !t.Failed()
}

// end ends the connection in one of four ways, and returns what each
// Close returned.
func (r chaosRound) end(conn *Conn) []error {
	var errs []error
	var mu sync.Mutex
	var wg sync.WaitGroup
	closeOnce := func() {
		defer wg.Done()
		err := conn.Close(CloseNormalClosure, "")
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	closeNow := func() {
		defer wg.Done()
		conn.CloseNow()
	}
	switch r.rng.IntN(4) {
	case 0:
		wg.Add(1)
		closeOnce()
	case 1:
		wg.Add(1)
		closeNow()
	case 2:
		wg.Add(2)
		go closeOnce()
		go closeOnce()
	case 3:
		wg.Add(2)
		go closeOnce()
		go closeNow()
	}
	wg.Wait()
	return errs
}

// chaosRead reads once, with a context that times out within
// milliseconds or is cancelled from another goroutine.
func chaosRead(rng *rand.Rand, conn *Conn) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(1+rng.IntN(5))*time.Millisecond)
	defer cancel()
	if rng.IntN(4) == 0 {
		go cancel()
	}
	_, _, err := conn.ReadMessage(ctx)
	return err
}

// chaosWrite writes one message of a random size, whole or in frames,
// mostly with a context that lets it finish.
func chaosWrite(rng *rand.Rand, conn *Conn) error {
	timeout := testTimeout
	if rng.IntN(10) == 0 {
		timeout = time.Duration(rng.IntN(3)) * time.Millisecond
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	msg := make([]byte, rng.IntN(256<<10))
	if rng.IntN(2) == 0 {
		return conn.WriteMessage(ctx, BinaryMessage, msg)
	}
	w, err := conn.Writer(ctx, BinaryMessage)
	if err != nil {
		return err
	}
	for len(msg) > 0 {
		n := min(len(msg), 1+rng.IntN(64<<10))
		if _, err := w.Write(msg[:n]); err != nil {
			w.Close()
			return err
		}
		msg = msg[n:]
	}
	return w.Close()
}

// ended reports whether TCP is closed.
func ended(conn *Conn) bool {
	select {
	case <-conn.done:
		return true
	default:
		return false
	}
}

// expectedError accepts the errors a user of the connection may see, and
// rejects the ones that would mean a wrong reason leaked out: a raw
// network error, or the internal idle deadline.
func expectedError(err error) bool {
	if err == nil || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return !strings.Contains(errorText(err), "use of closed network connection") &&
			!strings.Contains(errorText(err), "no message arrived")
	}
	text := err.Error()
	for _, ok := range []string{
		"websocket: use of a closed connection",
		"websocket: closed with status",
		"websocket: no close frame from the server",
		"websocket: write interrupted",
		"websocket: a message was left unfinished",
		"websocket: read interrupted",
		"websocket: sending the close frame",
	} {
		if strings.HasPrefix(text, ok) {
			return !strings.Contains(text, "use of closed network connection") && !strings.Contains(text, "no message arrived")
		}
	}
	return false
}

func errorText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
