package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCheckNative: English-first quotes and ASCII quotation marks in
// Chinese prose are problems; code, comments, links and English-only
// lines (an English blockquote after the Chinese) are not prose to judge.
func TestCheckNative(t *testing.T) {
	tests := []struct {
		name                    string
		md                      string
		englishFirst, asciiQuot int
	}{
		{"Chinese first, English blockquote", "RFC 要求客户端必须（MUST）掩码。\n\n> \"A client MUST mask all frames\"\n", 0, 0},
		{"English first, Chinese in brackets", "RFC 说 \"a client MUST mask all frames\"（客户端必须掩码）。\n", 1, 2},
		{"curly quotes, English first", "RFC 说 “a client MUST mask all frames”（客户端必须掩码）。\n", 1, 0},
		{"ASCII quotes around Chinese", "这叫 \"开销下限\"。\n", 0, 2},
		{"Chinese quotes", "这叫“开销下限”。\n", 0, 0},
		{"code span and fence are not prose", "用 `\"x\"` 表示。\n\n```\nfmt.Println(\"你好\")\n```\n", 0, 0},
		{"a code span of two backticks may hold one", "分隔符 ``\"(`)`` 之一。\n", 0, 0},
		{"comments and link titles are not prose", "见[此处](a.md \"标题\")。<!-- \"注释\" -->\n", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, problems := checkNative(parseDocument("docs/zh-CN/x.md", []byte(tt.md)))
			assert.Equal(t, tt.englishFirst, st.englishFirst, "English-first quotes")
			assert.Equal(t, tt.asciiQuot, st.asciiQuot, "ASCII quotation marks")
			want := tt.englishFirst
			if tt.asciiQuot > 0 {
				want++ // one problem per line
			}
			assert.Len(t, problems, want)
			assert.Positive(t, st.cjk)
		})
	}
}
