package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
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
