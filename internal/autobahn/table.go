package autobahn

import (
	"cmp"
	"fmt"
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
	counts := map[Grade]int{}
	for _, r := range results {
		counts[r.Grade]++
	}
	return fmt.Sprintf("%d cases: %d OK, %d NON-STRICT, %d FAILED", len(results), counts[OK], counts[NonStrict], counts[Failed])
}

// Summary renders results as a markdown table with one row per family (the
// part of a case ID before the first dot: 1, 2, ..., 10, X) and a total row.
func Summary(results []Result) string {
	type tally struct{ cases, ok, nonStrict, failed int }
	add := func(t *tally, g Grade) {
		t.cases++
		switch g {
		case OK:
			t.ok++
		case NonStrict:
			t.nonStrict++
		default:
			t.failed++
		}
	}
	byFamily := map[string]*tally{}
	var total tally
	for _, r := range results {
		f := Family(r.ID)
		if byFamily[f] == nil {
			byFamily[f] = &tally{}
		}
		add(byFamily[f], r.Grade)
		add(&total, r.Grade)
	}
	families := make([]string, 0, len(byFamily))
	for f := range byFamily {
		families = append(families, f)
	}
	slices.SortFunc(families, compareFamilies)

	var b strings.Builder
	b.WriteString(Row("family", "cases", "OK", "NON-STRICT", "FAILED") + "|---|---|---|---|---|\n")
	row := func(name string, t tally) {
		b.WriteString(Row(name, strconv.Itoa(t.cases), strconv.Itoa(t.ok), strconv.Itoa(t.nonStrict), strconv.Itoa(t.failed)))
	}
	for _, f := range families {
		row(f, *byFamily[f])
	}
	row("total", total)
	return b.String()
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
	case errA == nil && errB == nil:
		return cmp.Compare(na, nb)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a, b)
}

// Row is one row of a markdown table, each cell made safe: a pipe would end
// the cell, and a newline the row.
func Row(cells ...string) string {
	for i, c := range cells {
		cells[i] = strings.Join(strings.Fields(strings.ReplaceAll(c, "|", `\|`)), " ")
	}
	return "| " + strings.Join(cells, " | ") + " |\n"
}
