package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/spec2lib/websocket/internal/repo"
)

// This file edits Go source as text, with go/parser only to find where
// things are: the canonical files are gofmt'ed, so a stubbed file differs
// from its original in the stubbed bodies and the imports they no longer
// need, and nowhere else.

// parseGo parses one file, comments included.
func parseGo(filename string, src []byte) (*token.FileSet, *ast.File, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, fmt.Errorf("parsing %s: %w", filename, err)
	}
	return fset, f, nil
}

// readGo reads and parses the Go file at path.
func readGo(path string) (*ast.File, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	_, f, err := parseGo(path, src)
	return f, err
}

// findFunc parses src and returns the declaration of name, which must have
// a body.
func findFunc(filename string, src []byte, name string) (*token.FileSet, *ast.FuncDecl, error) {
	fset, f, err := parseGo(filename, src)
	if err != nil {
		return nil, nil, err
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && repo.DeclNames(fd)[0] == name {
			return fset, fd, nil
		}
	}
	return nil, nil, fmt.Errorf("%s declares no func %s with a body", filename, name)
}

// funcSpan returns where the declaration of name lies in src: from its
// "func" keyword to its closing brace.
func funcSpan(filename string, src []byte, name string) (start, end int, err error) {
	fset, fd, err := findFunc(filename, src, name)
	if err != nil {
		return 0, 0, err
	}
	return fset.Position(fd.Pos()).Offset, fset.Position(fd.End()).Offset, nil
}

// funcText returns the declaration of name in src, from "func" to "}".
func funcText(filename string, src []byte, name string) (string, error) {
	start, end, err := funcSpan(filename, src, name)
	return string(src[start:end]), err
}

// replaceFunc puts text in place of the declaration of name, then drops the
// imports nothing uses any more and formats the file.
func replaceFunc(filename string, src []byte, name, text string) ([]byte, error) {
	start, end, err := funcSpan(filename, src, name)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(src)+len(text))
	out = append(out, src[:start]...)
	out = append(out, text...)
	out = append(out, src[end:]...)
	return tidy(filename, out)
}

// stubText returns the declaration of name in src with its body
// replaced by stub, which is Go statements (";" may separate them).
func stubText(filename string, src []byte, name, stub string) (string, error) {
	fset, fd, err := findFunc(filename, src, name)
	if err != nil {
		return "", err
	}
	start := fset.Position(fd.Pos()).Offset
	open := fset.Position(fd.Body.Lbrace).Offset
	// The stub is formatted on its own, as the body of a func, so that a
	// one-line stub with semicolons comes out one statement per line.
	signature := string(src[start:open])
	formatted, err := format.Source([]byte("package p\n\n" + signature + "{\n" + stub + "\n}\n"))
	if err != nil {
		return "", fmt.Errorf("the stub of %s does not parse: %w", name, err)
	}
	return strings.TrimSuffix(strings.TrimPrefix(string(formatted), "package p\n\n"), "\n"), nil
}

// defaultStub is the stub of a function whose list gives none: todo,
// and a return of zero values, an error result being errTodo's error.
func defaultStub(filename string, src []byte, name, id string) (string, error) {
	fset, fd, err := findFunc(filename, src, name)
	if err != nil {
		return "", err
	}
	quoted := strconv.Quote(id)
	results := fd.Type.Results
	if results == nil || len(results.List) == 0 {
		return "todo(" + quoted + ")", nil
	}
	var values []string
	hasErr := false
	for _, field := range results.List {
		v := zeroValue(fset, src, field.Type)
		if v == "" {
			v = "errTodo(" + quoted + ")"
			hasErr = true
		}
		for range max(1, len(field.Names)) {
			values = append(values, v)
		}
	}
	stub := "return " + strings.Join(values, ", ")
	if !hasErr {
		stub = "todo(" + quoted + "); " + stub
	}
	return stub, nil
}

// zeroValue is the zero value of a result type, as Go source; "" for error,
// whose stub value is errTodo's error.
func zeroValue(fset *token.FileSet, src []byte, typ ast.Expr) string {
	switch t := typ.(type) {
	case *ast.Ident:
		switch t.Name {
		case "error":
			return ""
		case "bool":
			return "false"
		case "string":
			return `""`
		case "any":
			return "nil"
		case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
			"uintptr", "byte", "rune", "float32", "float64", "complex64", "complex128":
			return "0"
		}
	case *ast.StarExpr, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType:
		return "nil"
	case *ast.ArrayType:
		if t.Len == nil {
			return "nil"
		}
	}
	text := string(src[fset.Position(typ.Pos()).Offset:fset.Position(typ.End()).Offset])
	return "*new(" + text + ")"
}

// tidy drops the imports that src no longer uses, and formats it.
func tidy(filename string, src []byte) ([]byte, error) {
	fset, f, err := parseGo(filename, src)
	if err != nil {
		return nil, err
	}
	used := usedNames(f)
	var drop [][2]int // line ranges, as byte offsets
	for _, imp := range f.Imports {
		name := repo.ImportName(imp)
		if name == "_" || name == "." || used[name] {
			continue
		}
		drop = append(drop, lineOf(src, fset.Position(imp.Pos()).Offset))
	}
	for i := len(drop) - 1; i >= 0; i-- {
		src = append(src[:drop[i][0]:drop[i][0]], src[drop[i][1]:]...)
	}
	// An import block whose every spec went is left as "import ()",
	// which gofmt keeps: drop it too, then format.
	src = emptyImport.ReplaceAll(src, []byte("\n"))
	out, err := format.Source(src)
	if err != nil {
		return nil, fmt.Errorf("formatting %s: %w", filename, err)
	}
	return out, nil
}

// emptyImport matches an import block with nothing in it.
var emptyImport = regexp.MustCompile(`\nimport \(\s*\)\n`)

// usedNames returns the identifiers that qualify a selector in f: the
// package names it uses, among others.
func usedNames(f *ast.File) map[string]bool {
	used := make(map[string]bool)
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	return used
}

// lineOf returns the byte range of the line that holds offset, its
// newline included.
func lineOf(src []byte, offset int) [2]int {
	start := bytes.LastIndexByte(src[:offset], '\n') + 1
	end := bytes.IndexByte(src[offset:], '\n')
	if end < 0 {
		return [2]int{start, len(src)}
	}
	return [2]int{start, offset + end + 1}
}

// enclosingFunc names the top-level func or method whose text holds line
// (1-based) of src, or "" if none does.
func enclosingFunc(src []byte, line int) string {
	lines := strings.Split(string(src), "\n")
	for i := min(line, len(lines)) - 1; i >= 0; i-- {
		l := lines[i]
		if m := funcLinePattern.FindStringSubmatch(l); m != nil {
			if m[1] != "" {
				return m[1] + "." + m[2]
			}
			return m[2]
		}
		// A closing brace at the left margin ends a declaration: a line
		// after it is outside every func.
		if i < line-1 && (l == "}" || l == ")") {
			return ""
		}
	}
	return ""
}

// funcLinePattern matches the first line of a top-level func or method,
// and captures the receiver's type, if any, and the name.
var funcLinePattern = regexp.MustCompile(`^func (?:\(\s*(?:\w+\s+)?\*?(\w+)(?:\[[^\]]*\])?\s*\)\s*)?(\w+)`)

// importSpecs returns the import specs of a file as its import block
// writes them: "encoding/binary", or mathrand "math/rand/v2".
func importSpecs(filename string, src []byte) ([]string, error) {
	fset, f, err := parseGo(filename, src)
	if err != nil {
		return nil, err
	}
	var specs []string
	for _, imp := range f.Imports {
		specs = append(specs, string(src[fset.Position(imp.Pos()).Offset:fset.Position(imp.End()).Offset]))
	}
	return specs, nil
}

// addImports adds to src each of specs whose package src uses and does not
// import, and formats it; gofmt sorts the new lines into their group.
func addImports(filename string, src []byte, specs []string) ([]byte, error) {
	fset, f, err := parseGo(filename, src)
	if err != nil {
		return nil, err
	}
	have := make(map[string]bool)
	for _, imp := range f.Imports {
		have[repo.ImportName(imp)] = true
	}
	used := usedNames(f)
	var missing []string
	for _, spec := range specs {
		name := specName(spec)
		if used[name] && !have[name] {
			missing = append(missing, spec)
		}
	}
	if len(missing) == 0 {
		return src, nil
	}
	at := lineOf(src, fset.Position(f.Name.End()).Offset)[1]
	text := "\nimport (\n\t" + strings.Join(missing, "\n\t") + "\n)\n"
	if len(f.Imports) > 0 && f.Decls[0].(*ast.GenDecl).Lparen.IsValid() {
		// Into the first group of the block, the first declaration, which
		// holds the standard library's imports in a gofmt'ed file.
		at = lineOf(src, fset.Position(f.Imports[0].Pos()).Offset)[0]
		text = "\t" + strings.Join(missing, "\n\t") + "\n"
	}
	return format.Source(append(src[:at:at], append([]byte(text), src[at:]...)...))
}

// specName is the name a file uses the import spec by.
func specName(spec string) string {
	if name, _, ok := strings.Cut(spec, " "); ok {
		return name
	}
	return repo.ImportName(&ast.ImportSpec{Path: &ast.BasicLit{Value: spec}})
}
