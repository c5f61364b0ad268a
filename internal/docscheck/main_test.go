package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRun(t *testing.T) {
	good := writeRepo(t, withDocs(map[string]string{
		"README.md":        "[docs](docs/01-intro.md)\n",
		"docs/01-intro.md": codeBlock("step02/handshake.go acceptKey", acceptKeyDecl),
	}))
	bad := writeRepo(t, withDocs(map[string]string{
		"docs/01-intro.md": "\n" + codeBlock("step02/handshake.go acceptKey", "old\n"),
	}))
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr []string
	}{
		{
			name:       "match",
			args:       []string{"-root", good},
			wantCode:   0,
			wantStdout: "docscheck: 1 code blocks, 0 diagrams, 1 links and 0 translated sections in 2 markdown files match\n",
		},
		{
			name:     "mismatch",
			args:     []string{"-root", bad},
			wantCode: 1,
			wantStderr: []string{
				"docs/01-intro.md:2: block differs from step02/handshake.go acceptKey\n",
				"\tdocs: docs/01-intro.md:4: \"old\"\n",
				"\tcode: step02/handshake.go:28: \"// acceptKey computes the Sec-WebSocket-Accept value.\"\n",
				"docscheck: run `go run ./internal/docscheck -w` to copy the code into 1 stale block(s)\n",
				"docscheck: 1 problem(s) in 1 markdown file(s)\n",
			},
		},
		{
			name:       "unknown flag",
			args:       []string{"-x"},
			wantCode:   2,
			wantStderr: []string{"usage: docscheck [-root DIR] [-zh] [-w | -translated FILE[#ANCHOR]]"},
		},
		{
			name:       "-w with -translated",
			args:       []string{"-root", good, "-w", "-translated", "docs/zh-CN/01-intro.md"},
			wantCode:   2,
			wantStderr: []string{"usage: docscheck"},
		},
		{
			name:       "extra argument",
			args:       []string{"docs"},
			wantCode:   2,
			wantStderr: []string{"usage: docscheck"},
		},
		{
			name:       "missing root",
			args:       []string{"-root", good + "/missing", "-w"},
			wantCode:   2,
			wantStderr: []string{"docscheck: ", "missing: no such file or directory"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			assert.Equal(t, tt.wantCode, code, "stderr: %s", stderr.String())
			assert.Equal(t, tt.wantStdout, stdout.String())
			for _, s := range tt.wantStderr {
				assert.Contains(t, stderr.String(), s)
			}
		})
	}
}

func TestRunRewrite(t *testing.T) {
	root := writeRepo(t, withDocs(map[string]string{
		"docs/01-intro.md": codeBlock("step02/handshake.go acceptKey", "old\n"),
	}))
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 0, run([]string{"-root", root, "-w"}, &stdout, &stderr), stderr.String())
	assert.Equal(t, "docs/01-intro.md:1: rewrote block from step02/handshake.go acceptKey\n"+
		"docscheck: 1 code blocks, 0 diagrams, 0 links and 0 translated sections in 1 markdown files match\n", stdout.String())
	assert.Equal(t, codeBlock("step02/handshake.go acceptKey", acceptKeyDecl), readFile(t, root, "docs/01-intro.md"))
}
