package main

import (
	"os"
	"path/filepath"
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
func tableRepo(t *testing.T, region string) string {
	t.Helper()
	return writeRepo(t, map[string]string{
		"step01-a/a.go":      lines("a", "b"),
		"step02-b/a.go":      lines("a", "B", "c"),
		"step02-b/a_test.go": lines("t"),
		"step03-c/a.go":      lines("a", "B", "c", "d"),
		"docs/parts.toml":    partsToml,
		"docs/02-b.md":       lines("# Step two", "", "```", "code", "```", "Three more words."),
		"docs/03-c.md":       lines("Four words of prose."),
		"docs/03b-c.md":      lines("Optional."),
		"docs/zh-CN/03-c.md": lines("译文 不 算"),
		"docs/README.md":     lines("# Docs", "", tableBegin) + region + lines(tableEnd, "", "## The articles"),
	})
}

const wantTable = "| transition | non-test + | non-test − | removed/added | test + | test − | article words |\n" +
	"|---|--:|--:|--:|--:|--:|--:|\n" +
	"| 01→02 | 2 | 1 | 50% | 1 | 0 | 5 |\n" +
	"| 02→03 | 1 | 0 | 0% | 0 | 1 | 5 |\n"

func TestTable(t *testing.T) {
	got := lessonCmd(t, tableRepo(t, ""), environment{}, "-table")
	require.Equal(t, 0, got.code, got.stderr)
	assert.Equal(t, wantTable, got.stdout)
}

func TestTableCheckFindsAStaleTable(t *testing.T) {
	root := tableRepo(t, "\n| old table |\n\n")
	got := lessonCmd(t, root, environment{}, "-table", "-check")
	assert.Equal(t, 1, got.code)
	assert.Contains(t, got.stderr, "the table in docs/README.md is stale")
	assert.Equal(t, wantTable, got.stdout, "prints the fresh table")

	got = lessonCmd(t, root, environment{}, "-table", "-w")
	require.Equal(t, 0, got.code, got.stderr)
	readme, err := os.ReadFile(filepath.Join(root, "docs", "README.md"))
	require.NoError(t, err)
	assert.Equal(t, lines("# Docs", "", tableBegin, "")+wantTable+lines("", tableEnd, "", "## The articles"), string(readme),
		"only the region changes")

	got = lessonCmd(t, root, environment{}, "-table", "-check")
	assert.Equal(t, 0, got.code, got.stderr)
}

func TestTableCheckFindsMissingMarkers(t *testing.T) {
	root := writeRepo(t, map[string]string{
		"step01-a/a.go":  lines("a"),
		"docs/README.md": lines("# Docs", tableBegin),
	})
	got := lessonCmd(t, root, environment{}, "-table", "-check")
	assert.Equal(t, 1, got.code)
	assert.Contains(t, got.stderr, "no "+tableBegin)
}

// TestTableKeepsTheChineseIndexInStep: the Chinese index copies the table,
// so -check finds it stale there too, and -w rewrites both pages.
func TestTableKeepsTheChineseIndexInStep(t *testing.T) {
	root := tableRepo(t, regionFor(wantTable))
	zh := filepath.Join(root, "docs", "zh-CN", "README.md")
	require.NoError(t, os.WriteFile(zh, []byte(lines("# 文档", tableBegin, "| 旧表 |", tableEnd)), 0o644))

	got := lessonCmd(t, root, environment{}, "-table", "-check")
	assert.Equal(t, 1, got.code)
	assert.Contains(t, got.stdout, "the table in docs/README.md is up to date")
	assert.Contains(t, got.stderr, "the table in docs/zh-CN/README.md is stale")

	got = lessonCmd(t, root, environment{}, "-table", "-w")
	require.Equal(t, 0, got.code, got.stderr)
	page, err := os.ReadFile(zh)
	require.NoError(t, err)
	assert.Equal(t, lines("# 文档", tableBegin, "")+wantTable+lines("", tableEnd), string(page))
	assert.Equal(t, 0, lessonCmd(t, root, environment{}, "-table", "-check").code)
}

func TestTableRegion(t *testing.T) {
	before, region, after, err := tableRegion("# Docs\n  " + tableBegin + " \n| old |\n" + tableEnd + "\n" + tableEnd + "\nrest\n")
	require.NoError(t, err)
	assert.Equal(t, []string{"# Docs\n  " + tableBegin + " \n", "| old |\n", tableEnd + "\n" + tableEnd + "\nrest\n"}, []string{before, region, after},
		"the markers may be indented, and the first end after the beginning closes the region")
	_, _, _, err = tableRegion(tableEnd + "\n" + tableBegin + "\n")
	assert.ErrorIs(t, err, errNoMarkers, "an end above the beginning closes nothing")
}
