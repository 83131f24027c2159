package core

import (
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/core/scenario"
)

// streamWorld runs lines on a fresh world of the version ("" is 7.0) and
// returns it with each command line's reply.
func streamWorld(t *testing.T, version string, lines ...string) (*World, []string) {
	t.Helper()
	w := NewWorld(1)
	if version != "" {
		require.NoError(t, w.SetVersion(version))
	}
	var out []string
	for i, src := range lines {
		l, err := scenario.ParseLine("test", i+1, src, w.Nodes())
		require.NoError(t, err, src)
		w.Run(l)
		out = append(out, w.Reply().Compact())
	}
	return w, out
}

func streamOf(t *testing.T, w *World, si int, key string) *streamValue {
	t.Helper()
	e := w.servers[si].ks.get(0, key)
	require.NotNil(t, e, key)
	return e.stream()
}

// checkNodes holds the node model to what the listpacks it writes say:
// each node's kept lpBytes is its blob's length, its counts are its
// entries' flags, its entries are in id order under its master id, and
// the live view is the nodes' unflagged entries.
func checkNodes(t *testing.T, s *streamValue, where string) {
	t.Helper()
	var live []streamEntry
	var prev *streamID
	for i, n := range s.nodes {
		require.Equal(t, len(n.listpack()), n.bytes, "%s: node %d's lpBytes", where, i)
		items, err := listpackEntries(n.listpack())
		require.NoError(t, err, where)
		require.Equal(t, strconv.FormatInt(n.count, 10), items[0], where)
		require.Equal(t, strconv.FormatInt(n.deleted, 10), items[1], where)
		var valid, deleted int64
		for _, it := range n.items {
			if it.flags&streamFlagDeleted != 0 {
				deleted++
			} else {
				valid++
			}
			require.False(t, it.id.less(n.master), "%s: %s under master %s", where, it.id, n.master)
			if prev != nil {
				require.True(t, prev.less(it.id), "%s: ids in order", where)
			}
			id := it.id
			prev = &id
		}
		require.Equal(t, n.count, valid, "%s: node %d's count", where, i)
		require.Equal(t, n.deleted, deleted, "%s: node %d's deleted", where, i)
		live = n.liveEntries(live)
	}
	require.Equal(t, len(live), len(s.entries), where)
	for i := range live {
		require.Equal(t, live[i].id, s.entries[i].id, where)
		require.Equal(t, live[i].fields, s.entries[i].fields, where)
	}
}

// nodeShape is each node's master id and live/deleted counts.
func nodeShape(s *streamValue) string {
	var b []string
	for _, n := range s.nodes {
		b = append(b, n.master.String()+":"+strconv.FormatInt(n.count, 10)+"/"+strconv.FormatInt(n.deleted, 10))
	}
	return strings.Join(b, " ")
}

// The nodes' shapes after the lines, as redis-server 7.0.15 showed them
// in stream-node-max-bytes.real.json (XINFO STREAM's radix-tree-keys and
// DUMP's listpacks): the byte limit's >= at exactly 100, fields other
// than the master's, deleted entries kept and counted toward the entry
// limit, a node freed with its last live entry, exact trims flagging,
// approximate ones dropping whole nodes within LIMIT.
func TestStreamNodeShapes(t *testing.T) {
	limits := []string{"node M", "config M stream-node-max-bytes 100", "config M stream-node-max-entries 4"}
	build := []string{
		"M XADD s 1-1 f 0123456789012345678901234567890",
		"M XADD s 1-2 f 01234567890123456789",
		"M XADD s 1-3 f 0123456789", // 89 bytes + 11 reach 100: a new node
		"M XADD s 1-4 f 012345",
		"M XADD s 1-5 f 0123456",
		"M XADD s 2-1 g 1 h 2",
		"M XADD s 2-2 f x", // the 4-entry limit
		"M XADD s 2-3 f y",
		"M XADD s 3-1 f a",
		"M XADD s 3-2 f b",
		"M XADD s 3-3 f c",
	}
	cases := []struct {
		name  string
		lines []string
		want  string
		reply string // the last line's
	}{
		{"bytes", build[:3], "1-1:2/0 1-3:1/0", "1-3"},
		{"entries", build, "1-1:2/0 1-3:4/0 2-2:4/0 3-3:1/0", "3-3"},
		{"xdel flags", append(build, "M XDEL s 2-2", "M XDEL s 2-2"), "1-1:2/0 1-3:4/0 2-2:3/1 3-3:1/0", "0"},
		{"xdel frees", append(build, "M XDEL s 2-2", "M XDEL s 3-1 3-2 3-3"), "1-1:2/0 1-3:4/0 2-2:1/3", "3"},
		{"deleted count", append(build, "M XDEL s 2-2", "M XDEL s 3-1 3-2 3-3", "M XADD s 4-1 f d", "M XADD s 4-2 f e"), "1-1:2/0 1-3:4/0 2-2:1/3 4-1:2/0", "4-2"},
		{"exact trim", append(build, "M XTRIM s MAXLEN 8"), "1-3:3/1 2-2:4/0 3-3:1/0", "3"},
		{"exact trim flags", append(build, "M XDEL s 2-2", "M XDEL s 3-1 3-2 3-3", "M XADD s 4-1 f d", "M XADD s 4-2 f e", "M XTRIM s MAXLEN 8"), "1-1:1/1 1-3:4/0 2-2:1/3 4-1:2/0", "1"},
		{"limit stops", append(build, "M XTRIM s MAXLEN ~ 2 LIMIT 1"), "1-1:2/0 1-3:4/0 2-2:4/0 3-3:1/0", "0"},
		{"limit", append(build, "M XTRIM s MAXLEN ~ 2 LIMIT 6"), "2-2:4/0 3-3:1/0", "6"},
		{"limit 0", append(build, "M XTRIM s MAXLEN ~ 0 LIMIT 0"), "", "11"},
		{"approx minid", append(build, "M XTRIM s MINID ~ 2-3"), "2-2:4/0 3-3:1/0", "6"},
		{"exact minid", append(build, "M XTRIM s MINID 2-3"), "2-2:3/1 3-3:1/0", "7"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, replies := streamWorld(t, "", append(append([]string(nil), limits...), tc.lines...)...)
			s := streamOf(t, w, 0, "s")
			checkNodes(t, s, tc.name)
			assert.Equal(t, tc.want, nodeShape(s))
			assert.Equal(t, tc.reply, replies[len(replies)-1])
		})
	}
}

// Random appends, deletions and trims under random limits: the nodes
// always agree with their own listpacks and the live view, a replica
// that applied the stream and one that loaded it by full sync hold the
// same nodes, and DUMP and RESTORE keep them.
func TestStreamNodesRandom(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	for round := 0; round < 20; round++ {
		maxBytes := []int{0, 1, 60, 100, 300, 4096}[r.Intn(6)]
		maxEntries := []int{0, 1, 2, 3, 5, 100}[r.Intn(6)]
		lines := []string{"node M", "node R replicaof M"}
		for _, n := range []string{"M", "R"} {
			lines = append(lines, "config "+n+" stream-node-max-bytes "+strconv.Itoa(maxBytes), "config "+n+" stream-node-max-entries "+strconv.Itoa(maxEntries))
		}
		next := 1
		for i := 0; i < 80; i++ {
			switch k := r.Intn(10); {
			case k < 6:
				fields := []string{"f", strings.Repeat("v", r.Intn(40))}
				if r.Intn(4) == 0 {
					fields = append(fields, "g"+strconv.Itoa(r.Intn(3)), strconv.Itoa(r.Intn(300)))
				}
				lines = append(lines, "M XADD s "+strconv.Itoa(next)+"-1 "+strings.Join(fields, " "))
				next++
			case k < 8:
				lines = append(lines, "M XDEL s "+strconv.Itoa(1+r.Intn(next))+"-1")
			case k < 9:
				approx := []string{"", "~ "}[r.Intn(2)]
				lines = append(lines, "M XTRIM s MAXLEN "+approx+strconv.Itoa(r.Intn(30)))
			default:
				approx := []string{"", "~ "}[r.Intn(2)]
				lines = append(lines, "M XTRIM s MINID "+approx+strconv.Itoa(r.Intn(next+1)))
			}
		}
		lines = append(lines, "node S replicaof M",
			`M EVAL "if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('RESTORE', KEYS[2], 0, redis.call('DUMP', KEYS[1])) end" 2 s s2`)
		w, _ := streamWorld(t, "", lines...)
		e := w.servers[0].ks.get(0, "s")
		if e == nil {
			continue
		}
		m := e.stream()
		where := "round " + strconv.Itoa(round) + " (" + strconv.Itoa(maxBytes) + " bytes, " + strconv.Itoa(maxEntries) + " entries)"
		checkNodes(t, m, where)
		for si, name := range []string{"R (applied)", "S (full sync)"} {
			rs := streamOf(t, w, si+1, "s")
			require.True(t, m.equalNodes(rs), "%s: %s's nodes %s, the master's %s", where, name, nodeShape(rs), nodeShape(m))
		}
		require.True(t, m.equalNodes(streamOf(t, w, 0, "s2")), "%s: RESTORE keeps the nodes", where)
		if maxEntries > 0 {
			for _, n := range m.nodes {
				require.LessOrEqual(t, n.count+n.deleted, int64(maxEntries), where)
			}
		}
	}
}

// A node's listpack bytes move with its counts' encodings: past 127 the
// count takes a 13-bit integer (one byte more), as lpReplaceInteger
// writes it.
func TestStreamNodeCountEncoding(t *testing.T) {
	var s streamValue
	lim := encLimits{streamBytes: 0, streamEntries: 0}
	for i := 1; i <= 130; i++ {
		s.appendItem(streamID{uint64(i), 0}, []string{"f", "v"}, lim)
		s.entries = append(s.entries, streamEntry{id: streamID{uint64(i), 0}, fields: []string{"f", "v"}})
	}
	require.Len(t, s.nodes, 1)
	checkNodes(t, &s, "130 entries")
	before := s.nodes[0].bytes
	require.True(t, s.deleteItem(streamID{5, 0}))
	checkNodes(t, &s, "one deleted")
	assert.Equal(t, before, s.nodes[0].bytes, "129 live and 1 deleted take what 130 and 0 did")
}

// What an approximate trim propagates: MAXLEN = the length left; MINID =
// the first node's first entry, flagged deleted or not (6.2 too, as its
// recording of stream-node-max-bytes:57 shows); with no node left, the
// largest id.
func TestStreamApproxTrimRewrite(t *testing.T) {
	lines := []string{"node M", "node R replicaof M", "config M stream-node-max-entries 5",
		"M XADD t 99-1 f v", "M XADD t 99-2 f v", "M XADD t 99-3 f v", "M XADD t 99-4 f v", "M XADD t 99-5 f v",
		"M XADD t 100-1 f v", "M XADD t 100-2 f v", "M XDEL t 100-1", "M XTRIM t MINID ~ 100-2"}
	for _, tc := range []struct{ version, want string }{{"", "100-1"}, {"redis-6.2", "100-1"}} {
		w, replies := streamWorld(t, tc.version, lines...)
		require.Equal(t, "5", replies[len(replies)-1])
		argv := w.servers[0].lastPropagated()
		assert.Equal(t, []string{"XTRIM", "t", "MINID", "=", tc.want}, argv, tc.version)
	}
	w, _ := streamWorld(t, "", append(lines, "M XTRIM t MINID ~ 1000")...)
	assert.Equal(t, []string{"XTRIM", "t", "MINID", "=", "18446744073709551615-18446744073709551615"}, w.servers[0].lastPropagated())
	w, _ = streamWorld(t, "", append(lines, "M XADD t MAXLEN ~ 0 LIMIT 1 200-1 f v")...)
	assert.Equal(t, []string{"XADD", "t", "MAXLEN", "=", "2", "LIMIT", "1", "200-1", "f", "v"}, w.servers[0].lastPropagated())
}

// LIMIT's default for ~ is 100 * stream-node-max-entries: 7.0 makes 0
// (no entry limit) 10000, 6.2 leaves it 0, no limit at all.
func TestStreamApproxTrimDefaultLimit(t *testing.T) {
	lines := []string{"node M", "config M stream-node-max-entries 1", "repeat 150 M XADD s {i}-1 f v", "M XTRIM s MAXLEN ~ 0"}
	_, replies := streamWorld(t, "", lines...)
	assert.Equal(t, "100", replies[len(replies)-1], "100 one-entry nodes")
	lines = []string{"node M", "config M stream-node-max-entries 0", "config M stream-node-max-bytes 1", "repeat 10050 M XADD s {i}-1 f v", "M XTRIM s MAXLEN ~ 0"}
	_, replies = streamWorld(t, "", lines...)
	assert.Equal(t, "10000", replies[len(replies)-1], "7.0: 10000")
	_, replies = streamWorld(t, "redis-6.2", lines...)
	assert.Equal(t, "10050", replies[len(replies)-1], "6.2: no limit")
}

// lastPropagated is the last command in the server's backlog.
func (s *Server) lastPropagated() []string {
	b := s.backlog.(interface{ Bytes(from, to int64) []byte }).Bytes(s.backlog.FirstByteOffset(), s.masterReplOffset)
	var last []string
	for len(b) > 0 && b[0] == '*' {
		var argv []string
		n, rest := respNum(b[1:])
		for i := 0; i < n; i++ {
			l, r := respNum(rest[1:]) // $len
			argv = append(argv, string(r[:l]))
			rest = r[l+2:]
		}
		last, b = argv, rest
	}
	return last
}

func respNum(b []byte) (int, []byte) {
	i := 0
	for b[i] != '\r' {
		i++
	}
	n, _ := strconv.Atoi(string(b[:i]))
	return n, b[i+2:]
}
