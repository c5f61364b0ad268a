package main

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// refresh is -translated: it rewrites the <!-- en: --> records of a
// translation to the current hashes of their English sections, adding the
// records that are missing, for a translator who has brought the translation
// up to date.
func refresh(root, target string) (changes []string, sections int, err error) {
	file, anchor, one := strings.Cut(target, "#")
	file, err = repoPath(root, file)
	if err != nil {
		return nil, 0, err
	}
	if _, ok := englishTwin(file); !ok {
		return nil, 0, fmt.Errorf("%s is not a translation: translations are under %s", file, translationDir)
	}
	filename := filepath.Join(root, filepath.FromSlash(file))
	src, err := os.ReadFile(filename)
	if err != nil {
		return nil, 0, err
	}
	t, err := loadTranslation(root, parseDocument(file, src))
	if err != nil {
		return nil, 0, err
	}
	if err := t.refusal(); err != nil {
		return nil, 0, err
	}
	secs := t.zhSecs
	if one {
		if secs, err = t.section(anchor); err != nil {
			return nil, 0, err
		}
	}
	updated, changes := t.rewriteRecords(secs)
	if len(changes) == 0 {
		return nil, len(secs), nil
	}
	info, err := os.Stat(filename)
	if err != nil {
		return nil, 0, err
	}
	return changes, len(secs), os.WriteFile(filename, []byte(updated), info.Mode().Perm())
}

// repoPath turns the path of a file given on the command line into the
// slash-separated path relative to root that docscheck uses.
func repoPath(root, file string) (string, error) {
	if filepath.IsAbs(file) {
		absRoot, err := filepath.Abs(root)
		if err != nil {
			return "", err
		}
		if file, err = filepath.Rel(absRoot, file); err != nil {
			return "", err
		}
	}
	return path.Clean(filepath.ToSlash(file)), nil
}

// refusal returns an error listing the sections that match no English
// section, or nil if there are none.
func (t *translation) refusal() error {
	unmatched := t.unmatched()
	if len(unmatched) == 0 {
		return nil
	}
	var b strings.Builder
	for _, p := range unmatched {
		b.WriteString(p.String())
	}
	return fmt.Errorf("%s has %d section(s) that match no section of %s; fix them first:\n%s",
		t.zh.path, len(unmatched), t.en.path, strings.TrimSuffix(b.String(), "\n"))
}

// section returns the translated section with the given anchor, as the
// only element of a slice.
func (t *translation) section(anchor string) ([]section, error) {
	if placed := t.placed[anchor]; len(placed) > 0 {
		return placed[:1], nil
	}
	if _, ok := t.byEn[anchor]; ok {
		return nil, fmt.Errorf("%s has no section %q yet: translate it, with <a id=%q></a> above its heading, first", t.zh.path, anchor, anchor)
	}
	return nil, fmt.Errorf("neither %s nor %s has a section %q", t.zh.path, t.en.path, anchor)
}

// rewriteRecords returns the translation's text with the records of secs
// (in order) set to the current hashes, and one line per record changed,
// numbered as in the text returned.
func (t *translation) rewriteRecords(secs []section) (string, []string) {
	lines := slices.Clone(t.zh.lines)
	var changes []string
	inserted := 0 // records added above, which move the lines below down
	for _, s := range secs {
		hash, i := t.en.proseHash(t.byEn[s.anchor]), s.recordIndex()+inserted
		old, ok := t.recordOf(s)
		var change string
		switch {
		case ok && old == hash:
			continue
		case ok:
			change = fmt.Sprintf("recorded %s for %s, was %s", hash, s, old)
		case old != "":
			change = fmt.Sprintf("recorded %s for %s, replacing the malformed %q", hash, s, old)
		default:
			if i > 0 && !strings.HasSuffix(lines[i-1], "\n") {
				lines[i-1] += "\n" // a heading on the last line, with no newline
			}
			lines = slices.Insert(lines, i, "\n") // a line of its own for the record
			inserted++
			change = fmt.Sprintf("recorded %s for %s, which had no record", hash, s)
		}
		lines[i] = record(hash) + lines[i][len(strings.TrimSuffix(lines[i], "\n")):] // keeping the line's end
		changes = append(changes, fmt.Sprintf("%s:%d: %s", t.zh.path, i+1, change))
	}
	return strings.Join(lines, ""), changes
}
