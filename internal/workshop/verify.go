package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// verify checks the answer key from the repository alone: lint; the mapped
// tests pass in the canonical tree; with every exercise stubbed each step
// compiles, vets clean, and exactly the mapped tests fail with their
// exercise's message; each exercise stubbed alone fails only its own tests;
// each common mistake fails one of its exercise's own tests; restored
// solutions give the canonical files; the export builds and passes.
// An errgroup runs the go commands a few at a time, longest first.

// skippedTests are not run by verify: TestChaos is slow, and run many times
// over; TestInteropPeers and TestInteropCompression need Python and Node
// peers a copy does not carry.
func skippedTests() []string {
	return []string{"TestChaos", "TestInteropPeers", "TestInteropCompression"}
}

// skippedReasons says which tests verify does not run, and why.
func (t texts) skippedReasons() string {
	return t.f("%[1]s (random interleavings: slow, and verify runs each suite many times)", "TestChaos") + ", " + t.f("%[1]s (it needs Python's websockets and Node's ws, and a copy has no node_modules)", "TestInteropPeers, TestInteropCompression")
}

// verifyTimeout bounds each go test of verify: a stub that hangs a test
// is a fault verify must report, not wait for.
const verifyTimeout = 3 * time.Minute

// verifier holds one run of verify.
type verifier struct {
	a    *app
	t    texts
	exs  []*exercise
	tmp  string
	jobs int // go commands at a time

	mu       sync.Mutex
	problems []string
	flakes   []string // tests that failed once where they should pass, and passed when run again
	runs     int      // go commands run
	counts   figures
	export   string // the export's figures
}

// figures are what verify counted, for its report.
type figures struct {
	canonical    int // mapped tests that pass in the repository
	stubbedFail  int // mapped tests that fail, as they should, with every stub
	unmappedPass int // other tests that pass with every stub
	isolated     int // tests that fail with their exercise's stub alone
	restored     int // solutions put back
	identical    int // files identical to the canonical ones once restored
	mistakes     int // common mistakes that an own test of their exercise catches
}

func (v *verifier) problem(m string, args ...any) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.problems = append(v.problems, v.t.f(m, args...))
}

// count adds one to a figure.
func (v *verifier) count(figure *int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	*figure++
}

// cmdVerify runs verify.
func (a *app) cmdVerify(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	n := fs.Int("j", runtime.NumCPU()+1, "go commands at a time")
	if _, err := a.parseArgs(fs, args, 0, 0); err != nil {
		return err
	}
	if *n < 1 {
		return usageError{a.t.f("-j %[1]d: want a number of go runs at a time, 1 or more", *n)}
	}
	start := time.Now()
	exs, err := a.canonical()
	if err != nil {
		return err
	}
	problems, warnings := lint(a.t, a.root, exs)
	translationProblems, translations := lintTranslations(a.t, a.root)
	problems = append(problems, translationProblems...)
	a.printList(exs)
	for _, w := range warnings {
		fmt.Fprintln(a.stdout, a.t.f("  warning: %[1]s", w))
	}
	for _, line := range translations {
		fmt.Fprintln(a.stdout, line)
	}
	if len(problems) > 0 {
		return a.verifyFailed(problems, start)
	}
	tmp, err := os.MkdirTemp("", "workshop-verify-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	v := &verifier{a: a, t: a.t, exs: exs, tmp: tmp, jobs: *n}
	v.run(ctx)
	if len(v.problems) > 0 {
		return a.verifyFailed(v.problems, start)
	}
	v.printFigures()
	fmt.Fprintln(a.stdout, a.t.f("verify: OK in %[1]s (%[2]d go commands, %[3]d at a time)", time.Since(start).Round(time.Second), v.runs, *n))
	return nil
}

func (a *app) verifyFailed(problems []string, start time.Time) error {
	for _, p := range problems {
		fmt.Fprintln(a.stdout, a.t.f("FAIL: %[1]s", p))
	}
	fmt.Fprintln(a.stdout, a.t.f("verify: FAILED, %[1]d problem(s), in %[2]s", len(problems), time.Since(start).Round(time.Second)))
	return errFailed
}

// printList writes the figures of the list: exercises per step.
func (a *app) printList(exs []*exercise) {
	var lines []string
	tests := 0
	for _, step := range stepsOf(exs) {
		mine := inStep(exs, step)
		tests += len(mappedTests(mine))
		var ids []string
		for _, e := range mine {
			ids = append(ids, e.ID+" "+e.Func)
			if e.Solved {
				ids[len(ids)-1] += " " + a.t.f("(solved)")
			}
		}
		lines = append(lines, a.t.f("  %-17[1]s %[2]d: %[3]s", step, len(mine), strings.Join(ids, ", ")))
	}
	fmt.Fprintln(a.stdout, a.t.f("the list: %[1]d exercises in %[2]d steps, %[3]d mapped tests", len(exs), len(lines), tests))
	fmt.Fprintln(a.stdout, strings.Join(lines, "\n"))
}

// printFigures writes what each check counted.
func (v *verifier) printFigures() {
	c := v.counts
	lines := []string{
		v.t.f("canonical: %[1]d mapped tests pass", c.canonical),
		v.t.f("stubs: %[1]d steps compile, go vet ./... is clean; %[2]d mapped tests fail with their exercise's message, %[3]d other tests pass", len(stepsOf(v.exs)), c.stubbedFail, c.unmappedPass),
		v.t.f("isolation: %[1]d exercises stubbed one at a time: %[2]d of their tests fail with their message, and the other mapped tests pass", len(v.exs), c.isolated),
		v.t.f("restore: %[1]d solutions put back; %[2]d stubbed files are again identical to the canonical tree", c.restored, c.identical),
		v.t.f("mistakes: %[1]d common mistakes put into the solutions one at a time; each fails an own test of its exercise", c.mistakes),
		v.export,
		v.t.f("not run by verify: %[1]s; no stub reaches them, and go test ./... runs them", v.t.skippedReasons()),
	}
	if len(v.flakes) > 0 {
		lines = append(lines, v.t.f("flaky: %[1]s failed once where it should pass, and passed when run again alone", strings.Join(v.flakes, ", ")))
	}
	fmt.Fprintln(v.a.stdout, strings.Join(lines, "\n"))
}

// run starts every check as jobs, and waits for them; then it puts the
// solutions back in the student's copy, which the jobs read. The suites
// run in a copy with each exercise stubbed in its own step alone; vet and
// the restore check run in a copy as init makes it, stubbed in every step.
func (v *verifier) run(ctx context.Context) {
	copyDir, studentDir := filepath.Join(v.tmp, "copy"), filepath.Join(v.tmp, "student")
	steps := stepsOf(v.exs)
	_, _, err1 := makeCopy(v.a.root, copyDir, v.t, v.exs, copyOptions{steps: steps, stubSolved: true})
	_, _, err2 := makeCopy(v.a.root, studentDir, v.t, v.exs, copyOptions{steps: steps, stubSolved: true, carry: true})
	if err := errors.Join(err1, err2); err != nil {
		v.problem("making the copy: %[1]v", err)
		return
	}
	var g errgroup.Group
	g.SetLimit(v.jobs)
	do := func(check func()) { g.Go(func() error { check(); return nil }) }
	for _, step := range slices.Backward(steps) {
		do(func() { v.checkStubbedSuite(ctx, copyDir, step) })
	}
	do(func() { v.checkExport(ctx) })
	do(func() { v.checkVet(ctx, studentDir) })
	for _, step := range steps {
		do(func() { v.checkCanonical(ctx, step) })
	}
	for _, e := range v.exs {
		do(func() { v.checkIsolation(ctx, e) })
	}
	for _, step := range steps {
		do(func() { v.checkStudentStep(ctx, studentDir, step) })
	}
	for _, e := range v.exs {
		for n := range len(e.Mistakes) {
			do(func() { v.checkMistake(ctx, e, n+1) })
		}
	}
	_ = g.Wait()
	v.checkRestore(studentDir)
}

// goTest runs go test for verify, and counts it.
func (v *verifier) goTest(ctx context.Context, dir, step string, opt testOptions) (*testRun, bool) {
	v.count(&v.runs)
	opt.fresh, opt.timeout = true, verifyTimeout
	run, err := goTest(ctx, dir, stepPattern(step), opt)
	if err != nil {
		v.problem("%[1]s does not compile:\n%[2]s", step, err)
		return run, false
	}
	if run.BuildFailed {
		v.problem("%[1]s does not compile:\n%[2]s", step, firstLines(run.Output, 10))
		return run, false
	}
	return run, true
}

// goRun runs another go command for verify, and counts it.
func (v *verifier) goRun(ctx context.Context, dir string, env []string, args ...string) ([]byte, error) {
	v.count(&v.runs)
	_, stderr, err := goRun(ctx, dir, env, args...)
	return stderr, err
}

// messageOf is the message of exercise e's stub.
func (v *verifier) messageOf(e *exercise) string { return v.t.f(todoText, e.ID, e.Func) }

// checkCanonical runs the mapped tests of a step in the repository: the
// solutions pass them.
func (v *verifier) checkCanonical(ctx context.Context, step string) {
	tests := mappedTests(inStep(v.exs, step))
	run, ok := v.goTest(ctx, v.a.root, step, testOptions{run: tests})
	if !ok {
		return
	}
	for _, t := range tests {
		if run.failed(t) && v.failsAgain(ctx, v.a.root, step, t, "") {
			v.problem("canonical %[1]s: %[2]s fails without any stub:\n%[3]s", step, t, tail(run.Tests[t], 15))
			continue
		}
		v.count(&v.counts.canonical)
	}
}

// checkStubbedSuite runs a step's whole suite in the copy, every exercise
// stubbed: each mapped test fails with the message of one of its exercises
// (the first stub it reaches may stop it), and every other test passes.
func (v *verifier) checkStubbedSuite(ctx context.Context, copyDir, step string) {
	exs := inStep(v.exs, step)
	run, ok := v.goTest(ctx, copyDir, step, testOptions{skip: skippedTests()})
	if !ok {
		return
	}
	what := v.t.f("%[1]s with every stub", step)
	v.checkPackageOutput(what, run)
	all, err := stepTests(filepath.Join(v.a.root, step))
	if err != nil {
		v.problem("%[1]s does not compile:\n%[2]s", step, err)
		return
	}
	for _, test := range all {
		owners := listing(exs, test)
		switch {
		case slices.Contains(skippedTests(), test):
			if len(owners) > 0 {
				v.problem("%[1]s: verify does not run %[2]s, yet %[3]s lists it", what, test, owners[0].ID)
			}
		case len(owners) == 0 && run.failed(test) && v.failsAgain(ctx, copyDir, step, test, ""):
			v.problem("%[1]s: %[2]s fails, and no exercise lists it (run map, or choose a stub that keeps it passing):\n%[3]s", what, test, tail(run.Tests[test], 15))
		case len(owners) == 0:
			v.count(&v.counts.unmappedPass)
		case !run.failed(test):
			v.problem("%[1]s: %[2]s passes, yet %[3]s lists it", what, test, owners[0].ID)
		case !slices.ContainsFunc(owners, func(e *exercise) bool {
			return run.Tests[test] != nil && strings.Contains(run.Tests[test].Output, v.messageOf(e))
		}):
			v.problem("%[1]s: %[2]s fails without the message of %[3]s:\n%[4]s", what, test, v.ids(owners), tail(run.Tests[test], 15))
		default:
			v.count(&v.counts.stubbedFail)
		}
	}
}

// failsAgain runs a test that should have passed once more, alone, and
// reports whether it fails again.
func (v *verifier) failsAgain(ctx context.Context, dir, step, test, overlay string, env ...string) bool {
	run, ok := v.goTest(ctx, dir, step, testOptions{run: []string{test}, overlay: overlay, env: env})
	if !ok || run.failed(test) {
		return true
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.flakes = append(v.flakes, strings.TrimSpace(step+" "+test))
	return false
}

// checkPackageOutput reports what shows that a stub did harm: a panic,
// which ends the test binary and hides the tests after it, a timeout, or
// a goroutine left behind.
func (v *verifier) checkPackageOutput(what string, run *testRun) {
	if p := run.panicked(); p != "" {
		v.problem("%[1]s: the test binary panicked in %[2]s, and the tests after it did not run:\n%[3]s", what, p, tail(run.Tests[p], 25))
		return
	}
	for _, sign := range []string{"found unexpected goroutines", "test timed out"} {
		if strings.Contains(run.Output, sign) {
			v.problem("%[1]s: %[2]s\n%[3]s", what, sign, firstLines(run.Output, 20))
			return
		}
	}
}

// listing returns the exercises of exs that list test.
func listing(exs []*exercise, test string) []*exercise {
	var owners []*exercise
	for _, e := range exs {
		if slices.Contains(e.Tests, test) {
			owners = append(owners, e)
		}
	}
	return owners
}

func (v *verifier) ids(exs []*exercise) string {
	var s []string
	for _, e := range exs {
		s = append(s, e.ID)
	}
	return strings.Join(s, v.t.f(" or "))
}

// checkIsolation stubs e alone, through an overlay on the repository,
// and runs the mapped tests of its step: e's fail with e's message, the
// others pass.
func (v *verifier) checkIsolation(ctx context.Context, e *exercise) {
	exs := inStep(v.exs, e.Step)
	what := v.t.f("%[1]s alone", e.ID)
	overlay, err := overlayStubs(v.a.root, v.tmp, v.t, exs, func(o *exercise) bool { return o == e })
	if err != nil {
		v.problem("%[1]s does not compile:\n%[2]s", what, err)
		return
	}
	run, ok := v.goTest(ctx, v.a.root, e.Step, testOptions{run: mappedTests(exs), overlay: overlay})
	if !ok {
		return
	}
	v.checkPackageOutput(what, run)
	for _, test := range mappedTests(exs) {
		mine := slices.Contains(e.Tests, test)
		switch {
		case mine && !run.failed(test):
			v.problem("%[1]s: %[2]s passes, yet %[3]s lists it", what, test, e.ID)
		case mine && !strings.Contains(run.Tests[test].Output, v.messageOf(e)):
			v.problem("%[1]s: %[2]s fails without the message of %[3]s:\n%[4]s", what, test, e.ID, tail(run.Tests[test], 15))
		case mine:
			v.count(&v.counts.isolated)
		case run.failed(test) && (strings.Contains(run.Tests[test].Output, v.messageOf(e)) ||
			v.failsAgain(ctx, v.a.root, e.Step, test, overlay)):
			v.problem("%[1]s: %[2]s fails, though only %[3]s list it:\n%[4]s", what, test, v.ids(listing(exs, test)), tail(run.Tests[test], 15))
		}
	}
}

// checkStudentStep runs, in the copy as init makes it, the tests that the
// progress report runs for step, with the stubs of the steps before it
// there too: none may panic or hang.
func (v *verifier) checkStudentStep(ctx context.Context, dir, step string) {
	if run, ok := v.goTest(ctx, dir, step, testOptions{run: mappedTests(inStep(v.exs, step))}); ok {
		v.checkPackageOutput(v.t.f("%[1]s as init makes it", step), run)
	}
}

// checkVet runs go vet on the whole copy, stubs and all.
func (v *verifier) checkVet(ctx context.Context, copyDir string) {
	if stderr, err := v.goRun(ctx, copyDir, nil, "vet", "./..."); err != nil {
		v.problem("go vet ./... in the copy with every stub: %[1]v\n%[2]s", err, firstLines(string(stderr), 20))
	}
}

// checkRestore puts every solution back in the copy, into its own step
// and the later ones, as solution -apply does, and compares each stubbed
// file with the canonical one.
func (v *verifier) checkRestore(copyDir string) {
	seen := make(map[string]bool)
	for _, e := range v.exs {
		k, err := readKept(copyDir, e.ID)
		if err == nil {
			_, _, err = applySolution(copyDir, e, k, "")
		}
		if err != nil {
			v.problem("restore %[1]s: %[2]v", e.ID, err)
			continue
		}
		v.count(&v.counts.restored)
		seen[e.path()] = true
		for _, s := range k.Spots {
			seen[s.Path] = true
		}
	}
	for p := range seen {
		got, err1 := os.ReadFile(filepath.Join(copyDir, filepath.FromSlash(p)))
		want, err2 := os.ReadFile(filepath.Join(v.a.root, filepath.FromSlash(p)))
		switch err := errors.Join(err1, err2); {
		case err != nil:
			v.problem("restore %[1]s: %[2]v", p, err)
		case !bytes.Equal(got, want):
			v.problem("restore: %[1]s with every solution put back differs from the canonical file", p)
		default:
			v.count(&v.counts.identical)
		}
	}
}

// checkExport exports the library to a temporary module, and vets and
// tests it there, offline, with the module cache alone.
func (v *verifier) checkExport(ctx context.Context) {
	dir := filepath.Join(v.tmp, "export")
	res, err := exportLibrary(ctx, v.a.root, dir, defaultModule, v.t)
	if err != nil {
		v.problem("export: %[1]v", err)
		return
	}
	if stderr, err := v.goRun(ctx, dir, offlineEnv(), "vet", "./..."); err != nil {
		v.problem("export: go vet ./...: %[1]v\n%[2]s", err, firstLines(string(stderr), 20))
		return
	}
	v.count(&v.runs)
	run, err := goTest(ctx, dir, "./...", testOptions{fresh: true, timeout: verifyTimeout, env: offlineEnv(), skip: skippedTests()})
	if err != nil {
		v.problem("export: %[1]v", err)
		return
	}
	failed := slices.DeleteFunc(slices.Clone(run.Order), func(name string) bool { return !run.failed(name) })
	if !run.Passed && len(failed) == 0 {
		v.problem("export: go test ./... fails:\n%[1]s", firstLines(run.Output, 20))
		return
	}
	for _, name := range failed { // each must pass when run again alone
		if v.failsAgain(ctx, dir, "", name, "", offlineEnv()...) {
			v.problem("export: %[1]s fails:\n%[2]s", name, tail(run.Tests[name], 15))
			return
		}
	}
	tidy := v.t.f("go mod tidy ran offline")
	if res.tidyErr != nil {
		tidy = v.t.f("go.mod and go.sum are the repository's: go mod tidy could not run offline")
	}
	var internals []string
	for _, pkg := range res.internals {
		internals = append(internals, "internal/"+pkg)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.export = v.t.f("export: %[1]s builds in a module of its own (%[2]s); go vet is clean; %[3]d tests in %[4]d test files pass; %[5]s copied", defaultModule, tidy, len(run.Tests), res.tests,
		strings.Join(internals, ", "))
}

// tail is the end of a test's output, for a problem report.
func tail(res *testResult, n int) string {
	lines := testOutputLines(res)
	return "    " + strings.Join(lines[max(0, len(lines)-n):], "\n    ")
}
