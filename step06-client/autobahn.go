package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"time"

	"github.com/spec2lib/websocket/step06-client/websocket"
)

// caseTimeout bounds the dial of one Autobahn case. The case itself ends
// when the server closes it.
const caseTimeout = 30 * time.Second

// runAutobahn runs every case of the Autobahn|Testsuite server at base
// (ws://host:port) on a fresh connection, echoing each message, then has
// the server write its reports. It reports only cases it could not start.
func runAutobahn(ctx context.Context, out io.Writer, base, agent string) error {
	count, err := autobahnCaseCount(ctx, base)
	if err != nil {
		return fmt.Errorf("autobahn: getting the case count: %w", err)
	}
	fmt.Fprintf(out, "autobahn: %d cases\n", count)
	for n := 1; n <= count; n++ {
		u := fmt.Sprintf("%s/runCase?case=%d&agent=%s", base, n, url.QueryEscape(agent))
		if err := echoCase(ctx, u); err != nil {
			fmt.Fprintf(out, "autobahn: case %d: %v\n", n, err)
		}
	}
	conn, err := dialCase(ctx, fmt.Sprintf("%s/updateReports?agent=%s", base, url.QueryEscape(agent)))
	if err != nil {
		return fmt.Errorf("autobahn: updating the reports: %w", err)
	}
	defer conn.CloseNow()
	conn.ReadMessage(ctx) // the server closes when it is done
	fmt.Fprintln(out, "autobahn: reports updated")
	return nil
}

// autobahnCaseCount reads the one text message of /getCaseCount.
func autobahnCaseCount(ctx context.Context, base string) (int, error) {
	conn, err := dialCase(ctx, base+"/getCaseCount")
	if err != nil {
		return 0, err
	}
	defer conn.Close(websocket.CloseNormalClosure, "")
	_, msg, err := conn.ReadMessage(ctx)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(string(msg))
}

// echoCase runs one case: it echoes every message until the connection
// ends. How it ends is for the server to grade, so the error that ends
// it is not the agent's to report.
func echoCase(ctx context.Context, u string) error {
	conn, err := dialCase(ctx, u)
	if err != nil {
		return err
	}
	defer conn.CloseNow()
	var buf []byte // one buffer for every message: the echo is written before the next read
	for {
		typ, msg, err := conn.AppendMessage(ctx, buf[:0])
		if err != nil {
			return nil
		}
		if err := conn.WriteMessage(ctx, typ, msg); err != nil {
			return nil
		}
		buf = msg
	}
}

// dialCase dials one case. The agent offers permessage-deflate with
// context takeover both ways, whatever the library's default, as the
// suite's agents offer compression: families 12 and 13 test it, and a
// case of the other families answers without it.
func dialCase(ctx context.Context, u string) (*websocket.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, caseTimeout)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, u, &websocket.Options{Compression: websocket.CompressionContextTakeover})
	return conn, err
}
