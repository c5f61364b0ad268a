package main

import (
	"regexp"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNormalizeLang(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "en"},
		{"en", "en"},
		{"en_GB.UTF-8", "en"},
		{"C", "en"},
		{"C.UTF-8", "en"},
		{"POSIX", "en"},
		{"zh", "zh-CN"},
		{"zh-CN", "zh-CN"},
		{"zh_CN.UTF-8", "zh-CN"},
		{"zh_CN.GB18030", "zh-CN"},
		{"zh-Hans", "zh-CN"},
		{"ZH_cn", "zh-CN"},
		{"fr_FR.UTF-8", "fr_FR.UTF-8"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, normalizeLang(tt.in), "%q", tt.in)
	}
}

func TestLocaleLang(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"nothing set", nil, "en"},
		{"LANG", map[string]string{"LANG": "zh_CN.UTF-8"}, "zh-CN"},
		{"LC_MESSAGES wins over LANG", map[string]string{"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh-CN"},
		{"LC_ALL wins over both", map[string]string{"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "zh_CN"}, "en"},
		{"a language the tool does not speak", map[string]string{"LANG": "fr_FR.UTF-8"}, "en"},
		{"the first set one decides", map[string]string{"LC_ALL": "fr_FR", "LANG": "zh_CN"}, "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, localeLang(func(name string) string { return tt.env[name] }))
		})
	}
}

// verbPattern matches a format verb with its explicit argument index,
// flags and width: %[1]s, %-18[1]s, %.0[4]f.
var verbPattern = regexp.MustCompile(`%[-+# 0-9.]*\[[0-9]+\][a-zA-Z]`)

// keptEnglish are the messages the Chinese table leaves in English: code
// that the tool writes (a comment in an article's code block), column
// markers of fixed width, and formats that hold no words.
var keptEnglish = []msg{
	msgHiddenCode, msgHiddenCodeHow,
	msgMarkOK, msgMarkFail, msgMarkWait,
	msgProgressStep, msgWatchRun, msgCheckLine, msgVerifyListStep,
	msgLintWhere, msgProbSign,
}

func TestChineseMessagesKeepTheirVerbs(t *testing.T) {
	en, err := newTexts("en")
	require.NoError(t, err)
	zh, err := newTexts("zh-CN")
	require.NoError(t, err)
	for m := range msgCount {
		want := verbPattern.FindAllString(en.table[m], -1)
		got := verbPattern.FindAllString(zh.table[m], -1)
		slices.Sort(want)
		slices.Sort(got)
		assert.Equal(t, want, got, "message %d: %q", m, zh.table[m])
		if slices.Contains(keptEnglish, m) {
			assert.Equal(t, en.table[m], zh.table[m], "message %d stays English", m)
		} else {
			assert.NotEqual(t, en.table[m], zh.table[m], "message %d is not translated", m)
		}
	}
}
