package websocket_test

import (
	"context"
	"fmt"
	"time"

	"github.com/spec2lib/websocket/internal/echoserver"
	"github.com/spec2lib/websocket/step06-client/websocket"
)

// Dial a server, send a message, read the answer, and close: the common
// use. (Here the server is the built-in echo server.)
func Example() {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, srv.URL, nil)
	if err != nil {
		fmt.Println("dial:", err)
		return
	}
	defer conn.CloseNow()

	if err := conn.WriteMessage(ctx, websocket.TextMessage, []byte("hello")); err != nil {
		fmt.Println("write:", err)
		return
	}
	typ, msg, err := conn.ReadMessage(ctx)
	if err != nil {
		fmt.Println("read:", err)
		return
	}
	fmt.Printf("%s: %s\n", typ, msg)

	if err := conn.Close(websocket.CloseNormalClosure, "done"); err != nil {
		fmt.Println("close:", err)
	}
	// Output: text: hello
}
