package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// The tool's messages are English format strings written where they are
// used; a translation is a table keyed by them, as gettext's is.

// todoText is the stub's message: exercise ID, function.
const todoText = "exercise %[1]s (%[2]s) is not done yet: run go run ./internal/workshop hint %[1]s"

const usageText = `usage: go run ./internal/workshop [-lang LANG] [-root DIR] COMMAND [ARGS]

  -lang LANG                en or zh-CN (default: the copy's, or the locale's)
  -root DIR                 the repository or student copy to work on (default:
                            the one around the current directory), as in
                            go run ./internal/workshop -root ../ws-ada list

In the repository (instructors):
  init DIR [-steps 03-04] [-name NAME]
                            write a student copy with the exercises stubbed
  room PATH...              the progress of many students: copies, state files
                            they handed in, or folders of either
  verify                    check the answer key (runs in CI)
  map [ID...]               list the tests each exercise's stub breaks
  export [-module PATH] DIR write step06 as an importable library

In a student copy:
  (no command)              show progress: a bar per step, the current exercise
  check [ID]                run the tests of one exercise, or of all
  watch [ID]                check again on every save; never moves on by itself
  hint ID                   show the next hint of an exercise
  solution [-force] [-apply] ID
                            show the answer once the exercise passes; -apply
                            puts it in, and keeps a backup of your code
  reset ID                  put the stub back (a backup of your code is kept)
  list                      list the exercises
  name NAME                 the name the instructor's room shows for you
  export [-module PATH] [-apply-missing] DIR
                            write your finished client as a library`

// texts prints the tool's messages in one language.
type texts struct {
	lang  string
	table map[string]string // English format -> translation; nil for English
}

// languages are the languages the tool speaks, English first.
var languages = []string{"en", "zh-CN"}

// newTexts returns the messages of lang, a name from languages or one
// that normalizeLang turns into one.
func newTexts(lang string) (texts, error) {
	switch normalizeLang(lang) {
	case "en":
		return texts{lang: "en"}, nil
	case "zh-CN":
		return texts{lang: "zh-CN", table: chinese}, nil
	}
	return texts{}, fmt.Errorf("language %q is not available: choose one of %s", lang, strings.Join(languages, ", "))
}

// normalizeLang turns the ways people write a language into a name of
// languages: "zh", "zh_CN.UTF-8" and "zh-Hans" are all zh-CN, "en_GB"
// and "C" are en. It returns lang itself if it knows no such language.
func normalizeLang(lang string) string {
	base, _, _ := strings.Cut(lang, ".") // zh_CN.UTF-8 -> zh_CN
	base, _, _ = strings.Cut(base, "@")  // en_IE@euro -> en_IE
	base = strings.ToLower(strings.ReplaceAll(base, "_", "-"))
	switch {
	case base == "" || base == "c" || base == "posix" || base == "en" || strings.HasPrefix(base, "en-"):
		return "en"
	case base == "zh" || strings.HasPrefix(base, "zh-"):
		return "zh-CN"
	}
	return lang
}

// localeLang is the language of the user's locale, as POSIX looks it up:
// LC_ALL, then LC_MESSAGES, then LANG, the first that is set.
func localeLang(getenv func(string) string) string {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			if lang := normalizeLang(v); slices.Contains(languages, lang) {
				return lang
			}
			return "en"
		}
	}
	return "en"
}

// tr is the translation of the English format s, or s if it has none.
func (t texts) tr(s string) string {
	if tr, ok := t.table[s]; ok {
		return tr
	}
	return s
}

// f formats the English format s in t's language.
func (t texts) f(s string, args ...any) string { return fmt.Sprintf(t.tr(s), args...) }

// err is f as an error.
func (t texts) err(s string, args ...any) error { return errors.New(t.f(s, args...)) }

// A copy without answers, graduation and the room.

// hintsNoteText stands, in a copy's exercise page, where the hints of
// exercise ID were: the tool gives them one at a time.
const hintsNoteText = "Hints: `go run ./internal/workshop hint %[1]s` gives them, one at a time."

// copyGuideText is a copy's docs/workshop.md: the instructor's guide,
// with its common mistakes, stays in the repository.
const copyGuideText = `# The workshop

This is a student copy. The instructor's guide stays in the repository,
since it lists the common mistakes of every exercise. Your side of the
workshop is in [the exercises' README](exercises/README.md).
`
