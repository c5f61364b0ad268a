package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"
)

// The commands an instructor runs in the repository.

// canonical loads the exercises of the repository, and refuses to run
// in a student copy, whose code holds stubs, not solutions.
func (a *app) canonical() ([]*exercise, error) {
	if isCopy(a.root) {
		return nil, a.t.err("%[1]s is a workshop copy already: run init in the repository itself", a.root)
	}
	return loadExercises(a.root, a.t)
}

// cmdInit writes a student copy.
func (a *app) cmdInit(_ context.Context, args []string) error {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	steps := fs.String("steps", "", "the steps to stub: 03, 03-04 or 02,05-06 (default: all)")
	name := fs.String("name", a.getenv("WORKSHOP_NAME"), "the student's name, which the room shows")
	args, err := a.parseArgs(fs, args, 1, 1)
	if err != nil {
		return err
	}
	exs, err := a.canonical()
	if err != nil {
		return err
	}
	chosen, err := selectSteps(a.t, exs, *steps)
	if err != nil {
		return usageError{err.Error()}
	}
	files, stubbed, err := makeCopy(a.root, args[0], a.t, exs, copyOptions{steps: chosen, carry: true, name: *name})
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, a.t.f("wrote a workshop copy to %[1]s: %[2]d files, %[3]d exercises stubbed in %[4]s", args[0], files, stubbed, strings.Join(chosen, ", ")))
	fmt.Fprintln(a.stdout, a.t.f("next: cd %[1]s && go run ./internal/workshop", args[0]))
	return nil
}

// overlayStubs writes, under tmp, the files that make a step of the
// repository build with the exercises that stub selects as stubs (and the
// todo file), and an overlay that puts them in place for go test -overlay.
func overlayStubs(root, tmp string, t texts, exs []*exercise, stub func(*exercise) bool) (string, error) {
	step := exs[0].Step
	files, err := stubFiles(root, t, exs, stub)
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp(tmp, "overlay-")
	if err != nil {
		return "", err
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	replace := make(map[string]string)
	for name, src := range files {
		backing := filepath.Join(dir, strings.ReplaceAll(name, "/", "_"))
		if err := os.WriteFile(backing, src, 0o644); err != nil {
			return "", err
		}
		replace[filepath.Join(absRoot, step, filepath.FromSlash(name))] = backing
	}
	b, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return "", err
	}
	overlay := filepath.Join(dir, "overlay.json")
	return overlay, os.WriteFile(overlay, b, 0o644)
}

// cmdMap stubs each exercise alone, runs its step's whole test suite, and
// lists the tests that fail: what the exercise's tests: field should say.
func (a *app) cmdMap(ctx context.Context, args []string) error {
	exs, err := a.canonical()
	if err != nil {
		return err
	}
	chosen := exs
	if len(args) > 0 {
		chosen = nil
		for _, id := range args {
			e := byID(exs, id)
			if e == nil {
				return usageError{a.t.f("no exercise %[1]q in this copy: see go run ./internal/workshop list", id)}
			}
			chosen = append(chosen, e)
		}
	}
	tmp, err := os.MkdirTemp("", "workshop-map-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	reports := make([]string, len(chosen))
	right := make([]bool, len(chosen))
	var g errgroup.Group
	g.SetLimit(runtime.NumCPU())
	for i, e := range chosen {
		g.Go(func() error { reports[i], right[i] = a.mapOne(ctx, tmp, exs, e); return nil })
	}
	_ = g.Wait()
	for _, r := range reports {
		fmt.Fprint(a.stdout, r)
	}
	if slices.Contains(right, false) {
		return errFailed
	}
	return nil
}

// mapOne finds the tests that fail while e alone is a stub, and says
// whether they are the ones e lists, each with e's message, with no test
// that panicked or never ran.
func (a *app) mapOne(ctx context.Context, tmp string, all []*exercise, e *exercise) (string, bool) {
	overlay, err := overlayStubs(a.root, tmp, a.t, inStep(all, e.Step), func(o *exercise) bool { return o == e })
	if err != nil {
		return fmt.Sprintf("%s: %v\n", e.ID, err), false
	}
	run, err := goTest(ctx, a.root, stepPattern(e.Step), testOptions{overlay: overlay, fresh: true, timeout: 5 * time.Minute})
	if err != nil {
		return fmt.Sprintf("%s: %v\n", e.ID, err), false
	}
	if run.BuildFailed {
		return a.t.f("%[1]s: the stub does not compile:\n%[2]s", e.ID, run.Output) + "\n", false
	}
	names, err := stepTests(filepath.Join(a.root, e.Step))
	if err != nil {
		return fmt.Sprintf("%s: %v\n", e.ID, err), false
	}
	message := a.t.f(todoText, e.ID, e.Func)
	var failing, silent, notRun, unfinished, slow []string
	for _, name := range names {
		if _, ok := run.Tests[name]; !ok {
			notRun = append(notRun, name) // a panic ended the binary before it started
		}
	}
	for _, name := range run.Order {
		res := run.Tests[name]
		if run.failed(name) {
			failing = append(failing, name)
			if !strings.Contains(res.Output, message) {
				silent = append(silent, name)
			}
		}
		if res.Action == "" {
			unfinished = append(unfinished, name) // it hung
		}
		if res.Elapsed >= 2 {
			slow = append(slow, fmt.Sprintf("%s %.1fs", name, res.Elapsed))
		}
	}
	var b strings.Builder
	line := func(msg string, list []string, sep string) {
		if len(list) > 0 {
			fmt.Fprintln(&b, a.t.f(msg, strings.Join(list, sep)))
		}
	}
	fmt.Fprintln(&b, a.t.f("%[1]s %[2]s (%[3]s), %.0[4]fs\n  tests: %[5]s", e.ID, e.Func, e.Step, run.Elapsed.Seconds(), strings.Join(failing, " ")))
	if p := run.panicked(); p != "" {
		fmt.Fprintln(&b, a.t.f("  PANIC in %[1]s:\n%[2]s", p, tail(run.Tests[p], 25)))
	}
	line("  never ran: %[1]s", notRun, " ")
	for _, name := range unfinished {
		fmt.Fprintln(&b, a.t.f("  %[1]s never finished; its last lines:\n%[2]s", name, tail(run.Tests[name], 15)))
	}
	line("  without the message: %[1]s", silent, " ")
	line("  slow: %[1]s", slow, ", ")
	right := sameSet(failing, e.Tests) && len(notRun)+len(unfinished)+len(silent) == 0 && run.panicked() == ""
	if !right {
		line("  listed: %[1]s", e.Tests, " ")
	}
	if strings.Contains(run.Output, "unexpected goroutines") {
		fmt.Fprintln(&b, a.t.f("  the package's own output:\n%[1]s", firstLines(run.Output, 20)))
	}
	return b.String(), right
}

func sameSet(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}
