package websocket

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sum adds its arguments.
func Sum(xs ...int) int {
	total := 0
	for _, x := range xs {
		total += x
	}
	return total
}

// errEmpty: a list with nothing in it.
var errEmpty = errors.New("empty list")

// ParseList reads a comma-separated list of integers.
func ParseList(s string) ([]int, error) {
	if s == "" {
		return nil, errEmpty
	}
	var xs []int
	for part := range strings.SplitSeq(s, ",") {
		x, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil {
			return nil, fmt.Errorf("parsing %q: %w", part, err)
		}
		xs = append(xs, x)
	}
	return xs, nil
}

// Mean is the mean of xs, or 0 for none.
func Mean(xs []int) float64 {
	if len(xs) == 0 {
		return 0
	}
	return float64(Sum(xs...)) / float64(len(xs))
}
