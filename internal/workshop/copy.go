package main

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/spec2lib/websocket/internal/repo"
)

// skipInCopy reports whether a path of the repository (slash-separated) stays
// out of a copy: version control, another copy's state, installed packages,
// and what .gitignore ignores (test binaries, profiles, fuzz caches, builds).
func skipInCopy(rel string, dir bool) bool {
	base := filepath.Base(rel)
	if dir {
		return base == ".git" || base == stateDir || base == "node_modules" ||
			(base == "cache" && strings.Contains(rel, "testdata/fuzz/"))
	}
	if strings.HasSuffix(base, ".test") || strings.HasSuffix(base, ".prof") || strings.HasSuffix(base, ".out") {
		return true
	}
	parts := strings.Split(rel, "/")
	return len(parts) == 2 && parts[0] == parts[1] && strings.HasPrefix(base, "step")
}

// copyTree copies the files of root to dir, which must not exist or be
// empty, and returns how many it copied.
func copyTree(root, dir string) (int, error) {
	n := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil || rel != "." && skipInCopy(filepath.ToSlash(rel), d.IsDir()) {
			if err == nil && d.IsDir() {
				return filepath.SkipDir
			}
			return err
		}
		target := filepath.Join(dir, rel)
		info, err := d.Info()
		switch {
		case err != nil:
			return err
		case d.IsDir():
			return os.MkdirAll(target, info.Mode().Perm()|0o700)
		case d.Type()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err == nil {
				n, err = n+1, os.Symlink(link, target)
			}
			return err
		case d.Type().IsRegular():
			data, err := os.ReadFile(p)
			if err == nil {
				n, err = n+1, os.WriteFile(target, data, info.Mode().Perm())
			}
			return err
		}
		return nil
	})
	if err != nil {
		return n, fmt.Errorf("copying the repository: %w", err)
	}
	return n, nil
}

// checkTarget refuses a directory that is not empty, or that lies in
// the repository, which the copy would then copy into itself.
func checkTarget(t texts, root, dir string) error {
	absRoot, err1 := filepath.Abs(root)
	absDir, err2 := filepath.Abs(dir)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	if rel, err := filepath.Rel(absRoot, absDir); err == nil && filepath.IsLocal(rel) || absDir == absRoot {
		return t.err("%[1]s is inside the repository: choose a directory outside it", dir)
	}
	switch entries, err := os.ReadDir(dir); {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case len(entries) > 0:
		return t.err("%[1]s is not empty", dir)
	}
	return nil
}

// stepsPattern is the -steps flag: a step, a range, or a list of them:
// 03, 03-04, 02,05-06.
var stepsPattern = regexp.MustCompile(`^[0-9]{2}(-[0-9]{2})?(,[0-9]{2}(-[0-9]{2})?)*$`)

// selectSteps returns the steps of exs that spec selects; all of them
// when spec is empty.
func selectSteps(t texts, exs []*exercise, spec string) ([]string, error) {
	all := stepsOf(exs)
	if spec == "" {
		return all, nil
	}
	if !stepsPattern.MatchString(spec) {
		return nil, t.err("-steps %[1]q: want a step number, a range or a list, as 03, 03-04 or 02,05-06", spec)
	}
	chosen := slices.DeleteFunc(slices.Clone(all), func(step string) bool {
		for _, part := range strings.Split(spec, ",") {
			lo, hi, _ := strings.Cut(part, "-") // two digits each, which compare as numbers
			if lo <= step[4:6] && step[4:6] <= cmp.Or(hi, lo) {
				return false
			}
		}
		return true
	})
	if len(chosen) == 0 {
		return nil, t.err("-steps %[1]s selects no step with exercises (%[2]s)", spec, strings.Join(all, ", "))
	}
	slices.Sort(chosen)
	return chosen, nil
}

// copyOptions says what makeCopy stubs.
type copyOptions struct {
	steps      []string // the steps to stub
	stubSolved bool     // stub the exercises the list marks solved, too (verify does)
	carry      bool     // stub them in the later steps that carry their functions, too (init does)
	name       string   // the student's, for the state
}

// stubbed says whether opt stubs e, an exercise of the chosen steps.
func (opt copyOptions) stubbed(e *exercise) bool { return !e.Solved || opt.stubSolved }

// makeCopy writes a student copy of the repository at root to dir: the whole
// tree, with the exercises of the chosen steps stubbed, a todo file in each
// step that has a stub, the exercise pages without their hints, and the
// state folder, which keeps what the tool gives out.
func makeCopy(root, dir string, t texts, exs []*exercise, opt copyOptions) (files, stubbed int, err error) {
	if err := checkTarget(t, root, dir); err != nil {
		return 0, 0, err
	}
	if files, err = copyTree(root, dir); err != nil {
		return files, 0, err
	}
	mine := slices.DeleteFunc(slices.Clone(exs), func(e *exercise) bool { return !slices.Contains(opt.steps, e.Step) })
	plan, spots, err := planStubs(root, mine, opt)
	if err != nil {
		return files, 0, err
	}
	for _, step := range slices.Sorted(maps.Keys(plan)) {
		if err := stubStep(root, dir, t, plan[step], opt.stubbed); err != nil {
			return files, 0, err
		}
	}
	hints, err := allHints(root)
	for _, e := range mine {
		if opt.stubbed(e) {
			stubbed++
		}
		if err == nil {
			err = keepExercise(root, dir, e, spots[e.ID], hints[e.ID])
		}
	}
	if err := errors.Join(err, hidePages(dir, plan, opt.stubbed)); err != nil {
		return files, stubbed, err
	}
	if err := stripMistakes(dir); err != nil {
		return files, stubbed, err
	}
	st := &state{Lang: t.lang, Steps: opt.steps, Name: opt.name}
	for _, e := range mine {
		st.Exercises = append(st.Exercises, e.ID)
	}
	return files, stubbed, writeState(dir, st)
}

// planStubs returns, for each step, the exercises whose function it
// holds, where their stubs go: each exercise in its own step and, with
// opt.carry, in each later step that carries its function (see spotsOf).
// It also returns the spots of each exercise, by ID.
func planStubs(root string, exs []*exercise, opt copyOptions) (map[string][]*exercise, map[string][]spot, error) {
	steps, err := repo.StepDirs(root)
	if err != nil {
		return nil, nil, err
	}
	idx, err := indexFuncs(root, steps)
	if err != nil {
		return nil, nil, err
	}
	plan, spots := make(map[string][]*exercise), make(map[string][]spot)
	for _, e := range exs {
		plan[e.Step] = append(plan[e.Step], e)
		if spots[e.ID], err = spotsOf(root, e, idx); err != nil {
			return nil, nil, err
		}
		if !opt.carry || !opt.stubbed(e) {
			continue
		}
		for _, s := range spots[e.ID] {
			at := e.at(s.Path)
			plan[at.Step] = append(plan[at.Step], at)
		}
	}
	return plan, spots, nil
}

// stubStep stubs, in the copy at dir, the exercises of exs that stub
// selects, all of one step, from the canonical files at root, and writes
// the step's todo files.
func stubStep(root, dir string, t texts, exs []*exercise, stub func(*exercise) bool) error {
	step := exs[0].Step
	if clash, err := packagesDeclare(root, exs, reservedNames()); err != nil {
		return err
	} else if len(clash) > 0 {
		return t.err("%[1]s declares %[2]s, which the workshop's %[3]s needs", step, strings.Join(clash, ", "), todoFile)
	}
	files, err := stubFiles(root, t, exs, stub)
	if err != nil {
		return err
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, step, filepath.FromSlash(name)), src, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// keepExercise saves, in the copy's state folder, the solution and the
// stub of e, and the imports of its file, from the canonical file, with
// its hints and its spots.
func keepExercise(root, dir string, e *exercise, spots []spot, hints map[string][]string) error {
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(e.path())))
	if err != nil {
		return err
	}
	solution, err1 := funcText(e.path(), src, e.Func)
	stub, err2 := stubOf(e, src)
	imports, err3 := importSpecs(e.path(), src)
	if err := errors.Join(err1, err2, err3); err != nil {
		return err
	}
	return writeKept(dir, e.ID, &kept{Solution: solution, Stub: stub, Imports: imports, Hints: hints, Spots: spots})
}

// allHints are the hints of each exercise, by ID, then by language.
func allHints(root string) (map[string]map[string][]string, error) {
	hints := make(map[string]map[string][]string)
	for _, lang := range languages {
		t, err := newTexts(lang)
		if err != nil {
			return nil, err
		}
		exs, err := loadExercises(root, t)
		if err != nil {
			return nil, err
		}
		for _, e := range exs {
			if hints[e.ID] == nil {
				hints[e.ID] = make(map[string][]string)
			}
			hints[e.ID][lang] = e.Hints
		}
	}
	return hints, nil
}
