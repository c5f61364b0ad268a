// Command step01-sum is a fake step for the workshop tool's tests: a
// command, and beside it the library it imports, as in the last step of
// the series.
package main

import (
	"fmt"

	"example.com/fake/step01-sum/websocket"
)

func main() {
	xs, err := websocket.ParseList("1,2,3")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(websocket.Sum(xs...))
}
