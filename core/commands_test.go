package core

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/core/internal/cmdtable"
)

// TestCommandTableIsRedis checks the simulator's table against what
// redis-server 7.0.15's COMMAND said (core/testdata/commands-7.0.json):
// commands_gen.go is what the generator makes of the dump, and every
// command and subcommand is in the table with Redis's arity, flags and
// key positions.
func TestCommandTableIsRedis(t *testing.T) {
	raw, err := os.ReadFile("testdata/commands-7.0.json")
	require.NoError(t, err)
	src, err := cmdtable.GenerateGo(raw)
	require.NoError(t, err)
	gen, err := os.ReadFile("commands_gen.go")
	require.NoError(t, err)
	require.Equal(t, string(src), string(gen), "commands_gen.go is stale: go run ./core/internal/cmdgen gen")
	for _, f := range []struct {
		json, gen string
		fn        func([]byte) ([]byte, error)
	}{{"testdata/config-7.0.json", "configdefaults_gen.go", cmdtable.GenerateConfigGo}, {"testdata/help-7.0.json", "help_gen.go", cmdtable.GenerateHelpGo}} {
		raw, err := os.ReadFile(f.json)
		require.NoError(t, err)
		src, err := f.fn(raw)
		require.NoError(t, err)
		gen, err := os.ReadFile(f.gen)
		require.NoError(t, err)
		require.Equal(t, string(src), string(gen), f.gen+" is stale: go run ./core/internal/cmdgen gen")
	}

	tab, err := cmdtable.Decode(raw)
	require.NoError(t, err)
	assert.Equal(t, "7.0.15", tab.RedisVersion)
	n := 0
	var check func(rc cmdtable.Command)
	check = func(rc cmdtable.Command) {
		n++
		var c *command
		if parent, sub, ok := strings.Cut(rc.Name, "|"); ok {
			p := findCommand(parent)
			require.NotNil(t, p, parent)
			c = p.subs[sub]
		} else {
			c = findCommand(rc.Name)
		}
		if !assert.NotNil(t, c, "%s is missing", rc.Name) {
			return
		}
		assert.Equal(t, rc.Name, c.name)
		assert.Equal(t, rc.Arity, c.arity, rc.Name)
		assert.Equal(t, strings.Join(rc.Flags, " "), c.rflags, rc.Name)
		assert.Equal(t, [3]int{rc.First, rc.Last, rc.Step}, [3]int{c.first, c.last, c.step}, rc.Name)
		has := func(f string) bool {
			for _, x := range rc.Flags {
				if x == f {
					return true
				}
			}
			return false
		}
		assert.Equal(t, has("write"), c.flags&flagWrite != 0, rc.Name+" write")
		assert.Equal(t, has("readonly"), c.flags&flagReadonly != 0, rc.Name+" readonly")
		assert.Equal(t, has("admin"), c.flags&flagAdmin != 0, rc.Name+" admin")
		assert.Equal(t, has("noscript"), c.flags&flagNoScript != 0, rc.Name+" noscript")
		assert.Equal(t, has("denyoom"), c.flags&flagDenyOOM != 0, rc.Name+" denyoom")
		assert.Equal(t, has("blocking"), c.flags&flagBlocking != 0, rc.Name+" blocking")
		assert.Equal(t, has("pubsub"), c.flags&flagPubsub != 0, rc.Name+" pubsub")
		assert.Equal(t, has("no_multi"), c.flags&flagNoMultiCmd != 0, rc.Name+" no_multi")
		assert.Equal(t, len(rc.Subcommands), len(c.subs), rc.Name+" subcommands")
		for _, s := range rc.Subcommands {
			check(s)
		}
	}
	for _, rc := range tab.Commands {
		check(rc)
	}
	assert.Equal(t, len(redisTable), n)
	// No handler names a command Redis does not have.
	for name := range handlers {
		assert.True(t, inTable(name), "handler for %s, which is not in Redis's table", name)
	}
	for name := range worldHandlers {
		assert.True(t, inTable(name), "world handler for %s, which is not in Redis's table", name)
	}
	for name := range refused {
		assert.True(t, inTable(name), "refusal for %s, which is not in Redis's table", name)
	}
	// COMMAND INFO has every command, with the table's name and arity.
	for _, rc := range redisTable {
		if strings.Contains(rc.name, "|") {
			continue
		}
		r, ok := commandInfoReply(rc.name)
		if assert.True(t, ok, "COMMAND INFO %s", rc.name) {
			assert.Equal(t, rc.name, r.Array[0].Str)
			assert.Equal(t, int64(rc.arity), r.Array[1].Int)
		}
	}
	m, total := ModelledCommands()
	t.Logf("modelled %d of %d commands and subcommands", m, total)
}

func inTable(name string) bool {
	for _, rc := range redisTable {
		if rc.name == name {
			return true
		}
	}
	return false
}
