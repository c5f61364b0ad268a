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

	"github.com/BurntSushi/toml"
	"github.com/spec2lib/websocket/internal/repo"
)

// An exercise is one function (or method) of a step that the student writes
// again.
type exercise struct {
	ID      string   `toml:"id"`      // "03.2": the step's number, then the exercise's
	Source  string   `toml:"file"`    // "step03-frames/frame.go"
	Func    string   `toml:"func"`    // "readHeader", or "Conn.Ping" for a method
	Tests   []string `toml:"tests"`   // the tests that fail while the function is a stub
	Stub    string   `toml:"stub"`    // the stub's statements; "" means the default
	Minutes int      `toml:"minutes"` // the timetables' minutes of work; read by internal/lesson alone
	Solved  bool     `toml:"solved"`  // left solved by init: the intro exercise

	Mistakes []mistake `toml:"mistakes"` // common mistakes, which its own tests must catch

	Step string `toml:"-"` // "step03-frames", the directory of Source
	File string `toml:"-"` // "frame.go", or "websocket/read.go" in a subpackage, in Step

	Title   string   `toml:"-"` // "Decode a frame header"
	Task    string   `toml:"-"` // markdown: what to do
	Hints   []string `toml:"-"` // markdown, in the order they are given
	Article string   `toml:"-"` // the link to the article's section, as written

	Doc  string `toml:"-"` // the markdown file, relative to the root: docs/exercises/03-frames.md
	Line int    `toml:"-"` // the line of the exercise's heading in Doc
}

// A mistake is a common wrong answer to an exercise, as a small edit of
// its solution: From, which occurs once in the solution's text, becomes
// To. verify makes the edit and wants one of the exercise's own tests
// to fail.
type mistake struct {
	Why  string `toml:"why"`  // what the student got wrong, for the instructor
	From string `toml:"from"` // text of the solution's function
	To   string `toml:"to"`   // what the mistake puts in its place
}

// path is the exercise's file, relative to the repository root.
func (e *exercise) path() string { return path.Join(e.Step, e.File) }

// pkgDir is the directory of the package that holds the exercise,
// relative to the step: "." for the step's package main, or a
// subpackage such as step06's library, "websocket".
func (e *exercise) pkgDir() string { return path.Dir(e.File) }

// stepPattern is what go test takes for a step: its package and any
// subpackage, so that a step's tests are all of its tests.
func stepPattern(step string) string { return "./" + step + "/..." }

// where locates the exercise's definition for an error message.
func (e *exercise) where() string { return fmt.Sprintf("%s:%d", e.Doc, e.Line) }

var (
	// exerciseDocPattern matches the file of a step's exercises and
	// captures the step's directory name without "step": 03-frames.md.
	exerciseDocPattern = regexp.MustCompile(`^([0-9]{2})-[a-z0-9-]+\.md$`)
	// exerciseHeadingPattern is the text of an exercise's heading: its ID
	// and its title.
	exerciseHeadingPattern = regexp.MustCompile(`^([0-9]{2})\.([0-9]+)\s+(.+)$`)
	// translationLine matches what a translation adds for docscheck and
	// a reader skips: the anchor above a heading, which keeps the
	// English section's link working, and the record below it of the
	// English prose it translates.
	translationLine = regexp.MustCompile(`^(<a id="[^"]*"></a>|<!-- en: [0-9a-f]+ -->)\s*$`)
)

// exerciseList is the file that lists the exercises.
const exerciseList = "docs/exercises/exercises.toml"

// exercisesDir is where the exercise texts of lang live: docs/exercises
// for English, docs/LANG/exercises for a translation, so that a
// translated edition mirrors the English tree as docs/zh-CN does.
func exercisesDir(lang string) string {
	if lang == "" || lang == "en" {
		return "docs/exercises"
	}
	return path.Join("docs", lang, "exercises")
}

// loadExercises reads every exercise of the repository or copy at root, in
// the list's order, in the language of t: the English texts, then the title,
// task and hints of each exercise that t's translation has translated.
func loadExercises(root string, t texts) ([]*exercise, error) {
	all, err := readList(root, t)
	if err != nil {
		return nil, err
	}
	if err := readTexts(root, t, "en", all); err != nil {
		return nil, err
	}
	for _, e := range all {
		if e.Doc == "" {
			return nil, t.err("%[1]s: %[2]s has no text in %[3]s: write its section, ## %[2]s and a title", exerciseList, e.ID, exercisesDir("en"))
		}
	}
	if t.lang == "en" {
		return all, nil
	}
	if err := readTexts(root, t, t.lang, all); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err // none translated yet is English throughout
	}
	return all, nil
}

// readList reads the exercise list and checks each entry's form.
func readList(root string, t texts) ([]*exercise, error) {
	var list struct{ Exercise []*exercise }
	md, err := toml.DecodeFile(filepath.Join(root, filepath.FromSlash(exerciseList)), &list)
	if err != nil {
		return nil, fmt.Errorf("reading the exercise list: %w", err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return nil, t.err("%[1]s: %[2]s: %[3]s", exerciseList, keys[0].String(), t.err("unknown field %[1]q (id, file, func, tests, stub, minutes, solved, mistakes)", keys[0].String()))
	}
	if len(list.Exercise) == 0 {
		return nil, t.err("no exercises in %[1]s", exerciseList)
	}
	for _, e := range list.Exercise {
		fail := func(err error) error { return t.err("%[1]s: %[2]s: %[3]s", exerciseList, e.ID, err) }
		m := exerciseIDPattern.FindStringSubmatch(e.ID)
		if m == nil || e.Source == "" || e.Func == "" {
			return nil, fail(t.err(`wants id, file and func, as id = "03.2", file = "step03-frames/frame.go", func = "readHeader"`))
		}
		step, file, _ := strings.Cut(e.Source, "/")
		e.Step, e.File = step, file
		if !strings.HasPrefix(step, "step"+m[1]+"-") || path.Clean(file) != file ||
			!strings.HasSuffix(file, ".go") || strings.HasSuffix(file, "_test.go") {
			return nil, fail(t.err("file: %[1]s is not a non-test .go file of %[2]s", e.Source, "step"+m[1]+"-*"))
		}
	}
	return list.Exercise, nil
}

// exerciseIDPattern matches an exercise's ID and captures its step's number.
var exerciseIDPattern = regexp.MustCompile(`^([0-9]{2})\.[0-9]+$`)

// readTexts reads the texts of lang's exercise files (NN-name.md) into the
// exercises of exs.
func readTexts(root string, t texts, lang string, exs []*exercise) error {
	dir := exercisesDir(lang)
	entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(dir)))
	if err != nil {
		return fmt.Errorf("reading the exercise texts: %w", err)
	}
	for _, entry := range entries {
		if entry.IsDir() || !exerciseDocPattern.MatchString(entry.Name()) {
			continue
		}
		doc := path.Join(dir, entry.Name())
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(doc)))
		if err != nil {
			return fmt.Errorf("reading the exercise texts: %w", err)
		}
		texts, err := parseExercises(t, doc, string(src))
		if err != nil {
			return err
		}
		for _, tx := range texts {
			e := byID(exs, tx.ID)
			if e == nil {
				return t.err("%[1]s: %[2]s is not in the exercise list (%[3]s): a text describes only an exercise that exists", tx.where(), tx.ID, exerciseList)
			}
			e.Title, e.Task, e.Hints, e.Article = tx.Title, tx.Task, tx.Hints, tx.Article
			e.Doc, e.Line = tx.Doc, tx.Line
		}
	}
	return nil
}

// parseExercises reads the exercises of one NN-name.md: a level-2 heading
// "ID Title" up to the next level-1 or -2 heading; the task up to the first
// level-3 heading; each level-3 section a hint, whatever its heading says.
func parseExercises(t texts, doc, src string) ([]*exercise, error) {
	step := "step" + strings.TrimSuffix(path.Base(doc), ".md")
	lines := strings.Split(src, "\n")
	md := repo.ParseMarkdown([]byte(src))
	var exs []*exercise
	for i, h := range md.Headings {
		id := exerciseHeadingPattern.FindStringSubmatch(h.Text)
		if h.Level != 2 || id == nil {
			continue
		}
		e := &exercise{ID: id[1] + "." + id[2], Title: id[3], Doc: doc, Line: h.Line + 1}
		if "step"+id[1] != step[:len("stepNN")] {
			return nil, t.err("%[1]s: %[2]s: %[3]s", e.where(), e.ID, t.err("the ID must start with %[1]s, the number of its file", step[4:6]))
		}
		parts, end := splitLevel3(lines, h.Line+1, md.Headings[i+1:])
		e.Task = strings.TrimSpace(parts[0])
		for _, hint := range parts[1:] {
			e.Hints = append(e.Hints, strings.TrimSpace(hint))
		}
		e.Article = articleLink(md.Links, h.Line, end, step)
		exs = append(exs, e)
	}
	return exs, nil
}

// splitLevel3 cuts the lines from start to the next level-1 or level-2
// heading at the level-3 headings among next: the text before the first,
// then each level-3 section without its heading line.
func splitLevel3(lines []string, start int, next []repo.Heading) (parts []string, end int) {
	parts = []string{""}
	for end = start; end < len(lines); end++ {
		for len(next) > 0 && next[0].Line < end {
			next = next[1:]
		}
		if len(next) > 0 && next[0].Line == end && next[0].Level <= 3 {
			if next[0].Level < 3 {
				break
			}
			parts = append(parts, "")
			continue
		}
		if !translationLine.MatchString(lines[end]) {
			parts[len(parts)-1] += lines[end] + "\n"
		}
	}
	return parts, end
}

// articleLink returns the first link on the lines from start to end to the
// article of step (../03-frames.md#anchor for step03-frames), or "".
func articleLink(links []repo.Link, start, end int, step string) string {
	article := "../" + strings.TrimPrefix(step, "step") + ".md"
	for _, l := range links {
		if start <= l.Line && l.Line < end && strings.HasPrefix(l.Dest, article) {
			return l.Dest
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

// ownTests returns the tests of e that no other exercise of step lists:
// they pass or fail with e's code alone.
func ownTests(e *exercise, step []*exercise) []string {
	var own []string
	for _, t := range e.Tests {
		if len(listing(step, t)) == 1 {
			own = append(own, t)
		}
	}
	return own
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

// at is e where a later step carries its function: the same exercise,
// in the step and file of path (step04-transport/frame.go).
func (e *exercise) at(path string) *exercise {
	c := *e
	c.Step, c.File, _ = strings.Cut(path, "/")
	return &c
}
