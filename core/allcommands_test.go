package core

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEveryCommandArgs runs every command and subcommand of Redis's table
// with argument lists of every length up to 8 drawn from words commands
// parse (numbers, ids, options), on a master with a replica and a chained
// replica, in MULTI too: no reply may be an internal error or panic, and
// the settled replicas hold their master's data.
func TestEveryCommandArgs(t *testing.T) {
	words := []string{"k", "l", "0", "1", "-1", "2", "1.5", "*", "$", ">", "+", "-", "0-1", "1-1", "GET", "COUNT", "LIMIT", "WITHSCORES", "NX", "XX", "EX", "10", "STREAMS", "MAXLEN", "~", "LEFT", "RIGHT", "BYSCORE", "REV", "STORE", "dst", "MKSTREAM", "g", "c", "return 1", "return redis.call('set','k','v')", "#!lua name=x\nredis.register_function('f', function() return 1 end)"}
	r := rand.New(rand.NewSource(1))
	w := settledWorld(t, 3, "node M", "node R replicaof M", "node C replicaof R")
	ran := 0
	for _, rc := range redisTable {
		parts := strings.Split(rc.name, "|")
		if c := findCommand(parts[0]); c.subs != nil && len(parts) == 1 {
			continue
		}
		switch parts[0] {
		case "replicaof", "slaveof", "wait":
			continue // topology and blocking: covered by the scenarios
		}
		for n := 0; n <= 10; n++ {
			for rep := 0; rep < 8; rep++ {
				argv := append([]string(nil), parts...)
				for i := 0; i < n; i++ {
					argv = append(argv, words[r.Intn(len(words))])
				}
				multi := rep%4 == 3
				if multi {
					w.clientCommand(0, []string{"MULTI"})
				}
				func() {
					defer func() {
						if p := recover(); p != nil {
							t.Fatalf("%q panics: %v", argv, p)
						}
					}()
					w.clientCommand(0, argv)
					ran++
					if multi {
						w.clientCommand(0, []string{"EXEC"})
					}
					for w.Step() {
					}
				}()
				if r := w.Reply(); r.IsError() && strings.Contains(r.Str, "internal") {
					t.Fatalf("%q: %s", argv, r.Str)
				}
			}
		}
	}
	for w.Step() {
	}
	t.Logf("%d commands run; master offset %d", ran, w.servers[0].masterReplOffset)
	require.True(t, datasetEqual(w.servers[0].ks, w.servers[1].ks), "R holds M's data")
	require.True(t, datasetEqual(w.servers[1].ks, w.servers[2].ks), "C holds R's data")
}
