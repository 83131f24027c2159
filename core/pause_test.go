package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A replica's CLIENT PAUSE pauses its master client too: under WRITE the
// stream is read, a transaction's MULTI applied but its first write waits
// (checked before it is queued); under ALL even a PING waits; the pause's
// end in virtual time applies what was read.
func TestClientPauseOnReplicaHoldsStream(t *testing.T) {
	field := func(w *World, node, f string) string {
		v, _ := w.infoField(w.server(node), f)
		return v
	}
	w := settledWorld(t, 1, "node M", "node R replicaof M", "M SET a 1", "R CLIENT PAUSE 5000 WRITE", "M MULTI", "M SET k v", "M INCR n", "M EXEC")
	assert.Equal(t, "50", field(w, "R", "slave_repl_offset"))
	assert.Equal(t, field(w, "M", "master_repl_offset"), field(w, "R", "slave_read_repl_offset"))
	assert.True(t, w.server("R").master.inMulti, "MULTI was applied, SET waits")
	runLine(t, w, 9, "advance 5s")
	assert.Equal(t, field(w, "M", "master_repl_offset"), field(w, "R", "slave_repl_offset"))
	assert.False(t, w.server("R").master.inMulti)

	w = settledWorld(t, 1, "node M", "node R replicaof M", "M SET a 1", "R CLIENT PAUSE 5000 WRITE")
	r := w.server("R")
	w.feedSlaves(w.server("M"), -1, argvPing)
	w.scheduleWrites(w.server("M"))
	for w.Step() {
	}
	assert.Equal(t, "64", field(w, "R", "slave_repl_offset"), "a PING is no write: applied under WRITE")
	r.pauseType = pauseAll
	w.feedSlaves(w.server("M"), -1, argvPing)
	w.scheduleWrites(w.server("M"))
	for w.Step() {
	}
	assert.Equal(t, "64", field(w, "R", "slave_repl_offset"), "under ALL the PING waits")
	assert.Equal(t, "78", field(w, "R", "slave_read_repl_offset"))
	runLine(t, w, 5, "R CLIENT UNPAUSE")
	assert.Equal(t, "78", field(w, "R", "slave_repl_offset"))
}

// A write postponed by CLIENT PAUSE WRITE runs when the pause ends in
// virtual time; inside a repeat every iteration waits for that end, then
// they run in order.
func TestClientPausePostponesInVirtualTime(t *testing.T) {
	r := replies(t, "node M\nM CLIENT PAUSE 2500 WRITE\nM SET k v\nM TIME\nM CLIENT PAUSE 1000 WRITE\nrepeat 3 M RPUSH l x{i}\nM LRANGE l 0 -1\nM TIME\n")
	assert.Equal(t, "OK", r["M SET k v"])
	// 2.5 s for the SET, then 1 s for the repeat's first RPUSH.
	assert.Equal(t, "[1767225603,500000]", r["M TIME"])
	assert.Equal(t, "[x1,x2,x3]", r["M LRANGE l 0 -1"])
}
