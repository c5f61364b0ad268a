package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spec2lib/websocket/internal/repo"
)

// The table lives in docs/README.md between these two lines, and in the
// same place in the Chinese edition's index, docs/zh-CN/README.md, which
// copies it as it is.
const (
	partsPath   = "docs/parts.toml" // which files of which step each article file teaches
	readmePath  = "docs/README.md"
	zhReadme    = "docs/zh-CN/README.md"
	tableBegin  = "<!-- lesson-table:begin -->"
	tableEnd    = "<!-- lesson-table:end -->"
	tableHeader = "| transition | non-test + | non-test − | removed/added | test + | test − | article words |\n" +
		"|---|--:|--:|--:|--:|--:|--:|\n"
)

// errNoMarkers means docs/README.md has no table region to check or fill.
var errNoMarkers = errors.New("no " + tableBegin + " … " + tableEnd + " region")

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
		words := 0
		for _, p := range partsOf(parts, t.after) {
			words += countWords(p.article.prose)
		}
		c := totalOf(diffs)
		fmt.Fprintf(&b, "| %s | %d | %d | %s | %d | %d | %d |\n",
			t.label(), c.code.added, c.code.removed, c.code.ratio(), c.test.added, c.test.removed, words)
	}
	return b.String(), nil
}

// tableRegionPattern matches the two marker lines, white space around
// each allowed, and captures the lines between them.
var tableRegionPattern = regexp.MustCompile(`(?ms)^[ \t]*` + regexp.QuoteMeta(tableBegin) + `[ \t\r]*\n(.*?)^[ \t]*` +
	regexp.QuoteMeta(tableEnd) + `[ \t\r]*$`)

// tableRegion finds the table's region in the README, the lines between
// the marker lines, and returns it with the text before and after it.
func tableRegion(readme string) (before, region, after string, err error) {
	m := tableRegionPattern.FindStringSubmatchIndex(readme)
	if m == nil {
		return "", "", "", errNoMarkers
	}
	return readme[:m[2]], readme[m[2]:m[3]], readme[m[3]:], nil
}

// regionFor is the region's content for a table: the table with a blank
// line on each side, so markdown never reads a marker as a table row.
func regionFor(table string) string { return "\n" + table + "\n" }

// tablePages are the pages that hold the table: docs/README.md, and the
// Chinese index once it exists.
func tablePages(root string) []string {
	pages := []string{readmePath}
	if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(zhReadme))); err == nil {
		pages = append(pages, zhReadme)
	}
	return pages
}

// checkTable reports whether page holds the table as it is.
func checkTable(root, page, table string, write bool) (fresh bool, err error) {
	file := filepath.Join(root, filepath.FromSlash(page))
	src, err := os.ReadFile(file)
	if err != nil {
		return false, fmt.Errorf("reading the table's page: %w", err)
	}
	before, region, after, err := tableRegion(string(src))
	if err != nil {
		return false, fmt.Errorf("%s: %w", page, err)
	}
	if region == regionFor(table) {
		return true, nil
	}
	if !write {
		return false, nil
	}
	if err := os.WriteFile(file, []byte(before+regionFor(table)+after), 0o644); err != nil {
		return false, fmt.Errorf("rewriting the table: %w", err)
	}
	return false, nil
}
