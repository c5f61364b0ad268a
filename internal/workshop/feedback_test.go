package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sync/errgroup"
)

// These tests play the student trial's cases on the fake repository:
// a panic, a hang, and a shared test that fails for the other exercise;
// the last two play the trial's own cases on the repository.

// fakeCopy makes a student copy of the fake repository.
func fakeCopy(t *testing.T) string {
	t.Helper()
	ws := filepath.Join(t.TempDir(), "class")
	code, _, errOut := runTool(t, fakeRepo(t), "init", ws)
	require.Equal(t, 0, code, errOut)
	return ws
}

// write puts a student's version of a function of the fake step into
// the copy, and returns the line of the copy's sum.go that holds mark.
func write(t *testing.T, ws, name, text, mark string) int {
	t.Helper()
	e := &exercise{Step: "step01-sum", File: "websocket/sum.go", Func: name}
	require.NoError(t, putFunc(ws, e, text, []string{`"fmt"`, `"strconv"`, `"strings"`}))
	src, err := os.ReadFile(filepath.Join(ws, "step01-sum", "websocket", "sum.go"))
	require.NoError(t, err)
	for i, line := range strings.Split(string(src), "\n") {
		if mark != "" && strings.Contains(line, mark) {
			return i + 1
		}
	}
	return 0
}

// TestCheckShowsAPanic: a panic shows its message and the line of the
// exercise it happened in, where it used to show only the name of a test
// that never ran.
func TestCheckShowsAPanic(t *testing.T) {
	ws := fakeCopy(t)
	line := write(t, ws, "Sum", "func Sum(xs ...int) int {\n\ttotal := 0\n\tfor i := range xs {\n\t\ttotal += xs[i+1]\n\t}\n\treturn total\n}", "xs[i+1]")
	code, out, _ := runTool(t, ws, "check", "01.1")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "  FAIL TestSum (panicked)\n")
	assert.Contains(t, out, "first failing test: TestSum\n    it panicked: runtime error: index out of range [3] with length 3\n"+
		fmt.Sprintf("    at step01-sum/websocket/sum.go:%d, in Sum (exercise 01.1)\n", line))
	assert.Contains(t, out, `the whole trace: go test -run "^TestSum$" ./step01-sum/...`)

	code, out, _ = runTool(t, ws)
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "now: 01.1 Add numbers")
	assert.Contains(t, out, "it panicked: runtime error: index out of range [3] with length 3", "the progress report shows it too")
}

// TestCheckBoundsAHang: a test that hangs is named while it runs, and
// stopped at the bound, with the exercise it was waiting in.
func TestCheckBoundsAHang(t *testing.T) {
	bound(t, 4*time.Second, time.Second)
	ws := fakeCopy(t)
	line := write(t, ws, "Sum", "func Sum(xs ...int) int {\n\ttotal := 0\n\tfor _, x := range xs {\n\t\ttotal += x\n\t}\n\t<-make(chan int) // waits forever\n\treturn total\n}", "waits forever")
	start := time.Now()
	code, out, _ := runTool(t, ws, "check", "01.1")
	assert.Equal(t, 1, code)
	assert.Less(t, time.Since(start), time.Minute, "the run was bounded")
	assert.Contains(t, out, "still running: TestSum (exercise 01.1), ")
	assert.Contains(t, out, " so far; the run stops at 4s\n")
	assert.Contains(t, out, "  FAIL TestSum (did not finish)\n")
	assert.Contains(t, out, "  FAIL TestSumOfParsed (did not run)\n")
	assert.Contains(t, out, "first failing test: TestSum\n    it did not finish within 4s, so the run was stopped\n"+
		fmt.Sprintf("    at step01-sum/websocket/sum.go:%d, in Sum (exercise 01.1)\n", line))
}

// bound sets the bounds of a student's run for one test.
func bound(t *testing.T, timeout, slow time.Duration) {
	oldTimeout, oldSlow := studentTimeout, slowAfter
	studentTimeout, slowAfter = timeout, slow
	t.Cleanup(func() { studentTimeout, slowAfter = oldTimeout, oldSlow })
}

// TestBlameGoesToTheExerciseThatFails: a test that two exercises share
// fails for the first of them whose own test fails, and not for the one
// checked; a test that stopped in an exercise's code fails for that one.
func TestBlameGoesToTheExerciseThatFails(t *testing.T) {
	ws := fakeCopy(t)
	code, _, errOut := runTool(t, ws, "solution", "-force", "-apply", "01.2")
	require.Equal(t, 0, code, errOut)
	sum := "func Sum(xs ...int) int {\n\ttotal := 0\n\tfor _, x := range xs {\n\t\ttotal += x\n\t}\n\treturn total\n}"
	write(t, ws, "Sum", sum, "")
	code, out, _ := runTool(t, ws, "check", "01.1")
	require.Equal(t, 0, code, out)
	code, out, _ = runTool(t, ws, "list")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "  01.1   done")

	// Sum goes wrong, and its own test says so. The shared test fails
	// for 01.1, not for 01.2, and 01.1 is no longer done.
	write(t, ws, "Sum", strings.Replace(sum, "total += x", "total = x", 1), "")
	code, out, _ = runTool(t, ws, "check", "01.2")
	assert.Equal(t, 0, code, out)
	assert.Contains(t, out, "01.2 Parse a list: PASS (1 of 2 tests pass; the others wait for other exercises)")
	assert.Contains(t, out, "  wait TestSumOfParsed also needs exercise 01.1, which fails its own tests\n")
	code, out, _ = runTool(t, ws, "list")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "  01.1   todo")
	code, out, _ = runTool(t, ws)
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "now: 01.1 Add numbers")
	assert.Contains(t, out, "first failing test: TestSum\n")

	// ParseList panics, in its own test and in the shared one: the
	// shared test, which never ran, waits for 01.2.
	write(t, ws, "Sum", sum, "")
	write(t, ws, "ParseList", "func ParseList(s string) ([]int, error) {\n\tvar xs []int\n\treturn xs[:1], nil\n}", "")
	code, out, _ = runTool(t, ws, "check", "01.1")
	assert.Equal(t, 0, code, out)
	assert.Contains(t, out, "  wait TestSumOfParsed did not run: the run stopped in the code of exercise 01.2\n")
}

// TestOffByOneIsBlamedOnItsExercise: the student trial's off-by-one in
// readLength (a 16-bit length of 126 refused) fails 03.1's own test, and
// 03.2's shared test waits for 03.1 instead of failing in 03.2's name.
func TestOffByOneIsBlamedOnItsExercise(t *testing.T) {
	if testing.Short() {
		t.Skip("builds step03 of the repository")
	}
	ws := filepath.Join(t.TempDir(), "class")
	code, _, errOut := runTool(t, "../..", "init", "-steps", "03", ws)
	require.Equal(t, 0, code, errOut)
	code, _, errOut = runTool(t, ws, "solution", "-force", "-apply", "03")
	require.Equal(t, 0, code, errOut)
	frame := filepath.Join(ws, "step03-frames", "frame.go")
	src, err := os.ReadFile(frame)
	require.NoError(t, err)
	wrong := strings.Replace(string(src), "n > maxLength7 {", "n > length16 {", 1)
	require.NotEqual(t, string(src), wrong)
	require.NoError(t, os.WriteFile(frame, []byte(wrong), 0o644))

	code, out, _ := runTool(t, ws, "check", "03.1")
	assert.Equal(t, 1, code)
	assert.Regexp(t, `03\.1 .*: FAIL`, out)
	assert.Contains(t, out, "  FAIL TestDecodeLengthBoundaries\n")
	assert.Contains(t, out, "TestDecodeLengthBoundaries/16_bits:_126")

	code, out, _ = runTool(t, ws, "check", "03.2")
	assert.Equal(t, 0, code, out)
	assert.Contains(t, out, "  wait TestEchoFrameSizes also needs exercise 03.1, which fails its own tests\n")

	code, out, _ = runTool(t, ws, "list")
	assert.Equal(t, 0, code)
	assert.Regexp(t, `03\.1 +todo`, out)
	code, out, _ = runTool(t, ws)
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "now: 03.1 ")
}

// TestTheTrialsMistakesAreCaught: the wrong answers that passed every
// test in the student trial are in the list of common mistakes, and
// verify's check catches each with an own test of its exercise.
func TestTheTrialsMistakesAreCaught(t *testing.T) {
	if testing.Short() {
		t.Skip("builds steps 02 to 04 of the repository")
	}
	a := &app{root: "../..", t: englishTexts(t), stdout: io.Discard, stderr: io.Discard}
	exs, err := a.canonical()
	require.NoError(t, err)
	v := &verifier{a: a, t: a.t, exs: exs, tmp: t.TempDir()}
	var g errgroup.Group
	g.SetLimit(2)
	cases := []struct{ id, why string }{
		{"02.5", "no bounds: io.ReadAll of the whole body, with no deadline"},
		{"03.1", "a 16-bit length of 126 refused"},
		{"04.1", "letting a control frame change the message"},
		{"04.1", "resetting the size at each frame"},
		{"04.1", "ignoring checkSize's violation"},
	}
	for _, c := range cases {
		e := byID(exs, c.id)
		require.NotNil(t, e)
		n := slices.IndexFunc(e.Mistakes, func(m mistake) bool { return strings.Contains(m.Why, c.why) }) + 1
		require.Positive(t, n, "%s lists the mistake %q", c.id, c.why)
		g.Go(func() error { v.checkMistake(context.Background(), e, n); return nil })
	}
	require.NoError(t, g.Wait())
	assert.Empty(t, v.problems)
	assert.Equal(t, len(cases), v.counts.mistakes)
}

// TestVerifyFindsAMistakeNoTestCatches: a mistake that every own test of
// its exercise lets through fails verify, and says which tests ran.
func TestVerifyFindsAMistakeNoTestCatches(t *testing.T) {
	repo := fakeRepo(t)
	list := filepath.Join(repo, "docs", "exercises", "exercises.toml")
	src, err := os.ReadFile(list)
	require.NoError(t, err)
	unseen := strings.Replace(string(src), "\n[[exercise]]\nid = \"01.2\"",
		"\n[[exercise.mistakes]]\nwhy = \"one that changes nothing\"\nfrom = \"total := 0\"\nto = \"total := 0 * 2\"\n\n[[exercise]]\nid = \"01.2\"", 1)
	require.NoError(t, os.WriteFile(list, []byte(unseen), 0o644))
	code, out, _ := runTool(t, repo, "verify")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "FAIL: 01.1 mistake 2 (one that changes nothing): all of 01.1's own tests pass (TestSum): write a test that catches it")
}

// TestAnalyzeFindsTheExercise: a trace names the first frame in the
// step's code, and the first in an exercise's function; for a timeout,
// in the stack of the test that was running.
func TestAnalyzeFindsTheExercise(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "step06-client", "websocket", "lock.go"), "package websocket\n\nfunc (c *Conn) lockRead() {\n\t<-c.ch\n}\n")
	writeFile(t, filepath.Join(root, "step06-client", "websocket", "read.go"), "package websocket\n\nfunc (r *messageReader) Read(p []byte) (int, error) {\n\tr.c.lockRead()\n\treturn 0, nil\n}\n")
	exs := []*exercise{{ID: "06.4", Step: "step06-client", File: "websocket/read.go", Func: "messageReader.Read", Tests: []string{"TestReader", "TestOther"}}}
	dir := filepath.Join(root, "step06-client", "websocket")
	timeout := "panic: test timed out after 1m30s\n\trunning tests:\n\t\tTestReader (1m30s)\n\n" +
		"goroutine 7 [running]:\ntesting.(*M).startAlarm.func1()\n\t/go/src/testing/testing.go:2802 +0x354\n\n" +
		"goroutine 9 [chan receive]:\nexample.com/websocket.(*Conn).lockRead(...)\n\t" + dir + "/lock.go:4\n" +
		"example.com/websocket.(*messageReader).Read(0xc0, {0xc1, 0x200, 0x200})\n\t" + dir + "/read.go:4 +0x25\n" +
		"io.ReadAll({0x1, 0xc0})\n\t/go/src/io/io.go:712 +0x7e\n" +
		"example.com/websocket.TestReader(0xc2)\n\t" + dir + "/read_test.go:40 +0x1f\n" +
		"testing.tRunner(0xc2, 0x5)\n\t/go/src/testing/testing.go:2036 +0xea\ncreated by testing.(*T).Run in goroutine 1\n\t/go/src/testing/testing.go:2101 +0x4c5\n"
	run := &testRun{Tests: map[string]*testResult{"TestReader": {Output: "=== RUN   TestReader\n" + timeout}}, Order: []string{"TestReader"}}
	last := analyze(run, root, "step06-client", exs)
	require.NotNil(t, last)
	assert.Equal(t, stopped{test: "TestReader", ID: "06.4"}, *last)
	s := run.Tests["TestReader"].Stop
	require.NotNil(t, s)
	assert.Equal(t, stopTimeout, s.Kind)
	assert.Equal(t, "1m30s", s.Message)
	assert.Equal(t, &site{File: "websocket/lock.go", Line: 4, Func: "Conn.lockRead"}, s.At)
	assert.Equal(t, &site{File: "websocket/read.go", Line: 4, Func: "messageReader.Read", ID: "06.4"}, s.Ex)

	var b strings.Builder
	writeFailure(&b, englishTexts(t), "step06-client", run, "TestReader", 10, nil)
	assert.Equal(t, "first failing test: TestReader\n"+
		"    it did not finish within 1m30s, so the run was stopped\n"+
		"    at step06-client/websocket/lock.go:4, in Conn.lockRead\n"+
		"    called from step06-client/websocket/read.go:4, in messageReader.Read (exercise 06.4)\n"+
		"    the whole trace: go test -run \"^TestReader$\" ./step06-client/...\n", b.String())
}

// TestSlowTestsAreNamed: a test that has run slowAfter is named, then
// every slowEvery, and no more once it ends; a subtest is its test's.
func TestSlowTestsAreNamed(t *testing.T) {
	ew := &eventWatcher{running: make(map[string]*runningTest)}
	for _, ev := range []string{
		`{"Action":"run","Package":"p","Test":"TestA"}`,
		`{"Action":"run","Package":"p","Test":"TestA/sub"}`,
		`{"Action":"run","Package":"p","Test":"TestB"}`,
		`{"Action":"pass","Package":"p","Test":"TestB"}`,
	} {
		_, err := io.WriteString(ew, ev+"\n")
		require.NoError(t, err)
	}
	var told []string
	slow := func(test string, running time.Duration) { told = append(told, test) }
	now := time.Now()
	ew.tell(now, slow)
	assert.Empty(t, told, "not yet")
	ew.tell(now.Add(slowAfter+time.Second), slow)
	assert.Equal(t, []string{"TestA"}, told)
	ew.tell(now.Add(slowAfter+2*time.Second), slow)
	assert.Equal(t, []string{"TestA"}, told, "once, until slowEvery has passed")
	ew.tell(now.Add(slowAfter+slowEvery+time.Second), slow)
	assert.Equal(t, []string{"TestA", "TestA"}, told)
	_, err := io.WriteString(ew, `{"Action":"fail","Package":"p","Test":"TestA"}`+"\n")
	require.NoError(t, err)
	ew.tell(now.Add(time.Hour), slow)
	assert.Len(t, told, 2)
	assert.Contains(t, ew.out.String(), `"Test":"TestB"`, "the output is kept whole")
}
