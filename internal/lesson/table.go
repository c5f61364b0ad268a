package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/spec2lib/websocket/internal/repo"
)

// The tool writes generated regions, between <!-- NAME:begin --> and
// <!-- NAME:end --> lines: the table (lesson-table) and the main path's
// reading time (lesson-total) in docs/README.md and its Chinese twin, and
// each part's Time line (lesson-time) in its article and the article's.
const (
	partsPath   = "docs/parts.toml" // which files of which step each article file teaches
	readmePath  = "docs/README.md"
	zhDir       = "docs/zh-CN/"
	tableHeader = "| transition | non-test + | non-test − | removed/added | test + | test − | article words | minutes to read |\n" +
		"|---|--:|--:|--:|--:|--:|--:|--:|\n"
	// zhTableHeader heads the same table in the Chinese index.
	zhTableHeader = "| 步骤之间 | 非测试代码 + | 非测试代码 − | 删除/新增 | 测试 + | 测试 − | 文章词数（英文） | 阅读分钟数 |\n"
)

// errNoMarkers means a page has no region to check or fill.
var errNoMarkers = errors.New("no generated region")

// renderTable measures every transition between two steps, as a markdown
// table; the first step, which starts from nothing, has no row.
func renderTable(root string, steps []repo.Step, parts []part) (string, error) {
	var b strings.Builder
	b.WriteString(tableHeader)
	for _, t := range transitions(steps)[1:] {
		diffs, err := lessonOf(root, t)
		if err != nil {
			return "", err
		}
		words, minutes := 0, 0
		for _, p := range partsOf(parts, t.after) {
			words, minutes = words+p.article.words(), minutes+p.article.minutes()
		}
		c := totalOf(diffs)
		fmt.Fprintf(&b, "| %s | %d | %d | %s | %d | %d | %d | %d |\n",
			t.label(), c.code.added, c.code.removed, c.code.ratio(), c.test.added, c.test.removed, words, minutes)
	}
	return b.String(), nil
}

// A region is what one generated region of a page should hold.
type region struct{ page, name, text string }

// regions lists every generated region, leaving out Chinese pages that do
// not exist yet, and the timetables of the workshop if it has none.
func regions(root, table string, parts []part, timetable [2]string) []region {
	var rs []region
	total, zhIndex := 0, zhDir+"README.md" // total: minutes on the main path
	for _, p := range parts {
		rs = append(rs, region{"docs/" + p.File, "lesson-time", p.timeLine(false)}, region{zhDir + p.File, "lesson-time", p.timeLine(true)})
		if !p.Optional {
			total += p.article.minutes()
		}
	}
	zhTable := "\n" + zhTableHeader + strings.TrimPrefix(table, strings.SplitAfter(tableHeader, "\n")[0]) + "\n"
	table = "\n" + table + "\n" // a blank line on each side, so that markdown never reads a marker as a row
	rs = append(rs, region{readmePath, "lesson-table", table}, region{zhIndex, "lesson-table", zhTable},
		region{readmePath, "lesson-total", fmt.Sprintf("By this rule, the main path (every part not marked optional) takes %d h %02d min to read.\n", total/60, total%60)},
		region{zhIndex, "lesson-total", fmt.Sprintf("按这条规则，主线（所有未标为选读的部分）共需阅读约 %d 小时 %d 分钟。\n", total/60, total%60)})
	if timetable[0] != "" {
		rs = append(rs, region{workshopPage, "workshop-timetable", timetable[0] + "\n"}, region{zhDir + "workshop.md", "workshop-timetable", timetable[1] + "\n"})
	}
	return slices.DeleteFunc(rs, func(r region) bool {
		_, err := os.Stat(filepath.Join(root, filepath.FromSlash(r.page)))
		return strings.HasPrefix(r.page, zhDir) && err != nil
	})
}

// findRegion finds the region name in src, the lines between its marker
// lines, and returns it with the text before and after it.
func findRegion(src, name string) (before, region, after string, err error) {
	begin, end := "<!-- "+name+":begin -->", "<!-- "+name+":end -->"
	m := regexp.MustCompile(`(?ms)^[ \t]*` + regexp.QuoteMeta(begin) + `[ \t\r]*\n(.*?)^[ \t]*` +
		regexp.QuoteMeta(end) + `[ \t\r]*$`).FindStringSubmatchIndex(src)
	if m == nil {
		return "", "", "", fmt.Errorf("%w between %s and %s", errNoMarkers, begin, end)
	}
	return src[:m[2]], src[m[2]:m[3]], src[m[3]:], nil
}

// checkRegion reports whether r's page holds r's text, and writes it there
// if asked to.
func checkRegion(root string, r region, write bool) (fresh bool, err error) {
	file := filepath.Join(root, filepath.FromSlash(r.page))
	src, err := os.ReadFile(file)
	if err != nil {
		return false, fmt.Errorf("reading a generated region: %w", err)
	}
	before, text, after, err := findRegion(string(src), r.name)
	if err != nil {
		return false, fmt.Errorf("%s: %w", r.page, err)
	}
	if text == r.text || !write {
		return text == r.text, nil
	}
	return false, os.WriteFile(file, []byte(before+r.text+after), 0o644)
}
