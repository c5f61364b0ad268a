package autobahn

import (
	"fmt"
	"strings"
)

// Table renders results as a markdown table, one row per case, followed
// by a summary line with the count of each grade.
func Table(results []Result) string {
	var b strings.Builder
	b.WriteString("| case | what the server sends | grade | detail |\n")
	b.WriteString("|---|---|---|---|\n")
	counts := map[Grade]int{}
	for _, r := range results {
		counts[r.Grade]++
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", cell(r.ID), cell(r.Description), cell(string(r.Grade)), cell(r.Detail))
	}
	fmt.Fprintf(&b, "\n%d cases: %d OK, %d NON-STRICT, %d FAILED\n",
		len(results), counts[OK], counts[NonStrict], counts[Failed])
	return b.String()
}

// cell makes text safe inside a table cell: a pipe would end the cell,
// and a newline the row.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}
