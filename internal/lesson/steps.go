package main

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spec2lib/websocket/internal/repo"
)

// A transition is the lesson of one step: from the step before it to the
// step itself.
type transition struct {
	before, after repo.Step
}

// first says whether the transition starts from nothing.
func (t transition) first() bool { return t.before.Dir == "" }

// label names the transition as the table does: "02→03".
func (t transition) label() string {
	if t.first() {
		return "→" + t.after.Label()
	}
	return t.before.Label() + "→" + t.after.Label()
}

// transitions returns each step's transition from the step before it; the
// first step's starts from nothing.
func transitions(steps []repo.Step) []transition {
	ts := make([]transition, len(steps))
	for i, s := range steps {
		ts[i].after = s
		if i > 0 {
			ts[i].before = steps[i-1]
		}
	}
	return ts
}

// errUnknownStep is a usage error: the argument names no step.
var errUnknownStep = errors.New("unknown step")

// pickStep finds the step that arg names: "3", "03" or "step03-frames".
func pickStep(steps []repo.Step, arg string) (int, error) {
	arg = strings.TrimSuffix(filepath.ToSlash(arg), "/") // shells complete "step03-frames/"
	num, err := strconv.Atoi(arg)
	for i, s := range steps {
		if s.Dir == arg || (err == nil && s.Num == num) {
			return i, nil
		}
	}
	names := make([]string, len(steps))
	for i, s := range steps {
		names[i] = s.Dir
	}
	return 0, fmt.Errorf("%w %q: want a number or one of %s", errUnknownStep, arg, strings.Join(names, ", "))
}

// A tree is the files of a step: slash-separated paths relative to the
// step directory, mapped to their content.
type tree map[string]string

// readTree reads every file of a step directory.
func readTree(root, dir string) (tree, error) {
	t := tree{}
	if dir == "" {
		return t, nil
	}
	fsys := os.DirFS(filepath.Join(root, dir)) // its paths are slash-separated and relative
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case p != "." && skipped(p, d) && d.IsDir():
			return fs.SkipDir
		case p != "." && skipped(p, d), d.IsDir():
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		t[p] = string(data)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", dir, err)
	}
	return t, nil
}

// skipped says whether a path is not part of the step: hidden files such as
// editor swap files, and the local fuzzing caches that .gitignore keeps out
// of the repository (testdata/fuzz/FuzzX/cache).
func skipped(rel string, d fs.DirEntry) bool {
	if strings.HasPrefix(d.Name(), ".") {
		return true
	}
	cache, _ := path.Match("testdata/fuzz/*/cache", rel)
	return cache && d.IsDir()
}

// isTest says whether a file of a step is test material: a _test.go file
// or anything under testdata/.
func isTest(rel string) bool {
	return strings.HasSuffix(rel, "_test.go") ||
		strings.HasPrefix(rel, "testdata/") || strings.Contains(rel, "/testdata/")
}

// sortedPaths returns the paths of both trees, each once, sorted.
func sortedPaths(a, b tree) []string {
	all := maps.Clone(a)
	maps.Copy(all, b)
	return slices.Sorted(maps.Keys(all))
}
