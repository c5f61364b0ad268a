package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMentions(t *testing.T) {
	tests := []struct {
		name string
		kind string // the diagram's first line
		line string
		want []string // mention.String() with the qualifier, if any, in front
	}{
		{"call", "sequenceDiagram", "C->>S: ReadMessage(ctx)", []string{"ReadMessage()"}},
		{"calls with dots", "sequenceDiagram", "C->>C: c.fail(err) then Conn.Close()", []string{"c.fail()", "Conn.Close()"}},
		{"chained calls", "sequenceDiagram", "Note over C: NewConn().c.br.Read(p)", []string{"NewConn()", "c.br.Read()"}},
		{"open call", "sequenceDiagram", "C->>C: writeFrame( ... )", []string{"writeFrame()"}},
		{"not directly followed by (", "sequenceDiagram", "C->>S: close (a frame)", nil},
		{"call in Chinese text", "sequenceDiagram", "C->>S: 调用Close()关闭", []string{"Close()"}},
		{"repeated on a line", "sequenceDiagram", "C->>S: fail(a) or fail(b)", []string{"fail()"}},
		{"close code", "sequenceDiagram", "S-->>C: close 1002 (protocol error)", []string{"close code 1002"}},
		{"close codes at the ends", "sequenceDiagram", "1000 or 4999", []string{"close code 1000", "close code 4999"}},
		{"close code in a call", "stateDiagram-v2", "Open --> Closed: fail(1007)", []string{"fail()", "close code 1007"}},
		{"close code in Chinese text", "sequenceDiagram", "S-->>C: 关闭码1002。", []string{"close code 1002"}},
		{"close code before a full stop", "sequenceDiagram", "S-->>C: it sends 1001.", []string{"close code 1001"}},
		{"numbers that are not close codes", "sequenceDiagram",
			"Note over C: 999 5000 10000 21000 1.1000 1000.5 1000ms 0x1000 n1000 #1234 #1000; RFC 6455", nil},
		{"word in backticks", "sequenceDiagram", "C-->>C: returns `errClosed`", []string{"`errClosed`"}},
		{"dotted word in backticks", "sequenceDiagram", "Note right of C: `Conn.CloseTimeout` passes", []string{"Conn.`CloseTimeout`"}},
		{"backticks that are not a word", "flowchart LR", "A[\"`**bold** text`\"] --> B[\"`a b`\"]", nil},
		{"flowchart node shapes", "flowchart TD", "A(Start) --> B((Stop)) --> C([Go])", nil},
		{"flowchart calls in labels", "flowchart TD", "A(Start) --> B[c.fail(err)] --> C((Close()))", []string{"c.fail()", "Close()"}},
		{"flowchart call in quotes", "graph LR", `A("ReadMessage(ctx)") --> B`, []string{"ReadMessage()"}},
		{"flowchart call in an edge label", "flowchart LR", "A -->|Close()| B(Done)", []string{"Close()"}},
		{"node shape syntax outside flowcharts is text", "sequenceDiagram", "A(x)", []string{"A()"}},
		{"comment", "sequenceDiagram", "%% fail(1002) `nope`", nil},
		{"styles", "flowchart LR", "style A fill:#f9f,stroke:#333", nil},
		{"class definitions", "stateDiagram-v2", "classDef bad fill:red(1000)", nil},
		{"rect colour", "sequenceDiagram", "  rect rgb(200, 150, 255)", nil},
		{"click", "flowchart LR", "click A call callback()", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, m := range mentions([]string{tt.kind, tt.line}, 10) {
				assert.Equal(t, 11, m.line)
				s := m.String()
				if m.qual != "" {
					s = m.qual + "." + s
				}
				got = append(got, s)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestMentionGoOwn(t *testing.T) {
	tests := []struct {
		m    mention
		want bool
	}{
		{mention{kind: callMention, name: "len"}, true},
		{mention{kind: callMention, name: "func"}, true},
		{mention{kind: wordMention, name: "error"}, true},
		{mention{kind: wordMention, name: "nil"}, true},
		{mention{kind: callMention, name: "close", qual: "c"}, false}, // a method called close
		{mention{kind: callMention, name: "fail"}, false},
		{mention{kind: codeMention, name: "1000"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.m.String(), func(t *testing.T) {
			assert.Equal(t, tt.want, tt.m.goOwn())
		})
	}
}

func TestDiagramType(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"first line", []string{"sequenceDiagram", "A->>B: hi"}, "sequenceDiagram"},
		{"after blanks and comments", []string{"", "%% a note", "flowchart LR", "A --> B"}, "flowchart"},
		{"after front matter", []string{"---", "title: flowchart", "---", "stateDiagram-v2"}, "stateDiagram-v2"},
		{"empty", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, diagramType(tt.lines))
		})
	}
}

func TestParseDocumentDiagrams(t *testing.T) {
	md := strings.Join([]string{
		"# Diagrams",
		"```mermaid",
		"sequenceDiagram",
		"```",
		"~~~ Mermaid title",
		"flowchart LR",
		"~~~",
		"````markdown",
		"```mermaid",
		"an example, not a diagram",
		"```",
		"````",
		"```go",
		"func main() {}",
		"```",
		"```mermaid",
		"unterminated",
		"",
	}, "\n")
	d := parseDocument("docs/a.md", []byte(md))
	require.Len(t, d.diagrams, 2)
	assert.Equal(t, [2]int{1, 3}, [2]int{d.diagrams[0].Open, d.diagrams[0].Close})
	assert.Equal(t, [2]int{4, 6}, [2]int{d.diagrams[1].Open, d.diagrams[1].Close})
	assert.Equal(t, []string{"sequenceDiagram"}, d.texts(2, 3))
	require.Len(t, d.problems, 1)
	assert.Equal(t, "unterminated code fence", d.problems[0].msg)
}
