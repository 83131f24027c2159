package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/core/scenario"
)

func TestWithVersion(t *testing.T) {
	src := "# c\ntitle T\nnode M\nM SET k v\n"
	assert.Equal(t, "redis-7.0", VersionOf(src))
	assert.Equal(t, src, WithVersion(src, "redis-7.0"), "the default needs no line")
	v62 := WithVersion(src, "redis-6.2")
	assert.Equal(t, "# c\ntitle T\nversion redis-6.2\nnode M\nM SET k v\n", v62)
	assert.Equal(t, "redis-6.2", VersionOf(v62))
	vk := WithVersion(v62, "valkey-8.0")
	assert.Equal(t, "# c\ntitle T\nversion valkey-8.0\nnode M\nM SET k v\n", vk, "changed where it is")
	assert.Equal(t, "# c\ntitle T\nversion redis-7.0\nnode M\nM SET k v\n", WithVersion(vk, "redis-7.0"))
	assert.Equal(t, "version redis-7.2  # why\nnode M", WithVersion("version redis-6.2  # why\nnode M", "redis-7.2"))
	for _, v := range scenario.Versions {
		s, err := scenario.Parse("t", WithVersion(src, v))
		require.NoError(t, err, v)
		assert.Equal(t, v, s.Version)
	}
}

func TestCompareLine(t *testing.T) {
	src := "node M\nnode R replicaof M\nM SADD s a b c d\nM SPOP s 2\n"
	a, err := Load("", "t", WithVersion(src, "redis-7.0"))
	require.NoError(t, err)
	b, err := Load("", "t", WithVersion(src, "redis-7.2"))
	require.NoError(t, err)
	last := len(a.Steps()) - 1
	d := CompareLine(a, b, last)
	byField := map[string]FieldDiff{}
	for _, f := range d {
		byField[f.Node+" "+f.Field] = f
	}
	// SELECT 23 + SADD 49; 7.0: MULTI 15 + two SREM of 28 + EXEC 14, 7.2: one SREM of 35.
	assert.Equal(t, FieldDiff{Node: "M", Field: "master_repl_offset", A: "157", B: "107", Differs: true}, byField["M master_repl_offset"])
	assert.False(t, byField["M repl_backlog_size"].Differs)
	assert.True(t, byField["R slave_repl_offset"].Differs)
	// Valkey prints fields Redis does not.
	c, err := Load("", "t", WithVersion(src, "valkey-8.0"))
	require.NoError(t, err)
	for _, f := range CompareLine(a, c, last) {
		if f.Field == "replicas_waiting_psync" {
			assert.Equal(t, "", f.A)
			assert.Equal(t, "0", f.B)
			assert.True(t, f.Differs)
		}
	}
}
