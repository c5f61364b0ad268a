package main

import (
	"fmt"

	"github.com/spec2lib/websocket/internal/repo"
)

// A location is where a line of text starts, for messages.
type location struct {
	file string
	line int // 1-based
}

// firstDifference describes the first line where two texts disagree, each
// side named and numbered as in its own file, and quoted so tabs show.
func firstDifference(gotName, got string, gotAt location, wantName, want string, wantAt location) []string {
	i, g, w := repo.FirstDifference(got, want)
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
