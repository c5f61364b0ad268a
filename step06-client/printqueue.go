package main

import (
	"io"
	"sync"
)

// printQueue holds messages between a session's reader and its printer:
// put waits while it holds max bytes or more. mu guards its fields; the
// reader and the printer each wait on the cond.
type printQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	msgs   [][]byte
	bytes  int
	max    int
	closed bool  // no more puts
	failed error // the printer could not print: puts stop
	spares [][]byte
}

// maxSpares bounds the printed buffers kept for the reader to reuse.
const maxSpares = 8

func newPrintQueue(max int) *printQueue {
	q := &printQueue{max: max}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// put adds a message, waiting while the queue is full. It fails once the
// printer has failed.
func (q *printQueue) put(msg []byte) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.bytes >= q.max && q.failed == nil {
		q.cond.Wait()
	}
	if q.failed != nil {
		return q.failed
	}
	q.msgs = append(q.msgs, msg)
	q.bytes += len(msg)
	q.cond.Broadcast()
	return nil
}

// spare returns a printed message's buffer, emptied, for the reader to
// read the next message into; or nil, when there is none.
func (q *printQueue) spare() []byte {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.spares) == 0 {
		return nil
	}
	b := q.spares[len(q.spares)-1]
	q.spares = q.spares[:len(q.spares)-1]
	return b[:0]
}

// recycle keeps a printed message's buffer for the reader, up to
// maxSpares of them, none larger than the queue's bound.
func (q *printQueue) recycle(b []byte) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.spares) < maxSpares && cap(b) <= q.max {
		q.spares = append(q.spares, b)
	}
}

// close says that no more messages will come.
func (q *printQueue) close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	q.cond.Broadcast()
}

// print writes every message to w until the queue is closed and empty,
// in text mode each followed by a newline; on a terminal, control
// characters are made visible.
func (q *printQueue) print(w io.Writer, binary, terminal bool) error {
	for {
		msg, ok := q.take()
		if !ok {
			return nil
		}
		out := msg
		if terminal {
			out = visible(out)
		}
		if !binary || terminal {
			out = append(out, '\n')
		}
		if _, err := w.Write(out); err != nil {
			q.fail(err)
			return err
		}
		q.recycle(msg)
	}
}

// take removes the next message, waiting for one; it reports false when
// the queue is closed and empty.
func (q *printQueue) take() ([]byte, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.msgs) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.msgs) == 0 {
		return nil, false
	}
	msg := q.msgs[0]
	q.msgs = q.msgs[1:]
	q.bytes -= len(msg)
	q.cond.Broadcast()
	return msg, true
}

func (q *printQueue) fail(err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.failed = err
	q.cond.Broadcast()
}
