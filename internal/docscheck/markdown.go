package main

import (
	"fmt"
	"regexp"
	"strings"
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
// open and close index the fence lines in document.lines, so the content is
// lines[open+1:close].
type block struct {
	marker      marker
	markerLine  int // 1-based, for messages
	fence       fence
	open, close int
}

// A link is the destination of an inline markdown link, [text](dest).
type link struct {
	line int // 1-based
	dest string
}

// A diagram is a fenced Mermaid block, ```mermaid. open and close index
// its fence lines in document.lines, as for a block.
type diagram struct {
	open, close int
}

// A document is a markdown file split into lines, with what docscheck
// looks at in it. Problems are those found by reading the markdown alone.
type document struct {
	path     string   // relative to the repository root, slash-separated
	lines    []string // each keeps its "\n", so joining them gives the file back
	blocks   []block
	diagrams []diagram
	links    []link
	problems []problem
}

// parseDocument finds the marked blocks, the diagrams and the links of a
// markdown file. Markers, diagrams and links inside fenced blocks are
// skipped: they are examples, as when a doc explains this very convention.
func parseDocument(path string, src []byte) *document {
	d := &document{path: path, lines: strings.SplitAfter(string(src), "\n")}
	for i := 0; i < len(d.lines); i++ {
		line := d.text(i)
		if f, ok := parseFence(line); ok {
			closing := d.closeFence(f, i)
			d.noteDiagram(i, closing)
			i = closing
			continue
		}
		m, isMarker, err := parseMarker(line)
		switch {
		case err != nil:
			d.problemf(i, "%v", err)
		case isMarker:
			i = d.addBlock(m, i)
		default:
			d.links = append(d.links, findLinks(line, i+1)...)
		}
	}
	return d
}

// text returns line i without its newline.
func (d *document) text(i int) string {
	return strings.TrimSuffix(d.lines[i], "\n")
}

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
	return strings.Join(d.lines[b.open+1:b.close], "")
}

// problemf records a problem at 0-based line i.
func (d *document) problemf(i int, format string, args ...any) {
	d.problems = append(d.problems, newProblem(d.path, i+1, fmt.Sprintf(format, args...)))
}

// addBlock records the block that the marker on line i must be directly
// followed by, and returns the index of the last line it consumed.
func (d *document) addBlock(m marker, i int) int {
	open := i + 1
	var f fence
	ok := open < len(d.lines)
	if ok {
		f, ok = parseFence(d.text(open))
	}
	if !ok {
		d.problemf(i, "marker %q is not directly followed by a fenced code block", m.String())
		return i
	}
	closing := d.closeFence(f, open)
	switch {
	case closing == len(d.lines):
		// Unterminated; closeFence has reported it.
	case f.indent > 0:
		// Indented fences strip indentation from their content, which
		// would make byte comparison and -w rewriting lie.
		d.problemf(open, "marked code fence must not be indented")
	default:
		d.blocks = append(d.blocks, block{marker: m, markerLine: i + 1, fence: f, open: open, close: closing})
		d.noteDiagram(open, closing)
	}
	return closing
}

// noteDiagram records the fence from line open to line closing if it is a
// Mermaid diagram. An unterminated fence is not: its end is unknown, and
// it is reported already.
func (d *document) noteDiagram(open, closing int) {
	if closing < len(d.lines) && strings.EqualFold(fenceInfo(d.text(open)), "mermaid") {
		d.diagrams = append(d.diagrams, diagram{open: open, close: closing})
	}
}

// closeFence returns the index of the line closing the fence opened on line
// open. An unterminated fence is reported and runs to the end of the file,
// as in CommonMark; len(d.lines) is returned then.
func (d *document) closeFence(f fence, open int) int {
	end := d.fenceEnd(f, open)
	if end == len(d.lines) {
		d.problemf(open, "unterminated code fence")
	}
	return end
}

// fenceEnd is closeFence without the report, for passes over a document
// that parseDocument has checked already.
func (d *document) fenceEnd(f fence, open int) int {
	for i := open + 1; i < len(d.lines); i++ {
		if f.closedBy(d.text(i)) {
			return i
		}
	}
	return len(d.lines)
}

// parseMarker reports whether line is a code marker and parses it. A line
// that starts like a marker but is malformed gives an error, so that a typo
// does not silently turn a checked block into an unchecked one.
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

// A fence is the opening line of a fenced code block, ``` or ~~~.
type fence struct {
	char   byte // '`' or '~'
	length int  // number of fence characters, at least 3
	indent int  // leading spaces, at most 3
}

// parseFence reports whether line opens (or could close) a code fence,
// following CommonMark.
func parseFence(line string) (fence, bool) {
	trimmed := strings.TrimLeft(line, " ")
	indent := len(line) - len(trimmed)
	if indent > 3 || trimmed == "" || (trimmed[0] != '`' && trimmed[0] != '~') {
		return fence{}, false
	}
	c := trimmed[0]
	info := strings.TrimLeft(trimmed, string(c))
	n := len(trimmed) - len(info)
	// A backtick in the info string means the line is inline code instead.
	if n < 3 || (c == '`' && strings.Contains(info, "`")) {
		return fence{}, false
	}
	return fence{char: c, length: n, indent: indent}, true
}

// fenceInfo returns the first word of the info string of a fence line:
// the language, "mermaid" for ```mermaid.
func fenceInfo(line string) string {
	fields := strings.Fields(strings.TrimLeft(strings.TrimSpace(line), "`~"))
	if len(fields) == 0 {
		return ""
	}
	return fields[0]
}

// closedBy reports whether line closes f: the same character, at least as
// many of it, and nothing else but spaces.
func (f fence) closedBy(line string) bool {
	g, ok := parseFence(line)
	if !ok || g.char != f.char || g.length < f.length {
		return false
	}
	return strings.TrimSpace(strings.TrimLeft(line, " "+string(f.char))) == ""
}

// linkPattern matches an inline link or image, [text](dest "title"), and
// captures dest. Nested brackets in text are not supported; docs don't need them.
var linkPattern = regexp.MustCompile(`\[[^\]]*\]\(([^()\s]+)(?:\s+"[^"]*")?\)`)

// findLinks returns the link destinations on one line. Code spans are
// removed first: `[a](b)` in backticks is text, not a link.
func findLinks(line string, lineNum int) []link {
	var links []link
	for _, m := range linkPattern.FindAllStringSubmatch(stripCodeSpans(line), -1) {
		links = append(links, link{line: lineNum, dest: m[1]})
	}
	return links
}

// stripCodeSpans removes `code spans` from a line. A span opened by a run of
// n backticks is closed by the next run of exactly n; an unmatched run is
// literal text.
func stripCodeSpans(line string) string {
	var b strings.Builder
	for {
		start := strings.IndexByte(line, '`')
		if start < 0 {
			b.WriteString(line)
			return b.String()
		}
		n := backtickRun(line[start:])
		end := findBacktickRun(line[start+n:], n)
		if end < 0 {
			b.WriteString(line[:start+n])
			line = line[start+n:]
			continue
		}
		b.WriteString(line[:start])
		line = line[start+n+end+n:]
	}
}

// backtickRun returns how many backticks s starts with.
func backtickRun(s string) int {
	return len(s) - len(strings.TrimLeft(s, "`"))
}

// findBacktickRun returns the index of the first run of exactly n backticks
// in s, or -1.
func findBacktickRun(s string, n int) int {
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '`')
		if j < 0 {
			return -1
		}
		j += i
		run := backtickRun(s[j:])
		if run == n {
			return j
		}
		i = j + run
	}
	return -1
}
