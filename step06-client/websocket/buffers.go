package websocket

import (
	"bufio"
	"net"
	"sync"
)

// An idle connection should cost little memory, and a busy one should
// make few system calls. Both come from the same idea: the large
// buffers are borrowed from a pool while a message is in flight, and
// given back when the connection has nothing in them. The pools are the
// only package-level variables of the library that change; a sync.Pool
// holds nothing that a caller can observe.

// busyReadBufferSize is the read buffer of a connection while it reads:
// big enough for a 4 KiB message and its header in one read, and for a
// thousand small pipelined messages per read.
const busyReadBufferSize = 64 << 10

var readBuffers = sync.Pool{
	New: func() any { return bufio.NewReaderSize(nil, busyReadBufferSize) },
}

// waitForFrame waits for the first byte of the next frame. Between
// messages, on an empty buffer, it waits with the small reader, unless
// the last such wait filled a busy one to the brim: bytes are flowing.
func (r *readSide) waitForFrame(nc net.Conn) error {
	between := !r.in.active && r.br.Buffered() == 0
	if between && r.flowing {
		r.borrowBuffer(nc)
	} else if between {
		r.returnBuffer()
	}
	_, err := r.br.Peek(1)
	if between && err == nil {
		r.flowing = r.br.Buffered() == r.br.Size()
	}
	return err
}

// borrowBuffer swaps the idle reader (the handshake's small one) for a
// busy one from the pool, reading nc. Only an empty reader can be swapped:
// bytes in it are the start of the next frame.
func (r *readSide) borrowBuffer(nc net.Conn) {
	if r.br != r.idle || r.br.Buffered() > 0 {
		return
	}
	busy := readBuffers.Get().(*bufio.Reader)
	busy.Reset(nc)
	r.br = busy
}

// returnBuffer puts the busy reader back in the pool once it holds
// nothing, so that an idle connection keeps only its small one.
func (r *readSide) returnBuffer() {
	if r.br == r.idle || r.br.Buffered() > 0 {
		return
	}
	r.br.Reset(nil)
	readBuffers.Put(r.br)
	r.br = r.idle
}

// maxChunk bounds one write: a frame is built whole, header and masked
// payload, in a borrowed buffer, and a frame larger than maxChunk leaves
// in writes of maxChunk.
const maxChunk = 16 << 20

// A frame borrows from the pool of the smallest power of two, from 4 KiB
// to maxChunk, that holds its payload: a 16-byte message does not borrow
// megabytes, and no buffer is more than twice the frame it holds.
const (
	minFrameBuffer   = 4 << 10
	frameBufferSizes = 13 // 4 KiB << 12 = maxChunk
)

var frameBuffers [frameBufferSizes]sync.Pool

// frameBuffer borrows a buffer that holds a header and n bytes of
// payload, n at most maxChunk.
func frameBuffer(n int) (buf *[]byte, class int) {
	for minFrameBuffer<<class < n {
		class++
	}
	if b, ok := frameBuffers[class].Get().(*[]byte); ok {
		return b, class
	}
	b := make([]byte, 0, maxHeaderSize+minFrameBuffer<<class)
	return &b, class
}

// returnFrameBuffer gives a buffer that frameBuffer lent back to the pool
// of its class, once its frame has been written.
func returnFrameBuffer(buf *[]byte, class int) {
	frameBuffers[class].Put(buf)
}
