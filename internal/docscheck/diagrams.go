package main

import "fmt"

// checkDiagrams reports the names in doc's Mermaid diagrams that the code of
// its step does not have: see the package comment for what counts as a name.
func checkDiagrams(doc *document, steps *stepIndex, rep *report) []problem {
	if len(doc.diagrams) == 0 {
		return nil
	}
	rep.diagrams += len(doc.diagrams)
	sc, err := steps.scopeFor(doc.path)
	if err != nil {
		first := doc.diagrams[0].Open + 1
		return []problem{newProblem(doc.path, first, "cannot check the names in diagrams: "+err.Error())}
	}
	var problems []problem
	for _, dg := range doc.diagrams {
		for _, m := range mentions(doc.texts(dg.Open+1, dg.Close), dg.Open+2) {
			if !m.goOwn() && !sc.has(m) {
				problems = append(problems, newProblem(doc.path, m.line,
					fmt.Sprintf("diagram names %s, which %s", m, sc.lacks(m))))
			}
		}
	}
	return problems
}
