package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckMatches(t *testing.T) {
	tests := []struct {
		name    string
		marker  string
		content string
	}{
		{"func", "step02/handshake.go acceptKey", acceptKeyDecl},
		{"pointer method", "step02/handshake.go Conn.Close", "// Close marks the connection closed.\nfunc (c *Conn) Close() error {\n\tc.closed = true\n\treturn nil\n}\n"},
		{"generic method", "step02/handshake.go Stack.Len", "// Len counts.\nfunc (s *Stack[K, V]) Len() int { return len(s.m) }\n"},
		{"type", "step02/handshake.go Conn", "// Conn is a client connection.\ntype Conn struct {\n\tclosed bool\n}\n"},
		{"const group", "step02/handshake.go opText", "// Opcodes from RFC 6455 section 5.2.\nconst (\n\topText  = 0x1\n\topClose = 0x8\n)\n"},
		{"whole Go file", "step02/handshake.go", handshakeGo},
		{"whole shell script", "scripts/run.sh", runSh},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := writeRepo(t, withDocs(map[string]string{
				"docs/01-intro.md": "# Intro\n\n" + codeBlock(tt.marker, tt.content) + "\nMore text.\n",
			}))
			rep, err := check(root, false)
			require.NoError(t, err)
			assert.Empty(t, rep.problems)
			assert.Equal(t, 1, rep.blocks)
			assert.Equal(t, 1, rep.files)
		})
	}
}

func TestCheckProblems(t *testing.T) {
	// intro puts the first marker on line 5, so line numbers are not trivially 1.
	const intro = "# Guide\n\nSome text.\n\n"
	tests := []struct {
		name       string
		md         string
		wantPos    string
		wantMsg    string
		wantDetail []string
	}{
		{
			name:    "mismatch",
			md:      intro + codeBlock("step02/handshake.go acceptKey", strings.Replace(acceptKeyDecl, "key + magic", "key", 1)),
			wantPos: "docs/guide.md:5",
			wantMsg: "block differs from step02/handshake.go acceptKey",
			wantDetail: []string{
				`docs: docs/guide.md:9: "\treturn key"`,
				`code: step02/handshake.go:30: "\treturn key + magic"`,
			},
		},
		{
			name:    "block shorter than code",
			md:      intro + codeBlock("scripts/run.sh", "#!/bin/sh\nset -e\n"),
			wantPos: "docs/guide.md:5",
			wantMsg: "block differs from scripts/run.sh",
			wantDetail: []string{
				"docs: docs/guide.md:9: (end of block)",
				`code: scripts/run.sh:3: "go test ./..."`,
			},
		},
		{
			name:    "missing name",
			md:      intro + codeBlock("step02/handshake.go acceptkey", acceptKeyDecl),
			wantPos: "docs/guide.md:5",
			wantMsg: "no top-level declaration acceptkey in step02/handshake.go",
		},
		{
			name:    "missing file",
			md:      intro + codeBlock("step02/nope.go acceptKey", acceptKeyDecl),
			wantPos: "docs/guide.md:5",
			wantMsg: "marker names missing file step02/nope.go",
		},
		{
			name:    "path outside repository",
			md:      intro + codeBlock("../secret.go", ""),
			wantPos: "docs/guide.md:5",
			wantMsg: "must be relative to the repository root",
		},
		{
			name:    "name in a file that is not Go",
			md:      intro + codeBlock("scripts/run.sh main", runSh),
			wantPos: "docs/guide.md:5",
			wantMsg: "only Go files have declarations",
		},
		{
			name:    "marker followed by text",
			md:      intro + "<!-- code: scripts/run.sh -->\nSee below.\n```sh\n" + runSh + "```\n",
			wantPos: "docs/guide.md:5",
			wantMsg: `marker "scripts/run.sh" is not directly followed by a fenced code block`,
		},
		{
			name:    "blank line between marker and fence",
			md:      intro + "<!-- code: scripts/run.sh -->\n\n```sh\n" + runSh + "```\n",
			wantPos: "docs/guide.md:5",
			wantMsg: "is not directly followed by a fenced code block",
		},
		{
			name:    "marker at end of file",
			md:      intro + "<!-- code: scripts/run.sh -->",
			wantPos: "docs/guide.md:5",
			wantMsg: "is not directly followed by a fenced code block",
		},
		{
			name:    "malformed marker",
			md:      intro + "<!-- code: scripts/run.sh main extra -->\n```sh\n```\n",
			wantPos: "docs/guide.md:5",
			wantMsg: "malformed marker",
		},
		{
			name:    "unterminated fence",
			md:      intro + "<!-- code: scripts/run.sh -->\n```sh\n" + runSh,
			wantPos: "docs/guide.md:6",
			wantMsg: "unterminated code fence",
		},
		{
			name:    "indented fence",
			md:      intro + "<!-- code: scripts/run.sh -->\n  ```sh\n" + runSh + "  ```\n",
			wantPos: "docs/guide.md:6",
			wantMsg: "marked code fence must not be indented",
		},
		{
			name:    "code that would close the fence",
			md:      intro + codeBlock("examples/fenced.md", "# Example\n"),
			wantPos: "docs/guide.md:5",
			wantMsg: "examples/fenced.md:3 would close the ``` fence; use a longer fence",
		},
		{
			name:    "broken link",
			md:      intro + "See [the client](../step06/client.go) and [ok](../scripts/run.sh).\n",
			wantPos: "docs/guide.md:5",
			wantMsg: "broken link ../step06/client.go: step06/client.go does not exist",
		},
		{
			name:    "broken link with anchor",
			md:      intro + "Read [part 2](02-frames.md#masking).\n",
			wantPos: "docs/guide.md:5",
			wantMsg: "broken link 02-frames.md#masking: docs/02-frames.md does not exist",
		},
		{
			name:    "anchor that no heading has",
			md:      intro + "Read [the example](../examples/fenced.md#example) and [its end](../examples/fenced.md#the-end).\n",
			wantPos: "docs/guide.md:5",
			wantMsg: `broken link ../examples/fenced.md#the-end: examples/fenced.md has no heading or anchor "the-end"`,
		},
		{
			name:    "anchor in the same file",
			md:      intro + "<a id=\"kept\"></a>\nSee [above](#kept) and [below](#nowhere).\n",
			wantPos: "docs/guide.md:6",
			wantMsg: `broken link #nowhere: docs/guide.md has no heading or anchor "nowhere"`,
		},
		{
			name:    "link out of the repository",
			md:      intro + "[home](../../etc/passwd)\n",
			wantPos: "docs/guide.md:5",
			wantMsg: "broken link ../../etc/passwd: it leads out of the repository",
		},
		{
			name:    "broken root-relative link",
			md:      intro + "![diagram](/docs/img/frame.svg)\n",
			wantPos: "docs/guide.md:5",
			wantMsg: "broken link /docs/img/frame.svg: docs/img/frame.svg does not exist",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := withDocs(map[string]string{"docs/guide.md": tt.md})
			files["examples/fenced.md"] = "# Example\n\n```\ncode\n```\n"
			root := writeRepo(t, files)

			rep, err := check(root, false)
			require.NoError(t, err)
			require.Len(t, rep.problems, 1, "problems: %v", rep.problems)
			p := rep.problems[0]
			assert.Equal(t, tt.wantPos, p.pos())
			assert.Contains(t, p.msg, tt.wantMsg)
			if tt.wantDetail != nil {
				assert.Equal(t, tt.wantDetail, p.detail)
			}
		})
	}
}

func TestCheckReportsAllProblems(t *testing.T) {
	root := writeRepo(t, withDocs(map[string]string{
		"README.md":   "[missing](nowhere.md)\n",
		"docs/a.md":   codeBlock("step02/handshake.go nope", "") + "[gone](gone.md)\n" + codeBlock("step02/handshake.go acceptKey", "stale\n"),
		"docs/b/c.md": "[up](../../missing)\n",
	}))
	rep, err := check(root, false)
	require.NoError(t, err)
	var positions []string
	for _, p := range rep.problems {
		positions = append(positions, p.pos())
	}
	// Ordered by file, then by line, though links are checked after blocks.
	assert.Equal(t, []string{"README.md:1", "docs/a.md:1", "docs/a.md:4", "docs/a.md:5", "docs/b/c.md:1"}, positions)
	assert.Equal(t, 3, rep.files)
	assert.Equal(t, 2, rep.blocks)
}

func TestCheckIgnores(t *testing.T) {
	md := strings.Join([]string{
		"# Links that are not checked",
		"[RFC](https://www.rfc-editor.org/rfc/rfc6455) [mail](mailto:a@example.com)",
		"[ftp](ftp://example.com/x) [proto](//example.com/x)",
		"Inline code is text: `[x](missing.md)` and ``[y](`missing`)``.",
		"````markdown",
		"<!-- code: missing.go nope -->",
		"```go",
		"[z](missing.md)",
		"```",
		"````",
		"~~~",
		"<!-- code: also/missing.go -->",
		"~~~",
		"Checked: [script](../scripts/run.sh), [dir](../step02/), [self](guide.md#links-that-are-not-checked \"Title\"), [top](#links-that-are-not-checked).",
		"",
	}, "\n")
	root := writeRepo(t, withDocs(map[string]string{"docs/guide.md": md}))
	rep, err := check(root, false)
	require.NoError(t, err)
	assert.Empty(t, rep.problems)
	assert.Equal(t, 0, rep.blocks)
	assert.Equal(t, 4, rep.links)
}

func TestCheckWithoutDocs(t *testing.T) {
	tests := []struct {
		name      string
		files     map[string]string
		wantFiles int
	}{
		{"empty repository", map[string]string{}, 0},
		{"README only", map[string]string{"README.md": "# WebSocket\n\nSee [the script](scripts/run.sh).\n"}, 1},
		{"docs without markers", map[string]string{"docs/00-plan.md": "# Plan\n", "docs/notes.txt": "not markdown"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := writeRepo(t, withDocs(tt.files))
			rep, err := check(root, false)
			require.NoError(t, err)
			assert.Empty(t, rep.problems)
			assert.Equal(t, tt.wantFiles, rep.files)
			assert.Equal(t, 0, rep.blocks)
		})
	}
}

func TestCheckRewrite(t *testing.T) {
	const fresh = "Unchanged:\n\n" + "<!-- code: scripts/run.sh -->\n```sh\n" + runSh + "```\n"
	stale := "# Handshake\n\n" +
		codeBlock("step02/handshake.go acceptKey", "// acceptKey is out of date.\nfunc acceptKey() {}\n") +
		"\nBetween the blocks.\n\n" +
		codeBlock("step02/handshake.go Conn", "\n") + // the fix grows the block
		"\n" + codeBlock("step02/handshake.go missing", "left alone\n") +
		"\n" + fresh
	root := writeRepo(t, withDocs(map[string]string{
		"docs/02-handshake.md": stale,
		"docs/01-intro.md":     fresh,
	}))

	rep, err := check(root, true)
	require.NoError(t, err)
	assert.Equal(t, []string{
		"docs/02-handshake.md:3: rewrote block from step02/handshake.go acceptKey",
		"docs/02-handshake.md:11: rewrote block from step02/handshake.go Conn",
	}, rep.rewritten)
	require.Len(t, rep.problems, 1, "a block -w cannot fix is still reported")
	assert.Contains(t, rep.problems[0].msg, "no top-level declaration missing")

	want := "# Handshake\n\n" +
		codeBlock("step02/handshake.go acceptKey", acceptKeyDecl) +
		"\nBetween the blocks.\n\n" +
		codeBlock("step02/handshake.go Conn", "// Conn is a client connection.\ntype Conn struct {\n\tclosed bool\n}\n") +
		"\n" + codeBlock("step02/handshake.go missing", "left alone\n") +
		"\n" + fresh
	assert.Equal(t, want, readFile(t, root, "docs/02-handshake.md"))
	assert.Equal(t, fresh, readFile(t, root, "docs/01-intro.md"))

	// Once rewritten, only the unfixable problem is left.
	rep, err = check(root, false)
	require.NoError(t, err)
	assert.Len(t, rep.problems, 1)
	assert.Empty(t, rep.rewritten)
}
