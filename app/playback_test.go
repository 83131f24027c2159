package app

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/app/model"
	"replscope/core"
)

// stepOf finds the step of the line with this text.
func stepOf(t *testing.T, p *Player, text string) (int, model.Step) {
	t.Helper()
	for i, st := range p.sess.Steps() {
		if st.Line.Text == text {
			return i, st
		}
	}
	t.Fatalf("no line %q", text)
	return -1, model.Step{}
}

// firstKind is the first event of a kind in a step.
func firstKind(t *testing.T, p *Player, st model.Step, kind core.EventKind) int {
	t.Helper()
	for k := st.First; k <= st.Last; k++ {
		if p.sess.Event(k).Kind == kind {
			return k
		}
	}
	t.Fatalf("no %s in line %q", kind, st.Line.Text)
	return -1
}

// TestKeyMoment: each line's key moment is chosen from its events: the
// PSYNC answer of a reconnection, the RDB loaded of a full sync, the feed
// whose blocks a replica pins before a trim, the trim itself, and a plain
// write's last ack.
func TestKeyMoment(t *testing.T) {
	p := loaded(t, "partial-resync", -1)
	i, st := stepOf(t, p, "link R up")
	key, end := p.stops(i)
	answer := firstKind(t, p, st, core.EvPsyncAnswered)
	assert.Equal(t, answer, key, "link R up stops at +CONTINUE")
	assert.Equal(t, st.Last, end)
	assert.Less(t, key, end, "the last ack comes after the answer")
	assert.True(t, p.sess.Event(key).Psync.Continue)

	i, st = stepOf(t, p, "node R replicaof M")
	assert.Equal(t, firstKind(t, p, st, core.EvRDBLoaded), p.sess.KeyMoment(i), "a full sync stops where the replica loaded the RDB")
	i, st = stepOf(t, p, "M SET c done")
	assert.Equal(t, st.Last, p.sess.KeyMoment(i), "a write stops at its last ack")
	assert.Equal(t, core.EvAck, p.sess.Event(st.Last).Kind)

	// The 7.0 blocks: the 100 KB write stops where R still pins the old
	// blocks (before the send that frees them), the next one at its trim.
	b := loaded(t, "backlog-blocks", -1)
	i, st = stepOf(t, b, "repeat 1 M SET big {100kb}")
	key = b.sess.KeyMoment(i)
	require.Less(t, key, firstKind(t, b, st, core.EvSent), "before M writes to R's socket")
	snap, err := b.sess.At(key)
	require.NoError(t, err)
	pinned, blocks := -1, 0
	for _, n := range snap.Nodes {
		if n.Name != "M" || n.Backlog == nil {
			continue
		}
		blocks = len(n.Backlog.Blocks)
		for i, blk := range n.Backlog.Blocks {
			if len(blk.PinnedBy) > 0 {
				pinned = i
			}
		}
	}
	assert.GreaterOrEqual(t, pinned, 0, "R's unsent bytes pin a block")
	assert.Less(t, pinned, blocks-1, "an old block, not the tail")
	assert.Greater(t, blocks, 5, "the new blocks and the old ones, not yet trimmed")
	after, err := b.sess.At(st.Last)
	require.NoError(t, err)
	for _, n := range after.Nodes {
		if n.Name == "M" {
			assert.Less(t, len(n.Backlog.Blocks), blocks, "trimmed by the settled end")
		}
	}
	i, st = stepOf(t, b, "repeat 1 M SET k {1007b}")
	assert.Equal(t, firstKind(t, b, st, core.EvBacklogTrimmed), b.sess.KeyMoment(i), "a trim with nothing pinned stops at the trim")

	f := loaded(t, "failover", -1)
	i, st = stepOf(t, f, "B REPLICAOF A")
	assert.Equal(t, firstKind(t, f, st, core.EvPsyncAnswered), f.sess.KeyMoment(i), "the failover PSYNC's answer")
}

// TestNextLineStops: Next line stops at the key moment, then at the
// settled end, then at the next line's; Previous line walks the same
// stops back.
func TestNextLineStops(t *testing.T) {
	p := loaded(t, "partial-resync", -1)
	i, st := stepOf(t, p, "link R up")
	key, end := p.stops(i)
	p.pos = st.First - 1
	require.Equal(t, key, p.nextLine())
	p.pos = key
	assert.True(t, p.atKey())
	require.Equal(t, end, p.nextLine(), "again: the settled end")
	p.pos = end
	assert.False(t, p.atKey())
	next := p.sess.Steps()[i+1]
	assert.Equal(t, next.Last, p.nextLine(), "an expect line's one event")
	assert.Equal(t, key, p.prevLine())
	p.pos = key
	assert.Equal(t, st.First-1, p.prevLine(), "back to the line before's end")
	p.pos = -1
	assert.Equal(t, -1, p.prevLine())
	var stops []int
	for p.pos = -1; p.pos < p.sess.Len()-1; p.pos = p.nextLine() {
		stops = append(stops, p.pos)
	}
	for k := 1; k < len(stops); k++ {
		assert.Less(t, stops[k-1], stops[k], "stops move forward")
	}
	for k := len(stops) - 1; k > 0; k-- {
		p.pos = stops[k]
		assert.Equal(t, stops[k-1], p.prevLine(), "back from %d", stops[k])
	}
}

// TestNarrationWithItsLine: the prose after a line (before its checks)
// shows at the line's key moment with a note on how to reach its end; a
// line's own prose shows with it.
func TestNarrationWithItsLine(t *testing.T) {
	p := loaded(t, "partial-resync", -1)
	i, st := stepOf(t, p, "link R up")
	key, end := p.stops(i)
	for _, c := range []struct {
		at            int
		result, atKey bool
	}{{st.First, false, false}, {key, true, true}, {end, true, false}} {
		snap, err := p.sess.At(c.at)
		require.NoError(t, err)
		p.pos, p.snap = c.at, snap
		n := p.narrationProps(snap)
		assert.Contains(t, n.Say[0], "R comes back", "event %d", c.at)
		assert.Equal(t, c.atKey, n.AtKey, "event %d", c.at)
		if c.result {
			require.Len(t, n.Result, 1, "event %d", c.at)
			assert.Contains(t, n.Result[0], "+CONTINUE: M sent only the 61 bytes")
			html := render(t, n)
			assert.Contains(t, html, `data-role="result"`)
		} else {
			assert.Empty(t, n.Result, "event %d: before the key moment", c.at)
		}
	}
}
