package main

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spec2lib/websocket/internal/repo"
)

// kept is what the copy keeps of one exercise, from the canonical
// code: the function as it is (the solution), its stub, the imports of
// its file, which a solution put back may need again, its hints in
// each language, and the later steps' copies of the function.
type kept struct {
	Solution string              `json:"solution"`
	Stub     string              `json:"stub"`
	Imports  []string            `json:"imports"` // as in the import block: "encoding/binary", or mathrand "math/rand/v2"
	Hints    map[string][]string `json:"hints"`   // by language
	Spots    []spot              `json:"spots"`
}

// A spot is a later step's copy of an exercise's function: each step
// holds the steps before it, so step04-transport/frame.go has readLength.
type spot struct {
	Path    string   `json:"path"`          // step04-transport/frame.go
	Own     string   `json:"own,omitempty"` // the step's own version, where its lesson changed the function
	Imports []string `json:"imports"`       // of its file
}

// hints are the hints of lang, or the English ones.
func (k *kept) hints(lang string) []string {
	if h := k.Hints[lang]; len(h) > 0 {
		return h
	}
	return k.Hints["en"]
}

// keptPath is where a copy keeps an exercise. The record is packed
// (JSON in base64), so that no answer and no hint of the copy is there to
// read, or to find with grep: the tool gives them out.
func keptPath(root, id string) string {
	return filepath.Join(root, stateDir, "exercises", id+".pack")
}

func readKept(root, id string) (*kept, error) {
	var k kept
	b, err := os.ReadFile(keptPath(root, id))
	if err == nil {
		b, err = base64.StdEncoding.DecodeString(string(b))
	}
	if err == nil {
		err = json.Unmarshal(b, &k)
	}
	if err != nil {
		return nil, fmt.Errorf("the copy has lost what it kept of %s: %w", id, err)
	}
	return &k, nil
}

func writeKept(root, id string, k *kept) error {
	b, err := json.Marshal(k)
	if err == nil {
		err = os.MkdirAll(filepath.Dir(keptPath(root, id)), 0o755)
	}
	if err != nil {
		return err
	}
	return os.WriteFile(keptPath(root, id), []byte(base64.StdEncoding.EncodeToString(b)), 0o644)
}

// funcIndex is, for each step, where its non-test code declares each
// func or method: "readLength" -> "step04-transport/frame.go".
type funcIndex map[string]map[string]string

// indexFuncs reads the declarations of every step at root.
func indexFuncs(root string, steps []string) (funcIndex, error) {
	idx := make(funcIndex)
	for _, step := range steps {
		idx[step] = make(map[string]string)
		files, err := repo.Files(filepath.Join(root, step), ".go")
		if err != nil {
			return nil, err
		}
		for _, p := range files {
			if repo.IsTest(p) || filepath.Base(p) == todoFile {
				continue
			}
			f, err := readGo(p)
			if err != nil {
				return nil, err
			}
			rel, _ := filepath.Rel(root, p)
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
					idx[step][repo.DeclNames(fd)[0]] = filepath.ToSlash(rel)
				}
			}
		}
	}
	return idx, nil
}

// spotsOf finds the copies of e's function in the steps after e's: a
// func of the same name and signature.
func spotsOf(root string, e *exercise, idx funcIndex) ([]spot, error) {
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(e.path())))
	if err != nil {
		return nil, err
	}
	solution, err := funcText(e.path(), src, e.Func)
	if err != nil {
		return nil, err
	}
	var spots []spot
	for _, step := range slices.Sorted(maps.Keys(idx)) {
		p, ok := idx[step][e.Func]
		if step <= e.Step || !ok {
			continue
		}
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		text, err2 := funcText(p, src, e.Func)
		imports, err3 := importSpecs(p, src)
		if err := errors.Join(err, err2, err3); err != nil {
			return nil, err
		}
		if signature(text) != signature(solution) {
			continue
		}
		s := spot{Path: p, Imports: imports}
		if text != solution {
			s.Own = text
		}
		spots = append(spots, s)
	}
	return spots, nil
}

// signature is a func's text up to its body.
func signature(text string) string {
	sig, _, _ := strings.Cut(text, "{\n")
	return sig
}
