package main

import "bufio"

// Helpers that only the tests use.

// readFrame reads one whole frame for a test: the header, then the
// payload, unmasked.
func readFrame(br *bufio.Reader, limit int64) (h header, payload []byte, err error) {
	if h, err = readHeader(br); err == nil {
		payload, err = readFramePayload(br, h, limit)
	}
	return h, payload, err
}

// readFrame receives one whole frame, as the server sent it.
func (c *Conn) readFrame() (header, []byte, error) {
	h, payload, err := readFrame(c.read.br, defaultReadLimit)
	if err == nil {
		c.trace.frame("<-", h, payload)
	}
	return h, payload, err
}
