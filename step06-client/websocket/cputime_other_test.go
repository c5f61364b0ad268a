//go:build !unix

package websocket

import "time"

// cpuTime is 0 where there is no getrusage (Windows): the benchmarks
// still run, and their cpu-ns/op column reads 0.
func cpuTime() time.Duration { return 0 }
