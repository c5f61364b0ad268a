package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// changing matches what changes from run to run by itself: a temporary
// path, a port on the loopback, a duration as Go prints it, go test's
// "(cached)".
var changing = regexp.MustCompile(`(?:/tmp|` + regexp.QuoteMeta(os.TempDir()) + `)[/\\][\w.\-/\\]*` +
	`|(?:\b127\.0\.0\.1|\blocalhost|\[::1\]):[0-9]+\b` +
	`|\b(?:[0-9]+(?:\.[0-9]+)?(?:ns|µs|us|ms|s|m|h))+\b|\(cached\)`)

// normalise returns lines with "*" for what changes from run to run: what
// the block's vary= regexps match (their groups, if they have any), then
// what changing matches, except the printed addresses and paths in keep.
func (o options) normalise(lines, keep []string) []string {
	norm, res := slices.Clone(lines), append(slices.Clone(o.vary), changing)
	for i := range norm {
		for _, re := range res {
			at, line := 0, norm[i]
			var b strings.Builder
			for _, m := range re.FindAllStringSubmatchIndex(line, -1) {
				if len(m) > 2 {
					m = m[2:]
				}
				for k := 0; k < len(m); k += 2 {
					if m[k] >= at && !slices.Contains(keep, line[m[k]:m[k+1]]) { // not an unmatched group
						b.WriteString(line[at:m[k]] + "*")
						at = m[k+1]
					}
				}
			}
			norm[i] = b.String() + line[at:]
		}
	}
	return norm
}

// match reports whether the lines got fit the lines want, where a line
// "..." in want stands for any number of lines, as * does in a glob.
func match(want, got []string) bool {
	i, j, star, mark := 0, 0, -1, 0
	for j < len(got) {
		switch {
		case i < len(want) && want[i] == "...":
			star, mark = i, j
			i++
		case i < len(want) && want[i] == got[j]:
			i, j = i+1, j+1
		case star >= 0: // the last "..." takes one more line
			mark++
			i, j = star+1, mark
		default:
			return false
		}
	}
	for i < len(want) && want[i] == "..." {
		i++
	}
	return i == len(want)
}

// rewrite returns the lines got as the article should show them: a line
// the normal forms (normWant, normGot) say is unchanged keeps the
// article's text, with its ports, keys and timings, and the rest is what
// the commands printed, but for a "..." among the lines that changed: it
// stays, with as many changed lines before and after it as it had.
func rewrite(want, got, normWant, normGot []string) []string {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	a, b, _ := dmp.DiffLinesToRunes(strings.Join(normWant, "\n")+"\n", strings.Join(normGot, "\n")+"\n")
	diffs := dmp.DiffMainRunes(a, b, false) // each rune a line, deletions before insertions
	var out []string
	for i, j, k := 0, 0, 0; k < len(diffs); k++ {
		n, m := utf8.RuneCountInString(diffs[k].Text), 0
		switch diffs[k].Type {
		case diffmatchpatch.DiffEqual:
			out = append(out, want[i:i+n]...)
			i, j = i+n, j+n
		case diffmatchpatch.DiffInsert:
			out = append(out, got[j:j+n]...)
			j += n
		case diffmatchpatch.DiffDelete:
			if k+1 < len(diffs) && diffs[k+1].Type == diffmatchpatch.DiffInsert {
				k++
				m = utf8.RuneCountInString(diffs[k].Text)
			}
			changed := got[j : j+m]
			if p := slices.Index(want[i:i+n], "..."); p >= 0 {
				before := min(p, m)
				after := min(n-p-1, m-before)
				changed = append(append(slices.Clone(changed[:before]), "..."), changed[m-after:]...)
			}
			out = append(out, changed...)
			i, j = i+n, j+m
		}
	}
	return out
}
