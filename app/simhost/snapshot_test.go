package simhost

import (
	"testing"

	"github.com/stretchr/testify/require"

	"replscope/core"
	"replscope/core/scenario"
	"replscope/web"
)

// TestLastPsyncSearch: the sync-counter search (forced on short lines)
// finds the same PSYNC as reading every event, at every event of every
// lesson.
func TestLastPsyncSearch(t *testing.T) {
	defer func() { psyncWalk = 2048 }()
	check := func(name string, tl *core.Timeline) int {
		found := 0
		for i, st := range tl.Steps() {
			for k := st.First; k <= st.Last; k++ {
				before := func() int64 { return syncs(tl.At(st.First - 1)) }
				psyncWalk = 1 << 30
				want := lastPsync(tl, st.First, k, tl.At(k), before)
				psyncWalk = 0
				got := lastPsync(tl, st.First, k, tl.At(k), before)
				psyncWalk = 2048
				require.Equal(t, want, got, "%s step %d event %d", name, i, k)
				if got >= 0 {
					found++
				}
			}
		}
		return found
	}
	found := 0
	for _, les := range web.Lessons() {
		sc, err := scenario.Parse(les.Name+".scenario", les.Source)
		require.NoError(t, err)
		tl, err := core.Play(sc, core.Options{Seed: 1})
		require.NoError(t, err)
		found += check(les.Name, tl)
	}
	require.Greater(t, found, 0, "the lessons answer PSYNCs")
}
