package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCopyHoldsNoAnswers makes a copy of the repository as init does, and
// looks in every file of it, the hidden state folder too, for the body of
// each stubbed exercise's canonical function, and of each later step's
// version of it, for every hint in each language, and for the
// instructor's guide.
func TestCopyHoldsNoAnswers(t *testing.T) {
	root := "../.."
	exs, err := loadExercises(root, englishTexts(t))
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "copy")
	code, _, errOut := runTool(t, root, "init", dir)
	require.Equal(t, 0, code, errOut)

	answers := make(map[string]string) // a body -> where it comes from
	for _, e := range exs {
		if e.Solved {
			continue
		}
		text, err := readFunc(root, e)
		require.NoError(t, err)
		answers[body(text)] = e.ID + " " + e.path()
		k, err := readKept(dir, e.ID)
		require.NoError(t, err)
		for _, s := range k.Spots {
			text, err := readFunc(root, e.at(s.Path))
			require.NoError(t, err)
			answers[body(text)] = e.ID + " " + s.Path
		}
	}
	require.Greater(t, len(answers), 20)
	for _, lang := range languages {
		tl, err := newTexts(lang)
		require.NoError(t, err)
		all, err := loadExercises(root, tl)
		require.NoError(t, err)
		for _, e := range all {
			for i, h := range e.Hints {
				answers[h] = fmt.Sprintf("%s hint %d (%s)", e.ID, i+1, lang)
			}
		}
	}
	answers["## Common "+"mistakes"] = "the instructor's guide" // in two, so that this file does not hold it
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := os.ReadFile(p)
		for answer, from := range answers {
			assert.NotContains(t, string(src), answer, "%s holds the answer of %s", p, from)
		}
		return err
	})
	require.NoError(t, err)
}

// body is a function's text without its signature and closing brace.
func body(text string) string {
	_, b, _ := strings.Cut(text, "{\n")
	return strings.TrimSuffix(b, "}")
}
