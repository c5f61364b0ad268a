package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sequence is a markdown file whose only diagram is a sequence diagram
// with body on line 5.
func sequence(body string) string {
	return "# Diagram\n\n```mermaid\nsequenceDiagram\n" + body + "\n```\n"
}

func TestCheckDiagrams(t *testing.T) {
	const allSteps = "(looked up in step04-transport, step05-errors)"
	tests := []struct {
		name  string
		doc   string // path of the markdown file
		md    string
		extra map[string]string // more files in the repository
		want  []string          // problems, as printed
	}{
		{
			name: "existing funcs and methods",
			doc:  "docs/04-transport.md",
			md:   sequence("C->>C: c.fail(err), then Conn.Close() and writeFrame("),
		},
		{
			name: "missing method",
			doc:  "docs/04-transport.md",
			md:   sequence("C->>C: c.drain()"),
			want: []string{"docs/04-transport.md:5: diagram names drain(), which step04-transport does not declare\n"},
		},
		{
			name: "a later part of a step's article is held to its step",
			doc:  "docs/04b-ownership.md",
			md:   sequence("C->>C: c.drain()"),
			want: []string{"docs/04b-ownership.md:5: diagram names drain(), which step04-transport does not declare\n"},
		},
		{
			name: "declared only in a test or in testdata",
			doc:  "docs/04-transport.md",
			md:   sequence("C->>C: testOnly() and dataOnly()"),
			want: []string{
				"docs/04-transport.md:5: diagram names testOnly(), which step04-transport does not declare\n",
				"docs/04-transport.md:5: diagram names dataOnly(), which step04-transport does not declare\n",
			},
		},
		{
			name: "declared in a subpackage of the step",
			doc:  "docs/04-transport.md",
			md:   sequence("C->>C: subOnly()"),
		},
		{
			name: "a type is not a func",
			doc:  "docs/04-transport.md",
			md:   sequence("C->>C: Conn(x)"),
			want: []string{"docs/04-transport.md:5: diagram names Conn(), which step04-transport does not declare\n"},
		},
		{
			name: "existing close codes",
			doc:  "docs/04-transport.md",
			md:   sequence("S-->>C: 1000, then 1002"),
		},
		{
			name: "missing close codes",
			doc:  "docs/04-transport.md",
			md:   sequence("S-->>C: 1011\nNote over C: 4000 is only in a test"),
			want: []string{
				"docs/04-transport.md:5: diagram names close code 1011, which step04-transport has no integer literal for\n",
				"docs/04-transport.md:6: diagram names close code 4000, which step04-transport has no integer literal for\n",
			},
		},
		{
			name: "existing backticked names",
			doc:  "docs/04-transport.md",
			md:   sequence("Note over C: `errClosed` `closeNormal` `Conn` `Conn.CloseTimeout` `closer` `CloseNow` `inner` `PipeReader` `fail`"),
		},
		{
			name: "missing backticked name",
			doc:  "docs/04-transport.md",
			md:   sequence("C->>C: `ErrNoPong`"),
			want: []string{"docs/04-transport.md:5: diagram names `ErrNoPong`, which step04-transport does not declare\n"},
		},
		{
			name: "Go's own names and imported packages",
			doc:  "docs/04-transport.md",
			md:   sequence("C->>C: len(p), io.ReadFull(r, p), `errors.Is`, `nil`, `error`, go func()"),
		},
		{
			name: "a package the step does not import",
			doc:  "docs/04-transport.md",
			md:   sequence("C->>C: bufio.NewReader(nc)"),
			want: []string{"docs/04-transport.md:5: diagram names NewReader(), which step04-transport does not declare\n"},
		},
		{
			name: "flowchart",
			doc:  "docs/04-transport.md",
			md:   "```mermaid\nflowchart TD\n  A(Start) --> B[c.fail(1002)]\n  B -->|Close()| C((stop(1011)))\n```\n",
			want: []string{
				"docs/04-transport.md:4: diagram names stop(), which step04-transport does not declare\n",
				"docs/04-transport.md:4: diagram names close code 1011, which step04-transport has no integer literal for\n",
			},
		},
		{
			name: "state diagram",
			doc:  "docs/04-transport.md",
			md:   "```mermaid\nstateDiagram-v2\n  [*] --> Open\n  Open --> Closing: Close()\n  Closing --> [*]: `errClosing`\n```\n",
			want: []string{"docs/04-transport.md:5: diagram names `errClosing`, which step04-transport does not declare\n"},
		},
		{
			name: "a doc without a step prefix looks in all steps",
			doc:  "docs/README.md",
			md:   sequence("C->>C: c.fail(), `ErrNoPong`, 1000 and 1002"),
		},
		{
			name: "a doc without a step prefix, missing names",
			doc:  "docs/workshop.md",
			md:   sequence("C->>C: nowhere() with 1011 and `gone`"),
			want: []string{
				"docs/workshop.md:5: diagram names nowhere(), which no step declares " + allSteps + "\n",
				"docs/workshop.md:5: diagram names close code 1011, which no step has an integer literal for " + allSteps + "\n",
				"docs/workshop.md:5: diagram names `gone`, which no step declares " + allSteps + "\n",
			},
		},
		{
			name: "the README looks in all steps",
			doc:  "README.md",
			md:   sequence("C->>C: `ErrNoPong`"),
		},
		{
			name: "a translation looks in its article's step",
			doc:  "docs/zh-CN/04-transport.md",
			md:   sequence("C->>C: 调用 c.fail()，然后 `ErrNoPong`"),
			want: []string{"docs/zh-CN/04-transport.md:5: diagram names `ErrNoPong`, which step04-transport does not declare\n"},
		},
		{
			name: "an article without a step directory",
			doc:  "docs/07-extensions.md",
			md:   sequence("C->>C: c.fail()"),
			want: []string{"docs/07-extensions.md:3: cannot check the names in diagrams: docs/07-extensions.md is the article of step 07, but there is no step07-* directory\n"},
		},
		{
			name:  "a step that does not parse",
			doc:   "docs/04-transport.md",
			md:    sequence("C->>C: c.fail()"),
			extra: map[string]string{"step04-transport/broken.go": "package main\nfunc ("},
			want:  []string{"docs/04-transport.md:3: cannot check the names in diagrams: reading step04-transport: cannot parse: step04-transport/broken.go:2:7: expected ')', found 'EOF'\n"},
		},
		{
			name: "a diagram inside an example is not checked",
			doc:  "docs/04-transport.md",
			md:   "````markdown\n" + sequence("C->>C: nowhere()") + "````\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := stepFiles()
			files[tt.doc] = tt.md
			for name, content := range tt.extra {
				files[name] = content
			}
			rep, err := check(writeRepo(t, files), false)
			require.NoError(t, err)
			var got []string
			for _, p := range rep.problems {
				if strings.HasPrefix(p.msg, "diagram names") || strings.HasPrefix(p.msg, "cannot check the names") {
					got = append(got, p.String())
				}
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestCheckCountsDiagrams(t *testing.T) {
	files := stepFiles()
	files["docs/04-transport.md"] = sequence("C->>C: c.fail()") + "\n" + sequence("C->>C: Close()")
	rep, err := check(writeRepo(t, files), false)
	require.NoError(t, err)
	assert.Empty(t, rep.problems)
	assert.Equal(t, 2, rep.diagrams)
}
