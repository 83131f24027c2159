package scenario

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVersionLine(t *testing.T) {
	s, err := Parse("v.scenario", "node M\nM SET k v")
	require.NoError(t, err)
	assert.Equal(t, "redis-7.0", s.Version, "the default")
	assert.Equal(t, 0, s.VersionLine)

	for _, v := range Versions {
		s, err := Parse("v.scenario", "# a comment\n\ntitle Same writes\n  version "+v+"  # which server\nnode M\nM SET k v")
		require.NoError(t, err, v)
		assert.Equal(t, v, s.Version)
		assert.Equal(t, 4, s.VersionLine)
		require.Len(t, s.Lines, 3, "the version line is not a step")
		assert.Equal(t, Title, s.Lines[0].Kind)
		assert.Equal(t, 5, s.Lines[1].Num, "every other line keeps its own number")
		assert.Equal(t, 6, s.Lines[2].Num)
	}

	// The title may also come after it.
	s, err = Parse("v.scenario", "version valkey-8.0\ntitle T\nnode M")
	require.NoError(t, err)
	assert.Equal(t, "valkey-8.0", s.Version)
	assert.Equal(t, "T", s.Title)
	assert.Equal(t, 1, s.VersionLine)
}

func TestVersionLineErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"version redis-6.0", `t.scenario:1:9: a version (redis-6.2, redis-7.0, redis-7.2, redis-7.4, valkey-8.0) was expected, not "redis-6.0"`},
		{"title T\nversion Redis-7.0", `t.scenario:2:9: a version (redis-6.2, redis-7.0, redis-7.2, redis-7.4, valkey-8.0) was expected, not "Redis-7.0"`},
		{"version 7.0", `t.scenario:1:9: a version (redis-6.2, redis-7.0, redis-7.2, redis-7.4, valkey-8.0) was expected, not "7.0"`},
		{"version valkey-8", `t.scenario:1:9: a version (redis-6.2, redis-7.0, redis-7.2, redis-7.4, valkey-8.0) was expected, not "valkey-8"`},
		{"version", "t.scenario:1:8: a version (redis-6.2, redis-7.0, redis-7.2, redis-7.4, valkey-8.0) was expected"},
		{"version redis-7.2 now", `t.scenario:1:19: the end of the line was expected, not "now"`},
		{"node M\nversion redis-7.2", "t.scenario:2:1: `version` must be the scenario's first line (only comments and the title may come before it)"},
		{"say hello\n version redis-7.2", "t.scenario:2:2: `version` must be the scenario's first line (only comments and the title may come before it)"},
		{"say it's\nversion redis-7.2", "t.scenario:2:1: `version` must be the scenario's first line (only comments and the title may come before it)"},
		{"version redis-7.2\nversion redis-7.4", "t.scenario:2:1: a scenario has at most one version line (line 1 is one)"},
		{"VERSION redis-7.2", `t.scenario:1:1: verbs are lowercase: "version" was expected`},
		{"node version", `t.scenario:1:6: "version" is a verb and cannot name a node`},
	}
	for _, c := range cases {
		s, err := Parse("t.scenario", c.src)
		assert.Nil(t, s, c.src)
		if assert.Error(t, err, c.src) {
			assert.Equal(t, c.want, err.Error(), c.src)
		}
	}
	_, err := ParseLine("console", 3, "version redis-7.2", []string{"M"})
	if assert.Error(t, err) {
		assert.Equal(t, "console:3:1: `version` belongs on a scenario's first line, not in the console", err.Error())
	}
}
