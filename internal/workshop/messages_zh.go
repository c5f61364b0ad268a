package main

// chinese is the zh-CN table, keyed by the English formats the code
// uses. A message left out stays in English.
//
// The terms are those of docs/zh-CN/GLOSSARY.md: 练习 (exercise),
// 提示 (hint), 答案 (solution), 学员副本 (student copy), 工作坊
// (workshop), 答案核对 (answer key); a stub is 桩代码. The hidden-code
// comments are written into Go source, whose comments stay
// in English, so they are not set here.
var chinese = map[string]string{
	todoText: "练习 %[1]s（%[2]s）尚未完成：运行 go run ./internal/workshop hint %[1]s 获取提示",
	usageText: `用法：go run ./internal/workshop [-lang LANG] [-root DIR] COMMAND [ARGS]

  -lang LANG                en 或 zh-CN（默认：副本生成时的语言，否则按系统区域设置）
  -root DIR                 要操作的仓库或学员副本（默认：当前目录所在的那个），
                            例如 go run ./internal/workshop -root ../ws-ada list

在仓库中（讲师使用）：
  init DIR [-steps 03-04] [-name NAME]
                            生成一份学员副本，其中的练习都换成桩代码
  room PATH...              课堂总览：同时查看多名学员的进度，PATH 可以是副本、
                            学员交上来的状态文件，或者存放它们的目录
  verify                    运行答案核对（CI 中也会运行）
  map [ID...]               列出每个练习的桩代码会让哪些测试失败
  export [-module PATH] DIR 把 step06 导出为一个可导入的库

在学员副本中：
  (不带命令)                显示进度：每个步骤一条进度条，以及当前练习
  check [ID]                运行某个练习的测试，不带 ID 则运行全部练习的测试
  watch [ID]                每次保存后重新检查；不会自动进入下一个练习
  hint ID                   显示某个练习的下一条提示
  solution [-force] [-apply] ID
                            练习通过后显示答案；加 -apply 则直接放入答案，
                            并先备份你的代码
  reset ID                  恢复该练习的桩代码（会先备份你的代码）
  list                      列出所有练习
  name NAME                 设置讲师在课堂总览中看到的你的名字
  export [-module PATH] [-apply-missing] DIR
                            把你完成的客户端导出为一个库`,
	"%[1]s is not a workshop copy: make one with go run ./internal/workshop init DIR": "%[1]s 不是工作坊副本：请先用 go run ./internal/workshop init DIR 生成一份",
	"%[1]s is a workshop copy already: run init in the repository itself":             "%[1]s 已经是工作坊副本了：init 要在仓库本身中运行",
	"wrote a workshop copy to %[1]s: %[2]d files, %[3]d exercises stubbed in %[4]s":   "已在 %[1]s 生成工作坊副本：共 %[2]d 个文件，%[4]s 中的 %[3]d 个练习已换成桩代码",
	"next: cd %[1]s && go run ./internal/workshop":                                    "下一步：cd %[1]s && go run ./internal/workshop",
	"workshop: %[1]d of %[2]d exercises done":                                         "工作坊：已完成 %[1]d / %[2]d 个练习",
	"%[1]s does not compile":                                       "%[1]s 无法编译",
	"the first error is in exercise %[1]s (%[2]s): %[3]s":          "第一个错误位于练习 %[1]s（%[2]s）：%[3]s",
	"the first error is in %[1]s, which is not an exercise: %[2]s": "第一个错误位于 %[1]s，它不属于任何练习：%[2]s",
	"now: %[1]s %[2]s (%[3]s in %[4]s)":                            "当前练习：%[1]s %[2]s（%[4]s 中的 %[3]s）",
	"first failing test: %[1]s":                                    "第一个失败的测试：%[1]s",
	"(%[1]d more lines: go run ./internal/workshop check %[2]s)":   "(还有 %[1]d 行：go run ./internal/workshop check %[2]s)",
	"every exercise passes. To make your client a library of your own: go run ./internal/workshop export DIR": "所有练习都已通过。要把你的客户端变成属于自己的库，运行：go run ./internal/workshop export DIR",
	"commands: hint %[1]s | check %[1]s | watch | list | solution %[1]s (once it passes)":                     "命令：hint %[1]s | check %[1]s | watch | list | solution %[1]s（通过后可用）",
	"%[1]s %[2]s: PASS (%[3]d tests)": "%[1]s %[2]s：PASS（%[3]d 个测试）",
	"%[1]s %[2]s: PASS (%[3]d of %[4]d tests pass; the others wait for other exercises)":                                       "%[1]s %[2]s：PASS（%[4]d 个测试中通过 %[3]d 个；其余的在等待其他练习）",
	"%[1]s %[2]s: FAIL (%[3]d of %[4]d tests pass)":                                                                            "%[1]s %[2]s：FAIL（%[4]d 个测试中通过 %[3]d 个）",
	"%[1]s also needs exercise %[2]s, which is not done yet":                                                                   "%[1]s 还需要练习 %[2]s，而该练习尚未完成",
	"hint %[1]d of %[2]d for %[3]s %[4]s:":                                                                                     "%[3]s %[4]s 的第 %[1]d 条提示（共 %[2]d 条）：",
	"that was the last hint; the answer: go run ./internal/workshop solution %[1]s (once it passes, or with -force)":           "这是最后一条提示了。练习通过后（或加上 -force）可以查看答案：go run ./internal/workshop solution %[1]s",
	"%[1]s does not pass yet, so its solution stays hidden: try a hint (go run ./internal/workshop hint %[1]s), or add -force": "%[1]s 还没有通过，答案暂不显示：可以加上 -force 强制查看，或者先看一条提示：go run ./internal/workshop hint %[1]s",
	"the solution of %[1]s, as in the canonical %[2]s:":                                                                        "%[1]s 的答案，取自标准代码 %[2]s：",
	"put the solution of %[1]s into %[2]s":                                                                                     "已把 %[1]s 的答案放入 %[2]s",
	"put the stub of %[1]s back into %[2]s":                                                                                    "已把 %[1]s 的桩代码放回 %[2]s",
	"watching %[1]s: checking %[2]s on every save (Ctrl-C stops)":                                                              "正在监视 %[1]s：每次保存后检查 %[2]s（按 Ctrl-C 停止）",
	"%[1]s passes. Read your code once more; then stop this watch and run: go run ./internal/workshop watch %[2]s":             "%[1]s 已通过。再读一遍你的代码，然后停止这次 watch，运行：go run ./internal/workshop watch %[2]s",
	"exercises (%[1]s):": "练习（%[1]s）：",
	"no exercise %[1]q in this copy: see go run ./internal/workshop list":                             "这份副本中没有练习 %[1]q：参见 go run ./internal/workshop list",
	"exercise %[1]s is in %[2]s, which this copy does not include (init -steps)":                      "练习 %[1]s 属于 %[2]s，而这份副本不包含该步骤（init -steps）",
	"wrote the library %[1]s to %[2]s: %[3]d files, %[4]d test files; try: cd %[2]s && go test ./...": "已将库 %[1]s 写入 %[2]s：共 %[3]d 个文件、%[4]d 个测试文件；试试：cd %[2]s && go test ./...",
	"done":                        "完成",
	"todo":                        "待做",
	"does not compile":            "无法编译",
	"not run":                     "未运行",
	"(solved: it shows the loop)": "（已解答：用来演示练习的流程）",
	"added to %[1]s the imports your code uses, which the stub did not need": "已在 %[1]s 中补上你的代码用到、而桩代码不需要的导入",
	"(%[1]d more lines)":  "（还有 %[1]d 行）",
	"the progress report": "进度报告",

	"unknown command %[1]q":        "未知命令 %[1]q",
	"%[1]s takes %[2]s, not %[3]q": "%[1]s 的参数应为：%[2]s；实际收到 %[3]q",
	"no arguments":                 "无",
	"%[1]d argument(s)":            "%[1]d 个",
	"at least %[1]d argument(s)":   "至少 %[1]d 个",
	"%[1]d to %[2]d arguments":     "%[1]d 到 %[2]d 个",
	"-j %[1]d: want a number of go runs at a time, 1 or more":                       "-j %[1]d：应为同时运行的 go 命令个数，至少为 1",
	"-steps %[1]q: want a step number, a range or a list, as 03, 03-04 or 02,05-06": "-steps %[1]q：应为步骤编号、范围或列表，例如 03、03-04 或 02,05-06",
	"-steps %[1]s selects no step with exercises (%[2]s)":                           "-steps %[1]s 没有选中任何含有练习的步骤（%[2]s）",
	"no go.mod here or above: run the tool in the repository or in a workshop copy": "当前目录及其上级目录中都没有 go.mod：请在仓库或工作坊副本中运行本工具",
	"%[1]s is inside the repository: choose a directory outside it":                 "%[1]s 位于仓库之内：请选择仓库之外的目录",
	"%[1]s is not empty": "%[1]s 不是空目录",
	"%[1]s declares %[2]s, which the workshop's %[3]s needs": "%[1]s 中声明了 %[2]s，而工作坊的 %[3]s 需要使用这些名字",

	"the ID must start with %[1]s, the number of its file":                                          "ID 必须以 %[1]s 开头，即所在文件的编号",
	"unknown field %[1]q (id, file, func, tests, stub, minutes, solved, mistakes)":                  "未知字段 %[1]q（可用的字段：id、file、func、tests、stub、minutes、solved、mistakes）",
	`wants id, file and func, as id = "03.2", file = "step03-frames/frame.go", func = "readHeader"`: `应写明 id、file 和 func，例如 id = "03.2"、file = "step03-frames/frame.go"、func = "readHeader"`,
	"file: %[1]s is not a non-test .go file of %[2]s":                                               "file: %[1]s 不是 %[2]s 中的非测试 .go 文件",
	"no exercises in %[1]s": "%[1]s 中没有练习",
	"%[1]s: %[2]s has no text in %[3]s: write its section, ## %[2]s and a title":                      "%[1]s: %[2]s 在 %[3]s 中没有正文：请写出它的一节，以 ## %[2]s 和标题开头",
	"%[1]s: %[2]s is not in the exercise list (%[3]s): a text describes only an exercise that exists": "%[1]s: %[2]s 不在练习清单（%[3]s）中：正文只能描述已有的练习",
	"%[1]s: %[2]s should be %[3]s: exercises are numbered 1, 2, 3 in the order of the file":           "%[1]s: %[2]s 应为 %[3]s：练习按在文件中出现的顺序编号为 1、2、3",
	"%[1]s: %[2]s has no test of its own: every test it lists, another exercise lists too":            "%[1]s: %[2]s 没有只属于自己的测试：它列出的每个测试，都有别的练习也列出了",
	"the body of %[1]s is %[2]d lines; an exercise should have 5 to 25":                               "%[1]s 的函数体有 %[2]d 行；一个练习应在 5 到 25 行之间",
	"the stub must call todo(%[1]s) or errTodo(%[1]s)":                                                "桩代码必须调用 todo(%[1]s) 或 errTodo(%[1]s)",
	"no tests: list those that fail while %[1]s is a stub":                                            "没有测试：请列出 %[1]s 为桩代码时会失败的那些测试",
	"%[1]s has no test %[2]s": "%[1]s 中没有测试 %[2]s",
	"%[1]s is listed twice":   "%[1]s 被列出了两次",
	"no task: write it between the heading and the first ### hint":         "没有任务说明：请写在标题与第一个 ### hint 之间",
	"%[1]d hints: give 2 or 3 (### sections)":                              "%[1]d 条提示：应为 2 或 3 条（### 小节）",
	"hint %[1]d is empty":                                                  "第 %[1]d 条提示是空的",
	"no link to the article (../%[1]s.md#section)":                         "没有指向文章的链接（../%[1]s.md#section）",
	"the article link %[1]s does not resolve: %[2]v":                       "文章链接 %[1]s 无法解析：%[2]v",
	"the article link %[1]s names no section (#anchor)":                    "文章链接 %[1]s 没有指明小节（#anchor）",
	"the article link %[1]s does not resolve: %[2]s has no heading #%[3]s": "文章链接 %[1]s 无法解析：%[2]s 中没有标题 #%[3]s",

	"%[1]s %[2]s (%[3]s), %.0[4]fs\n  tests: %[5]s":  "%[1]s %[2]s（%[3]s），耗时 %.0[4]f 秒\n  测试：%[5]s",
	"  PANIC in %[1]s:\n%[2]s":                       "  %[1]s 中发生 PANIC：\n%[2]s",
	"  never ran: %[1]s":                             "  从未运行：%[1]s",
	"  %[1]s never finished; its last lines:\n%[2]s": "  %[1]s 没有运行结束；最后几行：\n%[2]s",
	"  without the message: %[1]s":                   "  失败时没有该练习的消息：%[1]s",
	"  slow: %[1]s":                                  "  较慢：%[1]s",
	"  listed: %[1]s":                                "  已列出：%[1]s",
	"  the package's own output:\n%[1]s":             "  包自身的输出：\n%[1]s",
	"%[1]s: the stub does not compile:\n%[2]s":       "%[1]s：桩代码无法编译：\n%[2]s",

	"the list: %[1]d exercises in %[2]d steps, %[3]d mapped tests": "练习清单：%[2]d 个步骤中共 %[1]d 个练习，%[3]d 个已映射的测试",
	"(solved)":         "（已解答）",
	"  warning: %[1]s": "  警告：%[1]s",
	"FAIL: %[1]s":      "问题：%[1]s",
	"verify: OK in %[1]s (%[2]d go commands, %[3]d at a time)": "verify: OK，用时 %[1]s（共 %[2]d 条 go 命令，最多同时运行 %[3]d 条）",
	"verify: FAILED, %[1]d problem(s), in %[2]s":               "verify: FAILED，%[1]d 个问题，用时 %[2]s",
	"canonical: %[1]d mapped tests pass":                       "标准代码：%[1]d 个已映射的测试通过",
	"stubs: %[1]d steps compile, go vet ./... is clean; %[2]d mapped tests fail with their exercise's message, %[3]d other tests pass":  "桩代码：%[1]d 个步骤都能编译，go vet ./... 没有报告问题；%[2]d 个已映射的测试失败并带有其练习的消息，另外 %[3]d 个测试通过",
	"isolation: %[1]d exercises stubbed one at a time: %[2]d of their tests fail with their message, and the other mapped tests pass":   "隔离：逐个把 %[1]d 个练习换成桩代码：它们的测试中有 %[2]d 个失败并带有该练习的消息，其他已映射的测试都通过",
	"restore: %[1]d solutions put back; %[2]d stubbed files are again identical to the canonical tree":                                  "还原：放回了 %[1]d 份答案；%[2]d 个换过桩代码的文件又与标准代码树完全一致",
	"export: %[1]s builds in a module of its own (%[2]s); go vet is clean; %[3]d tests in %[4]d test files pass; %[5]s copied":          "导出：%[1]s 能在独立的模块中构建（%[2]s）；go vet 没有报告问题；%[4]d 个测试文件中的 %[3]d 个测试通过；已复制 %[5]s",
	"flaky: %[1]s failed once where it should pass, and passed when run again alone":                                                    "不稳定：%[1]s 本应通过却失败了一次，单独重跑时通过了",
	"not run by verify: %[1]s; no stub reaches them, and go test ./... runs them":                                                       "verify 不运行：%[1]s；任何桩代码都触及不到它们，go test ./... 会运行它们",
	"%[1]s (random interleavings: slow, and verify runs each suite many times)":                                                         "%[1]s（随机交错：较慢，而 verify 要把每套测试运行很多遍）",
	"%[1]s (it needs Python's websockets and Node's ws, and a copy has no node_modules)":                                                "%[1]s（它需要 Python 的 websockets 和 Node 的 ws，而副本里没有 node_modules）",
	"translation %[1]s: %[2]d of %[3]d exercises translated in %[4]s, with the English definitions; their tasks, hints and links check": "译文 %[1]s：%[4]s 中翻译了 %[3]d 个练习中的 %[2]d 个，沿用英文的定义；其任务说明、提示和链接均通过检查",
	"%[1]s: verify does not run %[2]s, yet %[3]s lists it":                                                                              "%[1]s：verify 不运行 %[2]s，但 %[3]s 列出了它",
	"go mod tidy ran offline": "go mod tidy 已离线运行",
	"go.mod and go.sum are the repository's: go mod tidy could not run offline": "go.mod 和 go.sum 沿用仓库的：go mod tidy 无法离线运行",
	"%[1]s with every stub": "%[1]s（全部为桩代码）",
	"%[1]s alone":           "只有 %[1]s 为桩代码",
	" or ":                  " 或 ",

	"%[1]s does not compile:\n%[2]s":                                                                         "%[1]s 无法编译：\n%[2]s",
	"canonical %[1]s: %[2]s fails without any stub:\n%[3]s":                                                  "标准代码 %[1]s：%[2]s 在没有任何桩代码时就失败了：\n%[3]s",
	"%[1]s: %[2]s fails, and no exercise lists it (run map, or choose a stub that keeps it passing):\n%[3]s": "%[1]s：%[2]s 失败了，但没有任何练习列出它（运行 map，或者换一个能让它继续通过的桩代码）：\n%[3]s",
	"%[1]s: %[2]s passes, yet %[3]s lists it":                                                                "%[1]s：%[2]s 通过了，但 %[3]s 列出了它",
	"%[1]s: %[2]s fails without the message of %[3]s:\n%[4]s":                                                "%[1]s：%[2]s 失败了，但没有 %[3]s 的消息：\n%[4]s",
	"%[1]s: the test binary panicked in %[2]s, and the tests after it did not run:\n%[3]s":                   "%[1]s：测试二进制在 %[2]s 中 panic，其后的测试都没有运行：\n%[3]s",
	"%[1]s: %[2]s fails, though only %[3]s list it:\n%[4]s":                                                  "%[1]s：%[2]s 失败了，但只有 %[3]s 列出了它：\n%[4]s",
	"go vet ./... in the copy with every stub: %[1]v\n%[2]s":                                                 "go vet ./...（在全部为桩代码的副本中）：%[1]v\n%[2]s",
	"making the copy: %[1]v":                                                                                 "生成副本：%[1]v",
	"restore %[1]s: %[2]v":                                                                                   "还原 %[1]s：%[2]v",
	"restore: %[1]s with every solution put back differs from the canonical file":                            "还原：放回所有答案后的 %[1]s 与标准文件不一致",
	"export: %[1]v":                       "导出：%[1]v",
	"export: go vet ./...: %[1]v\n%[2]s":  "导出：go vet ./...：%[1]v\n%[2]s",
	"export: %[1]s fails:\n%[2]s":         "导出：%[1]s 失败：\n%[2]s",
	"export: go test ./... fails:\n%[1]s": "导出：go test ./... 失败：\n%[1]s",

	"  go mod tidy could not run offline (%[1]v); go.mod and go.sum are the repository's": "  go mod tidy 无法离线运行（%[1]v）；go.mod 和 go.sum 沿用仓库的",
	"%[1]s imports %[2]s: the library may import no package of the tutorial":              "%[1]s 导入了 %[2]s：库不能导入教程中的任何包",

	// A copy without answers, graduation and the room.
	hintsNoteText: "提示：运行 `go run ./internal/workshop hint %[1]s`，每次给出一条。",
	copyGuideText: `# 工作坊

这是一份学员副本。讲师指南只保留在仓库里，因为里面列着每个练习的常见错误。
学员需要的说明都在[练习的 README](exercises/README.md) 里。
`,
	"%[1]s passes: your %[2]s is now in %[3]s too, so the later steps build on your code":                                           "%[1]s 通过了：你写的 %[2]s 也已放进 %[3]s，后面的步骤会在你的代码上继续",
	"%[1]s: %[2]s has grown in a later lesson, so %[3]s get that step's own version":                                                "%[1]s：%[2]s 在后面的步骤里还有扩展，所以 %[3]s 中放入的是那个步骤自己的版本",
	"your code as it was is saved in %[1]s":                                                                                         "你原来的代码已备份到 %[1]s",
	"not exported: %[1]d exercises are not done yet, by the last check: %[2]s":                                                      "没有导出：按上一次检查的结果，还有 %[1]d 个练习没有完成：%[2]s",
	"finish them (go run ./internal/workshop check), or add -apply-missing to put their solutions in; your code is backed up first": "先完成它们（go run ./internal/workshop check），或者加上 -apply-missing 直接放入答案；放入之前会先备份你的代码",
	"name\tdone\tnow\tstarted\tlast pass\thints\tapplied\tforced":                                                                   "姓名\t完成\t当前练习\t开始\t最近通过\t提示\t放入答案\t提前看答案",
	"%[1]s (%[2]d min ago)": "%[1]s（%[2]d 分钟前）",
	"this copy is %[1]s's now: the instructor's room shows that name": "这份副本现在属于 %[1]s：讲师的课堂总览会显示这个名字",
	"%[1]s as init makes it": "%[1]s（init 生成的副本）",

	// Feedback on a failing test: a panic, a hang, and the exercise to
	// blame.
	"still running: %[1]s, %[2]s so far; the run stops at %[3]s":                  "仍在运行：%[1]s，已运行 %[2]s；运行到 %[3]s 时会被停止",
	"still running: %[1]s (exercise %[2]s), %[3]s so far; the run stops at %[4]s": "仍在运行：%[1]s（练习 %[2]s），已运行 %[3]s；运行到 %[4]s 时会被停止",
	"(panicked)":       "（发生了 panic）",
	"(did not finish)": "（没有结束）",
	"(did not run)":    "（没有运行）",
	"it did not run: the run stopped at %[1]s":                         "它没有运行：这次运行停在了 %[1]s",
	"it panicked: %[1]s":                                               "它发生了 panic：%[1]s",
	"it did not finish within %[1]s, so the run was stopped":           "它在 %[1]s 内没有结束，所以这次运行被停止了",
	"at %[1]s:%[2]d, in %[3]s (exercise %[4]s)":                        "位置：%[1]s:%[2]d，在 %[3]s 中（练习 %[4]s）",
	"at %[1]s:%[2]d, in %[3]s":                                         "位置：%[1]s:%[2]d，在 %[3]s 中",
	"called from %[1]s:%[2]d, in %[3]s (exercise %[4]s)":               "调用它的是 %[1]s:%[2]d，在 %[3]s 中（练习 %[4]s）",
	`the whole trace: go test -run "^%[1]s$" %[2]s`:                    `完整的调用栈：go test -run "^%[1]s$" %[2]s`,
	"%[1]s stopped in the code of exercise %[2]s":                      "%[1]s 停在了练习 %[2]s 的代码里",
	"%[1]s did not run: the run stopped in the code of exercise %[2]s": "%[1]s 没有运行：这次运行停在了练习 %[2]s 的代码里",
	"%[1]s also needs exercise %[2]s, which fails its own tests":       "%[1]s 还需要练习 %[2]s，而该练习自己的测试没有通过",

	// The common mistakes that verify puts into the solutions.
	"%[1]s mistake %[2]d (%[3]s)":                                                                                  "%[1]s 的常见错误 %[2]d（%[3]s）",
	"%[1]s: the edit cannot be made: %[2]v":                                                                        "%[1]s：无法做这处修改：%[2]v",
	"%[1]s: all of %[2]s's own tests pass (%[3]s): write a test that catches it":                                   "%[1]s：%[2]s 自己的测试全部通过（%[3]s）：请写一个能发现这个错误的测试",
	"mistake %[1]d has no why: say what the student got wrong":                                                     "常见错误 %[1]d 没有 why：请写明学员错在哪里",
	"mistake %[1]d: from must be text of the solution, and to something else":                                      "常见错误 %[1]d：from 必须是答案里的一段文本，to 必须与它不同",
	"mistake %[1]d: %[2]q occurs %[3]d times in %[4]s, not once":                                                   "常见错误 %[1]d：%[2]q 在 %[4]s 中出现了 %[3]d 次，而不是恰好一次",
	"mistakes: %[1]d common mistakes put into the solutions one at a time; each fails an own test of its exercise": "常见错误：把 %[1]d 个常见错误逐个放进答案；每个都会让所属练习自己的某个测试失败",
}
