package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseFence(t *testing.T) {
	tests := []struct {
		line string
		want fence
		ok   bool
	}{
		{"```", fence{'`', 3, 0}, true},
		{"```go", fence{'`', 3, 0}, true},
		{"~~~~ markdown", fence{'~', 4, 0}, true},
		{"   ```", fence{'`', 3, 3}, true},
		{"    ```", fence{}, false}, // indented code, not a fence
		{"``", fence{}, false},
		{"```go `x`", fence{}, false}, // inline code
		{"text", fence{}, false},
		{"", fence{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got, ok := parseFence(tt.line)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestFenceClosedBy(t *testing.T) {
	backticks := fence{'`', 3, 0}
	tests := []struct {
		line string
		want bool
	}{
		{"```", true},
		{"````", true},
		{"  ```  ", true},
		{"~~~", false},
		{"```go", false},
		{"``", false},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			assert.Equal(t, tt.want, backticks.closedBy(tt.line))
		})
	}
	assert.False(t, fence{'`', 4, 0}.closedBy("```"), "a closing fence must be at least as long")
}

func TestParseMarker(t *testing.T) {
	tests := []struct {
		line     string
		want     marker
		isMarker bool
		wantErr  bool
	}{
		{"<!-- code: a/b.go f -->", marker{"a/b.go", "f"}, true, false},
		{"<!-- code: a/b.go -->", marker{"a/b.go", ""}, true, false},
		{"<!--code:a/b.go-->", marker{}, false, false},
		{"<!-- code: a/b.go T.M", marker{}, true, true},
		{"<!-- code: -->", marker{}, true, true},
		{"<!-- other comment -->", marker{}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got, isMarker, err := parseMarker(tt.line)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.isMarker, isMarker)
			assert.Equal(t, tt.wantErr, err != nil)
		})
	}
}

func TestFindLinks(t *testing.T) {
	tests := []struct {
		line string
		want []string
	}{
		{"[a](x.md) and ![b](img/y.png \"title\")", []string{"x.md", "img/y.png"}},
		{"[`code`](z.go#L1)", []string{"z.go#L1"}},
		{"`[a](x.md)` ``[b](`y`)``", nil},
		{"unmatched ` tick [a](x.md)", []string{"x.md"}},
		{"no links (here) [or] here", nil},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			var got []string
			for _, l := range findLinks(tt.line, 7) {
				assert.Equal(t, 7, l.line)
				got = append(got, l.dest)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
