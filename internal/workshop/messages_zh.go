package main

// chinese is the zh-CN table: english() with every message translated.
// A message left out stays in English.
//
// The terms are those of docs/zh-CN/GLOSSARY.md: 练习 (exercise),
// 提示 (hint), 答案 (solution), 学员副本 (student copy), 工作坊
// (workshop), 答案核对 (answer key); a stub is 桩代码. msgHiddenCode
// and msgHiddenCodeHow are written into Go source, whose comments stay
// in English, so they are not set here.
func chinese() [msgCount]string {
	m := english()

	m[msgTodo] = "练习 %[1]s（%[2]s）尚未完成：运行 go run ./internal/workshop hint %[1]s 获取提示"
	m[msgUsage] = `用法：go run ./internal/workshop [-lang LANG] [-root DIR] COMMAND [ARGS]

在仓库中（讲师使用）：
  init DIR [-steps 03-04]   生成一份学员副本，其中的练习都换成桩代码
  verify                    运行答案核对（CI 中也会运行）
  map [ID...]               列出每个练习的桩代码会让哪些测试失败
  export [-module PATH] DIR 把 step06 导出为一个可导入的库

在学员副本中：
  (不带命令)                显示进度：每个步骤一条进度条，以及当前练习
  check [ID]                运行某个练习的测试，不带 ID 则运行全部练习的测试
  watch [ID]                每次保存后重新检查；不会自动进入下一个练习
  hint ID                   显示某个练习的下一条提示
  solution [-force] [-apply] ID
                            练习通过后显示答案
  reset ID                  恢复该练习的桩代码
  list                      列出所有练习
  export [-module PATH] DIR 把你完成的客户端导出为一个库`
	m[msgNotACopy] = "%[1]s 不是工作坊副本：请先用 go run ./internal/workshop init DIR 生成一份"
	m[msgAlreadyACopy] = "%[1]s 已经是工作坊副本了：init 要在仓库本身中运行"
	m[msgInitDone] = "已在 %[1]s 生成工作坊副本：共 %[2]d 个文件，%[4]s 中的 %[3]d 个练习已换成桩代码"
	m[msgInitNext] = "下一步：cd %[1]s && go run ./internal/workshop"
	m[msgProgressHead] = "工作坊：已完成 %[1]d / %[2]d 个练习"
	m[msgProgressStep] = "%-18[1]s [%[2]s] %[3]d/%[4]d"
	m[msgDoesNotCompile] = "%[1]s 无法编译"
	m[msgCompileErrorIn] = "第一个错误位于练习 %[1]s（%[2]s）：%[3]s"
	m[msgCompileErrorOutside] = "第一个错误位于 %[1]s，它不属于任何练习：%[2]s"
	m[msgNow] = "当前练习：%[1]s %[2]s（%[4]s 中的 %[3]s）"
	m[msgFirstFailing] = "第一个失败的测试：%[1]s"
	m[msgMoreOutput] = "(还有 %[1]d 行：go run ./internal/workshop check %[2]s)"
	m[msgAllDone] = "所有练习都已通过。要把你的客户端变成属于自己的库，运行：go run ./internal/workshop export DIR"
	m[msgNextCommands] = "命令：hint %[1]s | check %[1]s | watch | list | solution %[1]s（通过后可用）"
	m[msgCheckPass] = "%[1]s %[2]s：PASS（%[3]d 个测试）"
	m[msgCheckPassWaiting] = "%[1]s %[2]s：PASS（%[4]d 个测试中通过 %[3]d 个；其余的在等待其他练习）"
	m[msgCheckFail] = "%[1]s %[2]s：FAIL（%[4]d 个测试中通过 %[3]d 个）"
	m[msgCheckWaits] = "%[1]s 还需要练习 %[2]s，而该练习尚未完成"
	m[msgHintLevel] = "%[3]s %[4]s 的第 %[1]d 条提示（共 %[2]d 条）："
	m[msgHintLast] = "这是最后一条提示了。练习通过后（或加上 -force）可以查看答案：go run ./internal/workshop solution %[1]s"
	m[msgSolutionLocked] = "%[1]s 还没有通过，答案暂不显示：可以加上 -force 强制查看，或者先看一条提示：go run ./internal/workshop hint %[1]s"
	m[msgSolutionShown] = "%[1]s 的答案，取自标准代码 %[2]s："
	m[msgSolutionApplied] = "已把 %[1]s 的答案放入 %[2]s"
	m[msgResetDone] = "已把 %[1]s 的桩代码放回 %[2]s"
	m[msgWatchStart] = "正在监视 %[1]s：每次保存后检查 %[2]s（按 Ctrl-C 停止）"
	m[msgWatchRun] = "--- %[1]s ---"
	m[msgWatchPassed] = "%[1]s 已通过。再读一遍你的代码，然后停止这次 watch，运行：go run ./internal/workshop watch %[2]s"
	m[msgListHead] = "练习（%[1]s）："
	m[msgUnknownExercise] = "这份副本中没有练习 %[1]q：参见 go run ./internal/workshop list"
	m[msgNotInCopy] = "练习 %[1]s 属于 %[2]s，而这份副本不包含该步骤（init -steps）"
	m[msgExportDone] = "已将库 %[1]s 写入 %[2]s：共 %[3]d 个文件、%[4]d 个测试文件；试试：cd %[2]s && go test ./..."
	m[msgStatusDone] = "完成"
	m[msgStatusTodo] = "待做"
	m[msgStatusBroken] = "无法编译"
	m[msgStatusUnknown] = "未运行"
	m[msgSolvedIntro] = "（已解答：用来演示练习的流程）"
	m[msgCheckLine] = "%-6[1]s %-6[2]s %[3]s (%[4]s)"
	m[msgMarkOK] = "ok  "
	m[msgMarkFail] = "FAIL"
	m[msgMarkWait] = "wait"
	m[msgImportsAdded] = "已在 %[1]s 中补上你的代码用到、而桩代码不需要的导入"
	m[msgMoreLines] = "（还有 %[1]d 行）"
	m[msgProgressName] = "进度报告"

	// Usage.
	m[msgUnknownCommand] = "未知命令 %[1]q"
	m[msgArgs] = "%[1]s 的参数应为：%[2]s；实际收到 %[3]q"
	m[msgArgsNone] = "无"
	m[msgArgsExactly] = "%[1]d 个"
	m[msgArgsAtLeast] = "至少 %[1]d 个"
	m[msgArgsRange] = "%[1]d 到 %[2]d 个"
	m[msgBadJobs] = "-j %[1]q：应为同时运行的 go 命令个数，至少为 1"
	m[msgBadSteps] = "-steps %[1]q：应为步骤编号、范围或列表，例如 03、03-04 或 02,05-06"
	m[msgNoStepSelected] = "-steps %[1]s 没有选中任何含有练习的步骤（%[2]s）"
	m[msgNoGoMod] = "当前目录及其上级目录中都没有 go.mod：请在仓库或工作坊副本中运行本工具"
	m[msgTargetInside] = "%[1]s 位于仓库之内：请选择仓库之外的目录"
	m[msgTargetNotEmpty] = "%[1]s 不是空目录"
	m[msgStepDeclares] = "%[1]s 中声明了 %[2]s，而工作坊的 %[3]s 需要使用这些名字"

	// The exercise list: its form, then lint.
	m[msgParseFileName] = "%[1]s：文件名必须是 NN-name.md，与步骤目录 stepNN-name 对应"
	m[msgParseIDPrefix] = "ID 必须以 %[1]s 开头，即所在文件的编号"
	m[msgParseUnknownField] = "未知字段 %[1]q（可用的字段：id、file、func、tests、stub、solved）"
	m[msgParseWantTarget] = `应写明 id、file 和 func，例如 id = "03.2"、file = "step03-frames/frame.go"、func = "readHeader"`
	m[msgParseNotStepFile] = "file: %[1]s 不是 %[2]s 中的非测试 .go 文件"
	m[msgNoExercises] = "%[1]s 中没有练习"
	m[msgNoText] = "%[1]s: %[2]s 在 %[3]s 中没有正文：请写出它的一节，以 ## %[2]s 和标题开头"
	m[msgTransUnknown] = "%[1]s: %[2]s 不在练习清单（%[3]s）中：正文只能描述已有的练习"
	m[msgLintWhere] = "%[1]s: %[2]s: %[3]s"
	m[msgLintOrder] = "%[1]s: %[2]s 应为 %[3]s：练习按在文件中出现的顺序编号为 1、2、3"
	m[msgLintOwn] = "%[1]s: %[2]s 没有只属于自己的测试：它列出的每个测试，都有别的练习也列出了"
	m[msgLintLines] = "%[1]s 的函数体有 %[2]d 行；一个练习应在 5 到 25 行之间"
	m[msgLintStubCall] = "桩代码必须调用 todo(%[1]s) 或 errTodo(%[1]s)"
	m[msgLintNoTests] = "没有测试：请列出 %[1]s 为桩代码时会失败的那些测试"
	m[msgLintNoSuchTest] = "%[1]s 中没有测试 %[2]s"
	m[msgLintTwice] = "%[1]s 被列出了两次"
	m[msgLintNoTask] = "没有任务说明：请写在标题与第一个 ### hint 之间"
	m[msgLintHints] = "%[1]d 条提示：应为 2 或 3 条（### 小节）"
	m[msgLintEmptyHint] = "第 %[1]d 条提示是空的"
	m[msgLintNoLink] = "没有指向文章的链接（../%[1]s.md#section）"
	m[msgLintLinkBroken] = "文章链接 %[1]s 无法解析：%[2]v"
	m[msgLintLinkNoAnchor] = "文章链接 %[1]s 没有指明小节（#anchor）"
	m[msgLintLinkNoHeading] = "文章链接 %[1]s 无法解析：%[2]s 中没有标题 #%[3]s"

	// map.
	m[msgMapHead] = "%[1]s %[2]s（%[3]s），耗时 %.0[4]f 秒\n  测试：%[5]s"
	m[msgMapPanic] = "  %[1]s 中发生 PANIC：\n%[2]s"
	m[msgMapNeverRan] = "  从未运行：%[1]s"
	m[msgMapUnfinished] = "  %[1]s 没有运行结束；最后几行：\n%[2]s"
	m[msgMapSilent] = "  失败时没有该练习的消息：%[1]s"
	m[msgMapSlow] = "  较慢：%[1]s"
	m[msgMapListed] = "  已列出：%[1]s"
	m[msgMapPackageOutput] = "  包自身的输出：\n%[1]s"
	m[msgMapStubBroken] = "%[1]s：桩代码无法编译：\n%[2]s"

	// verify.
	m[msgVerifyList] = "练习清单：%[2]d 个步骤中共 %[1]d 个练习，%[3]d 个已映射的测试"
	m[msgVerifyListStep] = "  %-17[1]s %[2]d: %[3]s"
	m[msgVerifySolvedMark] = "（已解答）"
	m[msgVerifyWarning] = "  警告：%[1]s"
	m[msgVerifyProblem] = "问题：%[1]s"
	m[msgVerifyOK] = "verify: OK，用时 %[1]s（共 %[2]d 条 go 命令，最多同时运行 %[3]d 条）"
	m[msgVerifyFailed] = "verify: FAILED，%[1]d 个问题，用时 %[2]s"
	m[msgFigCanonical] = "标准代码：%[1]d 个已映射的测试通过"
	m[msgFigStubs] = "桩代码：%[1]d 个步骤都能编译，go vet ./... 没有报告问题；%[2]d 个已映射的测试失败并带有其练习的消息，另外 %[3]d 个测试通过"
	m[msgFigIsolation] = "隔离：逐个把 %[1]d 个练习换成桩代码：它们的测试中有 %[2]d 个失败并带有该练习的消息，其他已映射的测试都通过"
	m[msgFigRestore] = "还原：放回了 %[1]d 份答案；%[2]d 个换过桩代码的文件又与标准代码树完全一致"
	m[msgFigExport] = "导出：%[1]s 能在独立的模块中构建（%[2]s）；go vet 没有报告问题；%[4]d 个测试文件中的 %[3]d 个测试通过；已复制 %[5]s"
	m[msgFigFlaky] = "不稳定：%[1]s 本应通过却失败了一次，单独重跑时通过了"
	m[msgFigSkipped] = "verify 不运行：%[1]s；任何桩代码都触及不到它们，go test ./... 会运行它们"
	m[msgSkipChaos] = "%[1]s（随机交错：较慢，而 verify 要把每套测试运行很多遍）"
	m[msgSkipPeers] = "%[1]s（它需要 Python 的 websockets 和 Node 的 ws，而副本里没有 node_modules）"
	m[msgFigTranslation] = "译文 %[1]s：%[4]s 中翻译了 %[3]d 个练习中的 %[2]d 个，沿用英文的定义；其任务说明、提示和链接均通过检查"
	m[msgProbSkippedMapped] = "%[1]s：verify 不运行 %[2]s，但 %[3]s 列出了它"
	m[msgTidyOK] = "go mod tidy 已离线运行"
	m[msgTidyFallback] = "go.mod 和 go.sum 沿用仓库的：go mod tidy 无法离线运行"
	m[msgWithEveryStub] = "%[1]s（全部为桩代码）"
	m[msgAlone] = "只有 %[1]s 为桩代码"
	m[msgOr] = " 或 "

	m[msgProbCopy] = "生成副本：%[1]v"
	m[msgProbNoCompile] = "%[1]s 无法编译：\n%[2]s"
	m[msgProbCanonical] = "标准代码 %[1]s：%[2]s 在没有任何桩代码时就失败了：\n%[3]s"
	m[msgProbUnmappedFails] = "%[1]s：%[2]s 失败了，但没有任何练习列出它（运行 map，或者换一个能让它继续通过的桩代码）：\n%[3]s"
	m[msgProbMappedPasses] = "%[1]s：%[2]s 通过了，但 %[3]s 列出了它"
	m[msgProbNoMessage] = "%[1]s：%[2]s 失败了，但没有 %[3]s 的消息：\n%[4]s"
	m[msgProbPanic] = "%[1]s：测试二进制在 %[2]s 中 panic，其后的测试都没有运行：\n%[3]s"
	m[msgProbSign] = "%[1]s: %[2]s\n%[3]s"
	m[msgProbIsoPasses] = "%[1]s：%[2]s 通过了，但 %[3]s 列出了它"
	m[msgProbIsoNoMessage] = "%[1]s：%[2]s 失败了，但没有 %[3]s 的消息：\n%[4]s"
	m[msgProbIsoOther] = "%[1]s：%[2]s 失败了，但只有 %[3]s 列出了它：\n%[4]s"
	m[msgProbVet] = "go vet ./...（在全部为桩代码的副本中）：%[1]v\n%[2]s"
	m[msgProbRestore] = "还原 %[1]s：%[2]v"
	m[msgProbRestoreDiffers] = "还原：放回所有答案后的 %[1]s 与标准文件不一致"
	m[msgProbExport] = "导出：%[1]v"
	m[msgProbExportVet] = "导出：go vet ./...：%[1]v\n%[2]s"
	m[msgProbExportTest] = "导出：%[1]s 失败：\n%[2]s"
	m[msgProbExportPackage] = "导出：go test ./... 失败：\n%[1]s"

	// export.
	m[msgExportNoTidy] = "  go mod tidy 无法离线运行（%[1]v）；go.mod 和 go.sum 沿用仓库的"
	m[msgExportImportsTutorial] = "%[1]s 导入了 %[2]s：库不能导入教程中的任何包"

	return m
}
