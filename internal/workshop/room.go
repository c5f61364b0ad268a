package main

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// The instructor's view of the room: the progress of many copies at once,
// from the copies themselves (on a shared folder, say) or from the state
// files the students hand in (.workshop/state.json, renamed NAME.json).

// A seat is one student's state.
type seat struct {
	name string
	st   *state
}

// cmdRoom shows a line for each copy or state file that its arguments
// name, or that the folders they name hold, those who are behind first.
func (a *app) cmdRoom(_ context.Context, args []string) error {
	if err := a.wantArgs("room", args, 1, 1000); err != nil {
		return err
	}
	var seats []seat
	for _, arg := range args {
		found, err := findSeats(arg)
		if err != nil {
			return err
		}
		seats = append(seats, found...)
	}
	slices.SortStableFunc(seats, func(x, y seat) int {
		return cmp.Or(cmp.Compare(x.done(), y.done()), strings.Compare(x.name, y.name))
	})
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, a.t.f("name\tdone\tnow\tstarted\tlast pass\thints\tapplied\tforced"))
	for _, s := range seats {
		fmt.Fprintf(tw, "%s\t%d/%d\t%s\t%s\t%s\t%d\t%s\t%s\n", s.name, s.done(), len(s.st.Exercises), s.now(),
			clock(s.st.Started), a.lastPass(s.st), sum(s.st.Hints), ids(s.st.Applied), ids(s.st.Forced))
	}
	return tw.Flush()
}

// findSeats reads the state of the copy p, the state file p, or those of
// the copies and the .json files in the folder p.
func findSeats(p string) ([]seat, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	file, name := p, strings.TrimSuffix(filepath.Base(p), ".json")
	if info.IsDir() && !isCopy(p) {
		entries, err := os.ReadDir(p)
		var seats []seat
		for _, e := range entries {
			sub := filepath.Join(p, e.Name())
			if e.IsDir() && isCopy(sub) || !e.IsDir() && strings.HasSuffix(e.Name(), ".json") {
				found, ferr := findSeats(sub)
				seats, err = append(seats, found...), cmp.Or(err, ferr)
			}
		}
		return seats, err
	}
	if info.IsDir() {
		file = statePath(p)
	}
	st, err := readStateFile(file)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return []seat{{name: cmp.Or(st.Name, name), st: st}}, nil
}

func (s seat) done() int {
	n := 0
	for _, id := range s.st.Exercises {
		if s.st.Last[id] == "done" {
			n++
		}
	}
	return n
}

// now is the first exercise not done, or "-".
func (s seat) now() string {
	for _, id := range s.st.Exercises {
		if s.st.Last[id] != "done" {
			return id
		}
	}
	return "-"
}

// lastPass is the time of the latest first pass, and how long ago it was.
func (a *app) lastPass(st *state) string {
	var last time.Time
	for _, t := range st.Passed {
		if t.After(last) {
			last = t
		}
	}
	if last.IsZero() {
		return "-"
	}
	return a.t.f("%[1]s (%[2]d min ago)", clock(last), int(time.Since(last).Minutes()))
}

// clock is a time as the room's clock shows it, or "-".
func clock(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("15:04")
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// ids lists the keys of m, or "-".
func ids(m map[string]time.Time) string {
	if len(m) == 0 {
		return "-"
	}
	return strings.Join(slices.Sorted(maps.Keys(m)), ",")
}

// cmdName sets the name that the room shows for this copy.
func (a *app) cmdName(_ context.Context, args []string) error {
	if err := a.wantArgs("name", args, 1, 10); err != nil {
		return err
	}
	w, err := a.openCopy()
	if err != nil {
		return err
	}
	w.st.Name = strings.Join(args, " ")
	fmt.Fprintln(a.stdout, a.t.f("this copy is %[1]s's now: the instructor's room shows that name", w.st.Name))
	return writeState(a.root, w.st)
}
