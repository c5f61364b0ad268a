package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"sync"
)

// Server is a TCP echo server: every line a client sends comes straight back.
// Each connection gets its own goroutine, so a slow client never holds up
// the others.
type Server struct {
	ln  net.Listener
	log *log.Logger
	wg  sync.WaitGroup // the accept loop and every connection handler

	mu     sync.Mutex
	conns  map[net.Conn]struct{} // open connections, so Close can end them
	closed bool
}

// Listen starts an echo server on addr ("127.0.0.1:0" picks a free port)
// and returns once it is accepting connections.
func Listen(addr string, logger *log.Logger) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("start echo server: %w", err)
	}
	s := &Server{ln: ln, log: logger, conns: make(map[net.Conn]struct{})}
	s.log.Printf("listening on %s", ln.Addr())
	s.wg.Add(1)
	go s.acceptLoop()
	return s, nil
}

// Addr is the address the server listens on, with the real port filled in.
func (s *Server) Addr() net.Addr {
	return s.ln.Addr()
}

// Close stops accepting, closes the connections still open and waits until
// every goroutine the server started has returned, so nothing outlives it.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	err := s.ln.Close()
	for conn := range s.conns {
		conn.Close() // unblocks the handler's pending Read
	}
	s.mu.Unlock()
	s.wg.Wait()
	return err
}

// acceptLoop hands each new connection to its own goroutine. It ends when
// Close closes the listener and Accept starts failing.
func (s *Server) acceptLoop() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				s.log.Printf("accept: %v", err)
			}
			return
		}
		if !s.track(conn) {
			conn.Close()
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer s.untrack(conn)
			s.serveConn(conn)
		}()
	}
}

// track records an open connection. It refuses once Close has begun, since
// Close may already have walked the set and would miss this one.
func (s *Server) track(conn net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.conns[conn] = struct{}{}
	return true
}

func (s *Server) untrack(conn net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, conn)
}

// serveConn echoes lines until the client half-closes (we read EOF) or the
// connection fails. It logs before replying, so the transcript shows the
// server's lines before the client can print the reply.
func (s *Server) serveConn(conn net.Conn) {
	defer conn.Close()
	peer := conn.RemoteAddr()
	r := bufio.NewReader(conn)
	w := bufio.NewWriter(conn)
	for {
		msg, err := readLine(r)
		switch {
		case errors.Is(err, io.EOF):
			s.log.Printf("EOF from %s, closing the connection", peer)
			return
		case errors.Is(err, net.ErrClosed):
			return // Close is shutting the server down
		case err != nil:
			s.log.Printf("read from %s: %v", peer, err)
			return
		}
		s.log.Printf("received %q from %s", msg, peer)
		s.log.Printf("send %q", msg)
		if err := writeLine(w, msg); err != nil {
			s.log.Printf("write to %s: %v", peer, err)
			return
		}
	}
}
