package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// export writes the finished client, the library of the last step
// (step06-client/websocket), as a module of its own, with a path that
// the student chooses, so that it can be pushed to a repository and
// fetched with go get. It is a copy: every file of the package, tests,
// benchmarks and testdata included, byte for byte, except for import
// lines that name this repository, which another module cannot import.
// Those are the library's own path, in a test of package websocket_test,
// and the test servers of internal/, which the export copies into its
// own internal/.

// defaultModule is the export's module path unless -module says another.
// The README template uses it as the placeholder for the chosen path.
const defaultModule = "example.com/websocket"

// libraryDir is the library's package in the last step.
const libraryDir = "websocket"

// graduationDoc is the README of the export, with defaultModule in it
// wherever the module path goes.
const graduationDoc = "graduation.md"

// An exportPlan is what export writes.
type exportPlan struct {
	library   string   // the library's directory: step06-client/websocket
	files     []string // its files, by slash-separated path in it
	tests     []string // those that are Go tests
	internals []string // the internal packages its tests import, and theirs
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

// planExport lists the library's files and the internal packages they
// need. The library's own code may import nothing of the repository.
func planExport(t texts, root, modulePath string) (*exportPlan, error) {
	step, err := lastStep(root)
	if err != nil {
		return nil, err
	}
	plan := &exportPlan{library: path.Join(step, libraryDir)}
	base := filepath.Join(root, step, libraryDir)
	err = filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == todoFile {
			return err
		}
		rel, err := filepath.Rel(base, p)
		if err != nil {
			return err
		}
		plan.files = append(plan.files, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return nil, err
	}
	var queue []string // internal packages to look into
	for _, name := range plan.files {
		if !strings.HasSuffix(name, ".go") || strings.Contains(name, "testdata/") {
			continue
		}
		imports, err := moduleImports(filepath.Join(base, filepath.FromSlash(name)), modulePath)
		if err != nil {
			return nil, err
		}
		isTest := strings.HasSuffix(name, "_test.go")
		if isTest {
			plan.tests = append(plan.tests, name)
		}
		for _, p := range imports {
			pkg, internal := strings.CutPrefix(p, modulePath+"/internal/")
			switch {
			case p == modulePath+"/"+plan.library && isTest:
			case !internal || !isTest:
				return nil, t.err(msgExportImportsTutorial, path.Join(plan.library, name), p)
			default:
				queue = append(queue, pkg)
			}
		}
	}
	for len(queue) > 0 {
		pkg := queue[0]
		queue = queue[1:]
		if slices.Contains(plan.internals, pkg) {
			continue
		}
		plan.internals = append(plan.internals, pkg)
		files, err := internalFiles(root, pkg)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			imports, err := moduleImports(f, modulePath)
			if err != nil {
				return nil, err
			}
			for _, p := range imports {
				if pkg, ok := strings.CutPrefix(p, modulePath+"/internal/"); ok {
					queue = append(queue, pkg)
				}
			}
		}
	}
	slices.Sort(plan.internals)
	return plan, nil
}

// moduleImports returns the imports of a Go file that name packages of
// module.
func moduleImports(file, module string) ([]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
	if err != nil {
		return nil, err
	}
	var found []string
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); strings.HasPrefix(p, module+"/") {
			found = append(found, p)
		}
	}
	return found, nil
}

// internalFiles returns the non-test Go files of internal/pkg.
func internalFiles(root, pkg string) ([]string, error) {
	names, err := filepath.Glob(filepath.Join(root, "internal", filepath.FromSlash(pkg), "*.go"))
	if err != nil {
		return nil, err
	}
	var files []string
	for _, name := range names {
		if !strings.HasSuffix(name, "_test.go") {
			files = append(files, name)
		}
	}
	return files, nil
}

// rewriteImports changes the import paths of a Go file that the map
// names, and nothing else of it.
func rewriteImports(name string, src []byte, paths map[string]string) ([]byte, error) {
	f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly)
	if err != nil {
		return nil, err
	}
	var out []byte
	last := 0
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		to, ok := paths[p]
		if !ok {
			continue
		}
		start, end := int(imp.Path.Pos())-1, int(imp.Path.End())-1 // the file's base is 1
		out = append(append(out, src[last:start]...), strconv.Quote(to)...)
		last = end
	}
	return append(out, src[last:]...), nil
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
	if res.tidyErr != nil {
		fmt.Fprintln(a.stdout, a.t.f(msgExportNoTidy, res.tidyErr))
	}
	return nil
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
	w := &exportWriter{root: root, dir: dir, paths: map[string]string{from + "/" + plan.library: modulePath}}
	for _, pkg := range plan.internals {
		w.paths[from+"/internal/"+pkg] = modulePath + "/internal/" + pkg
	}
	for _, name := range plan.files {
		w.file(path.Join(plan.library, name), name)
	}
	for _, pkg := range plan.internals {
		files, err := internalFiles(root, pkg)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			w.file(path.Join("internal", pkg, filepath.Base(f)), path.Join("internal", pkg, filepath.Base(f)))
		}
	}
	w.readme(t.lang, modulePath)
	w.goMod(modulePath, goVersion)
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
	paths     map[string]string // import paths of the repository, and the export's
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

// file copies a file of the repository: as it is, but a Go file's
// imports of the repository, which become the export's.
func (w *exportWriter) file(from, to string) {
	if w.err != nil {
		return
	}
	src, err := os.ReadFile(filepath.Join(w.root, filepath.FromSlash(from)))
	if err == nil && strings.HasSuffix(from, ".go") && !strings.Contains(from, "/testdata/") {
		src, err = rewriteImports(from, src, w.paths)
	}
	if err != nil {
		w.err = err
		return
	}
	w.write(to, src)
}

// readme writes the README from graduation.md, in the export's language
// if it is translated and in English if not, with the module path in
// place of defaultModule and without a translation's records.
func (w *exportWriter) readme(lang, modulePath string) {
	src, err := os.ReadFile(filepath.Join(w.root, filepath.FromSlash(exercisesDir(lang)), graduationDoc))
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
	w.write("README.md", []byte(strings.ReplaceAll(strings.Join(lines, "\n"), defaultModule, modulePath)))
}

// goMod writes go.mod, with the repository's requirements, and the
// repository's go.sum: the library's tests need the same modules, and
// they are in the module cache already.
func (w *exportWriter) goMod(modulePath, goVersion string) {
	mod, err := os.ReadFile(filepath.Join(w.root, "go.mod"))
	if err != nil {
		w.err = err
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "module %s\n\ngo %s\n", modulePath, goVersion)
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
