package state

import (
	"fmt"
	"strings"
)

// ---------------------------------------------------------------- PSYNC

// Condition names in Chinese, keyed by Check.Name.
var checkNamesZH = map[string]string{
	"replication id":   "复制 ID",
	"backlog":          "积压缓冲区",
	"offset in window": "偏移量在窗口内",
}

// NameZH is the condition's name in Chinese.
func (c Check) NameZH() string {
	if n, ok := checkNamesZH[c.Name]; ok {
		return n
	}
	return c.Name
}

// ChecksZH is Checks in Chinese: the same conditions, in the same order,
// with the same values, rebuilt from the decision's recorded inputs as
// decidePsync checks them.
func (d *PsyncDecision) ChecksZH() []Check {
	checks, _ := d.zh()
	return checks
}

// ReasonZH is Reason in Chinese, with the same numbers.
func (d *PsyncDecision) ReasonZH() string {
	_, reason := d.zh()
	return reason
}

// zh mirrors decidePsync on the recorded values.
func (d *PsyncDecision) zh() ([]Check, string) {
	var cs []Check
	add := func(name, detail string, holds bool) {
		cs = append(cs, Check{Name: name, Detail: detail, Holds: holds})
	}
	reqID, reqOff := d.ReqID, d.ReqOffset
	reason := ""
	idMatch := strings.EqualFold(reqID, d.ReplID)
	id2Match := strings.EqualFold(reqID, d.ReplID2) && reqOff <= d.SecondReplOffset
	switch {
	case reqID == "?":
		add("复制 ID", "从节点发送的是 PSYNC ? -1：它没有可以接续的复制历史，请求全量同步", false)
		reason = "从节点请求全量同步（PSYNC ? -1：没有缓存的主节点）。"
	case idMatch:
		add("复制 ID", fmt.Sprintf("请求的复制 ID %s… 等于 master_replid", short(reqID)), true)
	case id2Match:
		add("复制 ID", fmt.Sprintf("请求的复制 ID %s… 等于 master_replid2，且偏移量 %d ≤ second_repl_offset %d", short(reqID), reqOff, d.SecondReplOffset), true)
	case strings.EqualFold(reqID, d.ReplID2):
		add("复制 ID", fmt.Sprintf("请求的复制 ID %s… 是 master_replid2，但偏移量 %d > second_repl_offset %d", short(reqID), reqOff, d.SecondReplOffset), false)
		reason = fmt.Sprintf("第二复制 ID 请求的偏移量是 %d，但主节点只能接续到 %d。", reqOff, d.SecondReplOffset)
	default:
		add("复制 ID", fmt.Sprintf("请求的复制 ID %s… 既不是 master_replid %s…，也不是 master_replid2 %s…", short(reqID), short(d.ReplID), short(d.ReplID2)), false)
		reason = fmt.Sprintf("复制 ID 不匹配：从节点请求的是 %s…，主节点的复制 ID 是 %s… 和 %s…。", short(reqID), short(d.ReplID), short(d.ReplID2))
	}
	if reason == "" {
		switch {
		case !d.HasBacklog:
			add("积压缓冲区", "主节点没有积压缓冲区", false)
			reason = fmt.Sprintf("积压缓冲区不足，无法部分重同步：主节点没有积压缓冲区（从节点请求的是 %d）。", reqOff)
		default:
			first, end := d.BacklogFirst, d.BacklogFirst+d.BacklogHistlen
			add("积压缓冲区", fmt.Sprintf("repl_backlog_active:1，窗口 [%d, %d]", first, end-1), true)
			switch {
			case reqOff < first:
				add("偏移量在窗口内", fmt.Sprintf("请求的 %d < repl_backlog_first_byte_offset %d", reqOff, first), false)
				reason = fmt.Sprintf("积压缓冲区不足，无法部分重同步：偏移量 %d 已被裁剪（窗口从 %d 开始）。", reqOff, first)
			case reqOff > end:
				add("偏移量在窗口内", fmt.Sprintf("请求的 %d > first_byte_offset + histlen = %d", reqOff, end), false)
				reason = fmt.Sprintf("积压缓冲区不足，无法部分重同步：偏移量 %d 超出了主节点的偏移量 %d。", reqOff, d.MasterReplOffset)
			default:
				add("偏移量在窗口内", fmt.Sprintf("%d ≤ 请求的 %d ≤ %d", first, reqOff, end), true)
				reason = fmt.Sprintf("复制历史一致，积压缓冲区仍保有偏移量 %d，随后从积压缓冲区补发 %d 字节，不需要 RDB。", reqOff, end-reqOff)
			}
		}
	}
	if !d.Continue {
		if reason == "" {
			reason = "需要全量同步。"
		}
		if f := strings.Fields(d.Reply); len(f) == 3 && f[0] == "+FULLRESYNC" {
			reason += "主节点先发送 RDB，再发送偏移量 " + f[2] + " 之后的命令；下一个写命令会以 SELECT 开头。"
		}
	}
	return cs, reason
}

func short(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
