package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/spec2lib/websocket/internal/autobahn"
)

// agentTimeout bounds the agent's run.
const agentTimeout = 5 * time.Minute

// runSuite builds the step at root/step, starts the scripted suite, runs
// the binary as its client agent, and returns the grades once the agent
// has finished and the server has closed.
func runSuite(ctx context.Context, root, step string) ([]autobahn.Result, error) {
	tmp, err := os.MkdirTemp("", "autobahn-report-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	agent := filepath.Join(tmp, "agent")
	if err := build(ctx, root, step, agent); err != nil {
		return nil, err
	}

	srv, err := autobahn.Start()
	if err != nil {
		return nil, fmt.Errorf("starting the scripted suite: %w", err)
	}
	runErr := runAgent(ctx, agent, srv.URL)
	closeErr := srv.Close()
	if err := errors.Join(runErr, closeErr); err != nil {
		return nil, err
	}
	return srv.Results(), nil
}

// build compiles the step's package into the binary out, from the
// repository root, as `go build -o out ./step`.
func build(ctx context.Context, root, step, out string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "./"+step)
	cmd.Dir = root
	if output, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./%s: %v\n%s", step, err, output)
	}
	return nil
}

// runAgent runs the agent against the suite at url and waits for it.
func runAgent(ctx context.Context, agent, url string) error {
	ctx, cancel := context.WithTimeout(ctx, agentTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, agent, "-autobahn", url)
	cmd.WaitDelay = time.Second
	if output, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("the agent %s -autobahn %s: %v\n%s", filepath.Base(agent), url, err, output)
	}
	return nil
}
