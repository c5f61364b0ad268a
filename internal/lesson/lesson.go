package main

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/aymanbagabas/go-udiff"
)

// devNull names the missing side of a new or deleted file, as diff -N and
// git do.
const devNull = "/dev/null"

// A fileDiff is what one transition did to one file of a step.
type fileDiff struct {
	path             string // relative to the step directory, slash-separated
	oldName, newName string // for the --- and +++ lines: "step02-handshake/conn.go" or devNull
	test             bool   // a _test.go file or under testdata/
	binary           bool   // not shown line by line
	hunks            []hunk
}

// counts returns how many lines the file gained and lost.
func (f fileDiff) counts() (added, removed int) {
	for _, h := range f.hunks {
		added += len(h.added())
		removed += len(h.removed())
	}
	return added, removed
}

// lessonOf reads both steps of a transition and diffs them.
func lessonOf(root string, t transition) ([]fileDiff, error) {
	before, err := readTree(root, t.before.Dir)
	if err != nil {
		return nil, err
	}
	after, err := readTree(root, t.after.Dir)
	if err != nil {
		return nil, err
	}
	return diffTrees(t, before, after), nil
}

// diffTrees diffs every file of two trees that differs, sorted by path; a
// file moved into a subdirectory is diffed against its old self.
func diffTrees(t transition, before, after tree) []fileDiff {
	var diffs []fileDiff
	moved := movedFiles(before, after) // new path: old path
	gone := slices.Collect(maps.Values(moved))
	for _, p := range sortedPaths(before, after) {
		if slices.Contains(gone, p) {
			continue // shown under its new path
		}
		oldPath := cmp.Or(moved[p], p)
		oldText, inOld := before[oldPath]
		newText, inNew := after[p]
		if inOld && inNew && oldText == newText {
			continue
		}
		f := fileDiff{path: p, oldName: devNull, newName: devNull, test: isTest(p)}
		if inOld {
			f.oldName = t.before.Dir + "/" + oldPath
		}
		if inNew {
			f.newName = t.after.Dir + "/" + p
		}
		f.binary = isBinary(oldText) || isBinary(newText)
		if !f.binary {
			f.hunks = diffText(oldText, newText)
		}
		diffs = append(diffs, f)
	}
	return diffs
}

// isBinary guesses as diff(1) and git do: text has no NUL bytes near the
// start.
func isBinary(s string) bool { return strings.IndexByte(s[:min(len(s), 8000)], 0) >= 0 }

// ANSI colours for a patch on a terminal.
const (
	colorReset  = "\x1b[0m"
	colorBold   = "\x1b[1m"
	colorRed    = "\x1b[31m"
	colorGreen  = "\x1b[32m"
	colorCyan   = "\x1b[36m"
	noNewlineAt = "\\ No newline at end of file\n"
)

// A painter colours text, or leaves it alone when colour is off.
type painter bool

func (p painter) paint(color, text string) string {
	if !p {
		return text
	}
	return color + text + colorReset
}

// writePatch prints diffs as a unified diff.
func writePatch(w io.Writer, diffs []fileDiff, p painter) error {
	var b strings.Builder
	for _, f := range diffs {
		if f.binary {
			fmt.Fprintf(&b, "Binary files %s and %s differ\n", f.oldName, f.newName)
			continue
		}
		b.WriteString(p.paint(colorBold, "--- "+f.oldName) + "\n")
		b.WriteString(p.paint(colorBold, "+++ "+f.newName) + "\n")
		for _, h := range f.hunks {
			b.WriteString(p.paint(colorCyan, h.header()) + "\n")
			for _, l := range h.Lines {
				writeLine(&b, l, p)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeLine prints one line of a hunk with its prefix.
func writeLine(b *strings.Builder, l udiff.Line, p painter) {
	text, newline := strings.CutSuffix(l.Content, "\n")
	line := " " + text
	switch l.Kind {
	case udiff.Delete:
		line = p.paint(colorRed, "-"+text)
	case udiff.Insert:
		line = p.paint(colorGreen, "+"+text)
	}
	b.WriteString(line + "\n")
	if !newline {
		b.WriteString(noNewlineAt)
	}
}
