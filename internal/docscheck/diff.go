package main

import (
	"fmt"
	"strings"
)

// A location is where a line of text starts, for messages.
type location struct {
	file string
	line int // 1-based
}

// firstDifference describes the first line where a block (got) and its
// source (want) disagree, each numbered as in its own file so the reader can
// jump to either.
func firstDifference(got string, gotAt location, want string, wantAt location) []string {
	return firstDifferenceAs("docs", got, gotAt, "code", want, wantAt)
}

// firstDifferenceAs is firstDifference with the two sides named.
func firstDifferenceAs(gotName, got string, gotAt location, wantName, want string, wantAt location) []string {
	g, w := splitLines(got), splitLines(want)
	i := 0
	for i < len(g) && i < len(w) && g[i] == w[i] {
		i++
	}
	return []string{
		gotName + ": " + describeLine(g, i, gotAt, "end of block"),
		wantName + ": " + describeLine(w, i, wantAt, "end of block"),
	}
}

// describeLine shows line i of lines at its position in the file.
func describeLine(lines []string, i int, at location, end string) string {
	pos := fmt.Sprintf("%s:%d:", at.file, at.line+i)
	if i >= len(lines) {
		return pos + " (" + end + ")"
	}
	return fmt.Sprintf("%s %q", pos, lines[i])
}

// splitLines splits newline-terminated text into lines without their
// newlines. Empty text has no lines.
func splitLines(text string) []string {
	if text == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(text, "\n"), "\n")
}
