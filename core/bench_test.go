package core

import (
	"strconv"
	"testing"

	"replscope/core/scenario"
)

// benchWorld is one master and two replicas, settled.
func benchWorld(b *testing.B) *World {
	w := NewWorld(1)
	for _, src := range []string{"node M", "node R1 replicaof M", "node R2 replicaof M"} {
		l, err := scenario.ParseLine("bench", 1, src, w.Nodes())
		if err != nil {
			b.Fatal(err)
		}
		w.Run(l)
	}
	return w
}

// benchSets propagates SET key:N <16 bytes> through one master and two
// replicas; keys cycle so that memory does not grow with history.
func benchSets(b *testing.B, events bool, pipeline int) {
	w := benchWorld(b)
	var sink []Event
	if events {
		w.SetEvents(&sink)
	} else {
		w.SetFast(true)
	}
	keys := make([]string, 1024)
	for i := range keys {
		keys[i] = "key:" + strconv.Itoa(i)
	}
	argv := []string{"SET", "", "0123456789abcdef"}
	start := w.servers[0].masterReplOffset
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		argv[1] = keys[i&1023]
		w.clientCommand(0, argv)
		if (i+1)%pipeline == 0 || i == b.N-1 {
			for w.Step() {
			}
		}
		if events && len(sink) > 1<<16 {
			sink = sink[:0]
		}
	}
	b.StopTimer()
	bytes := w.servers[0].masterReplOffset - start
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cmds/s")
	b.ReportMetric(float64(bytes)/b.Elapsed().Seconds(), "streambytes/s")
	if w.servers[1].master.reploff != w.servers[0].masterReplOffset {
		b.Fatal("replica did not keep up")
	}
}

// One by one: every command settles (written, read, applied, acked)
// before the next, as scenario lines do.
func BenchmarkPropagateEventsOff(b *testing.B) { benchSets(b, false, 1) }
func BenchmarkPropagateEventsOn(b *testing.B)  { benchSets(b, true, 1) }

// Pipelined by 16, as redis-benchmark -P 16 drives a real server: the
// replicas receive the stream in batches.
func BenchmarkPropagateEventsOffP16(b *testing.B) { benchSets(b, false, 16) }
func BenchmarkPropagateEventsOnP16(b *testing.B)  { benchSets(b, true, 16) }
