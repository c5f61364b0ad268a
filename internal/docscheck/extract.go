package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"

	"github.com/spec2lib/websocket/internal/repo"
)

// A snippet is the text a marked block must hold, and where it starts in
// its file so that differences can point at the right line.
type snippet struct {
	text string // always ends in "\n" unless empty
	line int    // 1-based line of the first byte of text
}

// wholeFile is the snippet for a marker without a name.
func wholeFile(src []byte) snippet {
	text := string(src)
	// A fence's content always ends in a newline.
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	return snippet{text: text, line: 1}
}

// declSnippet returns the top-level declaration called name in a Go file,
// from its doc comment to its end, plus a comment ending its last line.
func declSnippet(filename string, src []byte, name string) (snippet, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, filename, src, parser.ParseComments)
	if err != nil {
		return snippet{}, fmt.Errorf("cannot parse: %v", err)
	}
	var found []ast.Decl
	for _, decl := range file.Decls {
		if slices.Contains(repo.DeclNames(decl), name) {
			found = append(found, decl)
		}
	}
	switch len(found) {
	case 0:
		return snippet{}, fmt.Errorf("no top-level declaration %s in %s", name, filename)
	case 1:
	default:
		// Several init funcs, for instance: a marker could not say which.
		return snippet{}, fmt.Errorf("%d top-level declarations are named %s in %s", len(found), name, filename)
	}

	decl := found[0]
	start := decl.Pos()
	if doc := docComment(decl); doc != nil {
		start = doc.Pos()
	}
	tf := fset.File(start)
	from, to := tf.Offset(start), tf.Offset(decl.End())
	to += trailingComment(src[to:])
	return snippet{text: string(src[from:to]) + "\n", line: tf.Line(start)}, nil
}

func docComment(decl ast.Decl) *ast.CommentGroup {
	switch d := decl.(type) {
	case *ast.FuncDecl:
		return d.Doc
	case *ast.GenDecl:
		return d.Doc
	}
	return nil
}

// trailingComment returns the length of a // comment that follows a
// declaration on its last line, as in `var x = 1 // why`: it belongs with
// the declaration when shown in the docs.
func trailingComment(rest []byte) int {
	line, _, _ := strings.Cut(string(rest), "\n")
	if !strings.HasPrefix(strings.TrimSpace(line), "//") {
		return 0
	}
	return len(strings.TrimRight(line, " \t"))
}
