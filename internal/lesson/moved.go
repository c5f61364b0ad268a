package main

import "strings"

// A step may move files into a subdirectory, as step06 moves its
// library into websocket/: "a library is a package others import". The
// lesson shows such a file as diff -M does, a rename with the changes
// it brought, not as a file deleted and another created.

// movedFiles finds the files that a transition moved down into a
// subdirectory: a path gone from the step, and one new path that is the
// same path under a subdirectory. It maps each new path to its old one.
func movedFiles(before, after tree) map[string]string {
	moved := make(map[string]string)
	for old := range before {
		if _, kept := after[old]; kept {
			continue
		}
		var found []string
		for p := range after {
			if _, existed := before[p]; !existed && strings.HasSuffix(p, "/"+old) {
				found = append(found, p)
			}
		}
		if len(found) == 1 {
			moved[found[0]] = old
		}
	}
	return moved
}

// changesPackage says whether a hunk's only change is the package
// clause, as in a file moved into a package of its own: that renames
// nothing in the code.
func changesPackage(removed, added []string) bool {
	return len(removed) == 1 && len(added) == 1 &&
		strings.HasPrefix(removed[0], "package ") && strings.HasPrefix(added[0], "package ")
}
