package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"

	"github.com/spec2lib/websocket/internal/repo"
)

// An article is the markdown that explains one step, split into what the
// table and the churn check read from it.
type article struct {
	path  string   // relative to the repository root; empty when the step has none
	prose string   // the text outside fenced code blocks and HTML comments
	lines []string // the lines outside fenced code blocks
}

// findArticle reads docs/NN-*.md for step NN. A step may not have its
// article yet; that is an article with no path, not an error. Translations
// in subdirectories such as docs/zh-CN/ are not matched by the glob.
func findArticle(root string, s repo.Step) (article, error) {
	matches, err := filepath.Glob(filepath.Join(root, "docs", s.Label()+"-*.md"))
	if err != nil {
		return article{}, fmt.Errorf("finding the article of %s: %w", s.Dir, err)
	}
	switch len(matches) {
	case 0:
		return article{}, nil
	case 1:
	default:
		return article{}, fmt.Errorf("%s has %d articles: %s", s.Dir, len(matches), strings.Join(matches, ", "))
	}
	src, err := os.ReadFile(matches[0])
	if err != nil {
		return article{}, fmt.Errorf("reading the article of %s: %w", s.Dir, err)
	}
	a := parseArticle(string(src))
	a.path = filepath.ToSlash(filepath.Join("docs", filepath.Base(matches[0])))
	return a, nil
}

// parseArticle sets fenced code blocks and HTML comments apart from the
// prose. A fence opens with three or more backticks or tildes and closes
// with at least as many of the same character, as in CommonMark. Fences
// may be indented, as inside a list item. A comment runs from "<!--" to the
// next "-->", across lines if need be.
func parseArticle(src string) article {
	var a article
	var prose strings.Builder
	var fence string // the opening fence while inside a code block
	inComment := false
	for _, line := range strings.Split(src, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case fence != "":
			if closesFence(trimmed, fence) {
				fence = ""
			}
			continue
		case !inComment:
			if f := openingFence(trimmed); f != "" {
				fence = f
				continue
			}
		}
		a.lines = append(a.lines, line)
		var text string
		text, inComment = stripComments(line, inComment)
		prose.WriteString(text + "\n")
	}
	a.prose = prose.String()
	return a
}

// openingFence returns the run of ``` or ~~~ that opens a fenced code
// block on this line, or "".
func openingFence(trimmed string) string {
	for _, c := range []string{"`", "~"} {
		n := len(trimmed) - len(strings.TrimLeft(trimmed, c))
		// A backtick fence's info string may not hold a backtick: such a
		// line is inline code, not a fence.
		if n >= 3 && (c == "~" || !strings.Contains(trimmed[n:], "`")) {
			return trimmed[:n]
		}
	}
	return ""
}

// closesFence says whether a line closes the code block opened by fence.
func closesFence(trimmed, fence string) bool {
	return strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]) == ""
}

// stripComments removes the HTML comments from one line. inComment says
// whether the line starts inside a comment; the result says whether it
// ends inside one.
func stripComments(line string, inComment bool) (string, bool) {
	var kept strings.Builder
	for line != "" {
		if inComment {
			end := strings.Index(line, "-->")
			if end < 0 {
				return kept.String(), true
			}
			line, inComment = line[end+len("-->"):], false
			continue
		}
		start := strings.Index(line, "<!--")
		if start < 0 {
			kept.WriteString(line)
			break
		}
		kept.WriteString(line[:start] + " ")
		line, inComment = line[start+len("<!--"):], true
	}
	return kept.String(), inComment
}

// countWords counts the words of prose: runs of non-space characters that
// hold a letter or a digit, so that table rules, list markers and heading
// marks are not words while `inline code` is. A link's target stays glued
// to its text, "link](url)", so it adds no word.
func countWords(prose string) int {
	n := 0
	for _, field := range strings.Fields(prose) {
		if strings.IndexFunc(field, isWordRune) >= 0 {
			n++
		}
	}
	return n
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// exemptLine is the line by which an article exempts its transition from
// the churn ratio.
var exemptLine = regexp.MustCompile(`^\s*<!--\s*churn-exempt:\s*(.*?)\s*-->\s*$`)

// churnExemption returns the reason an article gives for exempting its
// transition from the churn ratio, if it gives one outside code blocks.
func (a article) churnExemption() (reason string, ok bool) {
	for _, line := range a.lines {
		if m := exemptLine.FindStringSubmatch(line); m != nil && m[1] != "" {
			return m[1], true
		}
	}
	return "", false
}
