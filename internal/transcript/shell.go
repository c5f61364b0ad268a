package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"time"
)

var (
	wordRE     = regexp.MustCompile(`(?:'[^']*'?|[^\s'])+`)
	quotedRE   = regexp.MustCompile(`'[^']*'`)
	assignment = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)
	operator   = regexp.MustCompile(`^(?:\||2>&1|2?>/dev/null|</dev/null)$`)
)

// splitWords splits a command line as the shell would, with no shell:
// words, 'quoted' words and # comments. Unquoted, the shell's other syntax
// is refused, but for the operators (op) |, 2>&1, >/dev/null, 2>/dev/null
// and </dev/null, standing as words of their own, so that a transcript
// cannot mean one thing here and another in the reader's shell.
func splitWords(line string) (words []string, op []bool, err error) {
	for _, w := range wordRE.FindAllString(line, -1) {
		bare := quotedRE.ReplaceAllString(w, "")
		switch {
		case strings.HasPrefix(w, "#"):
			return words, op, nil
		case strings.Contains(bare, "'"):
			return nil, nil, errors.New("unterminated '")
		case strings.ContainsAny(bare, "|\"\\$`;&<>()*?~{}[]") && !operator.MatchString(bare):
			return nil, nil, fmt.Errorf("%s: of the shell's syntax only 'quotes', |, 2>&1, >/dev/null, 2>/dev/null and </dev/null are understood", w)
		}
		words = append(words, quotedRE.ReplaceAllStringFunc(w, func(q string) string { return q[1 : len(q)-1] }))
		op = append(op, w == bare && operator.MatchString(bare))
	}
	return words, op, nil
}

// A stage is one command of a pipeline.
type stage struct {
	env, args, redirects []string // env: the NAME=value words before the command
}

// parseLine parses a command line into the stages of its pipeline.
func parseLine(line string) ([]stage, error) {
	words, op, err := splitWords(line)
	stages := []stage{{}}
	for i, w := range words {
		s := &stages[len(stages)-1]
		switch {
		case op[i] && w == "|" && len(s.args) > 0:
			stages = append(stages, stage{})
		case op[i] && w == "|":
			return nil, errors.New("a | with no command before it")
		case op[i]:
			s.redirects = append(s.redirects, w)
		case len(s.args) == 0 && assignment.MatchString(w):
			s.env = append(s.env, w)
		default:
			s.args = append(s.args, w)
		}
	}
	if err == nil && len(stages[len(stages)-1].args) == 0 {
		err = errors.New("no command")
	}
	return stages, err
}

// run runs a command line in dir, its standard input empty, and returns
// what a terminal would show. The stages of a pipeline run one after
// another, the output of one the input of the next: for what a transcript
// pipes (printf, or a build's output into grep) that is the same. Every
// stage's standard error and the last one's output are one writer, which
// os/exec hands the process as one pipe for both, so they interleave as
// the process writes them, as on a terminal. A non-zero exit status of
// the last stage ends the output with "exit status N", as go run prints
// it on standard error (its own status is then 1): unless the output
// already ends with such a line, or the last stage's standard error is
// discarded.
func run(dir, line string, timeout time.Duration) (string, error) {
	stages, err := parseLine(line)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var term, stdin bytes.Buffer
	quiet := false // the last stage's standard error is discarded
	for i, s := range stages {
		var out bytes.Buffer
		c := exec.CommandContext(ctx, s.args[0], s.args[1:]...)
		c.Dir, c.Env, c.Stdin, c.Stdout, c.Stderr = dir, append(os.Environ(), s.env...), &stdin, &out, &term
		if i == len(stages)-1 {
			c.Stdout = &term
		}
		for _, r := range s.redirects { // in order, as the shell applies them
			switch r {
			case "2>&1":
				c.Stderr = c.Stdout
			case ">/dev/null":
				c.Stdout = io.Discard
			case "2>/dev/null":
				c.Stderr = io.Discard
			} // and </dev/null: standard input is empty anyway
		}
		quiet = c.Stderr == io.Discard
		c.WaitDelay = 5 * time.Second // for a child of its own that keeps the output open
		var exit *exec.ExitError
		if err = c.Run(); ctx.Err() != nil {
			return "", fmt.Errorf("timed out after %v", timeout)
		} else if err != nil && (!errors.As(err, &exit) || exit.ExitCode() < 0) {
			return "", err
		}
		stdin = out
	}
	var exit *exec.ExitError
	errors.As(err, &exit)
	if text := term.String(); text != "" && !strings.HasSuffix(text, "\n") {
		term.WriteString("\n") // a last line without one, ended as by the next prompt
	}
	if ls := lines(term.String()); exit != nil && !quiet && !strings.HasPrefix(ls[len(ls)-1], "exit status ") {
		fmt.Fprintf(&term, "exit status %d\n", exit.ExitCode())
	}
	return term.String(), nil
}
