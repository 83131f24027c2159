package core

import (
	"runtime"
	"strconv"
	"testing"

	"replscope/core/scenario"
)

// settledWorld runs lines on a new world.
func settledWorld(tb testing.TB, seed uint64, lines ...string) *World {
	w := NewWorld(seed)
	for i, src := range lines {
		l, err := scenario.ParseLine("test", i+1, src, w.Nodes())
		if err != nil {
			tb.Fatal(err)
		}
		w.Run(l)
	}
	return w
}

// benchWorld is one master and two replicas, settled.
func benchWorld(b *testing.B) *World {
	return settledWorld(b, 1, "node M", "node R1 replicaof M", "node R2 replicaof M")
}

// benchSets propagates SET key:N <16 bytes> through one master and two
// replicas; keys cycle so that memory does not grow with history.
func benchSets(b *testing.B, events bool, pipeline int) {
	w := benchWorld(b)
	var sink countSink
	if events {
		w.SetSink(&sink)
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

// seekTimeline is a recorded run of a little over 100,000 events.
func seekTimeline(b *testing.B) *Timeline {
	src := "node M\nnode R1 replicaof M\nnode R2 replicaof M\nrepeat 8500 M SET key:{i} {16b}\n"
	s, err := scenario.Parse("seek", src)
	if err != nil {
		b.Fatal(err)
	}
	t, err := Play(s, Options{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	if t.Len() < 100000 {
		b.Fatalf("only %d events", t.Len())
	}
	return t
}

// countSink is the cheapest sink that looks at every event.
type countSink struct{ n, bytes int64 }

func (s *countSink) Event(_ int, e *Event) { s.n++; s.bytes += e.Len }

// BenchmarkSeek90000 measures At(90000): a checkpoint clone plus replay.
func BenchmarkSeek90000(b *testing.B) {
	t := seekTimeline(b)
	b.ReportMetric(float64(t.Len()), "events")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t.cursor = nil // a jump: no replay has been near event 90000
		if w := t.At(90000); w == nil {
			b.Fatal("no world")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/seek")
}

// BenchmarkStepForward measures At(k+1) after At(k), as the page steps:
// the replay starts from the cursor the previous seek kept, not from the
// checkpoint (4,096 events apart here; 23,000 in a 12M-event timeline).
func BenchmarkStepForward(b *testing.B) {
	t := seekTimeline(b)
	k := 90000
	t.At(k)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k++
		if k >= t.Len()-1 {
			k = 90000
		}
		if w := t.At(k); w == nil {
			b.Fatal("no world")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/step")
}

// BenchmarkPlay100k records a 100,000-event timeline.
func BenchmarkPlay100k(b *testing.B) {
	for i := 0; i < b.N; i++ {
		seekTimeline(b)
	}
}

// TestMemoryBoundedWithoutEvents: with events off, memory does not grow
// with history: the backlog is bounded by its rules and keys are reused.
func TestMemoryBoundedWithoutEvents(t *testing.T) {
	w := settledWorld(t, 1, "node M", "node R1 replicaof M", "node R2 replicaof M")
	argv := []string{"SET", "", "0123456789abcdef"}
	run := func(n int) uint64 {
		for i := 0; i < n; i++ {
			argv[1] = "key:" + strconv.Itoa(i%1000)
			w.clientCommand(0, argv)
			for w.Step() {
			}
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	run(100000)
	a := run(100000)
	b := run(300000)
	if b > a+a/2 {
		t.Fatalf("heap grew from %d to %d bytes over 300,000 more commands", a, b)
	}
	if hist := w.servers[0].backlog.HistLen(); hist > 2*w.servers[0].cfg.backlogSize {
		t.Fatalf("backlog histlen %d", hist)
	}
}

// TestNoAllocationPerReplicatedCommand: a SET overwriting a key, written,
// delivered, applied and acknowledged by two replicas with events off,
// allocates nothing but the backlog's occasional new block (about one per
// 300 commands here). A per-command allocation (a ToLower on the hot
// path, a boxed event) shows as 1 or more.
func TestNoAllocationPerReplicatedCommand(t *testing.T) {
	w := settledWorld(t, 1, "node M", "node R1 replicaof M", "node R2 replicaof M")
	keys := make([]string, 1024)
	for i := range keys {
		keys[i] = "key:" + strconv.Itoa(i)
	}
	argv := []string{"SET", "", "0123456789abcdef"}
	i := 0
	run := func() {
		argv[1] = keys[i&1023]
		i++
		w.clientCommand(0, argv)
		for w.Step() {
		}
	}
	for j := 0; j < 5000; j++ { // every key exists, the backlog is full
		run()
	}
	if a := testing.AllocsPerRun(3000, run); a > 0.1 {
		t.Fatalf("%.2f allocations per replicated SET", a)
	}
}
