package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/BurntSushi/toml"
	"github.com/spec2lib/websocket/internal/repo"
)

// A part is one article file of docs/, a sitting of the series.
type part struct {
	Name     string   `toml:"name"`     // what -part takes: "client"
	File     string   `toml:"file"`     // in docs/, and in docs/zh-CN/ when translated: "06-client.md"
	Step     string   `toml:"step"`     // the step it teaches: "step06-client"
	Files    []string `toml:"files"`    // path.Match patterns of the step's files it covers
	Optional bool     `toml:"optional"` // off the main path

	step    repo.Step
	article article
}

// readParts reads the parts list and each part's article, and checks that
// it lists every article of docs/ (NN-*.md, NNb-*.md).
func readParts(root string, steps []repo.Step) ([]part, error) {
	var list struct{ Part []part }
	md, err := toml.DecodeFile(filepath.Join(root, filepath.FromSlash(partsPath)), &list)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("reading the parts: %w", err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return nil, fmt.Errorf("%s: unknown field %q (name, file, step, files, optional)", partsPath, keys[0].String())
	}
	parts, names := list.Part, map[string]bool{}
	for i, p := range parts {
		n, err := pickStep(steps, p.Step)
		bad := slices.ContainsFunc(p.Files, func(f string) bool { _, err := path.Match(f, ""); return err != nil })
		if err != nil || p.Name == "" || names[p.Name] || len(p.Files) == 0 || bad {
			return nil, fmt.Errorf("%s: part %q (%s) wants a name of its own, a step and path.Match patterns", partsPath, p.Name, p.File)
		}
		names[p.Name], parts[i].step = true, steps[n]
		src, err := os.ReadFile(filepath.Join(root, "docs", p.File))
		if err != nil {
			return nil, fmt.Errorf("reading a part: %w", err)
		}
		parts[i].article = parseArticle(string(src))
		parts[i].article.path = "docs/" + p.File
	}
	articles, _ := filepath.Glob(filepath.Join(root, "docs", "[0-9][0-9]*-*.md"))
	for _, a := range articles {
		if !slices.ContainsFunc(parts, func(p part) bool { return p.File == filepath.Base(a) }) {
			return nil, fmt.Errorf("%s: no part lists docs/%s", partsPath, filepath.Base(a))
		}
	}
	return parts, nil
}

// partsOf returns the parts that teach step s.
func partsOf(parts []part, s repo.Step) []part {
	return slices.DeleteFunc(slices.Clone(parts), func(p part) bool { return p.step != s })
}

// covers says whether the part covers a file of its step: a pattern
// matches the file or a directory that holds it, so "*" covers them all.
func (p part) covers(file string) bool {
	for _, pattern := range p.Files {
		for f := file; f != "."; f = path.Dir(f) {
			if ok, _ := path.Match(pattern, f); ok {
				return true
			}
		}
	}
	return false
}

// timeLine is the part's Time line in English, or in Chinese with the
// English article's figures, since the rule counts English words.
func (p part) timeLine(zh bool) string {
	a, optional := p.article, map[bool][2]string{true: {"optional, ", "选读，"}}[p.Optional]
	if zh {
		return fmt.Sprintf("> **用时：** %s阅读约 %d 分钟（按英文版计：%s 个英文词、%s 行代码、%d 张图）。\n",
			optional[1], a.minutes(), thousands(a.words()), thousands(a.codeLines), a.diagrams)
	}
	return fmt.Sprintf("> **Time:** %s%s to read (%s, %s of code, %s).\n", optional[0], plural(a.minutes(), "minute"),
		plural(a.words(), "word"), plural(a.codeLines, "line"), plural(a.diagrams, "diagram"))
}

// plural counts n things in English: "1 word", "4,294 words".
func plural(n int, noun string) string {
	if n != 1 {
		noun += "s"
	}
	return thousands(n) + " " + noun
}

// thousands writes n with a comma between groups of three digits: 4,294.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
