package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/spec2lib/websocket/internal/repo"
)

var (
	// articlePattern matches the file name of a step's article, or of a
	// later part of it, and captures the step's number: 04 in
	// 04-transport.md and in 04b-ownership.md.
	articlePattern = regexp.MustCompile(`^([0-9]{2})[a-z]?-`)
)

// A stepCode is what the non-test Go files of one step directory declare, as
// far as diagrams can name it.
type stepCode struct {
	dir     string          // at the repository root: step04-transport
	funcs   map[string]bool // funcs and methods, interface methods included
	names   map[string]bool // the funcs plus types, consts, vars and struct fields
	ints    map[int64]bool  // values of integer literals
	imports map[string]bool // names the imported packages are used by

	// What exercises may name, tests included: see exercises.go.
	used  map[string]bool   // every identifier
	decls map[string]string // top-level declarations' source, by repo.DeclNames
	files []string          // Go files, from the root
	code  string            // the non-test source
}

// loadStep reads the .go files of the step directory dir, and of its
// subpackages (step06's library, in step06-client/websocket), but not
// testdata. Diagrams see only what the non-test files declare.
func loadStep(root, dir string) (*stepCode, error) {
	s := &stepCode{
		dir:     dir,
		funcs:   make(map[string]bool),
		names:   make(map[string]bool),
		ints:    make(map[int64]bool),
		imports: make(map[string]bool),
		used:    make(map[string]bool),
		decls:   make(map[string]string),
	}
	files, err := repo.Files(filepath.Join(root, dir), ".go")
	for _, p := range files {
		rel, _ := filepath.Rel(root, p)
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, filepath.ToSlash(rel), src, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("cannot parse: %w", err)
		}
		s.addSource(filepath.ToSlash(rel), src, fset, file)
		if !repo.IsTest(p) {
			s.addFile(file)
			s.code += string(src)
		}
	}
	return s, err
}

// addFile adds what one file declares and uses.
func (s *stepCode) addFile(file *ast.File) {
	for _, imp := range file.Imports {
		s.imports[repo.ImportName(imp)] = true
	}
	for _, decl := range file.Decls {
		for _, name := range repo.DeclNames(decl) {
			name = name[strings.LastIndex(name, ".")+1:] // a method's own name
			if _, ok := decl.(*ast.FuncDecl); ok {
				s.funcs[name] = true
			}
			s.names[name] = true
		}
	}
	// Fields, interface methods and literals can be anywhere, nested in
	// other types or inside funcs.
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.StructType:
			for _, f := range n.Fields.List {
				for _, id := range f.Names {
					s.names[id.Name] = true
				}
				if len(f.Names) == 0 { // embedded: named by its type, Reader for *bufio.Reader
					s.names[embeddedName(f.Type)] = true
				}
			}
		case *ast.InterfaceType: // its own methods; those it embeds are declared elsewhere
			for _, m := range n.Methods.List {
				for _, id := range m.Names {
					s.funcs[id.Name], s.names[id.Name] = true, true
				}
			}
		case *ast.BasicLit: // an integer's value, however written: 1002, 0x3ea and 1_002 are one close code
			if v, err := strconv.ParseInt(n.Value, 0, 64); n.Kind == token.INT && err == nil {
				s.ints[v] = true
			}
		}
		return true
	})
}

// has reports whether the step has what m names.
func (s *stepCode) has(m mention) bool {
	switch m.kind {
	case codeMention:
		v, err := strconv.ParseInt(m.name, 10, 64)
		return err == nil && s.ints[v]
	case callMention:
		return s.funcs[m.name] || s.imported(m.qual)
	}
	return s.names[m.name] || s.imported(m.qual)
}

// imported reports whether qual names a package the step imports.
func (s *stepCode) imported(qual string) bool { return qual != "" && s.imports[qual] }

// embeddedName returns the name an embedded field is known by.
func embeddedName(expr ast.Expr) string {
	if star, ok := expr.(*ast.StarExpr); ok {
		expr = star.X
	}
	if sel, ok := expr.(*ast.SelectorExpr); ok {
		return sel.Sel.Name
	}
	return repo.ReceiverType(expr)
}

// A scope is where the names in one markdown file's diagrams are looked
// up: the step of its article, or every step for a file that has none.
type scope struct {
	steps []*stepCode
	all   bool
}

// has reports whether any step of the scope has what m names.
func (sc scope) has(m mention) bool {
	return slices.ContainsFunc(sc.steps, func(s *stepCode) bool { return s.has(m) })
}

// lacks completes "diagram names m, which ..." for a mention the scope
// does not have, saying where it was looked up.
func (sc scope) lacks(m mention) string {
	doesNot, does := "does not declare", "declares"
	if m.kind == codeMention {
		doesNot, does = "has no integer literal for", "has an integer literal for"
	}
	if !sc.all {
		return sc.steps[0].dir + " " + doesNot
	}
	var dirs []string
	for _, s := range sc.steps {
		dirs = append(dirs, s.dir)
	}
	if len(dirs) == 0 {
		return "no step " + does + " (there are no step directories)"
	}
	return fmt.Sprintf("no step %s (looked up in %s)", does, strings.Join(dirs, ", "))
}

// A stepIndex finds the scope of each markdown file during one check, and
// reads each step directory at most once.
type stepIndex struct {
	root  string
	steps map[string]*stepCode // by directory
}

func newStepIndex(root string) *stepIndex {
	return &stepIndex{root: root, steps: make(map[string]*stepCode)}
}

// scopeFor returns the scope of the markdown file doc (slash-separated,
// relative to the root).
func (x *stepIndex) scopeFor(doc string) (scope, error) {
	dirs, err := repo.StepDirs(x.root)
	if err != nil {
		return scope{}, err
	}
	m := articlePattern.FindStringSubmatch(path.Base(doc))
	if m == nil {
		return x.scopeOf(dirs, true)
	}
	for _, d := range dirs {
		if strings.HasPrefix(d, "step"+m[1]+"-") {
			return x.scopeOf([]string{d}, false)
		}
	}
	return scope{}, fmt.Errorf("%s is the article of step %s, but there is no step%s-* directory", doc, m[1], m[1])
}

// scopeOf loads the step directories dirs as one scope, reading each the
// first time it is asked for.
func (x *stepIndex) scopeOf(dirs []string, all bool) (scope, error) {
	sc := scope{all: all}
	for _, d := range dirs {
		if x.steps[d] == nil {
			s, err := loadStep(x.root, d)
			if err != nil {
				return scope{}, fmt.Errorf("reading %s: %w", d, err)
			}
			x.steps[d] = s
		}
		sc.steps = append(sc.steps, x.steps[d])
	}
	return sc, nil
}
