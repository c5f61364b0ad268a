package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// zhSum translates exercise 01.1 of the fake repository and leaves 01.2
// out, with the anchors and records a translation carries for docscheck.
const zhSum = `<!-- en: 00000000 -->
# step01-sum 的练习

<a id="011-add-numbers"></a>
## 01.1 数字相加
<!-- en: 1234abcd -->

把数字加起来。参见[数字相加](../01-sum.md#adding-numbers)。

<a id="hint-1"></a>
### 提示 1
<!-- en: 1234abcd -->

一个循环。

<a id="hint-2"></a>
### 提示 2
<!-- en: 1234abcd -->

用 ` + "`+=`" + ` 的循环。
`

// zhArticle is the Chinese twin of the fake repository's article, with
// the English anchor.
const zhArticle = "# 求和\n\n<a id=\"adding-numbers\"></a>\n## 数字相加\n\n正文。\n"

// fakeRepoZh is a fake repository with the Chinese text md for its
// exercises, or none if md is "".
func fakeRepoZh(t *testing.T, md string) string {
	t.Helper()
	repo := fakeRepo(t)
	if md != "" {
		writeFile(t, filepath.Join(repo, "docs", "zh-CN", "exercises", "01-sum.md"), md)
		writeFile(t, filepath.Join(repo, "docs", "zh-CN", "01-sum.md"), zhArticle)
	}
	return repo
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(name), 0o755))
	require.NoError(t, os.WriteFile(name, []byte(content), 0o644))
}

func chineseTexts(t *testing.T) texts {
	t.Helper()
	tx, err := newTexts("zh-CN")
	require.NoError(t, err)
	return tx
}

// TestTranslationOverlay: a translated exercise takes its title, task
// and hints from the translation and its definition from English; one
// not translated stays English.
func TestTranslationOverlay(t *testing.T) {
	repo := fakeRepoZh(t, zhSum)
	english := fakeExercises(t, repo)
	exs, err := loadExercises(repo, chineseTexts(t))
	require.NoError(t, err)
	require.Len(t, exs, 2)

	zh := exs[0]
	assert.Equal(t, "数字相加", zh.Title)
	assert.Equal(t, "把数字加起来。参见[数字相加](../01-sum.md#adding-numbers)。", zh.Task, "the records and anchors are not text")
	assert.Equal(t, []string{"一个循环。", "用 `+=` 的循环。"}, zh.Hints)
	assert.Equal(t, "docs/zh-CN/exercises/01-sum.md", zh.Doc)
	assert.Equal(t, english[0].Tests, zh.Tests)
	assert.Equal(t, english[0].Stub, zh.Stub)

	assert.Equal(t, english[1].Title, exs[1].Title, "not translated: English")
	assert.Equal(t, english[1].Hints, exs[1].Hints)
	assert.Equal(t, "docs/exercises/01-sum.md", exs[1].Doc)

	problems, _ := lint(englishTexts(t), repo, exs)
	assert.Empty(t, problems, "the Chinese link resolves to the anchor the Chinese article keeps")
}

// TestTranslationNamesOnlyListedExercises: a translated text of an
// exercise the list lacks is refused.
func TestTranslationNamesOnlyListedExercises(t *testing.T) {
	repo := fakeRepoZh(t, zhSum+"\n## 01.3 多出来的\n\n任务。\n")
	_, err := loadExercises(repo, englishTexts(t))
	require.NoError(t, err, "English never reads the translation")
	zh := chineseTexts(t)
	zh.table = english() // messages in English, to compare
	_, err = loadExercises(repo, zh)
	assert.EqualError(t, err, "docs/zh-CN/exercises/01-sum.md:22: 01.3 is not in the exercise list (docs/exercises/exercises.toml): a text describes only an exercise that exists")
}

func TestNoTranslationMeansEnglish(t *testing.T) {
	repo := fakeRepoZh(t, "")
	exs, err := loadExercises(repo, chineseTexts(t))
	require.NoError(t, err)
	assert.Equal(t, fakeExercises(t, repo), exs)
}

// TestLocaleChoosesTheLanguage: without -lang the locale decides, -lang
// wins over it, a copy keeps the language it was made in, and an
// unknown -lang is refused with the choices.
func TestLocaleChoosesTheLanguage(t *testing.T) {
	repo := fakeRepoZh(t, zhSum)
	zhLocale := map[string]string{"LANG": "zh_CN.UTF-8"}
	ws := filepath.Join(t.TempDir(), "class")
	code, out, errOut := runToolEnv(t, zhLocale, repo, "init", ws)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, chineseTexts(t).f(msgInitNext, ws), "the locale's language")

	code, out, _ = runTool(t, ws) // no locale: the copy's own language
	assert.Equal(t, 0, code)
	assert.Contains(t, out, chineseTexts(t).f(msgProgressHead, 0, 2))
	assert.Contains(t, out, "01.1 数字相加", "the translated title")
	assert.Contains(t, out, "把数字加起来。", "the translated task")

	code, out, _ = runToolEnv(t, zhLocale, ws, "-lang", "en")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "workshop: 0 of 2 exercises done", "-lang wins")
	assert.Contains(t, out, "01.1 Add numbers")

	code, out, _ = runTool(t, ws, "hint", "01.2")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, chineseTexts(t).f(msgHintLevel, 1, 3, "01.2", "Parse a list"), "Chinese messages, the English title")
	assert.Contains(t, out, "`strings.SplitSeq`.", "an untranslated hint falls back to English")

	code, _, errOut = runTool(t, repo, "-lang", "fr", "list")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `language "fr" is not available: choose one of en, zh-CN`)
}

// TestTranslations checks the translations of the repository's own
// exercise texts, as verify does: each loads with the English
// definitions, passes lint, and translates every exercise.
func TestTranslations(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	problems, _ := lintTranslations(englishTexts(t), root)
	assert.Empty(t, problems)
	english, err := loadExercises(root, englishTexts(t))
	require.NoError(t, err)
	for _, lang := range languages[1:] {
		tl, err := newTexts(lang)
		require.NoError(t, err)
		exs, err := loadExercises(root, tl)
		require.NoError(t, err)
		for i, e := range exs {
			assert.Equal(t, exercisesDir(lang), filepath.ToSlash(filepath.Dir(e.Doc)), "%s %s is not translated", lang, e.ID)
			assert.NotEqual(t, english[i].Title, e.Title, "%s %s: the title", lang, e.ID)
		}
		_, err = os.Stat(filepath.Join(root, exercisesDir(lang), graduationDoc))
		assert.NoError(t, err, "%s: the export's README", lang)
	}
}
