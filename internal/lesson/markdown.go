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
	path      string   // relative to the repository root
	prose     string   // the text outside fenced code blocks, HTML comments and generated regions
	lines     []string // the lines outside fenced code blocks
	codeLines int      // inside fenced blocks, Mermaid diagrams aside
	diagrams  int      // Mermaid diagrams
}

// parseArticle sets fenced code blocks, HTML comments and generated
// regions apart from the prose, and counts the blocks' lines.
func parseArticle(src string) article {
	var a article
	md := repo.ParseMarkdown([]byte(src))
	lines := strings.Split(src, "\n")
	for i := 0; i < len(lines); i++ {
		f, ok := md.FenceAt(i)
		switch {
		case !ok:
			a.lines = append(a.lines, lines[i])
			continue
		case strings.EqualFold(f.Info, "mermaid"):
			a.diagrams++
		default:
			a.codeLines += f.Close - i - 1
		}
		i = f.Close
	}
	a.prose = htmlComment.ReplaceAllString(generatedRegion.ReplaceAllString(strings.Join(a.lines, "\n"), ""), " ")
	return a
}

// minutes is the reading time by the series' rule, rounded up: prose at
// 200 words a minute, code at 10 lines a minute, a minute per diagram.
func (a article) minutes() int { return (a.words() + 20*a.codeLines + 200*a.diagrams + 199) / 200 }

func (a article) words() int { return countWords(a.prose) }

// htmlComment matches an HTML comment, and generatedRegion what the
// tool writes between <!-- NAME:begin --> and <!-- NAME:end -->: no prose.
var (
	htmlComment     = regexp.MustCompile(`(?s)<!--.*?(-->|$)`)
	generatedRegion = regexp.MustCompile(`(?ms)^[ \t]*<!-- [a-z-]+:begin -->.*?<!-- [a-z-]+:end -->`)
)

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
