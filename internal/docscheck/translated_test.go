package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordLinePattern matches a whole record line, to remove them all.
var recordLinePattern = regexp.MustCompile(`(?m)^<!-- en: [^>]*-->\n`)

// twoChanges is enTransport with a sentence changed in two sections.
var twoChanges = strings.NewReplacer(
	"Either side may start it.", "Either side may start it, at any time.",
	"A ping asks for a pong.", "A ping asks for a pong, soon.",
).Replace(enTransport)

func TestRefreshOneSection(t *testing.T) {
	zh := withRecords(t, zhTransport, enTransport)
	root := translationRepo(t, twoChanges, zh)
	was, now := hashes(t, enTransport), hashes(t, twoChanges)

	changes, sections, err := refresh(root, zhPath+"#the-closing-handshake")
	require.NoError(t, err)
	assert.Equal(t, 1, sections)
	assert.Equal(t, []string{
		`docs/zh-CN/04-transport.md:9: recorded ` + now["the-closing-handshake"] +
			` for section "the-closing-handshake" (关闭握手), was ` + was["the-closing-handshake"],
	}, changes)
	want := strings.Replace(zh, was["the-closing-handshake"], now["the-closing-handshake"], 1)
	assert.Equal(t, want, readFile(t, root, zhPath), "only that record changes")

	got := problemLines(t, root)
	require.Len(t, got, 1, "the other changed section is still stale")
	assert.Contains(t, got[0], `docs/zh-CN/04-transport.md:25: section "ping-and-pong" (Ping 和 Pong) is stale`)
}

func TestRefreshAllSections(t *testing.T) {
	// Stale records, and a record missing from the first section and
	// from the last, which ends the file without a newline.
	zh := withRecords(t, zhTransport, enTransport)
	zh = strings.Replace(zh, "<!-- en: "+hashes(t, enTransport)["04--transport"]+" -->\n", "", 1)
	zh = strings.TrimSuffix(zh[:strings.Index(zh, "## Ping 和 Pong")], "\n") + "\n## Ping 和 Pong"
	root := translationRepo(t, twoChanges, zh)
	was, now := hashes(t, enTransport), hashes(t, twoChanges)

	changes, sections, err := refresh(root, zhPath)
	require.NoError(t, err)
	assert.Equal(t, 4, sections)
	assert.Equal(t, []string{
		`docs/zh-CN/04-transport.md:3: recorded ` + now["04--transport"] + ` for section "04--transport" (04 · 传输), which had no record`,
		`docs/zh-CN/04-transport.md:9: recorded ` + now["the-closing-handshake"] +
			` for section "the-closing-handshake" (关闭握手), was ` + was["the-closing-handshake"],
		`docs/zh-CN/04-transport.md:26: recorded ` + now["ping-and-pong"] + ` for section "ping-and-pong" (Ping 和 Pong), which had no record`,
	}, changes, "we-close-first did not change")
	want := withRecords(t, zhTransport, twoChanges)
	want = want[:strings.Index(want, "\n\nping 请求")] + "\n"
	assert.Equal(t, want, readFile(t, root, zhPath))
	assert.Empty(t, problemLines(t, root))

	changes, sections, err = refresh(root, zhPath)
	require.NoError(t, err)
	assert.Empty(t, changes, "a second run has nothing to do")
	assert.Equal(t, 4, sections)
}

func TestRefreshAddsRecords(t *testing.T) {
	zh := recordLinePattern.ReplaceAllString(zhTransport, "")
	root := translationRepo(t, enTransport, zh)
	changes, _, err := refresh(root, zhPath)
	require.NoError(t, err)
	assert.Len(t, changes, 4)
	assert.Equal(t, withRecords(t, zhTransport, enTransport), readFile(t, root, zhPath))
}

func TestRefreshTextAboveTheFirstHeading(t *testing.T) {
	en := "Read this first.\n\n" + enTransport
	tests := []struct {
		name   string
		zh     string
		change string
	}{
		{"no record", "先读这个。\n\n", "which had no record"},
		{"stale record", "<!-- en: 00000000 -->\n先读这个。\n\n", "was 00000000"},
		{"malformed record", "<!-- en: ? -->\n先读这个。\n\n", `replacing the malformed "<!-- en: ? -->"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := translationRepo(t, en, tt.zh+withRecords(t, zhTransport, en))
			changes, _, err := refresh(root, zhPath+"#")
			require.NoError(t, err)
			hash := hashes(t, en)[""]
			assert.Equal(t, []string{"docs/zh-CN/04-transport.md:1: recorded " + hash + " for the part above the first heading, " + tt.change}, changes)
			assert.True(t, strings.HasPrefix(readFile(t, root, zhPath), "<!-- en: "+hash+" -->\n先读这个。\n\n<a id="))
			assert.Empty(t, problemLines(t, root))
		})
	}
}

func TestRefreshRefuses(t *testing.T) {
	zh := withRecords(t, zhTransport, enTransport)
	tests := []struct {
		name    string
		files   map[string]string
		target  string
		wantErr []string
	}{
		{
			name:   "a section that matches no English anchor",
			files:  map[string]string{enPath: twoChanges, zhPath: zh + "\n<a id=\"extra\"></a>\n## 额外\n"},
			target: zhPath,
			wantErr: []string{
				"docs/zh-CN/04-transport.md has 1 section(s) that match no section of docs/04-transport.md; fix them first:\n",
				`docs/zh-CN/04-transport.md:31: no English section: section "extra" (额外) has no section with this anchor`,
			},
		},
		{
			name:    "a heading without an anchor, even when refreshing another section",
			files:   map[string]string{enPath: twoChanges, zhPath: strings.Replace(zh, "<a id=\"we-close-first\"></a>\n", "", 1)},
			target:  zhPath + "#the-closing-handshake",
			wantErr: []string{`docs/zh-CN/04-transport.md:18: heading "我们先关闭" has no <a id="..."></a>`},
		},
		{
			name:    "a section not translated yet",
			files:   map[string]string{enPath: twoChanges, zhPath: zh[:strings.Index(zh, "<a id=\"ping-and-pong\">")]},
			target:  zhPath + "#ping-and-pong",
			wantErr: []string{`docs/zh-CN/04-transport.md has no section "ping-and-pong" yet: translate it, with <a id="ping-and-pong"></a> above its heading, first`},
		},
		{
			name:    "an anchor in neither language",
			files:   map[string]string{enPath: twoChanges, zhPath: zh},
			target:  zhPath + "#closing-handshake",
			wantErr: []string{`neither docs/zh-CN/04-transport.md nor docs/04-transport.md has a section "closing-handshake"`},
		},
		{
			name:    "an English file",
			files:   map[string]string{enPath: twoChanges},
			target:  enPath,
			wantErr: []string{"docs/04-transport.md is not a translation: translations are under docs/zh-CN/"},
		},
		{
			name:    "no English twin",
			files:   map[string]string{zhPath: zh},
			target:  zhPath,
			wantErr: []string{"reading the English twin: ", "no such file or directory"},
		},
		{
			name:    "no such translation",
			files:   map[string]string{enPath: twoChanges},
			target:  zhPath,
			wantErr: []string{"no such file or directory"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := writeRepo(t, tt.files)
			changes, _, err := refresh(root, tt.target)
			require.Error(t, err)
			for _, want := range tt.wantErr {
				assert.Contains(t, err.Error(), want)
			}
			assert.Empty(t, changes)
			if zh, ok := tt.files[zhPath]; ok {
				assert.Equal(t, zh, readFile(t, root, zhPath), "the file is left alone")
			}
		})
	}
}

func TestRepoPath(t *testing.T) {
	root := t.TempDir()
	tests := []struct {
		file string
		want string
	}{
		{"docs/zh-CN/04-transport.md", "docs/zh-CN/04-transport.md"},
		{"./docs/zh-CN/../zh-CN/04-transport.md", "docs/zh-CN/04-transport.md"},
		{filepath.Join(root, "docs", "zh-CN", "04-transport.md"), "docs/zh-CN/04-transport.md"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := repoPath(root, tt.file)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestRunTranslated(t *testing.T) {
	zh := withRecords(t, zhTransport, enTransport)
	was, now := hashes(t, enTransport), hashes(t, twoChanges)
	tests := []struct {
		name       string
		zh         string
		target     string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{
			name:     "one section",
			zh:       zh,
			target:   zhPath + "#ping-and-pong",
			wantCode: 0,
			wantStdout: `docs/zh-CN/04-transport.md:26: recorded ` + now["ping-and-pong"] + ` for section "ping-and-pong" (Ping 和 Pong), was ` + was["ping-and-pong"] + "\n" +
				"docscheck: 1 of 1 section record(s) changed\n",
		},
		{
			name:       "all sections",
			zh:         zh,
			target:     zhPath,
			wantCode:   0,
			wantStdout: "docscheck: 2 of 4 section record(s) changed\n",
		},
		{
			name:       "refused",
			zh:         zh + "\n<a id=\"extra\"></a>\n## 额外\n",
			target:     zhPath,
			wantCode:   2,
			wantStderr: "docscheck: docs/zh-CN/04-transport.md has 1 section(s) that match no section",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := translationRepo(t, twoChanges, tt.zh)
			var stdout, stderr bytes.Buffer
			code := run([]string{"-root", root, "-translated", tt.target}, &stdout, &stderr)
			assert.Equal(t, tt.wantCode, code, "stderr: %s", stderr.String())
			if tt.wantCode == 0 {
				assert.True(t, strings.HasSuffix(stdout.String(), tt.wantStdout), "stdout: %s", stdout.String())
			}
			assert.Contains(t, stderr.String(), tt.wantStderr)
		})
	}
}
