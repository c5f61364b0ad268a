package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseTestJSON(t *testing.T) {
	out := strings.Join([]string{
		`{"Action":"run","Test":"TestA"}`,
		`{"Action":"output","Test":"TestA","Output":"=== RUN   TestA\n"}`,
		`{"Action":"output","Test":"TestA/sub","Output":"    a_test.go:9: boom\n"}`,
		`{"Action":"fail","Test":"TestA/sub"}`,
		`{"Action":"pass","Test":"TestA"}`,
		`{"Action":"run","Test":"TestB"}`,
		`{"Action":"output","Test":"TestB","Output":"panic: oops\n"}`,
		`{"Action":"output","Output":"FAIL\n"}`,
		`not json at all`,
	}, "\n")
	run := parseTestJSON([]byte(out))
	assert.Equal(t, []string{"TestA", "TestB"}, run.Order)
	assert.Equal(t, "pass", run.Tests["TestA"].Action, "only a top-level test's own event decides")
	assert.Contains(t, run.Tests["TestA"].Output, "boom", "a subtest's output is its test's")
	assert.True(t, run.failed("TestB"), "a test that never finished failed")
	assert.True(t, run.failed("TestC"), "a test that never ran failed")
	assert.Equal(t, "TestB", run.panicked())
	assert.Contains(t, run.Output, "not json at all")
}

func TestParseTestJSONBuildFailure(t *testing.T) {
	out := `{"ImportPath":"x/step03-frames [x/step03-frames.test]","Action":"build-output","Output":"step03-frames/frame.go:12:3: undefined: binary\n"}` + "\n" +
		`{"ImportPath":"x/step03-frames [x/step03-frames.test]","Action":"build-fail"}`
	run := parseTestJSON([]byte(out))
	assert.True(t, run.BuildFailed)
	assert.Contains(t, run.Output, "undefined: binary")
}

// TestCompileErrorsNameTheFunction: go prints paths relative to where it
// ran, absolute, or after the module path; each names the function the
// error is in, even in a file that does not parse.
func TestCompileErrorsNameTheFunction(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(root, "step03-frames"), 0o755))
	src := "package main\n\nfunc readHeader() {\n\treturn binary.X(\n}\n"
	require.NoError(t, os.WriteFile(filepath.Join(root, "step03-frames", "frame.go"), []byte(src), 0o644))
	output := "# x/step03-frames\n" +
		"step03-frames/frame.go:4:9: undefined: binary\n" +
		filepath.Join(root, "step03-frames", "frame.go") + ":5:1: syntax error\n" +
		"github.com/x/step03-frames/frame.go:1:1: odd\n" +
		"internal/other/x.go:1:1: not this step\n"
	errs := compileErrors(root, "step03-frames", output)
	require.Len(t, errs, 3)
	for _, e := range errs {
		assert.Equal(t, "frame.go", e.File)
	}
	assert.Equal(t, "readHeader", errs[0].Func)
	assert.Equal(t, 4, errs[0].Line)
	assert.Equal(t, "readHeader", errs[1].Func)
	assert.Equal(t, "", errs[2].Func, "line 1 is in no function")

	exs := []*exercise{{ID: "03.1", Step: "step03-frames", File: "frame.go", Func: "readHeader"}}
	assert.Contains(t, describeBuildFailure(englishTexts(t), root, "step03-frames", exs, output),
		"the first error is in exercise 03.1 (readHeader): step03-frames/frame.go:4:9: undefined: binary")
}

// TestJudgeWaitsForAStub: a test that two exercises share does not
// count against either while the other is still a stub, or fails its own
// test, and counts again once neither does.
func TestJudgeWaitsForAStub(t *testing.T) {
	exs := []*exercise{
		{ID: "03.1", Tests: []string{"TestOwn1", "TestShared"}},
		{ID: "03.2", Tests: []string{"TestOwn2", "TestShared"}},
	}
	result := func(pass ...string) *testRun {
		r := &testRun{Tests: make(map[string]*testResult)}
		for _, name := range []string{"TestOwn1", "TestOwn2", "TestShared"} {
			r.Tests[name] = &testResult{Action: "fail"}
		}
		for _, name := range pass {
			r.Tests[name].Action = "pass"
		}
		return r
	}
	stub := func(ids ...string) func(*exercise) bool {
		return func(e *exercise) bool { return slices.Contains(ids, e.ID) }
	}
	o := judge(exs[0], exs, result("TestOwn1"), stub("03.2"))
	assert.True(t, o.Done, "03.1 waits for 03.2 on TestShared")
	assert.Equal(t, map[string]string{"TestShared": "03.2"}, o.Waiting)
	o = judge(exs[1], exs, result("TestOwn1"), stub("03.2"))
	assert.False(t, o.Done)
	assert.Equal(t, []string{"TestOwn2", "TestShared"}, o.Failing, "03.2 is the stub: nothing of its own waits")

	o = judge(exs[1], exs, result("TestOwn2"), stub("03.1"))
	assert.True(t, o.Done, "a later exercise waits for an earlier stub too")

	for _, e := range exs {
		o = judge(e, exs, result("TestOwn1", "TestOwn2"), stub())
		assert.False(t, o.Done, "a shared test that fails with no stub left counts against %s", e.ID)
		assert.Equal(t, []string{"TestShared"}, o.Failing)
		assert.True(t, judge(e, exs, result("TestOwn1", "TestOwn2", "TestShared"), stub()).Done)
	}

	o = judge(exs[1], exs, result("TestOwn2"), stub())
	assert.True(t, o.Done, "03.1's own test fails: the shared test fails for 03.1, not for 03.2")
	assert.Equal(t, map[string]string{"TestShared": "03.1"}, o.Waiting)
	assert.Equal(t, "own", o.Why["TestShared"])
	o = judge(exs[0], exs, result("TestOwn2"), stub())
	assert.Equal(t, []string{"TestOwn1", "TestShared"}, o.Failing, "03.1 is the first that fails")

	broken := result("TestOwn1", "TestOwn2", "TestShared")
	broken.BuildFailed = true
	assert.False(t, judge(exs[0], exs, broken, stub()).Done, "nothing is done in a step that does not compile")
}

func TestRunPattern(t *testing.T) {
	assert.Equal(t, `^(TestA|TestB)$`, runPattern([]string{"TestA", "TestB"}))
}

func TestBar(t *testing.T) {
	assert.Equal(t, "##########----------", bar(2, 4, 20))
	assert.Equal(t, "----", bar(0, 0, 4))
}
