package i18n

// GuideBlock is one piece of the Chinese guide: a heading, a paragraph
// (`code` in backquotes), a note (where the seed article simplifies) or a
// lesson embedded at an event.
type GuideBlock struct {
	Kind   string // "h1", "h2", "p", "note", "embed"
	Text   string // the text; for an embed, its caption
	Lesson string // embed: the lesson's name (?lesson=)
	At     int    // embed: the event it opens at (&at=)
}

// GuideZH is the Chinese guide, written for the readers of the article the
// project starts from (“Redis复制机制中slave如何获取master_repl_offset的解析”)
// and along its outline. Every number it states is one a lesson shows and
// the conformance suite proves against a real redis-server (the app's
// guide test checks it).
var GuideZH = []GuideBlock{
	{Kind: "h1", Text: "从节点如何得知 master_repl_offset：边看边学 Redis 复制偏移量"},
	{Kind: "p", Text: "这份指南写给读过《Redis复制机制中slave如何获取master_repl_offset的解析》一文的读者。它沿用那篇文章的提纲，把每个要点放进一个可以单步播放的课程：课程里的每个数字都由模拟器算出，并与真实的 redis-server 逐字段比对过。点一下示意图里的节点，可以断开链路、重启或提升它；每一步都能看到主从两边的偏移量、复制流的字节和积压缓冲区。"},

	{Kind: "h2", Text: "复制偏移量的本质"},
	{Kind: "p", Text: "复制偏移量就是复制流的字节数。主节点把每个会改变数据的写命令编码成 Redis 协议（RESP），追加到复制流里；`master_repl_offset` 是到目前为止复制流的总字节数。以 `SET foo bar` 为例：它编码后是 31 字节；在它之前，因为复制流还没有说明当前是哪个数据库，Redis 先写入 `SELECT 0`，23 字节。所以第一次写入后主节点的 `master_repl_offset` 是 54，而从节点应用了同样的 54 字节，`slave_repl_offset` 也是 54。"},
	{Kind: "note", Text: "原文说“主节点会为每个写入命令分配一个递增的偏移量”。这个说法大体不错，只是偏移量并不是按命令编号的：每条命令让偏移量增加的是它在复制流中的字节数。`SET foo barbarbar` 是 37 字节，比 `SET foo bar` 多 6 个，偏移量也就多走 6。读命令，以及什么都没有改变的写命令（比如删除一个不存在的键），一个字节也不写，偏移量不动。下面的课程逐条展示了这些数字。"},
	{Kind: "embed", Lesson: "offsets", At: 22, Text: "偏移量是什么：复制流的字节数"},
	{Kind: "p", Text: "原文提到偏移量记录在两个地方：主节点的复制积压缓冲区（`repl_backlog`），以及从节点的复制状态中。更确切地说，积压缓冲区保存的是复制流最近的那一段字节，外加第一个字节的偏移量（`repl_backlog_first_byte_offset`）；其中任何一个字节的偏移量都可以由它的位置算出来。从节点的 INFO 里则有三个数：`slave_read_repl_offset`（已读到的字节）、`slave_repl_offset`（已应用的字节）和它自己的 `master_repl_offset`（已写入自己积压缓冲区的字节）。"},

	{Kind: "h2", Text: "从节点获取偏移量的机制"},
	{Kind: "p", Text: "原文说得对：从节点是通过复制连接实时得知进度的，而不是定期轮询。主节点处理写命令时，经 `propagateNow` → `replicationFeedSlaves` → `feedReplicationBuffer` 把命令的字节写入复制缓冲区，再由 `writeToClient` 通过从节点的输出缓冲区发到套接字上。从节点 `readQueryFromClient` 读到这些字节（`slave_read_repl_offset` 增加），每凑齐一条完整的命令就执行它（`slave_repl_offset` 增加）。"},
	{Kind: "note", Text: "这里原文做了一处简化：它说主节点发送命令时“会附带当前的复制偏移量信息”。实际上复制流里只有命令本身的 RESP 字节，没有任何偏移量。主从两边各自数字节：主节点写入一条命令，`master_repl_offset` 就加上它的长度；从节点应用这条命令，`slave_repl_offset` 就加上同样的长度。两边数的是同一串字节，所以数出来的结果一样。线路上明确写出偏移量的只有握手和确认消息：从节点重连时发送的 `PSYNC <复制 ID> <偏移量>`，主节点全量同步时回复的 `+FULLRESYNC <复制 ID> <偏移量>`，以及从节点定期发送的 `REPLCONF ACK <偏移量>`。在下面的课程里单步浏览事件，可以看到每条命令只带着自己的字节过去。"},
	{Kind: "embed", Lesson: "how-a-replica-learns", At: 30, Text: "从节点如何得知主节点的偏移量"},
	{Kind: "p", Text: "反过来，主节点是靠 `REPLCONF ACK` 得知从节点进度的：从节点在 `replicationCron` 中每秒发送一次（主节点为 `WAIT` 发出 `REPLCONF GETACK *` 时也会立即回复）。主节点 INFO 中 `slave0:...,offset=` 显示的就是最近一次确认的偏移量。课程里，断开链路后 M 继续写入，M 到了 104，R 停在 76；重连时 R 发送 `PSYNC <id> 77`，即它已应用的偏移量加一。"},

	{Kind: "h2", Text: "关键函数调用链"},
	{Kind: "p", Text: "原文给出的调用链 `commandProcessed` → `replicationFeedStreamFromMasterStream` → `feedReplicationBuffer` 是从节点这一侧的：从节点执行完主节点发来的一条命令后，`commandProcessed` 把 `reploff`（INFO 中的 `slave_repl_offset`）前移到这条命令的末尾，再通过 `replicationFeedStreamFromMasterStream` 把刚应用的字节原样写进自己的复制缓冲区，于是它自己的 `master_repl_offset` 也同步前移。主节点那一侧对应的是 `call` → `propagatePendingCommands` → `propagateNow` → `replicationFeedSlaves` → `feedReplicationBuffer`。"},
	{Kind: "p", Text: "从节点为什么要把字节再写一遍？因为它自己也可能有从节点。级联复制时，R1 并不自己生成复制流，而是把从 M 应用的字节原样转发给 R2，所以整条链上的偏移量完全一致：R1 的 `master_repl_offset` 就是 M 的 50，R2 的 `slave_repl_offset` 也是 50。示意图中每个事件旁边都标出了执行它的 Redis 函数。"},
	{Kind: "embed", Lesson: "chained-replicas", At: 41, Text: "级联复制的从节点收到的正是主节点的字节"},

	{Kind: "h2", Text: "与复制积压缓冲区的关系"},
	{Kind: "p", Text: "正如原文所说，复制积压缓冲区主要用于部分重同步。主节点在积压缓冲区里保留复制流最近的一段（`repl-backlog-size`，默认 1 MiB）。从节点短暂断开后重连，会发送 `PSYNC <复制 ID> <自己的偏移量加一>`。只要复制 ID 是主节点的，且积压缓冲区里还有这个字节，主节点就回复 `+CONTINUE`，只补发缺失的部分：下面的课程里，短暂断线后只补发了 61 字节，不需要 RDB。"},
	{Kind: "embed", Lesson: "partial-resync", At: 34, Text: "短暂断线以 +CONTINUE 告终"},
	{Kind: "p", Text: "如果请求的字节已经不在积压缓冲区里，回复就是 `+FULLRESYNC`：全量同步，先传一份 RDB 快照，再从快照对应的偏移量开始发送复制流。下面的课程把积压缓冲区设为 16 KiB，断线期间写入约 41 KB，从节点请求的第 51 个字节早已被裁剪。PSYNC 卡片按 Redis 的顺序列出每个条件和它的数值。"},
	{Kind: "embed", Lesson: "backlog-overflow", At: 112, Text: "积压缓冲区溢出以 +FULLRESYNC 告终"},
	{Kind: "p", Text: "Redis 7.0 的积压缓冲区不再是环形缓冲区，而是一串与所有从节点的输出缓冲区共享的块。一个 16 KiB 的块实际能存 20440 字节。Redis 只从头部整块丢弃，而且只在丢掉之后剩下的仍超过 `repl-backlog-size` 时才丢，所以 `repl_backlog_histlen` 通常大于设定值：`repl-backlog-size` 为 16384 时，复制历史要到 37350 字节才丢掉第一个块（36314 字节时还不丢），此后窗口从 20441 开始，长度 16910。"},
	{Kind: "embed", Lesson: "backlog-blocks", At: 276, Text: "7.0 的积压缓冲区：整块裁剪"},

	{Kind: "h2", Text: "实际应用中的意义"},
	{Kind: "p", Text: "监控主从延迟：以字节计的复制延迟就是主节点的 `master_repl_offset` 减去从节点的偏移量。主节点 INFO 里每个 `slaveN` 行的 `offset` 是从节点最近一次确认的值（最多晚一秒左右）；从节点自己的 `slave_repl_offset` 则是它实际应用到的位置。注意 `slaveN` 行中的 `lag` 字段是距上次确认的秒数，不是字节数。下面的课程里，两个从节点都确认了 59 字节，延迟为 0；B 断线后落后的正好是此后写入的字节数，重连后从积压缓冲区追上。"},
	{Kind: "embed", Lesson: "monitoring-lag", At: 117, Text: "从 INFO replication 监控复制延迟"},
	{Kind: "p", Text: "故障恢复：从节点被提升为主节点（`REPLICAOF NO ONE`）时，`shiftReplicationId` 换用新的复制 ID，同时把旧的保留为 `master_replid2`，有效到 `second_repl_offset`，即它的偏移量加一（课程里是 51）。原主节点的其他从节点改为复制它时，用旧复制 ID 发送 PSYNC，仍然可以得到 `+CONTINUE`，不必全量同步。"},
	{Kind: "embed", Lesson: "failover", At: 51, Text: "故障转移：用第二复制 ID 发送 PSYNC"},
	{Kind: "p", Text: "重启同样如此：RDB 中保存了 `repl-id` 和 `repl-offset`，所以以 `SHUTDOWN SAVE` 关闭再启动的服务器仍然可以部分重同步。主节点重启后换了新的复制 ID，但把保存的复制 ID 保留为 `master_replid2`，`second_repl_offset` 为 51。"},
	{Kind: "embed", Lesson: "restart-from-rdb", At: 39, Text: "从 RDB 重启后复制历史依然保留"},
	{Kind: "p", Text: "性能调优：`repl-backlog-size` 决定了多长的断线还能以部分重同步结束。粗略估算，它应当不小于“写入速率（字节/秒）× 希望容忍的断线时长”；在 Redis 7.0 中还要记住裁剪是整块进行的。积压缓冲区太小的代价，就是上面那次 `+FULLRESYNC`：一份完整的 RDB 和一次重新加载。"},
	{Kind: "p", Text: "想检验自己是否理解了？打开任意一个课程，在地址后面加上 `&mode=exercise`，在每次重同步之前先预测结果。"},
}
