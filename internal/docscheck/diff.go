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

// firstDifference describes the first line where two texts disagree, each
// side named and numbered as in its own file, and quoted so tabs show.
func firstDifference(gotName, got string, gotAt location, wantName, want string, wantAt location) []string {
	g, w := splitLines(got), splitLines(want)
	i := 0
	for i < len(g) && i < len(w) && g[i] == w[i] {
		i++
	}
	return []string{gotName + ": " + describeLine(g, i, gotAt), wantName + ": " + describeLine(w, i, wantAt)}
}

// describeLine shows line i of lines at its position in the file.
func describeLine(lines []string, i int, at location) string {
	pos := fmt.Sprintf("%s:%d:", at.file, at.line+i)
	if i >= len(lines) {
		return pos + " (end of block)"
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
