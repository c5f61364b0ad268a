package autobahn

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	coder "github.com/coder/websocket"
	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"
)

// The client agents the tests run against the server. They follow the
// agent protocol of the suite: getCaseCount, runCase for each case, then
// updateReports.

// agentDeadline bounds an agent's reads, in case the server is broken:
// the server itself bounds every case far below this.
const agentDeadline = time.Minute

// playFunc plays one case: it connects to url and does what the agent does.
type playFunc func(url string)

// runAgent runs the whole protocol, one case after another, as the suite's
// agents do.
func runAgent(t *testing.T, base, name string, play playFunc) {
	t.Helper()
	n := caseCount(t, base, name)
	for i := 1; i <= n; i++ {
		play(caseURL(base, i, name))
	}
	updateReports(t, base, name)
}

// runAgentParallel is runAgent with up to width cases at a time. Cases
// are independent connections, so the server grades them just the same;
// it makes agents that wait out every deadline quick to test.
func runAgentParallel(t *testing.T, base, name string, width int, play playFunc) {
	t.Helper()
	n := caseCount(t, base, name)
	var wg sync.WaitGroup
	slots := make(chan struct{}, width)
	for i := 1; i <= n; i++ {
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			play(caseURL(base, i, name))
		}()
	}
	wg.Wait()
	updateReports(t, base, name)
}

func caseURL(base string, n int, name string) string {
	return fmt.Sprintf("%s/runCase?case=%d&agent=%s", base, n, name)
}

// caseCount reads the number of cases, then reads on until the server's
// close, which gorilla answers.
func caseCount(t *testing.T, base, name string) int {
	t.Helper()
	conn, _, err := websocket.DefaultDialer.Dial(base+"/getCaseCount?agent="+name, nil)
	require.NoError(t, err)
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(agentDeadline))
	mt, msg, err := conn.ReadMessage()
	require.NoError(t, err)
	require.Equal(t, websocket.TextMessage, mt)
	n, err := strconv.Atoi(string(msg))
	require.NoError(t, err)
	_, _, err = conn.ReadMessage()
	require.True(t, websocket.IsCloseError(err, websocket.CloseNormalClosure), "after the count: %v", err)
	return n
}

func updateReports(t *testing.T, base, name string) {
	t.Helper()
	conn, _, err := websocket.DefaultDialer.Dial(base+"/updateReports?agent="+name, nil)
	require.NoError(t, err)
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(agentDeadline))
	_, _, err = conn.ReadMessage()
	require.True(t, websocket.IsCloseError(err, websocket.CloseNormalClosure), "updateReports: %v", err)
}

// gorillaEcho is the echo agent built on gorilla's client, written like
// the echoReadAll handler of gorilla's own Autobahn example
// (examples/autobahn/server.go): gorilla does not check that text is
// UTF-8, so the agent checks each whole message with utf8.Valid and fails
// the connection with 1007 itself. Everything else (pongs, the reply to a
// close, failing with 1002) is gorilla's.
func gorillaEcho(url string) {
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return // a refused handshake: the server grades that
	}
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(agentDeadline))
	closing := false
	for {
		mt, msg, err := conn.ReadMessage()
		if err != nil {
			return // the close handshake is done, or gorilla failed the connection
		}
		if closing {
			continue // read on until the server's close, echo nothing
		}
		if mt == websocket.TextMessage && !utf8.Valid(msg) {
			conn.WriteControl(websocket.CloseMessage,
				websocket.FormatCloseMessage(websocket.CloseInvalidFramePayloadData, ""),
				time.Now().Add(time.Second))
			closing = true
			continue
		}
		if conn.WriteMessage(mt, msg) != nil {
			return
		}
	}
}

// silent connects with gorilla's client and then only reads the raw
// connection until it ends: it never echoes, pongs or closes.
func silent(url string) {
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return
	}
	nc := conn.NetConn()
	defer nc.Close()
	nc.SetReadDeadline(time.Now().Add(agentDeadline))
	io.Copy(io.Discard, nc)
}

// coderEcho is an echo agent built on coder/websocket's client, which
// offers permessage-deflate with context takeover: an agent for
// families 12 and 13 written by others.
func coderEcho(url string) {
	ctx, cancel := context.WithTimeout(context.Background(), agentDeadline)
	defer cancel()
	conn, _, err := coder.Dial(ctx, url, &coder.DialOptions{CompressionMode: coder.CompressionContextTakeover})
	if err != nil {
		return
	}
	defer conn.CloseNow()
	conn.SetReadLimit(-1)
	for {
		typ, msg, err := conn.Read(ctx)
		if err != nil || conn.Write(ctx, typ, msg) != nil {
			return
		}
	}
}
