package main

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
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
}

// makeCopy writes a student copy of the repository at root to dir: the whole
// tree, with the exercises of the chosen steps stubbed, a todo file in each
// of those steps, and the state folder.
func makeCopy(root, dir string, t texts, exs []*exercise, opt copyOptions) (files, stubbed int, err error) {
	if err := checkTarget(t, root, dir); err != nil {
		return 0, 0, err
	}
	if files, err = copyTree(root, dir); err != nil {
		return files, 0, err
	}
	for _, step := range opt.steps {
		n, err := stubStep(root, dir, t, inStep(exs, step), opt.stubSolved)
		if err != nil {
			return files, stubbed, err
		}
		stubbed += n
	}
	if err := hideSolutions(dir, t, exs, opt); err != nil {
		return files, stubbed, err
	}
	if err := stripMistakes(dir); err != nil {
		return files, stubbed, err
	}
	st := &state{Lang: t.lang, Steps: opt.steps}
	if err := os.MkdirAll(filepath.Join(dir, stateDir), 0o755); err != nil {
		return files, stubbed, err
	}
	return files, stubbed, writeState(dir, st)
}

// stubStep stubs the exercises of one step in the copy at dir, from the
// canonical files at root, and keeps each exercise's solution and stub.
func stubStep(root, dir string, t texts, exs []*exercise, stubSolved bool) (int, error) {
	step := exs[0].Step
	if clash, err := packagesDeclare(root, exs, reservedNames()); err != nil {
		return 0, err
	} else if len(clash) > 0 {
		return 0, t.err("%[1]s declares %[2]s, which the workshop's %[3]s needs", step, strings.Join(clash, ", "), todoFile)
	}
	files, err := stubFiles(root, t, exs, func(e *exercise) bool { return !e.Solved || stubSolved })
	if err != nil {
		return 0, err
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, step, filepath.FromSlash(name)), src, 0o644); err != nil {
			return 0, err
		}
	}
	stubbed := 0
	for _, e := range exs {
		if !e.Solved || stubSolved {
			stubbed++
		}
		if err := keepExercise(root, dir, e); err != nil {
			return stubbed, err
		}
	}
	return stubbed, nil
}

// keepExercise saves the solution and the stub of e, and the imports of
// its file, from the canonical file, in the copy's state folder.
func keepExercise(root, dir string, e *exercise) error {
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
	return writeKept(dir, e.ID, &kept{Solution: solution, Stub: stub, Imports: imports})
}

// codeMarkerPattern matches the comment that ties an article's code
// block to a declaration (see internal/docscheck), and captures the file
// and the name.
var codeMarkerPattern = regexp.MustCompile(`^<!-- code: (\S+) (\S+) -->\s*$`)

// hideSolutions replaces, in the copy's articles, each code block that shows
// a stubbed exercise's solution by a note saying where it is: a student who
// follows the task's link should read the explanation, not the answer.
func hideSolutions(dir string, t texts, exs []*exercise, opt copyOptions) error {
	hidden := make(map[string]*exercise) // "file name" of a marker -> its exercise
	for _, e := range exs {
		if slices.Contains(opt.steps, e.Step) && (!e.Solved || opt.stubSolved) {
			hidden[e.path()+" "+e.Func] = e
		}
	}
	files, err := repo.Files(filepath.Join(dir, "docs"), ".md")
	for _, p := range files {
		src, rerr := os.ReadFile(p)
		if out, changed := hideBlocks(string(src), t, hidden); rerr == nil && changed {
			rerr = os.WriteFile(p, []byte(out), 0o644)
		}
		err = errors.Join(err, rerr)
	}
	return err
}

// hideBlocks replaces the content of each fenced block whose marker
// names an exercise in hidden.
func hideBlocks(md string, t texts, hidden map[string]*exercise) (string, bool) {
	lines := strings.Split(md, "\n")
	fences := repo.ParseMarkdown([]byte(md)).Fences
	changed := false
	for k := len(fences) - 1; k >= 0; k-- { // from the bottom, so that the lines above keep their indexes
		f := fences[k]
		if f.Open == 0 || f.Close >= len(lines) || !f.ClosedBy(lines[f.Close]) {
			continue
		}
		m := codeMarkerPattern.FindStringSubmatch(lines[f.Open-1])
		if m == nil || hidden[m[1]+" "+m[2]] == nil {
			continue
		}
		e := hidden[m[1]+" "+m[2]]
		note := []string{"// " + t.f("The code of %[2]s is exercise %[1]s: this workshop copy hides it.", e.ID, e.Func), "// " + t.f("Once the exercise passes: go run ./internal/workshop solution %[1]s", e.ID)}
		lines = slices.Replace(lines, f.Open+1, f.Close, note...)
		changed = true
	}
	return strings.Join(lines, "\n"), changed
}
