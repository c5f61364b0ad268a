package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRoom: copies on a shared folder and a state file handed in, one
// line each, those who are behind first, with the name from init, from
// the name command, or from the file's name.
func TestRoom(t *testing.T) {
	repo := fakeRepo(t)
	share := t.TempDir()
	ada, bob := filepath.Join(share, "ada"), filepath.Join(share, "b")
	code, _, errOut := runTool(t, repo, "init", ada, "-name", "Ada")
	require.Equal(t, 0, code, errOut)
	code, _, errOut = runToolEnv(t, map[string]string{"WORKSHOP_NAME": "Bob"}, repo, "init", bob)
	require.Equal(t, 0, code, errOut)
	st, err := readState(bob)
	require.NoError(t, err)
	assert.Equal(t, "Bob", st.Name, "init takes the name from WORKSHOP_NAME too")
	code, out, _ := runTool(t, bob, "name", "Bob", "Stone")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "this copy is Bob Stone's now")

	code, _, errOut = runTool(t, ada, "solution", "-force", "-apply", "01.1")
	require.Equal(t, 0, code, errOut)
	code, _, _ = runTool(t, ada, "check", "01.1")
	require.Equal(t, 0, code)
	_, _, _ = runTool(t, ada, "solution", "-force", "01.2")
	var handedIn state
	require.NoError(t, readJSON(statePath(ada), &handedIn))
	handedIn.Name = ""
	require.NoError(t, writeJSON(filepath.Join(share, "cyd.json"), handedIn))

	code, out, errOut = runTool(t, repo, "room", share)
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 4, out)
	assert.Regexp(t, `^name +done +now +started +last pass +hints +applied +forced$`, lines[0])
	assert.Regexp(t, `^Bob Stone +0/2 +01\.1 +[0-9:]+ +- +0 +- +-$`, lines[1])
	assert.Regexp(t, `^Ada +1/2 +01\.2 +[0-9:]+ +[0-9:]+ \(0 min ago\) +0 +01\.1 +01\.1,01\.2$`, lines[2])
	assert.Regexp(t, `^cyd +1/2 +01\.2 `, lines[3], "a file handed in without a name is named by the file")
}
