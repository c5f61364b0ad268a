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

// findArticle reads docs/NN-*.md for step NN.
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
// prose.
func parseArticle(src string) article {
	var a article
	md := repo.ParseMarkdown([]byte(src))
	lines := strings.Split(src, "\n")
	for i := 0; i < len(lines); i++ {
		if f, ok := md.FenceAt(i); ok {
			i = f.Close
			continue
		}
		a.lines = append(a.lines, lines[i])
	}
	a.prose = htmlComment.ReplaceAllString(strings.Join(a.lines, "\n"), " ")
	return a
}

// htmlComment matches an HTML comment, which is no prose.
var htmlComment = regexp.MustCompile(`(?s)<!--.*?(-->|$)`)

// countWords counts the words of prose: runs of non-space characters that
// hold a letter or a digit, so that table rules, list markers and heading
// marks are not words while `inline code` is.
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
