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
		f := family(r.ID)
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
	b.WriteString("| family | cases | OK | NON-STRICT | FAILED |\n")
	b.WriteString("|---|---|---|---|---|\n")
	row := func(name string, t tally) {
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d |\n", name, t.cases, t.ok, t.nonStrict, t.failed)
	}
	for _, f := range families {
		row(cell(f), *byFamily[f])
	}
	row("total", total)
	return b.String()
}

// family is the part of a case ID before the first dot: "6" for "6.4.1".
func family(id string) string {
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

// cell makes text safe inside a table cell: a pipe would end the cell,
// and a newline the row.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}
