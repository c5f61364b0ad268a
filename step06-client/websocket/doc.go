// Package websocket is a WebSocket client (RFC 6455): Dial a ws:// or
// wss:// URL with Options, then read and write messages on the Conn,
// whole or streamed, and end with Close, the closing handshake. Every
// call that waits takes a context; every failure is a typed error.
//
// It was written step by step from the specification in the series
// "WebSocket from the RFC, in Go" (github.com/spec2lib/websocket), whose
// last step is this package and a command-line tool that imports it.
package websocket
