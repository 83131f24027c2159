package conformance

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The harness's own commands leave the scenario's INFO: a command it
// alone sent loses its line, a shared one its calls; its errors go too;
// a latencystats line of a command it sends stays when the scenario
// called it as well.
func TestOwnTakenInfo(t *testing.T) {
	own := newOwnStats("redis-7.0")
	own.calls["info"] = 12
	own.calls["ping"] = 1
	own.calls["config|get"] = 1
	own.rejected["ping"] = 1
	own.errors["LOADING"] = 1
	text := "# Commandstats\r\n" +
		"cmdstat_info:calls=14,usec=200,usec_per_call=14.29,rejected_calls=0,failed_calls=0\r\n" +
		"cmdstat_ping:calls=1,usec=1,usec_per_call=1.00,rejected_calls=1,failed_calls=0\r\n" +
		"cmdstat_config|get:calls=1,usec=9,usec_per_call=9.00,rejected_calls=0,failed_calls=0\r\n" +
		"cmdstat_set:calls=2,usec=9,usec_per_call=4.50,rejected_calls=0,failed_calls=0\r\n" +
		"\r\n# Errorstats\r\nerrorstat_LOADING:count=1\r\nerrorstat_ERR:count=2\r\n" +
		"\r\n# Latencystats\r\nlatency_percentiles_usec_info:p50=1.003,p99=1.003,p99.9=1.003\r\nlatency_percentiles_usec_ping:p50=1.003,p99=1.003,p99.9=1.003\r\nlatency_percentiles_usec_set:p50=1.003,p99=1.003,p99.9=1.003\r\n"
	// Read after the INFO above ran: 12 of the harness's, 2 of the
	// scenario's before it and the INFO itself.
	hist := map[string]int64{"info": 15, "ping": 1, "config|get": 1}
	want := "# Commandstats\r\n" +
		"cmdstat_info:calls=2,usec=200,usec_per_call=14.29,rejected_calls=0,failed_calls=0\r\n" +
		"cmdstat_set:calls=2,usec=9,usec_per_call=4.50,rejected_calls=0,failed_calls=0\r\n" +
		"\r\n# Errorstats\r\nerrorstat_ERR:count=2\r\n" +
		"\r\n# Latencystats\r\nlatency_percentiles_usec_info:p50=1.003,p99=1.003,p99.9=1.003\r\nlatency_percentiles_usec_set:p50=1.003,p99=1.003,p99.9=1.003\r\n"
	assert.Equal(t, want, ownTakenInfo(text, own, hist))
	assert.Equal(t, "config|get", fullName([]string{"CONFIG", "GET", "dir"}))
	assert.Equal(t, "latency|histogram", fullName([]string{"latency", "histogram"}))
}

// LATENCY HISTOGRAM loses the harness's calls; a command it alone called
// goes.
func TestOwnTakenLatencyHistogram(t *testing.T) {
	own := newOwnStats("redis-7.0")
	own.calls["info"] = 3
	own.calls["ping"] = 1
	entry := func(name string, calls int64) []value {
		return []value{{kind: '$', str: name}, {kind: '*', array: []value{{kind: '$', str: "calls"}, {kind: ':', int: calls}, {kind: '$', str: "histogram_usec"}, {kind: '*', array: []value{{kind: ':', int: 1}, {kind: ':', int: calls}}}}}}
	}
	v := value{kind: '*'}
	v.array = append(append(append(v.array, entry("info", 5)...), entry("ping", 1)...), entry("set", 2)...)
	h := &Harness{}
	got := h.ownTaken(&rnode{}, []string{"LATENCY", "HISTOGRAM"}, own, v)
	assert.Equal(t, "[info,[calls,2,histogram_usec,[1,5]],set,[calls,2,histogram_usec,[1,2]]]", got.String())
}

// INFO stats loses the harness's calls, errors and connections, in a
// top-level INFO and in INFO's text inside EXEC's or a script's reply.
func TestOwnTakenStats(t *testing.T) {
	own := newOwnStats("redis-7.0")
	own.calls["info"] = 12
	own.calls["ping"] = 1
	own.rejected["ping"] = 1
	own.errors["LOADING"] = 1
	own.conns = 3
	text := "# Stats\r\ntotal_connections_received:4\r\ntotal_commands_processed:20\r\nkeyspace_hits:2\r\ntotal_error_replies:3\r\n"
	want := "# Stats\r\ntotal_connections_received:1\r\ntotal_commands_processed:7\r\nkeyspace_hits:2\r\ntotal_error_replies:2\r\n"
	assert.Equal(t, want, ownTakenInfo(text, own, nil))
	h := &Harness{}
	v := value{kind: '*', array: []value{{kind: '+', str: "OK"}, {kind: '$', str: text}}}
	got := h.ownTaken(&rnode{}, []string{"EXEC"}, own, v)
	assert.Equal(t, want, got.array[1].str)
	assert.Equal(t, text, v.array[1].str, "the reply read is not changed in place")
	s := h.ownTaken(&rnode{}, []string{"EVAL", "return redis.call('info','stats')", "0"}, own, value{kind: '$', str: text})
	assert.Equal(t, want, s.str)
}
