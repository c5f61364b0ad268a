package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// export writes the finished client, the last step, as a library of
// its own: package websocket, in a module whose path the student
// chooses, so that it can be pushed to a repository and fetched with go
// get. The last step is a package main: a library and, beside it, a
// command-line tool, a demo and an Autobahn agent. The export keeps the
// library and the tests that make sense for it.

// defaultModule is the export's module path unless -module says another.
// The README template uses it as the placeholder for the chosen path.
const defaultModule = "example.com/websocket"

// commandFiles are the files of the last step that make the command,
// not the library: the tool, its output queue and signals, the demo and
// the Autobahn agent.
func commandFiles() []string {
	return []string{"main.go", "cli.go", "printqueue.go", "signals.go", "demo.go", "autobahn.go"}
}

// leftOutTests are test files of the library that the export leaves
// out although they compile: the benchmarks start their echo server as
// a child process through the command's TestMain.
func leftOutTests() []string { return []string{"bench_test.go"} }

// copiedInternal are the repository's test servers that the export
// copies into its own internal/ folder, since another module cannot
// import them. Tests that need any other internal package are left out.
func copiedInternal() []string { return []string{"echoserver", "scripted"} }

// graduationDoc is the README of the export, with defaultModule in it
// wherever the module path goes.
const graduationDoc = "graduation.md"

// An exportPlan is what export writes.
type exportPlan struct {
	step      string            // the last step: step06-client
	library   []string          // its non-test files that make the library
	tests     []string          // its test files that the export keeps
	leftOut   map[string]string // test files left out, and why
	internals []string          // internal packages the kept tests import
}

// lastStep returns the last step directory of the repository.
func lastStep(root string) (string, error) {
	dirs, err := filepath.Glob(filepath.Join(root, "step[0-9][0-9]-*"))
	if err != nil || len(dirs) == 0 {
		return "", fmt.Errorf("no step directories in %s", root)
	}
	slices.Sort(dirs)
	return filepath.Base(dirs[len(dirs)-1]), nil
}

// parsedFile is one Go file of the step, parsed.
type parsedFile struct {
	name string
	file *ast.File
}

// planExport decides which files of the last step the export takes.
func planExport(t texts, root, modulePath string) (*exportPlan, error) {
	step, err := lastStep(root)
	if err != nil {
		return nil, err
	}
	plan := &exportPlan{step: step, leftOut: make(map[string]string)}
	files, err := parseStep(filepath.Join(root, step))
	if err != nil {
		return nil, err
	}
	var tests []parsedFile
	kept := make(map[string]bool) // files whose declarations the tests may use
	for _, f := range files {
		isTest := strings.HasSuffix(f.name, "_test.go")
		switch {
		case !isTest && !slices.Contains(commandFiles(), f.name):
			for _, imp := range f.file.Imports {
				if p, _ := strconv.Unquote(imp.Path.Value); strings.HasPrefix(p, modulePath+"/") {
					return nil, t.err(msgExportImportsTutorial, step+"/"+f.name, p)
				}
			}
			plan.library = append(plan.library, f.name)
			kept[f.name] = true
		case isTest:
			if why := testExclusion(t, f, modulePath); why != "" {
				plan.leftOut[f.name] = why
			} else {
				tests = append(tests, f)
				kept[f.name] = true
			}
		}
	}
	plan.tests = keepCompilable(t, files, tests, kept, plan.leftOut)
	plan.internals = internalImports(tests, plan.tests, modulePath)
	return plan, nil
}

// testExclusion says why a test file stays out of the export, or "".
func testExclusion(t texts, f parsedFile, modulePath string) string {
	base := strings.TrimSuffix(f.name, "_test.go") + ".go"
	switch {
	case slices.Contains(commandFiles(), base):
		return t.f(msgReasonCommand)
	case slices.Contains(leftOutTests(), f.name):
		return t.f(msgReasonBench)
	}
	for _, imp := range f.file.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		if pkg, ok := strings.CutPrefix(p, modulePath+"/internal/"); ok && !slices.Contains(copiedInternal(), pkg) {
			return t.f(msgReasonInternal, pkg)
		}
	}
	return ""
}

// keepCompilable drops, until none is left to drop, each test file that
// uses a name that only a file left out declares. It returns the names
// of the test files that remain.
func keepCompilable(t texts, all, tests []parsedFile, kept map[string]bool, leftOut map[string]string) []string {
	for changed := true; changed; {
		changed = false
		available := make(map[string]bool)
		for _, f := range all {
			if kept[f.name] {
				for _, n := range declaredNames(f.file) {
					available[n] = true
				}
			}
		}
		missing := make(map[string]string) // name -> the file left out that declares it
		for _, f := range all {
			if !kept[f.name] {
				for _, n := range declaredNames(f.file) {
					if !available[n] {
						missing[n] = f.name
					}
				}
			}
		}
		for _, f := range tests {
			if !kept[f.name] {
				continue
			}
			if n, from := usesMissing(f.file, missing); n != "" {
				kept[f.name] = false
				leftOut[f.name] = t.f(msgReasonUses, n, from)
				changed = true
			}
		}
	}
	var names []string
	for _, f := range tests {
		if kept[f.name] {
			names = append(names, f.name)
		}
	}
	return names
}

// usesMissing returns a name that f uses and that only a missing
// declaration gives, and the file that has it. Without type checking it
// judges by name: it skips the names f declares inside its functions
// (variables, parameters), the names of its own funcs and methods, field
// and method names after a dot, and the keys of composite literals. The
// export's own build is the final check.
func usesMissing(f *ast.File, missing map[string]string) (name, from string) {
	local := localNames(f)
	skip := map[*ast.Ident]bool{f.Name: true}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			skip[n.Name] = true
		case *ast.SelectorExpr:
			skip[n.Sel] = true
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok {
				skip[id] = true
			}
		case *ast.Ident:
			if file, ok := missing[n.Name]; ok && !skip[n] && !local[n.Name] {
				name, from = n.Name, file
			}
		}
		return name == ""
	})
	return name, from
}

// localNames returns the names that f declares inside its functions and
// types: variables, parameters, results and fields.
func localNames(f *ast.File) map[string]bool {
	names := make(map[string]bool)
	add := func(ids ...*ast.Ident) {
		for _, id := range ids {
			names[id.Name] = true
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				for _, e := range n.Lhs {
					if id, ok := e.(*ast.Ident); ok {
						add(id)
					}
				}
			}
		case *ast.Field:
			add(n.Names...)
		case *ast.FuncDecl:
			return true
		case *ast.DeclStmt:
			if g, ok := n.Decl.(*ast.GenDecl); ok {
				for _, spec := range g.Specs {
					if v, ok := spec.(*ast.ValueSpec); ok {
						add(v.Names...)
					}
				}
			}
		}
		return true
	})
	return names
}

// internalImports returns the copied internal packages that the kept
// test files import.
func internalImports(tests []parsedFile, kept []string, modulePath string) []string {
	var pkgs []string
	for _, f := range tests {
		if !slices.Contains(kept, f.name) {
			continue
		}
		for _, imp := range f.file.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if pkg, ok := strings.CutPrefix(p, modulePath+"/internal/"); ok && !slices.Contains(pkgs, pkg) {
				pkgs = append(pkgs, pkg)
			}
		}
	}
	slices.Sort(pkgs)
	return pkgs
}

// parseStep parses the .go files of dir, but the workshop's own.
func parseStep(dir string) ([]parsedFile, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	var files []parsedFile
	for _, name := range names {
		if filepath.Base(name) == todoFile {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		_, f, err := parseGo(name, src)
		if err != nil {
			return nil, err
		}
		files = append(files, parsedFile{name: filepath.Base(name), file: f})
	}
	return files, nil
}

// packageClause is the package clause of a step's file.
var packageClause = regexp.MustCompile(`(?m)^package main$`)

// rewrite turns a file of the tutorial into one of the library: package
// websocket, and the module's own path in its imports.
func rewrite(src []byte, from, to, pkg string) []byte {
	if pkg != "" {
		src = packageClause.ReplaceAll(src, []byte("package "+pkg))
	}
	return []byte(strings.ReplaceAll(string(src), `"`+from+"/internal/", `"`+to+"/internal/"))
}

// cmdExport writes the library.
func (a *app) cmdExport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	module := fs.String("module", defaultModule, "the library's module `path`, as go get will fetch it")
	args, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if err := a.wantArgs("export", args, 1, 1); err != nil {
		return err
	}
	res, err := exportLibrary(ctx, a.root, args[0], *module, a.t)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, a.t.f(msgExportDone, *module, args[0], res.files, len(res.plan.tests)))
	for _, name := range sortedKeys(res.plan.leftOut) {
		fmt.Fprintln(a.stdout, a.t.f(msgExportLeftOut, name, res.plan.leftOut[name]))
	}
	if res.tidyErr != nil {
		fmt.Fprintln(a.stdout, a.t.f(msgExportNoTidy, res.tidyErr))
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}

// exportResult is what exportLibrary did.
type exportResult struct {
	plan    *exportPlan
	files   int
	tidyErr error // go mod tidy failed, and go.mod is the repository's
}

// exportLibrary writes the library to dir, with module path modulePath.
func exportLibrary(ctx context.Context, root, dir, modulePath string, t texts) (*exportResult, error) {
	if err := checkTarget(t, root, dir); err != nil {
		return nil, err
	}
	from, goVersion, err := readGoMod(root)
	if err != nil {
		return nil, err
	}
	plan, err := planExport(t, root, from)
	if err != nil {
		return nil, err
	}
	res := &exportResult{plan: plan}
	w := &exportWriter{root: root, dir: dir, from: from, to: modulePath, lang: t.lang}
	for _, name := range append(slices.Clone(plan.library), plan.tests...) {
		w.file(path.Join(plan.step, name), name, "websocket")
	}
	for _, pkg := range plan.internals {
		w.internalPackage(pkg)
	}
	w.tree(path.Join(plan.step, "testdata"), "testdata")
	w.write("doc.go", docSource(t, from))
	if w.requires("go.uber.org/goleak") {
		w.write("main_test.go", []byte(mainTestSource))
	}
	w.readme()
	w.goMod(goVersion)
	if w.err != nil {
		return nil, fmt.Errorf("exporting to %s: %w", dir, w.err)
	}
	res.files = w.files
	res.tidyErr = tidyOffline(ctx, dir)
	return res, nil
}

// exportWriter writes the export's files, keeping the first error.
type exportWriter struct {
	root, dir string
	from, to  string // the module paths
	lang      string // the language of the README
	files     int
	err       error
}

func (w *exportWriter) write(name string, src []byte) {
	if w.err != nil {
		return
	}
	p := filepath.Join(w.dir, filepath.FromSlash(name))
	if w.err = os.MkdirAll(filepath.Dir(p), 0o755); w.err == nil {
		w.err = os.WriteFile(p, src, 0o644)
		w.files++
	}
}

// file copies a file of the repository, rewritten for the library.
func (w *exportWriter) file(from, to, pkg string) {
	if w.err != nil {
		return
	}
	src, err := os.ReadFile(filepath.Join(w.root, filepath.FromSlash(from)))
	if err != nil {
		w.err = err
		return
	}
	w.write(to, rewrite(src, w.from, w.to, pkg))
}

// internalPackage copies the non-test files of internal/pkg.
func (w *exportWriter) internalPackage(pkg string) {
	names, err := filepath.Glob(filepath.Join(w.root, "internal", pkg, "*.go"))
	if err != nil {
		w.err = err
		return
	}
	for _, name := range names {
		if base := filepath.Base(name); !strings.HasSuffix(base, "_test.go") {
			w.file(path.Join("internal", pkg, base), path.Join("internal", pkg, base), "")
		}
	}
}

// tree copies a directory of data files as they are, if it exists.
func (w *exportWriter) tree(from, to string) {
	base := filepath.Join(w.root, filepath.FromSlash(from))
	if _, err := os.Stat(base); err != nil || w.err != nil {
		return
	}
	w.err = filepath.WalkDir(base, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(base, p)
		if err != nil {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		w.write(path.Join(to, filepath.ToSlash(rel)), src)
		return w.err
	})
}

// requires reports whether the repository's go.mod requires module.
func (w *exportWriter) requires(module string) bool {
	mod, err := os.ReadFile(filepath.Join(w.root, "go.mod"))
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(mod), "\n") {
		fields := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "require "))
		if len(fields) >= 2 && fields[0] == module {
			return true
		}
	}
	return false
}

// readme writes the README from graduation.md, in the export's language
// if it is translated and in English if not, with the module path in
// place of defaultModule and without a translation's records.
func (w *exportWriter) readme() {
	src, err := os.ReadFile(filepath.Join(w.root, filepath.FromSlash(exercisesDir(w.lang)), graduationDoc))
	if errors.Is(err, fs.ErrNotExist) {
		src, err = os.ReadFile(filepath.Join(w.root, filepath.FromSlash(exercisesDir("en")), graduationDoc))
	}
	if err != nil {
		w.err = err
		return
	}
	var lines []string
	for _, line := range strings.Split(string(src), "\n") {
		if !translationLine.MatchString(line) {
			lines = append(lines, line)
		}
	}
	w.write("README.md", []byte(strings.ReplaceAll(strings.Join(lines, "\n"), defaultModule, w.to)))
}

// goMod writes go.mod, with the repository's requirements, and the
// repository's go.sum: the library's tests need the same modules, and
// they are in the module cache already.
func (w *exportWriter) goMod(goVersion string) {
	mod, err := os.ReadFile(filepath.Join(w.root, "go.mod"))
	if err != nil {
		w.err = err
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "module %s\n\ngo %s\n", w.to, goVersion)
	if i := strings.Index(string(mod), "\nrequire"); i >= 0 {
		b.WriteString(string(mod[i:]))
	}
	w.write("go.mod", []byte(b.String()))
	if sum, err := os.ReadFile(filepath.Join(w.root, "go.sum")); err == nil {
		w.write("go.sum", sum)
	}
}

// readGoMod returns the repository's module path and go version.
func readGoMod(root string) (module, goVersion string, err error) {
	src, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", "", err
	}
	for _, line := range strings.Split(string(src), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 2 && fields[0] == "module" {
			module = fields[1]
		}
		if len(fields) == 2 && fields[0] == "go" {
			goVersion = fields[1]
		}
	}
	if module == "" || goVersion == "" {
		return "", "", fmt.Errorf("go.mod: no module or go line")
	}
	return module, goVersion, nil
}

// offlineEnv makes go use the module cache and nothing else: no proxy,
// no checksum database (go.sum comes from the repository, whose modules
// were checked when they were downloaded), no workspace.
func offlineEnv() []string {
	return []string{"GOPROXY=off", "GOFLAGS=-mod=mod", "GOWORK=off", "GOSUMDB=off"}
}

// tidyOffline runs go mod tidy in the export, offline, to drop the
// requirements the library does not need. If it cannot, the copied
// go.mod and go.sum stay, which build as they are.
func tidyOffline(ctx context.Context, dir string) error {
	_, stderr, err := goRun(ctx, dir, offlineEnv(), "mod", "tidy")
	if err != nil {
		return fmt.Errorf("%w: %s", err, firstLines(string(stderr), 3))
	}
	return nil
}

// docSource is the export's doc.go: the package comment, which names
// the tutorial's module.
func docSource(t texts, tutorial string) []byte {
	return []byte("// " + t.f(msgExportDoc, tutorial) + "\npackage websocket\n")
}

// mainTestSource replaces the step's main_test.go, whose TestMain also
// runs the command: the library's keeps the leak check only, when the
// repository has goleak.
const mainTestSource = `package websocket

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if any test leaves a goroutine behind: a leaked
// goroutine is a connection or a server that nobody closed.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
`
