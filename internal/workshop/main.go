// Command workshop is the classroom mode of this repository: it turns
// functions of the steps into exercises, writes a student copy where
// they are stubs, shows a student's progress, gives hints and answers,
// checks the answer key in CI, and exports the finished client as a
// library of the student's own.
//
// Usage, in the repository (an instructor, or CI):
//
//	go run ./internal/workshop init DIR [-steps 03-04]
//	go run ./internal/workshop verify [-j N]
//	go run ./internal/workshop map [ID...]
//	go run ./internal/workshop export [-module PATH] DIR
//
// and in a student copy:
//
//	go run ./internal/workshop            # progress
//	go run ./internal/workshop check [ID]
//	go run ./internal/workshop watch [ID]
//	go run ./internal/workshop hint ID
//	go run ./internal/workshop solution [-force] [-apply] ID
//	go run ./internal/workshop reset ID
//	go run ./internal/workshop list
//
// # The exercise list
//
// Exercises are whole functions or methods, listed in
// docs/exercises/exercises.toml; the canonical code carries no marker,
// and stays the one source of truth: the function as it stands is the
// solution. Each exercise is an entry of the list:
//
//	[[exercise]]
//	id = "03.2"
//	file = "step03-frames/frame.go"
//	func = "readHeader"
//	tests = ["TestDecodeErrors", "TestDecodeRFCExamples"]
//	stub = 'return header{}, errTodo("03.2")'
//
// and a section of docs/exercises/NN-name.md, one file per step
// directory stepNN-name:
//
//	## 03.2 Decode a frame header
//
//	The task, with a link to the article: [Reading a frame](../03-frames.md#reading-a-frame).
//
//	### Hint 1
//	The RFC section.
//	### Hint 2
//	The approach.
//	### Hint 3
//	Nearly the code.
//
// The ID is the step's number, a dot, the exercise's number, in learning
// order. The entry names the file and the function (Type.method for a
// method), the tests that fail while the function is a stub (go run
// ./internal/workshop map lists them), and optionally the stub: the
// statements of its body. A stub calls todo(ID), or returns errTodo(ID),
// and returns values that keep the rest of the step working as far as
// they can; without a stub, the body is todo(ID) and a return of zero
// values. "solved = true" marks an exercise that init leaves solved: the
// intro, which shows the loop. The heading holds the ID and the title;
// the task is the text up to the first level-3 heading, and each
// level-3 section is a hint.
//
// Adding an exercise takes an entry and a section: verify then
// checks it as it checks the others.
//
// # The student copy
//
// init copies the repository (not .git) and replaces the body of each
// exercise of the chosen steps by its stub; each of those steps gets
// workshop_todo.go, which declares todo and errTodo. A stub compiles,
// never panics, and makes its tests fail with the message
//
//	exercise 03.2 (readHeader) is not done yet: run go run ./internal/workshop hint 03.2
//
// The copy's state (hints shown, the last results, and each exercise's
// solution and stub) lives in its hidden folder .workshop. The tool runs
// go test and go vet as subprocesses: it needs nothing but go, offline.
//
// # Languages
//
// -lang selects the language of the tool's messages (messages.go and
// messages_zh.go) and of the exercise texts: en (docs/exercises) or
// zh-CN (docs/zh-CN/exercises). Without -lang, the tool speaks the
// language of the user's locale (LC_ALL, LC_MESSAGES or LANG, as zh_CN.UTF-8),
// and in a student copy the language the copy was made in. An exercise
// takes its definition (the function, the tests, the stub) from the
// English file always, and its title, task and hints from the
// translation when the translation has it: a text not yet translated
// shows in English.
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
	a := &app{root: *root, t: t, stdout: stdout, stderr: stderr, poll: 500 * time.Millisecond}
	fs.Visit(func(f *flag.Flag) { a.langSet = a.langSet || f.Name == "lang" })
	if a.root == "" {
		if a.root, err = repo.Root("."); err != nil {
			fmt.Fprintln(stderr, "workshop:", t.err(msgNoGoMod))
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
		fmt.Fprintln(stderr, t.f(msgUsage))
		return 2
	}
	fmt.Fprintln(stderr, "workshop:", err)
	return 1
}

// dispatch runs one command.
func (a *app) dispatch(ctx context.Context, cmd string, args []string) error {
	switch cmd {
	case "", "status":
		return a.cmdStatus(ctx, args)
	case "check":
		return a.cmdCheck(ctx, args)
	case "watch":
		return a.cmdWatch(ctx, args)
	case "hint":
		return a.cmdHint(args)
	case "solution":
		return a.cmdSolution(ctx, args)
	case "reset":
		return a.cmdReset(args)
	case "list":
		return a.cmdList(args)
	case "init":
		return a.cmdInit(args)
	case "verify":
		return a.cmdVerify(ctx, args)
	case "map":
		return a.cmdMap(ctx, args)
	case "export":
		return a.cmdExport(ctx, args)
	case "help", "-h", "--help":
		fmt.Fprintln(a.stdout, a.t.f(msgUsage))
		return nil
	}
	return usageError{a.t.f(msgUnknownCommand, cmd)}
}

// parseArgs parses a command's flags, which may come before or after its
// arguments (init DIR -steps 03), and returns the arguments.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// wantArgs checks the number of arguments a command got.
func (a *app) wantArgs(cmd string, args []string, least, most int) error {
	if len(args) < least || len(args) > most {
		return usageError{a.t.f(msgArgs, cmd, a.argCount(least, most), strings.Join(args, " "))}
	}
	return nil
}

func (a *app) argCount(least, most int) string {
	switch {
	case least == most && most == 0:
		return a.t.f(msgArgsNone)
	case least == most:
		return a.t.f(msgArgsExactly, least)
	case most > 100:
		return a.t.f(msgArgsAtLeast, least)
	}
	return a.t.f(msgArgsRange, least, most)
}
