package main

import (
	"fmt"
	"strings"
)

// readyToExport refuses to export a copy whose exercises are not all
// done, by the last check: the library would hold stubs, and not build.
// With applyMissing, it puts their solutions in instead.
func (a *app) readyToExport(applyMissing bool) error {
	w, err := a.openCopy()
	if err != nil {
		return err
	}
	var left []*exercise
	var ids []string
	for _, e := range w.exs {
		if a.unfinished(w, e) {
			left, ids = append(left, e), append(ids, e.ID)
		}
	}
	switch {
	case len(left) == 0:
		return nil
	case !applyMissing:
		fmt.Fprintln(a.stdout, a.t.f("not exported: %[1]d exercises are not done yet, by the last check: %[2]s", len(left), strings.Join(ids, ", ")))
		fmt.Fprintln(a.stdout, a.t.f("finish them (go run ./internal/workshop check), or add -apply-missing to put their solutions in; your code is backed up first"))
		return errFailed
	}
	return a.applyWithBackup(w, left)
}

// unfinished reports whether e is a stub, where it is born or in a later
// step, or did not pass the last check, or has no solution put in.
func (a *app) unfinished(w *workspace, e *exercise) bool {
	if a.isStub(e) {
		return true
	}
	if k, err := readKept(a.root, e.ID); err == nil {
		for _, s := range k.Spots {
			if text, err := readFunc(a.root, e.at(s.Path)); err == nil && isStubText(text, e.ID) {
				return true
			}
		}
	}
	_, applied := w.st.Applied[e.ID]
	return !e.Solved && !applied && w.st.Last[e.ID] != "done"
}
