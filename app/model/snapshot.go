package model

import (
	"fmt"
	"strings"

	"replscope/core"
	"replscope/core/scenario"
)

// Snapshot is everything the views draw at one position: the world after
// event Pos (Pos = -1: before the first event).
type Snapshot struct {
	Pos, Total int
	Step       int // index of the current step (-1 before any)
	Steps      int
	Line       string // the current scenario line
	LineNum    int
	Check      bool // the line is a test line (`expect`): never narration
	Say        []string
	Event      *core.Event
	Explain    string
	Reply      string
	Err        string
	Nodes      []core.NodeState
	Colors     map[string]int // replication id → palette index
	Psync      *core.PsyncDecision
	PsyncAt    int // the event of that decision
	Stream     Stream
	Info       map[string]string // INFO replication text per node, CRLF turned to LF
	World      *core.World
}

// Stream is a window of replication stream bytes with the current
// event's bytes marked.
type Stream struct {
	Node         string
	From         int64 // offset of Bytes[0]
	Bytes        []byte
	HiFrom, HiTo int64 // highlighted offsets (inclusive); HiTo < HiFrom for none
}

// maxStream bounds the bytes the stream view shows.
const maxStream = 320

// At builds the snapshot after event pos.
func (s *Session) At(pos int) (snap *Snapshot, err error) {
	defer func() {
		if r := recover(); r != nil {
			snap, err = nil, fmt.Errorf("internal error at event %d: %v", pos, r)
		}
	}()
	tl := s.TL
	if pos >= tl.Len() {
		pos = tl.Len() - 1
	}
	if pos < -1 {
		pos = -1
	}
	w := tl.At(pos)
	sn := &Snapshot{Pos: pos, Total: tl.Len(), Step: -1, Steps: len(tl.Steps()), World: w, Colors: s.colors, PsyncAt: -1, Info: map[string]string{}}
	for _, n := range w.Nodes() {
		st := w.State(n)
		sn.Nodes = append(sn.Nodes, st)
		s.Color(st.ReplID)
		s.Color(st.ReplID2)
		sn.Info[n] = strings.ReplaceAll(w.Info(n, "replication"), "\r\n", "\n")
	}
	if pos >= 0 {
		sn.Event = tl.Event(pos)
		sn.Explain = w.Version().Explain(sn.Event) // in the version's words
		sn.Step = tl.StepOf(pos)
	} else if steps := tl.Steps(); len(steps) > 0 {
		// Before the first event: show the first line to come.
		sn.Step = 0
	}
	if sn.Step >= 0 && sn.Step < len(tl.Steps()) {
		st := tl.Steps()[sn.Step]
		sn.Line, sn.LineNum, sn.Say = st.Line.Text, st.Line.Num, st.Say
		sn.Check = st.Line.Kind == scenario.Expect
		if pos >= st.Last {
			sn.Reply, sn.Err = st.Reply, st.Err
		}
		// The PSYNC card shows the latest decision of this line so far.
		if k := lastPsync(tl, st.First, min(pos, st.Last), w); k >= 0 {
			sn.Psync, sn.PsyncAt = tl.Event(k).Psync, k
		}
	}
	sn.Stream = s.stream(w, sn.Event)
	return sn, nil
}

// psyncWalk is the most events lastPsync reads one by one; a longer line
// (a repeat of a million commands) is searched through the masters'
// sync counters instead. A variable so that a test can force the search.
var psyncWalk = 2048

// lastPsync is the last answered PSYNC (an EvPsyncAnswered with its
// decision) among events first..last, or -1. Reading every event of a
// million-event line would replay it all, so a long line is searched
// through sync_full + sync_partial_ok, which every such answer raises on
// the master that gives it: equal at both ends means none, else a
// bisection finds the event after which the sum is final. hi is the
// world after event last.
func lastPsync(tl *core.Timeline, first, last int, hi *core.World) int {
	walk := func(from int) int {
		for k := from; k >= first && k >= 0; k-- {
			if e := tl.Event(k); e.Kind == core.EvPsyncAnswered && e.Psync != nil {
				return k
			}
		}
		return -1
	}
	if last < first || last < 0 {
		return -1
	}
	if last-first < psyncWalk {
		return walk(last)
	}
	end := syncs(hi)
	lo := first - 1 // syncs(At(lo)) < end: the answer is in (lo, hi]
	switch before := syncs(tl.At(lo)); {
	case before == end:
		return -1
	case before > end:
		return walk(last) // CONFIG RESETSTAT in the line: no order to bisect
	}
	hiK := last
	for hiK-lo > 1 {
		mid := lo + (hiK-lo)/2
		if syncs(tl.At(mid)) == end {
			hiK = mid
		} else {
			lo = mid
		}
	}
	// The event that raised the sum, or the one before it should a
	// counter move after its event.
	for _, k := range []int{hiK, hiK - 1} {
		if e := tl.Event(k); k >= first && e != nil && e.Kind == core.EvPsyncAnswered && e.Psync != nil {
			return k
		}
	}
	return walk(last)
}

// syncs is every node's sync_full + sync_partial_ok.
func syncs(w *core.World) int64 {
	var n int64
	for _, name := range w.Nodes() {
		st := w.State(name)
		n += st.SyncFull + st.SyncPartialOK
	}
	return n
}

// stream picks the bytes around the current event: the event's own node's
// backlog if it holds them, else its peer's (a replica reads bytes its
// backlog gets only once applied); with no event bytes, the tail of the
// first node's stream.
func (s *Session) stream(w *core.World, e *core.Event) Stream {
	if e != nil && e.Len > 0 {
		for _, n := range []string{e.Node, e.Peer} {
			if n == "" {
				continue
			}
			from := max(e.Offset-48, 1)
			to := e.End()
			if to-from+1 > maxStream {
				to = from + maxStream - 1
			}
			if b := w.Stream(n, from, to); len(b) > 0 {
				// The backlog may have trimmed the start of the window.
				start := to - int64(len(b)) + 1
				return Stream{Node: n, From: start, Bytes: b, HiFrom: e.Offset, HiTo: e.End()}
			}
		}
	}
	for _, n := range w.Nodes() {
		st := w.State(n)
		if st.Backlog != nil && st.Backlog.HistLen > 0 {
			to := st.MasterReplOffset
			from := max(to-maxStream+1, st.Backlog.FirstByteOffset)
			return Stream{Node: n, From: from, Bytes: w.Stream(n, from, to), HiTo: -1, HiFrom: 0}
		}
	}
	return Stream{HiTo: -1}
}

// Lag is how many bytes a replica is behind its master.
func Lag(master, replica core.NodeState) int64 {
	return max(master.MasterReplOffset-replica.SlaveReplOffset, 0)
}

// Chunk is one row of the stream view: an offset and its bytes.
type Chunk struct {
	Offset int64
	Bytes  []byte
}

// Rows splits the stream into rows of width bytes, aligned to offsets.
func (st Stream) Rows(width int) []Chunk {
	var out []Chunk
	for i := 0; i < len(st.Bytes); {
		off := st.From + int64(i)
		n := width - int((off-1)%int64(width))
		n = min(n, len(st.Bytes)-i)
		out = append(out, Chunk{Offset: off, Bytes: st.Bytes[i : i+n]})
		i += n
	}
	return out
}

// StepStart is the first event of step i (or the position before it).
func (s *Session) StepStart(i int) int {
	steps := s.TL.Steps()
	if i < 0 || i >= len(steps) {
		return -1
	}
	return steps[i].First
}

// StepEnd is the last event of step i.
func (s *Session) StepEnd(i int) int {
	steps := s.TL.Steps()
	if i < 0 || len(steps) == 0 {
		return -1
	}
	if i >= len(steps) {
		i = len(steps) - 1
	}
	last := steps[i].Last
	for j := i; last < 0 && j > 0; j-- {
		last = steps[j-1].Last
	}
	return last
}
