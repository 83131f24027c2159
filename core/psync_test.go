package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDecidePsync(t *testing.T) {
	const id1, id2, other = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "cccccccccccccccccccccccccccccccccccccccc"
	m := psyncMaster{replid: id1, replid2: id2, secondReplidOffset: 51, backlog: true, first: 20441, histlen: 24785, off: 45225}
	cases := []struct {
		name     string
		m        psyncMaster
		id       string
		off      int64
		cont     bool
		partErr  bool
		failedAt string
	}{
		{"fresh replica", m, "?", -1, false, false, "replication id"},
		{"same id, inside the window", m, id1, 30000, true, false, ""},
		{"same id, first byte", m, id1, 20441, true, false, ""},
		{"same id, one past the end (nothing to send)", m, id1, 45226, true, false, ""},
		{"same id, trimmed", m, id1, 20440, false, true, "offset in window"},
		{"same id, beyond the master", m, id1, 45227, false, true, "offset in window"},
		{"second id up to second_repl_offset", psyncMaster{replid: id1, replid2: id2, secondReplidOffset: 51, backlog: true, first: 1, histlen: 100, off: 100}, id2, 51, true, false, ""},
		{"second id past second_repl_offset", psyncMaster{replid: id1, replid2: id2, secondReplidOffset: 51, backlog: true, first: 1, histlen: 100, off: 100}, id2, 52, false, true, "replication id"},
		{"unrelated id", m, other, 100, false, true, "replication id"},
		{"no backlog", psyncMaster{replid: id1, replid2: zeroID, secondReplidOffset: -1}, id1, 1, false, true, "backlog"},
	}
	for _, c := range cases {
		d := decidePsync(c.m, c.id, c.off)
		assert.Equal(t, c.cont, d.Continue, c.name)
		assert.Equal(t, c.partErr, d.CountsAsPartialErr, c.name)
		assert.NotEmpty(t, d.Reason, c.name)
		if c.cont {
			assert.Equal(t, "+CONTINUE "+c.m.replid, d.Reply, c.name)
			for _, ch := range d.Checks {
				assert.True(t, ch.Holds, c.name)
			}
			continue
		}
		last := d.Checks[len(d.Checks)-1]
		assert.False(t, last.Holds, c.name)
		assert.Equal(t, c.failedAt, last.Name, c.name)
		for _, ch := range d.Checks[:len(d.Checks)-1] {
			assert.True(t, ch.Holds, "checks before the failing one hold: "+c.name)
		}
	}
}
