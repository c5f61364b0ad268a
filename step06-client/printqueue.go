package main

import (
	"io"
	"sync"
)

// printQueue holds messages between the reader of a session and the
// printer: put waits while the queue holds max bytes or more, so the
// queue never grows past max plus one message. mu guards its fields;
// the reader and the printer each wait on the cond.
type printQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	msgs   [][]byte
	bytes  int
	max    int
	closed bool  // no more puts
	failed error // the printer could not print: puts stop
}

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

// close says that no more messages will come.
func (q *printQueue) close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	q.cond.Broadcast()
}

// print writes every message to w until the queue is closed and empty:
// in text mode each followed by a newline, with control characters made
// visible on a terminal; in binary mode as they are (visible, too, on a
// terminal).
func (q *printQueue) print(w io.Writer, binary, terminal bool) error {
	for {
		msg, ok := q.take()
		if !ok {
			return nil
		}
		if terminal {
			msg = visible(msg)
		}
		if !binary || terminal {
			msg = append(msg, '\n')
		}
		if _, err := w.Write(msg); err != nil {
			q.fail(err)
			return err
		}
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
