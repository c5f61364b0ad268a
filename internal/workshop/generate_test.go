package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spec2lib/websocket/internal/repo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGoldenStubbedStep: the generator's output for the fake step: each
// exercise's body replaced by its stub, the import only the solution
// used dropped, and the todo file.
func TestGoldenStubbedStep(t *testing.T) {
	root := "testdata/fakerepo"
	exs := fakeExercises(t, root)
	files, err := stubFiles(root, exs, func(*exercise) bool { return true })
	require.NoError(t, err)
	require.Len(t, files, 1)
	repo.Golden(t, "testdata/golden/sum.go.golden", files["websocket/sum.go"])

	todo, err := todoSource(englishTexts(t), exs)
	require.NoError(t, err)
	repo.Golden(t, "testdata/golden/workshop_todo.go.golden", todo)
}

// TestGoldenOneStub: with one exercise stubbed, the other function and
// every import it uses stay as they were.
func TestGoldenOneStub(t *testing.T) {
	root := "testdata/fakerepo"
	exs := fakeExercises(t, root)
	files, err := stubFiles(root, exs, func(e *exercise) bool { return e.ID == "01.1" })
	require.NoError(t, err)
	repo.Golden(t, "testdata/golden/sum-01.1.go.golden", files["websocket/sum.go"])
}

// TestRestoreGivesTheCanonicalFile: putting each solution back into the
// stubbed file, with the imports the copy kept, gives the original
// bytes, in any order.
func TestRestoreGivesTheCanonicalFile(t *testing.T) {
	root := "testdata/fakerepo"
	exs := fakeExercises(t, root)
	original, err := os.ReadFile(filepath.Join(root, "step01-sum", "websocket", "sum.go"))
	require.NoError(t, err)
	imports, err := importSpecs("sum.go", original)
	require.NoError(t, err)
	for _, order := range [][]int{{0, 1}, {1, 0}} {
		files, err := stubFiles(root, exs, func(*exercise) bool { return true })
		require.NoError(t, err)
		src := files["websocket/sum.go"]
		for _, i := range order {
			solution, err := funcText("sum.go", original, exs[i].Func)
			require.NoError(t, err)
			src, err = replaceFunc("sum.go", src, exs[i].Func, solution)
			require.NoError(t, err)
			src, err = addImports("sum.go", src, imports)
			require.NoError(t, err)
		}
		assert.Equal(t, string(original), string(src), "order %v", order)
	}
}

func TestDefaultStub(t *testing.T) {
	src := []byte(`package p

func a() {}
func b() (int, error) { return 1, nil }
func c() (s string, ok bool, h header, p *header, m map[string]int, k [4]byte, r []byte) { return }
func d() (x, y float64) { return }
`)
	tests := map[string]string{
		"a": `todo("09.1")`,
		"b": `return 0, errTodo("09.1")`,
		"c": `todo("09.1"); return "", false, *new(header), nil, nil, *new([4]byte), nil`,
		"d": `todo("09.1"); return 0, 0`,
	}
	for name, want := range tests {
		got, err := defaultStub("p.go", src, name, "09.1")
		require.NoError(t, err)
		assert.Equal(t, want, got, name)
		_, err = stubText("p.go", src, name, got)
		assert.NoError(t, err, "the stub of %s parses", name)
	}
}

// TestStubTextKeepsTheSignature: the stub replaces the body only, one
// statement per line, for a method too.
func TestStubTextKeepsTheSignature(t *testing.T) {
	src := []byte("package p\n\n// Ping pings.\nfunc (c *Conn) Ping(ctx context.Context) error {\n\treturn nil\n}\n")
	got, err := stubText("p.go", src, "Conn.Ping", `todo("06.2"); return errTodo("06.2")`)
	require.NoError(t, err)
	assert.Equal(t, "func (c *Conn) Ping(ctx context.Context) error {\n\ttodo(\"06.2\")\n\treturn errTodo(\"06.2\")\n}", got)
	_, err = stubText("p.go", src, "Conn.Ping", "return (")
	assert.ErrorContains(t, err, "the stub of Conn.Ping does not parse")
	_, err = stubText("p.go", src, "Ping", "return nil")
	assert.ErrorContains(t, err, "declares no func Ping")
}

// TestTidyDropsWhatIsUnused: an import that nothing uses goes; a blank
// import and a renamed one in use stay; an import block left empty goes.
func TestTidyDropsWhatIsUnused(t *testing.T) {
	src := "package p\n\nimport (\n\t\"fmt\"\n\tmathrand \"math/rand/v2\"\n\t_ \"embed\"\n\t\"strings\"\n)\n\nvar x = mathrand.N(3)\n"
	got, err := tidy("p.go", []byte(src))
	require.NoError(t, err)
	assert.Equal(t, "package p\n\nimport (\n\t_ \"embed\"\n\tmathrand \"math/rand/v2\"\n)\n\nvar x = mathrand.N(3)\n", string(got))

	got, err = tidy("p.go", []byte("package p\n\nimport (\n\t\"fmt\"\n)\n\nvar x = 1\n"))
	require.NoError(t, err)
	assert.Equal(t, "package p\n\nvar x = 1\n", string(got))
}

// TestAddImportsWithoutABlock: a file that lost all its imports gets a
// block back.
func TestAddImportsWithoutABlock(t *testing.T) {
	got, err := addImports("p.go", []byte("package p\n\nvar x = strings.ToUpper(\"a\")\n"), []string{`"strings"`, `"fmt"`})
	require.NoError(t, err)
	assert.Equal(t, "package p\n\nimport (\n\t\"strings\"\n)\n\nvar x = strings.ToUpper(\"a\")\n", string(got))
}

// TestEnclosingFunc works on text that does not parse.
func TestEnclosingFunc(t *testing.T) {
	src := []byte(strings.Join([]string{
		"package p",                           // 1
		"",                                    // 2
		"func (c *Conn[T]) advance() error {", // 3
		"\tif x {",                            // 4
		"\t\treturn nil +",                    // 5
		"}",                                   // 6
		"",                                    // 7
		"var y = 1",                           // 8
		"",                                    // 9
		"func readHeader(br *bufio.Reader) {", // 10
		"\tbroken(",                           // 11
	}, "\n"))
	assert.Equal(t, "Conn.advance", enclosingFunc(src, 5))
	assert.Equal(t, "Conn.advance", enclosingFunc(src, 3))
	assert.Equal(t, "", enclosingFunc(src, 8))
	assert.Equal(t, "readHeader", enclosingFunc(src, 11))
	assert.Equal(t, "", enclosingFunc(src, 1))
}

func TestTodoSourceNamesEachExercise(t *testing.T) {
	exs := []*exercise{{ID: "03.1", Func: "readHeader"}, {ID: "03.2", Func: "Conn.advance"}}
	src, err := todoSource(englishTexts(t), exs)
	require.NoError(t, err)
	assert.Contains(t, string(src), `"03.2": "Conn.advance",`)
	assert.Contains(t, string(src), `exercise %[1]s (%[2]s) is not done yet: run go run ./internal/workshop hint %[1]s`)
}

// TestHideBlocks: in a copy, an article's block that shows an exercise's
// solution says where the solution is instead; other blocks stay.
func TestHideBlocks(t *testing.T) {
	md := "Text.\n\n<!-- code: step03-frames/frame.go readHeader -->\n```go\nfunc readHeader() {\n}\n```\n\n" +
		"<!-- code: step03-frames/frame.go readFrame -->\n```go\nfunc readFrame() {}\n```\n"
	e := &exercise{ID: "03.1", Func: "readHeader"}
	got, changed := hideBlocks(md, englishTexts(t), map[string]*exercise{"step03-frames/frame.go readHeader": e})
	assert.True(t, changed)
	assert.Equal(t, "Text.\n\n<!-- code: step03-frames/frame.go readHeader -->\n```go\n"+
		"// The code of readHeader is exercise 03.1: this workshop copy hides it.\n"+
		"// Once the exercise passes: go run ./internal/workshop solution 03.1\n```\n\n"+
		"<!-- code: step03-frames/frame.go readFrame -->\n```go\nfunc readFrame() {}\n```\n", got)
}
