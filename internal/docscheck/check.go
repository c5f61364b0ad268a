package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spec2lib/websocket/internal/repo"
)

// A problem is one disagreement between the docs and the repository,
// located in a markdown file.
type problem struct {
	file   string   // markdown file, relative to the repository root
	line   int      // 1-based
	msg    string   // one line
	detail []string // optional indented lines below msg
	stale  bool     // a block that -w can fix by copying the code
}

func newProblem(file string, line int, msg string, detail ...string) problem {
	return problem{file: file, line: line, msg: msg, detail: detail}
}

// pos is where the problem is, in the file:line form editors jump to.
func (p problem) pos() string { return fmt.Sprintf("%s:%d", p.file, p.line) }

func (p problem) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", p.pos(), p.msg)
	for _, d := range p.detail {
		fmt.Fprintf(&b, "\t%s\n", d)
	}
	return b.String()
}

// A report is the outcome of check.
type report struct {
	files      int          // markdown files read
	blocks     int          // marked code blocks found
	diagrams   int          // Mermaid diagrams whose names were checked
	links      int          // relative links checked
	translated int          // sections of translations compared with English
	native     []nativeStat // how Chinese each translation reads
	rewritten  []string     // one line per block -w replaced
	problems   []problem    // what is still wrong
}

// check compares every marked code block in the markdown files under root
// with the code it names, checks relative links, checks that diagrams name
// only code that exists, that the tests named in prose exist, and compares
// translations with their English twins.
func check(root string, rewrite bool) (report, error) {
	var rep report
	// A mistyped -root must not pass as "no docs yet".
	if info, err := os.Stat(root); err != nil {
		return rep, err
	} else if !info.IsDir() {
		return rep, fmt.Errorf("%s is not a directory", root)
	}
	files, err := markdownFiles(root)
	if err != nil {
		return rep, err
	}
	steps := newStepIndex(root)
	tests, err := loadTestNames(root)
	if err != nil {
		return rep, err
	}
	for _, file := range files {
		if err := checkFile(root, file, rewrite, steps, tests, &rep); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// markdownFiles returns README.md and the *.md files under docs/, its
// subdirectories included (the translations in docs/zh-CN/ are checked as
// the English files are), relative to root and slash-separated.
func markdownFiles(root string) ([]string, error) {
	var files []string
	if _, err := os.Stat(filepath.Join(root, "README.md")); err == nil {
		files = append(files, "README.md")
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	docs, err := repo.Files(filepath.Join(root, "docs"), ".md")
	for _, p := range docs {
		rel, _ := filepath.Rel(root, p)
		files = append(files, filepath.ToSlash(rel))
	}
	if errors.Is(err, fs.ErrNotExist) {
		err = nil // no docs/ yet
	}
	return files, err
}

// checkFile checks one markdown file and, with rewrite, writes it back if
// any block changed.
func checkFile(root, file string, rewrite bool, steps *stepIndex, tests map[string]bool, rep *report) error {
	filename := filepath.Join(root, filepath.FromSlash(file))
	src, err := os.ReadFile(filename)
	if err != nil {
		return err
	}
	doc := parseDocument(file, src)
	rep.files++
	updated, blockProblems := checkBlocks(root, doc, rewrite, rep)
	translationProblems, err := checkTranslation(root, doc, rep)
	if err != nil {
		return err
	}
	if _, zh := englishTwin(file); zh {
		st, nativeProblems := checkNative(doc)
		rep.native = append(rep.native, st)
		translationProblems = append(translationProblems, nativeProblems...)
	}
	problems := slices.Concat(doc.problems, blockProblems, checkLinks(root, doc, rep),
		checkDiagrams(doc, steps, rep), checkTestNames(doc, tests), checkTasks(doc, steps, tests), translationProblems)
	// Found in passes (markdown, blocks, links...); report them top to bottom.
	slices.SortStableFunc(problems, func(a, b problem) int { return a.line - b.line })
	rep.problems = append(rep.problems, problems...)

	if !rewrite || updated == string(src) {
		return nil
	}
	info, err := os.Stat(filename)
	if err != nil {
		return err
	}
	return os.WriteFile(filename, []byte(updated), info.Mode().Perm())
}

// checkBlocks checks the marked blocks of doc.
func checkBlocks(root string, doc *document, rewrite bool, rep *report) (string, []problem) {
	var problems []problem
	// The text is rebuilt as we go: lines outside blocks are copied,
	// blocks are copied or replaced.
	var out strings.Builder
	next := 0
	for _, b := range doc.blocks {
		rep.blocks++
		out.WriteString(strings.Join(doc.lines[next:b.fence.Open+1], ""))
		next = b.fence.Close
		content := doc.content(b)
		want, p := checkBlock(root, doc, b)
		switch {
		case p == nil:
		case rewrite && p.stale:
			content = want
			rep.rewritten = append(rep.rewritten,
				fmt.Sprintf("%s:%d: rewrote block from %s", doc.path, b.markerLine, b.marker))
		default:
			problems = append(problems, *p)
		}
		out.WriteString(content)
	}
	out.WriteString(strings.Join(doc.lines[next:], ""))
	return out.String(), problems
}

// checkBlock returns the text block b should hold, and the problem with it
// if any.
func checkBlock(root string, doc *document, b block) (string, *problem) {
	at := func(msg string, detail ...string) *problem {
		p := newProblem(doc.path, b.markerLine, msg, detail...)
		return &p
	}
	want, err := expected(root, b.marker)
	if err != nil {
		return "", at(err.Error())
	}
	if line := closingLine(b.fence, want.text); line > 0 {
		return "", at(fmt.Sprintf("%s:%d would close the %s fence; use a longer fence",
			b.marker.path, want.line+line-1, strings.Repeat(string(b.fence.Char), b.fence.Length)))
	}
	got := doc.content(b)
	if got == want.text {
		return want.text, nil
	}
	p := at("block differs from "+b.marker.String(), firstDifference("docs",
		got, location{file: doc.path, line: b.fence.Open + 2},
		"code", want.text, location{file: b.marker.path, line: want.line})...)
	p.stale = true
	return want.text, p
}

// expected reads the snippet a marker names.
func expected(root string, m marker) (snippet, error) {
	if !filepath.IsLocal(filepath.FromSlash(m.path)) {
		return snippet{}, fmt.Errorf("marker path %s must be relative to the repository root and stay inside it", m.path)
	}
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(m.path)))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return snippet{}, fmt.Errorf("marker names missing file %s", m.path)
		}
		return snippet{}, err
	}
	if m.name == "" {
		return wholeFile(src), nil
	}
	if !strings.HasSuffix(m.path, ".go") {
		return snippet{}, fmt.Errorf("marker names %s in %s, but only Go files have declarations", m.name, m.path)
	}
	return declSnippet(m.path, src, m.name)
}

// closingLine returns the 1-based line of text that would close f early,
// or 0. Such text cannot be shown in this fence at all.
func closingLine(f repo.Fence, text string) int {
	for i, line := range strings.Split(text, "\n") {
		if f.ClosedBy(line) {
			return i + 1
		}
	}
	return 0
}
