package simhost

import (
	"strings"

	"replscope/app/proto"
	"replscope/core"
	"replscope/core/scenario"
)

// maxStream bounds the bytes the stream view shows.
const maxStream = 320

// eventOf is an event as the page gets it.
func eventOf(e *core.Event) *proto.Event {
	if e == nil {
		return nil
	}
	return &proto.Event{Kind: e.Kind, Line: e.Line, Node: e.Node, Peer: e.Peer, Func: e.Func, Offset: e.Offset, Len: e.Len, A: e.A, B: e.B, Argv: e.Argv, Text: e.Text, Psync: e.Psync}
}

// events are up to n events from k on.
func (s *session) events(k, n int) []proto.Event {
	n = min(n, proto.MaxEvents)
	var out []proto.Event
	for i := max(k, 0); i < k+n && i < s.tl.Len(); i++ {
		out = append(out, *eventOf(s.tl.Event(i)))
	}
	return out
}

// at builds the snapshot after event pos.
func (s *session) at(pos int) *proto.Snapshot {
	tl := s.tl
	if pos >= tl.Len() {
		pos = tl.Len() - 1
	}
	if pos < -1 {
		pos = -1
	}
	w := tl.At(pos)
	sn := &proto.Snapshot{Pos: pos, Total: tl.Len(), Step: -1, Steps: len(tl.Steps()), PsyncAt: -1, Info: map[string]string{}}
	for _, n := range w.Nodes() {
		sn.Nodes = append(sn.Nodes, w.State(n))
		sn.Info[n] = info(w, n)
	}
	var ev *core.Event
	if pos >= 0 {
		ev = tl.Event(pos)
		sn.Event = eventOf(ev)
		sn.Explain = w.Version().Explain(ev) // in the version's words
		sn.ExplainZH = ev.ExplainZH()
		sn.Step = tl.StepOf(pos)
	} else if steps := tl.Steps(); len(steps) > 0 {
		// Before the first event: show the first line to come.
		sn.Step = 0
	}
	if sn.Step >= 0 && sn.Step < len(tl.Steps()) {
		st := tl.Steps()[sn.Step]
		sn.Line, sn.LineNum, sn.Say = st.Line.Text, st.Line.Num, st.Say
		sn.Check = st.Line.Kind == scenario.Expect
		// The narration shows where Next line stops: the page draws it
		// without asking again.
		sn.Key = s.keyMoment(sn.Step)
		if pos >= st.Last {
			sn.Reply, sn.Err = st.Reply, st.Err
		}
		// The PSYNC card shows the latest decision of this line so far.
		if k := lastPsync(tl, st.First, min(pos, st.Last), w, func() int64 { return s.syncsBefore(st.First) }); k >= 0 {
			sn.Psync, sn.PsyncAt = tl.Event(k).Psync, k
		}
	}
	sn.Stream = stream(w, ev)
	sn.Motion = motionOf(w, sn.Nodes)
	return sn
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
// world after event last; before is the sum before event first.
func lastPsync(tl *core.Timeline, first, last int, hi *core.World, before func() int64) int {
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
	switch before := before(); {
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

// syncsBefore is syncs before event first, kept per line: a step through
// a long line asks it every time, and reading it is a replay to the
// line's start, which also moves the timeline's replay cursor away from
// where the steps are.
func (s *session) syncsBefore(first int) int64 {
	if n, ok := s.before[first]; ok {
		return n
	}
	if s.before == nil {
		s.before = map[int]int64{}
	}
	n := syncs(s.tl.At(first - 1))
	s.before[first] = n
	return n
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
func stream(w *core.World, e *core.Event) proto.Stream {
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
				return proto.Stream{Node: n, From: start, Bytes: b, HiFrom: e.Offset, HiTo: e.End()}
			}
		}
	}
	for _, n := range w.Nodes() {
		st := w.State(n)
		if st.Backlog != nil && st.Backlog.HistLen > 0 {
			to := st.MasterReplOffset
			from := max(to-maxStream+1, st.Backlog.FirstByteOffset)
			return proto.Stream{Node: n, From: from, Bytes: w.Stream(n, from, to), HiTo: -1, HiFrom: 0}
		}
	}
	return proto.Stream{HiTo: -1}
}

// headBytes is how many stream bytes a chip shows: enough for a RESP
// array's header and the command's name (`*3\r\n$3\r\nSET`).
const headBytes = 16

// motionOf reads every link's traffic from the world: stream bytes
// written by the master travel along the link (in flight), land in the
// replica's read buffer (read, not applied) and disappear once applied; a
// stalled link holds its bytes on the wire, a cut link leaves the
// master's new bytes in its backlog.
func motionOf(w *core.World, nodes []core.NodeState) []proto.LinkMotion {
	offsets := map[string]int64{}
	for _, n := range nodes {
		offsets[n.Name] = n.MasterReplOffset
	}
	var out []proto.LinkMotion
	for _, n := range nodes {
		if n.Master == "" {
			continue
		}
		f := w.InFlight(n.Name)
		m := proto.LinkMotion{Replica: n.Name, Master: n.Master}
		if f.Master != "" && f.StreamBytes > 0 {
			m.Flight, m.FlightFrom = f.StreamBytes, f.StreamFrom
			m.Head = respHead(w.Stream(f.Master, f.StreamFrom, f.StreamFrom+min(f.StreamBytes, headBytes)-1), f.StreamBytes)
			m.Stalled = n.LinkStalled
		}
		if d := n.SlaveReadReplOffset - n.SlaveReplOffset; d > 0 && n.LinkStatus == "up" {
			m.Buffered, m.BufFrom = d, n.SlaveReplOffset+1
			m.BufHead = respHead(w.Stream(n.Master, m.BufFrom, m.BufFrom+min(d, headBytes)-1), d)
		}
		if mo, ok := offsets[n.Master]; ok && n.LinkCut && mo > n.SlaveReplOffset {
			m.Back = mo - n.SlaveReplOffset
		}
		for _, msg := range f.Messages {
			if strings.HasPrefix(msg, "stream bytes") {
				continue
			}
			m.Msg = msg
			m.MsgUp = strings.HasPrefix(msg, "PSYNC") || strings.HasPrefix(msg, "REPLCONF")
			if len(m.Msg) > 26 {
				m.Msg = m.Msg[:25] + "…"
			}
			break
		}
		if m.Flight > 0 || m.Buffered > 0 || m.Back > 0 || m.Msg != "" {
			out = append(out, m)
		}
	}
	return out
}

// respHead shows stream bytes as RESP is written: CR and LF as \r and \n,
// other control bytes as dots, through the command's name, with … when
// the n bytes go on.
func respHead(b []byte, n int64) string {
	if len(b) == 0 {
		return "…"
	}
	// Stop after the third line break's start: the array header, the
	// name's length and the name.
	cut, breaks := len(b), 0
	for i, c := range b {
		if c == '\r' {
			breaks++
			if breaks == 3 {
				cut = i
				break
			}
		}
	}
	var sb strings.Builder
	for _, c := range b[:cut] {
		switch {
		case c == '\r':
			sb.WriteString(`\r`)
		case c == '\n':
			sb.WriteString(`\n`)
		case c < 0x20 || c > 0x7e:
			sb.WriteByte('.')
		default:
			sb.WriteByte(c)
		}
	}
	if int64(cut) < n {
		sb.WriteString("…")
	}
	return sb.String()
}
