package main

import (
	"fmt"
	"slices"
	"strings"
)

// contextLines is how many unchanged lines a hunk shows around a change,
// as in diff -u.
const contextLines = 3

// An opKind says what an edit does to one line. Its value is the line's
// prefix in a unified diff.
type opKind byte

const (
	opEqual  opKind = ' '
	opDelete opKind = '-'
	opInsert opKind = '+'
)

// An op is one line of an edit script. oldLine and newLine are the 0-based
// positions in the old and new file where the op applies: the line itself
// for a kept or deleted line, the line that follows for an insertion.
type op struct {
	kind             opKind
	text             string // the line, with its "\n" unless it ends the file without one
	oldLine, newLine int
}

// splitLines splits text into lines that keep their "\n". A last line
// without one stays different from the same line with one, so a change to
// the final newline shows up in the diff, as in diff(1).
func splitLines(text string) []string {
	lines := strings.SplitAfter(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// diffLines returns a shortest edit script that turns a into b: every line
// of both, in order, kept, deleted or inserted.
//
// It is Eugene Myers' O(ND) algorithm ("An O(ND) Difference Algorithm and
// Its Variations", 1986). Picture a grid with a's lines across (x) and b's
// lines down (y): moving right deletes a line, moving down inserts one, and
// a diagonal move, free of charge, keeps a line both share. Diagonal k is
// the set of points with x-y = k. Round d finds, for each diagonal, the
// furthest point reachable with exactly d deletions and insertions; the
// first round that reaches the bottom-right corner gives the shortest
// script, which we then walk back from the corner.
func diffLines(a, b []string) []op {
	return backtrack(a, b, furthestPoints(a, b))
}

// furthestPoints runs Myers' forward search. trace[d][k+d] is the furthest
// x reached on diagonal k after round d, for k in -d..d. Keeping only that
// window costs O(D²) memory for D edits, small for the files of a step.
func furthestPoints(a, b []string) [][]int {
	n, m := len(a), len(b)
	offset := n + m + 1 // v[offset+k] is diagonal k, which may be negative
	v := make([]int, 2*offset+1)
	var trace [][]int
	for d := 0; ; d++ {
		done := false
		for k := -d; k <= d; k += 2 {
			x := v[offset+k-1] + 1 // one step right from diagonal k-1: a deletion
			if comesFromAbove(k, d, func(k int) int { return v[offset+k] }) {
				x = v[offset+k+1] // one step down from diagonal k+1: an insertion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] { // follow the free diagonal
				x, y = x+1, y+1
			}
			v[offset+k] = x
			done = done || (x >= n && y >= m)
		}
		trace = append(trace, slices.Clone(v[offset-d:offset+d+1]))
		if done {
			return trace
		}
	}
}

// comesFromAbove says whether the best path to diagonal k in round d steps
// down from diagonal k+1 rather than right from k-1, given the furthest x
// of each diagonal in round d-1. On a tie it steps right, so a change
// lists its deletions before its insertions, as diff(1) does.
func comesFromAbove(k, d int, furthest func(k int) int) bool {
	return k == -d || (k != d && furthest(k-1) < furthest(k+1))
}

// backtrack walks from the bottom-right corner back to the origin through
// the rounds recorded by furthestPoints and returns the edit script in
// order.
func backtrack(a, b []string, trace [][]int) []op {
	x, y := len(a), len(b)
	var script []op
	keep := func() {
		x, y = x-1, y-1
		script = append(script, op{opEqual, a[x], x, y})
	}
	for d := len(trace) - 1; d > 0; d-- {
		prev := func(k int) int { return trace[d-1][k+d-1] }
		k := x - y
		prevK := k - 1
		if comesFromAbove(k, d, prev) {
			prevK = k + 1
		}
		prevX := prev(prevK)
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			keep()
		}
		if x == prevX {
			y--
			script = append(script, op{opInsert, b[y], x, y})
		} else {
			x--
			script = append(script, op{opDelete, a[x], x, y})
		}
	}
	for x > 0 && y > 0 { // round 0 is a diagonal from the origin
		keep()
	}
	slices.Reverse(script)
	return script
}

// A hunk is one @@ section of a unified diff: changes with the unchanged
// lines around them.
type hunk struct {
	oldStart, oldCount int // as in "@@ -oldStart,oldCount ...": 1-based
	newStart, newCount int
	lines              []op
}

// header is the hunk's "@@ -a,b +c,d @@" line.
func (h hunk) header() string {
	return fmt.Sprintf("@@ -%s +%s @@", span(h.oldStart, h.oldCount), span(h.newStart, h.newCount))
}

// span formats one side of a hunk header as diff -u does: a count of 1 is
// left out, and an empty side names the line before it.
func span(start, count int) string {
	if count == 1 {
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, count)
}

// removed and added return the text of the hunk's deleted and inserted
// lines, in order.
func (h hunk) removed() []string { return h.texts(opDelete) }
func (h hunk) added() []string   { return h.texts(opInsert) }

func (h hunk) texts(kind opKind) []string {
	var texts []string
	for _, l := range h.lines {
		if l.kind == kind {
			texts = append(texts, l.text)
		}
	}
	return texts
}

// hunks groups an edit script into hunks with context lines of unchanged
// text on each side. Changes separated by at most twice that many
// unchanged lines share a hunk, since their contexts would touch.
func hunks(script []op, context int) []hunk {
	var out []hunk
	for i := 0; i < len(script); {
		if script[i].kind == opEqual {
			i++
			continue
		}
		start := max(i-context, 0)
		end := endOfChanges(script, i, context)
		stop := min(end+context, len(script))
		out = append(out, newHunk(script[start:stop]))
		i = stop
	}
	return out
}

// endOfChanges returns the index just past the last change of the hunk
// whose first change is script[i].
func endOfChanges(script []op, i, context int) int {
	end := i
	for {
		for end < len(script) && script[end].kind != opEqual {
			end++
		}
		next := end // the next change, if it is close enough to join
		for next < len(script) && script[next].kind == opEqual {
			next++
		}
		if next == len(script) || next-end > 2*context {
			return end
		}
		end = next
	}
}

// newHunk numbers a slice of an edit script for its header.
func newHunk(lines []op) hunk {
	h := hunk{lines: lines}
	for _, l := range lines {
		if l.kind != opInsert {
			h.oldCount++
		}
		if l.kind != opDelete {
			h.newCount++
		}
	}
	// A side with no lines names the line before the change (0 at the top
	// of the file); otherwise it names its first line, 1-based.
	h.oldStart, h.newStart = lines[0].oldLine, lines[0].newLine
	if h.oldCount > 0 {
		h.oldStart++
	}
	if h.newCount > 0 {
		h.newStart++
	}
	return h
}
