package core

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"replscope/core/scenario"
)

// TestContinueIsPlay: playing a scenario a few events at a time (as the
// page does, drawing its progress in between) gives the same timeline.
func TestContinueIsPlay(t *testing.T) {
	for i := 0; i < 60; i++ {
		src := randomScenario(rand.New(rand.NewSource(int64(i))))
		s, err := scenario.Parse(fmt.Sprintf("random-%d", i), src)
		require.NoError(t, err)
		whole, err := Play(s, Options{Seed: uint64(i)})
		require.NoError(t, err)
		part, err := Start(s, Options{Seed: uint64(i)})
		require.NoError(t, err)
		calls := 0
		for !part.Continue(1 + i%50) {
			calls++
		}
		require.Equal(t, whole.Len(), part.Len(), "seed %d", i)
		require.Equal(t, len(whole.Steps()), len(part.Steps()))
		for k, st := range whole.Steps() {
			require.Equal(t, st.First, part.Steps()[k].First)
			require.Equal(t, st.Last, part.Steps()[k].Last)
			require.Equal(t, st.Reply, part.Steps()[k].Reply)
		}
		require.Equal(t, whole.Offsets(), part.Offsets())
		for _, k := range []int{0, whole.Len() / 2, whole.Len() - 1} {
			require.Equal(t, whole.Event(k), part.Event(k))
		}
		require.Greater(t, calls, 0)
		require.GreaterOrEqual(t, part.expected, int64(whole.Len()), "seed %d: the cost check's events are an upper bound\n%s", i, src)
	}
}

// TestBugBecomesLineError: a panic inside a command (a bug) becomes that
// line's error, and the scenario goes on; played whole, in budgets, or
// appended from a console.
func TestBugBecomesLineError(t *testing.T) {
	commandTable["boomtest"] = &command{name: "boomtest", arity: 1, exec: func(*cmdCtx) Reply { panic("boom") }}
	defer delete(commandTable, "boomtest")
	s, err := scenario.Parse("bug", "node M\nnode R replicaof M\nM boomtest\nM SET a 1\n")
	require.NoError(t, err)
	check := func(tl *Timeline) {
		require.Len(t, tl.Failures(), 1)
		require.Contains(t, tl.Failures()[0], "bug:3: internal error (a ReplScope bug, please report it): boom")
		require.Equal(t, "OK", tl.Steps()[3].Reply, "the next line runs")
		require.Equal(t, 1, tl.World().State("R").Keys, "and replicates")
	}
	tl, err := Play(s, Options{Seed: 1})
	require.NoError(t, err)
	check(tl)
	part, err := Start(s, Options{Seed: 1})
	require.NoError(t, err)
	for !part.Continue(3) {
	}
	check(part)
	l, err := scenario.ParseLine("console", 9, "M boomtest", tl.World().Nodes())
	require.NoError(t, err)
	st, err := tl.Append(*l)
	require.NoError(t, err)
	require.Contains(t, st.Err, "internal error")
}
