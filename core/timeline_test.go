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

// TestCursorSeeksAsCheckpoints: At(k) through the replay cursor (steps
// forward and back, jumps) is the world a replay from the nearest
// checkpoint gives, field for field and key for key.
func TestCursorSeeksAsCheckpoints(t *testing.T) {
	src := "node M\nnode R1 replicaof M\nnode R2 replicaof M\nrepeat 1500 M SET key:{i} {16b}\nlink R1 down\nrepeat 300 M INCR n\nlink R1 up\nrepeat 500 M DEL key:{i}\n"
	s, err := scenario.Parse("cursor", src)
	require.NoError(t, err)
	tl, err := Play(s, Options{Seed: 1})
	require.NoError(t, err)
	require.Greater(t, tl.Len(), 3*checkpointMin)
	fresh := func(k int) *World {
		tl.cursor = nil
		return tl.At(k)
	}
	same := func(k int, got *World) {
		t.Helper()
		want := fresh(k)
		for _, n := range want.Nodes() {
			require.Equal(t, want.State(n), got.State(n), "event %d node %s", k, n)
			require.Equal(t, want.Info(n, ""), got.Info(n, ""), "event %d node %s", k, n)
		}
		require.Equal(t, want.emitted, got.emitted, "event %d", k)
	}
	var ks []int
	for k := checkpointMin + 100; k < checkpointMin+100+3*cursorLead; k += 7 {
		ks = append(ks, k) // forward steps, past several cursors
	}
	for k := 2*checkpointMin + 50; k > 2*checkpointMin-2*cursorLead; k -= 5 {
		ks = append(ks, k) // backward steps, past the cursor
	}
	ks = append(ks, tl.Len()-2, 10, tl.Len()/2, tl.Len()/2+1, tl.Len()/2-1)
	used := 0
	for _, k := range ks {
		c := tl.cursor
		if c != nil && c.events <= k+1 && c.events > tl.nearest(k+1).events {
			used++
		}
		got := tl.At(k)
		cur := tl.cursor
		same(k, got)
		tl.cursor = cur // fresh() dropped it
	}
	require.Greater(t, used, len(ks)/2, "the cursor served most seeks")
}
