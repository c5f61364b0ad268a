package autobahn

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if a test leaves a goroutine behind: a script
// still running, a writer nobody waited for, an agent's connection.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
