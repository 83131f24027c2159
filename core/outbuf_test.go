package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/core/scenario"
)

func checkSrc(t *testing.T, src string) error {
	t.Helper()
	s, err := scenario.Parse("t.scenario", src)
	require.NoError(t, err)
	return CheckScript(s, NativeLimits)
}

// The contract 1.1 refusals, before anything runs.
func TestHoldStallRefusals(t *testing.T) {
	err := checkSrc(t, "node M\nnode R replicaof M\nconfig M repl-diskless-sync no\nsync R hold\n")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "t.scenario:4:1: `sync R hold` needs repl-diskless-sync yes")
	err = checkSrc(t, "node M\nnode R replicaof M\nM CONFIG SET repl-diskless-sync no\nlink R stall\n")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "t.scenario:4:1:")
	err = checkSrc(t, "node M\nlink M stall\n")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "t.scenario:2:6: link M: M is a master")
	// Under the cap, then over it.
	require.NoError(t, checkSrc(t, "node M\nnode R replicaof M\nlink R stall\nrepeat 90 M SET k{i} {10kb}\nlink R resume\nrepeat 900 M SET k{i} {10kb}\n"))
	err = checkSrc(t, "node M\nnode R replicaof M\nlink R stall\nrepeat 90 M SET k{i} {10kb}\nrepeat 20 M SET k{i} {10kb}\n")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "t.scenario:5:")
	assert.Contains(t, err.Error(), "stalled at line 3")
	// A replica that is a master now may have its next sync held.
	require.NoError(t, checkSrc(t, "node M\nnode R\nsync R hold\nR REPLICAOF M\n"))
}

func TestClientOutputBufferLimitConfig(t *testing.T) {
	c := defaultConfig()
	assert.Equal(t, "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60", c.get("client-output-buffer-limit"))
	assert.Equal(t, "", c.set("client-output-buffer-limit", "replica 1mb 0 0"))
	assert.Equal(t, obufLimit{1 << 20, 0, 0}, c.obuf[1])
	assert.Equal(t, "", c.set("client-output-buffer-limit", "normal 1 2 3 slave 64kb 16kb 5"))
	assert.Equal(t, obufLimit{64 << 10, 16 << 10, 5}, c.obuf[1])
	assert.Contains(t, c.set("client-output-buffer-limit", "replica 1mb 0"), "Wrong number of arguments")
	assert.Contains(t, c.set("client-output-buffer-limit", "master 1mb 0 0"), "Invalid client class")
	assert.Contains(t, c.set("client-output-buffer-limit", "replica 1zb 0 0"), "Error in hard, soft or soft_seconds")
	assert.Equal(t, obufLimit{64 << 10, 16 << 10, 5}, c.obuf[1], "a refused value changes nothing")
}

// omem is every block from the reference to the tail at its capacity
// plus 64 bytes each; a hard limit below the backlog size is raised.
func TestOutputBufferFigures(t *testing.T) {
	s, err := scenario.Parse("t", "node M\nnode R\nconfig M client-output-buffer-limit \"replica 512kb 0 0\"\nsync R hold\nR REPLICAOF M\nrepeat 100 M SET k{i} {1000b}\nM CLIENT LIST TYPE replica\n")
	require.NoError(t, err)
	tl, err := Play(s, Options{Seed: 1, Report: true})
	require.NoError(t, err)
	steps := tl.Steps()
	last := steps[len(steps)-1]
	assert.Contains(t, last.Reply, "oll=6 omem=123024")
	r := tl.Report().Steps[len(steps)-1].Nodes["M"]
	assert.Equal(t, "123024", r.Fields["mem_total_replication_buffers"])
	assert.Equal(t, "123024", r.Replicas["R"].Omem)
	assert.Equal(t, "6", r.Replicas["R"].Oll)
	m := tl.world.server("M")
	assert.Equal(t, int64(1<<20), m.replicaHardLimit())
	// The blocks index's empty rax adds its head node's 4 bytes.
	assert.Contains(t, tl.world.Info("M", "memory"), "\r\nmem_replication_backlog:123028\r\nmem_total_replication_buffers:123024\r\n")
}
