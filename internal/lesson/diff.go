package main

import (
	"fmt"

	"github.com/aymanbagabas/go-udiff"
	"github.com/sergi/go-diff/diffmatchpatch"
)

// contextLines is how many unchanged lines a hunk shows around a change,
// as in diff -u.
const contextLines = 3

// A hunk is one @@ section of a unified diff: changes with the unchanged
// lines around them.
type hunk struct{ *udiff.Hunk }

// diffText diffs two versions of a file line by line into hunks.
func diffText(oldText, newText string) []hunk {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // no deadline, and so no shortcut that gives up minimality
	a, b, lines := dmp.DiffLinesToRunes(oldText, newText)
	var edits []udiff.Edit
	at := 0 // offset in oldText
	for _, d := range dmp.DiffCharsToLines(dmp.DiffMainRunes(a, b, false), lines) {
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			at += len(d.Text)
		case diffmatchpatch.DiffDelete:
			edits = append(edits, udiff.Edit{Start: at, End: at + len(d.Text)})
			at += len(d.Text)
		case diffmatchpatch.DiffInsert:
			edits = append(edits, udiff.Edit{Start: at, End: at, New: d.Text})
		}
	}
	u, err := udiff.ToUnifiedDiff("", "", oldText, edits, contextLines)
	if err != nil {
		panic(err) // the edits are in order and within oldText, by construction
	}
	hs := make([]hunk, len(u.Hunks))
	for i, h := range u.Hunks {
		hs[i] = hunk{h}
	}
	return hs
}

// header is the hunk's "@@ -a,b +c,d @@" line, as diff -u writes it: a
// count of 1 is left out, and an empty side names the line before it.
func (h hunk) header() string {
	span := func(start, count int) string {
		switch count {
		case 0:
			return fmt.Sprintf("%d,0", start-1)
		case 1:
			return fmt.Sprint(start)
		}
		return fmt.Sprintf("%d,%d", start, count)
	}
	removed, added := len(h.removed()), len(h.added())
	context := len(h.Lines) - removed - added
	return fmt.Sprintf("@@ -%s +%s @@", span(h.FromLine, removed+context), span(h.ToLine, added+context))
}

// removed and added return the text of the hunk's deleted and inserted
// lines, in order.
func (h hunk) removed() []string { return h.texts(udiff.Delete) }
func (h hunk) added() []string   { return h.texts(udiff.Insert) }

func (h hunk) texts(kind udiff.OpKind) []string {
	var texts []string
	for _, l := range h.Lines {
		if l.Kind == kind {
			texts = append(texts, l.Content)
		}
	}
	return texts
}
