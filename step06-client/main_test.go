package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"

	"github.com/spec2lib/websocket/internal/echoserver"
)

// TestMain fails the run if any test leaves a goroutine behind: a leaked
// goroutine is a connection or a server that nobody closed.
func TestMain(m *testing.M) {
	if url := os.Getenv("WS_CLI_CHILD_URL"); url != "" { // the child of a signal test: be the command
		os.Args = []string{stepName(), url}
		main()
		return
	}
	if args := os.Getenv("WS_CLI_CHILD_ARGS"); args != "" { // the child of a terminal test: one argument a line
		os.Args = append([]string{stepName()}, strings.Split(args, "\n")...)
		main()
		return
	}
	goleak.VerifyTestMain(m)
}

// TestRunArguments: -h is a request, not a mistake; an argument that the
// command does not take is refused loudly, never ignored.
func TestRunArguments(t *testing.T) {
	tests := []struct {
		args   []string
		status int
		stderr string
	}{
		{[]string{"-h"}, 0, "usage: go run ./" + stepName()},
		{[]string{"ws://127.0.0.1:1/", "-h"}, 0, "usage: go run ./" + stepName()},
		{[]string{"ws://127.0.0.1:1/", "extra"}, 2, `unexpected argument "extra": give at most one URL`},
		{[]string{"-no-such-flag"}, 2, "flag provided but not defined: -no-such-flag"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr strings.Builder
			assert.Equal(t, tt.status, run(testContext(t), tt.args, strings.NewReader(""), &stdout, &stderr))
			assert.Contains(t, stderr.String(), tt.stderr)
			assert.Empty(t, stdout.String())
		})
	}
}

// TestRunDemo: with a URL, the command runs against that server and
// succeeds; a server that cannot be reached makes it fail.
func TestRunDemo(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	var stdout, stderr strings.Builder
	assert.Equal(t, 0, run(testContext(t), []string{srv.URL}, strings.NewReader("hello\n"), &stdout, &stderr), stderr.String())
	assert.NotEmpty(t, stdout.String())

	stdout.Reset()
	assert.Equal(t, 1, run(testContext(t), []string{"ws://127.0.0.1:1/"}, strings.NewReader(""), &stdout, &stderr))
	assert.Contains(t, stderr.String(), "connection refused")
}

func TestStepName(t *testing.T) {
	assert.True(t, strings.HasPrefix(stepName(), "step0"), stepName())
}
