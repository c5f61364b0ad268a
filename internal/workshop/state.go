package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// stateDir is the hidden folder of a student copy.
const stateDir = ".workshop"

// state is what a copy remembers between commands. The instructor's
// room reads it too: a student may hand in this file alone.
type state struct {
	Lang      string            `json:"lang"`
	Steps     []string          `json:"steps"`     // the steps with stubs: step03-frames, ...
	Exercises []string          `json:"exercises"` // their exercises, in order
	Hints     map[string]int    `json:"hints"`     // hints shown so far, by exercise
	Last      map[string]string `json:"last"`      // the last result, by exercise: done, todo, broken

	Name    string               `json:"name,omitempty"` // the student's (init -name, or the name command)
	Started time.Time            `json:"started"`        // the first command in the copy
	Passed  map[string]time.Time `json:"passed"`         // when each exercise first passed
	Applied map[string]time.Time `json:"applied"`        // when a solution was put in (solution -apply, export -apply-missing)
	Forced  map[string]time.Time `json:"forced"`         // when a solution was shown before it passed (solution -force)
	Carried map[string]string    `json:"carried"`        // a hash of the code last carried into the later steps, by exercise
}

// record sets the last result of an exercise, and the time of its
// first pass.
func (s *state) record(id, word string) {
	s.Last[id] = word
	if _, ok := s.Passed[id]; word == "done" && !ok {
		s.Passed[id] = now()
	}
}

func statePath(root string) string { return filepath.Join(root, stateDir, "state.json") }

// isCopy reports whether root is a workshop copy.
func isCopy(root string) bool { return exists(statePath(root)) }

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

func readState(root string) (*state, error) { return readStateFile(statePath(root)) }

// readStateFile reads a state: a copy's, or a file a student handed in.
func readStateFile(p string) (*state, error) {
	var s state
	if err := readJSON(p, &s); errors.Is(err, fs.ErrNotExist) {
		return nil, errNotACopy
	} else if err != nil {
		return nil, fmt.Errorf("reading the workshop state: %w", err)
	}
	for _, m := range []*map[string]time.Time{&s.Passed, &s.Applied, &s.Forced} {
		if *m == nil {
			*m = make(map[string]time.Time)
		}
	}
	for _, m := range []*map[string]string{&s.Last, &s.Carried} {
		if *m == nil {
			*m = make(map[string]string)
		}
	}
	if s.Hints == nil {
		s.Hints = make(map[string]int)
	}
	return &s, nil
}

// readJSON decodes the JSON file at p into v.
func readJSON(p string, v any) error {
	b, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("reading %s: %w", p, err)
	}
	return nil
}

// writeJSON writes v to p as indented JSON, making p's directory.
func writeJSON(p string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err == nil {
		err = os.MkdirAll(filepath.Dir(p), 0o755)
	}
	if err != nil {
		return err
	}
	return os.WriteFile(p, append(b, '\n'), 0o644)
}

// errNotACopy: a command that needs a student copy ran elsewhere.
var errNotACopy = errors.New("not a workshop copy")

func writeState(root string, s *state) error {
	if err := writeJSON(statePath(root), s); err != nil {
		return fmt.Errorf("writing the workshop state: %w", err)
	}
	return nil
}

// runCache is the last run of a step's mapped tests, and the files of
// the step it ran on (see snapshot).
type runCache struct {
	Files string   `json:"files"`
	Run   *testRun `json:"run"`
}

func runCachePath(root, step string) string {
	return filepath.Join(root, stateDir, "runs", step+".json")
}

// readRunCache returns the last run of step if it ran on these files.
func readRunCache(root, step, files string) *testRun {
	var c runCache
	if readJSON(runCachePath(root, step), &c) != nil || c.Files != files {
		return nil
	}
	return c.Run
}

// writeRunCache keeps a run for the next report.
func writeRunCache(root, step, files string, run *testRun) {
	_ = writeJSON(runCachePath(root, step), runCache{Files: files, Run: run})
}
