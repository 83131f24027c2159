package core

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"replscope/core/scenario"
)

// randomScenario writes a random but valid scenario: a few nodes, writes
// of every size, outages, promotions, re-pointing, restarts, resizes.
func randomScenario(r *rand.Rand) string {
	var b strings.Builder
	nodes := []string{"M"}
	b.WriteString("node M\n")
	if r.Intn(2) == 0 {
		b.WriteString("config M repl-backlog-size 16kb\n")
	}
	if r.Intn(2) == 0 {
		fmt.Fprintf(&b, "config M client-output-buffer-limit \"replica %dkb 0 0\"\n", 16+r.Intn(80))
	}
	for i := 1; i <= 1+r.Intn(3); i++ {
		n := fmt.Sprintf("R%d", i)
		fmt.Fprintf(&b, "node %s replicaof %s\n", n, nodes[r.Intn(len(nodes))])
		nodes = append(nodes, n)
	}
	pick := func() string { return nodes[r.Intn(len(nodes))] }
	master := map[string]bool{"M": true} // roles as the lines set them
	for i := 0; i < 25; i++ {
		n := pick()
		switch r.Intn(17) {
		case 0, 1, 2, 3:
			fmt.Fprintf(&b, "%s SET k%d %s\n", n, r.Intn(20), strings.Repeat("v", 1+r.Intn(3000)))
		case 4:
			fmt.Fprintf(&b, "repeat %d %s SET key:{i} {%db}\n", 1+r.Intn(30), n, 1+r.Intn(4000))
		case 5:
			fmt.Fprintf(&b, "%s SELECT %d\n%s INCR c\n", n, r.Intn(3), n)
		case 6:
			if !master[n] { // a master has no link to cut: refused before running
				fmt.Fprintf(&b, "link %s down\n", n)
			}
		case 7:
			if !master[n] {
				fmt.Fprintf(&b, "link %s up\n", n)
			}
		case 8:
			fmt.Fprintf(&b, "%s REPLICAOF NO ONE\n", n)
			master[n] = true
		case 9:
			fmt.Fprintf(&b, "%s REPLICAOF %s\n", n, pick())
			master[n] = false
		case 10:
			fmt.Fprintf(&b, "restart %s\n", n)
		case 11:
			fmt.Fprintf(&b, "config %s repl-backlog-size %dkb\n", n, 16+r.Intn(64))
		case 12:
			fmt.Fprintf(&b, "%s MULTI\n%s SET a 1\n%s DEL k1\n%s EXEC\n", n, n, n, n)
		case 13:
			fmt.Fprintf(&b, "advance %ds\n", 1+r.Intn(3))
		case 14:
			fmt.Fprintf(&b, "sync %s hold\n", n)
		case 15:
			fmt.Fprintf(&b, "sync %s release\n", n)
		case 16:
			if !master[n] { // a stall under the cap, then resumed
				fmt.Fprintf(&b, "link %s stall\nrepeat %d M SET s{i} {%db}\nlink %s resume\n", n, 1+r.Intn(20), 1+r.Intn(4000), n)
			}
		}
	}
	return b.String()
}

// checkInvariants is what must hold after every line has settled.
func checkInvariants(t *testing.T, w *World, where string) {
	for _, s := range w.servers {
		if rb, ok := s.backlog.(*ringBacklog); ok {
			require.Equal(t, s.masterReplOffset-rb.histlen+1, rb.offset, "%s: %s's window is [master_repl_offset-histlen+1, master_repl_offset]", where, s.name)
			require.LessOrEqual(t, rb.histlen, s.cfg.backlogSize, "%s: %s's ring holds at most repl-backlog-size", where, s.name)
			require.Equal(t, rb.histlen, int64(len(rb.buf)), "%s: %s's histlen is the bytes held", where, s.name)
		}
		if b, ok := s.backlog.(*Backlog); ok {
			require.Equal(t, s.masterReplOffset-b.histlen+1, b.offset, "%s: %s's window is [master_repl_offset-histlen+1, master_repl_offset]", where, s.name)
			var sum int64
			for i, o := range b.blocks {
				sum += o.used()
				require.True(t, o.refcount >= 1 || i > 0, "%s: %s's first block is referenced", where, s.name)
				if i > 0 {
					require.Equal(t, b.blocks[i-1].offset+b.blocks[i-1].used(), o.offset, "%s: blocks are contiguous", where)
				}
			}
			require.Equal(t, b.histlen, sum, "%s: %s's histlen is the bytes held", where, s.name)
		}
		if s.master != nil {
			require.LessOrEqual(t, s.master.reploff, s.master.readReploff, "%s: %s applied ≤ read", where, s.name)
			m := w.servers[s.masterIdx]
			require.LessOrEqual(t, s.master.readReploff, m.masterReplOffset, "%s: %s read ≤ its master's offset", where, s.name)
			if l := w.linkOf(s); s.replState == replConnected && !w.linkCut(s) && (l == nil || !l.stalled) {
				// Settled with the link up (not stalled): caught up, acked, same data.
				require.Equal(t, m.masterReplOffset, s.master.reploff, "%s: %s caught up with %s", where, s.name, m.name)
				require.Equal(t, s.masterReplOffset, s.master.reploff, "%s: %s proxied what it applied", where, s.name)
				_, rc := m.findSlave(s.name)
				require.NotNil(t, rc, "%s: %s is in %s's replica list", where, s.name, m.name)
				require.Equal(t, s.master.reploff, rc.ackOff, "%s: %s's ack reached %s", where, s.name, m.name)
				require.True(t, datasetEqual(s.ks, m.ks), "%s: %s holds %s's data", where, s.name, m.name)
				require.Equal(t, m.replid, s.replid, "%s: %s shares %s's id", where, s.name, m.name)
			}
		}
	}
}

// playRandom writes and plays random scenario i.
func playRandom(t *testing.T, i int) (*rand.Rand, string, *scenario.Script, *Timeline) {
	t.Helper()
	r := rand.New(rand.NewSource(int64(i)))
	src := randomScenario(r)
	s, err := scenario.Parse(fmt.Sprintf("random-%d", i), src)
	require.NoError(t, err, src)
	tl, err := Play(s, Options{Seed: uint64(i), Report: true})
	require.NoError(t, err)
	return r, src, s, tl
}

// TestRandomScenarios plays thousands of random scenarios and checks the
// invariants after every line, every PSYNC verdict against Redis's
// conditions, and that offsets only go back through a full resync or a
// restart that says so.
func TestRandomScenarios(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	for i := 0; i < n; i++ {
		r, src, _, tl := playRandom(t, i)
		for _, st := range tl.Steps() {
			require.NotContains(t, st.Err, "internal error", "seed %d line %d\n%s", i, st.Line.Num, src)
		}
		checkInvariants(t, tl.World(), fmt.Sprintf("seed %d end", i))
		checkEvents(t, tl, fmt.Sprintf("seed %d", i))
		// Stepping back: the state at the end of a line equals what was
		// recorded then.
		steps := tl.Steps()
		if i < 200 {
			// Every line of the first scenarios, seen through At.
			for _, st := range steps {
				if st.Last >= st.First {
					checkInvariants(t, tl.At(st.Last), fmt.Sprintf("seed %d line %d (%s)", i, st.Line.Num, st.Line.Text))
				}
			}
		}
		st := steps[r.Intn(len(steps))]
		if st.Last >= st.First {
			w := tl.At(st.Last)
			require.Equal(t, st.nodes(), w.ReportNodes(), "seed %d: At(%d) is the state after line %d", i, st.Last, st.Line.Num)
			checkInvariants(t, w, fmt.Sprintf("seed %d at %d", i, st.Last))
		}
	}
}

func checkEvents(t *testing.T, tl *Timeline, where string) {
	last := map[string]int64{}
	for k := 0; k < tl.Len(); k++ {
		e := tl.Event(k)
		switch e.Kind {
		case EvPsyncAnswered:
			if d := e.Psync; d != nil {
				idOK := d.ReqID != "?" && (d.ReqID == d.ReplID || (d.ReqID == d.ReplID2 && d.ReqOffset <= d.SecondReplOffset))
				inWindow := d.HasBacklog && d.ReqOffset >= d.BacklogFirst && d.ReqOffset <= d.BacklogFirst+d.BacklogHistlen
				require.Equal(t, idOK && inWindow, d.Continue, "%s event %d: +CONTINUE exactly when Redis's conditions hold: %+v", where, k, d)
			}
		case EvApplied:
			require.GreaterOrEqual(t, e.A, last[e.Node], "%s event %d: %s's applied offset never decreases within a link", where, k, e.Node)
			last[e.Node] = e.A
		case EvRDBLoaded, EvRestart, EvLinkDown, EvStarted:
			// A full resync or a restart may move offsets anywhere; both say so.
			delete(last, e.Node)
		}
	}
}

// TestSinkChangesNothing: a world stepped with no event sink ends every
// line in the same state as the timeline's, which records events: the
// same code runs either way.
func TestSinkChangesNothing(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 50
	}
	for i := 0; i < n; i++ {
		_, src, s, tl := playRandom(t, i)
		w := NewWorld(uint64(i))
		steps := tl.Steps()
		k := 0
		for j := range s.Lines {
			l := &s.Lines[j]
			if !l.Runs() {
				continue
			}
			w.Run(l)
			require.Equal(t, steps[k].nodes(), w.ReportNodes(), "seed %d line %d (%s)\n%s", i, l.Num, l.Text, src)
			k++
		}
		require.Equal(t, tl.Len(), w.Emitted(), "seed %d: the same number of events", i)
		for _, a := range w.servers {
			for _, b := range tl.World().servers {
				if a.name == b.name {
					require.True(t, datasetEqual(a.ks, b.ks), "seed %d: %s's data", i, a.name)
				}
			}
		}
	}
}
