package main

import (
	"os/exec"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSplitWords(t *testing.T) {
	for _, tc := range []struct {
		line  string
		words []string
		ops   []bool
		err   string
	}{
		{line: "go run ./step06-client", words: []string{"go", "run", "./step06-client"}, ops: []bool{false, false, false}},
		{line: "printf 'a b\\n'  |go", err: `|go: of the shell's syntax only`},
		{line: "printf 'a b\\n' | go", words: []string{"printf", `a b\n`, "|", "go"}, ops: []bool{false, false, true, false}},
		{line: "x -run '^$' # the rest is a comment 'unterminated", words: []string{"x", "-run", "^$"}, ops: []bool{false, false, false}},
		{line: "x a#b", words: []string{"x", "a#b"}, ops: []bool{false, false}},
		{line: "x 'ws://h/?a=1&b=2' </dev/null 2>&1", words: []string{"x", "ws://h/?a=1&b=2", "</dev/null", "2>&1"}, ops: []bool{false, false, true, true}},
		{line: "x '|' '2>&1'", words: []string{"x", "|", "2>&1"}, ops: []bool{false, false, false}},
		{line: "x >/dev/null 2>/dev/null", words: []string{"x", ">/dev/null", "2>/dev/null"}, ops: []bool{false, true, true}},
		{line: "x >/dev/nullx", err: ">/dev/nullx"},
		{line: "x 1>/dev/null", err: "1>/dev/null"},
		{line: "x a'b c'd", words: []string{"x", "ab cd"}, ops: []bool{false, false}},
		{line: "x 'open", err: "unterminated '"},
		{line: "x $HOME", err: "$HOME"},
		{line: `x "quoted"`, err: `"quoted"`},
		{line: "x *.go", err: "*.go"},
		{line: "x > out", err: ">"},
		{line: "x; y", err: "x;"},
		{line: "x && y", err: "&&"},
		{line: "cat <<'EOF'", err: "<<'EOF'"},
		{line: "ls ~/src", err: "~/src"},
	} {
		words, ops, err := splitWords(tc.line)
		if tc.err != "" {
			assert.ErrorContains(t, err, tc.err, tc.line)
			continue
		}
		require.NoError(t, err, tc.line)
		assert.Equal(t, tc.words, words, tc.line)
		assert.Equal(t, tc.ops, ops, tc.line)
	}
}

func TestParseLine(t *testing.T) {
	for _, tc := range []struct {
		line   string
		stages []stage
		err    string
	}{
		{line: "go test ./x", stages: []stage{{args: []string{"go", "test", "./x"}}}},
		{line: "A=1 B='x y' go env A=2", stages: []stage{{env: []string{"A=1", "B=x y"}, args: []string{"go", "env", "A=2"}}}},
		{line: "printf 'a\\n' | go run . </dev/null", stages: []stage{{args: []string{"printf", `a\n`}}, {args: []string{"go", "run", "."}, redirects: []string{"</dev/null"}}}},
		{line: "go build x 2>&1 | grep -E 'a|b' >/dev/null", stages: []stage{{args: []string{"go", "build", "x"}, redirects: []string{"2>&1"}}, {args: []string{"grep", "-E", "a|b"}, redirects: []string{">/dev/null"}}}},
		{line: "| go", err: "a | with no command"},
		{line: "go |", err: "no command"},
		{line: "A=1", err: "no command"},
		{line: "# only a comment", err: "no command"},
	} {
		stages, err := parseLine(tc.line)
		if tc.err != "" {
			assert.ErrorContains(t, err, tc.err, tc.line)
			continue
		}
		require.NoError(t, err, tc.line)
		assert.Equal(t, tc.stages, stages, tc.line)
	}
}

// needs skips the test where a command it runs is missing.
func needs(t *testing.T, commands ...string) {
	t.Helper()
	for _, c := range commands {
		if _, err := exec.LookPath(c); err != nil {
			t.Skipf("needs %s: %v", c, err)
		}
	}
}

func TestRun(t *testing.T) {
	needs(t, "go", "printf", "grep", "sh")
	for _, tc := range []struct {
		line, out string
	}{
		{line: "go env GOOS", out: runtime.GOOS + "\n"},
		{line: "GOOS=plan9 go env GOOS", out: "plan9\n"},
		{line: "printf 'a\\nb\\nc\\n' | grep -v b", out: "a\nc\n"},
		{line: "printf 'no newline'", out: "no newline\n"},
		{line: "printf ''", out: ""},
		{line: "printf 'a\\n' </dev/null", out: "a\n"},
		// The shell's exit status, when the command does not print it.
		{line: "printf 'x\\n' | grep y", out: "exit status 1\n"},
		// Standard error, between lines of output, where it was written.
		{line: "sh -c 'echo out1; echo err >&2; echo out2'", out: "out1\nerr\nout2\n"},
		// A stage's standard error goes to the terminal, unless 2>&1.
		{line: "sh -c 'echo err >&2' | grep -c err", out: "err\n0\nexit status 1\n"},
		{line: "sh -c 'echo err >&2' 2>&1 | grep -c err", out: "1\n"},
		// Either stream alone, and redirections in order, as the shell applies them.
		{line: "sh -c 'echo out; echo err >&2' >/dev/null", out: "err\n"},
		{line: "sh -c 'echo out; echo err >&2' 2>/dev/null", out: "out\n"},
		{line: "sh -c 'echo out; echo err >&2' >/dev/null 2>&1", out: ""},
		{line: "sh -c 'echo out; echo err >&2' 2>&1 >/dev/null | grep -c err", out: "1\n"},
		{line: "sh -c 'echo out; echo err >&2' 2>/dev/null | grep -c err", out: "0\nexit status 1\n"},
		// The exit status is shown as go run prints it, on standard error:
		// not where that is discarded.
		{line: "sh -c 'echo err >&2; exit 1' 2>/dev/null", out: ""},
		{line: "sh -c 'echo out; exit 1' >/dev/null 2>&1", out: ""},
		{line: "sh -c 'echo out; exit 1' 2>&1 >/dev/null", out: "exit status 1\n"},
		// The status of the last stage is the pipeline's.
		{line: "sh -c 'exit 3' | printf 'ok\\n'", out: "ok\n"},
		// Already printed, as go run prints it: not again.
		{line: "sh -c 'echo exit status 3; exit 1'", out: "exit status 3\n"},
	} {
		out, err := run(".", tc.line, time.Minute)
		require.NoError(t, err, tc.line)
		assert.Equal(t, tc.out, out, tc.line)
	}
}

func TestRunFails(t *testing.T) {
	needs(t, "sh")
	_, err := run(".", "sh -c 'exec sleep 10'", 100*time.Millisecond)
	assert.EqualError(t, err, "timed out after 100ms")
	_, err = run(".", "no-such-command-here", time.Minute)
	assert.ErrorContains(t, err, "no-such-command-here")
	_, err = run(".", "sh -c 'kill -9 $$'", time.Minute)
	assert.ErrorContains(t, err, "killed")
	_, err = run(".", "x $y", time.Minute)
	assert.ErrorContains(t, err, "$y")
}
