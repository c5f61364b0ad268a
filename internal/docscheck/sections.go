package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"github.com/spec2lib/websocket/internal/repo"
)

// maxSectionLevel is the deepest heading that starts a section: ##### and
// ###### headings are part of the section above them.
const maxSectionLevel = 4

var (
	// anchorPattern matches the line a translation puts above a heading to
	// give it the English anchor, and captures the anchor.
	anchorPattern = regexp.MustCompile(`^<a\s+id="([^"]*)"\s*>\s*</a>$`)
	// htmlCommentPattern matches an HTML comment, which is no prose.
	htmlCommentPattern = regexp.MustCompile(`(?s)<!--.*?-->`)
)

// A section is a heading of level 1 to 4 and the lines below it, up to the
// next such heading, or the part of a file above its first heading.
type section struct {
	level  int    // of the heading; 0 for the part above the first heading
	title  string // the heading's text
	anchor string // English: GitHub's slug; translation: the <a id> above the heading
	start  int    // index in document.lines of the heading, or 0
	end    int    // index after the last line
}

// line is the 1-based line of the section's heading: where messages point.
func (s section) line() int { return s.start + 1 }

// recordIndex is the index of the line that holds a translation's
// <!-- en: --> record: the first line below the heading, or the first
// line of the file for the part above the first heading.
func (s section) recordIndex() int {
	if s.level == 0 {
		return s.start
	}
	return s.start + 1
}

func (s section) String() string {
	if s.level == 0 {
		return "the part above the first heading"
	}
	return fmt.Sprintf("section %q (%s)", s.anchor, s.title)
}

// sections splits d into sections, each anchored by anchorOf(its heading,
// GitHub's slug of it).
func (d *document) sections(anchorOf func(h repo.Heading, slug string) string) []section {
	secs := []section{{end: len(d.lines)}} // the part above the first heading
	slugs := repo.NewSlugger()
	for _, h := range d.md.Headings {
		slug := slugs.Slug(h.Text) // deeper headings count for GitHub's numbering too
		if h.Level > maxSectionLevel {
			continue
		}
		// The section above ends at the heading, or above the <a id> that belongs to it.
		if _, ok := d.anchorAbove(h.Line); ok {
			secs[len(secs)-1].end = h.Line - 1
		} else {
			secs[len(secs)-1].end = h.Line
		}
		secs = append(secs, section{level: h.Level, title: h.Text, anchor: anchorOf(h, slug), start: h.Line, end: len(d.lines)})
	}
	if strings.TrimSpace(strings.Join(d.lines[:secs[0].end], "")) == "" {
		return secs[1:]
	}
	return secs
}

// englishSections returns the sections of an English document, each
// anchored by GitHub's slug of its heading.
func (d *document) englishSections() []section {
	return d.sections(func(_ repo.Heading, slug string) string { return slug })
}

// translatedSections returns the sections of a translation, each anchored
// by the <a id="..."></a> on the line above its heading, or "" if there is
// none.
func (d *document) translatedSections() []section {
	return d.sections(func(h repo.Heading, _ string) string {
		anchor, _ := d.anchorAbove(h.Line)
		return anchor
	})
}

// anchorAbove returns the anchor that an <a id> on the line above line i
// gives it, and whether there is one.
func (d *document) anchorAbove(i int) (string, bool) {
	if i == 0 {
		return "", false
	}
	if m := anchorPattern.FindStringSubmatch(strings.TrimSpace(d.text(i - 1))); m != nil {
		return m[1], true
	}
	return "", false
}

// proseHash returns what a translation records of the English section s:
// the first 8 hex digits of the SHA-256 of its prose.
func (d *document) proseHash(s section) string {
	sum := sha256.Sum256([]byte(d.prose(s)))
	return hex.EncodeToString(sum[:4])
}

// prose returns what a translation translates of s: its lines without fences,
// generated regions (<!-- NAME:begin/end -->) and HTML comments, trimmed,
// with blank runs counted once and none at either end.
func (d *document) prose(s section) string {
	var kept []string
	for i := s.start; i < s.end; i++ {
		if end := d.fenceEnd(i); end != i {
			i = end
			continue
		}
		if m := generatedBegin.FindStringSubmatch(strings.TrimSpace(d.text(i))); m != nil {
			i = d.generatedEnd(m[1], i, s.end)
			continue
		}
		kept = append(kept, d.text(i))
	}
	text := htmlCommentPattern.ReplaceAllString(strings.Join(kept, "\n"), "")
	var lines []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, " \t\r")
		if line == "" && (len(lines) == 0 || lines[len(lines)-1] == "") {
			continue
		}
		lines = append(lines, line)
	}
	return strings.TrimSuffix(strings.Join(lines, "\n"), "\n")
}

// generatedBegin matches the line that opens a generated region.
var generatedBegin = regexp.MustCompile(`^<!-- ([a-z-]+):begin -->$`)

// generatedEnd returns the line that closes the generated region name
// opened on line i, or the last line before end if it is never closed.
func (d *document) generatedEnd(name string, i, end int) int {
	closing := "<!-- " + name + ":end -->"
	for j := i + 1; j < end; j++ {
		if strings.TrimSpace(d.text(j)) == closing {
			return j
		}
	}
	return end - 1
}
