// Package scripted is a raw-TCP server for tests that need a peer which
// misbehaves on purpose. A test gives it a Script; the script reads the exact
// bytes the client sent and writes the exact bytes the test wants the client
// to see, chopped into as many small writes as it likes.
package scripted

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"
)

// Script runs once for each connection the server accepts.
type Script func(c *Conn) error

// Server accepts TCP connections on 127.0.0.1 and runs a Script on each.
type Server struct {
	// Addr is host:port; URL is "ws://" + Addr + "/".
	Addr string
	URL  string

	ln     net.Listener
	script Script
	wg     sync.WaitGroup

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	errs   []error
	closed bool

	closeOnce sync.Once
	closeErr  error
}

// Start listens on a free loopback port and serves script until the test
// ends. Script errors are reported with t.Error at cleanup.
func Start(t testing.TB, script Script) *Server {
	t.Helper()
	s, err := Listen(script)
	if err != nil {
		t.Fatalf("scripted: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// Listen is Start without a testing.TB, for programs such as the Autobahn
// fuzzing server. The caller must call Close.
func Listen(script Script) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{
		Addr:   ln.Addr().String(),
		URL:    "ws://" + ln.Addr().String() + "/",
		ln:     ln,
		script: script,
		conns:  make(map[net.Conn]struct{}),
	}
	s.wg.Add(1)
	go s.acceptLoop()
	return s, nil
}

func (s *Server) acceptLoop() {
	defer s.wg.Done()
	for {
		nc, err := s.ln.Accept()
		if err != nil {
			return // the listener was closed
		}
		if !s.track(nc) {
			nc.Close()
			return
		}
		s.wg.Add(1)
		go s.run(nc)
	}
}

func (s *Server) track(nc net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.conns[nc] = struct{}{}
	return true
}

func (s *Server) run(nc net.Conn) {
	defer s.wg.Done()
	c := &Conn{Conn: nc, R: bufio.NewReader(nc)}
	err := s.script(c)
	nc.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, nc)
	if err != nil {
		s.errs = append(s.errs, fmt.Errorf("scripted server: %w", err))
	}
}

// graceTime is how long Close lets running scripts finish on their own
// before it closes their connections under them.
const graceTime = 5 * time.Second

// Close stops accepting, waits for the running scripts to return (after
// graceTime it closes their connections to make them return), and
// reports what they returned. It is safe to call more than once.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.ln.Close()
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		grace := time.AfterFunc(graceTime, func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			for nc := range s.conns {
				nc.Close()
			}
		})
		s.wg.Wait()
		grace.Stop()
		s.mu.Lock()
		s.closeErr = errors.Join(s.errs...)
		s.mu.Unlock()
	})
	return s.closeErr
}
