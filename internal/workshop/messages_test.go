package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
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
var keptEnglish = []string{
	"The code of %[2]s is exercise %[1]s: this workshop copy hides it.",
	"Once the exercise passes: go run ./internal/workshop solution %[1]s",
	"ok  ", "FAIL", "wait",
	"%-18[1]s [%[2]s] %[3]d/%[4]d", "--- %[1]s ---", "%-6[1]s %-6[2]s %[3]s (%[4]s)", "  %-17[1]s %[2]d: %[3]s",
	"%[1]s: %[2]s: %[3]s", "%[1]s: %[2]s\n%[3]s",
}

// usedMessages are the English formats the package's code passes to
// texts.f, texts.err, verifier.problem and map's line.
func usedMessages(t *testing.T) map[string]bool {
	consts := map[string]string{"todoText": todoText, "usageText": usageText, "hintsNoteText": hintsNoteText, "copyGuideText": copyGuideText}
	used := map[string]bool{}
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(file, func(n ast.Node) bool { return inspectMessage(t, n, consts, used) })
	}
	return used
}

// inspectMessage adds to used the message n passes, if n is a call of one.
func inspectMessage(t *testing.T, n ast.Node, consts map[string]string, used map[string]bool) bool {
	call, ok := n.(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return true
	}
	name := ""
	switch fun := call.Fun.(type) {
	case *ast.SelectorExpr:
		name = fun.Sel.Name
	case *ast.Ident:
		name = fun.Name
	}
	if !slices.Contains([]string{"f", "err", "problem", "line"}, name) {
		return true
	}
	switch arg := call.Args[0].(type) {
	case *ast.BasicLit:
		s, err := strconv.Unquote(arg.Value)
		require.NoError(t, err)
		used[s] = true
	case *ast.Ident:
		if s, ok := consts[arg.Name]; ok {
			used[s] = true
		}
	}
	return true
}

func TestChineseMessagesKeepTheirVerbs(t *testing.T) {
	used := usedMessages(t)
	require.Greater(t, len(used), 100)
	for en, zh := range chinese {
		assert.True(t, used[en], "the Chinese table translates %q, which the code does not use", en)
		want := verbPattern.FindAllString(en, -1)
		got := verbPattern.FindAllString(zh, -1)
		slices.Sort(want)
		slices.Sort(got)
		assert.Equal(t, want, got, "%q", zh)
	}
	for en := range used {
		_, ok := chinese[en]
		assert.Equal(t, !slices.Contains(keptEnglish, en), ok, "%q: translated unless kept English", en)
	}
}
