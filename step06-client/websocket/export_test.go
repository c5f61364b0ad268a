package websocket

// Helpers that only the tests use.

// readFrame receives one whole frame, as the server sent it.
func (c *Conn) readFrame() (header, []byte, error) {
	h, payload, err := readFrame(c.read.br, defaultReadLimit)
	if err == nil {
		c.trace.frame("<-", h, payload)
	}
	return h, payload, err
}
