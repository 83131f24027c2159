package core

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// statLines is an INFO reply's "name:value" lines by name.
func statLines(reply string) map[string]string {
	out := map[string]string{}
	for _, l := range strings.Split(reply, "\r\n") {
		if k, v, ok := strings.Cut(l, ":"); ok {
			out[k] = v
		}
	}
	return out
}

func cmdstat(calls, rejected, failed string) string {
	return "calls=" + calls + ",usec=0,usec_per_call=0.00,rejected_calls=" + rejected + ",failed_calls=" + failed
}

// call() counts a command once it has run; rejectCommand counts a
// rejected call of a command it found; an error reply fails the call; an
// unknown command or subcommand counts only its error.
func TestCommandstatsCountingRules(t *testing.T) {
	r := replies(t, `node M
node R replicaof M
M SET k v
M INCR k
M GET
M NOSUCHCOMMAND a
M CONFIG NOSUCHSUB
M CONFIG
M MULTI
M SET a 1
M INCR k
M WATCH x
M EXEC
M MULTI
M GET
M EXEC
R SET x 1
M INFO commandstats errorstats
R INFO commandstats
`)
	m := statLines(r["M INFO commandstats errorstats"])
	assert.Equal(t, cmdstat("2", "0", "0"), m["cmdstat_set"], "SET k v, and SET a 1 when EXEC ran it (not when queued)")
	assert.Equal(t, cmdstat("2", "0", "2"), m["cmdstat_incr"], "INCR of a string fails, alone and inside EXEC")
	assert.Equal(t, cmdstat("0", "2", "0"), m["cmdstat_get"], "GET with no key: arity, rejected before call(), twice (once in MULTI)")
	assert.Equal(t, cmdstat("0", "1", "0"), m["cmdstat_config"], "CONFIG alone: the container's arity")
	assert.Equal(t, cmdstat("1", "0", "1"), m["cmdstat_watch"], "WATCH inside MULTI runs (no_multi is not queued) and fails")
	assert.Equal(t, cmdstat("2", "0", "1"), m["cmdstat_exec"], "EXEC fails for its own EXECABORT only, not for the INCR it ran")
	assert.Equal(t, cmdstat("2", "0", "0"), m["cmdstat_multi"])
	assert.Equal(t, cmdstat("1", "0", "0"), m["cmdstat_psync"], "the replica's handshake")
	assert.Equal(t, cmdstat("1", "0", "0"), m["cmdstat_ping"], "the replica's handshake PING")
	assert.NotContains(t, m, "cmdstat_nosuchcommand")
	assert.NotContains(t, m, "cmdstat_info", "INFO is counted after it has answered")
	// 2 INCR, 2 GET, the unknown command, the unknown subcommand, CONFIG, WATCH.
	assert.Equal(t, "count=8", m["errorstat_ERR"])
	assert.Equal(t, "count=1", m["errorstat_EXECABORT"])

	rs := statLines(r["R INFO commandstats"])
	assert.Equal(t, cmdstat("2", "1", "0"), rs["cmdstat_set"], "the master's two SETs applied; R's own SET refused by READONLY")
	assert.Equal(t, cmdstat("1", "0", "0"), rs["cmdstat_select"], "the stream's SELECT is a command the replica runs")
	assert.NotContains(t, rs, "cmdstat_incr", "a failed INCR changes nothing and is not propagated")
}

// A script's redis.call counts the inner command; an error it raises is
// counted once, where the command failed (ignore_error_stats_update), and
// fails the script's call too.
func TestCommandstatsScripts(t *testing.T) {
	r := replies(t, `node M
M SET k v
M EVAL "redis.call('set', 's', '1'); return redis.call('incr', KEYS[1])" 1 k
M EVAL "return redis.pcall('incr', KEYS[1])" 1 k
M EVAL "return redis.call('nosuch')" 0
M EVAL "return redis.call('get')" 0
M EVAL "return redis.error_reply('MYERR custom')" 0
M INFO commandstats errorstats
`)
	m := statLines(r["M INFO commandstats errorstats"])
	assert.Equal(t, cmdstat("5", "0", "5"), m["cmdstat_eval"])
	assert.Equal(t, cmdstat("2", "0", "2"), m["cmdstat_incr"])
	assert.Equal(t, cmdstat("2", "0", "0"), m["cmdstat_set"])
	assert.Equal(t, cmdstat("0", "1", "0"), m["cmdstat_get"], "a script's call with the wrong arity is rejected")
	assert.Equal(t, "count=4", m["errorstat_ERR"], "each of the four inner errors once, none again for EVAL")
	assert.Equal(t, "count=1", m["errorstat_MYERR"], "an error the script returns is the script's own")
}

// CONFIG RESETSTAT clears the figures and histograms; its own call is
// counted after. LATENCY HISTOGRAM gives every call 0 µs, in the first
// bucket (1 ns, reported up to 1031 ns: 1 µs).
func TestCommandstatsResetAndHistogram(t *testing.T) {
	r := replies(t, `node M
M SET k v
M GET nokey
M CONFIG RESETSTAT
M SET k v
M SET k v
M INFO commandstats
M INFO latencystats
M LATENCY HISTOGRAM set get
M LATENCY HISTOGRAM config
M CONFIG SET latency-tracking no
M SET k v
M INFO LATENCYSTATS
`)
	m := statLines(r["M INFO commandstats"])
	assert.Equal(t, cmdstat("2", "0", "0"), m["cmdstat_set"])
	assert.Equal(t, cmdstat("1", "0", "0"), m["cmdstat_config|resetstat"])
	assert.NotContains(t, m, "cmdstat_get")
	l := statLines(r["M INFO latencystats"])
	assert.Equal(t, "p50=0.001,p99=0.001,p99.9=0.001", l["latency_percentiles_usec_set"])
	assert.Equal(t, "[set,[calls,2,histogram_usec,[1,2]]]", r["M LATENCY HISTOGRAM set get"], "GET has no histogram since the reset")
	assert.Equal(t, "[config|resetstat,[calls,1,histogram_usec,[1,1]]]", r["M LATENCY HISTOGRAM config"], "a container lists its subcommands")
	assert.Equal(t, "# Latencystats\r\n", r["M INFO LATENCYSTATS"], "latency-tracking no: the section is empty")
}

// A script's table holding errors redis.pcall returned counts them once,
// where the command failed (their tables keep ignore_error_stats_update),
// and fails the script's call once for each; an error the script makes
// itself (redis.error_reply) inside a table is counted, once, for EVAL.
func TestStatsScriptTableErrors(t *testing.T) {
	r := replies(t, `node M
M SET k v
M CONFIG RESETSTAT
M EVAL "return {redis.pcall('incr', KEYS[1]), redis.pcall('incr', KEYS[1]), 7}" 1 k
M EVAL "return {redis.error_reply('MYERR one'), 1}" 0
M INFO stats commandstats errorstats
`)
	m := statLines(r["M INFO stats commandstats errorstats"])
	assert.Equal(t, cmdstat("2", "0", "2"), m["cmdstat_incr"])
	assert.Equal(t, cmdstat("2", "0", "3"), m["cmdstat_eval"], "two pcall errors in a table, then its own error")
	assert.Equal(t, "count=2", m["errorstat_ERR"], "the INCRs' errors, not counted again")
	assert.Equal(t, "count=1", m["errorstat_MYERR"])
	assert.Equal(t, "3", m["total_error_replies"])
	assert.Equal(t, "5", m["total_commands_processed"], "CONFIG RESETSTAT counted after it ran, 2 EVAL, 2 INCR")
}

// INFO stats counts a keyspace hit or miss for each lookupKeyRead: the
// read commands, a storing command's sources (not its destination), not
// a write command's own lookups; expired keys; CONFIG RESETSTAT clears
// them with the sync counters.
func TestStatsKeyspaceHits(t *testing.T) {
	r := replies(t, `node M
node R replicaof M
M SET k v
M SET k v2
M GET k
M GET nokey
M MGET k nokey
M INCR n
M LPUSH l a
M SINTERSTORE d l2 nokey
M SET e v PX 100
advance 2s
M INFO stats
R GET k
R INFO stats
M CONFIG RESETSTAT
M INFO stats errorstats
`)
	m := statLines(r["M INFO stats"])
	assert.Equal(t, "2", m["keyspace_hits"], "GET k, MGET's k")
	assert.Equal(t, "4", m["keyspace_misses"], "GET nokey, MGET's nokey, SINTERSTORE's two sources")
	assert.Equal(t, "1", m["expired_keys"])
	assert.Equal(t, "1", m["sync_full"])
	assert.Equal(t, "1", m["total_forks"], "the full sync's RDB")
	assert.Equal(t, "1", m["total_connections_received"], "R's connection (the harness takes its own out)")
	rm := statLines(r["R INFO stats"])
	assert.Equal(t, "1", rm["keyspace_hits"], "R's GET; what it applied read no key")
	z := statLines(r["M INFO stats errorstats"])
	for _, f := range []string{"keyspace_hits", "keyspace_misses", "expired_keys", "sync_full", "total_forks", "total_connections_received"} {
		assert.Equal(t, "0", z[f], f)
	}
	assert.Equal(t, "1", z["total_commands_processed"], "CONFIG RESETSTAT itself")
}
