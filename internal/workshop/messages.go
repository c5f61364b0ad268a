package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// The tool's own short messages live here, and only here, so that a
// translation is one more table.

// A msg is one of the tool's messages.
type msg int

const (
	msgTodo msg = iota // the stub's message: id, function, id
	msgUsage
	msgNotACopy
	msgAlreadyACopy
	msgInitDone
	msgInitNext
	msgProgressHead
	msgProgressStep
	msgDoesNotCompile
	msgCompileErrorIn
	msgCompileErrorOutside
	msgNow
	msgFirstFailing
	msgMoreOutput
	msgAllDone
	msgNextCommands
	msgCheckPass
	msgCheckFail
	msgCheckWaits
	msgHintLevel
	msgHintLast
	msgSolutionLocked
	msgSolutionShown
	msgSolutionApplied
	msgResetDone
	msgWatchStart
	msgWatchRun
	msgWatchPassed
	msgListHead
	msgUnknownExercise
	msgNotInCopy
	msgExportDone
	msgStatusDone
	msgStatusTodo
	msgStatusBroken
	msgStatusUnknown
	msgSolvedIntro
	msgCheckLine
	msgMarkOK
	msgMarkFail
	msgMarkWait
	msgCheckPassWaiting
	msgImportsAdded
	msgHiddenCode
	msgHiddenCodeHow
	msgMoreLines
	msgProgressName

	// Usage.
	msgUnknownCommand
	msgArgs
	msgArgsNone
	msgArgsExactly
	msgArgsAtLeast
	msgArgsRange
	msgBadJobs
	msgBadSteps
	msgNoStepSelected
	msgNoGoMod
	msgTargetInside
	msgTargetNotEmpty
	msgStepDeclares

	// The exercise list and texts: their form, then lint.
	msgParseFileName
	msgParseIDPrefix
	msgParseUnknownField
	msgParseWantTarget
	msgParseNotStepFile
	msgNoExercises
	msgNoText
	msgTransUnknown
	msgLintWhere
	msgLintOrder
	msgLintOwn
	msgLintLines
	msgLintStubCall
	msgLintNoTests
	msgLintNoSuchTest
	msgLintTwice
	msgLintNoTask
	msgLintHints
	msgLintEmptyHint
	msgLintNoLink
	msgLintLinkBroken
	msgLintLinkNoAnchor
	msgLintLinkNoHeading

	// map.
	msgMapHead
	msgMapPanic
	msgMapNeverRan
	msgMapUnfinished
	msgMapSilent
	msgMapSlow
	msgMapListed
	msgMapPackageOutput
	msgMapStubBroken

	// verify.
	msgVerifyList
	msgVerifyListStep
	msgVerifySolvedMark
	msgVerifyWarning
	msgVerifyProblem
	msgVerifyOK
	msgVerifyFailed
	msgFigCanonical
	msgFigStubs
	msgFigIsolation
	msgFigRestore
	msgFigExport
	msgFigFlaky
	msgFigSkipped
	msgSkipChaos
	msgSkipPeers
	msgFigTranslation
	msgProbSkippedMapped
	msgTidyOK
	msgTidyFallback
	msgWithEveryStub
	msgAlone
	msgOr
	msgProbCopy
	msgProbNoCompile
	msgProbCanonical
	msgProbUnmappedFails
	msgProbMappedPasses
	msgProbNoMessage
	msgProbPanic
	msgProbSign
	msgProbIsoPasses
	msgProbIsoNoMessage
	msgProbIsoOther
	msgProbVet
	msgProbRestore
	msgProbRestoreDiffers
	msgProbExport
	msgProbExportVet
	msgProbExportTest
	msgProbExportPackage

	// export.
	msgExportNoTidy
	msgExportImportsTutorial
	msgCount // not a message: the number of them
)

// english is the table every other language starts from.
func english() [msgCount]string {
	return [msgCount]string{
		msgTodo: "exercise %[1]s (%[2]s) is not done yet: run go run ./internal/workshop hint %[1]s",
		msgUsage: `usage: go run ./internal/workshop [-lang LANG] [-root DIR] COMMAND [ARGS]

In the repository (instructors):
  init DIR [-steps 03-04]   write a student copy with the exercises stubbed
  verify                    check the answer key (runs in CI)
  map [ID...]               list the tests each exercise's stub breaks
  export [-module PATH] DIR write step06 as an importable library

In a student copy:
  (no command)              show progress: a bar per step, the current exercise
  check [ID]                run the tests of one exercise, or of all
  watch [ID]                check again on every save; never moves on by itself
  hint ID                   show the next hint of an exercise
  solution [-force] [-apply] ID
                            show the answer once the exercise passes
  reset ID                  put the stub back
  list                      list the exercises
  export [-module PATH] DIR write your finished client as a library`,
		msgNotACopy:            "%[1]s is not a workshop copy: make one with go run ./internal/workshop init DIR",
		msgAlreadyACopy:        "%[1]s is a workshop copy already: run init in the repository itself",
		msgInitDone:            "wrote a workshop copy to %[1]s: %[2]d files, %[3]d exercises stubbed in %[4]s",
		msgInitNext:            "next: cd %[1]s && go run ./internal/workshop",
		msgProgressHead:        "workshop: %[1]d of %[2]d exercises done",
		msgProgressStep:        "%-18[1]s [%[2]s] %[3]d/%[4]d",
		msgDoesNotCompile:      "%[1]s does not compile",
		msgCompileErrorIn:      "the first error is in exercise %[1]s (%[2]s): %[3]s",
		msgCompileErrorOutside: "the first error is in %[1]s, which is not an exercise: %[2]s",
		msgNow:                 "now: %[1]s %[2]s (%[3]s in %[4]s)",
		msgFirstFailing:        "first failing test: %[1]s",
		msgMoreOutput:          "(%[1]d more lines: go run ./internal/workshop check %[2]s)",
		msgAllDone:             "every exercise passes. To make your client a library of your own: go run ./internal/workshop export DIR",
		msgNextCommands:        "commands: hint %[1]s | check %[1]s | watch | list | solution %[1]s (once it passes)",
		msgCheckPass:           "%[1]s %[2]s: PASS (%[3]d tests)",
		msgCheckPassWaiting:    "%[1]s %[2]s: PASS (%[3]d of %[4]d tests pass; the others wait for other exercises)",
		msgCheckFail:           "%[1]s %[2]s: FAIL (%[3]d of %[4]d tests pass)",
		msgCheckWaits:          "%[1]s also needs exercise %[2]s, which is not done yet",
		msgHintLevel:           "hint %[1]d of %[2]d for %[3]s %[4]s:",
		msgHintLast:            "that was the last hint; the answer: go run ./internal/workshop solution %[1]s (once it passes, or with -force)",
		msgSolutionLocked:      "%[1]s does not pass yet, so its solution stays hidden: try a hint (go run ./internal/workshop hint %[1]s), or add -force",
		msgSolutionShown:       "the solution of %[1]s, as in the canonical %[2]s:",
		msgSolutionApplied:     "put the solution of %[1]s into %[2]s",
		msgResetDone:           "put the stub of %[1]s back into %[2]s",
		msgWatchStart:          "watching %[1]s: checking %[2]s on every save (Ctrl-C stops)",
		msgWatchRun:            "--- %[1]s ---",
		msgWatchPassed:         "%[1]s passes. Read your code once more; then stop this watch and run: go run ./internal/workshop watch %[2]s",
		msgListHead:            "exercises (%[1]s):",
		msgUnknownExercise:     "no exercise %[1]q in this copy: see go run ./internal/workshop list",
		msgNotInCopy:           "exercise %[1]s is in %[2]s, which this copy does not include (init -steps)",
		msgExportDone:          "wrote the library %[1]s to %[2]s: %[3]d files, %[4]d test files; try: cd %[2]s && go test ./...",
		msgStatusDone:          "done",
		msgStatusTodo:          "todo",
		msgStatusBroken:        "does not compile",
		msgStatusUnknown:       "not run",
		msgSolvedIntro:         "(solved: it shows the loop)",
		msgCheckLine:           "%-6[1]s %-6[2]s %[3]s (%[4]s)",
		msgMarkOK:              "ok  ",
		msgMarkFail:            "FAIL",
		msgMarkWait:            "wait",
		msgImportsAdded:        "added to %[1]s the imports your code uses, which the stub did not need",
		msgHiddenCode:          "The code of %[2]s is exercise %[1]s: this workshop copy hides it.",
		msgHiddenCodeHow:       "Once the exercise passes: go run ./internal/workshop solution %[1]s",
		msgMoreLines:           "(%[1]d more lines)",
		msgProgressName:        "the progress report",

		msgUnknownCommand: "unknown command %[1]q",
		msgArgs:           "%[1]s takes %[2]s, not %[3]q",
		msgArgsNone:       "no arguments",
		msgArgsExactly:    "%[1]d argument(s)",
		msgArgsAtLeast:    "at least %[1]d argument(s)",
		msgArgsRange:      "%[1]d to %[2]d arguments",
		msgBadJobs:        "-j %[1]q: want a number of go runs at a time, 1 or more",
		msgBadSteps:       "-steps %[1]q: want a step number, a range or a list, as 03, 03-04 or 02,05-06",
		msgNoStepSelected: "-steps %[1]s selects no step with exercises (%[2]s)",
		msgNoGoMod:        "no go.mod here or above: run the tool in the repository or in a workshop copy",
		msgTargetInside:   "%[1]s is inside the repository: choose a directory outside it",
		msgTargetNotEmpty: "%[1]s is not empty",
		msgStepDeclares:   "%[1]s declares %[2]s, which the workshop's %[3]s needs",

		msgParseFileName:     "%[1]s: the file name must be NN-name.md, as the step's directory stepNN-name",
		msgParseIDPrefix:     "the ID must start with %[1]s, the number of its file",
		msgParseUnknownField: "unknown field %[1]q (id, file, func, tests, stub, solved)",
		msgParseWantTarget:   `wants id, file and func, as id = "03.2", file = "step03-frames/frame.go", func = "readHeader"`,
		msgParseNotStepFile:  "file: %[1]s is not a non-test .go file of %[2]s",
		msgNoExercises:       "no exercises in %[1]s",
		msgNoText:            "%[1]s: %[2]s has no text in %[3]s: write its section, ## %[2]s and a title",
		msgTransUnknown:      "%[1]s: %[2]s is not in the exercise list (%[3]s): a text describes only an exercise that exists",
		msgLintWhere:         "%[1]s: %[2]s: %[3]s",
		msgLintOrder:         "%[1]s: %[2]s should be %[3]s: exercises are numbered 1, 2, 3 in the order of the file",
		msgLintOwn:           "%[1]s: %[2]s has no test of its own: every test it lists, another exercise lists too",
		msgLintLines:         "the body of %[1]s is %[2]d lines; an exercise should have 5 to 25",
		msgLintStubCall:      "the stub must call todo(%[1]s) or errTodo(%[1]s)",
		msgLintNoTests:       "no tests: list those that fail while %[1]s is a stub",
		msgLintNoSuchTest:    "%[1]s has no test %[2]s",
		msgLintTwice:         "%[1]s is listed twice",
		msgLintNoTask:        "no task: write it between the heading and the first ### hint",
		msgLintHints:         "%[1]d hints: give 2 or 3 (### sections)",
		msgLintEmptyHint:     "hint %[1]d is empty",
		msgLintNoLink:        "no link to the article (../%[1]s.md#section)",
		msgLintLinkBroken:    "the article link %[1]s does not resolve: %[2]v",
		msgLintLinkNoAnchor:  "the article link %[1]s names no section (#anchor)",
		msgLintLinkNoHeading: "the article link %[1]s does not resolve: %[2]s has no heading #%[3]s",

		msgMapHead:          "%[1]s %[2]s (%[3]s), %.0[4]fs\n  tests: %[5]s",
		msgMapPanic:         "  PANIC in %[1]s:\n%[2]s",
		msgMapNeverRan:      "  never ran: %[1]s",
		msgMapUnfinished:    "  %[1]s never finished; its last lines:\n%[2]s",
		msgMapSilent:        "  without the message: %[1]s",
		msgMapSlow:          "  slow: %[1]s",
		msgMapListed:        "  listed: %[1]s",
		msgMapPackageOutput: "  the package's own output:\n%[1]s",
		msgMapStubBroken:    "%[1]s: the stub does not compile:\n%[2]s",

		msgVerifyList:        "the list: %[1]d exercises in %[2]d steps, %[3]d mapped tests",
		msgVerifyListStep:    "  %-17[1]s %[2]d: %[3]s",
		msgVerifySolvedMark:  "(solved)",
		msgVerifyWarning:     "  warning: %[1]s",
		msgVerifyProblem:     "FAIL: %[1]s",
		msgVerifyOK:          "verify: OK in %[1]s (%[2]d go commands, %[3]d at a time)",
		msgVerifyFailed:      "verify: FAILED, %[1]d problem(s), in %[2]s",
		msgFigCanonical:      "canonical: %[1]d mapped tests pass",
		msgFigStubs:          "stubs: %[1]d steps compile, go vet ./... is clean; %[2]d mapped tests fail with their exercise's message, %[3]d other tests pass",
		msgFigIsolation:      "isolation: %[1]d exercises stubbed one at a time: %[2]d of their tests fail with their message, and the other mapped tests pass",
		msgFigRestore:        "restore: %[1]d solutions put back; %[2]d stubbed files are again identical to the canonical tree",
		msgFigExport:         "export: %[1]s builds in a module of its own (%[2]s); go vet is clean; %[3]d tests in %[4]d test files pass; %[5]s copied",
		msgFigFlaky:          "flaky: %[1]s failed once where it should pass, and passed when run again alone",
		msgFigSkipped:        "not run by verify: %[1]s; no stub reaches them, and go test ./... runs them",
		msgSkipChaos:         "%[1]s (random interleavings: slow, and verify runs each suite many times)",
		msgSkipPeers:         "%[1]s (it needs Python's websockets and Node's ws, and a copy has no node_modules)",
		msgFigTranslation:    "translation %[1]s: %[2]d of %[3]d exercises translated in %[4]s, with the English definitions; their tasks, hints and links check",
		msgProbSkippedMapped: "%[1]s: verify does not run %[2]s, yet %[3]s lists it",
		msgTidyOK:            "go mod tidy ran offline",
		msgTidyFallback:      "go.mod and go.sum are the repository's: go mod tidy could not run offline",
		msgWithEveryStub:     "%[1]s with every stub",
		msgAlone:             "%[1]s alone",
		msgOr:                " or ",

		msgProbCopy:              "making the copy: %[1]v",
		msgProbNoCompile:         "%[1]s does not compile:\n%[2]s",
		msgProbCanonical:         "canonical %[1]s: %[2]s fails without any stub:\n%[3]s",
		msgProbUnmappedFails:     "%[1]s: %[2]s fails, and no exercise lists it (run map, or choose a stub that keeps it passing):\n%[3]s",
		msgProbMappedPasses:      "%[1]s: %[2]s passes, yet %[3]s lists it",
		msgProbNoMessage:         "%[1]s: %[2]s fails without the message of %[3]s:\n%[4]s",
		msgProbPanic:             "%[1]s: the test binary panicked in %[2]s, and the tests after it did not run:\n%[3]s",
		msgProbSign:              "%[1]s: %[2]s\n%[3]s",
		msgProbIsoPasses:         "%[1]s: %[2]s passes, yet %[3]s lists it",
		msgProbIsoNoMessage:      "%[1]s: %[2]s fails without the message of %[3]s:\n%[4]s",
		msgProbIsoOther:          "%[1]s: %[2]s fails, though only %[3]s list it:\n%[4]s",
		msgProbVet:               "go vet ./... in the copy with every stub: %[1]v\n%[2]s",
		msgProbRestore:           "restore %[1]s: %[2]v",
		msgProbRestoreDiffers:    "restore: %[1]s with every solution put back differs from the canonical file",
		msgProbExport:            "export: %[1]v",
		msgProbExportVet:         "export: go vet ./...: %[1]v\n%[2]s",
		msgProbExportTest:        "export: %[1]s fails:\n%[2]s",
		msgProbExportPackage:     "export: go test ./... fails:\n%[1]s",
		msgExportNoTidy:          "  go mod tidy could not run offline (%[1]v); go.mod and go.sum are the repository's",
		msgExportImportsTutorial: "%[1]s imports %[2]s: the library may import no package of the tutorial",
	}
}

// texts prints the tool's messages in one language.
type texts struct {
	lang  string
	table [msgCount]string
}

// languages are the languages the tool speaks, English first.
var languages = []string{"en", "zh-CN"}

// newTexts returns the messages of lang, a name from languages or one
// that normalizeLang turns into one.
func newTexts(lang string) (texts, error) {
	switch normalizeLang(lang) {
	case "en":
		return texts{lang: "en", table: english()}, nil
	case "zh-CN":
		return texts{lang: "zh-CN", table: chinese()}, nil
	}
	return texts{}, fmt.Errorf("language %q is not available: choose one of %s", lang, strings.Join(languages, ", "))
}

// normalizeLang turns the ways people write a language into a name of
// languages: "zh", "zh_CN.UTF-8" and "zh-Hans" are all zh-CN, "en_GB"
// and "C" are en. It returns lang itself if it knows no such language.
func normalizeLang(lang string) string {
	base, _, _ := strings.Cut(lang, ".") // zh_CN.UTF-8 -> zh_CN
	base, _, _ = strings.Cut(base, "@")  // en_IE@euro -> en_IE
	base = strings.ToLower(strings.ReplaceAll(base, "_", "-"))
	switch {
	case base == "" || base == "c" || base == "posix" || base == "en" || strings.HasPrefix(base, "en-"):
		return "en"
	case base == "zh" || strings.HasPrefix(base, "zh-"):
		return "zh-CN"
	}
	return lang
}

// localeLang is the language of the user's locale, as POSIX looks it up:
// LC_ALL, then LC_MESSAGES, then LANG, the first that is set.
func localeLang(getenv func(string) string) string {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			if lang := normalizeLang(v); slices.Contains(languages, lang) {
				return lang
			}
			return "en"
		}
	}
	return "en"
}

// f formats message m.
func (t texts) f(m msg, args ...any) string { return fmt.Sprintf(t.table[m], args...) }

// err is message m as an error.
func (t texts) err(m msg, args ...any) error { return errors.New(t.f(m, args...)) }
