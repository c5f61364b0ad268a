package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCheckTestNames: a test named in prose must exist in some _test.go
// file; names in code blocks, and other code spans, are left alone.
func TestCheckTestNames(t *testing.T) {
	root := writeRepo(t, withDocs(map[string]string{
		"step02/x_test.go":            "package main\n\nfunc TestCloseTimesOut(t *testing.T) {}\n\nfunc BenchmarkRoundTrip(b *testing.B) {}\n",
		"step02/testdata/old_test.go": "func TestInTestdata(t *testing.T) {}\n",
		"docs/01-intro.md": "# Intro\n\n" +
			"`TestCloseTimesOut` proves it, and `BenchmarkRoundTrip/size=16` measures it.\n" + // 3
			"`TestRenamedLongAgo` proved it once; `TestInTestdata` is no test.\n" + // 4
			"`Testify` is a library, not a test name.\n" + // 5
			"\n```\n`TestInACodeBlock`\n```\n",
	}))
	assert.Equal(t, []string{
		"docs/01-intro.md:4: `TestRenamedLongAgo` names no test: no _test.go file declares func TestRenamedLongAgo",
		"docs/01-intro.md:4: `TestInTestdata` names no test: no _test.go file declares func TestInTestdata",
	}, problemLines(t, root))
}
