package report

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func node(fields map[string]string, reps map[string]Replica) *Node {
	return &Node{Fields: fields, Replicas: reps}
}

func run(a, a2, b string, off string) *Run {
	return &Run{Scenario: "s", Steps: []Step{{Line: 1, Text: "x", Nodes: map[string]*Node{
		"M": node(map[string]string{"role": "master", "master_repl_offset": off, "master_replid": a, "master_replid2": a2}, map[string]Replica{"R": {State: "online", Offset: off}}),
		"R": node(map[string]string{"role": "slave", "master_repl_offset": off, "master_replid": b, "master_replid2": "0000000000000000000000000000000000000000"}, nil),
	}}}}
}

func TestCompareIDsByIdentity(t *testing.T) {
	zero := "0000000000000000000000000000000000000000"
	real := run("aaaa", zero, "aaaa", "54")
	sim := run("bbbb", zero, "bbbb", "54")
	assert.Empty(t, Compare(real, sim), "different random ids, same identity")
	// The replica shares an id in one run and not in the other.
	sim2 := run("bbbb", zero, "cccc", "54")
	d := Compare(real, sim2)
	if assert.Len(t, d, 1) {
		assert.Equal(t, "R", d[0].Node)
		assert.Equal(t, "master_replid", d[0].Field)
	}
	// Offsets and replica lines are compared by value.
	d = Compare(real, run("bbbb", zero, "bbbb", "55"))
	assert.Len(t, d, 3)
	assert.Contains(t, d[0].String(), "s:1 (x) node M field master_repl_offset: real 54, simulated 55")
	// A missing step is a difference too.
	assert.NotEmpty(t, Compare(real, &Run{Scenario: "s"}))
}

func TestNodeJSONRoundTrip(t *testing.T) {
	n := node(map[string]string{"role": "master"}, map[string]Replica{"R": {State: "online", Offset: "3"}})
	b, err := n.MarshalJSON()
	assert.NoError(t, err)
	assert.JSONEq(t, `{"role":"master","replicas":{"R":{"state":"online","offset":"3"}}}`, string(b))
	var back Node
	assert.NoError(t, back.UnmarshalJSON(b))
	assert.Equal(t, n.Fields, back.Fields)
	assert.Equal(t, n.Replicas, back.Replicas)
}

// The 1.1 figures are compared where the recording has them.
func TestCompareOutputBufferWhereRecorded(t *testing.T) {
	zero := "0000000000000000000000000000000000000000"
	real, sim := run("a", zero, "a", "54"), run("b", zero, "b", "54")
	sim.Steps[0].Nodes["M"].Fields["mem_total_replication_buffers"] = "20504"
	sim.Steps[0].Nodes["M"].Replicas["R"] = Replica{State: "online", Offset: "54", Omem: "20504", Oll: "1"}
	assert.Empty(t, Compare(real, sim), "an old recording has neither")
	real.Steps[0].Nodes["M"].Fields["mem_total_replication_buffers"] = "41008"
	real.Steps[0].Nodes["M"].Replicas["R"] = Replica{State: "online", Offset: "54", Omem: "41008", Oll: "2"}
	var fields []string
	for _, d := range Compare(real, sim) {
		fields = append(fields, d.Field)
	}
	assert.ElementsMatch(t, []string{"mem_total_replication_buffers", "slave R omem", "slave R oll"}, fields)
}

// TestBinaryReplyRoundTrip: a DUMP payload's bytes survive a recording.
func TestBinaryReplyRoundTrip(t *testing.T) {
	in := Run{Scenario: "s", Steps: []Step{{Line: 1, Text: "M DUMP k", Reply: "\x00\x05hello\n\x00\xff\xfe"}, {Line: 2, Text: "M GET k", Reply: "héllo"}}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Run
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	for i := range in.Steps {
		if out.Steps[i].Reply != in.Steps[i].Reply {
			t.Errorf("step %d: %q became %q", i, in.Steps[i].Reply, out.Steps[i].Reply)
		}
	}
	if !strings.Contains(string(b), `"reply":"héllo"`) {
		t.Errorf("a UTF-8 reply is written as text: %s", b)
	}
}

// TestMemoryStatsNormalised: a process's own MEMORY STATS figures are
// compared as <n>, the keyspace's as they are.
func TestMemoryStatsNormalised(t *testing.T) {
	a := "[peak.allocated,1453464,total.allocated,1371800,db.0,[overhead.hashtable.main,72,overhead.hashtable.expires,0],keys.count,1,fragmentation,6.27]"
	b := "[peak.allocated,9,total.allocated,8,db.0,[overhead.hashtable.main,72,overhead.hashtable.expires,0],keys.count,1,fragmentation,0]"
	assert.Equal(t, normalizeReply(a), normalizeReply(b))
	c := strings.Replace(b, "keys.count,1", "keys.count,2", 1)
	assert.NotEqual(t, normalizeReply(a), normalizeReply(c))
	d := strings.Replace(b, "main,72", "main,96", 1)
	assert.NotEqual(t, normalizeReply(a), normalizeReply(d))
}

// INFO stats compares the network, wall-clock and event-loop figures by
// kind, and total_commands_processed less the calls of the by-kind
// commands the same reply's commandstats counts; INFO's text inside
// EXEC's reply is normalised too.
func TestInfoStatsNormalised(t *testing.T) {
	real := "# Stats\r\ntotal_connections_received:1\r\ntotal_commands_processed:40\r\ninstantaneous_ops_per_sec:12\r\ntotal_net_input_bytes:9000\r\nkeyspace_hits:3\r\ntotal_error_replies:2\r\n\r\n" +
		"# Commandstats\r\ncmdstat_set:calls=7,usec=9,usec_per_call=1.29,rejected_calls=0,failed_calls=0\r\ncmdstat_replconf:calls=33,usec=40,usec_per_call=1.21,rejected_calls=0,failed_calls=0\r\n"
	sim := "# Stats\r\ntotal_connections_received:1\r\ntotal_commands_processed:37\r\ninstantaneous_ops_per_sec:0\r\ntotal_net_input_bytes:0\r\nkeyspace_hits:3\r\ntotal_error_replies:2\r\n\r\n" +
		"# Commandstats\r\ncmdstat_replconf:calls=30,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_set:calls=7,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\n"
	assert.Equal(t, NormalizeStepReply("M INFO stats commandstats", real), NormalizeStepReply("M INFO stats commandstats", sim))
	assert.Contains(t, NormalizeStepReply("M INFO stats commandstats", real), "total_commands_processed:7+<n>")
	other := strings.Replace(sim, "keyspace_hits:3", "keyspace_hits:4", 1)
	assert.NotEqual(t, NormalizeStepReply("M INFO stats commandstats", real), NormalizeStepReply("M INFO stats commandstats", other))
	// Without commandstats the total is by kind.
	assert.Contains(t, NormalizeStepReply("M INFO stats", "# Stats\r\ntotal_commands_processed:40\r\n"), "total_commands_processed:<n>")
	// Inside EXEC's compact reply.
	exec := func(info string) string { return "[OK," + info + ",1]" }
	assert.Equal(t, NormalizeStepReply("M EXEC", exec(real)), NormalizeStepReply("M EXEC", exec(sim)))
	assert.NotEqual(t, NormalizeStepReply("M EXEC", exec(real)), NormalizeStepReply("M EXEC", exec(other)))
}
