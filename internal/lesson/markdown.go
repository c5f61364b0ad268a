package main

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/spec2lib/websocket/internal/repo"
)

// An article is the markdown that explains one step, split into what the
// table and the churn check read from it.
type article struct {
	path  string   // relative to the repository root
	prose string   // the text outside fenced code blocks and HTML comments
	lines []string // the lines outside fenced code blocks
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
