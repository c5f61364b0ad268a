package main

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEnglishSections(t *testing.T) {
	md := strings.Join([]string{
		"Above the title.", // 1
		"",
		"# Title", // 3
		"Intro.",
		"```sh",
		"# not a heading",
		"```",
		"## Run it", // 8
		"##### Deep",
		"Still in Run it.",
		"### Run it", // 11
		"#### Four",  // 12
		"## Deep",    // 13: its slug is numbered because of ##### Deep
		"",
	}, "\n")
	d := parseDocument("docs/01-a.md", []byte(md))
	type sec struct {
		level        int
		anchor       string
		line, endIdx int
	}
	var got []sec
	for _, s := range d.englishSections() {
		got = append(got, sec{s.level, s.anchor, s.line(), s.end})
	}
	assert.Equal(t, []sec{
		{0, "", 1, 2},
		{1, "title", 3, 7},
		{2, "run-it", 8, 10},
		{3, "run-it-1", 11, 11},
		{4, "four", 12, 12},
		{2, "deep-1", 13, 14},
	}, got)
}

func TestSectionsWithoutTextAboveTheFirstHeading(t *testing.T) {
	for _, md := range []string{"# Title\n", "\n\n# Title\n", "<a id=\"title\"></a>\n# Title\n"} {
		secs := parseDocument("docs/a.md", []byte(md)).translatedSections()
		require.Len(t, secs, 1, md)
		assert.Equal(t, 1, secs[0].level, md)
	}
	secs := parseDocument("docs/a.md", []byte("Only text.\n")).englishSections()
	require.Len(t, secs, 1)
	assert.Equal(t, section{end: 2}, secs[0])
}

func TestTranslatedSections(t *testing.T) {
	md := strings.Join([]string{
		"<!-- en: 01234567 -->", // 1
		"前言。",
		"<a id=\"the-closing-handshake\"></a>",
		"## 关闭握手", // 4
		"<!-- en: 89abcdef -->",
		"文字。",
		"  <a id=\"we-close-first\" ></a>  ",
		"### 我们先关闭", // 8
		"",
		"## 没有锚点", // 10
		"",
	}, "\n")
	d := parseDocument("docs/zh-CN/04-transport.md", []byte(md))
	secs := d.translatedSections()
	require.Len(t, secs, 4)
	assert.Equal(t, section{level: 0, start: 0, end: 2}, secs[0])
	assert.Equal(t, section{level: 2, title: "关闭握手", anchor: "the-closing-handshake", start: 3, end: 6}, secs[1])
	assert.Equal(t, section{level: 3, title: "我们先关闭", anchor: "we-close-first", start: 7, end: 9}, secs[2])
	assert.Equal(t, section{level: 2, title: "没有锚点", start: 9, end: 11}, secs[3])
	assert.Equal(t, `section "the-closing-handshake" (关闭握手)`, secs[1].String())
	assert.Equal(t, "the part above the first heading", secs[0].String())
	assert.Equal(t, 0, secs[0].recordIndex())
	assert.Equal(t, 4, secs[1].recordIndex())
}

func TestProse(t *testing.T) {
	md := strings.Join([]string{
		"## The closing handshake  ",
		"",
		"Either side may start it. <!-- why: §7.1.2 -->",
		"<!-- code: step04-transport/close.go Conn.Close -->",
		"```go",
		"func (c *Conn) Close() error",
		"```",
		"",
		"The other side answers.\t",
		"<!--",
		"a comment over",
		"several lines",
		"-->",
		"",
		"",
		"",
		"Last line.",
		"",
		"",
	}, "\n")
	d := parseDocument("docs/04-transport.md", []byte(md))
	secs := d.englishSections()
	require.Len(t, secs, 1)
	want := "## The closing handshake\n\nEither side may start it.\n\nThe other side answers.\n\nLast line."
	assert.Equal(t, want, d.prose(secs[0]))
	sum := sha256.Sum256([]byte(want))
	assert.Equal(t, hex.EncodeToString(sum[:])[:8], d.proseHash(secs[0]))
}

func TestProseHashIgnoresCodeAndLayout(t *testing.T) {
	const base = "## A\n\nOne sentence.\n\n```go\nx := 1\n```\n\nTwo sentences.\n"
	hash := func(md string) string {
		d := parseDocument("docs/a.md", []byte(md))
		secs := d.englishSections()
		require.Len(t, secs, 1)
		return d.proseHash(secs[0])
	}
	tests := []struct {
		name  string
		md    string
		stale bool
	}{
		{"same", base, false},
		{"code changed", strings.Replace(base, "x := 1", "x := 2\ny := 3", 1), false},
		{"code removed", strings.Replace(base, "```go\nx := 1\n```\n\n", "", 1), false},
		{"comment added", strings.Replace(base, "One sentence.", "One sentence. <!-- TODO -->", 1), false},
		{"blank lines added", strings.Replace(base, "\n\n", "\n\n\n\n", -1) + "\n\n", false},
		{"generated region changed", strings.Replace(base, "Two sentences.", "<!-- table:begin -->\n| a | 1 |\n<!-- table:end -->\n\nTwo sentences.", 1), false},
		{"trailing spaces", strings.Replace(base, "One sentence.", "One sentence.   ", 1), false},
		{"sentence changed", strings.Replace(base, "One sentence.", "One sentence, changed.", 1), true},
		{"heading changed", strings.Replace(base, "## A", "## B", 1), true},
		{"paragraphs joined", strings.Replace(base, "One sentence.\n\n```go\nx := 1\n```\n\n", "One sentence.\n", 1), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.stale, hash(tt.md) != hash(base))
		})
	}
}
