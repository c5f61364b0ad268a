package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStatSplitsTestsFromCode(t *testing.T) {
	root := writeRepo(t, map[string]string{
		"step01-one/conn.go":      lines("a", "b", "c", "d"),
		"step01-one/conn_test.go": lines("t1", "t2"),
		"step02-two/conn.go":      lines("a", "B", "c", "d", "e", "f"),
		"step02-two/conn_test.go": lines("t1"),
		"step02-two/frame.go":     lines("f1", "f2", "f3"),
		"step02-two/testdata/x":   lines("seed"),
	})
	got := lessonCmd(t, root, environment{}, "-stat", "2")
	require.Equal(t, 0, got.code, got.stderr)
	assert.Equal(t, lines(
		"step01-one → step02-two",
		"     +3    -1  conn.go",
		"     +3    -0  frame.go (new)",
		"test files:",
		"     +0    -1  conn_test.go",
		"     +1    -0  testdata/x (new)",
		"total: non-test +6 -1 (removed/added 17%), test +1 -1",
	), got.stdout)
}

func TestStatFlagMayFollowTheStep(t *testing.T) {
	root := writeRepo(t, map[string]string{"step01-one/a.go": lines("a")})
	got := lessonCmd(t, root, environment{}, "1", "-stat")
	require.Equal(t, 0, got.code, got.stderr)
	assert.Equal(t, lines(
		"step01-one (the first step: every file is new)",
		"     +1    -0  a.go (new)",
		"test files:",
		"total: non-test +1 -0 (removed/added 0%), test +0 -0",
	), got.stdout)
}

func TestRatio(t *testing.T) {
	assert.Equal(t, "—", counts{}.ratio())
	assert.Equal(t, "15%", counts{added: 200, removed: 30}.ratio())
	assert.Equal(t, "67%", counts{added: 3, removed: 2}.ratio())
}
