//go:build !unix

package main

import "os/exec"

// inGroup does nothing where there are no process groups to signal.
func inGroup(*exec.Cmd) {}

// signalGroup kills c: without process groups, an interrupt cannot reach
// the program that go run starts.
func signalGroup(c *exec.Cmd, _ bool) { c.Process.Kill() }
