package main

import (
	"go/token"
	"go/types"
	"regexp"
	"slices"
	"strings"
)

// A mentionKind says how a diagram names code.
type mentionKind int

const (
	callMention mentionKind = iota // ReadMessage(ctx): a func or method
	codeMention                    // 1002: a close code, so an integer literal
	wordMention                    // `errClosed`: any declared name
)

// A mention is a name in a diagram that must exist in the code.
type mention struct {
	kind mentionKind
	name string // the identifier after the last dot, or the code's digits
	qual string // what came before the last dot: "c" in c.fail(, else ""
	line int    // 1-based, in the markdown file
}

// String is the mention as messages show it: fail(), close code 1002,
// `errClosed`.
func (m mention) String() string {
	switch m.kind {
	case callMention:
		return m.name + "()"
	case codeMention:
		return "close code " + m.name
	}
	return "`" + m.name + "`"
}

// goOwn reports whether m names part of Go rather than of the step: a
// keyword (func() in a label) or a predeclared name (len, error, nil)
// that no dot qualifies.
func (m mention) goOwn() bool {
	return m.kind != codeMention && m.qual == "" &&
		(token.IsKeyword(m.name) || types.Universe.Lookup(m.name) != nil)
}

var (
	// callPattern matches a Go identifier, dotted or not, directly followed
	// by "(". Identifiers are ASCII: in a Chinese label, 调用Close() names
	// Close.
	callPattern = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\(`)
	// numberPattern matches a whole number, dots included, so that 1.1000
	// is one number and not the close code 1000.
	numberPattern = regexp.MustCompile(`[0-9]+(?:\.[0-9]+)*`)
	// codeSpanPattern matches a word in backticks, as Mermaid allows in
	// labels.
	codeSpanPattern = regexp.MustCompile("`([^`]*)`")
	// identPattern is a Go identifier, dotted or not: errClosed, Conn.Close.
	identPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$`)
)

// mentions returns the names the Mermaid diagram in lines uses; first is the
// 1-based markdown line of lines[0].
func mentions(lines []string, first int) []mention {
	flowchart := isFlowchart(diagramType(lines))
	var found []mention
	for i, line := range lines {
		if silent(strings.TrimSpace(line)) {
			continue
		}
		found = append(found, lineMentions(line, first+i, flowchart)...)
	}
	return found
}

// lineMentions returns the calls, close codes and backticked words on one
// line of a diagram.
func lineMentions(line string, lineNum int, flowchart bool) []mention {
	var found []mention
	add := func(kind mentionKind, dotted string) {
		qual, name := splitQualified(dotted)
		if m := (mention{kind: kind, name: name, qual: qual, line: lineNum}); !slices.Contains(found, m) {
			found = append(found, m)
		}
	}
	var outside []bool
	if flowchart {
		outside = outsideLabels(line)
	}
	for _, loc := range callPattern.FindAllStringSubmatchIndex(line, -1) {
		if outside == nil || !outside[loc[0]] {
			add(callMention, line[loc[2]:loc[3]])
		}
	}
	for _, loc := range numberPattern.FindAllStringIndex(line, -1) {
		if isCloseCode(line, loc[0], loc[1]) {
			add(codeMention, line[loc[0]:loc[1]])
		}
	}
	for _, m := range codeSpanPattern.FindAllStringSubmatch(line, -1) {
		if identPattern.MatchString(m[1]) {
			add(wordMention, m[1])
		}
	}
	return found
}

// splitQualified splits c.br.Read into c.br and Read, and Read into "" and Read.
func splitQualified(dotted string) (qual, name string) {
	i := strings.LastIndexByte(dotted, '.')
	return dotted[:max(i, 0)], dotted[i+1:]
}

// isCloseCode reports whether line[start:end], a number, is a close code:
// four digits from 1000 to 4999 standing alone.
func isCloseCode(line string, start, end int) bool {
	n := line[start:end]
	if len(n) != 4 || n[0] < '1' || n[0] > '4' {
		return false
	}
	if start > 0 && (isWordByte(line[start-1]) || line[start-1] == '#') {
		return false
	}
	return end == len(line) || !isWordByte(line[end])
}

func isWordByte(c byte) bool {
	return c == '_' || ('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// diagramType returns the keyword a diagram starts with, such as
// sequenceDiagram or flowchart: the first word of the first line that is
// not blank, a %% comment or front matter (between --- lines).
func diagramType(lines []string) string {
	front := false
	for i, line := range lines {
		line = strings.TrimSpace(line)
		switch {
		case line == "---" && (i == 0 || front):
			front = !front
		case front, line == "", strings.HasPrefix(line, "%%"):
		default:
			return strings.Fields(line)[0]
		}
	}
	return ""
}

func isFlowchart(kind string) bool {
	return kind == "flowchart" || kind == "graph" || kind == "flowchart-elk"
}

// silent reports whether a trimmed diagram line shows no text, so that
// what it names is not code: a %% comment or directive, or a statement
// that styles the diagram or scripts it (rect rgb(...), click A call f()).
func silent(line string) bool {
	if strings.HasPrefix(line, "%%") {
		return true
	}
	first, _, _ := strings.Cut(line, " ")
	switch first {
	case "classDef", "class", "style", "linkStyle", "click", "rect", "box", "autonumber":
		return true
	}
	return false
}

// outsideLabels reports, for each byte of a flowchart line, whether it is
// outside every node label ([...], (...), {...}), quoted text and edge label
// (|...|).
func outsideLabels(line string) []bool {
	outside := make([]bool, len(line))
	depth, quoted, edge := 0, false, false
	for i := 0; i < len(line); i++ {
		outside[i] = depth == 0 && !quoted && !edge
		switch c := line[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '[' || c == '(' || c == '{':
			depth++
		case (c == ']' || c == ')' || c == '}') && depth > 0:
			depth--
		case c == '|' && depth == 0:
			edge = !edge
		}
	}
	return outside
}
