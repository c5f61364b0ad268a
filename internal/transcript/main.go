// Command transcript keeps the articles' transcripts true, as go test
// keeps testable examples: it runs the commands of each fenced block marked
// <!-- transcript --> from the repository root, without a shell (see
// splitWords and run), and compares what they print with what the block
// shows.
//
//	go run ./internal/transcript [-w] [FILE.md...]
//
// With no FILE it reads every markdown file but testdata's. It reports each
// stale block with a unified diff and exits 1, or with -w rewrites it,
// keeping each line that still matches as the block had it. A block holds
// lines "$ COMMAND", each followed by what the command prints:
//
//	<!-- transcript: echo=127.0.0.1:8080 -->
//	```
//	$ printf 'hello\n' | go run ./step06-client ws://127.0.0.1:8080/
//	hello
//	```
//
// The marker's options are KEY=VALUE words, 'quoted' as in the shell:
//
//	echo=ADDR      start the reference echo server on a free port: ADDR in
//	               commands becomes its address, and its address in output ADDR
//	echo-tls=ADDR  the same over wss
//	ca=PATH        with echo-tls: the file holding its CA certificate
//	serve='CMD'    a server the reader starts in a second terminal, CMD,
//	               whose last word is the address it listens on: it runs in
//	               the background on a free port, mapped as echo='s, from
//	               before the block's commands until after them, when it is
//	               interrupted as by Ctrl-C; what it prints is not shown
//	timeout=DUR    the bound on each command (2m)
//	vary=REGEXP    what else changes from run to run (repeatable)
//
// What changes from run to run compares equal: loopback ports, durations,
// go test's "(cached)", temporary paths (all but the mapped ones), and
// what vary= matches (its groups if it has any). A line "..." stands for
// any number of lines. All else must match byte for byte. A block may be
// indented, in a list item. Blocks run in parallel; a block with the same
// options and text (a translation's) runs once.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"

	"github.com/aymanbagabas/go-udiff"
	"golang.org/x/sync/errgroup"

	"github.com/spec2lib/websocket/internal/repo"
)

func main() {
	write := flag.Bool("w", false, "rewrite the stale blocks with what their commands print now")
	flag.Parse()
	root, err := repo.Root(".")
	files := flag.Args()
	if err == nil && len(files) == 0 {
		files, err = markdownFiles(root)
	}
	var reports []*report
	if err == nil {
		reports, err = checkFiles(root, files)
	}
	if err == nil && *write {
		err = rewriteFiles(reports)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "transcript:", err)
		os.Exit(1)
	} else if !summarise(reports, *write, os.Stdout) {
		os.Exit(1)
	}
}

// markdownFiles lists the repository's markdown files, relative to the
// working directory.
func markdownFiles(root string) ([]string, error) {
	files, err := repo.Files(root, ".md")
	wd, werr := os.Getwd()
	for i := range files {
		if rel, rerr := filepath.Rel(wd, files[i]); werr == nil && rerr == nil {
			files[i] = rel
		}
	}
	return files, err
}

// A report is a block and what running its commands found.
type report struct {
	Block
	*result
}

type result struct {
	fresh bool
	got   string // the block's text as its commands print it now
	err   error
}

// checkFiles runs the marked blocks of files, in parallel, each distinct
// block once, with its commands run from root.
func checkFiles(root string, files []string) ([]*report, error) {
	var reports []*report
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		blocks, err := Find(file, src)
		if err != nil {
			return nil, err
		}
		for _, b := range blocks {
			reports = append(reports, &report{b, nil})
		}
	}
	results := map[string]*result{}
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, r := range reports {
		if r.result = results[r.Options+"\n"+r.Text]; r.result == nil {
			r.result = &result{}
			results[r.Options+"\n"+r.Text] = r.result
			g.Go(func() error { r.got, r.fresh, r.err = check(root, r.Block); return nil })
		}
	}
	return reports, g.Wait()
}

// summarise writes what was found to w, each stale block with a diff
// unless write, and says whether all is well.
func summarise(reports []*report, write bool, w io.Writer) (ok bool) {
	ok = true
	for _, r := range reports {
		switch {
		case r.err != nil:
			fmt.Fprintf(w, "%s: %v\n", r.Block, r.err)
			ok = false
		case !r.fresh && write:
			fmt.Fprintf(w, "%s: rewritten\n", r.Block)
		case !r.fresh:
			fmt.Fprintf(w, "%s: stale; go run ./internal/transcript -w rewrites it:\n%s", r.Block,
				udiff.Unified(r.Block.String()+" as printed", r.Block.String()+" as run now", r.Text, r.got))
			ok = false
		}
	}
	fmt.Fprintf(w, "transcript: %d blocks checked\n", len(reports))
	return ok
}

// check runs a block's commands, and says whether they print what it
// shows, and what it should show.
func check(root string, b Block) (got string, fresh bool, err error) {
	o, err := parseOptions(b.Options)
	if err != nil {
		return "", false, err
	}
	s, err := o.setUp(root)
	if err != nil {
		return "", false, err
	}
	defer s.close()
	var out strings.Builder
	for _, line := range lines(b.Text) {
		if cmd, ok := strings.CutPrefix(line, "$ "); ok {
			printed, err := run(root, s.toReal.Replace(cmd), o.timeout)
			if err != nil {
				return "", false, fmt.Errorf("%s: %w", line, err)
			}
			out.WriteString(line + "\n" + s.toPrinted.Replace(printed))
		}
	}
	want, have := lines(b.Text), lines(out.String())
	normWant, normHave := o.normalise(want, s.printed), o.normalise(have, s.printed)
	if match(normWant, normHave) {
		return b.Text, true, nil
	}
	return strings.Join(rewrite(want, have, normWant, normHave), "\n") + "\n", false, nil
}

// lines splits text into its lines, without their newlines.
func lines(text string) []string { return strings.Split(strings.TrimSuffix(text, "\n"), "\n") }

// rewriteFiles replaces the text of each stale block with what its
// commands print now.
func rewriteFiles(reports []*report) error {
	for i := len(reports) - 1; i >= 0; i-- { // from the end, so the line numbers hold
		if r := reports[i]; !r.fresh && r.err == nil {
			src, err := os.ReadFile(r.File)
			if err != nil {
				return err
			}
			ls := strings.SplitAfter(string(src), "\n")
			got := regexp.MustCompile(`(?m)^(.)`).ReplaceAllString(r.got, r.indent+"$1")
			ls = append(ls[:r.from], append([]string{got}, ls[r.to:]...)...)
			if err := os.WriteFile(r.File, []byte(strings.Join(ls, "")), 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}
