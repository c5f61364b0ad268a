package repo

import (
	"go/ast"
	"regexp"
	"strconv"
	"strings"
)

// DeclNames returns the names a top-level declaration goes by: a func's
// name, Type.Method for a method, and every name a const, var or type
// group declares.
func DeclNames(decl ast.Decl) []string {
	switch d := decl.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil || len(d.Recv.List) == 0 {
			return []string{d.Name.Name}
		}
		return []string{ReceiverType(d.Recv.List[0].Type) + "." + d.Name.Name}
	case *ast.GenDecl:
		var names []string
		for _, spec := range d.Specs {
			switch s := spec.(type) {
			case *ast.TypeSpec:
				names = append(names, s.Name.Name)
			case *ast.ValueSpec:
				for _, n := range s.Names {
					names = append(names, n.Name)
				}
			}
		}
		return names
	}
	return nil
}

// ReceiverType returns the type name of a method receiver, dropping the
// pointer and any type parameters: *Conn[T] gives Conn.
func ReceiverType(expr ast.Expr) string {
	for {
		switch e := expr.(type) {
		case *ast.StarExpr:
			expr = e.X
		case *ast.ParenExpr:
			expr = e.X
		case *ast.IndexExpr:
			expr = e.X
		case *ast.IndexListExpr:
			expr = e.X
		case *ast.Ident:
			return e.Name
		default:
			return ""
		}
	}
}

// majorVersionPattern matches the last element of an import path that
// is a major version, not the package's name: v2 in math/rand/v2.
var majorVersionPattern = regexp.MustCompile(`^v[0-9]+$`)

// ImportName returns the name a file uses an import by: its own name for it,
// or the last element of the path that is not a major version (rand for
// math/rand/v2).
func ImportName(imp *ast.ImportSpec) string {
	if imp.Name != nil {
		return imp.Name.Name
	}
	p, _ := strconv.Unquote(imp.Path.Value)
	elems := strings.Split(p, "/")
	last := elems[len(elems)-1]
	if len(elems) > 1 && majorVersionPattern.MatchString(last) {
		last = elems[len(elems)-2]
	}
	return last
}
