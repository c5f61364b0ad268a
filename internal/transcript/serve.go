package main

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"time"
)

// serve starts the command line cmd in dir, in the background, as a
// reader starts a server in a second terminal, and waits until addr
// accepts connections. What it prints is not shown. halt interrupts it,
// as Ctrl-C does, and waits for it to end.
func serve(dir, cmd, addr string, timeout time.Duration) (halt func(), err error) {
	stages, err := parseLine(cmd)
	if err == nil && (len(stages) > 1 || len(stages[0].redirects) > 0) {
		err = errors.New("a server's command is one command, without | or redirections")
	}
	if err != nil {
		return nil, fmt.Errorf("serve=%s: %w", cmd, err)
	}
	var out bytes.Buffer
	c := exec.Command(stages[0].args[0], stages[0].args[1:]...)
	c.Dir, c.Env, c.Stdout, c.Stderr = dir, append(os.Environ(), stages[0].env...), &out, &out
	inGroup(c)
	if err := c.Start(); err != nil {
		return nil, fmt.Errorf("serve=%s: %w", cmd, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- c.Wait() }()
	halt = func() {
		signalGroup(c, false)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			signalGroup(c, true)
			<-exited
		}
	}
	for deadline := time.Now().Add(timeout); ; time.Sleep(50 * time.Millisecond) {
		if conn, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			conn.Close()
			return halt, nil
		}
		select {
		case err := <-exited:
			return nil, fmt.Errorf("serve=%s ended before it listened (%v):\n%s", cmd, err, out.Bytes())
		default:
		}
		if time.Now().After(deadline) {
			halt()
			return nil, fmt.Errorf("serve=%s: nothing listened on %s after %v", cmd, addr, timeout)
		}
	}
}
