package report

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readMallocStats(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	return string(b)
}

// Two real 7.0.15 processes (one fresh, one after a few writes and a
// jemalloc-bg-thread toggle) report different figures and bins but the
// same layout; a changed option, version or section does not normalise
// away.
func TestNormalizeMallocStats(t *testing.T) {
	a := readMallocStats(t, "malloc-stats-7.0.15-a.txt")
	b := readMallocStats(t, "malloc-stats-7.0.15-b.txt")
	require.NotEqual(t, a, b)
	na := NormalizeStepReply("M MEMORY MALLOC-STATS", a)
	assert.Equal(t, na, NormalizeStepReply("M MEMORY MALLOC-STATS", b))
	assert.Equal(t, "txt:"+na, NormalizeStepReply("M MEMORY MALLOC-STATS", "txt:"+b), "RESP3's verbatim string")
	assert.Contains(t, na, "\n  opt.narenas: <n>\n")
	assert.Contains(t, na, "\n  opt.tcache_max: 32768\n", "option settings compare exactly")
	assert.Contains(t, na, "\nbins: size ind allocated nmalloc (#/sec)")
	assert.NotContains(t, na, "\n---\n", "gap lines are left out")

	for _, c := range []struct{ from, to string }{
		{`opt.dss: "secondary"`, `opt.dss: "primary"`},
		{`opt.tcache_max: 32768`, `opt.tcache_max: 16384`},
		{`Quantum size: 16`, `Quantum size: 8`},
		{`dss allocation precedence: "secondary"`, `dss allocation precedence: "N/A"`},
		{"extents_dirty ", "extents_dusty "},
		{"\nHPA shard stats:\n", "\n"},
	} {
		changed := strings.Replace(b, c.from, c.to, 1)
		require.NotEqual(t, b, changed, c.from)
		assert.NotEqual(t, na, NormalizeStepReply("M MEMORY MALLOC-STATS", changed), c.from)
	}
	// Redis 7.2.6's bundled jemalloc: another version string, quantum and
	// size classes, no profiling.
	assert.NotEqual(t, na, NormalizeStepReply("M MEMORY MALLOC-STATS", readMallocStats(t, "malloc-stats-7.2.6.txt")))
}
