package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// What a student sees of a test that fails: a panic's message and where
// in the step's code it happened, a test that hangs named while it runs
// and stopped after studentTimeout, and each failure blamed on the
// exercise whose code is on the failing path.

// The bounds of a student's test run: check, watch and the progress
// report. Tests set them lower.
var (
	studentTimeout = 90 * time.Second // go test -timeout: a hang is stopped, and named
	slowAfter      = 15 * time.Second // a test that runs this long is named while it runs
	slowEvery      = 30 * time.Second // and named again this often
)

// maxReruns bounds the runs after a test stopped the test binary: each
// runs the tests the stop left out.
const maxReruns = 3

// The kinds of stop.
const (
	stopPanic   = "panic"   // the test panicked, which ends the test binary
	stopTimeout = "timeout" // the test was still running at the -timeout
	stopNotRun  = "notrun"  // the binary stopped in another test before this one finished
)

// A stop is how the test binary stopped in a test, or before it: a
// panic, a timeout, or a test that never ran because of one of them.
type stop struct {
	Kind    string
	Message string // the panic's message, or the timeout's duration
	In      string // for stopNotRun: the test the binary stopped in
	At      *site  `json:",omitempty"` // the first frame of the step's code on the stack
	Ex      *site  `json:",omitempty"` // the first frame in an exercise's function
	ID      string // the exercise to blame: Ex's, or for stopNotRun the stopping test's
}

// A site is a place in the step's code that a stack trace names.
type site struct {
	File string // in the step: mask.go, websocket/read.go
	Line int
	Func string // the top-level func or method around it: maskBytes, Conn.lockRead
	ID   string // the exercise Func is, or ""
}

// outMu orders the lines that the steps' runs, which run at once, write
// to the same output.
var outMu sync.Mutex

// testStep runs tests of step in the copy, for check, watch and the
// progress report: bounded by studentTimeout, naming on out each test
// that runs long, and once more without the test that stopped the binary
// if one did, so that the tests after it get a result of their own.
func (a *app) testStep(ctx context.Context, out io.Writer, exs []*exercise, step string, tests []string) (*testRun, error) {
	mine := inStep(exs, step)
	// A stack may pass through an earlier exercise's function, which the
	// step carries (its spot): it names that exercise too.
	located := slices.Clone(mine)
	for _, e := range exs {
		if e.Step >= step {
			continue
		}
		if k, err := readKept(a.root, e.ID); err == nil {
			for _, s := range k.Spots {
				if strings.HasPrefix(s.Path, step+"/") {
					located = append(located, e.at(s.Path))
				}
			}
		}
	}
	opt := testOptions{run: tests, timeout: studentTimeout}
	if out != nil {
		opt.slow = func(test string, running time.Duration) {
			outMu.Lock()
			defer outMu.Unlock()
			fmt.Fprintln(out, slowNotice(a.t, mine, test, running))
		}
	}
	run, err := goTest(ctx, a.root, stepPattern(step), opt)
	if err != nil || run.BuildFailed {
		return run, err
	}
	last := analyze(run, a.root, step, located)
	for range maxReruns {
		if last == nil {
			break
		}
		var left []string
		for _, test := range tests {
			res := run.Tests[test]
			switch {
			case res != nil && (res.Action != "" || res.Stop != nil):
			case last.ID != "" && byID(mine, last.ID) != nil && slices.Contains(byID(mine, last.ID).Tests, test):
				// The code that stopped the binary is in the way of this
				// test too: it waits for that exercise.
				run.Tests[test] = &testResult{Stop: &stop{Kind: stopNotRun, In: last.test, ID: last.ID}}
			default:
				left = append(left, test)
			}
		}
		if len(left) == 0 {
			last = nil
			break
		}
		opt.run = left
		more, err := goTest(ctx, a.root, stepPattern(step), opt)
		if err != nil {
			return run, err
		}
		last = analyze(more, a.root, step, located)
		run.merge(more)
	}
	for _, test := range tests { // what a stop left out, and no run reached
		if res := run.Tests[test]; (res == nil || res.Action == "") && (res == nil || res.Stop == nil) && last != nil {
			run.Tests[test] = &testResult{Stop: &stop{Kind: stopNotRun, In: last.test, ID: last.ID}}
		}
	}
	return run, nil
}

// slowNotice says that test is still running, and which exercises list it.
func slowNotice(t texts, exs []*exercise, test string, running time.Duration) string {
	var ids []string
	for _, e := range listing(exs, test) {
		ids = append(ids, e.ID)
	}
	if len(ids) == 0 {
		return t.f("still running: %[1]s, %[2]s so far; the run stops at %[3]s", test, running.Round(time.Second), studentTimeout)
	}
	return t.f("still running: %[1]s (exercise %[2]s), %[3]s so far; the run stops at %[4]s", test, strings.Join(ids, ", "), running.Round(time.Second), studentTimeout)
}

// merge adds the results of a later run of some of r's tests.
func (r *testRun) merge(more *testRun) {
	for _, name := range more.Order {
		if old := r.Tests[name]; old == nil || old.Action == "" {
			r.Tests[name] = more.Tests[name]
		}
		if !slices.Contains(r.Order, name) {
			r.Order = append(r.Order, name)
		}
	}
	r.Output += more.Output
	r.Passed = false
	r.Elapsed += more.Elapsed
}

// stopped is the test a run stopped in, and the exercise to blame.
type stopped struct {
	test, ID string
}

// analyze finds the tests of run that panicked or timed out, and gives
// each its stop: the message, and where in the step's code its stack
// was. It returns the test the binary stopped in, or nil.
func analyze(run *testRun, root, step string, exs []*exercise) *stopped {
	files := make(map[string][]byte)
	var last *stopped
	for _, name := range run.Order {
		res := run.Tests[name]
		m := panicLine.FindStringSubmatchIndex(res.Output)
		if m == nil {
			continue
		}
		msg := strings.TrimSpace(panicSuffix.ReplaceAllString(res.Output[m[2]:m[3]], ""))
		trace := res.Output[m[0]:]
		stacks := goroutines(trace)
		if after, ok := strings.CutPrefix(msg, "test timed out after "); ok {
			for _, test := range runningTests(trace) {
				if r := run.Tests[test]; r != nil {
					r.Stop = &stop{Kind: stopTimeout, Message: after}
					r.Stop.At, r.Stop.Ex = locate(root, step, exs, relatedStacks(stacks, test), files)
					last = &stopped{test: test, ID: r.Stop.blamed()}
				}
			}
			continue
		}
		res.Stop = &stop{Kind: stopPanic, Message: msg}
		if len(stacks) > 0 {
			res.Stop.At, res.Stop.Ex = locate(root, step, exs, stacks[:1], files)
		}
		last = &stopped{test: name, ID: res.Stop.blamed()}
	}
	for _, res := range run.Tests {
		if res.Stop != nil {
			res.Stop.ID = res.Stop.blamed()
		}
	}
	return last
}

// blamed is the exercise whose function the stack was in, or "".
func (s *stop) blamed() string {
	if s.Ex != nil {
		return s.Ex.ID
	}
	return s.ID
}

var (
	// panicLine matches the first line of a panic's report, and captures
	// its message.
	panicLine = regexp.MustCompile(`(?m)^panic: (.*)$`)
	// panicSuffix is what the testing package adds to a panic it
	// reports and panics with again.
	panicSuffix = regexp.MustCompile(`\s*\[recovered[^\]]*\]\s*$`)
	// runningTestLine is a test that a timeout's report lists as
	// running, and captures its top-level name.
	runningTestLine = regexp.MustCompile(`(?m)^\t\t([^\s/]+)\S* \(`)
	// goroutineLine begins a goroutine's stack in a trace.
	goroutineLine = regexp.MustCompile(`^goroutine [0-9]+ \[`)
	// frameLine is the file and line of a frame, under its function's line.
	frameLine = regexp.MustCompile(`^\t(.+\.go):([0-9]+)(?: \+0x[0-9a-f]+)?$`)
)

// runningTests are the top-level tests a timeout's report names.
func runningTests(trace string) []string {
	var tests []string
	for _, m := range runningTestLine.FindAllStringSubmatch(trace, -1) {
		if !slices.Contains(tests, m[1]) {
			tests = append(tests, m[1])
		}
	}
	return tests
}

// A frame is one call on a goroutine's stack, as a trace prints it.
type frame struct {
	Func string // the function's line: pkg.name(args), or "created by ..."
	Path string // the file, slash-separated
	Line int
}

// goroutines splits a trace into the stacks of its goroutines, each
// innermost call first.
func goroutines(trace string) [][]frame {
	var stacks [][]frame
	fn := ""
	for _, l := range strings.Split(trace, "\n") {
		switch m := frameLine.FindStringSubmatch(l); {
		case goroutineLine.MatchString(l):
			stacks = append(stacks, nil)
			fn = ""
		case len(stacks) == 0:
		case m != nil && fn != "":
			n, _ := strconv.Atoi(m[2])
			stacks[len(stacks)-1] = append(stacks[len(stacks)-1], frame{Func: fn, Path: filepath.ToSlash(m[1]), Line: n})
			fn = ""
		case l != "" && !strings.HasPrefix(l, "\t"):
			fn = l
		}
	}
	return stacks
}

// relatedStacks are the stacks that run test's code: those that call it,
// or that it or its subtests started.
func relatedStacks(stacks [][]frame, test string) [][]frame {
	pattern := regexp.MustCompile(`\.` + regexp.QuoteMeta(test) + `(\(|\.| in goroutine)`)
	var related [][]frame
	for _, s := range stacks {
		if slices.ContainsFunc(s, func(f frame) bool { return pattern.MatchString(f.Func) }) {
			related = append(related, s)
		}
	}
	return related
}

// locate finds in stacks the first frame in the step's code, and the
// first in an exercise's function; with several stacks, the first that
// has an exercise's frame wins, then the first with the step's code.
func locate(root, step string, exs []*exercise, stacks [][]frame, files map[string][]byte) (at, ex *site) {
	for _, s := range stacks {
		var first, inExercise *site
		for _, f := range s {
			st := stepSite(root, step, exs, f, files)
			if st == nil {
				continue
			}
			if first == nil {
				first = st
			}
			if st.ID != "" {
				inExercise = st
				break
			}
		}
		if inExercise != nil {
			return first, inExercise
		}
		if at == nil {
			at = first
		}
	}
	return at, nil
}

// stepSite turns a frame in the step's non-test code into a site, with
// the exercise it falls in; nil for a frame elsewhere.
func stepSite(root, step string, exs []*exercise, f frame, files map[string][]byte) *site {
	i := strings.LastIndex(f.Path, "/"+step+"/")
	if i < 0 || strings.HasSuffix(f.Path, "_test.go") || isTodoFile(f.Path) {
		return nil
	}
	file := f.Path[i+len(step)+2:]
	src, ok := files[file]
	if !ok {
		src, _ = os.ReadFile(filepath.Join(root, step, filepath.FromSlash(file)))
		files[file] = src
	}
	s := &site{File: file, Line: f.Line, Func: enclosingFunc(src, f.Line)}
	for _, e := range exs {
		if e.File == file && e.Func == s.Func {
			s.ID = e.ID
		}
	}
	return s
}

// isTodoFile reports whether p is the workshop's todo file, whose frames
// are the stub's, not the student's.
func isTodoFile(p string) bool { return strings.HasSuffix(p, "/"+todoFile) }

// wrong reports whether e is a stub, or its code fails: one of its own
// tests fails, for no other exercise's code, or a test stopped in its code.
func wrong(e *exercise, step []*exercise, run *testRun, isStub func(*exercise) bool) bool {
	if isStub(e) {
		return true
	}
	for _, res := range run.Tests {
		if res.Stop != nil && res.Stop.Kind != stopNotRun && res.Stop.ID == e.ID {
			return true
		}
	}
	for _, test := range ownTests(e, step) {
		res := run.Tests[test]
		if res != nil && res.Action == "fail" && (res.Stop == nil || res.Stop.ID == "" || res.Stop.ID == e.ID) {
			return true
		}
	}
	return false
}

// blame names the exercise a failing test of e fails for, and why: the
// exercise whose code the test stopped in ("code"), or whose code
// stopped the run before the test ("notrun"); else the first of the
// exercises that list the test that is a stub ("stub") or whose code
// fails ("own"); else e itself.
func blame(e *exercise, step []*exercise, run *testRun, test string, isStub func(*exercise) bool) (*exercise, string) {
	if res := run.Tests[test]; res != nil && res.Stop != nil && res.Stop.ID != "" {
		if x := byID(step, res.Stop.ID); x != nil && res.Stop.Kind == stopNotRun {
			return x, "notrun"
		} else if x != nil {
			return x, "code"
		}
	}
	for _, o := range listing(step, test) {
		switch {
		case isStub(o):
			return o, "stub"
		case wrong(o, step, run, isStub):
			return o, "own"
		}
	}
	return e, ""
}

// shownTest is the failing test whose output explains the most: one
// that stopped the binary, then one that ran and failed, then the first.
func shownTest(failing []string, run *testRun) string {
	for _, test := range failing {
		if res := run.Tests[test]; res != nil && res.Stop != nil && res.Stop.Kind != stopNotRun {
			return test
		}
	}
	for _, test := range failing {
		if res := run.Tests[test]; res != nil && res.Action == "fail" {
			return test
		}
	}
	return failing[0]
}

// stopNote is the word that follows a failing test in check's list.
func stopNote(t texts, res *testResult) string {
	if res == nil || res.Stop == nil {
		return ""
	}
	switch res.Stop.Kind {
	case stopPanic:
		return " " + t.f("(panicked)")
	case stopTimeout:
		return " " + t.f("(did not finish)")
	}
	return " " + t.f("(did not run)")
}

// writeFailure writes what test's failure says: for a panic, its
// message and where in the step's code it happened; for a timeout,
// where the test was waiting; then the test's own output, at most most
// lines, and what more says of the rest.
func writeFailure(w io.Writer, t texts, step string, run *testRun, test string, most int, more func(left int) string) {
	res := run.Tests[test]
	fmt.Fprintln(w, t.f("first failing test: %[1]s", test))
	if res == nil || res.Stop == nil {
		writeLines(w, testOutputLines(res), most, more)
		return
	}
	s := res.Stop
	switch s.Kind {
	case stopNotRun:
		fmt.Fprintln(w, "    "+t.f("it did not run: the run stopped at %[1]s", s.In))
		return
	case stopPanic:
		fmt.Fprintln(w, "    "+t.f("it panicked: %[1]s", s.Message))
	case stopTimeout:
		fmt.Fprintln(w, "    "+t.f("it did not finish within %[1]s, so the run was stopped", s.Message))
	}
	if s.At != nil {
		fmt.Fprintln(w, "    "+siteText(t, "at", step, s.At))
	}
	if s.Ex != nil && *s.Ex != *s.At {
		fmt.Fprintln(w, "    "+siteText(t, "called from", step, s.Ex))
	}
	// The test's output up to the trace: its logs and failures, if any.
	before := res.Output
	if m := panicLine.FindStringIndex(before); m != nil {
		before = before[:m[0]]
	}
	lines := testOutputLines(&testResult{Output: before})
	lines = slices.DeleteFunc(lines, func(l string) bool { return strings.HasPrefix(strings.TrimSpace(l), "--- FAIL") })
	writeLines(w, lines, most, more)
	fmt.Fprintln(w, "    "+t.f(`the whole trace: go test -run "^%[1]s$" %[2]s`, test, stepPattern(step)))
}

// siteText is one line of where a stack was: at, or called from.
func siteText(t texts, how, step string, s *site) string {
	p := step + "/" + s.File
	switch {
	case how == "at" && s.ID != "":
		return t.f("at %[1]s:%[2]d, in %[3]s (exercise %[4]s)", p, s.Line, s.Func, s.ID)
	case how == "at":
		return t.f("at %[1]s:%[2]d, in %[3]s", p, s.Line, s.Func)
	}
	return t.f("called from %[1]s:%[2]d, in %[3]s (exercise %[4]s)", p, s.Line, s.Func, s.ID)
}

// waitText is check's line for a test of e that waits for another
// exercise, by why blame chose it.
func waitText(t texts, test, id, why string) string {
	switch why {
	case "code":
		return t.f("%[1]s stopped in the code of exercise %[2]s", test, id)
	case "notrun":
		return t.f("%[1]s did not run: the run stopped in the code of exercise %[2]s", test, id)
	case "own":
		return t.f("%[1]s also needs exercise %[2]s, which fails its own tests", test, id)
	}
	return t.f("%[1]s also needs exercise %[2]s, which is not done yet", test, id)
}

// goRunWatched is goRun for go test -json, reading its events as they
// come: slow hears of each top-level test still running after slowAfter,
// and again every slowEvery.
func goRunWatched(ctx context.Context, dir string, env []string, slow func(string, time.Duration), args ...string) (stdout, stderr []byte, err error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	ew := &eventWatcher{running: make(map[string]*runningTest)}
	var errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = ew, &errOut
	cmd.WaitDelay = 5 * time.Second
	done, told := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(told)
		tick := time.NewTicker(min(time.Second, slowAfter/2))
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case now := <-tick.C:
				ew.tell(now, slow)
			}
		}
	}()
	err = cmd.Run()
	close(done)
	<-told // nothing is told after the run
	ew.mu.Lock()
	defer ew.mu.Unlock()
	return ew.out.Bytes(), errOut.Bytes(), err
}

// An eventWatcher keeps go test -json's output, and the top-level tests
// running now.
type eventWatcher struct {
	mu      sync.Mutex
	out     bytes.Buffer
	parsed  int // bytes of out read as events
	running map[string]*runningTest
}

type runningTest struct {
	test        string
	since, next time.Time // when it started, and when to tell of it next
}

func (ew *eventWatcher) Write(p []byte) (int, error) {
	ew.mu.Lock()
	defer ew.mu.Unlock()
	ew.out.Write(p)
	for {
		rest := ew.out.Bytes()[ew.parsed:]
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			return len(p), nil
		}
		ew.parsed += i + 1
		var ev struct{ Action, Package, Test string }
		if json.Unmarshal(rest[:i], &ev) != nil || ev.Test == "" || strings.Contains(ev.Test, "/") {
			continue
		}
		key := ev.Package + " " + ev.Test
		switch ev.Action {
		case "run", "cont":
			now := time.Now()
			ew.running[key] = &runningTest{test: ev.Test, since: now, next: now.Add(slowAfter)}
		case "pause", "pass", "fail", "skip":
			delete(ew.running, key)
		}
	}
}

// tell calls slow for each test whose time to be told of has come.
func (ew *eventWatcher) tell(now time.Time, slow func(string, time.Duration)) {
	ew.mu.Lock()
	defer ew.mu.Unlock()
	var due []*runningTest
	for _, r := range ew.running {
		if !now.Before(r.next) {
			due = append(due, r)
			r.next = r.next.Add(slowEvery)
		}
	}
	slices.SortFunc(due, func(a, b *runningTest) int { return a.since.Compare(b.since) })
	for _, r := range due {
		slow(r.test, now.Sub(r.since))
	}
}
