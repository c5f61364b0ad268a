package main

import (
	"errors"
	"io"
	"log"
	"strings"
	"sync"
	"time"
)

// greeting is what the demo sends, as in the asyncio example.
const greeting = "Hello World!"

// replyTimeout is how long a client waits for the server before giving up.
const replyTimeout = 5 * time.Second

// runDemo starts a server, runs one client session against it and stops the
// server, printing both sides' transcript to w.
func runDemo(w io.Writer) error {
	out := &syncWriter{w: w}
	srv, err := Listen("127.0.0.1:0", log.New(out, "server: ", 0))
	if err != nil {
		return err
	}
	talkErr := converse(srv.Addr().String(), strings.NewReader(greeting+"\n"), log.New(out, "client: ", 0))
	// Close waits for the connection handler, so its last line is printed
	// before runDemo returns.
	return errors.Join(talkErr, srv.Close())
}

// syncWriter lets the server's goroutines and the client share one output:
// the mutex makes each log line a single, whole write.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
