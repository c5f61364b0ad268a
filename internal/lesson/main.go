// Command lesson shows what each step adds to the one before it (a unified
// diff of its code, tests or both, or -stat counts), writes the reading
// times, and checks that the diff stays the lesson.
//
//	go run ./internal/lesson [-tests | -all] [-stat] [-color=auto|always|never] STEP (3, 03 or step03-frames)
//	go run ./internal/lesson [-tests | -all] [-stat] -part NAME  (the files of one part, as docs/parts.toml lists them)
//	go run ./internal/lesson -table [-w | -check]   (the table, reading times and Time lines in docs/)
//	go run ./internal/lesson -check-churn           (removed code, renames, moves, re-indents)
//
// Every mode takes -root DIR. Exit status 1: a check fails; 2: usage or I/O.
package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/spec2lib/websocket/internal/repo"
	"golang.org/x/term"
)

func main() {
	env := environment{stdout: os.Stdout, stderr: os.Stderr, terminal: term.IsTerminal(int(os.Stdout.Fd()))}
	env.noColor = os.Getenv("NO_COLOR") != ""
	env.workdir, _ = os.Getwd()
	os.Exit(run(os.Args[1:], env))
}

// An environment is what run takes from the process, so that tests can
// give their own.
type environment struct {
	stdout, stderr io.Writer
	terminal       bool   // stdout is a terminal
	noColor        bool   // NO_COLOR is set to something
	workdir        string // where to look for the repository by default
}

// options are the parsed command line.
type options struct {
	root, color, part      string
	stat, table, write     bool
	checkTable, checkChurn bool
	tests, all             bool     // show the tests' diff alone, or with the code's
	args                   []string // the positional arguments: the step
}

// errUsage marks errors in the command line, which exit with status 2.
var errUsage = errors.New("usage")

// run is main without the process, for tests.
func run(args []string, env environment) int {
	opts, err := parseArgs(args, env.stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2 // the flag package or parseArgs has said why
	}
	code, err := dispatch(opts, env)
	if err != nil {
		fmt.Fprintf(env.stderr, "lesson: %v\n", err)
		if errors.Is(err, errUsage) || errors.Is(err, errUnknownStep) {
			fmt.Fprintln(env.stderr, "run `go run ./internal/lesson -h` for usage")
		}
		return 2
	}
	return code
}

// parseArgs parses the flags, which may come before or after the step.
func parseArgs(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("lesson", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.root, "root", "", "the repository `dir`ectory (default: the one above holding go.mod)")
	fs.StringVar(&o.color, "color", "auto", "colour the diff: `auto` (on a terminal), always or never")
	fs.BoolVar(&o.stat, "stat", false, "count the lines each file gains and loses instead of printing the diff")
	fs.BoolVar(&o.tests, "tests", false, "print the diff of the tests instead of the code's")
	fs.BoolVar(&o.all, "all", false, "print the diff of the code and of the tests")
	fs.StringVar(&o.part, "part", "", "print the files of the part `name`d in "+partsPath+" instead of a whole step")
	fs.BoolVar(&o.table, "table", false, "print the table of every transition, as in "+readmePath)
	fs.BoolVar(&o.write, "w", false, "with -table: rewrite the table, the reading times and the Time lines in docs/")
	fs.BoolVar(&o.checkTable, "check", false, "with -table: fail if the table, a reading time or a Time line in docs/ is stale")
	fs.BoolVar(&o.checkChurn, "check-churn", false, "fail if a transition misses the churn targets")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: lesson [-tests | -all] [-stat] [-color=auto|always|never] [-root DIR] STEP | -part NAME")
		fmt.Fprintln(stderr, "       lesson -table [-w | -check] [-root DIR]")
		fmt.Fprintln(stderr, "       lesson -check-churn [-root DIR]")
		fs.PrintDefaults()
	}
	var err error
	o.args, err = repo.ParseFlags(fs, args)
	return o, err
}

// dispatch checks that the flags go together and runs the mode they ask for.
func dispatch(o options, env environment) (int, error) {
	if err := o.validate(); err != nil {
		return 0, err
	}
	root, err := o.repository(env.workdir)
	if err != nil {
		return 0, err
	}
	steps, err := repo.Steps(root)
	if err != nil {
		return 0, err
	}
	switch {
	case o.table:
		return runTable(root, steps, o, env)
	case o.checkChurn:
		return runChurn(root, steps, env)
	}
	if o.part != "" {
		parts, err := readParts(root, steps)
		i := slices.IndexFunc(parts, func(p part) bool { return p.Name == o.part })
		if err != nil || i < 0 {
			return 0, cmp.Or(err, fmt.Errorf("%w: %s lists no part %q", errUsage, partsPath, o.part))
		}
		return runLesson(root, transitions(steps)[slices.Index(steps, parts[i].step)], o, env, parts[i].covers)
	}
	i, err := pickStep(steps, o.args[0])
	if err != nil {
		return 0, err
	}
	return runLesson(root, transitions(steps)[i], o, env, func(string) bool { return true })
}

// validate rejects flags that do not go together.
func (o options) validate() error {
	diff := !o.table && !o.checkChurn
	wantsStep := diff && o.part == ""
	switch {
	case o.table && o.checkChurn, (o.stat || o.tests || o.all || o.part != "") && !diff: // two modes
		return fmt.Errorf("%w: a diff (-stat, -tests, -all, -part), -table and -check-churn are separate modes", errUsage)
	case o.tests && o.all:
		return fmt.Errorf("%w: -tests and -all do not go together", errUsage)
	case (o.write || o.checkTable) && !o.table:
		return fmt.Errorf("%w: -w and -check go with -table", errUsage)
	case o.write && o.checkTable:
		return fmt.Errorf("%w: -w and -check do not go together", errUsage)
	case o.color != "auto" && o.color != "always" && o.color != "never":
		return fmt.Errorf("%w: -color is auto, always or never, not %q", errUsage, o.color)
	case wantsStep && len(o.args) != 1:
		return fmt.Errorf("%w: name one step, as 3, 03 or step03-frames", errUsage)
	case !wantsStep && len(o.args) > 0:
		return fmt.Errorf("%w: -part, -table and -check-churn take no step", errUsage)
	}
	return nil
}

// repository is -root, or the module root above the working directory.
func (o options) repository(workdir string) (string, error) {
	if o.root != "" {
		return o.root, nil
	}
	return repo.Root(workdir)
}

// colored decides on colour: -color=always and -color=never win; by
// default, colour only on a terminal and only if NO_COLOR is not set.
func (o options) colored(env environment) painter {
	switch o.color {
	case "always":
		return true
	case "never":
		return false
	}
	return painter(env.terminal && !env.noColor)
}

// runLesson prints a step's lesson, of the files that covers, as a diff or
// as counts: the code alone unless -tests or -all asks for the tests.
func runLesson(root string, t transition, o options, env environment, covers func(string) bool) (int, error) {
	diffs, err := lessonOf(root, t)
	if err != nil {
		return 0, err
	}
	diffs = slices.DeleteFunc(diffs, func(f fileDiff) bool { return !covers(f.path) || (f.test != o.tests && !o.all && !o.stat) })
	if o.stat {
		return 0, writeStat(env.stdout, t, diffs)
	}
	if t.first() {
		fmt.Fprintf(env.stderr, "lesson: %s is the first step; every file is new\n", t.after.Dir)
	}
	return 0, writePatch(env.stdout, diffs, o.colored(env))
}

// runTable prints the table, or checks or rewrites every generated
// region: the table, the reading times and the Time lines.
func runTable(root string, steps []repo.Step, o options, env environment) (int, error) {
	parts, err := readParts(root, steps)
	if err != nil {
		return 0, err
	}
	table, err := renderTable(root, steps, parts)
	if err != nil {
		return 0, err
	}
	if !o.write && !o.checkTable {
		_, err := io.WriteString(env.stdout, table)
		return 0, err
	}
	en, zh, err := timetables(root, parts)
	if err != nil {
		return 0, err
	}
	status := 0
	for _, r := range regions(root, table, parts, [2]string{en, zh}) {
		fresh, err := checkRegion(root, r, o.write)
		switch {
		case errors.Is(err, errNoMarkers):
			fmt.Fprintf(env.stderr, "lesson: %v\nlesson: add the two marker lines to %s around where it goes\n", err, r.page)
			_, _ = io.WriteString(env.stdout, r.text)
			status = 1
		case err != nil:
			return 0, err
		case fresh:
			fmt.Fprintf(env.stdout, "lesson: %s in %s is up to date\n", r.name, r.page)
		case o.write:
			fmt.Fprintf(env.stdout, "lesson: rewrote %s in %s\n", r.name, r.page)
		default:
			fmt.Fprintf(env.stderr, "lesson: %s in %s is stale; run `go run ./internal/lesson -table -w`. It should be:\n", r.name, r.page)
			_, _ = io.WriteString(env.stdout, r.text)
			status = 1
		}
	}
	return status, nil
}

// runChurn checks the churn targets.
func runChurn(root string, steps []repo.Step, env environment) (int, error) {
	rep, err := checkChurn(root, steps)
	if err != nil {
		return 0, err
	}
	if err := rep.write(env.stdout); err != nil {
		return 0, err
	}
	if len(rep.violations) > 0 {
		fmt.Fprintf(env.stderr, "lesson: %d churn violation(s) in %d transition(s) checked\n", len(rep.violations), rep.checked)
		return 1, nil
	}
	fmt.Fprintf(env.stdout, "lesson: %d transition(s) keep to the churn targets\n", rep.checked)
	return 0, nil
}
