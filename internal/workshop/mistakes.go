package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The common mistakes of docs/exercises/exercises.toml are wrong answers
// that the tests must catch: verify puts each into its exercise's
// solution, one at a time, and runs the exercise's own tests, those no
// other exercise lists, so that a mistake is caught while every other
// exercise is still a stub.

// checkMistake puts mistake n (from 1) of e into the canonical solution,
// through an overlay on the repository, and runs e's own tests: one of
// them must fail.
func (v *verifier) checkMistake(ctx context.Context, e *exercise, n int) {
	m := e.Mistakes[n-1]
	what := v.t.f("%[1]s mistake %[2]d (%[3]s)", e.ID, n, m.Why)
	wrong, err := applyMistake(v.a.root, e, m)
	var overlay string
	if err == nil {
		overlay, err = overlayFile(v.a.root, v.tmp, e.path(), wrong)
	}
	if err != nil {
		v.problem("%[1]s: the edit cannot be made: %[2]v", what, err)
		return
	}
	own := ownTests(e, inStep(v.exs, e.Step))
	v.count(&v.runs)
	run, err := goTest(ctx, v.a.root, stepPattern(e.Step), testOptions{run: own, overlay: overlay, fresh: true, noVet: true, timeout: verifyTimeout})
	switch {
	case err != nil:
		v.problem("%[1]s: the edit cannot be made: %[2]v", what, err)
	case run.BuildFailed:
		v.problem("%[1]s does not compile:\n%[2]s", what, firstLines(run.Output, 10))
	case !slices.ContainsFunc(own, run.failed):
		v.problem("%[1]s: all of %[2]s's own tests pass (%[3]s): write a test that catches it", what, e.ID, strings.Join(own, ", "))
	default:
		v.count(&v.counts.mistakes)
	}
}

// applyMistake returns e's canonical file with m made in its function.
func applyMistake(root string, e *exercise, m mistake) ([]byte, error) {
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(e.path())))
	if err != nil {
		return nil, err
	}
	text, err := funcText(e.path(), src, e.Func)
	if err != nil {
		return nil, err
	}
	return replaceFunc(e.path(), src, e.Func, strings.Replace(text, m.From, m.To, 1))
}

// lintMistakes checks that each mistake of e is an edit of text, its
// solution: a reason, and a From that occurs once and differs from To.
func lintMistakes(t texts, e *exercise, text string) []string {
	var problems []string
	for i, m := range e.Mistakes {
		var p string
		switch n := strings.Count(text, m.From); {
		case m.Why == "":
			p = t.f("mistake %[1]d has no why: say what the student got wrong", i+1)
		case m.From == "" || m.From == m.To:
			p = t.f("mistake %[1]d: from must be text of the solution, and to something else", i+1)
		case n != 1:
			p = t.f("mistake %[1]d: %[2]q occurs %[3]d times in %[4]s, not once", i+1, m.From, n, e.Func)
		default:
			continue
		}
		problems = append(problems, t.f("%[1]s: %[2]s: %[3]s", e.where(), e.ID, p))
	}
	return problems
}

// overlayFile writes src under tmp, and an overlay that puts it in place
// of the file rel of the repository at root, for go test -overlay.
func overlayFile(root, tmp, rel string, src []byte) (string, error) {
	dir, err := os.MkdirTemp(tmp, "mistake-")
	if err != nil {
		return "", err
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	backing := filepath.Join(dir, filepath.Base(rel))
	if err := os.WriteFile(backing, src, 0o644); err != nil {
		return "", err
	}
	b, err := json.Marshal(map[string]any{"Replace": map[string]string{filepath.Join(absRoot, filepath.FromSlash(rel)): backing}})
	if err != nil {
		return "", err
	}
	overlay := filepath.Join(dir, "overlay.json")
	return overlay, os.WriteFile(overlay, b, 0o644)
}

// stripMistakes drops the mistakes from the exercise list of the copy at
// dir: their edits quote the solutions, which a copy does not show.
func stripMistakes(dir string) error {
	p := filepath.Join(dir, filepath.FromSlash(exerciseList))
	src, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	var out []string
	skipping, inString := false, false
	for _, line := range strings.Split(string(src), "\n") {
		header := !inString && strings.HasPrefix(line, "[")
		if strings.Count(line, "'''")%2 == 1 || strings.Count(line, `"""`)%2 == 1 {
			inString = !inString
		}
		switch {
		case header && strings.TrimSpace(line) == "[[exercise.mistakes]]":
			skipping = true
		case header:
			skipping = false
		}
		if !skipping {
			out = append(out, line)
		}
	}
	// A mistake's table left a blank line before the next exercise.
	text := strings.Join(out, "\n")
	for strings.Contains(text, "\n\n\n") {
		text = strings.ReplaceAll(text, "\n\n\n", "\n\n")
	}
	return os.WriteFile(p, []byte(text), 0o644)
}
