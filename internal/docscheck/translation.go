package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// translationDir holds the Chinese edition: docs/zh-CN/04-transport.md
// translates docs/04-transport.md, its English twin.
const translationDir = "docs/zh-CN/"

var (
	// recordPattern matches the comment with which a translated section
	// records the English version it translates, and captures the hash.
	recordPattern = regexp.MustCompile(`^<!--\s*en:\s*([0-9a-f]{8})\s*-->$`)
	// recordPrefixPattern matches what starts a record, well formed or not,
	// so that a typo is reported instead of ignored.
	recordPrefixPattern = regexp.MustCompile(`^<!--\s*en:`)
)

// record returns the comment that records hash.
func record(hash string) string { return "<!-- en: " + hash + " -->" }

// englishTwin returns the English file a file under translationDir
// translates, and whether it is under translationDir at all.
func englishTwin(path string) (string, bool) {
	rest, ok := strings.CutPrefix(path, translationDir)
	return "docs/" + rest, ok
}

// A translation is a translated file with its English twin, both split
// into sections.
type translation struct {
	zh, en *document
	zhSecs []section            // in order; anchors from <a id> lines
	enSecs []section            // in order; anchors are GitHub's slugs
	byEn   map[string]section   // enSecs by anchor
	placed map[string][]section // zhSecs that have an anchor, by anchor
}

// loadTranslation reads the English twin of the translation zh.
func loadTranslation(root string, zh *document) (*translation, error) {
	enPath, _ := englishTwin(zh.path)
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(enPath)))
	if err != nil {
		return nil, fmt.Errorf("reading the English twin: %w", err)
	}
	en := parseDocument(enPath, src)
	t := &translation{
		zh: zh, en: en,
		zhSecs: zh.translatedSections(),
		enSecs: en.englishSections(),
		byEn:   make(map[string]section),
		placed: make(map[string][]section),
	}
	for _, s := range t.enSecs {
		t.byEn[s.anchor] = s
	}
	for _, s := range t.zhSecs {
		if s.level == 0 || s.anchor != "" {
			t.placed[s.anchor] = append(t.placed[s.anchor], s)
		}
	}
	return t, nil
}

// matched reports whether the translated section s translates an English
// section: it has the anchor of one, and no section above it has the same.
func (t *translation) matched(s section) bool {
	placed := t.placed[s.anchor]
	_, inEnglish := t.byEn[s.anchor]
	return inEnglish && len(placed) > 0 && placed[0].start == s.start && (s.level == 0 || s.anchor != "")
}

// checkTranslation compares a file under translationDir with its English
// twin, section by section. It returns no problems for other files.
func checkTranslation(root string, doc *document, rep *report) ([]problem, error) {
	enPath, ok := englishTwin(doc.path)
	if !ok || generated(doc) {
		return nil, nil // a generated page follows its twin's data by construction
	}
	t, err := loadTranslation(root, doc)
	if errors.Is(err, fs.ErrNotExist) {
		return []problem{newProblem(doc.path, 1, fmt.Sprintf(
			"no English twin: %s does not exist, so there is nothing this translates", enPath))}, nil
	}
	if err != nil {
		return nil, err
	}
	problems := append(t.unmatched(), t.untranslated()...)
	for _, s := range t.zhSecs {
		if t.matched(s) {
			rep.translated++
			problems = append(problems, t.checkRecord(s, t.byEn[s.anchor])...)
			problems = append(problems, t.codeBlocks(s, t.byEn[s.anchor])...)
		}
	}
	return problems, nil
}

// unmatched reports the sections of the translation that do not match an
// English section by anchor: -translated refuses to record anything while
// there are any.
func (t *translation) unmatched() []problem {
	var problems []problem
	at := func(s section, format string, args ...any) {
		problems = append(problems, newProblem(t.zh.path, s.line(), fmt.Sprintf(format, args...)))
	}
	for _, s := range t.zhSecs {
		_, inEnglish := t.byEn[s.anchor]
		switch {
		case t.matched(s):
		case s.level > 0 && s.anchor == "":
			at(s, "heading %q has no <a id=\"...\"></a> on the line above it to give it the anchor of the English section it translates", s.title)
		case !inEnglish && s.level == 0:
			at(s, "no English section: %s has text above its first heading, but %s has none", t.zh.path, t.en.path)
		case !inEnglish:
			at(s, "no English section: %s has no section with this anchor in %s", s, t.en.path)
		default:
			at(s, "%s repeats the anchor of the section on line %d", s, t.placed[s.anchor][0].line())
		}
	}
	return problems
}

// untranslated reports the English sections the translation has no
// section for, each where its translation belongs: below the translation
// of the English section before it.
func (t *translation) untranslated() []problem {
	var problems []problem
	line := 1
	for _, s := range t.enSecs {
		if placed := t.placed[s.anchor]; len(placed) > 0 {
			line = min(placed[0].end+1, t.zh.lineCount())
			continue
		}
		problems = append(problems, newProblem(t.zh.path, line, fmt.Sprintf(
			"missing translation: %s at %s:%d has no Chinese section", s, t.en.path, s.line())))
	}
	return problems
}

// checkRecord reports the record of the translated section s of enSec if
// it is missing, malformed, or not the hash of enSec's prose now.
func (t *translation) checkRecord(s, enSec section) []problem {
	now := t.en.proseHash(enSec)
	refresh := fmt.Sprintf("once it translates %s:%d, run: go run ./internal/docscheck -translated %s#%s",
		t.en.path, enSec.line(), t.zh.path, s.anchor)
	got, ok := t.recordOf(s)
	switch {
	case !ok && got == "":
		return []problem{newProblem(t.zh.path, s.line(), fmt.Sprintf("%s has no %s record on %s",
			s, record("…"), recordPlace(s)), refresh)}
	case !ok:
		return []problem{newProblem(t.zh.path, s.recordIndex()+1, fmt.Sprintf("malformed record %q: want %s, 8 hex digits",
			got, record("3f2a9c1b")), refresh)}
	case got != now:
		return []problem{newProblem(t.zh.path, s.line(), fmt.Sprintf(
			"%s is stale: the English prose changed since it was translated (recorded %s, now %s)", s, got, now), refresh)}
	}
	return nil
}

// recordOf returns the hash recorded for section s, and whether the record
// is well formed.
func (t *translation) recordOf(s section) (string, bool) {
	i := s.recordIndex()
	if i >= len(t.zh.lines) {
		return "", false
	}
	line := strings.TrimSpace(t.zh.text(i))
	if m := recordPattern.FindStringSubmatch(line); m != nil {
		return m[1], true
	}
	if recordPrefixPattern.MatchString(line) {
		return line, false
	}
	return "", false
}

// recordPlace says where the record of s belongs, for messages.
func recordPlace(s section) string {
	if s.level == 0 {
		return "the first line of the file"
	}
	return "the line below its heading"
}

// A fenced is one fenced block of a section: its lines, fences included,
// and the 1-based line it opens on.
type fenced struct {
	line int
	text string
}

// fencedBlocks returns the fenced blocks of section s, in order, except
// Mermaid diagrams, whose labels a translation may translate.
func (d *document) fencedBlocks(s section) []fenced {
	var blocks []fenced
	for _, f := range d.md.Fences {
		if f.Open >= s.start && f.Open < s.end && !strings.EqualFold(f.Info, "mermaid") {
			end := min(f.Close, len(d.lines)-1)
			blocks = append(blocks, fenced{line: f.Open + 1, text: strings.Join(d.lines[f.Open:end+1], "")})
		}
	}
	return blocks
}

// codeBlocks reports the fenced blocks of the translated section s that
// are not those of enSec, one for one.
func (t *translation) codeBlocks(s, enSec section) []problem {
	var problems []problem
	zh, en := t.zh.fencedBlocks(s), t.en.fencedBlocks(enSec)
	for i := range max(len(zh), len(en)) {
		switch {
		case i >= len(zh):
			problems = append(problems, newProblem(t.zh.path, s.line(), fmt.Sprintf(
				"%s lacks the code block at %s:%d", s, t.en.path, en[i].line)))
		case i >= len(en):
			problems = append(problems, newProblem(t.zh.path, zh[i].line, fmt.Sprintf(
				"%s has a code block that %s does not have in this section", s, t.en.path)))
		case zh[i].text != en[i].text:
			problems = append(problems, newProblem(t.zh.path, zh[i].line, fmt.Sprintf(
				"this code block of %s differs from its English twin", s),
				firstDifference("zh", zh[i].text, location{t.zh.path, zh[i].line}, "en", en[i].text, location{t.en.path, en[i].line})...))
		}
	}
	return problems
}

// generated reports whether a tool wrote doc, as its first line says:
// docs/zh-CN/autobahn.md comes from the same run as docs/autobahn.md.
func generated(doc *document) bool {
	return len(doc.lines) > 0 && strings.HasPrefix(doc.lines[0], "<!-- Generated by ")
}
