package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// The tool runs go as a subprocess, in the copy or the repository: it
// needs nothing but the go command, and works offline once the modules
// are downloaded.

// goRun runs go with args in dir, with extra environment variables, and
// returns its standard output and standard error.
func goRun(ctx context.Context, dir string, env []string, args ...string) (stdout, stderr []byte, err error) {
	cmd := exec.CommandContext(ctx, "go", args...) // the go on PATH, which runs the tool
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	// A test binary that a cancelled go test leaves behind would hold
	// the output pipes open: give it a moment, then stop waiting.
	cmd.WaitDelay = 5 * time.Second
	err = cmd.Run()
	return out.Bytes(), errOut.Bytes(), err
}

// A testResult is the outcome of one top-level test.
type testResult struct {
	Action  string  // pass, fail or skip; "" if the test never finished
	Output  string  // its output, its subtests' included
	Elapsed float64 // seconds
	Stop    *stop   `json:",omitempty"` // how the test binary stopped in it, or before it
}

// A testRun is the outcome of one go test of one package.
type testRun struct {
	Tests       map[string]*testResult
	Order       []string // tests in the order they started
	Output      string   // output outside any test: build errors, panics, leaks
	BuildFailed bool
	Passed      bool // the package passed as a whole
	Elapsed     time.Duration
}

// panicked returns the test whose output shows that the test binary
// panicked, or "": a panic ends the binary, and the tests after it never
// run.
func (r *testRun) panicked() string {
	for _, name := range r.Order {
		if panicPattern.MatchString(r.Tests[name].Output) {
			return name
		}
	}
	if panicPattern.MatchString(r.Output) {
		return "(outside any test)"
	}
	return ""
}

// panicPattern matches the first line of a panic's report.
var panicPattern = regexp.MustCompile(`(?m)^panic: `)

// failed reports whether test ran and failed, or never finished.
func (r *testRun) failed(test string) bool {
	res, ok := r.Tests[test]
	return !ok || res.Action != "pass" && res.Action != "skip"
}

// testEvent is one line of go test -json.
type testEvent struct {
	Action, Test, Output string
	Elapsed              float64
}

// testOptions are the flags of one go test.
type testOptions struct {
	run     []string // test names; nil runs every test
	skip    []string // test names not to run
	overlay string   // a -overlay file, or ""
	fresh   bool     // -count=1: no cached results
	noVet   bool     // -vet=off: the build alone decides
	env     []string
	timeout time.Duration
	// slow, if set, is told of each top-level test that runs long: once
	// it has run slowAfter, then every slowEvery.
	slow func(test string, running time.Duration)
}

// runPattern is a -run or -skip pattern that matches exactly the named
// top-level tests.
func runPattern(tests []string) string {
	quoted := make([]string, len(tests))
	for i, t := range tests {
		quoted[i] = regexp.QuoteMeta(t)
	}
	return "^(" + strings.Join(quoted, "|") + ")$"
}

// goTest runs the tests of the package pkg (./step03-frames) in dir.
func goTest(ctx context.Context, dir, pkg string, opt testOptions) (*testRun, error) {
	args := []string{"test", "-json"}
	if opt.fresh {
		args = append(args, "-count=1")
	}
	if opt.noVet {
		args = append(args, "-vet=off")
	}
	if opt.timeout > 0 {
		args = append(args, "-timeout", opt.timeout.String())
	}
	if opt.run != nil {
		args = append(args, "-run", runPattern(opt.run))
	}
	if len(opt.skip) > 0 {
		args = append(args, "-skip", runPattern(opt.skip))
	}
	if opt.overlay != "" {
		args = append(args, "-overlay", opt.overlay)
	}
	args = append(args, pkg)
	start := time.Now()
	var stdout, stderr []byte
	var err error
	if opt.slow == nil {
		stdout, stderr, err = goRun(ctx, dir, opt.env, args...)
	} else {
		stdout, stderr, err = goRunWatched(ctx, dir, opt.env, opt.slow, args...)
	}
	run := parseTestJSON(stdout)
	run.Elapsed = time.Since(start)
	run.Output += string(stderr)
	if ctx.Err() != nil {
		return run, fmt.Errorf("go test %s: %w", pkg, ctx.Err())
	}
	if _, exit := err.(*exec.ExitError); err != nil && !exit {
		return run, fmt.Errorf("running go test %s: %w", pkg, err)
	}
	run.Passed = err == nil
	return run, nil
}

// parseTestJSON reads the events of go test -json: a subtest's output counts
// as its top-level test's, whose own event alone decides its result; output
// outside any test, and lines that are not events, go to the run's Output.
func parseTestJSON(out []byte) *testRun {
	run := &testRun{Tests: make(map[string]*testResult)}
	var other strings.Builder
	for line := range bytes.Lines(out) {
		var ev testEvent
		switch err := json.Unmarshal(line, &ev); {
		case err != nil || ev.Action == "":
			other.Write(line)
		case ev.Action == "build-fail":
			run.BuildFailed = true
		case ev.Test == "":
			if ev.Action == "output" || ev.Action == "build-output" {
				other.WriteString(ev.Output)
			}
		default:
			top, _, sub := strings.Cut(ev.Test, "/")
			res := run.Tests[top]
			if res == nil {
				res = &testResult{}
				run.Tests[top] = res
				run.Order = append(run.Order, top)
			}
			if ev.Action == "output" {
				res.Output += ev.Output
			} else if !sub && slices.Contains([]string{"pass", "fail", "skip"}, ev.Action) {
				res.Action, res.Elapsed = ev.Action, ev.Elapsed
			}
		}
	}
	run.Output = other.String()
	return run
}

// compileErrorPattern matches a compiler's or vet's error line, and
// captures its file and line.
var compileErrorPattern = regexp.MustCompile(`(?m)^(?:\./)?([^\s:]+\.go):([0-9]+)(?::[0-9]+)?: (.*)$`)

// A compileError is one error of a step that does not compile, with the
// function it falls in.
type compileError struct {
	File, Func string // the file within the step (websocket/dial.go in a subpackage), and the func or method
	Line       int
	Text       string // the whole line, as go printed it
}

// compileErrors finds the errors in a build's output that fall in the files
// of step, and names the function each falls in.
func compileErrors(root, step, output string) []compileError {
	var errs []compileError
	for _, m := range compileErrorPattern.FindAllStringSubmatch(output, -1) {
		p := filepath.ToSlash(m[1])
		i := strings.LastIndex(p, step+"/")
		if i < 0 {
			continue
		}
		ce := compileError{File: p[i+len(step)+1:], Text: strings.TrimSpace(m[0])}
		fmt.Sscan(m[2], &ce.Line)
		if src, err := os.ReadFile(filepath.Join(root, step, ce.File)); err == nil {
			ce.Func = enclosingFunc(src, ce.Line)
		}
		errs = append(errs, ce)
	}
	return errs
}
