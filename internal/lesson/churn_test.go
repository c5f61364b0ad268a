package main

import (
	"testing"

	"github.com/spec2lib/websocket/internal/repo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hunkOf diffs two versions of a file and returns its only hunk.
func hunkOf(t *testing.T, old, new string) hunk {
	t.Helper()
	hs := diffText(old, new)
	require.Len(t, hs, 1)
	return hs[0]
}

func TestReshapes(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     string // empty for an ordinary change
	}{{
		name: "re-indent",
		old:  lines("func f() {", "x := 1", "use(x)", "}"),
		new:  lines("func f() {", "\tx := 1", "\tuse(x)", "}"),
		want: "only re-indents 2 lines",
	}, {
		name: "rename with its doc comment",
		old:  lines("// readFrame reads a frame.", "func readFrame(r io.Reader) error {", "\treturn nil", "}"),
		new:  lines("// ReadFrame reads a frame.", "func ReadFrame(r io.Reader) error {", "\treturn nil", "}"),
		want: "only renames readFrame to ReadFrame",
	}, {
		name: "rename and re-indent",
		old:  lines("a := limit", "b := limit + 1"),
		new:  lines("\ta := maxPayload", "\tb := maxPayload + 1"),
		want: "only renames limit to maxPayload",
	}, {
		name: "new code wrapped around old",
		old:  lines("func f() {", "use(x)", "}"),
		new:  lines("func f() {", "if ok {", "\tuse(x)", "}", "}"),
	}, {
		name: "two different renames",
		old:  lines("a := limit", "b := size"),
		new:  lines("a := max", "b := length"),
	}, {
		name: "an argument added",
		old:  lines("readFrame(r)"),
		new:  lines("readFrame(r, limit)"),
	}, {
		name: "a number changed",
		old:  lines("const limit = 125"),
		new:  lines("const limit = 126"),
	}, {
		name: "a string changed",
		old:  lines(`return errors.New("connection closed")`),
		new:  lines(`return errors.New("connection reset")`),
	}, {
		name: "a comment reworded",
		old:  lines("// f reads the frame."),
		new:  lines("// f parses the frame."),
	}, {
		name: "lines only added",
		old:  lines("a"),
		new:  lines("a", "b"),
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			what, ok := reshapes(hunkOf(t, tt.old, tt.new))
			assert.Equal(t, tt.want != "", ok)
			assert.Equal(t, tt.want, what)
		})
	}
}

func TestTokenize(t *testing.T) {
	assert.Equal(t, []token{
		{identifier, "x"}, {other, ":="}, {other, `"a \" b"`}, {other, "+"}, {other, "0x1f"},
		{other, "/"}, {other, "/"}, {word, "don"}, {other, "'"}, {word, "t"},
	}, tokenize(`x := "a \" b" + 0x1f // don't`))
	assert.Equal(t, []token{{identifier, "return"}, {other, "`unclosed"}}, tokenize("return `unclosed"),
		"keywords count as names in code, and a literal left open runs to the end of the line")
}

// moveDiffs is a transition that moves readAll from conn.go to read.go,
// where both files also share an import block and a closing brace.
func moveDiffs() []fileDiff {
	readAll := []string{
		"// readAll reads until the end.",
		"func readAll(r io.Reader) ([]byte, error) {",
		"\tvar buf bytes.Buffer",
		"\t_, err := buf.ReadFrom(r)",
		"",
		"\tif err != nil {",
		"\t\treturn nil, err",
		"\t}",
		"\treturn buf.Bytes(), nil",
		"}",
	}
	imports := []string{"import (", `	"bytes"`, `	"io"`, `	"testing"`, "", `	"github.com/stretchr/testify/assert"`, ")"}
	t := transition{before: repo.Step{Num: 2, Dir: "step02"}, after: repo.Step{Num: 3, Dir: "step03"}}
	before := tree{
		"conn.go": lines(append(append([]string{"package main", ""}, imports...), append([]string{"", "func keep() {}", ""}, readAll...)...)...),
	}
	after := tree{
		"conn.go": lines(append(append([]string{"package main", ""}, imports...), "", "func keep() {}")...),
		"read.go": lines(append(append([]string{"package main", ""}, imports...), append([]string{""}, readAll...)...)...),
		"new.go":  lines(append(append([]string{"package main", ""}, imports...), "", "func other() {", "}")...),
	}
	return diffTrees(t, before, after)
}

func TestFindMoves(t *testing.T) {
	moves := findMoves(moveDiffs())
	require.Len(t, moves, 1, "the import block and braces shared with new.go are no move")
	assert.Equal(t, "conn.go", moves[0].from.file)
	assert.Equal(t, "@@ -9,14 +9,3 @@", moves[0].from.hunk)
	assert.Equal(t, "6 lines moved to read.go @@ -0,0 +1,20 @@", moves[0].String())
}

func TestNoMoveBelowFiveLines(t *testing.T) {
	t3 := transition{before: repo.Step{Num: 2, Dir: "s2"}, after: repo.Step{Num: 3, Dir: "s3"}}
	code := lines("a := 1", "b := 2", "c := 3", "d := 4")
	diffs := diffTrees(t3, tree{"a.go": code}, tree{"b.go": code})
	assert.Empty(t, findMoves(diffs))
	diffs = diffTrees(t3, tree{"a.go": code + lines("e := 5")}, tree{"b.go": code + lines("e := 5")})
	assert.Len(t, findMoves(diffs), 1, "a file moved whole is a move")
}

// churnRepo has steps 01 to 03: 01→02 rewrites everything, which the
// check skips, and 02→03 removes 2 lines for the 10 it adds (20%). Step03
// has two parts: the article, and an optional one that says nothing.
func churnRepo(t *testing.T, article string) string {
	t.Helper()
	const parts = "[[part]]\nname = \"c\"\nfile = \"03-c.md\"\nstep = \"03\"\nfiles = [\"*\"]\n" +
		"[[part]]\nname = \"c2\"\nfile = \"03b-c.md\"\nstep = \"03\"\nfiles = [\"*\"]\noptional = true\n"
	ten := numbered("add", 10)
	return writeRepo(t, map[string]string{
		"step01-a/a.go":      lines("old"),
		"step02-b/a.go":      lines(append([]string{"keep", "gone 1", "gone 2"}, numbered("keep", 8)...)...),
		"step02-b/a_test.go": lines("t1", "t2", "t3"),
		"step03-c/a.go":      lines(append(append([]string{"keep"}, numbered("keep", 8)...), ten...)...),
		"docs/parts.toml":    parts,
		"docs/03b-c.md":      lines("Nothing to exempt."),
		"docs/03-c.md":       article,
	})
}

func TestChurnRatio(t *testing.T) {
	got := lessonCmd(t, churnRepo(t, lines("No exemption.")), environment{}, "-check-churn")
	assert.Equal(t, 1, got.code)
	assert.Equal(t, lines(
		"02→03: non-test lines removed are 20% of those added (2 of 10; target at most 15%)",
		"02→03 a.go @@ -1,6 +1,4 @@: removes 2 non-test lines",
	), got.stdout)
	assert.Contains(t, got.stderr, "2 churn violation(s) in 1 transition(s) checked")
}

func TestChurnExemptionIsUsedAndShown(t *testing.T) {
	got := lessonCmd(t, churnRepo(t, lines("Prose.", "<!-- churn-exempt: the old demo goes -->")), environment{}, "-check-churn")
	assert.Equal(t, 0, got.code, got.stderr)
	assert.Equal(t, lines(
		"exempt: 02→03: non-test lines removed are 20% of those added (2 of 10; target at most 15%), exempted by docs/03-c.md: the old demo goes",
		"lesson: 1 transition(s) keep to the churn targets",
	), got.stdout)
}

func TestChurnReportsReshapedHunksInTests(t *testing.T) {
	root := writeRepo(t, map[string]string{
		"step02-b/a_test.go": lines("func TestA(t *testing.T) {", "check(t, oldName)", "}"),
		"step03-c/a_test.go": lines("func TestA(t *testing.T) {", "check(t, newName)", "}"),
	})
	got := lessonCmd(t, root, environment{}, "-check-churn")
	assert.Equal(t, 1, got.code)
	assert.Equal(t, "02→03 a_test.go @@ -1,3 +1,3 @@: hunk only renames oldName to newName\n", got.stdout)
}

// TestMoveIntoAPackageIsARename: a file moved into a subdirectory, as
// step06 moves its library into websocket/, is diffed against its old
// self, and a new package clause is neither churn nor a rename.
func TestMoveIntoAPackageIsARename(t *testing.T) {
	code := numbered("code", 6)
	root := writeRepo(t, map[string]string{
		"step02-b/lib.go":                  lines(append([]string{"package main"}, code...)...),
		"step02-b/main.go":                 lines("package main", "func main() {}"),
		"step03-c/main.go":                 lines("package main", "func main() {}"),
		"step03-c/websocket/lib.go":        lines(append([]string{"package websocket"}, code...)...),
		"step03-c/websocket/new.go":        lines(append([]string{"package websocket"}, numbered("new", 9)...)...),
		"step02-b/testdata/seed":           lines("seed"),
		"step03-c/websocket/testdata/seed": lines("seed"),
	})
	got := lessonCmd(t, root, environment{}, "03")
	require.Equal(t, 0, got.code, got.stderr)
	assert.Contains(t, got.stdout, lines(
		"--- step02-b/lib.go",
		"+++ step03-c/websocket/lib.go",
		"@@ -1,4 +1,4 @@",
		"-package main",
		"+package websocket",
	))
	assert.Contains(t, got.stdout, lines("--- /dev/null", "+++ step03-c/websocket/new.go"))
	assert.NotContains(t, got.stdout, "+++ /dev/null", "nothing is deleted")
	assert.NotContains(t, got.stdout, "websocket/testdata/seed", "an unchanged moved file has no diff")

	got = lessonCmd(t, root, environment{}, "-check-churn")
	assert.Equal(t, 0, got.code, got.stdout)
}
