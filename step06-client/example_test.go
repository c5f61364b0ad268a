package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spec2lib/websocket/internal/echoserver"
)

// Dial a server, send a message, read the answer, and close: the common
// use. (Here the server is the built-in echo server.)
func Example() {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, _, err := Dial(ctx, srv.URL, nil)
	if err != nil {
		fmt.Println("dial:", err)
		return
	}
	defer conn.CloseNow()

	if err := conn.WriteMessage(ctx, TextMessage, []byte("hello")); err != nil {
		fmt.Println("write:", err)
		return
	}
	typ, msg, err := conn.ReadMessage(ctx)
	if err != nil {
		fmt.Println("read:", err)
		return
	}
	fmt.Printf("%s: %s\n", typ, msg)

	if err := conn.Close(CloseNormalClosure, "done"); err != nil {
		fmt.Println("close:", err)
	}
	// Output: text: hello
}
