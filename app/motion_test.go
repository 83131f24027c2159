package app

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/core"
)

// TestMotion: a write's bytes are in flight once sent, in the read buffer
// once read, gone once applied; a cut link holds the master's new bytes.
func TestMotion(t *testing.T) {
	p := loaded(t, "partial-resync", -1)
	_, st := stepOf(t, p, "M SET a hello")
	sent := firstKind(t, p, st, core.EvSent)
	at := func(k int) []LinkMotion {
		snap, err := p.sess.At(k)
		require.NoError(t, err)
		return motionOf(snap)
	}
	m := at(sent - 1)
	assert.Empty(t, m, "nothing on the link before the send")
	m = at(sent)
	require.Len(t, m, 1)
	assert.Equal(t, p.sess.Event(sent).Len, m[0].Flight)
	assert.Equal(t, `*2\r\n$6\r\nSELECT…`, m[0].Head)
	m = at(sent + 1) // read
	require.Len(t, m, 1)
	assert.Zero(t, m[0].Flight)
	assert.Equal(t, p.sess.Event(sent).Len, m[0].Buffered)
	snap, err := p.sess.At(sent + 2) // SELECT applied: SET's 31 bytes wait
	require.NoError(t, err)
	m = motionOf(snap)
	require.Len(t, m, 1)
	assert.Equal(t, int64(31), m[0].Buffered)
	assert.Equal(t, `*3\r\n$3\r\nSET…`, m[0].BufHead)
	html := render(t, &Topology{Nodes: snap.Nodes, Motion: m, Lang: "en"})
	assert.Contains(t, html, `data-chip="buffer"`)
	assert.Contains(t, html, `data-bytes="31"`)

	_, st = stepOf(t, p, "M SET b world")
	m = at(st.Last)
	require.Len(t, m, 1)
	assert.Equal(t, int64(31), m[0].Back, "SET b world's 31 bytes wait in M's backlog")
	assert.Zero(t, m[0].Flight)

}
