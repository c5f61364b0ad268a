//go:build unix

package main

import (
	"os/exec"
	"syscall"
)

// inGroup starts c in a process group of its own, so that signalGroup
// reaches the program that go run starts, as Ctrl-C in a terminal does.
func inGroup(c *exec.Cmd) { c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }

// signalGroup interrupts c's process group, or kills it.
func signalGroup(c *exec.Cmd, kill bool) {
	sig := syscall.SIGINT
	if kill {
		sig = syscall.SIGKILL
	}
	syscall.Kill(-c.Process.Pid, sig)
}
