package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

var (
	// testSpanPattern matches a code span that names a test, a benchmark
	// or a fuzz target, `TestCloseTimesOut` or `BenchmarkRoundTrip/size=16`,
	// and captures the function's name.
	testSpanPattern = regexp.MustCompile("`((?:Test|Benchmark|Fuzz)[A-Z0-9_][A-Za-z0-9_]*)[^`]*`")
	// testFuncPattern matches the declaration of such a function in a
	// _test.go file and captures its name.
	testFuncPattern = regexp.MustCompile(`(?m)^func ((?:Test|Benchmark|Fuzz)[A-Za-z0-9_]*)\(`)
)

// loadTestNames returns the names of the Test, Benchmark and Fuzz functions
// in every _test.go file of the repository.
func loadTestNames(root string) (map[string]bool, error) {
	names := make(map[string]bool)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules"):
			return filepath.SkipDir
		case d.IsDir() || !strings.HasSuffix(d.Name(), "_test.go"):
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range testFuncPattern.FindAllStringSubmatch(string(src), -1) {
			names[m[1]] = true
		}
		return nil
	})
	return names, err
}

// checkTestNames reports the code spans of doc's prose that name a test that
// no _test.go file declares.
func checkTestNames(doc *document, tests map[string]bool) []problem {
	var problems []problem
	for i := 0; i < len(doc.lines); i++ {
		if end := doc.fenceEnd(i); end != i {
			i = end
			continue
		}
		for _, m := range testSpanPattern.FindAllStringSubmatch(doc.text(i), -1) {
			if !tests[m[1]] {
				problems = append(problems, newProblem(doc.path, i+1, fmt.Sprintf(
					"%s names no test: no _test.go file declares func %s", m[0], m[1])))
			}
		}
	}
	return problems
}
