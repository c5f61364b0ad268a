package main

import (
	"fmt"
	"strings"
	"unicode"
)

// A hunk that only reshapes code — re-indents it or renames something in it
// — makes the reader of a lesson study lines that teach nothing new.

// reshapes says what a hunk only does, if it only re-indents or renames:
// "only re-indents 4 lines" or "only renames readFrame to ReadFrame".
func reshapes(h hunk) (string, bool) {
	removed, added := h.removed(), h.added()
	if len(removed) == 0 || len(added) == 0 || changesPackage(removed, added) {
		return "", false
	}
	if reindents(removed, added) {
		return fmt.Sprintf("only re-indents %d lines", len(removed)), true
	}
	if from, to, ok := renames(removed, added); ok {
		return fmt.Sprintf("only renames %s to %s", from, to), true
	}
	return "", false
}

// reindents says whether the inserted lines are the deleted ones with other
// leading or trailing white space.
func reindents(removed, added []string) bool {
	if len(removed) != len(added) {
		return false
	}
	for i := range removed {
		if strings.TrimSpace(removed[i]) != strings.TrimSpace(added[i]) {
			return false
		}
	}
	return true
}

// renames says whether the inserted lines are the deleted ones with one
// identifier replaced by another throughout (see tokenize); comment words may
// take part, but one replacement must be in code, and none in a string.
func renames(removed, added []string) (from, to string, ok bool) {
	if len(removed) != len(added) {
		return "", "", false
	}
	inCode := false
	for i := range removed {
		a, b := tokenize(removed[i]), tokenize(added[i])
		if len(a) != len(b) {
			return "", "", false
		}
		for j := range a {
			if a[j] == b[j] {
				continue
			}
			if a[j].kind != b[j].kind || a[j].kind == other {
				return "", "", false
			}
			if from == "" {
				from, to = a[j].text, b[j].text
			}
			if a[j].text != from || b[j].text != to {
				return "", "", false
			}
			inCode = inCode || a[j].kind == identifier
		}
	}
	return from, to, inCode
}

// A tokenKind tells identifiers in code from words in comments and from
// everything else.
type tokenKind int

const (
	other      tokenKind = iota // punctuation, numbers, string literals
	identifier                  // a name in code
	word                        // a name-like word in a comment
)

type token struct {
	kind tokenKind
	text string
}

// tokenize splits one line of Go into tokens, dropping white space.
func tokenize(line string) []token {
	var tokens []token
	names := identifier // becomes word after "//"
	rs := []rune(line)
	for i := 0; i < len(rs); {
		r, end := rs[i], i+1
		kind := other
		switch {
		case unicode.IsSpace(r):
			i++
			continue
		case names == identifier && r == '/' && i+1 < len(rs) && rs[i+1] == '/':
			names, end = word, i+2
		case isNameStart(r):
			kind, end = names, scan(rs, i, isNamePart)
		case unicode.IsDigit(r):
			end = scan(rs, i, func(r rune) bool { return isNamePart(r) || r == '.' })
		case names == identifier && (r == '"' || r == '\'' || r == '`'):
			end = closingQuote(rs, i)
		}
		tokens = append(tokens, token{kind, string(rs[i:end])})
		i = end
	}
	return tokens
}

func isNameStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }
func isNamePart(r rune) bool  { return isNameStart(r) || unicode.IsDigit(r) }

// scan returns the index just past the run of runes from i that match.
func scan(rs []rune, i int, match func(rune) bool) int {
	for i < len(rs) && match(rs[i]) {
		i++
	}
	return i
}

// closingQuote returns the index just past the literal that opens at i,
// or the end of the line if it does not close there.
func closingQuote(rs []rune, i int) int {
	quote := rs[i]
	for j := i + 1; j < len(rs); j++ {
		switch {
		case rs[j] == '\\' && quote != '`':
			j++ // skip the escaped rune
		case rs[j] == quote:
			return j + 1
		}
	}
	return len(rs)
}
