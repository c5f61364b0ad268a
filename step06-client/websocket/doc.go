// Package websocket is a WebSocket client (RFC 6455): Dial a ws:// or
// wss:// URL with Options, then read and write messages on the Conn,
// whole or streamed, and end with Close, the closing handshake. Every
// call that waits takes a context; every failure is a typed error.
//
// It is the last step of the series "WebSocket from the RFC, in Go",
// where each step adds one part of the specification. The command in
// the directory above uses it as any other program would: through this
// API only.
package websocket
