// Package repo holds what every tool of this repository knows about it:
// where its root is, its steps, the names of Go declarations, GitHub's
// heading anchors, markdown blocks, and golden files for tests.
package repo

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
)

// ErrNoRoot says that no directory at or above the start holds go.mod.
var ErrNoRoot = errors.New("no go.mod in the working directory or above it: run this inside the repository")

// Root returns the nearest directory at or above dir that holds go.mod.
func Root(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ErrNoRoot
		}
		dir = parent
	}
}

// StepPattern matches the name of a step directory: step03-frames.
var StepPattern = regexp.MustCompile(`^step[0-9]{2}-[a-z0-9-]+$`)

// A Step is one snapshot of the series, a directory such as step03-frames.
type Step struct {
	Num int    // 3
	Dir string // "step03-frames", relative to the repository root
}

// Label is the step's number as the series writes it: "03".
func (s Step) Label() string { return fmt.Sprintf("%02d", s.Num) }

// Steps lists the step directories at root, in order.
func Steps(root string) ([]Step, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("finding steps: %w", err)
	}
	var steps []Step
	for _, e := range entries { // ReadDir sorts, and the numbers have two digits
		if !e.IsDir() || !StepPattern.MatchString(e.Name()) {
			continue
		}
		num, _ := strconv.Atoi(e.Name()[len("step") : len("step")+2])
		if n := len(steps); n > 0 && steps[n-1].Num == num {
			return nil, fmt.Errorf("two steps numbered %02d: %s and %s", num, steps[n-1].Dir, e.Name())
		}
		steps = append(steps, Step{Num: num, Dir: e.Name()})
	}
	if len(steps) == 0 {
		return nil, fmt.Errorf("no step directories (stepNN-name) in %s", root)
	}
	return steps, nil
}

// StepDirs is Steps, as directory names.
func StepDirs(root string) ([]string, error) {
	steps, err := Steps(root)
	dirs := make([]string, len(steps))
	for i, s := range steps {
		dirs[i] = s.Dir
	}
	return dirs, err
}

// ParseFlags parses args with fs, flags before or after the arguments
// (init DIR -steps 03), and returns the arguments.
func ParseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
