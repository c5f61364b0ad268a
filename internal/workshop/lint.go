package main

import (
	"fmt"
	"go/ast"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/spec2lib/websocket/internal/repo"
)

// lint checks that the exercise list names what exists: IDs in order, each
// with a test of its own; files, functions, tests; a stub that calls todo or
// errTodo with its ID; a task, two or three hints, a link to the article.
func lint(t texts, root string, exs []*exercise) (problems, warnings []string) {
	for _, step := range stepsOf(exs) {
		tests, err := stepTests(filepath.Join(root, step))
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", step, err))
		}
		mine := inStep(exs, step)
		for i, e := range mine {
			if want := fmt.Sprintf("%s.%d", stepOf(e.ID), i+1); e.ID != want {
				problems = append(problems, t.f("%[1]s: %[2]s should be %[3]s: exercises are numbered 1, 2, 3 in the order of the file", e.where(), e.ID, want))
			}
			// Each exercise needs a test no other one lists: the test that proves it alone.
			if !slices.ContainsFunc(e.Tests, func(test string) bool { return len(listing(mine, test)) == 1 }) {
				problems = append(problems, t.f("%[1]s: %[2]s has no test of its own: every test it lists, another exercise lists too", e.where(), e.ID))
			}
			p, w := lintExercise(t, root, e, tests)
			problems, warnings = append(problems, p...), append(warnings, w...)
		}
	}
	return problems, warnings
}

// lintTranslations checks each translation of the exercise texts: that it
// loads, so that its definitions are the English ones, and that its tasks,
// hints and article links pass lint.
func lintTranslations(t texts, root string) (problems, figures []string) {
	for _, lang := range languages[1:] {
		tl, err := newTexts(lang)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		exs, err := loadExercises(root, tl)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		translated := 0
		for _, e := range exs {
			if strings.HasPrefix(e.Doc, exercisesDir(lang)+"/") {
				translated++
			}
		}
		p, _ := lint(t, root, exs)
		problems = append(problems, p...)
		figures = append(figures, t.f("translation %[1]s: %[2]d of %[3]d exercises translated in %[4]s, with the English definitions; their tasks, hints and links check", lang, translated, len(exs), exercisesDir(lang)))
	}
	return problems, figures
}

// lintExercise checks one exercise against the step's code and tests.
func lintExercise(t texts, root string, e *exercise, stepTests []string) (problems, warnings []string) {
	bad := func(what any) {
		problems = append(problems, t.f("%[1]s: %[2]s: %[3]s", e.where(), e.ID, what))
	}
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(e.path())))
	if err != nil {
		bad(err)
		return problems, nil
	}
	if text, err := funcText(e.path(), src, e.Func); err != nil {
		bad(err)
	} else {
		if n := strings.Count(text, "\n") - 1; n < 5 || n > 25 {
			warnings = append(warnings, t.f("%[1]s: %[2]s: %[3]s", e.where(), e.ID, t.f("the body of %[1]s is %[2]d lines; an exercise should have 5 to 25", e.Func, n)))
		}
		problems = append(problems, lintMistakes(t, e, text)...)
	}
	if stub, err := stubOf(e, src); err != nil {
		bad(err)
	} else if q := strconv.Quote(e.ID); !strings.Contains(stub, "todo("+q+")") && !strings.Contains(stub, "errTodo("+q+")") {
		bad(t.f("the stub must call todo(%[1]s) or errTodo(%[1]s)", q))
	}
	if len(e.Tests) == 0 {
		bad(t.f("no tests: list those that fail while %[1]s is a stub", e.Func))
	}
	for i, test := range e.Tests {
		if !slices.Contains(stepTests, test) {
			bad(t.f("%[1]s has no test %[2]s", e.Step, test))
		}
		if slices.Contains(e.Tests[:i], test) {
			bad(t.f("%[1]s is listed twice", test))
		}
	}
	if e.Task == "" {
		bad(t.f("no task: write it between the heading and the first ### hint"))
	}
	if n := len(e.Hints); n < 2 || n > 3 {
		bad(t.f("%[1]d hints: give 2 or 3 (### sections)", n))
	}
	for i, h := range e.Hints {
		if h == "" {
			bad(t.f("hint %[1]d is empty", i+1))
		}
	}
	if p := checkArticleLink(t, root, e); p != "" {
		bad(p)
	}
	return problems, warnings
}

// stepTests returns the names of the top-level Test and Fuzz functions
// of the step in dir, and of its subpackages.
func stepTests(dir string) ([]string, error) {
	files, err := repo.Files(dir, ".go")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, file := range slices.DeleteFunc(files, func(f string) bool { return !repo.IsTest(f) }) {
		f, err := readGo(file)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && isTestName(fd.Name.Name) {
				names = append(names, fd.Name.Name)
			}
		}
	}
	return names, nil
}

// isTestName reports whether name is a test go test runs: Test or Fuzz,
// then nothing or a character that is not a lower-case letter.
func isTestName(name string) bool {
	for _, prefix := range []string{"Test", "Fuzz"} {
		if rest, ok := strings.CutPrefix(name, prefix); ok && name != "TestMain" {
			return rest == "" || !unicode.IsLower([]rune(rest)[0])
		}
	}
	return false
}

// checkArticleLink checks that the exercise links to a section of its
// step's article that exists, and returns the problem, or "".
func checkArticleLink(t texts, root string, e *exercise) string {
	if e.Article == "" {
		return t.f("no link to the article (../%[1]s.md#section)", strings.TrimPrefix(e.Step, "step"))
	}
	file, anchor, _ := strings.Cut(e.Article, "#")
	target := path.Join(path.Dir(e.Doc), file)
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(target)))
	if err != nil {
		return t.f("the article link %[1]s does not resolve: %[2]v", e.Article, err)
	}
	if anchor == "" {
		return t.f("the article link %[1]s names no section (#anchor)", e.Article)
	}
	if !slices.Contains(headingSlugs(string(src)), anchor) {
		return t.f("the article link %[1]s does not resolve: %[2]s has no heading #%[3]s", e.Article, target, anchor)
	}
	return ""
}

// anchorPattern matches an explicit anchor, by which a translation keeps
// the English heading's slug, and captures its id.
var anchorPattern = regexp.MustCompile(`(?m)^<a id="([^"]+)"></a>\s*$`)

// headingSlugs returns the anchors GitHub gives the headings of md, and
// the ids of its <a id="..."></a> lines.
func headingSlugs(md string) []string {
	var slugs []string
	s := repo.NewSlugger()
	for _, h := range repo.ParseMarkdown([]byte(md)).Headings {
		slugs = append(slugs, s.Slug(h.Text))
	}
	for _, m := range anchorPattern.FindAllStringSubmatch(md, -1) {
		slugs = append(slugs, m[1]) // a translation's anchor: the English heading's slug
	}
	return slugs
}
