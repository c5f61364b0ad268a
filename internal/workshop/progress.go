package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"
)

// An outcome is where an exercise stands after its step's tests ran.
type outcome struct {
	Done    bool
	Broken  bool              // the step does not compile
	Failing []string          // its tests that failed, in the order it lists them
	Waiting map[string]string // its failing tests that fail for another exercise: test -> that exercise (see blame)
	Why     map[string]string // test -> why blame chose that exercise: "stub", "own", "code" or "notrun"
}

// A stepRun is the result of running the mapped tests of one step.
type stepRun struct {
	Step string
	Run  *testRun
	Err  error // go could not run at all
}

// runSteps runs the mapped tests of each step, one go test per step, at the
// same time; out hears of the tests that run long.
func (a *app) runSteps(ctx context.Context, out io.Writer, exs []*exercise, steps []string) map[string]stepRun {
	runs := make([]stepRun, len(steps))
	var g errgroup.Group
	for i, step := range steps {
		g.Go(func() error { runs[i] = a.runStep(ctx, out, exs, step); return nil })
	}
	_ = g.Wait()
	results := make(map[string]stepRun)
	for i, step := range steps {
		results[step] = runs[i]
	}
	return results
}

// runStep runs the mapped tests of one step, or reuses the results of the
// last run if the step's files, and the tests asked for, are as they were.
func (a *app) runStep(ctx context.Context, out io.Writer, exs []*exercise, step string) stepRun {
	// The tests run are part of the key: an exercise list that changed
	// asks for other tests.
	tests := mappedTests(inStep(exs, step))
	files := snapshot(filepath.Join(a.root, step)) + runPattern(tests)
	if run := readRunCache(a.root, step, files); run != nil {
		return stepRun{Step: step, Run: run}
	}
	run, err := a.testStep(ctx, out, exs, step, tests)
	if err == nil && !run.timedOut() { // a timeout may be the machine's load: try again next time
		writeRunCache(a.root, step, files, run)
	}
	return stepRun{Step: step, Run: run, Err: err}
}

// timedOut reports whether a test of r ran into the timeout.
func (r *testRun) timedOut() bool {
	for _, res := range r.Tests {
		if res.Stop != nil && res.Stop.Kind == stopTimeout {
			return true
		}
	}
	return false
}

// judge decides where e stands after run, the run of its step: a failing
// test of e that blame puts on another exercise waits for that one, and
// does not count against e.
func judge(e *exercise, step []*exercise, run *testRun, isStub func(*exercise) bool) outcome {
	o := outcome{Broken: run.BuildFailed, Waiting: make(map[string]string), Why: make(map[string]string)}
	for _, test := range e.Tests {
		if !run.failed(test) {
			continue
		}
		if culprit, why := blame(e, step, run, test, isStub); culprit != e {
			o.Waiting[test], o.Why[test] = culprit.ID, why
		} else {
			o.Failing = append(o.Failing, test)
		}
	}
	o.Done = !o.Broken && len(o.Failing) == 0
	return o
}

// progress is the report of a whole copy.
type progress struct {
	exs      []*exercise
	steps    []string
	runs     map[string]stepRun
	outcomes map[string]outcome
}

func newProgress(exs []*exercise, steps []string, runs map[string]stepRun, isStub func(*exercise) bool) *progress {
	p := &progress{exs: exs, steps: steps, runs: runs, outcomes: make(map[string]outcome)}
	for _, e := range exs {
		run := runs[e.Step].Run
		if run == nil {
			run = &testRun{BuildFailed: true}
		}
		p.outcomes[e.ID] = judge(e, inStep(exs, e.Step), run, isStub)
	}
	return p
}

// current is the first exercise that is not done, in the order of the
// steps and of each step's list, or in a step that does not compile the
// exercise its first error is in; nil when all are done.
func (p *progress) current(root string) *exercise {
	for _, step := range p.steps {
		exs := inStep(p.exs, step)
		if r := p.runs[step].Run; r != nil && r.BuildFailed {
			if e := buildCulprit(root, step, exs, r.Output); e != nil {
				return e
			}
		}
		for _, e := range exs {
			if !p.outcomes[e.ID].Done {
				return e
			}
		}
	}
	return nil
}

// done counts the exercises of exs that are done.
func (p *progress) done(exs []*exercise) int {
	n := 0
	for _, e := range exs {
		if p.outcomes[e.ID].Done {
			n++
		}
	}
	return n
}

// bar draws done out of total as a bar of width characters.
func bar(done, total, width int) string {
	if total == 0 {
		return strings.Repeat("-", width)
	}
	n := done * width / total
	return strings.Repeat("#", n) + strings.Repeat("-", width-n)
}

// report writes the progress report: a bar per step, the current
// exercise and its task, and the first failing test's output.
func (p *progress) report(w io.Writer, t texts, root string) {
	fmt.Fprintln(w, t.f("workshop: %[1]d of %[2]d exercises done", p.done(p.exs), len(p.exs)))
	fmt.Fprintln(w)
	for _, step := range p.steps {
		p.reportStep(w, t, root, step)
	}
	fmt.Fprintln(w)
	cur := p.current(root)
	if cur == nil {
		fmt.Fprintln(w, t.f("every exercise passes. To make your client a library of your own: go run ./internal/workshop export DIR"))
		return
	}
	fmt.Fprintln(w, t.f("now: %[1]s %[2]s (%[3]s in %[4]s)", cur.ID, cur.Title, cur.Func, cur.path()))
	fmt.Fprintln(w)
	fmt.Fprintln(w, cur.Task)
	fmt.Fprintln(w)
	p.reportFailure(w, t, cur)
	fmt.Fprintln(w)
	fmt.Fprintln(w, t.f("commands: hint %[1]s | check %[1]s | watch | list | solution %[1]s (once it passes)", cur.ID))
}

// reportStep writes one step's bar, and why it does not compile.
func (p *progress) reportStep(w io.Writer, t texts, root, step string) {
	exs := inStep(p.exs, step)
	done := p.done(exs)
	line := t.f("%-18[1]s [%[2]s] %[3]d/%[4]d", step, bar(done, len(exs), 20), done, len(exs))
	r := p.runs[step]
	if r.Err != nil {
		line += "  " + r.Err.Error()
	} else if r.Run != nil && r.Run.BuildFailed {
		line += "  " + t.f("%[1]s does not compile", step)
	}
	fmt.Fprintln(w, line)
	if r.Run != nil && r.Run.BuildFailed {
		fmt.Fprintln(w, "    "+describeBuildFailure(t, root, step, exs, r.Run.Output))
	}
}

// reportFailure writes what the failing test of e that explains the
// most says, cut to a screenful.
func (p *progress) reportFailure(w io.Writer, t texts, e *exercise) {
	o := p.outcomes[e.ID]
	run := p.runs[e.Step].Run
	if run == nil || o.Broken || len(o.Failing) == 0 {
		return
	}
	writeFailure(w, t, e.Step, run, shownTest(o.Failing, run), 25, func(left int) string {
		return t.f("(%[1]d more lines: go run ./internal/workshop check %[2]s)", left, e.ID)
	})
}

// writeLines writes at most most lines, indented, and then what more
// says of the lines left out.
func writeLines(w io.Writer, lines []string, most int, more func(left int) string) {
	for _, l := range lines[:min(len(lines), most)] {
		fmt.Fprintln(w, "    "+l)
	}
	if len(lines) > most {
		fmt.Fprintln(w, "    "+more(len(lines)-most))
	}
}

// testOutputLines is a test's output without go test's own framing.
func testOutputLines(res *testResult) []string {
	if res == nil {
		return nil
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(res.Output, "\n"), "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- PASS") || strings.HasPrefix(t, "--- SKIP") || t == "" {
			continue
		}
		lines = append(lines, strings.TrimRight(l, " "))
	}
	return lines
}

// buildCulprit is the exercise that the first compile error of step
// falls in, or nil.
func buildCulprit(root, step string, exs []*exercise, output string) *exercise {
	errs := compileErrors(root, step, output)
	if len(errs) == 0 {
		return nil
	}
	for _, e := range exs {
		if e.File == errs[0].File && e.Func == errs[0].Func {
			return e
		}
	}
	return nil
}

// describeBuildFailure names the exercise that the first compile error
// of step falls in, or the function it falls in when that is none.
func describeBuildFailure(t texts, root, step string, exs []*exercise, output string) string {
	errs := compileErrors(root, step, output)
	if len(errs) == 0 {
		return firstLines(output, 5)
	}
	first := errs[0]
	if e := buildCulprit(root, step, exs, output); e != nil {
		return t.f("the first error is in exercise %[1]s (%[2]s): %[3]s", e.ID, e.Func, first.Text)
	}
	where := first.Func
	if where == "" {
		where = first.File
	}
	return t.f("the first error is in %[1]s, which is not an exercise: %[2]s", where, first.Text)
}

// firstLines returns the first n non-empty lines of s, joined.
func firstLines(s string, n int) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" && !slices.Contains(lines, l) {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines[:min(n, len(lines))], "\n    ")
}
