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
