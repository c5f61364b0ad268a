package repo

import "strings"

// FirstDifference returns the index of the first line where two texts
// differ, and the lines of each without their newlines (empty text has
// none), for messages that show both sides of that line.
func FirstDifference(a, b string) (i int, linesA, linesB []string) {
	linesA, linesB = splitLines(a), splitLines(b)
	for i < len(linesA) && i < len(linesB) && linesA[i] == linesB[i] {
		i++
	}
	return i, linesA, linesB
}

func splitLines(text string) []string {
	if text == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(text, "\n"), "\n")
}
