// Command workshop is the classroom mode of this repository: exercises are
// functions of the steps (docs/exercises/exercises.toml, with the task and
// hints in docs/exercises/NN-name.md), stubbed out in a student copy.
// docs/workshop.md is the guide; usageText (help) lists the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/spec2lib/websocket/internal/repo"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// app is one run of the tool.
type app struct {
	root           string // the repository, or a student copy
	t              texts
	langSet        bool // -lang was given: it wins over a copy's own language
	getenv         func(string) string
	stdout, stderr io.Writer
	poll           time.Duration // how often watch looks for saved files
}

// errFailed: the command ran, and what it checked does not pass; it has
// said why.
var errFailed = errors.New("failed")

// usageError is a command line the tool cannot run.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// run is the tool without the process: it returns the exit status, 0
// for success, 1 for a check that fails, 2 for a usage or I/O error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runEnv(ctx, args, os.Getenv, stdout, stderr)
}

// runEnv is run with the environment as a function, so that a test can
// give the tool a locale.
func runEnv(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("workshop", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "", "the `language` of messages and exercise texts: "+strings.Join(languages, " or ")+" (default: the locale's)")
	root := fs.String("root", "", "the repository or student copy (default: the module around the current directory)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *lang == "" {
		*lang = localeLang(getenv)
	}
	t, err := newTexts(*lang)
	if err != nil {
		fmt.Fprintln(stderr, "workshop:", err)
		return 2
	}
	a := &app{root: *root, t: t, getenv: getenv, stdout: stdout, stderr: stderr, poll: 500 * time.Millisecond}
	fs.Visit(func(f *flag.Flag) { a.langSet = a.langSet || f.Name == "lang" })
	if a.root == "" {
		if a.root, err = repo.Root("."); err != nil {
			fmt.Fprintln(stderr, "workshop:", t.err("no go.mod here or above: run the tool in the repository or in a workshop copy"))
			return 2
		}
	}
	err = a.dispatch(ctx, fs.Arg(0), fs.Args()[min(1, fs.NArg()):])
	var usage usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errFailed):
		return 1
	case errors.As(err, &usage):
		fmt.Fprintln(stderr, "workshop:", err)
		fmt.Fprintln(stderr, t.f(usageText))
		return 2
	}
	fmt.Fprintln(stderr, "workshop:", err)
	return 1
}

// dispatch runs one command.
func (a *app) dispatch(ctx context.Context, cmd string, args []string) error {
	commands := map[string]func(context.Context, []string) error{
		"": a.cmdStatus, "status": a.cmdStatus, "check": a.cmdCheck, "watch": a.cmdWatch, "hint": a.cmdHint,
		"solution": a.cmdSolution, "reset": a.cmdReset, "list": a.cmdList,
		"init": a.cmdInit, "verify": a.cmdVerify, "map": a.cmdMap, "export": a.cmdExport,
		"room": a.cmdRoom, "name": a.cmdName,
	}
	if run, ok := commands[cmd]; ok {
		return run(ctx, args)
	}
	if cmd == "help" || cmd == "-h" || cmd == "--help" {
		fmt.Fprintln(a.stdout, a.t.f(usageText))
		return nil
	}
	return usageError{a.t.f("unknown command %[1]q", cmd)}
}

// parseArgs parses a command's flags, before or after its arguments, and
// checks that it got from least to most arguments.
func (a *app) parseArgs(fs *flag.FlagSet, args []string, least, most int) ([]string, error) {
	fs.SetOutput(io.Discard)
	rest, err := repo.ParseFlags(fs, args)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	return rest, a.wantArgs(fs.Name(), rest, least, most)
}

// wantArgs checks the number of arguments a command got.
func (a *app) wantArgs(cmd string, args []string, least, most int) error {
	if len(args) < least || len(args) > most {
		return usageError{a.t.f("%[1]s takes %[2]s, not %[3]q", cmd, a.argCount(least, most), strings.Join(args, " "))}
	}
	return nil
}

func (a *app) argCount(least, most int) string {
	switch {
	case least == most && most == 0:
		return a.t.f("no arguments")
	case least == most:
		return a.t.f("%[1]d argument(s)", least)
	case most > 100:
		return a.t.f("at least %[1]d argument(s)", least)
	}
	return a.t.f("%[1]d to %[2]d arguments", least, most)
}
