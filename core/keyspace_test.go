package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A world numbers each key once, whichever servers hold it: the master's
// SET numbers it, its replicas and a restart's loaded RDB reuse the number.
func TestKeyIndexSharedByAWorldsServers(t *testing.T) {
	w := settledWorld(t, 1, "node M", "node R1 replicaof M", "node R2 replicaof M",
		"M SET a 1", "M SET b 2", "M SELECT 3", "M SET a 3", "restart R2")
	assert.Equal(t, []string{"a", "b"}, w.keys.names[0])
	assert.Equal(t, []string{"a"}, w.keys.names[3])
	for _, s := range w.servers {
		require.Same(t, w.keys, s.ks.st.keys, s.name)
		assert.Equal(t, "2", s.ks.get(0, "b").str, s.name)
		assert.Equal(t, "3", s.ks.get(3, "a").str, s.name)
		assert.Equal(t, []string{"a", "b"}, s.ks.sortedKeys(0), s.name)
	}
	assert.True(t, datasetEqual(w.servers[0].ks, w.servers[2].ks))
}

// A frozen view sees the keys as they were, though the live store numbers
// new ones after it; a replayed view's own new key, written to its
// overlay, is carried by own (a full sync or a restart inside a replay).
func TestKeyspaceViewsShareTheIndex(t *testing.T) {
	ks := newKeyspaceSized(newKeyIndex(), 0)
	ks.put(0, "a", &entry{typ: typeString, str: "1"})
	old := ks.snapshot()
	ks.put(0, "c", &entry{typ: typeString, str: "3"})
	ks.del(0, "a")
	assert.Equal(t, []string{"a"}, old.sortedKeys(0))
	assert.Equal(t, []string{"c"}, ks.sortedKeys(0))

	replay := old.fork()
	replay.put(0, "b", &entry{typ: typeString, str: "2", expire: 5})
	owned := replay.own(0, defaultEncLimits, func(*entry) int64 { return 0 })
	assert.Equal(t, []string{"a", "b"}, owned.sortedKeys(0))
	assert.Equal(t, "2", owned.get(0, "b").str)
	assert.Equal(t, 2, owned.dbLen(0))
	n := 0
	owned.volatileKeys(0, func(k string, _ *entry) { n++; assert.Equal(t, "b", k) })
	assert.Equal(t, 1, n)
	assert.Nil(t, ks.get(0, "b"), "the live store never saw the replay's key")
	assert.Equal(t, []string{"a"}, old.sortedKeys(0))
}
