package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spec2lib/websocket/internal/repo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// workshopRepo is a series of three steps, with a part for each of the
// last two and a workshop of three exercises: 02.1 and 02.2 (20 minutes
// of work), whose tasks link to sections of 02-b.md, and 03.1.
func workshopRepo(t *testing.T) string {
	t.Helper()
	return writeRepo(t, map[string]string{
		"step01-a/a.go": lines("a"),
		"step02-b/a.go": lines("a", "b"),
		"step03-c/a.go": lines("a", "b", "c"),
		"docs/parts.toml": `
[[part]]
name = "b"
file = "02-b.md"
step = "02"
files = ["*"]

[[part]]
name = "c"
file = "03-c.md"
step = "03"
files = ["*"]
`,
		"docs/02-b.md": lines("# Step two", "", "## Intro", strings.Repeat("word ", 200),
			"## Linked", strings.Repeat("word ", 150), "### Inside it", strings.Repeat("word ", 50),
			"## Also linked", "```go", strings.Join(numbered("code", 10), "\n"), "```", "## After", strings.Repeat("word ", 400)),
		"docs/03-c.md": lines("# Step three", strings.Repeat("word ", 100)),
		"docs/exercises/exercises.toml": `
[[exercise]]
id = "02.1"
func = "one"
stub = "ignored: the timetable reads id, func and minutes"

[[exercise]]
id = "02.2"
func = "T.two"
minutes = 20

[[exercise]]
id = "03.1"
func = "three"
`,
		"docs/exercises/02-b.md": lines("# Exercises", "Not a task: [intro](../02-b.md#intro).",
			"## 02.1 One", strings.Repeat("task ", 199)+"[it](../02-b.md#linked).", "### Hint 1", strings.Repeat("hint ", 500),
			"## 02.2 Two", "See [it](../02-b.md#linked) and [this](../02-b.md#also-linked).", "### Hint 1", "[not the task's](../02-b.md#after)"),
		"docs/exercises/03-c.md": lines("# Exercises", "## 03.1 Three", "Task."),
	})
}

func TestReadExercises(t *testing.T) {
	exs, err := readExercises(workshopRepo(t))
	require.NoError(t, err)
	require.Len(t, exs, 3)
	assert.Equal(t, []string{"02.1", "02.2", "03.1"}, []string{exs[0].ID, exs[1].ID, exs[2].ID})
	assert.Equal(t, 200, exs[0].task.words(), "the task runs to the first hint; the link's text is a word")
	assert.Equal(t, 1+exerciseMinutes, exs[0].minutes(), "a minute to read the task, and the default work")
	assert.Equal(t, []string{"02-b.md#linked"}, exs[0].links, "links above the first exercise are not a task's")
	assert.Equal(t, 1+20, exs[1].minutes(), "minutes in the list replace the default")
	assert.Equal(t, []string{"02-b.md#linked", "02-b.md#also-linked"}, exs[1].links, "a hint's links are not the task's")

	root := workshopRepo(t)
	exs, err = readExercises(t.TempDir())
	assert.NoError(t, err, "a repository with no exercises has no timetables")
	assert.Empty(t, exs)
	writeFile(t, root, "docs/exercises/exercises.toml", "[[exercise]]\nid = \"02.1\"\nminutes = -5\n")
	_, err = readExercises(root)
	assert.ErrorContains(t, err, "02.1: minutes must not be negative")
}

// writeFile writes a file of the repository at root.
func writeFile(t *testing.T, root, name, content string) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(root, filepath.FromSlash(name)), []byte(content), 0o644))
}

func TestLinkedMinutes(t *testing.T) {
	root := workshopRepo(t)
	p := part{File: "02-b.md"}
	tests := []struct {
		name    string
		links   []string
		minutes int
	}{
		{"none", nil, 0},
		{"a section holds its subsections: 2 + 150 + 3 + 50 words", []string{"02-b.md#linked"}, 2},
		{"each section once, however often named: 207 words and 10 lines of code", []string{"02-b.md#linked", "02-b.md#linked", "02-b.md#also-linked"}, 3},
		{"code by the rule: 10 lines are a minute, and the heading's two words round it up", []string{"02-b.md#also-linked"}, 2},
		{"a subsection alone", []string{"02-b.md#inside-it"}, 1},
		{"another article's section", []string{"03-c.md#linked"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := linkedMinutes(root, p, tt.links)
			require.NoError(t, err)
			assert.Equal(t, tt.minutes, m)
		})
	}
}

// slots returns n slots of m minutes each, named s1, s2, ...
func slots(n, m int) []slot {
	var ss []slot
	for i := 1; i <= n; i++ {
		ss = append(ss, slot{en: "s" + string(rune('0'+i)), minutes: m, cut: m})
	}
	return ss
}

// timesOf lists the rows as "day start-end what".
func timesOf(rows []row) []string {
	var out []string
	for _, r := range rows {
		out = append(out, string(rune('0'+r.day))+" "+clock(r.start)+"-"+clock(r.end)+" "+r.en)
	}
	return out
}

func TestLayout(t *testing.T) {
	t.Run("a break after 75 minutes of work, lunch from 12:00", func(t *testing.T) {
		assert.Equal(t, []string{
			"1 09:00-09:40 s1", "1 09:40-10:20 s2", "1 10:20-10:35 break", "1 10:35-11:15 s3", "1 11:15-11:55 s4",
			"1 11:55-12:10 break", "1 12:10-12:50 s5", "1 12:50-13:50 lunch", "1 13:50-14:30 s6",
		}, timesOf(layout(slots(6, 40), 1, false, false)))
	})
	t.Run("a break before a slot that would make the work more than 120 minutes", func(t *testing.T) {
		ss := slots(2, 70)
		assert.Equal(t, []string{"1 09:00-10:10 s1", "1 10:10-10:25 break", "1 10:25-11:35 s2"}, timesOf(layout(ss, 1, false, false)))
	})
	t.Run("a morning has no lunch", func(t *testing.T) {
		rows := layout(slots(5, 50), 1, true, false)
		assert.NotContains(t, timesOf(rows), "1 12:05-13:05 lunch")
		assert.Equal(t, "1 11:45-12:35 s4", timesOf(rows)[4])
	})
	t.Run("the reading keeps to the board: no pause between them, lunch early rather than late", func(t *testing.T) {
		ss := append(slots(3, 50), slot{en: "board", minutes: 15, cut: 15}, slot{en: "read", minutes: 65, cut: 10, keep: true})
		morning := []string{"1 09:00-09:50 s1", "1 09:50-10:40 s2", "1 10:40-10:55 break", "1 10:55-11:45 s3"}
		assert.Equal(t, append(morning, "1 11:45-12:45 lunch", "1 12:45-13:00 board", "1 13:00-14:05 read"),
			timesOf(layout(ss, 1, false, false)), "lunch before the board, since board and reading would run past 13:00")
		assert.Equal(t, append(morning, "1 11:45-12:00 break", "1 12:00-12:15 board", "1 12:15-13:20 read"),
			timesOf(layout(ss, 1, true, false)), "the break before the board, not between it and the reading")
		assert.Equal(t, append(morning, "1 11:45-12:00 board", "1 12:00-12:10 read"),
			timesOf(layout(ss, 1, false, true)), "with the cut, the reading is ten minutes, and the morning ends before lunch")
	})
	t.Run("with a day to spare, a slot that would end after 17:00 starts the next morning", func(t *testing.T) {
		rows := layout(slots(9, 55), 2, false, false)
		assert.Equal(t, []string{"1 16:00-16:55 s7", "2 09:00-09:55 s8", "2 09:55-10:50 s9"}, timesOf(rows)[len(rows)-3:],
			"no break at the end of the day, and none in the morning")
		rows = layout(slots(9, 55), 1, false, false)
		assert.Equal(t, []string{"1 16:55-17:10 break", "1 17:10-18:05 s8"}, timesOf(rows)[len(rows)-3:len(rows)-1], "with none, the day runs on")
	})
	t.Run("a cut of nothing leaves the slot out", func(t *testing.T) {
		ss := slots(2, 30)
		ss[1].cut = 0
		assert.Equal(t, []string{"1 09:00-09:30 s1"}, timesOf(layout(ss, 1, false, true)))
	})
}

func TestTimetables(t *testing.T) {
	root := workshopRepo(t)
	steps, err := repo.Steps(root)
	require.NoError(t, err)
	parts, err := readParts(root, steps)
	require.NoError(t, err)
	en, zh, err := timetables(root, parts)
	require.NoError(t, err)

	half, _, _ := strings.Cut(strings.SplitN(en, "**A half day", 2)[1], "**A day")
	assert.Equal(t, lines(
		": steps 02-03** (`init -steps 02-03`, 3 exercises). Ends at 11:11; with every cut taken, at 10:19. "+
			"The sections no task links to (4 min by the rule) are read before the day.",
		"",
		"| time | what | min | cut here if late |",
		"|---|---|--:|---|",
		"| 09:00-09:30 | setup: the copy unzipped, `go version`, the first progress report | 30 |  |",
		"| 09:30-09:45 | step02 at the board | 15 |  |",
		"| 09:45-09:48 | read what the tasks link to in [02-b](02-b.md) | 3 |  |",
		"| 09:48-10:04 | exercise 02.1 `one` | 16 |  |",
		"| 10:04-10:25 | exercise 02.2 `T.two` | 21 | apply its solution: `go run ./internal/workshop solution -force -apply 02.2` |",
		"| 10:25-10:40 | *break* | 15 |  |",
		"| 10:40-10:55 | step03 at the board | 15 |  |",
		"| 10:55-11:11 | exercise 03.1 `three` | 16 | apply its solution: `go run ./internal/workshop solution -force -apply 03.1` |",
		"",
	), half, "a morning reads only what the tasks link to, and a step whose tasks link to nothing reads nothing")
	assert.Contains(t, en, "| 09:45-09:51 | read [02-b](02-b.md) | 6 | read only the sections the tasks link to (3 min); the other 3 min at home |\n",
		"a day reads the whole part, and cuts it")
	assert.Contains(t, en, "| 10:58-10:59 | read [03-c](03-c.md) | 1 | no task links to it: read it at home |\n")
	assert.Contains(t, en, "**Two days: steps 02-06** (`init -steps 02-06`, 3 exercises). Ends on day 1 at 11:45;", "steps with no exercises have no place")
	assert.Contains(t, en, "| 11:15-11:45 | graduation: `export` and its tests | 30 |  |\n")
	assert.Contains(t, zh, "| 09:45-09:51 | 阅读 [02-b](02-b.md) | 6 | 只读任务链接到的小节（3 分钟），其余 3 分钟留到课后 |\n")
	assert.Contains(t, zh, "| 10:58-10:59 | 阅读 [03-c](03-c.md) | 1 | 没有任务链接到这里，留到课后读 |\n")
	assert.Contains(t, zh, "| 10:04-10:25 | 练习 02.2 `T.two` | 21 | 直接放入答案：`go run ./internal/workshop solution -force -apply 02.2` |\n")

	en, zh, err = timetables(tableRepo(t, ""), nil)
	assert.NoError(t, err)
	assert.Empty(t, en+zh, "no exercises, no timetables")
}
