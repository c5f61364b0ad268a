package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// signalError is the cause of a context that a signal ended.
type signalError struct{ sig os.Signal }

func (e signalError) Error() string { return "interrupted by " + e.sig.String() }

// exitStatus is what a shell reports for a process that a signal ended:
// 128 plus the signal's number, 130 for SIGINT (Ctrl-C), 143 for SIGTERM.
func (e signalError) exitStatus() int {
	if n, ok := e.sig.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 1
}

// interruptible returns a context that the first SIGINT or SIGTERM ends,
// with a signalError as its cause; a second signal exits the process at
// once. stop undoes it all.
func interruptible(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-sigs:
			cancel(signalError{sig})
		case <-done:
			return
		}
		select {
		case sig := <-sigs:
			os.Exit(signalError{sig}.exitStatus())
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel(nil)
	}
}

// sessionStatus reports how a session ended, its control characters
// shown, not obeyed, and returns the exit status: 0 for a normal close,
// 130 or 143 after a signal, 1 for any other error.
func sessionStatus(stderr io.Writer, err error) int {
	if err == nil {
		return 0
	}
	var sig signalError
	interrupted := errors.As(err, &sig)
	if interrupted && err == error(sig) { // the closing handshake went well
		fmt.Fprintf(stderr, "%v: closed the connection with 1001 (going away)\n", sig)
		return sig.exitStatus()
	}
	fmt.Fprintf(stderr, "%s\n", visible([]byte(err.Error())))
	if interrupted {
		return sig.exitStatus()
	}
	return 1
}
