package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/spec2lib/websocket/internal/autobahn"
	"github.com/spec2lib/websocket/internal/repo"
)

// fakeResults are a few results of every kind: OK with no detail, OK
// with a timing, a NON-STRICT and a FAILED case with details (one with a
// pipe, which must not end its cell), a family 10 that sorts after 9,
// and an X case.
func fakeResults(took string) []autobahn.Result {
	return []autobahn.Result{
		{ID: "1.1.1", Description: "text message of 0 bytes", Grade: autobahn.OK},
		{ID: "1.1.2", Description: "text message of 125 bytes", Grade: autobahn.OK},
		{ID: "2.10", Description: `10 pings "payload-0" to "payload-9"`, Grade: autobahn.NonStrict,
			Detail: "pongs for 3 of 10 pings"},
		{ID: "6.4.1", Description: "text fragments | a pause", Grade: autobahn.Failed,
			Detail: "expected close 1007, got close 1002"},
		{ID: "9.1.1", Description: "text message of 64 KiB in one frame", Grade: autobahn.OK, Detail: "took " + took},
		{ID: "10.1.1", Description: "text message of 64 KiB in fragments of 1300 bytes", Grade: autobahn.OK},
		{ID: "X.2.1", Description: `masked text "Hello, world!"`, Grade: autobahn.OK},
	}
}

var fakePage = page{
	step:    "step05-errors",
	command: "go run ./internal/autobahn/report",
	links:   links{article: "05-errors.md", doc: "../internal/autobahn/doc.go", grade: "../internal/autobahn/grade.go"},
}

// TestRenderGolden: the whole page for a few fake results.
func TestRenderGolden(t *testing.T) {
	repo.Golden(t, "testdata/mixed.md", render(fakePage, fakeResults("9ms")))
}

// TestRenderAllOK: with every case OK, no table has a detail column, and
// the page says that step06-client's table is the same.
func TestRenderAllOK(t *testing.T) {
	results := fakeResults("12ms")
	for i := range results {
		results[i].Grade, results[i].Detail = autobahn.OK, ""
	}
	results[4].Detail = "took 3ms"
	repo.Golden(t, "testdata/all-ok.md", render(fakePage, results))
}

// TestRenderIsDeterministic: timings differ between runs; the page does
// not.
func TestRenderIsDeterministic(t *testing.T) {
	a := render(fakePage, fakeResults("9ms"))
	b := render(fakePage, fakeResults("1.234s"))
	assert.Equal(t, string(a), string(b))
	assert.NotContains(t, string(a), "took")
}

func TestStableDetail(t *testing.T) {
	for detail, want := range map[string]string{
		"":                                    "",
		"took 9ms":                            "",
		"took 1m2.5s":                         "",
		"expected close 1002, got close 1000": "expected close 1002, got close 1000",
		"took the long way":                   "took the long way",
		"took 9ms; sent a pong after the violation": "sent a pong after the violation",
		"nothing within 5s: expected close 1002":    "nothing within 5s: expected close 1002",
	} {
		assert.Equal(t, want, stableDetail(detail), "%q", detail)
	}
}

func TestRow(t *testing.T) {
	assert.Equal(t, "| a \\| b c | d |\n", autobahn.Row("a | b\n c", "d"))
}

// TestRenderZhGolden: the Chinese page, from the same results: Chinese
// prose and headers, the suite's own descriptions.
func TestRenderZhGolden(t *testing.T) {
	repo.Golden(t, "testdata/mixed.zh-CN.md", renderZh(fakePage, fakeResults("9ms")))
}
