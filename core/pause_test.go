package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A replica's CLIENT PAUSE would postpone its master's stream, which the
// model does not hold back: refused, naming what to use.
func TestClientPauseOnReplicaRefused(t *testing.T) {
	r := replies(t, "node M\nnode R replicaof M\nR CLIENT PAUSE 1000 WRITE\n")
	assert.Contains(t, r["R CLIENT PAUSE 1000 WRITE"], "ERR ReplScope cannot run CLIENT PAUSE on a replica")
	assert.Contains(t, r["R CLIENT PAUSE 1000 WRITE"], "pause the master")
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
