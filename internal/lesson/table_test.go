package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCountWordsSkipsCodeAndComments(t *testing.T) {
	src := lines(
		"# Two words",
		"",
		"Prose with `inline code` and [a link](https://example.com/).",
		"<!-- code: step01/a.go hidden -->",
		"```go",
		"func notProse() {}",
		"```",
		"",
		"| col | umn |",
		"|---|---|",
		"- item <!-- inline comment --> after",
		"<!-- lesson-time:begin -->",
		"> **Time:** generated, so no prose",
		"<!-- lesson-time:end -->",
		"<!--",
		"a comment over",
		"three lines",
		"-->",
		"~~~~",
		"```",
		"still code: a shorter or other fence does not close it",
		"~~~~",
		"The end.",
	)
	// Two words, 7 in the prose line, col umn, item after, The end.
	assert.Equal(t, 2+7+2+2+2, countWords(parseArticle(src).prose))
}

func TestChurnExemption(t *testing.T) {
	reason, ok := parseArticle(lines("text", "<!-- churn-exempt: the read code is rebuilt -->", "more")).churnExemption()
	assert.True(t, ok)
	assert.Equal(t, "the read code is rebuilt", reason)

	_, ok = parseArticle(lines("```", "<!-- churn-exempt: only an example -->", "```")).churnExemption()
	assert.False(t, ok, "an exemption inside a code block is an example")
	_, ok = parseArticle(lines("<!-- churn-exempt: -->")).churnExemption()
	assert.False(t, ok, "an exemption needs a reason")
}

func TestReadingTime(t *testing.T) {
	words := func(n int) string { return strings.Repeat("word ", n) }
	fence := func(info string, n int) []string {
		return append(append([]string{"```" + info}, numbered("line", n)...), "```")
	}
	tests := []struct {
		name                         string
		src                          string
		codeLines, diagrams, minutes int
	}{
		{"nothing", "", 0, 0, 0},
		{"200 words are a minute", lines(words(200)), 0, 0, 1},
		{"201 words round up", lines(words(201)), 0, 0, 2},
		{"10 lines of code are a minute", lines(fence("go", 10)...), 10, 0, 1},
		{"a transcript is code too", lines(fence("", 11)...), 11, 0, 2},
		{"a diagram is a minute, whatever its length", lines(fence("mermaid", 30)...), 0, 1, 1},
		{"the sum is rounded, not each term", lines(append(fence("go", 5), words(100))...), 5, 0, 1},
		{"a code block left open runs to the end", lines("```go", "a", "b"), 2, 0, 1},
		{"all of it", lines(append(append(fence("go", 25), fence("Mermaid", 3)...), words(301))...), 25, 1, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := parseArticle(tt.src)
			assert.Equal(t, tt.codeLines, a.codeLines)
			assert.Equal(t, tt.diagrams, a.diagrams)
			assert.Equal(t, tt.minutes, a.minutes())
		})
	}
}

func TestTimeLine(t *testing.T) {
	tests := []struct {
		name     string
		article  string
		optional bool
		en, zh   string
	}{{
		name:    "the counts, grouped in thousands",
		article: lines(strings.Repeat("word ", 4294), "```go", strings.Repeat("x\n", 300)+"```", "```mermaid", "a", "```", "```mermaid", "```"),
		en:      "> **Time:** 54 minutes to read (4,294 words, 300 lines of code, 2 diagrams).\n",
		zh:      "> **用时：** 阅读约 54 分钟（按英文版计：4,294 个英文词、300 行代码、2 张图）。\n",
	}, {
		name:     "optional, one of each",
		article:  lines("Word.", "```", "x", "```", "```mermaid", "```"),
		optional: true,
		en:       "> **Time:** optional, 2 minutes to read (1 word, 1 line of code, 1 diagram).\n",
		zh:       "> **用时：** 选读，阅读约 2 分钟（按英文版计：1 个英文词、1 行代码、1 张图）。\n",
	}, {
		name:    "none of some",
		article: lines("Two words."),
		en:      "> **Time:** 1 minute to read (2 words, 0 lines of code, 0 diagrams).\n",
		zh:      "> **用时：** 阅读约 1 分钟（按英文版计：2 个英文词、0 行代码、0 张图）。\n",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := part{Optional: tt.optional, article: parseArticle(tt.article)}
			assert.Equal(t, tt.en, p.timeLine(false))
			assert.Equal(t, tt.zh, p.timeLine(true))
		})
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 4294: "4,294", 1234567: "1,234,567"} {
		assert.Equal(t, want, thousands(n))
	}
}

// marked wraps text in the marker lines of the generated region name.
func marked(name, text string) string {
	return lines("<!-- "+name+":begin -->") + text + lines("<!-- "+name+":end -->")
}

// partsToml lists the parts of tableRepo: b, and c's two parts, one optional.
const partsToml = `
[[part]]
name = "b"
file = "02-b.md"
step = "step02-b"
files = ["*"]

[[part]]
name = "c"
file = "03-c.md"
step = "03"
files = ["a.go"]

[[part]]
name = "c-extra"
file = "03b-c.md"
step = "step03-c"
files = ["*_test.go"]
optional = true
`

// tableRepo is a series of three steps with parts for the last two, and a
// README with the table region.
func tableRepo(t *testing.T, table string) string {
	t.Helper()
	return writeRepo(t, map[string]string{
		"step01-a/a.go":      lines("a", "b"),
		"step02-b/a.go":      lines("a", "B", "c"),
		"step02-b/a_test.go": lines("t"),
		"step03-c/a.go":      lines("a", "B", "c", "d"),
		"docs/parts.toml":    partsToml,
		"docs/02-b.md":       lines("# Step two", "") + marked("lesson-time", wantTime) + lines("```", "code", "```", "Three more words."),
		"docs/03-c.md":       lines("Four words of prose.") + marked("lesson-time", ""),
		"docs/03b-c.md":      lines("Optional.") + marked("lesson-time", ""),
		"docs/zh-CN/03-c.md": lines("译文 不 算") + marked("lesson-time", ""),
		"docs/README.md":     lines("# Docs", "") + marked("lesson-table", table) + lines("") + marked("lesson-total", "") + lines("## The articles"),
	})
}

const (
	wantTable = "| transition | non-test + | non-test − | removed/added | test + | test − | article words | minutes to read |\n" +
		"|---|--:|--:|--:|--:|--:|--:|--:|\n" +
		"| 01→02 | 2 | 1 | 50% | 1 | 0 | 5 | 1 |\n" +
		"| 02→03 | 1 | 0 | 0% | 0 | 1 | 5 | 2 |\n"
	wantTime  = "> **Time:** 1 minute to read (5 words, 1 line of code, 0 diagrams).\n"
	wantTotal = "By this rule, the main path (every part not marked optional) takes 0 h 02 min to read.\n"
)

func TestTable(t *testing.T) {
	got := lessonCmd(t, tableRepo(t, ""), environment{}, "-table")
	require.Equal(t, 0, got.code, got.stderr)
	assert.Equal(t, wantTable, got.stdout)
}

// read returns a file of the repository at root.
func read(t *testing.T, root, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
	require.NoError(t, err)
	return string(b)
}

func TestTableCheckFindsStaleRegions(t *testing.T) {
	root := tableRepo(t, "\n| old table |\n\n")
	got := lessonCmd(t, root, environment{}, "-table", "-check")
	assert.Equal(t, 1, got.code)
	assert.Contains(t, got.stderr, "lesson-table in docs/README.md is stale")
	assert.Contains(t, got.stderr, "lesson-total in docs/README.md is stale")
	assert.Contains(t, got.stderr, "lesson-time in docs/03-c.md is stale")
	assert.Contains(t, got.stdout, "lesson: lesson-time in docs/02-b.md is up to date")
	assert.Contains(t, got.stdout, wantTable, "prints the fresh table")

	got = lessonCmd(t, root, environment{}, "-table", "-w")
	require.Equal(t, 0, got.code, got.stderr)
	assert.Equal(t, lines("# Docs", "")+marked("lesson-table", "\n"+wantTable+"\n")+lines("")+marked("lesson-total", wantTotal)+lines("## The articles"),
		read(t, root, "docs/README.md"), "only the regions change")
	assert.Equal(t, lines("Four words of prose.")+marked("lesson-time", "> **Time:** 1 minute to read (4 words, 0 lines of code, 0 diagrams).\n"), read(t, root, "docs/03-c.md"))
	assert.Equal(t, lines("Optional.")+marked("lesson-time", "> **Time:** optional, 1 minute to read (1 word, 0 lines of code, 0 diagrams).\n"), read(t, root, "docs/03b-c.md"))
	assert.Equal(t, lines("译文 不 算")+marked("lesson-time", "> **用时：** 阅读约 1 分钟（按英文版计：4 个英文词、0 行代码、0 张图）。\n"), read(t, root, "docs/zh-CN/03-c.md"),
		"the Chinese twin gives the English figures")

	got = lessonCmd(t, root, environment{}, "-table", "-check")
	assert.Equal(t, 0, got.code, got.stderr)
}

func TestTableCheckFindsMissingMarkers(t *testing.T) {
	root := writeRepo(t, map[string]string{
		"step01-a/a.go":   lines("a"),
		"docs/parts.toml": "",
		"docs/README.md":  lines("# Docs", "<!-- lesson-table:begin -->"),
	})
	got := lessonCmd(t, root, environment{}, "-table", "-check")
	assert.Equal(t, 1, got.code)
	assert.Contains(t, got.stderr, "no generated region between <!-- lesson-table:begin --> and <!-- lesson-table:end -->")
	assert.Contains(t, got.stderr, "<!-- lesson-total:begin -->")
}

// TestTableKeepsTheChineseIndexInStep: the Chinese index holds the same
// table under Chinese headers, so -check finds it stale there too, and -w
// rewrites both pages.
func TestTableKeepsTheChineseIndexInStep(t *testing.T) {
	root := tableRepo(t, "\n"+wantTable+"\n")
	zh := filepath.Join(root, "docs", "zh-CN", "README.md")
	require.NoError(t, os.WriteFile(zh, []byte(lines("# 文档")+marked("lesson-table", lines("| 旧表 |"))+marked("lesson-total", "")), 0o644))

	got := lessonCmd(t, root, environment{}, "-table", "-check")
	assert.Equal(t, 1, got.code)
	assert.Contains(t, got.stdout, "lesson-table in docs/README.md is up to date")
	assert.Contains(t, got.stderr, "lesson-table in docs/zh-CN/README.md is stale")

	got = lessonCmd(t, root, environment{}, "-table", "-w")
	require.Equal(t, 0, got.code, got.stderr)
	zhTable := zhTableHeader + strings.SplitN(wantTable, "\n", 2)[1]
	assert.Equal(t, lines("# 文档")+marked("lesson-table", "\n"+zhTable+"\n")+
		marked("lesson-total", "按这条规则，主线（所有未标为选读的部分）共需阅读约 0 小时 2 分钟。\n"), read(t, root, "docs/zh-CN/README.md"))
	assert.Equal(t, 0, lessonCmd(t, root, environment{}, "-table", "-check").code)
}

func TestFindRegion(t *testing.T) {
	begin, end := "<!-- lesson-table:begin -->", "<!-- lesson-table:end -->"
	before, text, after, err := findRegion("# Docs\n  "+begin+" \n| old |\n"+end+"\n"+end+"\nrest\n", "lesson-table")
	require.NoError(t, err)
	assert.Equal(t, []string{"# Docs\n  " + begin + " \n", "| old |\n", end + "\n" + end + "\nrest\n"}, []string{before, text, after},
		"the markers may be indented, and the first end after the beginning closes the region")
	_, _, _, err = findRegion(end+"\n"+begin+"\n", "lesson-table")
	assert.ErrorIs(t, err, errNoMarkers, "an end above the beginning closes nothing")
	_, _, _, err = findRegion(begin+"\n"+end+"\n", "lesson-time")
	assert.ErrorIs(t, err, errNoMarkers, "another region's markers are not this one's")
}
