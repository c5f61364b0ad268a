package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spec2lib/websocket/internal/echoserver"
	"github.com/spec2lib/websocket/internal/peers"
	"github.com/spec2lib/websocket/internal/repo"
)

// An experiment breaks one rule of RFC 6455 on purpose, with /frame, and
// records how a real server answers it.
type experiment struct {
	title  string
	frames []string // the /frame commands, sent with -x
}

// experiments are the "Break it on purpose" section of docs/06.
var experiments = []experiment{
	{"A fragmented control frame (§5.5: control frames MUST NOT be fragmented)",
		[]string{"/frame op=1 fin=0 hello", "/frame op=9 fin=0 ping"}},
	{"An unmasked frame from a client (§5.1: the server MUST close the connection)",
		[]string{"/frame mask=0 hello"}},
	{"A text message that is not UTF-8 (§8.1: fail the connection)",
		[]string{"/frame op=text hex=cebae1bdb9cf83ff"}},
}

// transcriptURL is the URL a transcript shows for each server, in place
// of its real, random port: gorilla's is the address that
// `go run ./internal/echoserver/cmd/echoserver` listens on by default.
var transcriptURL = map[string]string{
	"gorilla/websocket": "ws://127.0.0.1:8080/",
	"Python websockets": "ws://127.0.0.1:8765/",
}

// TestBreakItOnPurpose runs each experiment against the reference echo
// server (gorilla) and Python websockets, and compares what the tool
// printed, stdout and stderr together, with the golden transcript in
// testdata, which docs/06 shows. Regenerate it with
//
//	go test ./step06-client -run TestBreakItOnPurpose -update
//
// The output has no ports and no timings: each server fails the
// connection within the -x wait, and its answer is the close frame.
func TestBreakItOnPurpose(t *testing.T) {
	gorilla := echoserver.Start(echoserver.Options{})
	defer gorilla.Close()
	python := peers.Start(t, peers.Python, nil)
	servers := []struct{ name, url string }{
		{"gorilla/websocket", gorilla.URL},
		{"Python websockets", python.URL},
	}
	var out strings.Builder
	out.WriteString("# Break it on purpose: made by TestBreakItOnPurpose (step06-client/experiments_test.go).\n")
	out.WriteString("# gorilla/websocket: go run ./internal/echoserver/cmd/echoserver\n")
	out.WriteString("# Python websockets: python3 internal/peers/python/echo_server.py (it prints its port)\n")
	for i, ex := range experiments {
		fmt.Fprintf(&out, "\n## %d. %s\n", i+1, ex.title)
		for _, srv := range servers {
			shown := transcriptURL[srv.name]
			args := []string{"-trace", "--unsafe-frames"}
			cmd := "go run ./step06-client -trace --unsafe-frames"
			for _, f := range ex.frames {
				args = append(args, "-x", f)
				cmd += " -x '" + f + "'"
			}
			args = append(args, srv.url)
			var merged lockedWriter
			var buf strings.Builder
			merged.w = &buf
			code := run(testContext(t), args, strings.NewReader(""), &merged, &merged)
			fmt.Fprintf(&out, "\n# %s\n$ %s %s 2>&1\n", srv.name, cmd, shown)
			out.WriteString(strings.ReplaceAll(buf.String(), srv.url, shown))
			if code != 0 {
				fmt.Fprintf(&out, "exit status %d\n", code)
			}
		}
	}
	repo.Golden(t, "testdata/break-it-on-purpose.txt", []byte(out.String()))
}
