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
