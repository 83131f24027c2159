package report

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

// INFO commandstats and latencystats compare in name order, durations by
// kind, REPLCONF's calls (a master's acks, once a wall-clock second) by
// kind; everything else exactly.
func TestNormalizeInfoStats(t *testing.T) {
	real := "# Commandstats\r\ncmdstat_set:calls=3,usec=30,usec_per_call=10.00,rejected_calls=1,failed_calls=0\r\ncmdstat_replconf:calls=7,usec=10,usec_per_call=1.43,rejected_calls=0,failed_calls=0\r\ncmdstat_get:calls=1,usec=5,usec_per_call=5.00,rejected_calls=2,failed_calls=0\r\n\r\n# Latencystats\r\nlatency_percentiles_usec_set:p50=11.007,p99=14.015,p99.9=14.015\r\nlatency_percentiles_usec_get:p50=5.023,p99=5.023,p99.9=5.023\r\n"
	sim := "# Commandstats\r\ncmdstat_get:calls=1,usec=0,usec_per_call=0.00,rejected_calls=2,failed_calls=0\r\ncmdstat_replconf:calls=5,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_set:calls=3,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0\r\n\r\n# Latencystats\r\nlatency_percentiles_usec_get:p50=0.001,p99=0.001,p99.9=0.001\r\nlatency_percentiles_usec_set:p50=0.001,p99=0.001,p99.9=0.001\r\n"
	assert.Equal(t, NormalizeStepReply("M INFO commandstats latencystats", real), NormalizeStepReply("M INFO commandstats latencystats", sim))
	other := "# Commandstats\r\ncmdstat_set:calls=4,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0\r\n"
	assert.NotEqual(t, NormalizeStepReply("M INFO commandstats", other), NormalizeStepReply("M INFO commandstats", "# Commandstats\r\ncmdstat_set:calls=3,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0\r\n"), "calls compare exactly")
	keyspace := "# Keyspace\r\ndb0:keys=2,expires=0,avg_ttl=0\r\n"
	assert.Equal(t, keyspace, NormalizeStepReply("M INFO keyspace", keyspace), "other sections as they are")
}

// LATENCY HISTOGRAM compares in name order, each command's calls exactly
// (REPLCONF, PING and PSYNC left out) and its buckets by kind.
func TestNormalizeLatencyHistogram(t *testing.T) {
	real := "[set,[calls,3,histogram_usec,[8,1,16,3]],get,[calls,1,histogram_usec,[8,1]],replconf,[calls,9,histogram_usec,[2,9]]]"
	sim := "[get,[calls,1,histogram_usec,[1,1]],replconf,[calls,4,histogram_usec,[1,4]],set,[calls,3,histogram_usec,[1,3]]]"
	assert.Equal(t, NormalizeStepReply("M LATENCY HISTOGRAM", real), NormalizeStepReply("M LATENCY HISTOGRAM", sim))
	assert.Equal(t, "[get,[calls,1,histogram_usec,<n>],set,[calls,3,histogram_usec,<n>]]", NormalizeStepReply("M LATENCY HISTOGRAM", sim))
	assert.Equal(t, NormalizeStepReply("M LATENCY HISTOGRAM", sim), NormalizeStepReply("M LATENCY HISTOGRAM", "[get,[calls,1,histogram_usec,[1,1]],set,[calls,3,histogram_usec,[1,3]]]"), "a handshake's PING or REPLCONF, present or not")
	assert.NotEqual(t, NormalizeStepReply("M LATENCY HISTOGRAM", "[set,[calls,2,histogram_usec,[1,2]]]"), NormalizeStepReply("M LATENCY HISTOGRAM", "[set,[calls,3,histogram_usec,[1,3]]]"))
	resp3 := "{set,{calls,3,histogram_usec,{8,1,16,3}},get,{calls,1,histogram_usec,{8,1}}}"
	assert.Equal(t, "{get,{calls,1,histogram_usec,<n>},set,{calls,3,histogram_usec,<n>}}", NormalizeStepReply("M LATENCY HISTOGRAM", resp3))
	assert.Equal(t, "[]", NormalizeStepReply("M LATENCY HISTOGRAM", "[]"))
}

// A replica refused by the node it syncs from (-NOMASTERLINK, while that
// node has no master link) tries again each wall-clock second: the
// handshake's PING and PSYNC, failed ones included, compare by kind, and
// the NOMASTERLINK count is left out (differential seed 32).
func TestNormalizeInfoStatsRefusedSyncs(t *testing.T) {
	real := "# Commandstats\r\ncmdstat_ping:calls=5,usec=15,usec_per_call=2.50,rejected_calls=0,failed_calls=0\r\ncmdstat_psync:calls=5,usec=797,usec_per_call=159.40,rejected_calls=0,failed_calls=1\r\n"
	sim := "# Commandstats\r\ncmdstat_ping:calls=4,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_psync:calls=4,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\n"
	assert.Equal(t, NormalizeStepReply("R1 INFO commandstats", real), NormalizeStepReply("R1 INFO commandstats", sim))
	assert.Equal(t, "# Errorstats\r\nerrorstat_ERR:count=1\r\n", NormalizeStepReply("R1 INFO errorstats", "# Errorstats\r\nerrorstat_ERR:count=1\r\nerrorstat_NOMASTERLINK:count=2\r\n"))
	assert.NotEqual(t, NormalizeStepReply("R1 INFO errorstats", "# Errorstats\r\nerrorstat_ERR:count=2\r\n"), NormalizeStepReply("R1 INFO errorstats", "# Errorstats\r\nerrorstat_ERR:count=1\r\n"), "other codes compare exactly")
}

// A re-pointed replica's handshake cut after its PING and one REPLCONF
// (scenario diff-nomasterlink-before-repoint, live, on a
// loaded machine): the connection it made is the clock's like its PING,
// so connections compare less the PINGs; one more connection than PINGs
// (a QUIT's reconnection) still counts.
func TestNormalizeInfoStatsHandshakeConnections(t *testing.T) {
	stats := func(conns, cmds int, cmdstats string) string {
		return "# Stats\r\ntotal_connections_received:" + strconv.Itoa(conns) + "\r\ntotal_commands_processed:" + strconv.Itoa(cmds) + "\r\n\r\n# Commandstats\r\n" + cmdstats
	}
	const set = "cmdstat_set:calls=4,usec=8,usec_per_call=2.00,rejected_calls=0,failed_calls=0\r\n"
	real := stats(1, 6, set+"cmdstat_ping:calls=1,usec=4,usec_per_call=4.00,rejected_calls=0,failed_calls=0\r\ncmdstat_replconf:calls=1,usec=1,usec_per_call=1.00,rejected_calls=0,failed_calls=0\r\n")
	sim := stats(0, 4, set)
	assert.Equal(t, NormalizeStepReply("R2 INFO stats commandstats", sim), NormalizeStepReply("R2 INFO stats commandstats", real))
	assert.NotEqual(t, NormalizeStepReply("R2 INFO stats commandstats", stats(1, 4, set)), NormalizeStepReply("R2 INFO stats commandstats", sim))
}
