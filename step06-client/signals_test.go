package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
	"github.com/spec2lib/websocket/internal/scripted"
	"github.com/spec2lib/websocket/step06-client/websocket"
)

// The tests here run the command in a child process, the test binary
// itself (see TestMain), so that real signals reach a real main.

// startChild runs main in a child process against url, with pipes for
// its stdin and stdout.
func startChild(t *testing.T, url string) (*exec.Cmd, io.WriteCloser, *bufio.Reader, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "WS_CLI_CHILD_URL="+url)
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	return cmd, stdin, bufio.NewReader(stdout), &stderr
}

// exitCode waits for the child and returns its exit status.
func exitCode(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	err := cmd.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	require.NoError(t, err)
	return 0
}

// TestSignalClosesTheConnection: SIGINT and SIGTERM end a session with a
// closing handshake (1001) and the status a shell expects.
func TestSignalClosesTheConnection(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	for sig, status := range map[syscall.Signal]int{syscall.SIGINT: 130, syscall.SIGTERM: 143} {
		cmd, stdin, stdout, stderr := startChild(t, srv.URL)
		io.WriteString(stdin, "up?\n")
		line, err := stdout.ReadString('\n')
		require.NoError(t, err, "stderr: %s", stderr)
		require.Equal(t, "up?\n", line, "the session is up")

		require.NoError(t, cmd.Process.Signal(sig))
		assert.Equal(t, status, exitCode(t, cmd), "stderr: %s", stderr)
		assert.Contains(t, stderr.String(), "closed the connection with 1001 (going away)")
		assert.Equal(t, echoserver.CloseEvent{Code: websocket.CloseGoingAway, Reason: "interrupted"}, srv.NextClose(t))
		stdin.Close()
	}
}

// TestSecondSignalExitsAtOnce: the server never answers our close, so
// the first Ctrl-C waits for the close timeout; a second one does not
// wait. Without it, the child would wait out the close timeout (5 s, and
// the command has no flag to make it longer) and then report that the
// closing handshake failed. So at once means before that: with nothing
// on stderr. testTimeout only guards against a hang.
func TestSecondSignalExitsAtOnce(t *testing.T) {
	closing := make(chan struct{})
	srv := scripted.Start(t, func(c *scripted.Conn) error {
		if _, err := c.Handshake(); err != nil {
			return err
		}
		if _, err := c.Write(scripted.Text("up")); err != nil {
			return err
		}
		if _, _, _, err := c.ExpectClose(); err != nil {
			return err
		}
		close(closing) // the first signal's close frame: now it waits, and we do not answer
		_, _ = io.Copy(io.Discard, c.R)
		return nil
	})
	cmd, stdin, stdout, stderr := startChild(t, srv.URL)
	defer stdin.Close()
	line, err := stdout.ReadString('\n')
	require.NoError(t, err, "stderr: %s", stderr)
	require.Equal(t, "up\n", line)

	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	returns(t, "the first signal's close frame", func() bool { <-closing; return true })
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	assert.Equal(t, 130, exitCodeWithin(t, cmd, testTimeout))
	// Waiting out the close timeout would end in "…, and the closing
	// handshake failed: …" on stderr; the second signal leaves no time
	// for that.
	assert.NotContains(t, stderr.String(), "closing handshake", "it exited before the close timeout ran out")
}

// exitCodeWithin is exitCode with a guard against a hang: a child that
// has not exited within limit is killed, and the test fails.
func exitCodeWithin(t *testing.T, cmd *exec.Cmd, limit time.Duration) int {
	t.Helper()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var err error
	select {
	case err = <-exited:
	case <-time.After(limit):
		cmd.Process.Kill()
		<-exited
		t.Fatalf("the child did not exit within %v", limit)
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	require.NoError(t, err)
	return 0
}
