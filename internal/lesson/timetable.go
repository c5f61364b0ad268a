package main

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/spec2lib/websocket/internal/repo"
)

// The workshop's timetables, in the region workshop-timetable of
// docs/workshop.md and its Chinese twin: a half day, a day and two days,
// laid out from the reading time of each step's main-path parts, each
// exercise's minutes, and the figures below. The figures are estimates,
// but for the first build inside setup, which the instructor trial timed.
const (
	exerciseList    = "docs/exercises/exercises.toml" // minutes: an exercise's work once its section is read
	workshopPage    = "docs/workshop.md"
	exerciseMinutes = 15 // an exercise whose entry gives no minutes: the middle of the old guide's 10 to 20
	setupMinutes    = 30 // the copy, go version and the first progress report, whose build takes about 2 minutes
	boardMinutes    = 15 // a step at the board: a drawing, a diagram and a few hunks
	breakMinutes    = 15 // a break, at the first slot boundary after breakAfter minutes of work, or before
	breakAfter      = 75 // a slot that would keep the room at work past breakBefore
	breakBefore     = 120
	lunchMinutes    = 60 // lunch, at the first slot boundary from lunchFrom (see layout)
	lunchFrom       = 12 * 60
	exportMinutes   = 30 // graduation: export and its tests, after step06
	dayStart        = 9 * 60
	dayEnd          = 17 * 60 // a slot that would end later moves to the next day, when there is one
)

// A plan is one timetable: the steps its copy stubs (init -steps FIRST-LAST).
type plan struct {
	first, last int
	days        int
	half        bool // a morning: no lunch, and the sections no task links to are read before the day
	en, zh      string
}

var plans = []plan{
	{2, 3, 1, true, "A half day", "半天"},
	{2, 4, 1, false, "A day", "一天"},
	{2, 6, 2, false, "Two days", "两天"},
}

// An exerciseTime is what the timetable reads of an exercise: its entry in
// the list, and its task in docs/exercises/NN-name.md.
type exerciseTime struct {
	ID      string `toml:"id"`
	Func    string `toml:"func"`
	Minutes int    `toml:"minutes"`
	task    article
	links   []string // the article sections the task links to: "02-handshake.md#parsing-the-url"
}

// minutes is the exercise's slot: its task, read by the rule, and its work.
func (e exerciseTime) minutes() int { return e.task.minutes() + cmp.Or(e.Minutes, exerciseMinutes) }

// readExercises reads the exercise list and each exercise's task, or
// returns none if the repository has no list.
func readExercises(root string) ([]exerciseTime, error) {
	var list struct{ Exercise []exerciseTime }
	if _, err := toml.DecodeFile(filepath.Join(root, filepath.FromSlash(exerciseList)), &list); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("reading the exercises: %w", err)
	}
	pages, _ := filepath.Glob(filepath.Join(root, "docs", "exercises", "[0-9][0-9]-*.md"))
	for _, page := range pages {
		src, err := os.ReadFile(page)
		if err != nil {
			return nil, fmt.Errorf("reading the exercises: %w", err)
		}
		lines, md := strings.Split(string(src), "\n"), repo.ParseMarkdown(src)
		for i, h := range md.Headings { // an exercise's heading: "## 02.1 The Host header"
			n := slices.IndexFunc(list.Exercise, func(e exerciseTime) bool { return strings.HasPrefix(h.Text, e.ID+" ") })
			if h.Level != 2 || n < 0 {
				continue
			}
			end := len(lines) // the task runs to the next heading, where the hints begin
			if i+1 < len(md.Headings) {
				end = md.Headings[i+1].Line
			}
			e := &list.Exercise[n]
			e.task = parseArticle(strings.Join(lines[h.Line+1:end], "\n"))
			for _, l := range md.Links {
				if dest, ok := strings.CutPrefix(l.Dest, "../"); ok && l.Line > h.Line && l.Line < end && strings.Contains(dest, "#") {
					e.links = append(e.links, dest)
				}
			}
		}
	}
	for _, e := range list.Exercise {
		if e.Minutes < 0 {
			return nil, fmt.Errorf("%s: %s: minutes must not be negative", exerciseList, e.ID)
		}
	}
	return list.Exercise, nil
}

// linkedMinutes is the reading time, by the rule, of the sections of the
// part's article that links name ("02-handshake.md#the-accept-value"): from
// each one's heading to the next heading of its level or above, counted
// once however often it is named.
func linkedMinutes(root string, p part, links []string) (int, error) {
	src, err := os.ReadFile(filepath.Join(root, "docs", p.File))
	if err != nil {
		return 0, fmt.Errorf("reading a part: %w", err)
	}
	lines, md, slugs := strings.Split(string(src), "\n"), repo.ParseMarkdown(src), repo.NewSlugger()
	keep := make([]bool, len(lines))
	for i, h := range md.Headings {
		if !slices.Contains(links, p.File+"#"+slugs.Slug(h.Text)) {
			continue
		}
		end := len(lines)
		if j := slices.IndexFunc(md.Headings[i+1:], func(n repo.Heading) bool { return n.Level <= h.Level }); j >= 0 {
			end = md.Headings[i+1+j].Line
		}
		for k := h.Line; k < end; k++ {
			keep[k] = true
		}
	}
	var text []string
	for k, line := range lines {
		if keep[k] {
			text = append(text, line)
		}
	}
	return parseArticle(strings.Join(text, "\n")).minutes(), nil
}

// A slot is one row of a timetable, before it has a time.
type slot struct {
	en, zh       string // what the room does
	minutes      int
	cutEn, cutZh string // what to cut here if late, and how
	cut          int    // the minutes the slot takes with its cut taken
	pause        bool   // a break or lunch
	keep         bool   // no pause or new day before it: the reading after the board
}

// stepSlots are the slots of a step: the board, the reading of its
// main-path parts, and its exercises. A cut reads only the sections the
// tasks link to, and applies the last exercise's solution.
func stepSlots(root string, n int, parts []part, exs []exerciseTime) ([]slot, error) {
	label := fmt.Sprintf("%02d", n)
	board := slot{en: "step" + label + " at the board", zh: "step" + label + "：白板讲解", minutes: boardMinutes, cut: boardMinutes}
	read := slot{keep: true}
	var links, names, namesZh []string
	mine := slices.DeleteFunc(slices.Clone(exs), func(e exerciseTime) bool { return !strings.HasPrefix(e.ID, label+".") })
	if len(mine) == 0 {
		return nil, nil // a step with no exercises has no place in a workshop
	}
	for _, e := range mine {
		links = append(links, e.links...)
	}
	for _, p := range parts {
		if p.step.Num != n {
			continue
		}
		linked, err := linkedMinutes(root, p, links)
		if err != nil {
			return nil, err
		}
		name := fmt.Sprintf("[%s](%s)", strings.TrimSuffix(p.File, ".md"), p.File)
		switch {
		case !p.Optional:
			names, namesZh = append(names, name), append(namesZh, name)
			read.minutes, read.cut = read.minutes+p.article.minutes(), read.cut+linked
		case linked > 0: // an optional part is read in the room only where a task links to it
			names, namesZh = append(names, name+" (the sections the tasks link to)"), append(namesZh, name+"（任务链接到的小节）")
			read.minutes, read.cut = read.minutes+linked, read.cut+linked
		}
	}
	read.en, read.zh = "read "+strings.Join(names, ", "), "阅读 "+strings.Join(namesZh, "、")
	switch {
	case read.cut == 0:
		read.cutEn, read.cutZh = "no task links to it: read it at home", "没有任务链接到这里，留到课后读"
	case read.minutes > read.cut:
		read.cutEn = fmt.Sprintf("read only the sections the tasks link to (%d min); the other %d min at home", read.cut, read.minutes-read.cut)
		read.cutZh = fmt.Sprintf("只读任务链接到的小节（%d 分钟），其余 %d 分钟留到课后", read.cut, read.minutes-read.cut)
	}
	slots := []slot{board, read}
	for i, e := range mine {
		s := slot{en: "exercise " + e.ID + " `" + e.Func + "`", zh: "练习 " + e.ID + " `" + e.Func + "`", minutes: e.minutes(), cut: e.minutes()}
		if i == len(mine)-1 {
			apply := "`go run ./internal/workshop solution -force -apply " + e.ID + "`"
			s.cutEn, s.cutZh, s.cut = "apply its solution: "+apply, "直接放入答案："+apply, 0
		}
		slots = append(slots, s)
	}
	return slots, nil
}

// A row is a slot with its time: the day, and minutes from midnight.
type row struct {
	slot
	day, start, end int
}

// layout gives each slot its time, from dayStart on the first day, taking
// the cut of every slot if asked to. A slot that keeps to the one before
// it (the reading after the board) goes with it as one unit, and pauses
// fall between units: lunch at the first from lunchFrom, or before one
// that would run from half an hour before it to an hour after, unless the
// plan is a morning; a break at the first after breakAfter minutes of
// work, or before one that would keep the room at work past breakBefore.
// With days to spare, a unit that would end after dayEnd moves to the
// next morning.
func layout(slots []slot, days int, half, cut bool) []row {
	minutes := func(i int) int {
		if i >= len(slots) {
			return 0
		}
		return map[bool]int{false: slots[i].minutes, true: slots[i].cut}[cut]
	}
	var rows []row
	day, clock, since, lunched := 1, dayStart, 0, false
	add := func(s slot, m int) {
		rows = append(rows, row{s, day, clock, clock + m})
		clock, since = clock+m, since+m
	}
	for i, s := range slots {
		m, unit := minutes(i), minutes(i)
		if i+1 < len(slots) && slots[i+1].keep {
			unit += minutes(i + 1)
		}
		if m == 0 {
			continue
		}
		if s.keep {
			add(s, m)
			continue
		}
		if day < days && clock+unit > dayEnd && i > 0 {
			day, clock, since, lunched = day+1, dayStart, 0, false
		}
		switch {
		case !lunched && !half && (clock >= lunchFrom || clock >= lunchFrom-30 && clock+unit > lunchFrom+60):
			add(slot{en: "lunch", zh: "午饭", minutes: lunchMinutes, pause: true}, lunchMinutes)
			since, lunched = 0, true
		case since >= breakAfter || since > 0 && since+unit > breakBefore:
			add(slot{en: "break", zh: "休息", minutes: breakMinutes, pause: true}, breakMinutes)
			since = 0
		}
		add(s, m)
	}
	return rows
}

// timetables renders every plan in English and in Chinese, or nothing
// if the repository has no exercises.
func timetables(root string, parts []part) (en, zh string, err error) {
	exs, err := readExercises(root)
	if err != nil || len(exs) == 0 {
		return "", "", err
	}
	var b, z strings.Builder
	fmt.Fprintf(&b, "\nThe figures, in minutes: reading by the rule; an exercise, its task read by the rule and its `minutes` (%d where `%s` gives none); "+
		"setup %d; the board %d a step; a break of %d after %d minutes of work, or before a slot that would make it more than %d; lunch %d from %s; graduation %d. "+
		"In the two-day plan, a slot that would end after %s moves to the next day; the last day has none to move to.\n", exerciseMinutes, exerciseList, setupMinutes, boardMinutes, breakMinutes, breakAfter, breakBefore, lunchMinutes, clock(lunchFrom), exportMinutes, clock(dayEnd))
	fmt.Fprintf(&z, "\n表中数字以分钟计：阅读按本系列的规则计算；一个练习的时间是按规则读任务的时间，加上它的 `minutes`（`%s` 里没写时取 %d）；"+
		"环境准备 %d；每个步骤白板讲解 %d；连续上课满 %d 分钟，或下一项会让连续时间超过 %d 分钟，就休息 %d；%s 以后午饭 %d；结业 %d。两天的安排里，会在 %s 之后才结束的一项挪到第二天；最后一天没有可挪的地方。\n",
		exerciseList, exerciseMinutes, setupMinutes, boardMinutes, breakAfter, breakBefore, breakMinutes, clock(lunchFrom), lunchMinutes, exportMinutes, clock(dayEnd))
	for _, p := range plans {
		slots := []slot{{en: "setup: the copy unzipped, `go version`, the first progress report", zh: "环境准备：解压副本、`go version`、第一次进度报告", minutes: setupMinutes, cut: setupMinutes}}
		ids, before := 0, 0
		for n := p.first; n <= p.last; n++ {
			ss, err := stepSlots(root, n, parts, exs)
			if err != nil {
				return "", "", err
			}
			if len(ss) == 0 {
				continue
			}
			if read := &ss[1]; p.half {
				before += read.minutes - read.cut
				read.minutes, read.cutEn, read.cutZh = read.cut, "", ""
				read.en, read.zh = strings.Replace(read.en, "read", "read what the tasks link to in", 1), strings.Replace(read.zh, "阅读 ", "阅读任务链接到的小节：", 1)
			}
			slots, ids = append(slots, ss...), ids+len(ss)-2
		}
		if p.last == 6 {
			slots = append(slots, slot{en: "graduation: `export` and its tests", zh: "结业：`export` 及其测试", minutes: exportMinutes, cut: exportMinutes})
		}
		full, short := layout(slots, p.days, p.half, false), layout(slots, p.days, p.half, true)
		writeTimetable(&b, p, full, short, ids, before, false)
		writeTimetable(&z, p, full, short, ids, before, true)
	}
	return b.String(), z.String(), nil
}

// writeTimetable writes one plan as a markdown table, after a line that
// says when it ends, in full and with every cut taken.
func writeTimetable(w *strings.Builder, p plan, full, short []row, exercises, before int, zh bool) {
	steps := fmt.Sprintf("%02d-%02d", p.first, p.last)
	last, lastCut := full[len(full)-1], short[len(short)-1]
	if zh {
		fmt.Fprintf(w, "\n**%s：step%s**（`init -steps %s`，%d 个练习）。按表上课，%s结束；每个删减点都用上，%s结束。",
			p.zh, steps, steps, exercises, when(last, p.days, true), when(lastCut, p.days, true))
		if before > 0 {
			fmt.Fprintf(w, "任务没有链接到的小节（按规则 %d 分钟）放在课前阅读。", before)
		}
		w.WriteString("\n\n")
		w.WriteString("| 时间 | 内容 | 分钟 | 晚了就在这里删减 |\n|---|---|--:|---|\n")
	} else {
		fmt.Fprintf(w, "\n**%s: steps %s** (`init -steps %s`, %d exercises). Ends %s; with every cut taken, %s.",
			p.en, steps, steps, exercises, when(last, p.days, false), when(lastCut, p.days, false))
		if before > 0 {
			fmt.Fprintf(w, " The sections no task links to (%d min by the rule) are read before the day.", before)
		}
		w.WriteString("\n\n")
		w.WriteString("| time | what | min | cut here if late |\n|---|---|--:|---|\n")
	}
	for i, r := range full {
		if i > 0 && r.day != full[i-1].day {
			fmt.Fprintf(w, "| %s | | | |\n", map[bool]string{false: fmt.Sprintf("**day %d**", r.day), true: fmt.Sprintf("**第 %d 天**", r.day)}[zh])
		}
		what, cut := r.en, r.cutEn
		if zh {
			what, cut = r.zh, r.cutZh
		}
		if r.pause {
			what = "*" + what + "*"
		}
		fmt.Fprintf(w, "| %s-%s | %s | %d | %s |\n", clock(r.start), clock(r.end), what, r.minutes, cut)
	}
}

// when says when a row ends: at 13:23, or on day 2 at 13:23 in a plan of
// more days than one.
func when(r row, days int, zh bool) string {
	switch {
	case zh && days > 1:
		return fmt.Sprintf("第 %d 天 %s ", r.day, clock(r.end))
	case zh:
		return clock(r.end) + " "
	case days > 1:
		return fmt.Sprintf("on day %d at %s", r.day, clock(r.end))
	}
	return "at " + clock(r.end)
}

// clock writes minutes from midnight as 09:05.
func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }
