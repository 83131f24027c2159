package core

// Simplified Chinese for the event sentences and the PSYNC decision
// (issue 12). Each case mirrors Explain (event.go) and decidePsync
// (psync.go) with the same numbers; the terms follow
// docs/glossary.zh-CN.md. What Redis prints (commands, replies, INFO
// fields, function names, log lines) stays as Redis prints it, in code
// spans where it is a phrase. This file reads only Event and
// PsyncDecision fields, so it survives a rewrite of the emitting code;
// a free text (Event.Text) that it does not know is shown as is, in a
// code span.

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// ExplainZH is Explain in Simplified Chinese: one sentence with the same
// numbers.
func (e *Event) ExplainZH() string {
	rng := fmt.Sprintf("字节 %d–%d", e.Offset, e.End())
	switch e.Kind {
	case EvExecuted:
		if e.A == 0 {
			return fmt.Sprintf("%s 执行了 `%s` → %s；它没有改变数据集，所以不传播任何内容。", e.Node, cmdText(e.Argv), zhReply(e.Text))
		}
		return fmt.Sprintf("%s 执行了 `%s` → %s；它改变了数据集，所以 call() 把它传播出去。", e.Node, cmdText(e.Argv), zhReply(e.Text))
	case EvQueued:
		return fmt.Sprintf("%s 在 MULTI 中把 `%s` 放入队列；EXEC 之前什么都不执行。", e.Node, cmdText(e.Argv))
	case EvSelect:
		if e.A < 0 {
			return fmt.Sprintf("%s 的复制流还没有选择过数据库（db %d），所以 replicationFeedSlaves 先写入 SELECT %d（%d 字节，%s）。", e.Node, e.A, e.B, e.Len, rng)
		}
		return fmt.Sprintf("%s 的复制流当前在 db %d，所以 replicationFeedSlaves 先写入 SELECT %d（%d 字节，%s）。", e.Node, e.A, e.B, e.Len, rng)
	case EvFed:
		if e.Peer != "" {
			return fmt.Sprintf("%s 把从 %s 应用的 %d 字节原样写入自己的积压缓冲区（%s）：master_repl_offset 现在是 %d。", e.Node, e.Peer, e.Len, rng, e.End())
		}
		return fmt.Sprintf("%s 把 `%s` 写入复制缓冲区：%d 字节，%s；master_repl_offset 现在是 %d。", e.Node, cmdText(e.Argv), e.Len, rng, e.End())
	case EvBlockAdded:
		return fmt.Sprintf("%s 的最后一个缓冲块已满：feedReplicationBuffer 分配第 #%d 块，可用 %d 字节，起始偏移量 %d，并写入 %d 字节：master_repl_offset 现为 %d。", e.Node, e.A, e.B, e.Offset, e.Len, e.End())
	case EvBacklogTrimmed:
		if e.A == 0 { // Redis 6.2 的环形积压缓冲区
			return fmt.Sprintf("%s 的环形积压缓冲区正好容纳 repl-backlog-size 字节：最旧的 %d 字节被覆盖或丢弃；窗口现在从 %d 开始。", e.Node, e.B, e.Offset)
		}
		return fmt.Sprintf("%s 的 histlen 超过了 repl-backlog-size，且多出一整块，所以丢弃了 %d 个块（%d 字节）；窗口现在从 %d 开始。", e.Node, e.A, e.B, e.Offset)
	case EvSent:
		return fmt.Sprintf("%s 从共享缓冲区向 %s 的套接字写出 %d 字节（%s）。", e.Node, e.Peer, e.Len, rng)
	case EvRead:
		return fmt.Sprintf("%s 从 %s 读到 %d 字节：slave_read_repl_offset 现在是 %d。", e.Node, e.Peer, e.Len, e.End())
	case EvApplied:
		return fmt.Sprintf("%s 应用了来自 %s 的 `%s`（%d 字节）：slave_repl_offset 现在是 %d。", e.Node, e.Peer, cmdText(e.Argv), e.Len, e.End())
	case EvAck:
		return fmt.Sprintf("%s 发送 REPLCONF ACK %d；%s 的 INFO 中它那一行的 offset= 现在是 %d。", e.Node, e.A, e.Peer, e.A)
	case EvLinkDown:
		if e.A < 0 {
			return fmt.Sprintf("%s 与 %s 的复制链路断开：握手被取消，没有可缓存的主节点（之后只能发送 PSYNC ? -1）。", e.Node, e.Peer)
		}
		return fmt.Sprintf("%s 与 %s 的复制链路断开；它缓存了主节点（复制 ID %s…，偏移量 %d），以便之后尝试 PSYNC。", e.Node, e.Peer, short(e.Text), e.A)
	case EvLinkUp:
		return fmt.Sprintf("%s 到 %s 的复制链路已连通：master_link_status:up。", e.Node, e.Peer)
	case EvPsyncAsked:
		return fmt.Sprintf("%s 向 %s 发送 `%s`。", e.Node, e.Peer, e.Text)
	case EvPsyncAnswered:
		if e.Psync != nil {
			return fmt.Sprintf("%s 回复 %s：%s", e.Node, e.Psync.Reply, e.Psync.ReasonZH())
		}
		return fmt.Sprintf("%s 回复 `%s`。", e.Node, e.Text)
	case EvRDBProduced:
		return fmt.Sprintf("%s 为 %s fork 出一份含 %d 个键的 RDB（无盘同步，repl-diskless-sync-delay 0），对应偏移量 %d。", e.Node, e.Peer, e.A, e.B)
	case EvRDBLoaded:
		return fmt.Sprintf("%s 清空了自己的数据，从 %s 的 RDB 加载了 %d 个键：它采用复制 ID %s… 和偏移量 %d。", e.Node, e.Peer, e.A, short(e.Text), e.B)
	case EvBacklogCreated:
		return fmt.Sprintf("%s 创建复制积压缓冲区：为空，第一个字节是 %d。", e.Node, e.Offset)
	case EvBacklogFreed:
		return fmt.Sprintf("%s 释放了复制积压缓冲区：%s。", e.Node, zhText(e.Text))
	case EvReplIDChanged:
		return fmt.Sprintf("%s 换用新的复制 ID %s…：%s。", e.Node, short(e.Text), zhText(e.Argv0()))
	case EvReplIDShifted:
		return fmt.Sprintf("%s 把旧复制 ID %s… 保留为 master_replid2（有效到 second_repl_offset %d），并换用新的复制 ID。", e.Node, short(e.Text), e.A)
	case EvPing:
		return fmt.Sprintf("%s 上的 replicationCron（第 %d 轮，repl-ping-replica-period 的整数倍）写入 PING：14 字节，%s。", e.Node, e.A, rng)
	case EvGetAck:
		return fmt.Sprintf("%s 上的 WAIT 现在需要确认：REPLCONF GETACK *（37 字节，%s）写入复制流。", e.Node, rng)
	case EvReplicaDropped:
		return fmt.Sprintf("%s 释放了 %s 的从节点客户端：%s。", e.Node, e.Peer, zhText(e.Text))
	case EvReplicaOnline:
		if e.Text == "wait-ack" {
			return fmt.Sprintf("%s 已把给 %s 的 RDB 写入链路，于是让 %s 上线；偏移量 %d 之后的命令要等它的第一个 REPLCONF ACK 才发送（repl_start_cmd_stream_on_ack），在此之前它的输出缓冲区持续增长。", e.Node, e.Peer, e.Peer, e.A)
		}
		return fmt.Sprintf("%s 让 %s 上线：偏移量 %d 之后的命令随后发送。", e.Node, e.Peer, e.A)
	case EvRestart, EvStarted:
		return fmt.Sprintf("%s %s。", e.Node, zhText(e.Text))
	case EvRoleChanged:
		return fmt.Sprintf("%s %s。", e.Node, zhText(e.Text))
	case EvConfig:
		if e.Argv0() == "RESETSTAT" {
			return fmt.Sprintf("%s 执行 CONFIG RESETSTAT → OK（INFO stats、commandstats 与 errorstats 归零）。", e.Node)
		}
		return fmt.Sprintf("%s 执行 CONFIG SET %s → %s。", e.Node, cmdText(e.Argv), zhReply(e.Text))
	case EvExpired:
		if len(e.Argv) == 2 && e.Argv[0] == "HDEL" {
			return fmt.Sprintf("%s 的哈希 %q 的字段 %q 过期：主节点删除它并传播 HDEL %s %s。", e.Node, e.Text, e.Argv[1], e.Text, e.Argv[1])
		}
		return fmt.Sprintf("%s 的键 %q 过期：主节点删除它并传播 %s。", e.Node, e.Text, e.expiredDel())
	case EvExpect:
		return fmt.Sprintf("expect %s %s：%s。", e.Node, cmdText(e.Argv), zhText(e.Text))
	case EvSyncHold:
		switch {
		case e.A == 1:
			return fmt.Sprintf("sync %s hold：从现在起，%s 的每次全量同步都停在 %s 回复 +FULLRESYNC 之后；%s 保留 %s 在复制缓冲区中的份额，不再发送任何内容。", e.Node, e.Node, e.Peer, e.Peer, e.Node)
		case e.B == 1:
			return fmt.Sprintf("sync %s release：被挂起的同步继续；%s 接收并加载 RDB、发送确认，%s 随后发送复制流。", e.Node, e.Node, e.Peer)
		}
		return fmt.Sprintf("sync %s release：%s 之后的全量同步不再被挂起。", e.Node, e.Node)
	case EvSyncHeld:
		return fmt.Sprintf("%s 从 %s 读到 +FULLRESYNC（偏移量 %d）；同步被挂起：RDB 和复制流留在链路上，%s 的偏移量不动。", e.Node, e.Peer, e.A, e.Node)
	case EvLinkStall:
		if e.A == 1 {
			return fmt.Sprintf("link %s stall：链路保持打开，但不再传送来自 %s 的任何字节；%s 写出的内容留在链路上（最多 1 MiB）。", e.Node, e.Peer, e.Peer)
		}
		return fmt.Sprintf("link %s resume：链路上等待的 %d 字节（来自 %s）重新开始传送。", e.Node, e.B, e.Peer)
	case EvFailover:
		switch {
		case e.A == failoverWaitForSync && e.Peer != "":
			return fmt.Sprintf("%s 开始故障转移（FAILOVER）到 %s：master_failover_state:waiting-for-sync，暂停客户端的写入，直到 %s 确认偏移量 %d。", e.Node, e.Peer, e.Peer, e.B)
		case e.A == failoverWaitForSync:
			return fmt.Sprintf("%s 开始故障转移（FAILOVER）到第一个跟上的副本：master_failover_state:waiting-for-sync，暂停客户端的写入，直到某个副本确认偏移量 %d。", e.Node, e.B)
		case e.A == failoverInProgress:
			return fmt.Sprintf("%s 的故障转移进行中（master_failover_state:failover-in-progress）：它成为 %s 的副本，并发送 PSYNC … FAILOVER（偏移量 %d）。", e.Node, e.Peer, e.B)
		}
		return fmt.Sprintf("%s 的故障转移结束（%s）：master_failover_state:no-failover，客户端的写入恢复。", e.Node, zhText(e.Text))
	case EvEvicted:
		return fmt.Sprintf("%s 超过 maxmemory：%s 淘汰 db %d 的键 %q，并传播 %s。", e.Node, e.Argv[1], e.A, e.Text, e.Argv[0])
	case EvClientClosed:
		return fmt.Sprintf("%s 在写完 %s 的回复后关闭场景的连接（CLIENT_CLOSE_AFTER_REPLY）；下一条命令重新连接，成为一个新的客户端：db 0、没有名字、RESP2、default 用户、没有 MULTI 或 WATCH。", e.Node, e.Text)
	case EvCacheDropped:
		return fmt.Sprintf("%s 从 %s 读到 +FULLRESYNC，丢弃其缓存的主节点：在 RDB 加载之前，slave_repl_offset 与 slave_read_repl_offset 显示 1，重试时发送 PSYNC ? -1。", e.Node, e.Peer)
	case EvOutputLimit:
		kind, blocks, how, secs := "hard", "?", "closeASAP", "0"
		if len(e.Argv) >= 4 {
			kind, blocks, how, secs = e.Argv[0], e.Argv[1], e.Argv[2], e.Argv[3]
		}
		when := "被安排尽快关闭（在 beforeSleep 中释放）"
		if how == "now" {
			when = "立即被关闭（clientsCron）"
		}
		lim := fmt.Sprintf("硬限制 %d", e.B)
		if kind == "soft" {
			lim = fmt.Sprintf("软限制 %d 超过 %s 秒", e.B, secs)
		}
		return fmt.Sprintf("%s 为 %s 保留的输出缓冲区 omem=%d（从偏移量 %d 所在的块到末尾共 %s 块，每块按容量加 64 字节计）≥ %s：该从节点客户端因超出输出缓冲区限制而%s。", e.Node, e.Peer, e.A, e.Offset, blocks, lim, when)
	case EvCron:
		return fmt.Sprintf("虚拟时间 %s：replicationCron 在 %s 上运行（第 %d 轮）。", fmtMillis(e.A), e.Node, e.B)
	}
	return e.Kind.String()
}

// zhRule rewrites one known free text of the emitting code.
type zhRule struct {
	re  *regexp.Regexp
	rep func(m []string) string
}

func rule(pattern string, rep func(m []string) string) zhRule {
	return zhRule{regexp.MustCompile("^" + pattern + "$"), rep}
}

func fixed(s string) func([]string) string { return func([]string) string { return s } }

// zhRules are compiled the first time a Chinese page asks: dozens of
// regexps at init cost every start of the page, in either language.
var zhRules = sync.OnceValue(func() []zhRule {
	return []zhRule{
		// Why a replica client is freed, a backlog freed, an id changed.
		rule(`its master's replication id changed`, fixed("上游主节点换了复制 ID")),
		rule(`it is attaching to a new master with a full sync`, fixed("它正通过全量同步接入新的主节点")),
		rule(`protocol error`, fixed("协议错误")),
		rule(`closed for overcoming of output buffer limits`, fixed("因超出输出缓冲区限制而关闭")),
		rule(`the network link was cut`, fixed("网络链路被切断")),
		rule(`REPLICAOF points it elsewhere`, fixed("REPLICAOF 让它改为复制另一个节点")),
		rule(`it was promoted`, fixed("它已被提升为主节点")),
		rule(`it was promoted and must tell them its new id`, fixed("它已被提升为主节点，必须让从节点重新连接以得知新的复制 ID")),
		rule(`MASTER timeout: no data nor PING received`, fixed("`MASTER timeout: no data nor PING received`（主节点超时：既没有收到数据，也没有收到 PING）")),
		rule(`(\S+) is shutting down`, func(m []string) string { return m[1] + " 正在关闭" }),
		rule(`a full sync starts a new history`, fixed("全量同步开始一段新的复制历史")),
		rule(`no replica for (\d+)s > repl-backlog-ttl (\d+)s`, func(m []string) string {
			return "已经 " + m[1] + " 秒没有从节点，超过了 repl-backlog-ttl " + m[2] + " 秒"
		}),
		rule(`a backlog created from scratch starts a new history`, fixed("从零创建的积压缓冲区开始一段新的复制历史")),
		rule(`the backlog was freed, so its history is gone`, fixed("积压缓冲区已释放，复制历史随之消失")),
		// Restarts, starts, role changes.
		rule(`shuts down \(SHUTDOWN SAVE\): dump\.rdb holds (\d+) keys and saved repl-id (\S+) and repl-offset (-?\d+)`, func(m []string) string {
			return "关闭（SHUTDOWN SAVE）：dump.rdb 保存了 " + m[1] + " 个键，以及 repl-id " + m[2] + " 和 repl-offset " + m[3]
		}),
		rule(`shuts down \(SHUTDOWN SAVE\): dump\.rdb holds (\d+) keys and saved no replication info`, func(m []string) string {
			return "关闭（SHUTDOWN SAVE）：dump.rdb 保存了 " + m[1] + " 个键，没有保存复制信息"
		}),
		rule(`starts again and loads dump\.rdb: replid (\S+), master_repl_offset (-?\d+)(.*)`, func(m []string) string {
			out := "重新启动并加载 dump.rdb：replid " + m[1] + "，master_repl_offset " + m[2]
			for _, part := range strings.Split(m[3], "; ") {
				if part == "" {
					continue
				}
				if p := regexp.MustCompile(`^the saved id is kept as master_replid2, valid up to (-?\d+)$`).FindStringSubmatch(part); p != nil {
					out += "；保存的复制 ID 成为 master_replid2，有效到 " + p[1]
				} else if p := regexp.MustCompile(`^backlog created at (-?\d+)$`).FindStringSubmatch(part); p != nil {
					out += "；在 " + p[1] + " 处创建积压缓冲区"
				} else {
					out += "；`" + part + "`"
				}
			}
			return out
		}),
		rule(`starts as an empty master \(replid (\S+), master_repl_offset (-?\d+)\)`, func(m []string) string {
			return "作为空的主节点启动（replid " + m[1] + "，master_repl_offset " + m[2] + "）"
		}),
		rule(`becomes a replica of (\S+) \(replicationSetMaster\); it will ask PSYNC (\S+) (\S+)`, func(m []string) string {
			return "成为 " + m[1] + " 的从节点（replicationSetMaster），它将发送 PSYNC " + m[2] + " " + m[3]
		}),
		rule(`is promoted to master \(REPLICAOF NO ONE\)`, fixed("被提升为主节点（REPLICAOF NO ONE）")),
		rule(`is promoted to master by (\S+)'s PSYNC FAILOVER \(MASTER MODE enabled\)`, func(m []string) string {
			return "因 " + m[1] + " 发来的 PSYNC FAILOVER 被提升为主节点（MASTER MODE enabled）"
		}),
		rule(`is a master again: its failover was aborted \((.*)\)`, func(m []string) string {
			return "重新成为主节点：它的故障转移被中止（`" + m[1] + "`）"
		}),
		// Why a failover ends.
		rule(`the failover is done \((\S+) answered (\S+)\)`, func(m []string) string {
			return "故障转移完成（" + m[1] + " 回复了 " + m[2] + "）"
		}),
		rule(`FAILOVER aborted: (.*)`, func(m []string) string { return "FAILOVER 被中止：`" + m[1] + "`" }),
		rule(`is configured as a replica of (\S+) and will ask PSYNC \? -1`, func(m []string) string {
			return "被配置为 " + m[1] + " 的从节点，将发送 PSYNC ? -1"
		}),
		// expect lines.
		rule(`no such field`, fixed("INFO 中没有这个字段")),
		rule(`FAILED, INFO says (.*)`, func(m []string) string { return "不成立，INFO 显示 " + m[1] }),
		rule(`holds`, fixed("成立")),
		// Replies the core writes itself.
		rule(`blocked`, fixed("阻塞，等待从节点确认")),
		rule(`(\d+) \(replicas that acknowledged offset (-?\d+)\)`, func(m []string) string {
			return m[1] + "（确认了偏移量 " + m[2] + " 的从节点数）"
		}),
		rule(`OK \((\S+) is now (.*)\)`, func(m []string) string { return "OK（" + m[1] + " 现在是 " + m[2] + "）" }),
	}
})

// zhTranslate is a known free text in Chinese.
func zhTranslate(s string) (string, bool) {
	for _, r := range zhRules() {
		if m := r.re.FindStringSubmatch(s); m != nil {
			return r.rep(m), true
		}
	}
	return s, false
}

// zhText is a free text in Chinese, or as is in a code span.
func zhText(s string) string {
	if t, ok := zhTranslate(s); ok {
		return t
	}
	if s == "" {
		return s
	}
	return "`" + s + "`"
}

// zhReply is a reply: the core's own words in Chinese, Redis's reply as
// Redis prints it.
func zhReply(s string) string {
	if t, ok := zhTranslate(s); ok {
		return t
	}
	return "`" + s + "`"
}
