package core

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"replscope/core/scenario"
)

// What each event kind may change of what a view shows (NodeState), on the
// node it names (Node) and on its other end (Peer). Everything else must
// stay as it was: the world after event k differs from the world after
// event k-1 by what event k says and nothing else.
var fedFields = []string{"MasterReplOffset", "Backlog.HistLen", "Backlog.Blocks", "Replicas.SentOffset", "Replicas.Omem", "Replicas.Oll", "MemReplBuffers"}

var mayChange = map[EventKind]struct{ node, peer []string }{
	EvStarted:        {node: []string{"*"}},
	EvRestart:        {node: []string{"*"}},
	EvRoleChanged:    {node: []string{"Role", "Master", "LinkStatus", "LinkCut", "Syncing", "SlaveReadReplOffset", "SlaveReplOffset", "InFlight", "SyncHeld", "LinkStalled"}},
	EvExecuted:       {node: []string{"Keys"}},
	EvExpired:        {node: []string{"Keys"}},
	EvEvicted:        {node: []string{"Keys"}},
	EvSelect:         {node: fedFields},
	EvFed:            {node: fedFields},
	EvPing:           {node: fedFields},
	EvGetAck:         {node: fedFields},
	EvBlockAdded:     {node: fedFields},
	EvBacklogTrimmed: {node: []string{"Backlog.Blocks", "Backlog.FirstByteOffset", "Backlog.HistLen", "MemReplBuffers"}},
	EvSent:           {node: []string{"Replicas.SentOffset", "Backlog.Blocks", "Replicas.Omem", "Replicas.Oll"}, peer: []string{"InFlight"}},
	EvRead:           {node: []string{"SlaveReadReplOffset", "InFlight"}},
	EvApplied:        {node: []string{"SlaveReplOffset", "Keys"}},
	EvAck:            {peer: []string{"Replicas.AckOffset"}},
	EvLinkDown:       {node: []string{"LinkStatus", "LinkCut", "Syncing", "SlaveReadReplOffset", "InFlight", "SyncHeld"}},
	EvLinkUp:         {node: []string{"LinkStatus", "LinkCut", "Syncing"}},
	EvPsyncAsked:     {node: []string{"Syncing"}},
	EvPsyncAnswered:  {node: []string{"SyncFull", "SyncPartialOK", "SyncPartialErr", "Replicas", "Backlog.Blocks"}},
	EvRDBLoaded:      {node: []string{"Keys", "ReplID", "ReplID2", "SecondReplOffset", "MasterReplOffset", "SlaveReadReplOffset", "SlaveReplOffset", "LinkStatus", "Syncing"}},
	EvBacklogCreated: {node: []string{"Backlog", "MemReplBuffers"}},
	EvBacklogFreed:   {node: []string{"Backlog", "MemReplBuffers"}},
	EvReplIDChanged:  {node: []string{"ReplID", "ReplID2", "SecondReplOffset"}},
	EvReplIDShifted:  {node: []string{"ReplID", "ReplID2", "SecondReplOffset"}},
	EvReplicaDropped: {node: []string{"Replicas", "Backlog.Blocks"}},
	EvReplicaOnline:  {node: []string{"Replicas.State"}},
	EvConfig:         {node: []string{"Backlog.Size", "ObufHard", "ObufSoft", "SyncFull", "SyncPartialOK", "SyncPartialErr"}},
	EvSyncHold:       {node: []string{"SyncHold", "SyncHeld"}},
	EvSyncHeld:       {node: []string{"SyncHeld"}},
	EvLinkStall:      {node: []string{"LinkStalled"}},
	EvOutputLimit:    {node: []string{"Replicas.Closing"}},
	EvCacheDropped:   {node: []string{"SlaveReadReplOffset", "SlaveReplOffset"}},
	EvFailover:       {node: []string{"FailoverState"}},
}

// diffState names the fields of two states that differ, as paths.
func diffState(a, b NodeState) []string {
	var out []string
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := 0; i < va.NumField(); i++ {
		name := va.Type().Field(i).Name
		fa, fb := va.Field(i), vb.Field(i)
		switch name {
		case "Backlog":
			ba, bb := a.Backlog, b.Backlog
			if (ba == nil) != (bb == nil) {
				out = append(out, "Backlog")
				continue
			}
			if ba == nil {
				continue
			}
			if ba.Size != bb.Size {
				out = append(out, "Backlog.Size")
			}
			if ba.FirstByteOffset != bb.FirstByteOffset {
				out = append(out, "Backlog.FirstByteOffset")
			}
			if ba.HistLen != bb.HistLen {
				out = append(out, "Backlog.HistLen")
			}
			if !reflect.DeepEqual(ba.Blocks, bb.Blocks) {
				out = append(out, "Backlog.Blocks")
			}
		case "Replicas":
			if len(a.Replicas) != len(b.Replicas) {
				out = append(out, "Replicas")
				continue
			}
			for j := range a.Replicas {
				ra, rb := a.Replicas[j], b.Replicas[j]
				if ra.Name != rb.Name {
					out = append(out, "Replicas")
				}
				if ra.State != rb.State {
					out = append(out, "Replicas.State")
				}
				if ra.AckOffset != rb.AckOffset {
					out = append(out, "Replicas.AckOffset")
				}
				if ra.SentOffset != rb.SentOffset {
					out = append(out, "Replicas.SentOffset")
				}
				if ra.Omem != rb.Omem {
					out = append(out, "Replicas.Omem")
				}
				if ra.Oll != rb.Oll {
					out = append(out, "Replicas.Oll")
				}
				if ra.Closing != rb.Closing {
					out = append(out, "Replicas.Closing")
				}
			}
		default:
			if !reflect.DeepEqual(fa.Interface(), fb.Interface()) {
				out = append(out, name)
			}
		}
	}
	return out
}

// offsetField is the value of an offset a view shows.
func offsetField(st NodeState, f string) (int64, bool) {
	switch f {
	case "MasterReplOffset":
		return st.MasterReplOffset, true
	case "SlaveReplOffset":
		return st.SlaveReplOffset, true
	case "SlaveReadReplOffset":
		return st.SlaveReadReplOffset, true
	}
	return 0, false
}

func allowed(list []string, field string) bool {
	for _, f := range list {
		if f == "*" || f == field || strings.HasPrefix(field, f+".") {
			return true
		}
	}
	return false
}

// stateWatch is a sink that checks, at every event, what changed since the
// event before; it runs inside the transition that emits the event, which
// is exactly the world At(k) returns.
type stateWatch struct {
	t     *testing.T
	w     *World
	where string
	prev  map[string]NodeState
	bad   []string
}

func (s *stateWatch) Event(k int, e *Event) {
	cur := map[string]NodeState{}
	for _, n := range s.w.Nodes() {
		cur[n] = s.w.State(n)
	}
	rule := mayChange[e.Kind]
	for n, st := range cur {
		old, ok := s.prev[n]
		if !ok {
			if n != e.Node {
				s.bad = append(s.bad, fmt.Sprintf("%s event %d (%s %s): node %s appeared", s.where, k, e.Kind, e.Node, n))
			}
			continue
		}
		for _, f := range diffState(old, st) {
			ok := (n == e.Node && allowed(rule.node, f)) || (n == e.Peer && allowed(rule.peer, f))
			if !ok {
				s.bad = append(s.bad, fmt.Sprintf("%s event %d (%s %s→%s: %s): %s's %s changed", s.where, k, e.Kind, e.Node, e.Peer, e.Explain(), n, f))
			}
			// An event that moves an offset says where it is now.
			if v, isOffset := offsetField(st, f); isOffset && e.Kind != EvStarted && e.Kind != EvRestart && e.Kind != EvRoleChanged {
				if !strings.Contains(e.Explain(), itoa(v)) {
					s.bad = append(s.bad, fmt.Sprintf("%s event %d (%s: %s): %s's %s is now %d, which the explanation does not say", s.where, k, e.Kind, e.Explain(), n, f, v))
				}
			}
		}
	}
	s.prev = cur
}

// scenarioFiles lists every lesson and every scenario of the test data.
func scenarioFiles(t *testing.T) []string {
	var files []string
	for _, g := range []string{"../web/lessons/*.scenario", "testdata/*/*.scenario"} {
		m, err := filepath.Glob(g)
		require.NoError(t, err)
		files = append(files, m...)
	}
	sort.Strings(files)
	require.NotEmpty(t, files)
	return files
}

// TestOneChangePerEvent walks every event of every lesson and scenario and
// checks that each figure a view shows changes only at an event that names
// it; and that the timeline's At(k) is the world the event was emitted in.
func TestOneChangePerEvent(t *testing.T) {
	for _, f := range scenarioFiles(t) {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		s, err := scenario.Parse(filepath.Base(f), string(src))
		require.NoError(t, err, f)
		w := NewWorld(1)
		require.NoError(t, w.SetVersion(s.Version)) // a lesson about a version plays as it
		watch := &stateWatch{t: t, w: w, where: filepath.Base(f), prev: map[string]NodeState{}}
		w.SetSink(watch)
		for i := range s.Lines {
			if s.Lines[i].Runs() {
				w.Run(&s.Lines[i])
			}
		}
		for _, b := range watch.bad[:min(len(watch.bad), 10)] {
			t.Error(b)
		}
		// At(k) stops where the event was emitted.
		tl, err := Play(s, Options{Seed: 1})
		require.NoError(t, err)
		for _, k := range []int{0, tl.Len() / 3, tl.Len() / 2, tl.Len() - 2} {
			if k < 0 || k >= tl.Len() {
				continue
			}
			want := replayedStates(s, k)
			at := tl.At(k)
			for _, n := range at.Nodes() {
				require.Equal(t, want[n], at.State(n), "%s: At(%d) of %s", f, k, n)
			}
		}
	}
}

// TestOneChangePerEventRandom does the same over random scenarios, which
// reach the rarer paths (cuts of a disconnected replica, restarts,
// promotions in the middle of a sync).
func TestOneChangePerEventRandom(t *testing.T) {
	n := 400
	if testing.Short() {
		n = 50
	}
	for i := 0; i < n; i++ {
		src := randomScenario(rand.New(rand.NewSource(int64(i))))
		s, err := scenario.Parse(fmt.Sprintf("random-%d", i), src)
		require.NoError(t, err)
		w := NewWorld(uint64(i))
		watch := &stateWatch{t: t, w: w, where: s.Name, prev: map[string]NodeState{}}
		w.SetSink(watch)
		for j := range s.Lines {
			if s.Lines[j].Runs() {
				w.Run(&s.Lines[j])
			}
		}
		for _, b := range watch.bad[:min(len(watch.bad), 5)] {
			t.Error(b)
		}
		if len(watch.bad) > 0 {
			t.Log(src)
			return
		}
	}
}

// replayedStates plays s on a fresh world and records every node's state
// when event k is emitted.
func replayedStates(s *scenario.Script, k int) map[string]NodeState {
	w := NewWorld(1)
	if err := w.SetVersion(s.Version); err != nil {
		panic(err)
	}
	rec := &atEvent{w: w, k: k}
	w.SetSink(rec)
	for i := range s.Lines {
		if s.Lines[i].Runs() {
			w.Run(&s.Lines[i])
		}
	}
	return rec.states
}

type atEvent struct {
	w      *World
	k      int
	states map[string]NodeState
}

func (a *atEvent) Event(k int, _ *Event) {
	if k != a.k {
		return
	}
	a.states = map[string]NodeState{}
	for _, n := range a.w.Nodes() {
		a.states[n] = a.w.State(n)
	}
}
