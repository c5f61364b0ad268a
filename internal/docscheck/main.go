// Command docscheck keeps the markdown docs true to the code: code blocks
// identical to the files they show, relative links that resolve, diagrams
// that name only code that exists, and a Chinese edition that says which
// of its sections the English original has changed since they were
// translated.
//
// Markdown files checked are README.md and every *.md under docs/, its
// subdirectories included: the Chinese edition in docs/zh-CN/ is checked
// exactly as the English files are, and more besides.
//
// # Code blocks
//
// A fenced code block is tied to a file by an HTML comment on the line
// directly above it:
//
//	<!-- code: step02-handshake/handshake.go acceptKey -->
//
// The path is relative to the repository root. The optional name selects one
// top-level Go declaration: a func (acceptKey), a method (Conn.Close), a type
// (Conn) or a const/var name; the block must then hold that declaration
// exactly, doc comment included. Without a name the block must hold the whole
// file.
//
// # Diagrams
//
// A Mermaid diagram (a ```mermaid block: sequenceDiagram, stateDiagram-v2,
// flowchart) may name only code that exists in the step of its article.
// The step comes from the file name: docs/04-transport.md and
// docs/zh-CN/04-transport.md are the article of the directory step04-* at
// the repository root. A file without a two-digit prefix (README.md,
// docs/README.md, docs/workshop.md) has no step, and its diagrams may name
// the code of any step. The code of a step is its non-test .go files,
// parsed, those of its subpackages included (step06's library, in
// step06-client/websocket); testdata does not count. In a diagram:
//
//   - A Go identifier directly followed by "(" names a func or method:
//     ReadMessage(ctx), Close(), c.fail(, writeFrame(. The identifier, or its
//     part after the last dot (fail for c.fail, Close for Conn.Close), must
//     be declared as a top-level func or a method (an interface's methods
//     included).
//   - A 4-digit number from 1000 to 4999 that stands alone names a close
//     code, and must be the value of an integer literal (1002, 0x3ea).
//     Part of a longer number or of a word (10000, 1.1000, 1000ms, 0x1000)
//     or after # (a colour, an entity) it is not a close code.
//   - A word in backticks that is a Go identifier (`errClosed`, `ErrNoPong`,
//     `Conn.Close`) names a declaration: it, or its part after the last
//     dot, must be a top-level func, method, type, const or var, or a
//     struct field.
//
// Identifiers are ASCII. Names that are Go's own are not looked up:
// keywords, and predeclared names such as len or error when no dot comes
// before them; nor are names after the name of a package the step imports
// (io.ReadFull(, `errors.Is`). Lines that show no text are skipped: %%
// comments and the statements classDef, class, style, linkStyle, click,
// rect, box and autonumber. In a flowchart, a name followed by "(" outside
// every label is a node's id and shape, A(Start), not a call: write calls
// in node labels or edge labels, A[c.fail(err)] or -->|Close()|.
//
// A problem names the step directory looked in:
//
//	docs/04-transport.md:120: diagram names fail(), which step04-transport does not declare
//
// # The Chinese edition
//
// docs/zh-CN/ holds Chinese translations of docs/*.md under the same names:
// docs/zh-CN/04-transport.md translates docs/04-transport.md, its English
// twin. A translation without an English twin is a problem; an English
// file without a translation is not.
//
// A section is an ATX heading line of level 1 to 4 (# to ####) with the
// lines below it, up to the next such heading; ##### and ###### headings
// are part of the section above them. The part of a file above its first
// heading is a section too, with the anchor "", if it holds anything but
// blank lines. An English section's anchor is GitHub's slug of its
// heading: the rendered text lowercased, every character removed but
// letters, digits, spaces, hyphens and underscores, each space turned into
// a hyphen, and a slug seen before in the file suffixed with -1, -2 ... as
// GitHub does. A Chinese section carries the anchor of the English section
// it translates on the line directly above its heading, which GitHub
// honours, so that a link to 04-transport.md#the-closing-handshake works
// in both languages:
//
//	<a id="the-closing-handshake"></a>
//	## 关闭握手
//	<!-- en: 3f2a9c1b -->
//
// The comment on the line directly below the heading (for the part above
// the first heading: on the first line of the file) records the version of
// the English section translated: the first 8 hex digits of the SHA-256 of
// the English section's prose. Its prose is its lines, heading included,
// with fenced code blocks removed entirely, HTML comments removed and
// trailing whitespace trimmed, joined with "\n"; a run of blank lines
// counts as one, and blank lines at either end not at all. So a change to
// code, which the code-block check keeps identical in both languages, or
// to the blank lines between paragraphs leaves the translation current,
// and any change to an English sentence makes it stale. Diagrams are
// fenced blocks too: their labels are not prose here, but their names are
// checked in both languages.
//
// For each translation whose English twin exists, docscheck reports every
// English section the translation lacks (missing translation), every
// translated section with no anchor or an anchor that English has no
// section for (no English section) or that a section above it has
// already, every translated section without a well-formed record, and
// every stale one:
//
//	docs/zh-CN/04-transport.md:88: section "the-closing-handshake" (关闭握手) is stale: the English prose changed since it was translated (recorded 3f2a9c1b, now 9e0d1c22)
//
// Once the translation of a section follows the English again, the
// translator records that with -translated, which rewrites the records
// of the file's sections to the current hashes, adding the missing ones
// below their headings, and prints each record it changed:
//
//	go run ./internal/docscheck -translated docs/zh-CN/04-transport.md
//	go run ./internal/docscheck -translated docs/zh-CN/04-transport.md#the-closing-handshake
//
// The second form records one section only, named by its English anchor;
// FILE# (an empty anchor) names the part above the first heading. The
// path is relative to the repository root (-root). -translated checks
// nothing else, and refuses, with exit status 2, while the file has a
// section that matches no English anchor.
//
// # Usage
//
//	go run ./internal/docscheck [-root DIR] [-w | -translated FILE[#ANCHOR]]
//
// With -w, stale blocks are rewritten from the files instead of reported.
// The exit status is 1 when problems remain and 2 on usage or I/O errors.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: tests call it to check flags, output
// and exit status.
func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("docscheck", flag.ContinueOnError)
	flags.SetOutput(stderr)
	root := flags.String("root", ".", "repository `dir`ectory that marker paths are relative to")
	rewrite := flags.Bool("w", false, "rewrite stale code blocks from the files instead of reporting them")
	translated := flags.String("translated", "",
		"record that the translation `FILE[#ANCHOR]` (all its sections, or one) follows its English twin now")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: docscheck [-root DIR] [-w | -translated FILE[#ANCHOR]]")
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
