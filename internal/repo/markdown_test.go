package repo

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseMarkdown(t *testing.T) {
	src := "# Top\n\nSee [a](a.md#x) and ![i](i.png), not `[c](c.md)`.\n\n" +
		"```go info\n## not a heading\n[not](a-link.md)\n```\n\n" +
		"  ~~~~mermaid\n  x\n  ~~~~~\n\n## Two ##\n\nSetext\n---\n\n````\nnever closed\n```\n"
	md := ParseMarkdown([]byte(src))
	assert.Equal(t, []Heading{{Line: 0, Level: 1, Text: "Top"}, {Line: 13, Level: 2, Text: "Two"}}, md.Headings)
	assert.Equal(t, []Link{{Line: 2, Dest: "a.md#x"}, {Line: 2, Dest: "i.png"}}, md.Links)
	assert.Equal(t, []Fence{
		{Open: 4, Close: 7, Char: '`', Length: 3, Info: "go"},
		{Open: 9, Close: 11, Char: '~', Length: 4, Indent: 2, Info: "mermaid"},
		{Open: 18, Close: 21, Char: '`', Length: 4},
	}, md.Fences)
	f, ok := md.FenceAt(9)
	assert.True(t, ok)
	assert.Equal(t, "mermaid", f.Info)
	_, ok = md.FenceAt(10)
	assert.False(t, ok)
}

func TestFences(t *testing.T) {
	tests := []struct {
		line string
		want Fence // zero if the line opens no fence
	}{
		{"```", Fence{Char: '`', Length: 3}},
		{"```go", Fence{Char: '`', Length: 3, Info: "go"}},
		{"~~~~ markdown", Fence{Char: '~', Length: 4, Info: "markdown"}},
		{"   ```", Fence{Char: '`', Length: 3, Indent: 3}},
		{"    ```", Fence{}}, // indented code, not a fence
		{"``", Fence{}},
		{"```go `x`", Fence{}}, // inline code
		{"text", Fence{}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got, ok := ParseMarkdown([]byte(tt.line + "\nx\n")).FenceAt(0)
			assert.Equal(t, tt.want.Char != 0, ok)
			if ok {
				tt.want.Close = 2 // unterminated: the line count
				assert.Equal(t, tt.want, got)
			}
		})
	}
}

func TestFenceClosedBy(t *testing.T) {
	backticks := Fence{Char: '`', Length: 3}
	for line, want := range map[string]bool{"```": true, "````": true, "  ```  ": true, "~~~": false, "```go": false, "``": false, "    ```": false} {
		assert.Equal(t, want, backticks.ClosedBy(line), line)
	}
	assert.False(t, Fence{Char: '`', Length: 4}.ClosedBy("```"), "a closing fence must be at least as long")
}

func TestHeadings(t *testing.T) {
	tests := []struct {
		line      string
		wantLevel int
		wantText  string
	}{
		{"# Title", 1, "Title"},
		{"#### Four", 4, "Four"},
		{"###### Six", 6, "Six"},
		{"   ## Indented", 2, "Indented"},
		{"## Closed ##", 2, "Closed"},
		{"## C#", 2, "C#"},
		{"#\tTab", 1, "Tab"},
		{"##", 2, ""},
		{"## ###", 2, ""},
		{"####### Seven", 0, ""},
		{"#hashtag", 0, ""},
		{"    # code", 0, ""},
		{"text # not a heading", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			hs := ParseMarkdown([]byte(tt.line + "\n")).Headings
			if tt.wantLevel == 0 {
				assert.Empty(t, hs)
				return
			}
			assert.Equal(t, []Heading{{Level: tt.wantLevel, Text: tt.wantText}}, hs)
		})
	}
}

func TestLinks(t *testing.T) {
	tests := []struct {
		line string
		want []string
	}{
		{"[a](x.md) and ![b](img/y.png \"title\")", []string{"x.md", "img/y.png"}},
		{"[`code`](z.go#L1)", []string{"z.go#L1"}},
		{"`[a](x.md)` ``[b](`y`)``", nil},
		{"unmatched ` tick [a](x.md)", []string{"x.md"}},
		{"no links (here) [or] here", nil},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			var got []string
			for _, l := range ParseMarkdown([]byte("\n" + tt.line)).Links {
				assert.Equal(t, 1, l.Line)
				got = append(got, l.Dest)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
