package main

import (
	"fmt"
	"go/ast"
	"go/token"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/spec2lib/websocket/internal/repo"
)

var (
	// nameSpanPattern matches a code span that may name Go code: an
	// identifier, dotted or not, or a call, `readLength(br, short)`.
	nameSpanPattern = regexp.MustCompile(`^[*&]?([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)*)(\(.*\))?$`)
	// humpPattern finds the camelCase that makes one word a Go name:
	// readHeader and maxLength7, but not openssl or Upgrade.
	humpPattern = regexp.MustCompile(`[a-z0-9][A-Z]`)
	// editPattern matches a task that says where to edit, "In `readHeader`,"
	// or 在 `readHeader` 中, and captures the declaration; sentenceEnd ends it.
	editPattern = regexp.MustCompile("(?:In|在) `([A-Za-z_][\\w.]*)`[ ,，中里]")
	sentenceEnd = regexp.MustCompile(`[.?!](?:\s|$)|[。？！]`)
)

// addSource adds what tasks may name of one Go file, test or not.
func (s *stepCode) addSource(rel string, src []byte, fset *token.FileSet, file *ast.File) {
	s.files = append(s.files, rel)
	for _, decl := range file.Decls {
		for _, name := range repo.DeclNames(decl) {
			text := string(src[fset.Position(decl.Pos()).Offset:fset.Position(decl.End()).Offset])
			s.decls[name] += text
			if _, method, ok := strings.Cut(name, "."); ok {
				s.decls[method] += text
			}
		}
	}
	ast.Inspect(file, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			s.used[id.Name] = true
		}
		return true
	})
}

// taskText returns the text of doc that sets tasks, other lines and fenced
// blocks blanked: all of a workshop exercise file, and an article's "Try
// it" and "Exercises" sections.
func taskText(doc *document) string {
	secs := doc.englishSections()
	if _, zh := englishTwin(doc.path); zh {
		secs = doc.translatedSections()
	}
	all, article := strings.Contains(doc.path, "/exercises/"), articlePattern.MatchString(path.Base(doc.path))
	lines := make([]string, len(doc.lines))
	for _, s := range secs {
		for i := s.start; i < s.end && (all || article && (s.anchor == "try-it" || s.anchor == "exercises")); i++ {
			if end := doc.fenceEnd(i); end != i {
				i = end
			} else {
				lines[i] = doc.text(i)
			}
		}
	}
	return strings.Join(lines, "\n")
}

// checkTasks reports the code spans of doc's tasks that name a test, a Go
// file or a Go name that its step lacks (a test that no step has is
// checkTestNames's), and the edits whose code is not where they say.
func checkTasks(doc *document, steps *stepIndex, tests map[string]bool) []problem {
	text := taskText(doc)
	if strings.TrimSpace(text) == "" {
		return nil
	}
	sc, err := steps.scopeFor(doc.path)
	if err != nil {
		return []problem{newProblem(doc.path, 1, "cannot check the names in tasks: "+err.Error())}
	}
	var problems []problem
	report := func(offset int, format string, args ...any) {
		problems = append(problems, newProblem(doc.path, strings.Count(text[:offset], "\n")+1, fmt.Sprintf(format, args...)))
	}
	for _, loc := range codeSpanPattern.FindAllStringSubmatchIndex(text, -1) {
		span := strings.Join(strings.Fields(text[loc[2]:loc[3]]), " ")
		t := testSpanPattern.FindStringSubmatch("`" + span + "`")
		if (t == nil || tests[t[1]]) && !slices.ContainsFunc(sc.steps, func(s *stepCode) bool { return s.knows(span) }) {
			report(loc[0], "a task names `%s`, which %s", span, sc.lacks(mention{}))
		}
	}
	for _, loc := range editPattern.FindAllStringSubmatchIndex(text, -1) {
		decl, rest := text[loc[2]:loc[3]], text[loc[1]:]
		if end := sentenceEnd.FindStringIndex(rest); end != nil {
			rest = rest[:end[0]]
		}
		// The sentence's first span is what to edit; the next may be new code.
		target := codeSpanPattern.FindStringSubmatch(rest)
		for _, s := range sc.steps {
			switch {
			case s.decls[decl] == "" && text[loc[1]-1] == ',' && !sc.all: // "In `F`,"; 在 `F` 中 may just say where
				report(loc[0], "a task edits %s, which %s", decl, sc.lacks(mention{}))
			case s.decls[decl] != "" && target != nil && strings.Contains(s.code, target[1]) && !strings.Contains(s.decls[decl], target[1]):
				report(loc[0], "a task edits `%s` in %s, which does not hold it", target[1], decl)
			}
		}
	}
	return problems
}

// knows reports whether span, a code span of a task, names what the step
// has (a test, a Go file, or a name it declares or uses) or no code at all.
func (s *stepCode) knows(span string) bool {
	if t := testSpanPattern.FindStringSubmatch("`" + span + "`"); t != nil {
		return s.decls[t[1]] != ""
	}
	if strings.HasSuffix(span, ".go") && !strings.ContainsAny(span, " *") {
		return slices.ContainsFunc(s.files, func(f string) bool { return f == span || strings.HasSuffix(f, "/"+span) })
	}
	m := nameSpanPattern.FindStringSubmatch(span)
	switch {
	case m == nil, s.imports[m[1]]:
		return true // no Go name, or the standard library's
	case m[2] == "":
		return m[3] == "" && !humpPattern.MatchString(m[1]) || s.used[m[1]]
	case !s.used[m[1]] && m[1] == strings.ToLower(m[1]):
		return true // go.mod
	}
	_, last := splitQualified(m[2])
	return s.used[last]
}
