package main

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if any test leaves a goroutine behind: a leaked
// goroutine is a connection or a server that nobody closed.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
