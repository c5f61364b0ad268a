package main

import (
	"fmt"
	"go/scanner"
	gotoken "go/token"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
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
	other      tokenKind = iota // operators, punctuation, literals
	identifier                  // a name or keyword in code
	word                        // a name-like word in a comment
)

type token struct {
	kind tokenKind
	text string
}

// commentToken is a word or any other single rune, in a comment.
var commentToken = regexp.MustCompile(`[\p{L}_][\p{L}\p{N}_]*|\S`)

// tokenize splits one line of Go into tokens with go/scanner, splitting its
// comment into words and other runes.
func tokenize(line string) []token {
	var s scanner.Scanner
	src := []byte(line)
	s.Init(gotoken.NewFileSet().AddFile("", -1, len(src)), src, nil, scanner.ScanComments)
	var tokens []token
	for {
		_, tok, lit := s.Scan()
		switch {
		case tok == gotoken.EOF:
			return tokens
		case tok == gotoken.IDENT || tok.IsKeyword():
			tokens = append(tokens, token{identifier, lit})
		case tok == gotoken.COMMENT:
			for _, t := range commentToken.FindAllString(lit, -1) {
				kind := other
				if r, _ := utf8.DecodeRuneInString(t); r == '_' || unicode.IsLetter(r) {
					kind = word
				}
				tokens = append(tokens, token{kind, t})
			}
		case tok == gotoken.SEMICOLON && lit == "\n": // inserted by the scanner
		default:
			if lit == "" {
				lit = tok.String() // an operator or punctuation
			}
			tokens = append(tokens, token{other, lit})
		}
	}
}
