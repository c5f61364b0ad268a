package main

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/spec2lib/websocket/internal/repo"
)

// The pages of a copy tell no answers: an article's code block that shows
// a stubbed function says where its code is instead, an exercise page
// gives the task and leaves the hints to the tool, and the instructor's
// guide, with its common mistakes, stays in the repository.

// hidePages rewrites the copy's pages at dir: plan is where the
// exercises are, stubbed says which of them are stubs.
func hidePages(dir string, plan map[string][]*exercise, stubbed func(*exercise) bool) error {
	hidden := make(map[string]*exercise) // "file name" of a marker -> its exercise
	for _, exs := range plan {
		for _, e := range exs {
			if stubbed(e) {
				hidden[e.path()+" "+e.Func] = e
			}
		}
	}
	// The note is a Go comment, in English as every comment of the code.
	files, err := repo.Files(filepath.Join(dir, "docs"), ".md")
	for _, p := range files {
		src, rerr := os.ReadFile(p)
		if out, changed := hideBlocks(string(src), texts{lang: "en"}, hidden); rerr == nil && changed {
			rerr = os.WriteFile(p, []byte(out), 0o644)
		}
		err = errors.Join(err, rerr)
	}
	for _, lang := range languages {
		err = errors.Join(err, rewritePages(dir, lang))
	}
	return err
}

// rewritePages takes the hints out of lang's exercise pages in the copy
// at dir, and puts a note in place of lang's instructor guide.
func rewritePages(dir, lang string) error {
	t, err := newTexts(lang)
	if err != nil {
		return err
	}
	exDir := filepath.Join(dir, filepath.FromSlash(exercisesDir(lang)))
	pages, _ := filepath.Glob(filepath.Join(exDir, "[0-9][0-9]-*.md")) // a pattern without error
	for _, p := range pages {
		src, rerr := os.ReadFile(p)
		if rerr == nil {
			rerr = os.WriteFile(p, []byte(dropHints(string(src), func(id string) string { return t.f(hintsNoteText, id) })), 0o644)
		}
		err = errors.Join(err, rerr)
	}
	guide := filepath.Join(filepath.Dir(exDir), "workshop.md")
	if exists(guide) {
		err = errors.Join(err, os.WriteFile(guide, []byte(t.f(copyGuideText)), 0o644))
	}
	return err
}

// dropHints removes the hints, the ### sections, of each exercise of an
// exercise page, and puts in their place the line note gives.
func dropHints(md string, note func(id string) string) string {
	lines := strings.Split(md, "\n")
	heads := repo.ParseMarkdown([]byte(md)).Headings
	for i := len(heads) - 1; i >= 0; i-- { // from the bottom, so that the lines above keep their indexes
		id := exerciseHeadingPattern.FindStringSubmatch(heads[i].Text)
		if heads[i].Level != 2 || id == nil {
			continue
		}
		first, end := -1, len(lines)
		for _, h := range heads[i+1:] {
			if h.Level <= 2 {
				end = anchorAbove(lines, h.Line)
				break
			}
			if first < 0 && h.Level == 3 {
				first = anchorAbove(lines, h.Line)
			}
		}
		if first >= 0 {
			lines = slices.Replace(lines, first, end, note(id[1]+"."+id[2]), "")
		}
	}
	return strings.Join(lines, "\n")
}

// anchorAbove is the line of a heading, or the line above it if that
// is a translation's anchor, which belongs to the heading.
func anchorAbove(lines []string, heading int) int {
	if heading > 0 && strings.HasPrefix(lines[heading-1], `<a id="`) {
		return heading - 1
	}
	return heading
}

// codeMarkerPattern matches the comment that ties an article's code
// block to a declaration (see internal/docscheck), and captures the file
// and the name.
var codeMarkerPattern = regexp.MustCompile(`^<!-- code: (\S+) (\S+) -->\s*$`)

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
