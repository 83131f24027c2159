package core

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The LFU counter in virtual minutes: it decays by one per lfu-decay-time
// minutes without access (never below 0, never with decay time 0), an
// access first decays it and then raises it, deterministically up to
// LFU_INIT_VAL; past it the raise is rand()'s at a log factor above 0, and
// OBJECT FREQ says it cannot know instead of guessing.
func TestLFUCounterInVirtualMinutes(t *testing.T) {
	r := replies(t, `node M
M CONFIG SET maxmemory-policy allkeys-lfu
M SET a v
M SET b v
M SET z v
M SET g v
M GET g
M OBJECT FREQ g
M GET g
advance 3m
M OBJECT FREQ a
M GET a
M OBJECT FREQ b
advance 10m
M OBJECT FREQ z
M OBJECT FREQ a
M CONFIG SET lfu-decay-time 0
M SET n v
advance 5m
M OBJECT FREQ n
M OBJECT FREQ g
`)
	assert.Equal(t, "5", r["M OBJECT FREQ n"], "no decay with lfu-decay-time 0")
	assert.Equal(t, "2", r["M OBJECT FREQ b"], "5 less three minutes")
	assert.Equal(t, "0", r["M OBJECT FREQ z"], "never below 0")
	assert.Equal(t, "0", r["M OBJECT FREQ a"], "decayed to 2, raised to 3 by GET, then ten minutes")
	assert.Contains(t, r["M OBJECT FREQ g"], "ERR ReplScope cannot know this key's LFU counter")
}

// A counter the model knows stays known with lfu-log-factor 0: every
// access raises it, up to 255.
func TestLFUCounterSaturates(t *testing.T) {
	r := replies(t, `node M
M CONFIG SET maxmemory-policy allkeys-lfu
M CONFIG SET lfu-log-factor 0
M SET k v
repeat 300 M GET k
M OBJECT FREQ k
`)
	assert.Equal(t, "255", r["M OBJECT FREQ k"])
}

// The order each policy evicts in when nothing can stop it (maxmemory 1):
// LRU the largest idle time first, LFU the lowest counter, volatile-ttl
// the nearest expiry, only keys with a TTL under the volatile policies,
// the random ones a key of the next db in turn (next_db), by name in the
// model; ties go by db, then name.
func TestEvictionOrderByPolicy(t *testing.T) {
	for _, tc := range []struct {
		policy string
		lines  []string
		want   []string
		kept   int
	}{
		{"allkeys-lru", []string{"M SET a v", "advance 30s", "M SET b v", "advance 10s", "M SET c v", "M GET a"}, []string{"b", "a", "c"}, 0},
		{"volatile-lru", []string{"M SET p v", "M SET x v EX 100", "advance 10s", "M SET y v EX 100", "advance 5s", "M GET x"}, []string{"y", "x"}, 1},
		{"allkeys-lfu", []string{"M CONFIG SET lfu-log-factor 0", "M SET a v", "M GET a", "M GET a", "M SET b v", "M SET c v", "M GET c"}, []string{"b", "c", "a"}, 0},
		{"volatile-lfu", []string{"M CONFIG SET lfu-log-factor 0", "M SET p v", "M SET a v EX 100", "M GET a", "M SET b v EX 100"}, []string{"b", "a"}, 1},
		{"volatile-ttl", []string{"M SET p v", "M SET x v EX 300", "M SET y v EX 100", "M SET z v PX 200000"}, []string{"y", "z", "x"}, 1},
		{"allkeys-random", []string{"M SET b v", "M SET a v", "M SELECT 1", "M SET x v", "M SELECT 0"}, []string{"x", "a", "b"}, 0},
		{"volatile-random", []string{"M SET p v", "M SET b v EX 100", "M SET a v EX 100"}, []string{"a", "b"}, 1},
	} {
		t.Run(tc.policy, func(t *testing.T) {
			lines := append([]string{"node M", "M CONFIG SET maxmemory-policy " + tc.policy}, tc.lines...)
			w := settledWorld(t, 1, lines...)
			var sink recordSink
			w.SetSink(&sink)
			assert.Equal(t, "OK", runLine(t, w, len(lines)+1, "M CONFIG SET maxmemory 1"))
			assert.Equal(t, tc.want, sink.texts(EvEvicted))
			m := w.server("M")
			assert.Equal(t, tc.kept, m.ks.size())
			assert.Equal(t, int64(len(tc.want)), m.stat.evictedKeys)
			assert.Equal(t, "OOM command not allowed when used memory > 'maxmemory'.", runLine(t, w, len(lines)+2, "M SET new v"))
		})
	}
}

// freeMemoryGetNotCountedMemory (7.0): the replication buffer beyond
// repl-backlog-size and its blocks' headers belongs to the replicas, and
// maxmemory compares used memory without it.
func TestNotCountedMemory(t *testing.T) {
	big := strings.Repeat("x", 30000)
	w := settledWorld(t, 1, "node M", "node R replicaof M", "M SET k v")
	m := w.server("M")
	assert.Zero(t, w.freeMemoryGetNotCountedMemory(m), "the buffer is within the backlog's size")
	runLine(t, w, 4, "M CONFIG SET repl-backlog-size 16kb")
	runLine(t, w, 5, "link R stall")
	runLine(t, w, 6, "M SET big "+big)
	mem := m.memReplBuffers()
	require.Greater(t, mem, int64(16384+2*64))
	notCounted := mem - (16384 + (16384/16384+1)*64)
	assert.Equal(t, notCounted, w.freeMemoryGetNotCountedMemory(m))
	var info string
	for _, l := range w.memoryInfo(m) {
		if l.name == "mem_not_counted_for_evict" {
			info = l.value
		}
	}
	assert.Equal(t, itoa(notCounted), info)

	used, _, _ := w.zmallocUsedMemory(m)
	m.cfg.maxmemory = used - notCounted
	over, _ := w.getMaxmemoryState(m)
	assert.False(t, over, "used memory less the replicas' share is at the limit")
	m.cfg.maxmemory = used - notCounted - 10
	over, tofree := w.getMaxmemoryState(m)
	assert.True(t, over)
	assert.Equal(t, int64(10), tofree)
}

// No eviction while clients are paused or on a replica that ignores
// maxmemory (isSafeToPerformEvictions); the pause's end lets the next
// command (here the line's end, the harness's INFO poll) evict.
func TestNoEvictionWhenUnsafe(t *testing.T) {
	w := settledWorld(t, 1, "node M", "node R replicaof M", "M CONFIG SET maxmemory-policy allkeys-lru", "R CONFIG SET maxmemory-policy allkeys-lru", "M SET k v",
		"R CONFIG SET maxmemory 1", "M CLIENT PAUSE 5000 WRITE", "M CONFIG SET maxmemory 1")
	m, r := w.server("M"), w.server("R")
	assert.Equal(t, 1, m.ks.size(), "paused: nothing evicted")
	assert.Equal(t, 1, r.ks.size(), "replica-ignore-maxmemory yes")
	assert.Equal(t, "1", runLine(t, w, 9, "M DBSIZE"))
	runLine(t, w, 10, "advance 6s")
	assert.Equal(t, 0, m.ks.size(), "evicted once the pause is over")
	assert.Equal(t, 0, r.ks.size(), "the replica applies the DEL")
	assert.Zero(t, r.stat.evictedKeys)
	assert.Equal(t, int64(1), m.stat.evictedKeys)
}

// The memory maxmemory reads, kept up to date key by key, is
// keyspaceMemory's after every line: writes of every kind, expiries set
// and removed, deletions, renames, SWAPDB, FLUSHDB, transactions, scripts,
// a full sync and a restart (new keyspaces), on a clone too.
func TestKeyspaceMemFollowsWrites(t *testing.T) {
	lines := []string{"node M", "node R replicaof M", "M CONFIG SET maxmemory 1gb", "R CONFIG SET maxmemory 1gb",
		"repeat 50 M SET base{i} v", "M SET a 1", "M SET b hello", "M SET b " + strings.Repeat("y", 60), "M SET base1 " + strings.Repeat("y", 30), "M APPEND b " + strings.Repeat("x", 50), "M INCR a", "M LPUSH l a b c", "M RPOP l",
		"M HSET h f v g w", "M HDEL h f", "M SADD s 1 2 3", "M SADD s x", "M ZADD z 1 m 2 n", "M EXPIRE b 100",
		"M SET c v EX 50", "M PERSIST b", "M RENAME b b2", "M DEL a", "M SELECT 1", "M SET d1 v", "M SELECT 0",
		"M SWAPDB 0 1", "M MULTI", "M SET e v", "M LPUSH l z", "M EXEC", `M EVAL "redis.call('set','f','v'); return redis.call('expire','f',10)" 0`,
		"repeat 30 M SET k{i} " + strings.Repeat("v", 100), "M FLUSHDB", "advance 60s", "restart R", "M SET g v", "M GETDEL g", "M SETRANGE s2 5 x"}
	w := NewWorld(1)
	check := func(w *World, line string) {
		for _, s := range w.servers {
			o, d, _ := keyspaceMemory(s, nil)
			used, overhead, dataset := w.zmallocUsedMemory(s)
			assert.Equal(t, o+memStartup+mustBacklog(w, s), overhead, "%s after %q: overhead", s.name, line)
			assert.Equal(t, d, dataset, "%s after %q: dataset", s.name, line)
			assert.Equal(t, overhead+dataset, used)
		}
	}
	for i, src := range lines {
		runLine(t, w, i+1, src)
		check(w, src)
		if i == 20 {
			c := w.Clone()
			runLine(t, c, i+2, "M SET clone v")
			check(c, "M SET clone v (a clone)")
			check(w, src+" (the original after its clone wrote)")
		}
	}
}

func mustBacklog(w *World, s *Server) int64 {
	v, _ := strconv.ParseInt(w.replMemoryInfo(s)[0].value, 10, 64)
	return v
}
