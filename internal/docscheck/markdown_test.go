package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

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
