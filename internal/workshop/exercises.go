package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// An exercise is one function (or method) of a step that the student
// writes again. The canonical code carries no marker: the list in
// docs/exercises/NN-name.md names the function, and the function as it
// stands is the solution.
type exercise struct {
	ID     string   // "03.2": the step's number, then the exercise's
	Title  string   // "Decode a frame header"
	Step   string   // "step03-frames"
	File   string   // "frame.go", in Step
	Func   string   // "readHeader", or "Conn.Ping" for a method
	Tests  []string // the tests that fail while the function is a stub
	Stub   string   // the stub's statements; "" means the default
	Solved bool     // left solved by init: the intro exercise

	Task    string   // markdown: what to do
	Hints   []string // markdown, in the order they are given
	Article string   // the link to the article's section, as written

	Doc  string // the markdown file, relative to the root: docs/exercises/03-frames.md
	Line int    // the line of the exercise's heading in Doc
}

// path is the exercise's file, relative to the repository root.
func (e *exercise) path() string { return path.Join(e.Step, e.File) }

// pkgDir is the directory of the package that holds the exercise,
// relative to the step: "." for the step's package main, or a
// subpackage such as step06's library, "websocket".
func (e *exercise) pkgDir() string { return path.Dir(e.File) }

// pkgName is the name of that package: main for the step's own, and
// the directory's name for a subpackage, as Go's convention has it.
func (e *exercise) pkgName() string {
	if dir := e.pkgDir(); dir != "." {
		return path.Base(dir)
	}
	return "main"
}

// stepPattern is what go test takes for a step: its package and any
// subpackage, so that a step's tests are all of its tests.
func stepPattern(step string) string { return "./" + step + "/..." }

// where locates the exercise's definition for an error message.
func (e *exercise) where() string { return fmt.Sprintf("%s:%d", e.Doc, e.Line) }

var (
	// exerciseDocPattern matches the file of a step's exercises and
	// captures the step's directory name without "step": 03-frames.md.
	exerciseDocPattern = regexp.MustCompile(`^([0-9]{2})-[a-z0-9-]+\.md$`)
	// headingPattern matches an ATX heading and captures its level and text.
	headingPattern = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	// exerciseHeadingPattern is the text of an exercise's heading: its ID
	// and its title.
	exerciseHeadingPattern = regexp.MustCompile(`^([0-9]{2})\.([0-9]+)\s+(.+)$`)
	// translationLine matches what a translation adds for docscheck and
	// a reader skips: the anchor above a heading, which keeps the
	// English section's link working, and the record below it of the
	// English prose it translates.
	translationLine = regexp.MustCompile(`^(<a id="[^"]*"></a>|<!-- en: [0-9a-f]+ -->)\s*$`)
	// linkPattern matches a markdown link and captures its destination.
	linkPattern = regexp.MustCompile(`\]\(([^()\s]+)\)`)
)

// exercisesDir is where the exercise texts of lang live: docs/exercises
// for English, docs/LANG/exercises for a translation, so that a
// translated edition mirrors the English tree as docs/zh-CN does.
func exercisesDir(lang string) string {
	if lang == "" || lang == "en" {
		return "docs/exercises"
	}
	return path.Join("docs", lang, "exercises")
}

// loadExercises reads every exercise of the repository or copy at root,
// in step order, in the language of t: the English list, with the title,
// task and hints of each exercise that t's translation has translated.
// It checks the form of each file; whether what they name exists is
// lint's job.
func loadExercises(root string, t texts) ([]*exercise, error) {
	all, err := readExerciseDir(root, t, exercisesDir("en"))
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, t.err(msgNoExercises, exercisesDir("en"))
	}
	if t.lang == "en" {
		return all, nil
	}
	translated, err := readExerciseDir(root, t, exercisesDir(t.lang))
	if errors.Is(err, fs.ErrNotExist) {
		return all, nil // nothing translated yet: English throughout
	}
	if err != nil {
		return nil, err
	}
	if err := overlay(t, all, translated); err != nil {
		return nil, err
	}
	return all, nil
}

// readExerciseDir reads the exercise files (NN-name.md) of dir, in step
// order.
func readExerciseDir(root string, t texts, dir string) ([]*exercise, error) {
	entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(dir)))
	if err != nil {
		return nil, fmt.Errorf("reading the exercise list: %w", err)
	}
	var all []*exercise
	for _, e := range entries {
		if e.IsDir() || !exerciseDocPattern.MatchString(e.Name()) {
			continue
		}
		doc := path.Join(dir, e.Name())
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(doc)))
		if err != nil {
			return nil, fmt.Errorf("reading the exercise list: %w", err)
		}
		exs, err := parseExercises(t, doc, string(src))
		if err != nil {
			return nil, err
		}
		all = append(all, exs...)
	}
	return all, nil
}

// overlay puts the texts of the translated exercises into the English
// ones. The definition is the English file's: a translation that names
// an exercise the English list lacks, or defines one differently, is
// an error, so that a translation cannot drift from the code it teaches.
func overlay(t texts, english, translated []*exercise) error {
	for _, tr := range translated {
		en := byID(english, tr.ID)
		if en == nil {
			return t.err(msgTransUnknown, tr.where(), tr.ID, exercisesDir("en"))
		}
		if !sameDefinition(en, tr) {
			return t.err(msgTransDiffers, tr.where(), tr.ID, en.where())
		}
		en.Title, en.Task, en.Hints, en.Article = tr.Title, tr.Task, tr.Hints, tr.Article
		en.Doc, en.Line = tr.Doc, tr.Line
	}
	return nil
}

// sameDefinition reports whether a and b define the same exercise: its
// function, tests and stub.
func sameDefinition(a, b *exercise) bool {
	return a.Step == b.Step && a.File == b.File && a.Func == b.Func &&
		slices.Equal(a.Tests, b.Tests) && a.Stub == b.Stub && a.Solved == b.Solved
}

// parseExercises reads the exercises of one file. The format:
//
//	## 03.2 Decode a frame header
//
//	<!-- exercise: step03-frames/frame.go readHeader
//	tests: TestDecodeErrors TestDecodeRFCExamples
//	stub: return header{}, errTodo("03.2")
//	-->
//
//	The task, in markdown, with a link to the article's section.
//
//	### Hint 1
//	...
//
// An exercise is a level-2 heading that starts with its ID; it runs to
// the next level-1 or level-2 heading. The comment comes first; the task
// is the text up to the first level-3 heading; each level-3 section is a
// hint, in order, whatever its heading says, so that a translation may
// word its headings as it likes.
func parseExercises(t texts, doc, src string) ([]*exercise, error) {
	m := exerciseDocPattern.FindStringSubmatch(path.Base(doc))
	if m == nil {
		return nil, t.err(msgParseFileName, doc)
	}
	step := "step" + strings.TrimSuffix(path.Base(doc), ".md")
	var (
		exs []*exercise
		cur *section
	)
	finish := func() error {
		if cur == nil {
			return nil
		}
		e, err := cur.exercise(t, doc, step)
		if err != nil {
			return err
		}
		exs = append(exs, e)
		cur = nil
		return nil
	}
	fenced := false
	for i, line := range strings.Split(src, "\n") {
		if isFence(line) {
			fenced = !fenced
		}
		if !fenced && translationLine.MatchString(line) {
			continue
		}
		h := headingPattern.FindStringSubmatch(line)
		if fenced || h == nil || len(h[1]) > 2 {
			if cur != nil {
				cur.lines = append(cur.lines, line)
			}
			continue
		}
		if err := finish(); err != nil {
			return nil, err
		}
		if id := exerciseHeadingPattern.FindStringSubmatch(h[2]); len(h[1]) == 2 && id != nil {
			cur = &section{heading: h[2], line: i + 1}
		}
	}
	if err := finish(); err != nil {
		return nil, err
	}
	return exs, nil
}

// isFence reports whether line opens or closes a fenced code block, in
// which a # does not start a heading.
func isFence(line string) bool {
	t := strings.TrimLeft(line, " ")
	return strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")
}

// A section is the markdown of one exercise, heading excluded.
type section struct {
	heading string
	line    int
	lines   []string
}

// exercise makes the exercise that s describes.
func (s *section) exercise(t texts, doc, step string) (*exercise, error) {
	m := exerciseHeadingPattern.FindStringSubmatch(s.heading)
	e := &exercise{ID: m[1] + "." + m[2], Title: m[3], Doc: doc, Line: s.line}
	fail := func(err error) error {
		return t.err(msgLintWhere, e.where(), e.ID, err)
	}
	if "step"+m[1] != step[:len("stepNN")] {
		return nil, fail(t.err(msgParseIDPrefix, step[4:6]))
	}
	body := strings.Join(s.lines, "\n")
	comment, rest, err := exerciseComment(t, body)
	if err != nil {
		return nil, fail(err)
	}
	if err := e.setFields(t, comment, step); err != nil {
		return nil, fail(err)
	}
	parts := splitLevel3(rest)
	e.Task = strings.TrimSpace(parts[0])
	for _, h := range parts[1:] {
		e.Hints = append(e.Hints, strings.TrimSpace(h))
	}
	e.Article = articleLink(body, step)
	return e, nil
}

// exerciseComment finds the <!-- exercise: ... --> comment that must
// open an exercise's text, and returns its content and the text after it.
func exerciseComment(t texts, body string) (comment, rest string, err error) {
	trimmed := strings.TrimLeft(body, " \t\n")
	if !strings.HasPrefix(trimmed, "<!-- exercise:") {
		return "", "", t.err(msgParseNoComment)
	}
	end := strings.Index(trimmed, "-->")
	if end < 0 {
		return "", "", t.err(msgParseNoEnd)
	}
	return strings.TrimPrefix(trimmed[:end], "<!--"), trimmed[end+len("-->"):], nil
}

// setFields sets the exercise's fields from its comment.
func (e *exercise) setFields(t texts, comment, step string) error {
	fields, err := commentFields(t, comment)
	if err != nil {
		return err
	}
	target := strings.Fields(fields["exercise"])
	if len(target) != 2 {
		return t.err(msgParseWantTarget)
	}
	file, inStep := strings.CutPrefix(target[0], step+"/")
	if !inStep || path.Clean(file) != file || !strings.HasSuffix(file, ".go") || strings.HasSuffix(file, "_test.go") {
		return t.err(msgParseNotStepFile, target[0], step)
	}
	e.Step, e.File, e.Func = step, file, target[1]
	e.Tests = strings.Fields(fields["tests"])
	e.Stub = fields["stub"]
	switch fields["solved"] {
	case "":
	case "yes":
		e.Solved = true
	default:
		return t.err(msgParseSolved)
	}
	return nil
}

// commentFields reads the fields of an exercise's comment: "key: value"
// lines, where a line that starts with a space or a tab continues the
// one before. The keys are exercise, tests, stub and solved.
func commentFields(t texts, comment string) (map[string]string, error) {
	fields := make(map[string]string)
	last := ""
	for _, line := range strings.Split(comment, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && last != "" {
			fields[last] += " " + strings.TrimSpace(line)
			continue
		}
		key, value, ok := strings.Cut(strings.TrimSpace(line), ":")
		switch {
		case !ok:
			return nil, t.err(msgParseNotKeyValue, strings.TrimSpace(line))
		case !slices.Contains([]string{"exercise", "tests", "stub", "solved"}, key):
			return nil, t.err(msgParseUnknownField, key)
		}
		if _, dup := fields[key]; dup {
			return nil, t.err(msgParseTwice, key)
		}
		last = key
		fields[key] = strings.TrimSpace(value)
	}
	return fields, nil
}

// splitLevel3 cuts markdown at its level-3 headings: the text before
// the first, then each level-3 section without its heading line.
func splitLevel3(md string) []string {
	parts := []string{""}
	fenced := false
	for _, line := range strings.Split(md, "\n") {
		if isFence(line) {
			fenced = !fenced
		}
		if h := headingPattern.FindStringSubmatch(line); !fenced && h != nil && len(h[1]) == 3 {
			parts = append(parts, "")
			continue
		}
		parts[len(parts)-1] += line + "\n"
	}
	return parts
}

// articleLink returns the first link in md to the article of step
// (../03-frames.md#anchor for step03-frames), or "".
func articleLink(md, step string) string {
	article := "../" + strings.TrimPrefix(step, "step") + ".md"
	for _, m := range linkPattern.FindAllStringSubmatch(md, -1) {
		if strings.HasPrefix(m[1], article) {
			return m[1]
		}
	}
	return ""
}

// stepOf returns the two-digit number of an exercise ID: 03 for 03.2.
func stepOf(id string) string {
	n, _, _ := strings.Cut(id, ".")
	return n
}

// byID finds an exercise.
func byID(exs []*exercise, id string) *exercise {
	for _, e := range exs {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// stepsOf returns the step directories of exs, in order, each once.
func stepsOf(exs []*exercise) []string {
	var steps []string
	for _, e := range exs {
		if !slices.Contains(steps, e.Step) {
			steps = append(steps, e.Step)
		}
	}
	return steps
}

// inStep returns the exercises of one step, in order.
func inStep(exs []*exercise, step string) []*exercise {
	var mine []*exercise
	for _, e := range exs {
		if e.Step == step {
			mine = append(mine, e)
		}
	}
	return mine
}

// mappedTests returns the tests of a step's exercises, each once, in the
// order the exercises list them.
func mappedTests(exs []*exercise) []string {
	var tests []string
	for _, e := range exs {
		for _, t := range e.Tests {
			if !slices.Contains(tests, t) {
				tests = append(tests, t)
			}
		}
	}
	return tests
}
