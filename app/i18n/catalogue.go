package i18n

// catalogue holds every user-facing string of app/, by view. Each entry is
// a fmt format in both languages; keep the verbs' count and types equal
// (the completeness test checks it).
var catalogue = map[string]Msg{
	// Header and page (player.go).
	"page.doc_title":     {"ReplScope: see Redis replication byte by byte", "ReplScope：逐字节观察 Redis 复制"},
	"page.brand":         {"ReplScope", "ReplScope"},
	"page.share":         {"Share / Embed", "分享 / 嵌入"},
	"page.edit":          {"Edit scenario", "编辑场景"},
	"page.diagram":       {"Replication diagram", "复制示意图"},
	"page.details":       {"Details", "详情"},
	"page.lang":          {"Language", "语言"},
	"page.untranslated":  {"This lesson has no translation into this language yet: it is shown in English.", "本课程还没有中文翻译，以下为英文原文。"},
	"err.s_base64":       {"The link's scenario (s=) is not valid base64url: %s. Paste the scenario in the editor, or choose a lesson.", "链接中的场景（s=）不是有效的 base64url：%s。请把场景粘贴到编辑器中，或者选择一门课程。"},
	"err.no_lesson":      {"There is no lesson named %q. Showing the first lesson.", "没有名为 %q 的课程。现在显示第一门课程。"},
	"err.at":             {"&at=%s is not an event number.", "&at=%s 不是事件编号。"},
	"err.lang":           {"&lang=%s is not a language of this site (en, zh-CN).", "&lang=%s 不是本站支持的语言（en、zh-CN）。"},
	"console.ok_events":  {"OK (%d events)", "OK（%d 个事件）"},
	"common.close":       {"Close", "关闭"},
	"common.brand_title": {"ReplScope", "ReplScope"},

	// Controls (controls.go).
	"controls.toolbar":     {"Playback", "播放控制"},
	"controls.play":        {"Play", "播放"},
	"controls.pause":       {"Pause", "暂停"},
	"controls.reset":       {"Reset to the start", "回到开头"},
	"controls.prev_line":   {"Previous line", "上一行"},
	"controls.back":        {"Step back one event", "后退一个事件"},
	"controls.step":        {"Step forward one event", "前进一个事件"},
	"controls.next_line":   {"Next line", "下一行"},
	"controls.key_space":   {"Space", "空格键"},
	"controls.key_title":   {"%s (%s)", "%s（%s）"},
	"controls.speed":       {"Speed", "速度"},
	"controls.speed_label": {"Playback speed", "播放速度"},
	"controls.rate_one":    {"%d event/s", "每秒 %d 个事件"},
	"controls.rate":        {"%d events/s", "每秒 %d 个事件"},
	"controls.timeline":    {"Timeline: event", "时间线：事件"},
	"controls.start":       {"start", "开头"},
	"controls.line":        {"line %d", "第 %d 行"},
	"controls.position":    {"event %d / %d · %s", "事件 %d / %d · %s"},

	// Console (console.go).
	"console.title":       {"Console", "控制台"},
	"console.input_label": {"Command for the prompt's node, for example SET a 1", "发给提示符所指节点的命令，例如 SET a 1"},
	"console.placeholder": {"SET a 1 · INFO replication · :R · link R down", "SET a 1 · INFO replication · :R · link R down"},
	"console.run":         {"Run", "运行"},

	// Narration (narration.go).
	"narration.before":     {"Before the first event. Press → to step, Space to play.", "第一个事件之前。按 → 单步执行，按空格键播放。"},
	"narration.func_title": {"The Redis function that does this", "执行这一步的 Redis 函数"},
	"narration.kind_title": {"Event kind", "事件类型"},

	// PSYNC card (psync.go).
	"psync.title":                  {"PSYNC", "PSYNC"},
	"psync.none":                   {"No PSYNC on this line yet. A replica asks one when it (re)connects: cut and restore a link, restart, or re-point a replica.", "这一行还没有 PSYNC。从节点在连接或重新连接时才会发送 PSYNC：可以断开再恢复复制链路、重启，或让从节点改为复制另一个节点。"},
	"psync.asked":                  {"%s asked ", "%s 发送了 "},
	"psync.check_label":            {"%s: ", "%s："},
	"psync.holds":                  {"holds: ", "满足："},
	"psync.fails":                  {"fails: ", "不满足："},
	"psync.check.replication_id":   {"replication id", "复制 ID"},
	"psync.check.backlog":          {"backlog", "积压缓冲区"},
	"psync.check.offset_in_window": {"offset in window", "偏移量在窗口内"},
	"psync.verdict.continue":       {"partial resync: only the missing bytes follow, no RDB", "部分重同步：只补发缺失的字节，不传 RDB"},
	"psync.verdict.fullresync":     {"full sync: an RDB snapshot, then the stream from its offset", "全量同步：先传 RDB 快照，再从快照对应的偏移量开始发送复制流"},
	"psync.checks_label":           {"The conditions Redis checks, in order", "Redis 依次检查的条件"},

	// INFO panel (infopanel.go).
	"info.title":   {"INFO replication ", "INFO replication "},
	"info.node":    {"Node", "节点"},
	"info.caption": {"as redis-cli prints it; field names are Redis's own", "与 redis-cli 的输出一致；字段名保持 Redis 原文"},

	// Exercise (quiz.go).
	"quiz.title":         {"Exercise", "练习"},
	"quiz.score":         {"Score: %d / %d of %d", "得分：%d / %d（共 %d 题）"},
	"quiz.done":          {"All questions answered. Keep stepping to see the rest.", "所有问题都已回答。继续单步执行，看看后面发生了什么。"},
	"quiz.ask_field":     {"What will %s's %s be after this line?", "这一行执行之后，%s 的 %s 会是多少？"},
	"quiz.ask_psync":     {"Will %s get +CONTINUE or +FULLRESYNC?", "%s 会收到 +CONTINUE 还是 +FULLRESYNC？"},
	"quiz.answer_label":  {"Your answer", "你的答案"},
	"quiz.answer":        {"Answer", "回答"},
	"quiz.next_line":     {"Next line: ", "下一行："},
	"quiz.right":         {"Right!", "答对了！"},
	"quiz.wrong":         {"Not quite.", "不太对。"},
	"quiz.you_said":      {" You said %s; the answer is %s. %s", "你的回答是 %s，正确答案是 %s。%s"},
	"quiz.checks":        {"Redis checks, in order:", "Redis 依次检查："},
	"quiz.explain_field": {"After `%s`, INFO on %s says %s:%s.", "执行 `%s` 之后，%s 的 INFO 显示 %s:%s。"},
	"quiz.error":         {"This lesson's exercise cannot be played: %s", "本课程的练习无法进行：%s"},

	// Share / Embed (share.go).
	"share.title":  {"Share this view", "分享当前视图"},
	"share.link":   {"Link (opens this scenario at event %d)", "链接（打开此场景并定位到事件 %d）"},
	"share.embed":  {"Embed in a page", "嵌入到网页"},
	"share.open":   {"Open link", "打开链接"},
	"share.iframe": {"ReplScope", "ReplScope"},

	// Lesson list, the home page (lessonlist.go) and the picker (lessons.go).
	"lessons.nav":           {"Lessons", "课程"},
	"lessons.title":         {"Lessons", "课程"},
	"lessons.exercise":      {"exercise", "练习"},
	"lessons.guide":         {"Read the guide", "阅读指南"},
	"lessons.embed_example": {"embedding example", "嵌入示例"},
	"lessons.untranslated":  {"(in English)", "（英文）"},
	"picker.lesson":         {"Lesson", "课程"},
	"picker.choose":         {"Choose a lesson", "选择课程"},
	"picker.yours":          {"Your scenario", "你的场景"},

	// Guide pages (guide.go, guide_zh.go).
	"guide.header":     {"A guide to Redis replication offsets", "Redis 复制偏移量指南"},
	"guide.open":       {"Open “%s” in the full player", "在完整播放器中打开“%s”"},
	"guide.back":       {"Back to the lessons", "返回课程列表"},
	"guide.other_lang": {"中文指南", "English guide"},

	// Backlog view (backlogview.go).

	// Editor (editor.go).
	"editor.title":    {"Scenario", "场景"},
	"editor.text":     {"Scenario text", "场景文本"},
	"editor.run":      {"Run this scenario", "运行此场景"},
	"editor.upload":   {"Upload .scenario", "上传场景文件（.scenario）"},
	"editor.download": {"Download", "下载"},

	// Node actions (nodeactions.go).
	"actions.label":       {"Actions for %s", "%s 的操作"},
	"actions.cut":         {"Cut link", "断开链路"},
	"actions.restore":     {"Restore link", "恢复链路"},
	"actions.restart":     {"Restart", "重启"},
	"actions.promote":     {"Promote", "提升为主节点"},
	"actions.new_master":  {"New master", "新的主节点"},
	"actions.repoint":     {"Re-point", "改为复制所选节点"},
	"actions.add":         {"Add replica", "添加从节点"},
	"actions.set_backlog": {"Set backlog size", "设置积压缓冲区大小"},
	"actions.ran":         {"%s → %s", "%s → %s"},

	// Topology (topology.go).
	"topo.label":      {"Servers and replication links: select a server for its actions and INFO", "服务器与复制链路：选择一台服务器，查看它的操作和 INFO"},
	"topo.up_lag":     {"up · lag %s", "up · 延迟 %s"},
	"topo.cut_lag":    {"cut · lag %s", "已断开 · 延迟 %s"},
	"topo.in_flight":  {" · %s in flight", " · 传输中 %s"},
	"topo.up":         {"up", "up"},
	"topo.down":       {"down", "down"},
	"topo.syncing":    {"syncing", "同步中"},
	"topo.read":       {"read", "已读"},
	"topo.applied":    {"applied", "已应用"},
	"topo.link":       {"link", "链路"},
	"topo.replicas":   {"replicas", "从节点"},
	"topo.backlog":    {"backlog", "积压缓冲区"},
	"topo.card_label": {"%s, %s, offset %s: show actions and INFO", "%s，%s，偏移量 %s：显示操作和 INFO"},

	// Offset chart (chart.go).
	"chart.title": {"Offsets over events", "偏移量随事件的变化"},
	"chart.none":  {"No offset has moved yet.", "还没有偏移量发生变化。"},
	"chart.event": {"event %d", "事件 %d"},

	// Stream (streamview.go).
	"stream.title_empty": {"Replication stream", "复制流"},
	"stream.none":        {"No bytes yet: the stream starts with the first write after a replica attached.", "还没有字节：复制流从有从节点接入之后的第一个写命令开始。"},
	"stream.title":       {"Replication stream of %s", "%s 的复制流"},
	"stream.table":       {"Stream bytes by offset", "按偏移量排列的复制流字节"},
	"stream.offsets":     {"offsets %d–%d", "偏移量 %d–%d"},

	// Added with the views restructured for issue 10 (value props, the
	// offset line, the redis-cli console, the first screen, embeds).
	"err.shared":           {"The shared scenario does not run: %s. Fix it here; the link is left as it was.", "分享的场景无法运行：%s。请在这里修改；链接保持原样。"},
	"page.open_full":       {"open in ReplScope", "在 ReplScope 中打开"},
	"intro.label":          {"Introduction", "简介"},
	"intro.text":           {"ReplScope replays Redis replication byte by byte, exactly as a real redis-server 7.0 does it: a master, its replicas, their offsets, the backlog and every PSYNC. Press Start to play the first lesson, step with → and ←, or type SET a 1 in the console.", "ReplScope 逐字节重放 Redis 复制，与真实的 redis-server 7.0 完全一致：主节点、它的从节点、各自的偏移量、积压缓冲区以及每一次 PSYNC。按“开始”播放第一门课程，用 → 和 ← 单步执行，或者在控制台输入 SET a 1。"},
	"intro.start":          {"Start", "开始"},
	"narration.reply":      {"Reply", "回复"},
	"info.of":              {"INFO replication of %s", "%s 的 INFO replication"},
	"topo.id":              {"id", "ID"},
	"console.switched":     {"now on %s", "已切换到 %s"},
	"console.unknown_node": {"there is no node %s; the nodes are %s", "没有节点 %s；现有节点：%s"},
	"console.verb":         {"hint: scenario verbs are lower case: %s", "提示：场景动词使用小写：%s"},
	"console.node_case":    {"hint: node names are case-sensitive: %s", "提示：节点名区分大小写：%s"},
	"console.unknown":      {"hint: ReplScope models %d commands; Tab completes a name.", "提示：ReplScope 模拟了 %d 个命令；按 Tab 键可以补全命令名。"},
	"console.parse":        {"hint: a line is a Redis command for the prompt's node (SET a 1), NODE COMMAND (R GET a), or a scenario verb (link R down, restart M).", "提示：一行可以是发给提示符所指节点的 Redis 命令（SET a 1）、“节点 命令”（R GET a），或者场景动词（link R down、restart M）。"},
	"console.not_added":    {"(not added to the scenario)", "（未加入场景）"},
	"ol.zoom":              {"Zoom the offset line", "缩放偏移量轴"},
	"ol.zoom_in":           {"Zoom in", "放大"},
	"ol.zoom_out":          {"Zoom out", "缩小"},
	"ol.pan_left":          {"Pan towards older offsets", "移向较早的偏移量"},
	"ol.pan_right":         {"Pan towards newer offsets", "移向较新的偏移量"},
	"ol.title":             {"Offset line: backlog window and blocks", "偏移量轴：积压缓冲区的窗口与块"},
	"ol.none":              {"No backlog yet: a master creates one when its first replica asks to sync (repl_backlog_active:0).", "还没有积压缓冲区：主节点在第一个从节点请求同步时才创建它（repl_backlog_active:0）。"},
	"ol.label":             {"Backlogs on the offset axis", "偏移量轴上的积压缓冲区"},
	"ol.window":            {"%s window %d–%d · histlen %d", "%s 窗口 %d–%d · histlen %d"},
	"ol.empty":             {"%s empty: next byte %d", "%s 为空：下一个字节 %d"},
	"ol.to_go":             {"size %d: %d bytes to go before trimming can start", "大小 %d：再写入 %d 字节才可能开始裁剪"},
	"ol.over":              {"size %d: %d bytes over; trimmed only as whole blocks", "大小 %d：超出 %d 字节；只按整块裁剪"},
	"ol.to_go_short":       {"size %d · %d B to go", "大小 %d · 还差 %d B"},
	"ol.over_short":        {"size %d · %d B over (whole blocks)", "大小 %d · 超出 %d B（整块裁剪）"},
	"ol.block":             {"block #%d: offsets %d–%d, %d of %d bytes used, refcount %d", "块 #%d：偏移量 %d–%d，已用 %d / %d 字节，引用计数 %d"},
	"ol.pinned":            {", pinned by %s", "，被 %s 引用"},
	"ol.ack":               {"%s acknowledged %d (sent up to %d)", "%s 已确认 %d（已发送到 %d）"},
	"ol.psync":             {"PSYNC %d", "PSYNC %d"},
	"ol.in":                {" in window", "，在窗口内"},
	"ol.out":               {" outside window", "，在窗口外"},
	"ol.fit":               {"Fit blocks", "适配块"},
	"ol.scale":             {"To scale", "按比例"},
	"ol.lg_block":          {"block (used / capacity)", "块（已用 / 容量）"},
	"ol.lg_pinned":         {"pinned by a replica", "被从节点引用"},
	"ol.lg_window":         {"window", "窗口"},
	"ol.lg_size":           {"repl-backlog-size", "repl-backlog-size"},
	"ol.size_from":         {"repl-backlog-size %d from offset %d", "repl-backlog-size %d，从偏移量 %d 开始"},
	"quiz.wait":            {"The next question comes before line %d: step on.", "下一个问题在第 %d 行之前出现：继续单步执行。"},
	"quiz.json":            {"Results as JSON", "结果（JSON）"},
	"quiz.csv":             {"Results as CSV", "结果（CSV）"},
}
