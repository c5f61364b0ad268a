package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// enTransport is an English article with four sections.
const enTransport = "# 04 · Transport\n" + // 1
	"\n" +
	"Messages over frames.\n" +
	"\n" +
	"## The closing handshake\n" + // 5
	"\n" +
	"Either side may start it.\n" +
	"The other side answers with a close frame.\n" +
	"\n" +
	"```sh\n" +
	"go run ./step04-transport\n" +
	"```\n" +
	"\n" +
	"### We close first\n" + // 14
	"\n" +
	"We send a close frame and wait.\n" +
	"\n" +
	"## Ping and pong\n" + // 18
	"\n" +
	"A ping asks for a pong.\n"

// zhTransport translates enTransport. {anchor} stands for the hash of the
// English section; withRecords fills it in.
const zhTransport = "<a id=\"04--transport\"></a>\n" + // 1
	"# 04 · 传输\n" +
	"<!-- en: {04--transport} -->\n" +
	"\n" +
	"通过帧传递消息。\n" + // 5
	"\n" +
	"<a id=\"the-closing-handshake\"></a>\n" +
	"## 关闭握手\n" + // 8
	"<!-- en: {the-closing-handshake} -->\n" +
	"\n" +
	"任何一方都可以发起。\n" +
	"另一方以关闭帧应答。\n" +
	"\n" +
	"```sh\n" +
	"go run ./step04-transport\n" +
	"```\n" +
	"\n" +
	"<a id=\"we-close-first\"></a>\n" + // 18
	"### 我们先关闭\n" +
	"<!-- en: {we-close-first} -->\n" + // 20
	"\n" +
	"我们发送关闭帧并等待。\n" +
	"\n" +
	"<a id=\"ping-and-pong\"></a>\n" + // 24
	"## Ping 和 Pong\n" +
	"<!-- en: {ping-and-pong} -->\n" +
	"\n" +
	"ping 请求一个 pong。\n"

const (
	enPath = "docs/04-transport.md"
	zhPath = "docs/zh-CN/04-transport.md"
)

var placeholderPattern = regexp.MustCompile(`\{([^{}]*)\}`)

// hashes returns the prose hash of each section of the English markdown
// en, by anchor.
func hashes(t *testing.T, en string) map[string]string {
	t.Helper()
	d := parseDocument(enPath, []byte(en))
	h := make(map[string]string)
	for _, s := range d.englishSections() {
		h[s.anchor] = d.proseHash(s)
	}
	return h
}

// withRecords replaces each {anchor} in zh by the hash of that section of
// en: the translation as it is right after translating en.
func withRecords(t *testing.T, zh, en string) string {
	t.Helper()
	h := hashes(t, en)
	return placeholderPattern.ReplaceAllStringFunc(zh, func(m string) string {
		hash, ok := h[m[1:len(m)-1]]
		require.True(t, ok, "no English section %s", m)
		return hash
	})
}

// translationRepo writes a repository holding the English and Chinese
// articles and returns its root.
func translationRepo(t *testing.T, en, zh string) string {
	t.Helper()
	return writeRepo(t, withDocs(map[string]string{enPath: en, zhPath: zh}))
}

// problemLines returns the problems of a check of root as "file:line: msg".
func problemLines(t *testing.T, root string) []string {
	t.Helper()
	rep, err := check(root, false)
	require.NoError(t, err)
	var got []string
	for _, p := range rep.problems {
		got = append(got, p.pos()+": "+p.msg)
	}
	return got
}

func TestCheckTranslationFresh(t *testing.T) {
	root := translationRepo(t, enTransport, withRecords(t, zhTransport, enTransport))
	rep, err := check(root, false)
	require.NoError(t, err)
	assert.Empty(t, rep.problems)
	assert.Equal(t, 2, rep.files)
	assert.Equal(t, 4, rep.translated)
}

func TestCheckTranslationStale(t *testing.T) {
	changed := strings.Replace(enTransport, "Either side may start it.", "Either side may start it, at any time.", 1)
	root := translationRepo(t, changed, withRecords(t, zhTransport, enTransport))
	rep, err := check(root, false)
	require.NoError(t, err)
	require.Len(t, rep.problems, 1, "only the changed section is stale: %v", rep.problems)

	was, now := hashes(t, enTransport)["the-closing-handshake"], hashes(t, changed)["the-closing-handshake"]
	require.NotEqual(t, was, now)
	p := rep.problems[0]
	assert.Equal(t, "docs/zh-CN/04-transport.md:8", p.pos())
	assert.Equal(t, `section "the-closing-handshake" (关闭握手) is stale: the English prose changed since it was translated (recorded `+
		was+", now "+now+")", p.msg)
	assert.Equal(t, []string{"once it translates docs/04-transport.md:5, run: go run ./internal/docscheck -translated docs/zh-CN/04-transport.md#the-closing-handshake"}, p.detail)
}

func TestCheckTranslationIgnoresCode(t *testing.T) {
	tests := []struct {
		name string
		en   string
	}{
		{"code block changed", strings.Replace(enTransport, "go run ./step04-transport\n", "go run ./step04-transport -v\ngo test ./step04-transport\n", 1)},
		{"code block added", strings.Replace(enTransport, "We send a close frame and wait.\n", "We send a close frame and wait.\n\n```go\nc.Close()\n```\n", 1)},
		{"comment added", strings.Replace(enTransport, "A ping asks for a pong.", "A ping asks for a pong. <!-- §5.5.2 -->", 1)},
		{"blank lines added", strings.Replace(enTransport, "\n\n", "\n\n\n", -1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := translationRepo(t, tt.en, withRecords(t, zhTransport, enTransport))
			for _, p := range problemLines(t, root) {
				assert.NotContains(t, p, "stale", "code is compared on its own, not as prose")
			}
		})
	}
}

func TestCheckTranslationProblems(t *testing.T) {
	zh := withRecords(t, zhTransport, enTransport)
	closeFirst := "<a id=\"we-close-first\"></a>\n### 我们先关闭\n<!-- en: " + hashes(t, enTransport)["we-close-first"] + " -->\n\n我们发送关闭帧并等待。\n\n"
	tests := []struct {
		name string
		en   string
		zh   string
		want []string
	}{
		{
			name: "missing translation",
			zh:   strings.Replace(zh, closeFirst, "", 1),
			want: []string{`docs/zh-CN/04-transport.md:18: missing translation: section "we-close-first" (We close first) at docs/04-transport.md:14 has no Chinese section`},
		},
		{
			name: "missing translation of the first section",
			zh:   zh[strings.Index(zh, "<a id=\"the-closing"):],
			want: []string{`docs/zh-CN/04-transport.md:1: missing translation: section "04--transport" (04 · Transport) at docs/04-transport.md:1 has no Chinese section`},
		},
		{
			name: "no English section",
			zh:   zh + "\n<a id=\"extra\"></a>\n## 额外\n<!-- en: 00000000 -->\n",
			want: []string{`docs/zh-CN/04-transport.md:31: no English section: section "extra" (额外) has no section with this anchor in docs/04-transport.md`},
		},
		{
			name: "heading without an anchor",
			zh:   strings.Replace(zh, "<a id=\"we-close-first\"></a>\n", "", 1),
			want: []string{
				`docs/zh-CN/04-transport.md:18: heading "我们先关闭" has no <a id="..."></a> on the line above it to give it the anchor of the English section it translates`,
				`docs/zh-CN/04-transport.md:18: missing translation: section "we-close-first" (We close first) at docs/04-transport.md:14 has no Chinese section`,
			},
		},
		{
			name: "repeated anchor",
			zh:   strings.Replace(zh, `<a id="ping-and-pong">`, `<a id="we-close-first">`, 1),
			want: []string{
				`docs/zh-CN/04-transport.md:24: missing translation: section "ping-and-pong" (Ping and pong) at docs/04-transport.md:18 has no Chinese section`,
				`docs/zh-CN/04-transport.md:25: section "we-close-first" (Ping 和 Pong) repeats the anchor of the section on line 19`,
			},
		},
		{
			name: "no record",
			zh:   strings.Replace(zh, "<!-- en: "+hashes(t, enTransport)["we-close-first"]+" -->\n", "", 1),
			want: []string{`docs/zh-CN/04-transport.md:19: section "we-close-first" (我们先关闭) has no <!-- en: … --> record on the line below its heading`},
		},
		{
			name: "record not directly below the heading",
			zh:   strings.Replace(zh, "### 我们先关闭\n", "### 我们先关闭\n\n", 1),
			want: []string{`docs/zh-CN/04-transport.md:19: section "we-close-first" (我们先关闭) has no <!-- en: … --> record on the line below its heading`},
		},
		{
			name: "malformed record",
			zh:   strings.Replace(zh, "<!-- en: "+hashes(t, enTransport)["we-close-first"]+" -->", "<!-- en: 3F2A -->", 1),
			want: []string{`docs/zh-CN/04-transport.md:20: malformed record "<!-- en: 3F2A -->": want <!-- en: 3f2a9c1b -->, 8 hex digits`},
		},
		{
			name: "text above the first heading in English only",
			en:   "Read this first.\n\n" + enTransport,
			zh:   zh,
			want: []string{`docs/zh-CN/04-transport.md:1: missing translation: the part above the first heading at docs/04-transport.md:1 has no Chinese section`},
		},
		{
			name: "text above the first heading in Chinese only",
			zh:   "<!-- en: 00000000 -->\n先读这个。\n\n" + zh,
			want: []string{`docs/zh-CN/04-transport.md:1: no English section: docs/zh-CN/04-transport.md has text above its first heading, but docs/04-transport.md has none`},
		},
		{
			name: "text above the first heading, stale",
			en:   "Read this first, now.\n\n" + enTransport,
			zh:   "<!-- en: " + hashes(t, "Read this first.\n")[""] + " -->\n先读这个。\n\n" + zh,
			want: []string{`docs/zh-CN/04-transport.md:1: the part above the first heading is stale: the English prose changed since it was translated (recorded ` +
				hashes(t, "Read this first.\n")[""] + ", now " + hashes(t, "Read this first, now.\n")[""] + ")"},
		},
		{
			name: "text above the first heading, fresh",
			en:   "Read this first.\n\n" + enTransport,
			zh:   "<!-- en: " + hashes(t, "Read this first.\n")[""] + " -->\n先读这个。\n\n" + zh,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			en := tt.en
			if en == "" {
				en = enTransport
			}
			assert.Equal(t, tt.want, problemLines(t, translationRepo(t, en, tt.zh)))
		})
	}
}

func TestCheckTranslationTwins(t *testing.T) {
	root := writeRepo(t, withDocs(map[string]string{
		"docs/05-errors.md":           "# Errors\n\nNot translated yet, which is fine.\n",
		"docs/zh-CN/09-nothing.md":    "# 无\n",
		"docs/zh-CN/sub/deeper.md":    "# 更深\n",
		"docs/zh-CN/README.md":        "<a id=\"docs\"></a>\n# 文档\n<!-- en: " + hashes(t, "# Docs\n")["docs"] + " -->\n",
		"docs/README.md":              "# Docs\n",
		"docs/zh-CN/not-markdown.txt": "ignored",
	}))
	assert.Equal(t, []string{
		"docs/zh-CN/09-nothing.md:1: no English twin: docs/09-nothing.md does not exist, so there is nothing this translates",
		"docs/zh-CN/sub/deeper.md:1: no English twin: docs/sub/deeper.md does not exist, so there is nothing this translates",
	}, problemLines(t, root))
}

// The Chinese files are checked as the English ones are: their code blocks
// must match the code, and their links must resolve.
func TestCheckTranslationTree(t *testing.T) {
	zh := withRecords(t, zhTransport, enTransport) +
		"\n" + codeBlock("step02/handshake.go acceptKey", "func acceptKey() {}\n") + // line 30
		"[英文版](../04-transport.md#ping-and-pong) [本节](04-transport.md#the-closing-handshake) [坏链接](../missing.md)\n"
	root := translationRepo(t, enTransport, zh)
	assert.Equal(t, []string{
		"docs/zh-CN/04-transport.md:30: block differs from step02/handshake.go acceptKey",
		`docs/zh-CN/04-transport.md:31: section "ping-and-pong" (Ping 和 Pong) has a code block that docs/04-transport.md does not have in this section`,
		"docs/zh-CN/04-transport.md:34: broken link ../missing.md: docs/missing.md does not exist",
	}, problemLines(t, root))

	rep, err := check(root, true)
	require.NoError(t, err)
	assert.Equal(t, []string{"docs/zh-CN/04-transport.md:30: rewrote block from step02/handshake.go acceptKey"}, rep.rewritten)
}

// TestEnglishTwin: every file of the Chinese edition, its glossary
// included, translates the English file of the same name under docs/.
func TestEnglishTwin(t *testing.T) {
	for zh, en := range map[string]string{
		"docs/zh-CN/GLOSSARY.md":            "docs/GLOSSARY.md",
		"docs/zh-CN/04-transport.md":        "docs/04-transport.md",
		"docs/zh-CN/exercises/03-frames.md": "docs/exercises/03-frames.md",
	} {
		twin, ok := englishTwin(zh)
		assert.True(t, ok)
		assert.Equal(t, en, twin)
	}
	_, ok := englishTwin("docs/04-transport.md")
	assert.False(t, ok)
}

// TestCheckTranslationCodeBlocks: the fenced blocks of a translated
// section are those of its English section, one for one and byte for
// byte, marked or not: commands and program output are not translated.
// Only a Mermaid diagram's labels may be.
func TestCheckTranslationCodeBlocks(t *testing.T) {
	const enDiagram = "```mermaid\nsequenceDiagram\n  C->>S: close frame\n```\n"
	const zhDiagram = "```mermaid\nsequenceDiagram\n  C->>S: 关闭帧\n```\n"
	tests := []struct {
		name   string
		zhCode string // replaces the section's sh block in zhTransport
		enCode string // replaces it in enTransport; empty: as it is
		want   []string
	}{
		{name: "identical", zhCode: "```sh\ngo run ./step04-transport\n```\n"},
		{
			name:   "output changed in Chinese",
			zhCode: "```sh\ngo run ./step04-transport   # 运行\n```\n",
			want: []string{
				`docs/zh-CN/04-transport.md:14: this code block of section "the-closing-handshake" (关闭握手) differs from its English twin`,
			},
		},
		{
			name:   "block missing",
			zhCode: "",
			want: []string{
				`docs/zh-CN/04-transport.md:8: section "the-closing-handshake" (关闭握手) lacks the code block at docs/04-transport.md:10`,
			},
		},
		{
			name:   "a diagram's labels translated",
			zhCode: "```sh\ngo run ./step04-transport\n```\n" + zhDiagram,
			enCode: "```sh\ngo run ./step04-transport\n```\n" + enDiagram,
		},
	}
	const block = "```sh\ngo run ./step04-transport\n```\n"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			en := enTransport
			if tt.enCode != "" {
				en = strings.Replace(en, block, tt.enCode, 1)
			}
			zh := strings.Replace(withRecords(t, zhTransport, en), block, tt.zhCode, 1)
			root := writeRepo(t, withDocs(map[string]string{enPath: en, zhPath: zh, "step04-transport/conn.go": "package main\n"}))
			assert.Equal(t, tt.want, problemLines(t, root))
		})
	}
}
