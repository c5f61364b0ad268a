package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Each step holds the steps before it, so an exercise's function is in
// every later step too (its spots), stubbed there as well. When the
// exercise passes, the tool carries the student's code into those spots:
// the later steps build on it, as a real project would. A spot whose step
// changed the function in its own lesson gets that step's version instead.

// carry carries e's code, which passes, into its spots, and says so.
func (a *app) carry(w *workspace, e *exercise, out io.Writer) (bool, error) {
	text, err := readFunc(a.root, e)
	if err != nil || isStubText(text, e.ID) {
		return false, err
	}
	k, err := readKept(a.root, e.ID)
	if err != nil || len(k.Spots) == 0 {
		return false, err
	}
	mine, own, err := carryText(a.root, e, k, text, w.st.Carried[e.ID])
	w.st.Carried[e.ID] = hashOf(text)
	a.sayCarried(out, e, mine, own)
	return len(mine)+len(own) > 0, err
}

// carryPassed carries the code of each exercise that passes, and reports
// whether a file changed.
func (a *app) carryPassed(w *workspace, outcomes map[string]outcome, out io.Writer) bool {
	changed := false
	for _, e := range w.exs {
		if outcomes[e.ID].Done {
			c, err := a.carry(w, e, out)
			if err != nil {
				fmt.Fprintln(out, err)
			}
			changed = changed || c
		}
	}
	return changed
}

func (a *app) sayCarried(out io.Writer, e *exercise, mine, own []string) {
	if len(mine) > 0 {
		fmt.Fprintln(out, a.t.f("%[1]s passes: your %[2]s is now in %[3]s too, so the later steps build on your code", e.ID, e.Func, strings.Join(mine, ", ")))
	}
	if len(own) > 0 {
		fmt.Fprintln(out, a.t.f("%[1]s: %[2]s has grown in a later lesson, so %[3]s get that step's own version", e.ID, e.Func, strings.Join(own, ", ")))
	}
}

// carryText puts text, the code of e, into each spot of e that holds e's
// stub, or the code whose hash is last (carried there before, and not
// changed since); a spot whose step changed the function gets its own
// version. It returns the files that got text, and those that got their own.
func carryText(root string, e *exercise, k *kept, text, last string) (mine, own []string, err error) {
	for _, s := range k.Spots {
		at := e.at(s.Path)
		cur, err := readFunc(root, at)
		if err != nil || !isStubText(cur, e.ID) && (last == "" || hashOf(cur) != last) {
			continue // gone, or the student's own code: left alone
		}
		put, list := text, &mine
		if s.Own != "" {
			put, list = s.Own, &own
		}
		if cur == put {
			continue
		}
		if err := putFunc(root, at, put, append(slices.Clone(k.Imports), s.Imports...)); err != nil {
			return mine, own, err
		}
		*list = append(*list, s.Path)
	}
	return mine, own, nil
}

// applySolution puts the solution of e in place of the student's
// function, and into its spots.
func applySolution(root string, e *exercise, k *kept, last string) (mine, own []string, err error) {
	if err := putFunc(root, e, k.Solution, k.Imports); err != nil {
		return nil, nil, err
	}
	return carryText(root, e, k, k.Solution, last)
}

// applyWithBackup puts the solutions of exs in, after a backup of their
// files, says what it did, and records it.
func (a *app) applyWithBackup(w *workspace, exs []*exercise) error {
	if err := a.backup(exs); err != nil {
		return err
	}
	for _, e := range exs {
		k, err := readKept(a.root, e.ID)
		if err != nil {
			return err
		}
		mine, own, err := applySolution(a.root, e, k, w.st.Carried[e.ID])
		if err != nil {
			return err
		}
		w.st.Carried[e.ID] = hashOf(k.Solution)
		w.st.Applied[e.ID] = now()
		fmt.Fprintln(a.stdout, a.t.f("put the solution of %[1]s into %[2]s", e.ID, strings.Join(append([]string{e.path()}, mine...), ", ")))
		a.sayCarried(a.stdout, e, nil, own)
	}
	return writeState(a.root, w.st)
}

// backup copies the files of exs, as they are, into a new folder under
// .workshop/backup, and says where.
func (a *app) backup(exs []*exercise) error {
	stamp := time.Now().Format("20060102-150405")
	dir := path.Join(stateDir, "backup", stamp)
	for i := 2; exists(filepath.Join(a.root, dir)); i++ {
		dir = path.Join(stateDir, "backup", stamp+"-"+strconv.Itoa(i))
	}
	for _, e := range exs {
		to := filepath.Join(a.root, filepath.FromSlash(path.Join(dir, e.path())))
		src, err := os.ReadFile(filepath.Join(a.root, filepath.FromSlash(e.path())))
		if err == nil {
			err = os.MkdirAll(filepath.Dir(to), 0o755)
		}
		if err == nil {
			err = os.WriteFile(to, src, 0o644)
		}
		if err != nil {
			return err
		}
	}
	fmt.Fprintln(a.stdout, a.t.f("your code as it was is saved in %[1]s", dir))
	return nil
}

// readFunc is the text of e's function in the copy or repository at root.
func readFunc(root string, e *exercise) (string, error) {
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(e.path())))
	if err != nil {
		return "", err
	}
	return funcText(e.path(), src, e.Func)
}

// isStubText reports whether a function's text still calls the stub's
// todo or errTodo for exercise id.
func isStubText(text, id string) bool {
	return strings.Contains(text, "todo("+strconv.Quote(id)+")") ||
		strings.Contains(text, "Todo("+strconv.Quote(id)+")")
}

// hashOf is a short hash of a function's text.
func hashOf(text string) string { return fmt.Sprintf("%x", sha256.Sum256([]byte(text)))[:16] }

// now is the time the state records: UTC, to the second.
func now() time.Time { return time.Now().UTC().Truncate(time.Second) }
