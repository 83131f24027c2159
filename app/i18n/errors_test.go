package i18n

import (
	"regexp"
	"strings"
	"testing"

	"replscope/core"
	"replscope/core/scenario"
)

// TestScenarioErrorsInChinese: the parser's errors read in Chinese, with
// their position and the scenario's own words kept.
func TestScenarioErrorsInChinese(t *testing.T) {
	bad := []string{
		"node M\nM SET k \"v", "node M\nM SET k 'v", "node M\nM SET k 'v'x", "node M\nR SET k v", "node M\nnode M",
		"node 1M", "node M\nnode R replicaof X", "node M\nnode R replicaof", "node M\nnode R sideways M",
		"node say", "NODE M", "title a\ntitle b", "title", "say", "node M\nconfig M", "node M\nconfig M p",
		"node M\nconfig M p v x", "node M\nlink M", "node M\nlink M sideways", "advance", "advance 5y",
		"node M\nexpect M", "node M\nexpect M f", "repeat", "repeat 0 M SET k v", "node M\nrepeat 2 M",
		"node M\nrepeat 2 M SET k {2x}", "node M\nrepeat 2 M SET k {i", "node M\nask M", "node M\nrestart",
		"node M\nM", "say.zh-CN 你好", "say hi\nsay.zh-CN 你好\nsay.zh-CN 你好", "say hi\nsay.ZH 你好", "say hi\nsay.zh-CN",
		"1abc", "node M\nsync M later", "node M\nsync", "node M\nlink M stalled",
	}
	quoted := regexp.MustCompile(`"[^"]*"|'[^']*'`)
	for _, src := range bad {
		_, err := scenario.Parse("t.scenario", src)
		if err == nil {
			t.Errorf("%q parses", src)
			continue
		}
		zh := ScenarioError(ZH, err.Error())
		if !strings.HasPrefix(zh, "t.scenario:") {
			t.Errorf("%q: the position is lost: %q", src, zh)
		}
		if e := EnglishSentence(quoted.ReplaceAllString(zh, " ")); e != "" {
			t.Errorf("%q: %q → %q: English left: %q", src, err.Error(), zh, e)
		}
		if ScenarioError(En, err.Error()) != err.Error() {
			t.Errorf("English changes")
		}
	}
	if got := ScenarioError(ZH, "expect R slave_repl_offset 5: got 4"); got != "expect R slave_repl_offset 5 不成立：实际是 4" {
		t.Errorf("line error: %q", got)
	}
}

// The contract 1.1 refusals of the cost model read in Chinese.
func TestHoldStallRefusalsInChinese(t *testing.T) {
	for _, src := range []string{
		"node M\nnode R replicaof M\nconfig M repl-diskless-sync no\nsync R hold\n",
		"node M\nlink M stall\n",
		"node M\nnode R replicaof M\nlink R stall\nrepeat 200 M SET k{i} {10kb}\n",
	} {
		s, err := scenario.Parse("t.scenario", src)
		if err != nil {
			t.Fatal(err)
		}
		err = core.CheckScript(s, core.NativeLimits)
		if err == nil {
			t.Errorf("%q is not refused", src)
			continue
		}
		zh := ScenarioError(ZH, err.Error())
		if zh == err.Error() || EnglishSentence(regexp.MustCompile("`[^`]*`").ReplaceAllString(zh, " ")) != "" {
			t.Errorf("%q → %q", err.Error(), zh)
		}
	}
}

// TestLimitErrorsInChinese: every limit the core refuses a scenario with
// reads in Chinese, position and numbers kept.
func TestLimitErrorsInChinese(t *testing.T) {
	cases := map[string]string{
		"s:2:17: this line takes the replication stream to about 419439700000 bytes; the limit in the page is 1 GiB":                                                   "s:2:17：这一行会让复制流达到约 419439700000 字节；页面的上限是 1 GiB",
		"s:3:15: this line takes what the servers hold (keys on every node, backlogs at their size) to about 5336656800 bytes; the limit in replsim is 4 GiB":          "s:3:15：这一行会让各服务器持有的数据（每个节点上的键，以及按配置大小计的积压缓冲区）达到约 5336656800 字节；replsim的上限是 4 GiB",
		"s:2:26: a 1 GiB backlog takes what the servers hold (keys on every node, backlogs at their size) to about 1074790400 bytes; the limit in the page is 512 MiB": "s:2:26：1 GiB 的积压缓冲区会让各服务器持有的数据（每个节点上的键，以及按配置大小计的积压缓冲区）达到约 1074790400 字节；页面的上限是 512 MiB",
		"s:22:17: this line takes the run to about 41800120 events; the limit in the page is 40000000":                                                                 "s:22:17：这一行会让运行达到约 41800120 个事件；页面的上限是 40000000",
		"s:17:6: a scenario has at most 16 nodes in the page":                                                                                                          "s:17:6：在页面中，一个场景最多有 16 个节点",
		"s:3:9: advance 99999999s fires about 100000000 cron ticks (one a second on each of 1 servers); the limit in replsim is 200000":                                "s:3:9：advance 99999999s 会触发约 100000000 次 cron（1 个服务器上每秒一次）；replsim的上限是 200000",
		"s:2:6: link M: M is a master at this line, it has no link to its master to cut; `link` takes a replica":                                                       "s:2:6：link M：M 在这一行是主节点，没有通往主节点的链路可断开；`link` 作用于从节点",
	}
	for en, zh := range cases {
		if got := ScenarioError("zh-CN", en); got != zh {
			t.Errorf("%s\n got %s\nwant %s", en, got, zh)
		}
	}
}

// The line errors of FAILOVER and of `link` on a master read in Chinese.
func TestFailoverLineErrorsInChinese(t *testing.T) {
	for en, want := range map[string]string{
		"SET x 1 would wait forever: a FAILOVER without TIMEOUT pauses writes until it is done or FAILOVER ABORT ends it": "SET x 1 会永远等待：没有 TIMEOUT 的 FAILOVER 会一直暂停写入，直到故障转移完成或被 FAILOVER ABORT 中止",
		"link B: B is a master; `link` takes a replica":                                                                   "link B：B 是主节点；`link` 作用于从节点",
	} {
		if got := ScenarioError(ZH, en); got != want {
			t.Errorf("%q → %q", en, got)
		}
	}
}
