package autobahn

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Table renders results as a markdown table, one row per case, followed
// by a summary line with the count of each grade.
func Table(results []Result) string {
	var b strings.Builder
	b.WriteString(Row("case", "what the server sends", "grade", "detail") + "|---|---|---|---|\n")
	for _, r := range results {
		b.WriteString(Row(r.ID, r.Description, string(r.Grade), r.Detail))
	}
	return b.String() + "\n" + Tally(results) + "\n"
}

// Tally counts the grades: "255 cases: 255 OK, 0 NON-STRICT, 0 FAILED".
func Tally(results []Result) string {
	n := gradeCounts(results)
	return fmt.Sprintf("%d cases: %d OK, %d NON-STRICT, %d FAILED", len(results), n[OK], n[NonStrict], n[Failed])
}

// gradeCounts counts results by grade.
func gradeCounts(results []Result) map[Grade]int {
	n := map[Grade]int{}
	for _, r := range results {
		n[r.Grade]++
	}
	return n
}

// Summary renders results as a markdown table with one row per family (the
// part of a case ID before the first dot: 1, 2, ..., 10, X) and a total row.
func Summary(results []Result) string {
	byFamily := map[string][]Result{}
	for _, r := range results {
		byFamily[Family(r.ID)] = append(byFamily[Family(r.ID)], r)
	}
	row := func(name string, results []Result) string {
		n := gradeCounts(results)
		return Row(name, strconv.Itoa(len(results)), strconv.Itoa(n[OK]), strconv.Itoa(n[NonStrict]), strconv.Itoa(n[Failed]))
	}
	b := Row("family", "cases", "OK", "NON-STRICT", "FAILED") + "|---|---|---|---|---|\n"
	for _, f := range slices.SortedFunc(maps.Keys(byFamily), compareFamilies) {
		b += row(f, byFamily[f])
	}
	return b + row("total", results)
}

// Family is the part of a case ID before the first dot: "6" for "6.4.1".
func Family(id string) string {
	f, _, _ := strings.Cut(id, ".")
	return f
}

// compareFamilies orders numbered families by number (9 before 10), then
// the others, such as X, by name.
func compareFamilies(a, b string) int {
	na, errA := strconv.Atoi(a)
	nb, errB := strconv.Atoi(b)
	switch {
	case errA == nil && errB != nil:
		return -1
	case errA != nil && errB == nil:
		return 1
	}
	return cmp.Or(cmp.Compare(na, nb), strings.Compare(a, b)) // both numbers, or neither (then na = nb = 0)
}

// Row is one row of a markdown table, each cell made safe: a pipe would end
// the cell, and a newline the row.
func Row(cells ...string) string {
	for i, c := range cells {
		cells[i] = strings.Join(strings.Fields(strings.ReplaceAll(c, "|", `\|`)), " ")
	}
	return "| " + strings.Join(cells, " | ") + " |\n"
}
