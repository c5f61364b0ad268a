package main

import (
	"fmt"
	"strings"

	"github.com/spec2lib/websocket/internal/repo"
)

// markerPrefix starts a comment that ties the next fenced block to a file.
const markerPrefix = "<!-- code:"

// A marker names the source of a code block: a file, or one top-level
// declaration in a Go file.
type marker struct {
	path string // relative to the repository root, slash-separated
	name string // empty for the whole file
}

func (m marker) String() string {
	if m.name == "" {
		return m.path
	}
	return m.path + " " + m.name
}

// A block is a fenced code block with a marker on the line above it.
type block struct {
	marker     marker
	markerLine int // 1-based, for messages
	fence      repo.Fence
}

// A link is the destination of a markdown link or image, [text](dest).
type link struct {
	line int // 1-based
	dest string
}

// A document is a markdown file split into lines, with what docscheck looks
// at in it, as goldmark parses it.
type document struct {
	path     string   // relative to the repository root, slash-separated
	lines    []string // each keeps its "\n", so joining them gives the file back
	md       *repo.Markdown
	blocks   []block
	diagrams []repo.Fence // the Mermaid blocks, ```mermaid
	links    []link
	problems []problem
}

// parseDocument finds the marked blocks, the diagrams and the links of a
// markdown file.
func parseDocument(path string, src []byte) *document {
	d := &document{path: path, lines: strings.SplitAfter(string(src), "\n"), md: repo.ParseMarkdown(src)}
	for i, f := range d.md.Fences {
		if f.Close >= d.lineCount() { // it runs to the end of the file, as in CommonMark
			d.md.Fences[i].Close = len(d.lines)
			d.problemf(f.Open, "unterminated code fence")
		} else if strings.EqualFold(f.Info, "mermaid") {
			d.diagrams = append(d.diagrams, f)
		}
	}
	for _, l := range d.md.Links {
		d.links = append(d.links, link{line: l.Line + 1, dest: l.Dest})
	}
	for i := 0; i < len(d.lines); i++ {
		if f, ok := d.md.FenceAt(i); ok {
			i = f.Close
			continue
		}
		m, isMarker, err := parseMarker(d.text(i))
		switch {
		case err != nil:
			d.problemf(i, "%v", err)
		case isMarker:
			i = d.addBlock(m, i)
		}
	}
	return d
}

// fenceEnd returns the line that closes the fence opened on line i, or i
// if no fence opens there.
func (d *document) fenceEnd(i int) int {
	if f, ok := d.md.FenceAt(i); ok {
		return f.Close
	}
	return i
}

// text returns line i without its newline.
func (d *document) text(i int) string { return strings.TrimSuffix(d.lines[i], "\n") }

// lineCount returns the number of lines, the last one counted whether or
// not it ends in a newline.
func (d *document) lineCount() int {
	if n := len(d.lines); d.lines[n-1] == "" {
		return max(n-1, 1)
	}
	return len(d.lines)
}

// texts returns lines from to to (exclusive) without their newlines.
func (d *document) texts(from, to int) []string {
	var texts []string
	for i := from; i < to; i++ {
		texts = append(texts, d.text(i))
	}
	return texts
}

// content returns the bytes between a block's fence lines.
func (d *document) content(b block) string {
	return strings.Join(d.lines[b.fence.Open+1:b.fence.Close], "")
}

// problemf records a problem at 0-based line i.
func (d *document) problemf(i int, format string, args ...any) {
	d.problems = append(d.problems, newProblem(d.path, i+1, fmt.Sprintf(format, args...)))
}

// addBlock records the block that the marker on line i must be directly
// followed by, and returns the index of the last line it consumed.
func (d *document) addBlock(m marker, i int) int {
	f, ok := d.md.FenceAt(i + 1)
	switch {
	case !ok:
		d.problemf(i, "marker %q is not directly followed by a fenced code block", m.String())
		return i
	case f.Close == len(d.lines):
		// Unterminated; parseDocument has reported it.
	case f.Indent > 0:
		// Indented fences strip indentation from their content, which
		// would make byte comparison and -w rewriting lie.
		d.problemf(f.Open, "marked code fence must not be indented")
	default:
		d.blocks = append(d.blocks, block{marker: m, markerLine: i + 1, fence: f})
	}
	return f.Close
}

// parseMarker reports whether line is a code marker and parses it.
func parseMarker(line string) (m marker, isMarker bool, err error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(line), markerPrefix)
	if !ok {
		return marker{}, false, nil
	}
	const want = "want <!-- code: PATH [NAME] --> on one line"
	rest, ok = strings.CutSuffix(rest, "-->")
	if !ok {
		return marker{}, true, fmt.Errorf("malformed marker: %s", want)
	}
	switch fields := strings.Fields(rest); len(fields) {
	case 1:
		return marker{path: fields[0]}, true, nil
	case 2:
		return marker{path: fields[0], name: fields[1]}, true, nil
	default:
		return marker{}, true, fmt.Errorf("malformed marker: %s", want)
	}
}
