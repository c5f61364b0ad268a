package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spec2lib/websocket/internal/repo"
)

// The commands a student runs in a copy.

// workspace is a student copy, loaded.
type workspace struct {
	st  *state
	exs []*exercise // the exercises of the copy's steps
	all []*exercise // and of the repository's
}

// openCopy loads the copy at a.root.
func (a *app) openCopy() (*workspace, error) {
	st, err := readState(a.root)
	if errors.Is(err, errNotACopy) {
		return nil, a.t.err("%[1]s is not a workshop copy: make one with go run ./internal/workshop init DIR", a.root)
	}
	if err != nil {
		return nil, err
	}
	// The copy speaks the language it was made in, unless -lang says
	// another.
	if a.t.lang != st.Lang && !a.langSet {
		if a.t, err = newTexts(st.Lang); err != nil {
			return nil, err
		}
	}
	all, err := loadExercises(a.root, a.t)
	if err != nil {
		return nil, err
	}
	exs := slices.DeleteFunc(slices.Clone(all), func(e *exercise) bool { return !slices.Contains(st.Steps, e.Step) })
	if st.Started.IsZero() {
		st.Started = now()
	}
	return &workspace{st: st, exs: exs, all: all}, nil
}

// openCopyFor is the start of every command of a student copy: it
// checks that cmd got from least to most arguments, loads the copy, and
// the exercises the arguments name.
func (a *app) openCopyFor(cmd string, args []string, least, most int) (*workspace, []*exercise, error) {
	if err := a.wantArgs(cmd, args, least, most); err != nil {
		return nil, nil, err
	}
	w, err := a.openCopy()
	if err != nil {
		return nil, nil, err
	}
	exs, err := a.exercisesNamed(w, args, most > 1)
	return w, exs, err
}

// exercisesNamed turns arguments into exercises: an ID names one, and,
// if byStep, a step's number (03) every exercise of that step.
func (a *app) exercisesNamed(w *workspace, args []string, byStep bool) ([]*exercise, error) {
	var exs []*exercise
	for _, arg := range args {
		n := len(exs)
		for _, e := range w.exs {
			if e.ID == arg || byStep && stepOf(e.ID) == arg {
				exs = append(exs, e)
			}
		}
		if len(exs) > n {
			continue
		}
		if e := byID(w.all, arg); e != nil {
			return nil, a.t.err("exercise %[1]s is in %[2]s, which this copy does not include (init -steps)", arg, e.Step)
		}
		return nil, a.t.err("no exercise %[1]q in this copy: see go run ./internal/workshop list", arg)
	}
	return exs, nil
}

// cmdStatus shows progress: a bar per step, the current exercise and
// its task, and the output of its first failing test.
func (a *app) cmdStatus(ctx context.Context, args []string) error {
	w, _, err := a.openCopyFor(a.t.f("the progress report"), args, 0, 0)
	if err != nil {
		return err
	}
	p := a.progress(ctx, w)
	p.report(a.stdout, a.t, a.root)
	return a.remember(w, p)
}

// progress restores each step's imports, then runs the steps' tests,
// and once more if the code of an exercise that passes went on into
// later steps.
func (a *app) progress(ctx context.Context, w *workspace) *progress {
	for _, step := range w.st.Steps {
		a.restoreImports(w, step, a.stdout)
	}
	p := newProgress(w.exs, w.st.Steps, a.runSteps(ctx, a.stdout, w.exs, w.st.Steps), a.isStub)
	if a.carryPassed(w, p.outcomes, a.stdout) {
		p = newProgress(w.exs, w.st.Steps, a.runSteps(ctx, a.stdout, w.exs, w.st.Steps), a.isStub)
	}
	return p
}

// remember records the outcome of every exercise, for list.
func (a *app) remember(w *workspace, p *progress) error {
	for id, o := range p.outcomes {
		w.st.record(id, statusWord(o))
	}
	return writeState(a.root, w.st)
}

// statusText is a status word of the state file, for a person.
func (a *app) statusText(word string) string {
	switch word {
	case "done":
		return a.t.f("done")
	case "todo":
		return a.t.f("todo")
	case "broken":
		return a.t.f("does not compile")
	}
	return a.t.f("not run")
}

// statusWord is where an exercise stands, as the state file records it.
func statusWord(o outcome) string {
	switch {
	case o.Broken:
		return "broken"
	case o.Done:
		return "done"
	}
	return "todo"
}

// cmdCheck runs the tests of one exercise, or of every exercise.
func (a *app) cmdCheck(ctx context.Context, args []string) error {
	w, exs, err := a.openCopyFor("check", args, 0, 1)
	if err != nil {
		return err
	}
	if len(exs) == 1 {
		if done, err := a.checkOne(ctx, w, exs[0], a.stdout); err != nil || !done {
			return cmp.Or(err, errFailed)
		}
		return nil
	}
	p := a.progress(ctx, w)
	allDone := true
	for _, e := range w.exs {
		o := p.outcomes[e.ID]
		allDone = allDone && o.Done
		fmt.Fprintln(a.stdout, a.t.f("%-6[1]s %-6[2]s %[3]s (%[4]s)", e.ID, a.statusText(statusWord(o)), e.Title, e.Func))
	}
	for _, step := range w.st.Steps {
		if r := p.runs[step]; r.Run != nil && r.Run.BuildFailed {
			fmt.Fprintln(a.stdout, a.t.f("%[1]s does not compile", step)+": "+
				describeBuildFailure(a.t, a.root, step, inStep(w.exs, step), r.Run.Output))
		}
	}
	if err := a.remember(w, p); err != nil || !allDone {
		return cmp.Or(err, errFailed)
	}
	return nil
}

// checkOne runs the tests of e, and the own tests of the exercises that
// share one with it, to know whom a shared test fails for; it reports
// them to out, and says whether e is done.
func (a *app) checkOne(ctx context.Context, w *workspace, e *exercise, out io.Writer) (bool, error) {
	a.restoreImports(w, e.Step, out)
	step := inStep(w.exs, e.Step)
	tests, others := slices.Clone(e.Tests), sharing(e, step)
	for _, o := range others {
		for _, t := range ownTests(o, step) {
			if !slices.Contains(tests, t) {
				tests = append(tests, t)
			}
		}
	}
	run, err := a.testStep(ctx, out, w.exs, e.Step, tests)
	if err != nil {
		return false, err
	}
	if run.BuildFailed {
		fmt.Fprintln(out, a.t.f("%[1]s does not compile", e.Step))
		fmt.Fprintln(out, "    "+describeBuildFailure(a.t, a.root, e.Step, inStep(w.exs, e.Step), run.Output))
		w.st.record(e.ID, "broken")
		return false, writeState(a.root, w.st)
	}
	o := judge(e, step, run, a.isStub)
	a.reportCheck(out, e, run, o)
	w.st.record(e.ID, statusWord(o))
	for _, other := range others { // one whose own tests fail now is no longer done
		if w.st.Last[other.ID] == "done" && wrong(other, step, run, a.isStub) {
			w.st.record(other.ID, "todo")
		}
	}
	if o.Done {
		if _, err := a.carry(w, e, out); err != nil {
			return true, err
		}
	}
	return o.Done, writeState(a.root, w.st)
}

// sharing returns the other exercises of step that list a test of e.
func sharing(e *exercise, step []*exercise) []*exercise {
	var others []*exercise
	for _, o := range step {
		if o != e && slices.ContainsFunc(e.Tests, func(t string) bool { return slices.Contains(o.Tests, t) }) {
			others = append(others, o)
		}
	}
	return others
}

// reportCheck writes what checkOne found: a line for the exercise, one
// per test, and the output of the first test that fails.
func (a *app) reportCheck(out io.Writer, e *exercise, run *testRun, o outcome) {
	failing, waiting := o.Failing, o.Waiting
	switch {
	case len(failing) == 0 && len(waiting) > 0:
		fmt.Fprintln(out, a.t.f("%[1]s %[2]s: PASS (%[3]d of %[4]d tests pass; the others wait for other exercises)", e.ID, e.Title, len(e.Tests)-len(waiting), len(e.Tests)))
	case len(failing) == 0:
		fmt.Fprintln(out, a.t.f("%[1]s %[2]s: PASS (%[3]d tests)", e.ID, e.Title, len(e.Tests)))
	default:
		fmt.Fprintln(out, a.t.f("%[1]s %[2]s: FAIL (%[3]d of %[4]d tests pass)", e.ID, e.Title, len(e.Tests)-len(failing)-len(waiting), len(e.Tests)))
	}
	for _, test := range e.Tests {
		switch {
		case slices.Contains(failing, test):
			fmt.Fprintf(out, "  %s %s%s\n", a.t.f("FAIL"), test, stopNote(a.t, run.Tests[test]))
		case waiting[test] != "":
			fmt.Fprintf(out, "  %s %s\n", a.t.f("wait"), waitText(a.t, test, waiting[test], o.Why[test]))
		default:
			fmt.Fprintf(out, "  %s %s\n", a.t.f("ok  "), test)
		}
	}
	if len(failing) > 0 {
		fmt.Fprintln(out)
		writeFailure(out, a.t, e.Step, run, shownTest(failing, run), 60, func(left int) string { return a.t.f("(%[1]d more lines)", left) })
	}
}

// restoreImports adds back to the exercise files of step the imports that
// their canonical version had, that a stub no longer needed, and that the
// student's code uses again; it says so for each.
func (a *app) restoreImports(w *workspace, step string, out io.Writer) {
	done := make(map[string]bool) // the files fixed, each once
	for _, e := range inStep(w.exs, step) {
		k, err := readKept(a.root, e.ID)
		p := filepath.Join(a.root, filepath.FromSlash(e.path()))
		if err != nil || done[p] {
			continue
		}
		done[p] = true
		src, err := os.ReadFile(p)
		fixed, ferr := addImports(e.path(), src, k.Imports)
		if err == nil && ferr == nil && !bytes.Equal(fixed, src) && os.WriteFile(p, fixed, 0o644) == nil {
			fmt.Fprintln(out, a.t.f("added to %[1]s the imports your code uses, which the stub did not need", e.path()))
		}
	}
}

// isStub reports whether the function of e still calls its stub's
// todo or errTodo.
func (a *app) isStub(e *exercise) bool {
	text, err := readFunc(a.root, e)
	return err == nil && isStubText(text, e.ID)
}

// cmdWatch checks one exercise again each time a file of its step is saved.
func (a *app) cmdWatch(ctx context.Context, args []string) error {
	w, exs, err := a.openCopyFor("watch", args, 0, 1)
	if err != nil {
		return err
	}
	e := a.firstNotDone(w)
	if len(exs) == 1 {
		e = exs[0]
	}
	fmt.Fprintln(a.stdout, a.t.f("watching %[1]s: checking %[2]s on every save (Ctrl-C stops)", e.ID, e.Step))
	dir := filepath.Join(a.root, e.Step)
	for {
		fmt.Fprintln(a.stdout, a.t.f("--- %[1]s ---", time.Now().Format("15:04:05")))
		done, err := a.checkOne(ctx, w, e, a.stdout)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			fmt.Fprintln(a.stdout, err)
		}
		if i := slices.Index(w.exs, e); done { // the next is the one after e, or e for the last
			next := w.exs[min(i+1, len(w.exs)-1)]
			fmt.Fprintln(a.stdout, a.t.f("%[1]s passes. Read your code once more; then stop this watch and run: go run ./internal/workshop watch %[2]s", e.ID, next.ID))
		}
		if !waitForSave(ctx, dir, a.poll) {
			return nil
		}
	}
}

// firstNotDone is the first exercise that the last results do not show
// as done, or the first exercise.
func (a *app) firstNotDone(w *workspace) *exercise {
	for _, e := range w.exs {
		if w.st.Last[e.ID] != "done" && (!e.Solved || a.isStub(e)) {
			return e
		}
	}
	return w.exs[0]
}

// waitForSave polls the .go files of dir until one changes, and reports
// whether one did before ctx ended.
func waitForSave(ctx context.Context, dir string, every time.Duration) bool {
	before := snapshot(dir)
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-ticker.C:
		}
		if now := snapshot(dir); now != before {
			// An editor may write a file in several steps: let it finish.
			select {
			case <-ctx.Done():
				return false
			case <-time.After(every / 2):
			}
			return true
		}
	}
}

// snapshot sums up the names, sizes and times of the .go files in dir
// and in its subpackages (step06's library), but not in testdata.
func snapshot(dir string) string {
	var b strings.Builder
	files, _ := repo.Files(dir, ".go") // a file that went away is a change the next snapshot sees
	for _, p := range files {
		if info, err := os.Stat(p); err == nil {
			fmt.Fprintf(&b, "%s %d %d\n", p, info.Size(), info.ModTime().UnixNano())
		}
	}
	return b.String()
}

// cmdHint shows the next hint of an exercise: one level more on each
// call, then the last one again.
func (a *app) cmdHint(_ context.Context, args []string) error {
	w, exs, err := a.openCopyFor("hint", args, 1, 1)
	if err != nil {
		return err
	}
	e := exs[0]
	k, err := readKept(a.root, e.ID)
	if err != nil {
		return err
	}
	hints := k.hints(a.t.lang) // the tool keeps them: the copy's pages do not show them
	level := min(w.st.Hints[e.ID]+1, len(hints))
	w.st.Hints[e.ID] = level
	fmt.Fprintln(a.stdout, a.t.f("hint %[1]d of %[2]d for %[3]s %[4]s:", level, len(hints), e.ID, e.Title))
	fmt.Fprintln(a.stdout)
	fmt.Fprintln(a.stdout, hints[level-1])
	if level == len(hints) {
		fmt.Fprintln(a.stdout)
		fmt.Fprintln(a.stdout, a.t.f("that was the last hint; the answer: go run ./internal/workshop solution %[1]s (once it passes, or with -force)", e.ID))
	}
	return writeState(a.root, w.st)
}

// cmdSolution shows the canonical solution of an exercise that passes,
// or of any with -force; -apply also puts it in place of the student's.
func (a *app) cmdSolution(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("solution", flag.ContinueOnError)
	force := fs.Bool("force", false, "show the solution even if the exercise does not pass")
	apply := fs.Bool("apply", false, "put the solution in place of the function")
	args, err := a.parseArgs(fs, args, 1, 1000)
	if err != nil {
		return err
	}
	w, exs, err := a.openCopyFor("solution", args, 1, 1000)
	if err != nil {
		return err
	}
	for _, e := range exs {
		if !*force {
			done, err := a.checkOne(ctx, w, e, io.Discard)
			if err != nil {
				return err
			}
			if !done {
				fmt.Fprintln(a.stdout, a.t.f("%[1]s does not pass yet, so its solution stays hidden: try a hint (go run ./internal/workshop hint %[1]s), or add -force", e.ID))
				return errFailed
			}
		} else if _, ok := w.st.Forced[e.ID]; !ok && w.st.Last[e.ID] != "done" {
			w.st.Forced[e.ID] = now()
		}
		k, err := readKept(a.root, e.ID)
		switch {
		case err != nil:
			return err
		case *apply:
			continue // below, all at once
		default:
			fmt.Fprintln(a.stdout, a.t.f("the solution of %[1]s, as in the canonical %[2]s:", e.ID, e.path()))
			fmt.Fprintln(a.stdout)
			fmt.Fprintln(a.stdout, k.Solution)
		}
	}
	if *apply {
		return a.applyWithBackup(w, exs)
	}
	return writeState(a.root, w.st)
}

// cmdReset puts the stub of an exercise back.
func (a *app) cmdReset(_ context.Context, args []string) error {
	w, exs, err := a.openCopyFor("reset", args, 1, 1000)
	if err == nil {
		err = a.backup(exs)
	}
	if err != nil {
		return err
	}
	for _, e := range exs {
		todos, err := todoFiles(a.t, inStep(w.exs, e.Step))
		for name, src := range todos { // a student may have deleted one
			if p := filepath.Join(a.root, e.Step, filepath.FromSlash(name)); err == nil && !exists(p) {
				err = os.WriteFile(p, src, 0o644)
			}
		}
		k, kerr := readKept(a.root, e.ID)
		if err = errors.Join(err, kerr); err == nil {
			err = putFunc(a.root, e, k.Stub, nil)
		}
		if err != nil {
			return err
		}
		fmt.Fprintln(a.stdout, a.t.f("put the stub of %[1]s back into %[2]s", e.ID, e.path()))
	}
	return nil
}

// putFunc replaces the declaration of e's function in the copy by text,
// and adds those of imports that the file now uses and lacks: a stub
// needs fewer imports than the solution it replaced.
func putFunc(root string, e *exercise, text string, imports []string) error {
	p := filepath.Join(root, filepath.FromSlash(e.path()))
	src, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	out, err := replaceFunc(e.path(), src, e.Func, text)
	if err == nil {
		out, err = addImports(e.path(), out, imports)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", e.ID, err)
	}
	return os.WriteFile(p, out, 0o644)
}

// cmdList lists the exercises of the copy, with their last results.
func (a *app) cmdList(_ context.Context, args []string) error {
	w, _, err := a.openCopyFor("list", args, 0, 0)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, a.t.f("exercises (%[1]s):", strings.Join(w.st.Steps, ", ")))
	for _, step := range w.st.Steps {
		fmt.Fprintln(a.stdout)
		fmt.Fprintln(a.stdout, step)
		for _, e := range inStep(w.exs, step) {
			line := "  " + a.t.f("%-6[1]s %-6[2]s %[3]s (%[4]s)", e.ID, a.statusText(w.st.Last[e.ID]), e.Title, e.Func)
			if e.Solved {
				line += " " + a.t.f("(solved: it shows the loop)")
			}
			fmt.Fprintln(a.stdout, line)
		}
	}
	return nil
}
