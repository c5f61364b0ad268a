package websocket

import "testing"

func TestSum(t *testing.T) {
	if got := Sum(1, 2, 3); got != 6 {
		t.Errorf("Sum(1, 2, 3) = %d, want 6", got)
	}
}

func TestParseList(t *testing.T) {
	xs, err := ParseList("4, 5,6")
	if err != nil || len(xs) != 3 || xs[2] != 6 {
		t.Errorf(`ParseList("4, 5,6") = %v, %v`, xs, err)
	}
	if _, err := ParseList(""); err == nil {
		t.Error(`ParseList("") gives no error`)
	}
}

// TestSumOfParsed needs both exercises.
func TestSumOfParsed(t *testing.T) {
	xs, err := ParseList("1,2")
	if err != nil {
		t.Fatal(err)
	}
	if got := Sum(xs...); got != 3 {
		t.Errorf("got %d, want 3", got)
	}
}

// TestMeanOfNone needs no exercise.
func TestMeanOfNone(t *testing.T) {
	if got := Mean(nil); got != 0 {
		t.Errorf("Mean(nil) = %v", got)
	}
}
