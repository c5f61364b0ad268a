package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spec2lib/websocket/internal/repo"
)

// The churn targets keep each lesson about what it adds.
const (
	churnFrom         = 2  // the first transition checked starts at this step
	maxRemovedPercent = 15 // non-test lines removed, as a share of those added
)

// A violation is one place where a transition misses a churn target.
type violation struct {
	transition string // "03→04"
	file       string // relative to the step; empty for the transition as a whole
	hunk       string // the offending hunk's header, when there is one
	problem    string
}

func (v violation) String() string {
	where := slices.DeleteFunc([]string{v.transition, v.file, v.hunk}, func(s string) bool { return s == "" })
	return strings.Join(where, " ") + ": " + v.problem
}

// A churnReport is what the churn check found: violations, and the
// exemptions that articles granted instead.
type churnReport struct {
	checked    int
	violations []violation
	exemptions []string
}

// checkChurn checks every transition from churnFrom on.
func checkChurn(root string, steps []repo.Step) (churnReport, error) {
	var rep churnReport
	parts, err := readParts(root, steps)
	if err != nil {
		return rep, err
	}
	for _, t := range transitions(steps) {
		if t.first() || t.before.Num < churnFrom {
			continue
		}
		diffs, err := lessonOf(root, t)
		if err != nil {
			return rep, err
		}
		rep.checked++
		rep.checkRatio(t, diffs, partsOf(parts, t.after))
		rep.checkReshapes(t, diffs)
		rep.checkMoves(t, diffs)
	}
	return rep, nil
}

// checkRatio enforces maxRemovedPercent on the code, not the tests, unless
// one of the step's parts exempts it.
func (rep *churnReport) checkRatio(t transition, diffs []fileDiff, parts []part) {
	code := totalOf(diffs).code
	if code.removed*100 <= maxRemovedPercent*code.added {
		return
	}
	summary := fmt.Sprintf("non-test lines removed are %s of those added (%d of %d; target at most %d%%)",
		code.ratio(), code.removed, code.added, maxRemovedPercent)
	for _, p := range parts {
		if reason, ok := p.article.churnExemption(); ok {
			rep.exemptions = append(rep.exemptions,
				fmt.Sprintf("%s: %s, exempted by %s: %s", t.label(), summary, p.article.path, reason))
			return
		}
	}
	rep.violations = append(rep.violations, violation{transition: t.label(), problem: summary})
	for _, f := range diffs {
		for _, h := range f.hunks {
			if n := len(h.removed()); n > 0 && !f.test {
				rep.violations = append(rep.violations, violation{
					transition: t.label(), file: f.path, hunk: h.header(),
					problem: fmt.Sprintf("removes %d non-test lines", n),
				})
			}
		}
	}
}

// checkReshapes flags hunks, in code or tests, that only re-indent or
// rename.
func (rep *churnReport) checkReshapes(t transition, diffs []fileDiff) {
	for _, f := range diffs {
		for _, h := range f.hunks {
			if what, ok := reshapes(h); ok {
				rep.violations = append(rep.violations, violation{
					transition: t.label(), file: f.path, hunk: h.header(), problem: "hunk " + what,
				})
			}
		}
	}
}

// checkMoves flags code moved from one file to another.
func (rep *churnReport) checkMoves(t transition, diffs []fileDiff) {
	for _, m := range findMoves(diffs) {
		rep.violations = append(rep.violations, violation{
			transition: t.label(), file: m.from.file, hunk: m.from.hunk, problem: m.String(),
		})
	}
}

// write prints the report: exemptions used, then violations.
func (rep churnReport) write(w io.Writer) error {
	var b strings.Builder
	for _, e := range rep.exemptions {
		b.WriteString("exempt: " + e + "\n")
	}
	for _, v := range rep.violations {
		b.WriteString(v.String() + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
