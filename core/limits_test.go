package core

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"replscope/core/scenario"
)

// TestLimitsRefuseBeforeRunning: each limit refuses the line that passes
// it, with FILE:LINE:COL, natively and in the page, before any line runs.
func TestLimitsRefuseBeforeRunning(t *testing.T) {
	nodes := func(n int) string {
		var b strings.Builder
		b.WriteString("node M\n")
		for i := 1; i < n; i++ {
			b.WriteString("node R" + itoa(int64(i)) + " replicaof M\n")
		}
		return b.String()
	}
	cases := []struct {
		name, src string
		lim       Limits
		want      string // the error's start: FILE:LINE:COL
		says      string
	}{
		{"stream", "node M\nrepeat 100000 M APPEND k {4mb}\n", NativeLimits, "s.scenario:2:17: ", "replication stream"},
		{"stream in the page", "node M\nrepeat 300 M SET k {4mb}\n", PageLimits, "s.scenario:2:14: ", "limit in the page is 1 GiB"},
		{"keyspace", "node M\nnode R replicaof M\nrepeat 1100 M SET k{i} {4mb}\n", NativeLimits, "s.scenario:3:15: ", "what the servers hold"},
		{"backlog", "node M\nnode R replicaof M\nconfig M repl-backlog-size 1gb\nconfig R repl-backlog-size 1gb\nM CONFIG SET repl-backlog-size 3gb\n", NativeLimits, "s.scenario:5:", "backlog"},
		{"backlog in the page", "node M\nconfig M repl-backlog-size 1gb\n", PageLimits, "s.scenario:2:", "limit in the page is 512 MiB"},
		{"events in the page", "node M\nnode R1 replicaof M\nnode R2 replicaof M\n" + strings.Repeat("repeat 100000 M GET c\n", 20), PageLimits, "s.scenario:22:17: ", "the limit in the page is 40000000"},
		{"nodes", nodes(17), PageLimits, "s.scenario:17:6: ", "at most 16 nodes"},
		{"advance", "node M\nconfig M repl-ping-replica-period 1\nadvance 99999999s\n", NativeLimits, "s.scenario:3:9: ", "cron ticks"},
		{"a blocking timeout", "node M\nnode R replicaof M\nM BLPOP k 99999999\n", NativeLimits, "s.scenario:3:11: ", "BLPOP's timeout 99999999s is waited in virtual time"},
		{"XREAD's BLOCK", "node M\nnode R replicaof M\nM XREAD COUNT 1 BLOCK 999999999999 STREAMS s $\n", PageLimits, "s.scenario:3:23: ", "the limit in the page is 100000"},
		{"link on a master", "node M\nlink M down\n", NativeLimits, "s.scenario:2:6: ", "is a master at this line"},
		{"link on a promoted replica", "node M\nnode R replicaof M\nR REPLICAOF NO ONE\nlink R up\n", NativeLimits, "s.scenario:4:6: ", "is a master at this line"},
	}
	for _, c := range cases {
		s, err := scenario.Parse("s.scenario", c.src)
		require.NoError(t, err, c.name)
		err = CheckScript(s, c.lim)
		require.Error(t, err, c.name)
		require.True(t, strings.HasPrefix(err.Error(), c.want), "%s: %v", c.name, err)
		require.Contains(t, err.Error(), c.says, c.name)
		var se *scenario.Error
		require.ErrorAs(t, err, &se, c.name)
		// Play refuses it the same way, and nothing runs.
		tl, perr := Play(s, Options{Seed: 1, Limits: &c.lim})
		require.Nil(t, tl, c.name)
		require.Equal(t, err.Error(), perr.Error(), c.name)
	}
	// What stays within the limits runs.
	s, err := scenario.Parse("ok.scenario", "node M\nnode R replicaof M\nrepeat 1000 M SET k{i} {10kb}\nlink R down\nadvance 10s\n")
	require.NoError(t, err)
	require.NoError(t, CheckScript(s, PageLimits))
}

// TestAppendOverLimitChangesNothing: a console line over a limit is
// refused and the timeline is as it was.
func TestAppendOverLimitChangesNothing(t *testing.T) {
	s, err := scenario.Parse("s.scenario", "node M\nnode R replicaof M\nM SET a 1\n")
	require.NoError(t, err)
	tl, err := Play(s, Options{Seed: 1, Limits: &PageLimits})
	require.NoError(t, err)
	n, steps := tl.Len(), len(tl.Steps())
	for _, line := range []string{"repeat 100000 M SET k{i} {4mb}", "link M down", "config M repl-backlog-size 1gb"} {
		l, err := scenario.ParseLine("console", 4, line, tl.World().Nodes())
		require.NoError(t, err)
		_, err = tl.Append(*l)
		require.Error(t, err, line)
		require.True(t, strings.HasPrefix(err.Error(), "console:4:"), err.Error())
		require.Equal(t, n, tl.Len(), line)
		require.Equal(t, steps, len(tl.Steps()), line)
	}
	l, err := scenario.ParseLine("console", 4, "M SET b 2", tl.World().Nodes())
	require.NoError(t, err)
	_, err = tl.Append(*l)
	require.NoError(t, err, "a line within the limits still runs after a refusal")
}
