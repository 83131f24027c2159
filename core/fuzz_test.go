package core

import (
	"strings"
	"testing"

	"replscope/core/scenario"
)

// FuzzCommands runs arbitrary lines against a master with a replica and a
// chained replica: no input may panic or reach an internal error, and the
// settled world keeps its invariants.
func FuzzCommands(f *testing.F) {
	for _, s := range []string{
		"M SET k v EX 10", "M SET k v PX -1", "M SET k v EXAT 99999999999999999", "M INCRBYFLOAT f 1e308",
		"M INCRBYFLOAT f inf", "M INCRBY i 9223372036854775807", "M EXPIRE k 9223372036854775807",
		"M LPOP l -1", "M RPOP l 0", "M LRANGE l -100 100", "M HSET h a", "M SELECT 16", "M SELECT -1",
		"R SET k v", "M MULTI", "M EXEC", "M DISCARD", "M WAIT 5 10", "M WAIT 0 0", "M CONFIG SET repl-backlog-size 0",
		"M CONFIG GET repl*", "M REPLICAOF R", "R REPLICAOF NO ONE", "M REPLICAOF 127.0.0.1 99999",
		"M INFO", "R ROLE", "M FLUSHALL ASYNC", "M GETEX k PXAT 1", "M ZADD z 1 a", "M \x00",
		"link R down", "link R up", "restart M", "restart C", "advance 2s", "config M repl-backlog-ttl 1",
		"repeat 3 M SET k{i} {1kb}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if strings.Contains(line, "\n") {
			return
		}
		w := settledWorld(t, 7, "node M", "node R replicaof M", "node C replicaof R")
		l, err := scenario.ParseLine("f", 2, line, w.Nodes())
		if err != nil {
			return
		}
		if l.Kind == scenario.Advance && l.Millis > 60_000 {
			return // minutes of crons are fine but slow for a fuzzer
		}
		if l.Kind == scenario.Repeat && l.Count > 50 {
			return
		}
		w.Run(l)
		if strings.Contains(w.LineErr(), "internal error") {
			t.Fatalf("%q: %s", line, w.LineErr())
		}
		for _, n := range w.Nodes() {
			_ = w.Info(n, "")
			_ = w.State(n)
		}
		if b := w.servers[0].backlog; b != nil && w.servers[0].masterReplOffset-b.HistLen()+1 != b.FirstByteOffset() {
			t.Fatalf("%q broke the backlog window", line)
		}
	})
}
