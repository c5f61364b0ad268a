package main

// fail is what RFC 6455 §7.1.7 calls _Fail the WebSocket Connection_,
// for a server that broke the protocol. It sends a close frame whose code
// tells the server what went wrong (1002 protocol error, 1007 invalid
// data, 1009 too big), lets the server answer and close TCP, then closes
// our side. From the moment of the fault nothing is echoed or answered:
// the close frame is the last frame we write, and whatever the server
// sends after the fault is read only to be thrown away.
//
// The reason goes into the close frame, so it must stay within the 123
// bytes a control frame leaves for it; the reasons in this package do.
func (c *Conn) fail(code int, reason string, cause error) error {
	err := &ProtocolError{Code: code, Reason: reason, Err: cause}
	if c.writeClose(closePayload(code, reason)) == nil {
		// Reading until the server closes keeps our close frame from
		// being lost: closing a socket with unread input makes the
		// kernel reset the connection, and a reset can destroy data the
		// server has not read yet.
		c.awaitTCPClose()
	}
	c.closeTCP()
	return err
}
