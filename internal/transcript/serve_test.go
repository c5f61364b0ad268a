package main

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/repo"
)

// TestServeSetUp starts a serve= command as a reader would in a second
// terminal, through go run, on a free port in place of the printed one,
// and checks that halting it reaches the program that go run started.
func TestServeSetUp(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go run")
	}
	needs(t, "go")
	root, err := repo.Root(".")
	require.NoError(t, err)
	o := options{serve: "go run ./internal/transcript/testdata/fixture -serve 127.0.0.1:8888", echo: "127.0.0.1:8080", timeout: 2 * time.Minute}
	s, err := o.setUp(root)
	require.NoError(t, err)
	assert.Equal(t, []string{"127.0.0.1:8080", "127.0.0.1:8888"}, s.printed)
	fields := strings.Fields(s.toReal.Replace("dial 127.0.0.1:8888 and 127.0.0.1:8080"))
	addr, echo := fields[1], fields[3]
	assert.NotEqual(t, "127.0.0.1:8888", addr)
	assert.NotEqual(t, addr, echo)
	assert.Equal(t, "at 127.0.0.1:8888 and 127.0.0.1:8080", s.toPrinted.Replace("at "+addr+" and "+echo))
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err, "the command listens where the block's commands are sent")
	conn.Close()

	s.close()
	_, err = net.Dial("tcp", addr)
	assert.Error(t, err, "close interrupts the program that go run started")
}

func TestServeFails(t *testing.T) {
	needs(t, "sh")
	_, err := serve(".", "sh -c 'exit 3' 127.0.0.1:1", "127.0.0.1:1", time.Minute)
	assert.ErrorContains(t, err, "ended before it listened (exit status 3)")
	_, err = serve(".", "sh -c 'sleep 10' 127.0.0.1:1", "127.0.0.1:1", 200*time.Millisecond)
	assert.ErrorContains(t, err, "nothing listened on 127.0.0.1:1 after 200ms")
	_, err = serve(".", "printf x | sh 127.0.0.1:1", "127.0.0.1:1", time.Minute)
	assert.ErrorContains(t, err, "without | or redirections")
	_, err = serve(".", "no-such-command-here 127.0.0.1:1", "127.0.0.1:1", time.Minute)
	assert.ErrorContains(t, err, "no-such-command-here")
}
