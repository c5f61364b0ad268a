// Command docscheck keeps README.md and docs/**/*.md true to the code:
//
//   - a fenced block below <!-- code: PATH [DECL] --> holds that file, or that
//     top-level declaration with its doc comment, byte for byte (-w rewrites it);
//   - relative links resolve, #anchors included, and test names in prose exist;
//   - tasks (an article's "Try it" and "Exercises", docs/**/exercises/*.md)
//     name only tests, Go files and Go names that their step has, and an
//     edit "In `F`, change `X`" finds X in F, if the step has X at all;
//   - a Mermaid diagram names only funcs (Name(), after the last dot),
//     close codes (1000-4999) and `identifiers` its step declares: the step of
//     docs/NN-*.md is stepNN-* with its subpackages (not testdata), other
//     files may name any step's code;
//   - a section (heading levels 1-4) of docs/zh-CN/X.md carries <a id="ANCHOR">
//     above its heading, ANCHOR being GitHub's slug of the English heading in
//     docs/X.md, and <!-- en: HASH --> below it: the first 8 hex digits of the
//     SHA-256 of the English section's prose (fences, generated regions and
//     HTML comments removed, blank runs collapsed). A changed hash is stale;
//     -translated FILE[#ANCHOR] records the current hashes;
//   - the prose of docs/zh-CN/*.md reads as Chinese: no English-first RFC
//     quote ("English words"（中文）) and no ASCII quotation marks; -zh
//     prints each file's share of Chinese characters and both counts.
//
// Usage: go run ./internal/docscheck [-root DIR] [-zh] [-w | -translated FILE[#ANCHOR]]
// Exit status 1 when problems remain, 2 on usage or I/O errors.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run is main without the process: tests call it to check flags, output
// and exit status.
func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("docscheck", flag.ContinueOnError)
	flags.SetOutput(stderr)
	root := flags.String("root", ".", "repository `dir`ectory that marker paths are relative to")
	rewrite := flags.Bool("w", false, "rewrite stale code blocks from the files instead of reporting them")
	zh := flags.Bool("zh", false, "also print, for each Chinese file, how much of its prose is Chinese and what reads as translated")
	translated := flags.String("translated", "",
		"record that the translation `FILE[#ANCHOR]` (all its sections, or one) follows its English twin now")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: docscheck [-root DIR] [-zh] [-w | -translated FILE[#ANCHOR]]")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	// -w would rewrite code blocks in files -translated rewrites too.
	if flags.NArg() > 0 || (*rewrite && *translated != "") {
		flags.Usage()
		return 2
	}
	if *translated != "" {
		return runTranslated(*root, *translated, stdout, stderr)
	}

	rep, err := check(*root, *rewrite)
	if err != nil {
		fmt.Fprintf(stderr, "docscheck: %v\n", err)
		return 2
	}
	for _, r := range rep.rewritten {
		fmt.Fprintln(stdout, r)
	}
	for _, st := range rep.native {
		if *zh {
			fmt.Fprintln(stdout, st)
		}
	}
	stale := 0
	for _, p := range rep.problems {
		fmt.Fprint(stderr, p)
		if p.stale {
			stale++
		}
	}
	if stale > 0 {
		fmt.Fprintf(stderr, "docscheck: run `go run ./internal/docscheck -w` to copy the code into %d stale block(s)\n", stale)
	}
	if len(rep.problems) > 0 {
		fmt.Fprintf(stderr, "docscheck: %d problem(s) in %d markdown file(s)\n", len(rep.problems), rep.files)
		return 1
	}
	fmt.Fprintf(stdout, "docscheck: %d code blocks, %d diagrams, %d links and %d translated sections in %d markdown files match\n",
		rep.blocks, rep.diagrams, rep.links, rep.translated, rep.files)
	return 0
}

// runTranslated is run with -translated.
func runTranslated(root, target string, stdout, stderr io.Writer) int {
	changes, sections, err := refresh(root, target)
	if err != nil {
		fmt.Fprintf(stderr, "docscheck: %v\n", err)
		return 2
	}
	for _, c := range changes {
		fmt.Fprintln(stdout, c)
	}
	fmt.Fprintf(stdout, "docscheck: %d of %d section record(s) changed\n", len(changes), sections)
	return 0
}
