package websocket

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

// writeFrame writes one whole frame for a test, and flushes bw: h, then
// the payload, masked with h.maskKey if h.masked, in a copy.
func writeFrame(bw *bufio.Writer, h header, payload []byte) error {
	b := append(appendHeader(nil, h), payload...)
	if h.masked {
		maskFast(h.maskKey, 0, b[len(b)-len(payload):])
	}
	if _, err := bw.Write(b); err != nil {
		return err
	}
	return bw.Flush()
}
