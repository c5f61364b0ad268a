package main

import (
	"io"
	"sync"
)

// console is a session's standard output. At a terminal where a person
// types, it shows what wscat shows: a prompt, "> ", where the typed line
// goes (the terminal echoes it), and each message that arrives above
// it, after "< ". Anywhere else it writes messages as they come, and
// notices (-P) go to stderr, so that stdout holds messages alone.
type console struct {
	mu          sync.Mutex
	out         io.Writer // stdout
	notes       io.Writer // stderr, for notices outside a terminal
	interactive bool
}

// Escape sequences of our own, for the terminal: back to the start of
// the line, and erase it, so that a message replaces the prompt.
const eraseLine = "\r\x1b[2K"

// Write writes one message, as the printer hands it over: at a terminal,
// already made visible and ended with a newline.
func (c *console) Write(p []byte) (int, error) {
	if !c.interactive {
		return c.out.Write(p)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	b := make([]byte, 0, len(eraseLine)+2+len(p)+2)
	b = append(append(append(b, eraseLine+"< "...), p...), "> "...)
	if _, err := c.out.Write(b); err != nil {
		return 0, err
	}
	return len(p), nil
}

// prompt shows the prompt on a line of its own, for the next line to type.
func (c *console) prompt() {
	if c.interactive {
		c.mu.Lock()
		defer c.mu.Unlock()
		io.WriteString(c.out, eraseLine+"> ")
	}
}

// notice shows one line about the session, with its control characters
// made visible: at a terminal after the marker dir, "<" for what arrived
// and ">" for what went out; elsewhere on stderr, without it.
func (c *console) notice(dir, text string) {
	line := string(visible([]byte(text)))
	if !c.interactive {
		io.WriteString(c.notes, line+"\n")
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	io.WriteString(c.out, eraseLine+dir+" "+line+"\n> ")
}

// end takes the last prompt away, so that what the session says at its
// end starts on a clean line.
func (c *console) end() {
	if c.interactive {
		c.mu.Lock()
		defer c.mu.Unlock()
		io.WriteString(c.out, eraseLine)
	}
}

// lockedWriter lets goroutines share a writer a line at a time: the
// library's trace, /frame's and -L's lines, and the notices.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
