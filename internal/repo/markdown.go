package repo

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// A Markdown is a markdown file as CommonMark parses it, with what the
// tools look at told by line: 0-based indexes into its lines.
type Markdown struct {
	Fences   []Fence
	Headings []Heading
	Links    []Link
}

// A Fence is a fenced code block, ``` or ~~~.
type Fence struct {
	Open, Close int    // the lines of its fences; Close is the line count if it is never closed
	Char        byte   // '`' or '~'
	Length      int    // how many of Char open it, at least 3
	Indent      int    // the columns before the opening fence
	Info        string // the first word after the opening fence: "go", "mermaid"
}

// A Heading is an ATX heading, "## Text".
type Heading struct {
	Line, Level int
	Text        string // as written, inline markup and all
}

// A Link is the destination of a link or image, [text](dest).
type Link struct {
	Line int
	Dest string
}

// ParseMarkdown parses src with goldmark.
func ParseMarkdown(src []byte) *Markdown {
	nl := []byte("\n")
	lineOf := func(offset int) int { return bytes.Count(src[:offset], nl) }
	texts := strings.Split(string(src), "\n") // each line without its newline
	lines := len(texts)
	if lines > 1 && texts[lines-1] == "" {
		lines-- // a final newline ends the last line; it starts none
	}
	md := &Markdown{}
	doc := goldmark.DefaultParser().Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.FencedCodeBlock:
			f := Fence{Open: lineOf(n.Pos()), Char: src[n.Pos()], Indent: n.Pos() - bytes.LastIndexByte(src[:n.Pos()], '\n') - 1}
			f.Length = len(src[n.Pos():]) - len(bytes.TrimLeft(src[n.Pos():], string(f.Char)))
			if n.Info != nil {
				if fields := bytes.Fields(n.Info.Segment.Value(src)); len(fields) > 0 {
					f.Info = string(fields[0])
				}
			}
			f.Close = f.Open + 1 + n.Lines().Len()
			if f.Close >= lines || !f.ClosedBy(texts[f.Close]) {
				f.Close = lines
			}
			md.Fences = append(md.Fences, f)
		case *ast.Heading:
			if src[n.Pos()] == '#' { // not a setext heading
				h := Heading{Line: lineOf(n.Pos()), Level: n.Level}
				if n.Lines().Len() > 0 {
					seg := n.Lines().At(0)
					h.Text = string(seg.Value(src))
				}
				md.Headings = append(md.Headings, h)
			}
		case *ast.Link:
			md.Links = append(md.Links, Link{Line: lineOf(n.Pos()), Dest: string(n.Destination)})
		case *ast.Image:
			md.Links = append(md.Links, Link{Line: lineOf(n.Pos()), Dest: string(n.Destination)})
		}
		return ast.WalkContinue, nil
	})
	return md
}

// ClosedBy says whether line closes f: at most three spaces, the same
// character, at least as many of it, and nothing else but spaces.
func (f Fence) ClosedBy(line string) bool {
	trimmed := strings.TrimLeft(line, " ")
	run := len(trimmed) - len(strings.TrimLeft(trimmed, string(f.Char)))
	return len(line)-len(trimmed) <= 3 && run >= f.Length && strings.TrimSpace(trimmed[run:]) == ""
}

// FenceAt returns the fence that opens on line i, if one does.
func (md *Markdown) FenceAt(i int) (Fence, bool) {
	for _, f := range md.Fences {
		if f.Open == i {
			return f, true
		}
	}
	return Fence{}, false
}
