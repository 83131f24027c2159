package core

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"replscope/core/scenario"
	"replscope/core/state"
)

// englishSentence is a run of three or more lowercase English words once
// code spans and Redis's names (with _ - . : or capitals) are removed:
// what a Chinese sentence must not contain.
func englishSentence(s string) string {
	s = regexp.MustCompile("`[^`]*`").ReplaceAllString(s, " ")
	s = regexp.MustCompile(`"[^"]*"`).ReplaceAllString(s, " ") // a key, quoted
	s = regexp.MustCompile(`[A-Za-z0-9]*[_\-.:/()][A-Za-z0-9_\-.:/()]*`).ReplaceAllString(s, " ")
	return regexp.MustCompile(`\b[a-z]+\b(\s+[a-z]+\b){2,}`).FindString(s)
}

var hanRE = regexp.MustCompile(`\p{Han}`)

func checkZH(t *testing.T, where, zh string) {
	t.Helper()
	if !hanRE.MatchString(zh) {
		t.Errorf("%s: no Chinese in %q", where, zh)
	}
	if e := englishSentence(zh); e != "" {
		t.Errorf("%s: English left: %q in %q", where, e, zh)
	}
}

// TestExplainZHEveryKind: every event kind has a Chinese sentence.
func TestExplainZHEveryKind(t *testing.T) {
	d := decidePsync(psyncMaster{replid: "aaaaaaaaaaaa", backlog: true, first: 1, histlen: 100, off: 100}, "aaaaaaaaaaaa", 50)
	for _, k := range state.Kinds() {
		e := Event{Kind: k, Node: "M", Peer: "R", Offset: 1, Len: 31, A: 2, B: 3, Argv: []string{"SET", "k", "v"}, Text: "holds", Func: "f"}
		switch k {
		case EvPsyncAnswered:
			e.Psync = &d
		case EvRestart, EvStarted:
			e.Text = "starts as an empty master (replid 0123456789…, master_repl_offset 0)"
		case EvRoleChanged:
			e.Text = "is promoted to master (REPLICAOF NO ONE)"
		case EvReplicaDropped:
			e.Text = "the network link was cut"
		case EvBacklogFreed:
			e.Text = "a full sync starts a new history"
		case EvReplIDChanged:
			e.Text, e.Argv = "0123456789abcdef", []string{"the backlog was freed, so its history is gone"}
		case EvExecuted, EvConfig:
			e.Text = "OK"
		}
		zh := e.ExplainZH()
		if zh == "" || zh == k.String() {
			t.Errorf("%s: no Chinese explanation", k)
			continue
		}
		checkZH(t, k.String(), zh)
	}
}

// TestExplainZHScenarios plays every lesson and test scenario: every
// event's Chinese sentence is Chinese, and every PSYNC decision's Chinese
// conditions are the English ones (same order, same verdicts).
func TestExplainZHScenarios(t *testing.T) {
	var files []string
	for _, g := range []string{"../web/lessons/*.scenario", "testdata/*/*.scenario"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	if len(files) < 9 {
		t.Fatalf("only %d scenarios found", len(files))
	}
	seen := map[EventKind]bool{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := scenario.Parse(filepath.Base(f), string(src))
		if err != nil {
			continue // a scenario that tests errors
		}
		tl, err := Play(s, Options{Seed: 1})
		if err != nil {
			t.Fatal(f, err)
		}
		for k := 0; k < tl.Len(); k++ {
			e := tl.Event(k)
			seen[e.Kind] = true
			where := filepath.Base(f) + " event " + itoa(int64(k)) + " (" + e.Kind.String() + ")"
			checkZH(t, where, e.ExplainZH())
			if d := e.Psync; d != nil {
				zh := d.ChecksZH()
				if len(zh) != len(d.Checks) {
					t.Errorf("%s: %d conditions in Chinese, %d in English", where, len(zh), len(d.Checks))
					continue
				}
				for i := range zh {
					if zh[i].Holds != d.Checks[i].Holds || zh[i].Name != d.Checks[i].NameZH() {
						t.Errorf("%s: condition %d: %+v vs %+v", where, i, zh[i], d.Checks[i])
					}
					checkZH(t, where, zh[i].Detail)
				}
				checkZH(t, where, d.ReasonZH())
				if nums(d.ReasonZH()) != nums(d.Reason) {
					t.Errorf("%s: the numbers differ: %q vs %q", where, d.ReasonZH(), d.Reason)
				}
			}
		}
	}
	for _, k := range []EventKind{EvExecuted, EvFed, EvSent, EvRead, EvApplied, EvAck, EvLinkDown, EvPsyncAnswered, EvRDBLoaded, EvRestart} {
		if !seen[k] {
			t.Errorf("no scenario shows %s", k)
		}
	}
}

// nums is the sorted set of numbers of two or more digits in s.
func nums(s string) string {
	set := map[string]bool{}
	var out []string
	for _, n := range regexp.MustCompile(`\d{2,}`).FindAllString(s, -1) {
		if !set[n] {
			set[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// TestPsyncZHMirrorsEveryBranch: each branch of decidePsync has its
// Chinese reason, with the same numbers.
func TestPsyncZHMirrorsEveryBranch(t *testing.T) {
	m := psyncMaster{replid: "aaaaaaaaaaaa", replid2: "bbbbbbbbbbbb", secondReplidOffset: 51, backlog: true, first: 100, histlen: 400, off: 499}
	noBacklog := m
	noBacklog.backlog = false
	cases := []struct {
		m   psyncMaster
		id  string
		off int64
	}{
		{m, "?", -1}, {m, "aaaaaaaaaaaa", 200}, {m, "bbbbbbbbbbbb", 51}, {m, "bbbbbbbbbbbb", 52},
		{m, "cccccccccccc", 200}, {noBacklog, "aaaaaaaaaaaa", 200}, {m, "aaaaaaaaaaaa", 50}, {m, "aaaaaaaaaaaa", 600},
	}
	for _, c := range cases {
		d := decidePsync(c.m, c.id, c.off)
		if !d.Continue {
			d.Reply = "+FULLRESYNC " + c.m.replid + " 499"
			if d.Reason == "" {
				d.Reason = "a full resync is needed."
			}
			d.Reason += " The master sends an RDB and then the commands after offset 499; the next write will start with SELECT."
		}
		zh := d.ChecksZH()
		if len(zh) != len(d.Checks) {
			t.Fatalf("%s %d: %d vs %d conditions", c.id, c.off, len(zh), len(d.Checks))
		}
		for i := range zh {
			if zh[i].Holds != d.Checks[i].Holds {
				t.Errorf("%s %d: condition %d", c.id, c.off, i)
			}
			if nums(zh[i].Detail) != nums(d.Checks[i].Detail) {
				t.Errorf("%s %d: %q vs %q", c.id, c.off, zh[i].Detail, d.Checks[i].Detail)
			}
		}
		if nums(d.ReasonZH()) != nums(d.Reason) {
			t.Errorf("%s %d: %q vs %q", c.id, c.off, d.ReasonZH(), d.Reason)
		}
		checkZH(t, c.id, d.ReasonZH())
	}
}
