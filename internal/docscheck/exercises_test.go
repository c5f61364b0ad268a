package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCheckTasks: the code spans of the tasks an article sets ("Try it",
// "Exercises") and of the workshop's exercise files must name tests, Go
// files and Go names of the step they are about, and an edit "In `F`,"
// must point at code that F holds.
func TestCheckTasks(t *testing.T) {
	const none = "(looked up in step04-transport, step05-errors)"
	tests := []struct {
		name string
		doc  string // path of the markdown file
		md   string
		want []string // problems about tasks
	}{
		{
			name: "what the step has, and spans that name no code",
			doc:  "docs/04-transport.md",
			md: "# 04\n\n## Try it\n\n" +
				"1. Make `writeFrame` and `Conn.Close` call `c.fail(err)`, see `CloseTimeout` and `closeNormal`.\n" +
				"2. Open `close.go`, `sub/sub.go` and `step04-transport/close.go`; run `TestClose` with `testOnly`.\n" +
				"3. `io.ReadFull`, `openssl`, `H`, `go.mod`, `Upgrade: websocket`, `1 << 15` and `go test ./step04-transport`.\n",
		},
		{
			name: "what the step lacks",
			doc:  "docs/04-transport.md",
			md: "# 04\n\n## Exercises\n\n" +
				"1. Call `readWhole`, `Conn.Clos` and `c.drain()` from `gone.go`, and\n" +
				"   run `TestInFive`, a test of step05 only.\n",
			want: []string{
				"docs/04-transport.md:5: a task names `readWhole`, which step04-transport does not declare",
				"docs/04-transport.md:5: a task names `Conn.Clos`, which step04-transport does not declare",
				"docs/04-transport.md:5: a task names `c.drain()`, which step04-transport does not declare",
				"docs/04-transport.md:5: a task names `gone.go`, which step04-transport does not declare",
				"docs/04-transport.md:6: a task names `TestInFive`, which step04-transport does not declare",
			},
		},
		{
			name: "other sections and code blocks are not tasks",
			doc:  "docs/04-transport.md",
			md:   "# 04\n\nSee `readWhole`.\n\n## Try it\n\n```\n`readWhole`\n```\n\n## What's next\n\n`readWhole`\n",
		},
		{
			name: "an edit names where its code is",
			doc:  "docs/04-transport.md",
			md: "# 04\n\n## Try it\n\n" +
				"1. In `Close`, change `0x3ea` to `0x3eb`. In `fail`, change `0x3ea` to `0`.\n" +
				"2. In `Conn.fail`, delete `_ = struct{ inner int }{}`. In `nowhere`, change it.\n",
			want: []string{
				"docs/04-transport.md:5: a task edits `0x3ea` in fail, which does not hold it",
				"docs/04-transport.md:6: a task edits nowhere, which step04-transport does not declare",
			},
		},
		{
			name: "an exercise file is all tasks, for its step",
			doc:  "docs/exercises/05-errors.md",
			md:   "# 05\n\nUse `ErrNoPong` and `closeProtocolError`, not `writeFrame`.\n",
			want: []string{"docs/exercises/05-errors.md:3: a task names `writeFrame`, which step05-errors does not declare"},
		},
		{
			name: "a file for no step looks in every step",
			doc:  "docs/exercises/README.md",
			md:   "# Exercises\n\n`ErrNoPong`, `writeFrame` and `subOnly`, but not `nowhereAtAll`.\n",
			want: []string{"docs/exercises/README.md:3: a task names `nowhereAtAll`, which no step declares " + none},
		},
		{
			name: "a translation's tasks, by anchor",
			doc:  "docs/zh-CN/04-transport.md",
			md: "# 04\n\n<a id=\"try-it\"></a>\n## 动手试试\n\n" +
				"1. 在 `fail` 中把 `0x3ea` 改成 `0`，用 `readWhole`。\n2. 在 `resp.Body` 中读。\n",
			want: []string{
				"docs/zh-CN/04-transport.md:6: a task names `readWhole`, which step04-transport does not declare",
				"docs/zh-CN/04-transport.md:6: a task edits `0x3ea` in fail, which does not hold it",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := stepFiles()
			files["step04-transport/x_test.go"] = "package main\n\nfunc TestClose(t *testing.T) {}\n"
			files["step05-errors/x_test.go"] = "package main\n\nfunc TestInFive(t *testing.T) {}\n"
			files[tt.doc] = tt.md
			var got []string
			for _, p := range problemLines(t, writeRepo(t, files)) {
				if strings.Contains(p, "a task") {
					got = append(got, p)
				}
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
