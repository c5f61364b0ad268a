//go:build linux || darwin

package main

import (
	"bytes"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
	"github.com/spec2lib/websocket/step06-client/websocket"
)

// A terminal session, tested in a real pseudo-terminal: the command runs
// in a child process (the test binary, see TestMain) whose stdin, stdout
// and stderr are the pty, and the test types into it as a person would.

// screen collects what the child writes to the terminal.
type screen struct {
	mu      sync.Mutex
	changed *sync.Cond
	buf     bytes.Buffer
	done    bool
}

func newScreen(r io.Reader) *screen {
	s := &screen{}
	s.changed = sync.NewCond(&s.mu)
	go func() {
		b := make([]byte, 4096)
		for {
			n, err := r.Read(b)
			s.mu.Lock()
			s.buf.Write(b[:n])
			s.done = err != nil
			s.changed.Broadcast()
			s.mu.Unlock()
			if err != nil { // EIO once the child has gone: the end
				return
			}
		}
	}()
	return s
}

// expect waits until the screen holds want after from, and returns where
// it ends. testTimeout only guards against a hang.
func (s *screen) expect(t *testing.T, from int, want string) int {
	t.Helper()
	timer := time.AfterFunc(testTimeout, func() {
		s.mu.Lock()
		s.done = true
		s.changed.Broadcast()
		s.mu.Unlock()
	})
	defer timer.Stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if i := strings.Index(s.buf.String()[from:], want); i >= 0 {
			return from + i + len(want)
		}
		if s.done {
			t.Fatalf("the terminal never showed %q; it shows:\n%q", want, s.buf.String())
		}
		s.changed.Wait()
	}
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// TestTerminalSession: at a terminal, the tool shows a prompt, "> ",
// where what you type is echoed, and "< " before each message that
// arrives, as wscat does; slash commands are on; the server's control
// characters are shown, not obeyed; Ctrl-D ends the session with close
// 1000 and status 0.
func TestTerminalSession(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	// After the handshake, the server sends a text message that would
	// clear the screen and ring the bell if a terminal obeyed it.
	hostile := "\x1b[2Jred\x07"
	raw := hex.EncodeToString(append([]byte{0x81, byte(len(hostile))}, hostile...))
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "WS_CLI_CHILD_ARGS=-P\n"+srv.URL+"?raw="+raw)
	term, err := pty.Start(cmd)
	require.NoError(t, err)
	defer term.Close()
	scr := newScreen(term)

	at := scr.expect(t, 0, "\r\x1b[2K< "+`\x1b[2Jred\a`+"\r\n> ")
	io.WriteString(term, "hello\r")
	at = scr.expect(t, at, "hello\r\n") // the terminal's echo, after the prompt
	at = scr.expect(t, at, "< hello\r\n> ")
	io.WriteString(term, "/ping are you there\r")
	scr.expect(t, at, "< Received pong (data: are you there)\r\n> ")
	io.WriteString(term, "\x04") // Ctrl-D: the end of input
	status := returns(t, "the child", func() error { return cmd.Wait() })

	assert.NoError(t, status, "exit status 0; the terminal shows:\n%q", scr)
	assert.Equal(t, echoserver.CloseEvent{Code: websocket.CloseNormalClosure}, srv.NextClose(t))
	assert.NotContains(t, scr.String(), "\x1b[2J", "the server's escape sequence was never sent to the terminal")
}

// TestTerminalCtrlC: at a terminal, Ctrl-C is the terminal's SIGINT:
// the session closes with 1001 and the status is 130, as documented.
func TestTerminalCtrlC(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "WS_CLI_CHILD_ARGS="+srv.URL)
	term, err := pty.Start(cmd)
	require.NoError(t, err)
	defer term.Close()
	scr := newScreen(term)

	scr.expect(t, 0, "\r\x1b[2K> ")
	io.WriteString(term, "\x03")
	scr.expect(t, 0, "interrupted by interrupt: closed the connection with 1001 (going away)")
	_ = returns(t, "the child", func() error { return cmd.Wait() })
	assert.Equal(t, 130, cmd.ProcessState.ExitCode(), "the terminal shows:\n%q", scr)
	assert.Equal(t, echoserver.CloseEvent{Code: websocket.CloseGoingAway, Reason: "interrupted"}, srv.NextClose(t))
}
