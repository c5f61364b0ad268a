package main

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// The Chinese edition must read as Chinese: an RFC quote puts the Chinese
// in the sentence and the English after it, never the English first with
// the Chinese in brackets, and Chinese prose quotes with “ ”, not ASCII ".

// A nativeStat is what docscheck -zh reports for one Chinese file.
type nativeStat struct {
	file                    string
	cjk, letters            int // prose runes: Chinese, and any other letter or digit
	englishFirst, asciiQuot int
}

func (s nativeStat) String() string {
	share := 0.0
	if s.cjk+s.letters > 0 {
		share = 100 * float64(s.cjk) / float64(s.cjk+s.letters)
	}
	return fmt.Sprintf("%s: %.0f%% of prose characters are Chinese, %d English-first quote(s), %d ASCII quotation mark(s)",
		s.file, share, s.englishFirst, s.asciiQuot)
}

var (
	// notProse is what a prose line holds that is not prose: HTML comments
	// and tags, code spans, and link destinations.
	notProse = regexp.MustCompile("<!--.*?-->|<[^>]+>|``.*?``|`[^`]*`|\\]\\([^)]*\\)")
	// englishFirst is a quotation of three or more English words directly
	// followed by a bracket, which holds its Chinese.
	englishFirst = regexp.MustCompile(`["“]([A-Za-z][^"”]*?\b[A-Za-z]+\b[^"”]*?\b[A-Za-z]+\b[^"”]*)["”]\s*[（(]([^）)]*)[）)]`)
)

// checkNative counts, in the prose of a Chinese file, the Chinese
// characters, the English-first quotes and the ASCII quotation marks, and
// reports each of the last two as a problem.
func checkNative(doc *document) (nativeStat, []problem) {
	st := nativeStat{file: doc.path}
	var problems []problem
	code := make([]bool, len(doc.lines))
	for _, f := range doc.md.Fences {
		for i := f.Open; i <= f.Close && i < len(code); i++ {
			code[i] = true
		}
	}
	for i, line := range doc.lines {
		if code[i] {
			continue
		}
		prose := notProse.ReplaceAllString(line, " ")
		chinese := false
		for _, r := range prose {
			switch {
			case isCJK(r):
				st.cjk++
				chinese = true
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				st.letters++
			}
		}
		for _, m := range englishFirst.FindAllStringSubmatch(prose, -1) {
			if !strings.ContainsFunc(m[1], isCJK) && strings.ContainsFunc(m[2], isCJK) {
				st.englishFirst++
				problems = append(problems, newProblem(doc.path, i+1,
					"an English-first quote: put the Chinese in the sentence, and the English after it (a blockquote, or a short 原文 tail)"))
			}
		}
		if n := strings.Count(prose, `"`); chinese && n > 0 {
			st.asciiQuot += n
			problems = append(problems, newProblem(doc.path, i+1, `ASCII quotation marks in Chinese prose: use “ ”`))
		}
	}
	return st, problems
}

// isCJK reports whether r is a Chinese character or Chinese punctuation.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}
