package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aymanbagabas/go-udiff"
)

// minMovedLines is how many consecutive lines, deleted from one file and
// inserted into another, make a move.
const minMovedLines = 5

// A place is one hunk of one file, with the lines it deleted or inserted
// that name something in code, trimmed of white space so that a re-indented
// move is still a move.
type place struct {
	file  string
	hunk  string // the hunk's header
	lines []string
}

// A move is code deleted in one place and inserted in another file.
type move struct {
	from, to place
	lines    int // the longest run of consecutive lines they share
}

// findMoves finds the code that a transition moved between files: a hunk of
// one file whose deleted lines and a hunk of another file whose inserted
// lines share at least minMovedLines consecutive lines.
func findMoves(diffs []fileDiff) []move {
	deleted, inserted := places(diffs, udiff.Delete), places(diffs, udiff.Insert)
	var moves []move
	for _, from := range deleted {
		for _, to := range inserted {
			if from.file == to.file {
				continue
			}
			if n := longestCommonRun(from.lines, to.lines); n >= minMovedLines {
				moves = append(moves, move{from: from, to: to, lines: n})
			}
		}
	}
	return moves
}

// places collects the hunks of every file that deleted (or inserted) lines.
func places(diffs []fileDiff, kind udiff.OpKind) []place {
	var out []place
	for _, f := range diffs {
		for _, h := range f.hunks {
			var lines []string
			for _, line := range h.texts(kind) {
				if namesCode(line) {
					lines = append(lines, strings.TrimSpace(line))
				}
			}
			if len(lines) == 0 {
				continue
			}
			out = append(out, place{file: f.path, hunk: h.header(), lines: lines})
		}
	}
	return out
}

// longestCommonRun returns the length of the longest run of consecutive
// lines that a and b share, by dynamic programming: run[j+1] is the length
// of the common run ending at a[i] and b[j].
func longestCommonRun(a, b []string) int {
	best := 0
	prev := make([]int, len(b)+1)
	for i := range a {
		run := make([]int, len(b)+1)
		for j := range b {
			if a[i] == b[j] {
				run[j+1] = prev[j] + 1
				best = max(best, run[j+1])
			}
		}
		prev = run
	}
	return best
}

// namesCode says whether a line has an identifier outside comments and
// string literals.
func namesCode(line string) bool {
	return slices.ContainsFunc(tokenize(line), func(t token) bool { return t.kind == identifier })
}

func (m move) String() string {
	return fmt.Sprintf("%d lines moved to %s %s", m.lines, m.to.file, m.to.hunk)
}
