package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/spec2lib/websocket/internal/repo"
)

// export writes the finished client, step06-client/websocket, as a module
// of its own, byte for byte but the import lines that name this
// repository; docs/workshop.md says what it copies and why.

// defaultModule is the export's module path unless -module says another.
// The README template uses it as the placeholder for the chosen path.
const defaultModule = "example.com/websocket"

// graduationDoc is the README of the export, with defaultModule in it
// wherever the module path goes.
const graduationDoc = "graduation.md"

// rewriteImports changes the import paths of f, parsed from src with a
// FileSet of its own, that the map names, and nothing else of src.
func rewriteImports(f *ast.File, src []byte, paths map[string]string) []byte {
	var out []byte
	last := 0
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		if to, ok := paths[p]; ok {
			start := int(imp.Path.Pos()) - 1 // the file's base is 1
			out = append(append(out, src[last:start]...), strconv.Quote(to)...)
			last = int(imp.Path.End()) - 1
		}
	}
	return append(out, src[last:]...)
}

// cmdExport writes the library.
func (a *app) cmdExport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	module := fs.String("module", defaultModule, "the library's module `path`, as go get will fetch it")
	applyMissing := fs.Bool("apply-missing", false, "in a copy: put in the solutions of the exercises not done yet, after a backup")
	args, err := a.parseArgs(fs, args, 1, 1)
	if err == nil && isCopy(a.root) {
		err = a.readyToExport(*applyMissing)
	}
	if err != nil {
		return err
	}
	res, err := exportLibrary(ctx, a.root, args[0], *module, a.t)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, a.t.f("wrote the library %[1]s to %[2]s: %[3]d files, %[4]d test files; try: cd %[2]s && go test ./...", *module, args[0], res.files, res.tests))
	if res.tidyErr != nil {
		fmt.Fprintln(a.stdout, a.t.f("  go mod tidy could not run offline (%[1]v); go.mod and go.sum are the repository's", res.tidyErr))
	}
	return nil
}

// exportResult is what exportLibrary wrote.
type exportResult struct {
	files     int      // files written
	tests     int      // the library's test files
	internals []string // the internal packages its tests import, and theirs
	tidyErr   error    // go mod tidy failed, and go.mod is the repository's
}

// exporter copies files of the repository into the export.
type exporter struct {
	root, dir, from string            // from is the repository's module path
	paths           map[string]string // import paths of the repository, and the export's
	res             exportResult
}

// exportLibrary writes the library to dir, with module path modulePath.
func exportLibrary(ctx context.Context, root, dir, modulePath string, t texts) (*exportResult, error) {
	if err := checkTarget(t, root, dir); err != nil {
		return nil, err
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return nil, err
	}
	from, goVersion := goModLine(mod, "module"), goModLine(mod, "go")
	steps, err := repo.StepDirs(root)
	if err != nil {
		return nil, err
	}
	if from == "" || goVersion == "" {
		return nil, fmt.Errorf("go.mod: no module or go line")
	}
	library := path.Join(steps[len(steps)-1], "websocket") // the library's package in the last step
	e := &exporter{root: root, dir: dir, from: from, paths: map[string]string{from + "/" + library: modulePath}}
	err = filepath.WalkDir(filepath.Join(root, library), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == todoFile {
			return err
		}
		rel, err := filepath.Rel(filepath.Join(root, library), p)
		name := filepath.ToSlash(rel)
		if err == nil {
			err = e.copy(t, path.Join(library, name), name, modulePath)
		}
		return err
	})
	for i := 0; err == nil && i < len(e.res.internals); i++ { // copy grows the list
		var files []string
		files, err = filepath.Glob(filepath.Join(root, "internal", e.res.internals[i], "*.go"))
		for _, f := range files {
			if name := path.Join("internal", e.res.internals[i], filepath.Base(f)); err == nil && !strings.HasSuffix(f, "_test.go") {
				err = e.copy(t, name, name, modulePath)
			}
		}
	}
	var text []byte
	if err == nil {
		text, err = readme(root, t.lang, modulePath)
	}
	if err == nil {
		err = e.write("README.md", text)
	}
	if requires := regexp.MustCompile(`(?s)\nrequire.*`).Find(mod); err == nil { // the repository's
		err = e.write("go.mod", fmt.Appendf(nil, "module %s\n\ngo %s\n%s", modulePath, goVersion, requires))
	}
	if sum, serr := os.ReadFile(filepath.Join(root, "go.sum")); err == nil && serr == nil {
		err = e.write("go.sum", sum) // the library's tests need the same modules, in the module cache already
	}
	if err != nil {
		return nil, err
	}
	slices.Sort(e.res.internals)
	e.res.tidyErr = tidyOffline(ctx, dir)
	return &e.res, nil
}

// goModLine is the argument of go.mod's first line of the keyword.
func goModLine(mod []byte, keyword string) string {
	m := regexp.MustCompile(`(?m)^` + keyword + `\s+(\S+)\s*$`).FindSubmatch(mod)
	if m == nil {
		return ""
	}
	return string(m[1])
}

// copy copies a file of the repository as it is, but a Go file's imports of
// the repository, which become the export's. The library's own code imports
// none; its tests may import it and internal packages, which join the export.
func (e *exporter) copy(t texts, from, to, modulePath string) error {
	src, err := os.ReadFile(filepath.Join(e.root, filepath.FromSlash(from)))
	if err != nil || !strings.HasSuffix(from, ".go") || strings.Contains(from, "/testdata/") {
		if err == nil {
			err = e.write(to, src)
		}
		return err
	}
	f, err := parser.ParseFile(token.NewFileSet(), from, src, parser.ImportsOnly)
	if err != nil {
		return err
	}
	isTest, inInternal := strings.HasSuffix(from, "_test.go"), strings.HasPrefix(from, "internal/")
	if isTest {
		e.res.tests++
	}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		pkg, internal := strings.CutPrefix(p, e.from+"/internal/")
		switch {
		case internal && (isTest || inInternal):
			if !slices.Contains(e.res.internals, pkg) {
				e.res.internals = append(e.res.internals, pkg)
				e.paths[p] = modulePath + "/internal/" + pkg
			}
		case strings.HasPrefix(p, e.from+"/") && !inInternal && !(isTest && e.paths[p] != ""):
			return t.err("%[1]s imports %[2]s: the library may import no package of the tutorial", from, p)
		}
	}
	return e.write(to, rewriteImports(f, src, e.paths))
}

func (e *exporter) write(name string, src []byte) error {
	p := filepath.Join(e.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	e.res.files++
	return os.WriteFile(p, src, 0o644)
}

// readme is the README from graduation.md, in the export's language if
// it is translated and in English if not, with the module path in place
// of defaultModule and without a translation's records.
func readme(root, lang, modulePath string) ([]byte, error) {
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(exercisesDir(lang)), graduationDoc))
	if errors.Is(err, fs.ErrNotExist) {
		src, err = os.ReadFile(filepath.Join(root, filepath.FromSlash(exercisesDir("en")), graduationDoc))
	}
	lines := slices.DeleteFunc(strings.Split(string(src), "\n"), translationLine.MatchString)
	return []byte(strings.ReplaceAll(strings.Join(lines, "\n"), defaultModule, modulePath)), err
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
