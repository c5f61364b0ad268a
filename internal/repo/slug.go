package repo

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

var (
	// inlineLinkPattern matches a link or image in a heading and captures
	// its text, which is all that is rendered of it.
	inlineLinkPattern = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	// htmlTagPattern matches an HTML tag, which renders no text.
	htmlTagPattern = regexp.MustCompile(`</?[A-Za-z][^<>]*>`)
)

// A Slugger gives the headings of one markdown file, in order, the anchors
// GitHub gives them.
type Slugger struct {
	seen map[string]int // slug given → how many repeats of it were numbered
}

func NewSlugger() *Slugger { return &Slugger{seen: make(map[string]int)} }

// Slug returns the anchor of the next heading, whose text is heading.
func (s *Slugger) Slug(heading string) string {
	base := GitHubSlug(heading)
	slug := base
	for {
		if _, taken := s.seen[slug]; !taken {
			break
		}
		s.seen[base]++
		slug = fmt.Sprintf("%s-%d", base, s.seen[base])
	}
	s.seen[slug] = 0
	return slug
}

// GitHubSlug returns GitHub's anchor for a heading, before repeats are
// numbered: the rendered text, lowercased, with every character removed but
// letters, digits, spaces, hyphens and underscores (precisely, as
// github-slugger: Unicode letters, marks, numbers and connector
// punctuation), and each space turned into a hyphen.
func GitHubSlug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(renderedText(heading)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.Pc):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// renderedText approximates the text GitHub renders for a heading's
// markdown: links and images give their text, and HTML tags nothing.
func renderedText(heading string) string {
	text := inlineLinkPattern.ReplaceAllString(heading, "$1")
	return strings.TrimSpace(htmlTagPattern.ReplaceAllString(text, ""))
}
