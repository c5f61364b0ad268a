package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUsageErrorsExitTwo(t *testing.T) {
	root := twoSteps(t)
	for _, args := range [][]string{
		{},                         // no step
		{"1", "2"},                 // two steps
		{"9"},                      // no such step
		{"-table", "2"},            // the table takes no step
		{"-w", "2"},                // -w without -table
		{"-table", "-w", "-check"}, // rewrite or check, not both
		{"-stat", "-check-churn"},  // two modes
		{"-color=sometimes", "2"},  // not a colour mode
		{"-nosuchflag"},            // not a flag
		{"-tests", "-all", "2"},    // one or the other
		{"-table", "-tests"},       // the table shows no diff
		{"-part", "x", "2"},        // a part names its step
		{"-part", "x"},             // no such part (and no parts list)
	} {
		got := lessonCmd(t, root, environment{}, args...)
		assert.Equal(t, 2, got.code, "%q", args)
		assert.NotEmpty(t, got.stderr, "%q", args)
		assert.Empty(t, got.stdout, "%q", args)
	}
}

func TestStepArgument(t *testing.T) {
	root := twoSteps(t)
	want := lessonCmd(t, root, environment{}, "2").stdout
	require.NotEmpty(t, want)
	for _, arg := range []string{"02", "step02-two", "step02-two/"} {
		got := lessonCmd(t, root, environment{}, arg)
		assert.Equal(t, 0, got.code, got.stderr)
		assert.Equal(t, want, got.stdout, arg)
	}
}

func TestRootIsFoundAboveTheWorkingDirectory(t *testing.T) {
	root := twoSteps(t)
	got := lessonCmd(t, root, environment{}, "-stat", "2")
	require.Equal(t, 0, got.code, got.stderr)

	inStep := lessonCmd(t, filepath.Join(root, "step02-two", "testdata"), environment{}, "-stat", "2")
	assert.Equal(t, got, inStep)

	elsewhere := lessonCmd(t, t.TempDir(), environment{}, "-root", root, "-stat", "2")
	assert.Equal(t, got, elsewhere)
}

func TestColour(t *testing.T) {
	root := twoSteps(t)
	const red = "\x1b[31m-a ·····\x1b[0m\n"
	tests := []struct {
		name  string
		env   environment
		args  []string
		color bool
	}{
		{"a pipe", environment{}, nil, false},
		{"a terminal", environment{terminal: true}, nil, true},
		{"NO_COLOR on a terminal", environment{terminal: true, noColor: true}, nil, false},
		{"never on a terminal", environment{terminal: true}, []string{"-color=never"}, false},
		{"always into a pipe", environment{}, []string{"-color=always"}, true},
		{"always beats NO_COLOR", environment{noColor: true}, []string{"-color", "always"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lessonCmd(t, root, tt.env, append(tt.args, "2")...)
			require.Equal(t, 0, got.code, got.stderr)
			if tt.color {
				assert.Contains(t, got.stdout, red)
				assert.Contains(t, got.stdout, "\x1b[36m@@ -2,7 +2,7 @@\x1b[0m\n")
				assert.Contains(t, got.stdout, "\x1b[32m+changed\x1b[0m\n")
			} else {
				assert.NotContains(t, got.stdout, "\x1b[")
			}
		})
	}
}
