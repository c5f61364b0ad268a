package main

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// counts are lines added and removed.
type counts struct {
	added, removed int
}

// ratio is removed as a percentage of added, rounded, and "—" when nothing
// was added.
func (c counts) ratio() string {
	if c.added == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", math.Round(100*float64(c.removed)/float64(c.added)))
}

// totals split a transition's counts into the code and the tests.
type totals struct {
	code, test counts
}

// totalOf adds up the counts of every file, apart for test files.
func totalOf(diffs []fileDiff) totals {
	var t totals
	for _, f := range diffs {
		added, removed := f.counts()
		side := &t.code
		if f.test {
			side = &t.test
		}
		side.added += added
		side.removed += removed
	}
	return t
}

// writeStat prints how many lines each file gained and lost, the code
// first and then the test files, and the totals of each.
func writeStat(w io.Writer, t transition, diffs []fileDiff) error {
	var b strings.Builder
	if t.first() {
		fmt.Fprintf(&b, "%s (the first step: every file is new)\n", t.after.Dir)
	} else {
		fmt.Fprintf(&b, "%s → %s\n", t.before.Dir, t.after.Dir)
	}
	for _, test := range []bool{false, true} {
		if test {
			b.WriteString("test files:\n")
		}
		for _, f := range diffs {
			if f.test == test {
				writeFileStat(&b, f)
			}
		}
	}
	total := totalOf(diffs)
	fmt.Fprintf(&b, "total: non-test +%d -%d (removed/added %s), test +%d -%d\n",
		total.code.added, total.code.removed, total.code.ratio(), total.test.added, total.test.removed)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeFileStat prints one file's line: "  +12   -3  conn.go".
func writeFileStat(b *strings.Builder, f fileDiff) {
	if f.binary {
		fmt.Fprintf(b, "  %5s %5s  %s\n", "bin", "", f.path)
		return
	}
	added, removed := f.counts()
	fmt.Fprintf(b, "  %5s %5s  %s%s\n",
		fmt.Sprintf("+%d", added), fmt.Sprintf("-%d", removed), f.path, fileNote(f))
}

// fileNote says when a file is new or gone, which the counts alone do not.
func fileNote(f fileDiff) string {
	switch {
	case f.oldName == devNull:
		return " (new)"
	case f.newName == devNull:
		return " (deleted)"
	}
	return ""
}
