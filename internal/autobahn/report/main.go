// Command report writes docs/autobahn.md: the grade one step's binary, run
// as the agent (-autobahn URL), gets in every case of internal/autobahn,
// without timings so that runs give the same bytes.
//
//	go run ./internal/autobahn/report [-step step05-errors] [-o docs/autobahn.md] [-check]
//
// -check compares instead of writing. Exit status 1: stale or missing; 2:
// usage errors or a suite that could not run.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spec2lib/websocket/internal/autobahn"
	"github.com/spec2lib/websocket/internal/repo"
)

// The defaults of -step and -o.
const (
	defaultStep = "step05-errors"
	defaultOut  = "docs/autobahn.md"
)

func main() {
	env := environment{stdout: os.Stdout, stderr: os.Stderr, grade: runSuite}
	env.workdir, _ = os.Getwd()
	os.Exit(run(context.Background(), os.Args[1:], env))
}

// An environment is what run takes from the process, so that tests can
// give their own: above all grade, which runs the suite.
type environment struct {
	stdout, stderr io.Writer
	workdir        string // where the search for go.mod starts
	// grade runs the suite against the step directory step of the
	// repository at root, and returns the results.
	grade func(ctx context.Context, root, step string) ([]autobahn.Result, error)
}

// options are the parsed command line.
type options struct {
	step, out string
	check     bool
}

// run is main without the process: it returns the exit status.
func run(ctx context.Context, args []string, env environment) int {
	opts, err := parseArgs(args, env.stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2
	}
	root, err := repo.Root(env.workdir)
	if err != nil {
		fmt.Fprintf(env.stderr, "report: %v\n", err)
		return 2
	}
	if info, err := os.Stat(filepath.Join(root, opts.step)); err != nil || !info.IsDir() {
		fmt.Fprintf(env.stderr, "report: no step directory %s in %s\n", opts.step, root)
		return 2
	}
	results, err := env.grade(ctx, root, opts.step)
	if err != nil {
		fmt.Fprintf(env.stderr, "report: %v\n", err)
		return 2
	}
	pages := []output{{opts.out, render}}
	if zh, ok := chineseTwin(root, opts.out); ok {
		pages = append(pages, output{zh, renderZh})
	}
	status := 0
	for _, pg := range pages {
		path := filepath.Join(root, filepath.FromSlash(pg.name))
		if filepath.IsAbs(pg.name) {
			path = pg.name
		}
		doc := pg.render(page{
			step:    opts.step,
			command: command(opts),
			links:   linksFrom(root, filepath.Dir(path), opts.step),
		}, results)
		if opts.check {
			status = max(status, check(path, pg.name, doc, command(opts), env.stderr))
			continue
		}
		if err := os.WriteFile(path, doc, 0o644); err != nil {
			fmt.Fprintf(env.stderr, "report: %v\n", err)
			return 2
		}
		fmt.Fprintf(env.stdout, "report: wrote %s: %s\n", pg.name, autobahn.Tally(results))
	}
	return status
}

// An output is a page to write or check, and how to render it.
type output struct {
	name   string // as given: docs/autobahn.md
	render func(page, []autobahn.Result) []byte
}

// chineseTwin is the Chinese edition's page for out, docs/zh-CN/autobahn.md
// for docs/autobahn.md, when out is under docs/ and the edition exists.
func chineseTwin(root, out string) (string, bool) {
	rest, ok := strings.CutPrefix(filepath.ToSlash(out), "docs/")
	if !ok || strings.Contains(rest, "/") {
		return "", false
	}
	if info, err := os.Stat(filepath.Join(root, "docs", "zh-CN")); err != nil || !info.IsDir() {
		return "", false
	}
	return "docs/zh-CN/" + rest, true
}

// parseArgs reads the flags; positional arguments are refused.
func parseArgs(args []string, stderr io.Writer) (options, error) {
	var opts options
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&opts.step, "step", defaultStep, "the `step` directory whose binary is the client agent")
	fs.StringVar(&opts.out, "o", defaultOut, "the markdown `file` to write, relative to the repository root")
	fs.BoolVar(&opts.check, "check", false, "write nothing; exit 1 if the file differs from a fresh rendering or is missing")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./internal/autobahn/report [-step step05-errors] [-o docs/autobahn.md] [-check]")
		fmt.Fprintln(stderr, "Runs the scripted Autobahn|Testsuite against a step's -autobahn agent and renders the grades as markdown.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return opts, err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "report: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return opts, errors.New("usage")
	}
	if !repo.StepPattern.MatchString(opts.step) {
		fmt.Fprintf(stderr, "report: -step %q is not a step directory such as %s\n", opts.step, defaultStep)
		return opts, errors.New("usage")
	}
	return opts, nil
}

// command is the command line that regenerates the file: the flags that
// differ from their defaults, -check left out.
func command(opts options) string {
	cmd := "go run ./internal/autobahn/report"
	if opts.step != defaultStep {
		cmd += " -step " + opts.step
	}
	if opts.out != defaultOut {
		cmd += " -o " + opts.out
	}
	return cmd
}

// check compares the file at path (shown as name) with doc and reports
// the first line where they part. It returns the exit status.
func check(path, name string, doc []byte, regenerate string, stderr io.Writer) int {
	old, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		fmt.Fprintf(stderr, "report: %s is missing; generate it with:\n\t%s\n", name, regenerate)
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "report: %v\n", err)
		return 2
	case bytes.Equal(old, doc):
		return 0
	}
	i, was, now := repo.FirstDifference(string(old), string(doc))
	fmt.Fprintf(stderr, "report: %s is stale: it differs from the suite's results at line %d\n\tfile: %s\n\tnow:  %s\nregenerate it with:\n\t%s\n",
		name, i+1, lineOf(was, i), lineOf(now, i), regenerate)
	return 1
}

// lineOf is line i of lines, or "(end of file)" past their end.
func lineOf(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(end of file)"
}
