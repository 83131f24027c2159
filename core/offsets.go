package core

// OffsetPoint is a node's offset after an event.
type OffsetPoint struct {
	Event  int
	Offset int64
}

// OffsetSeries is one node's master_repl_offset (fed bytes) or
// slave_repl_offset (applied commands) over the events.
type OffsetSeries struct {
	Node  string
	Kind  string // "master_repl_offset" or "slave_repl_offset"
	Point []OffsetPoint
}

// offsetPoints bounds a series: the chart is a picture, not a table. When
// a series fills up, every other point goes and the spacing doubles, so
// memory stays bounded however long the history.
const offsetPoints = 512

// offsetHistory is the timeline's sink while it plays: it keeps the offset
// history and nothing else of the events.
type offsetHistory struct {
	out  []OffsetSeries
	gaps []int // per series: events between kept points
	last int   // the series the previous point went to
}

// series finds (or starts) a node's series of one kind: a handful of
// series, looked up on every fed or applied event without allocating.
func (h *offsetHistory) find(node, kind string) int {
	if h.last < len(h.out) && h.out[h.last].Node == node && h.out[h.last].Kind == kind {
		return h.last
	}
	for i := range h.out {
		if h.out[i].Node == node && h.out[i].Kind == kind {
			h.last = i
			return i
		}
	}
	h.out = append(h.out, OffsetSeries{Node: node, Kind: kind})
	h.gaps = append(h.gaps, 1)
	h.last = len(h.out) - 1
	return h.last
}

func (h *offsetHistory) add(node, kind string, k int, off int64) {
	i := h.find(node, kind)
	p := &h.out[i].Point
	if n := len(*p); n > 1 && k-(*p)[n-2].Event < h.gaps[i] {
		(*p)[n-1] = OffsetPoint{k, off} // within the spacing: the newest wins
		return
	}
	*p = append(*p, OffsetPoint{k, off})
	if len(*p) >= 2*offsetPoints {
		kept := (*p)[:0]
		for j := 0; j < len(*p); j += 2 {
			kept = append(kept, (*p)[j])
		}
		if last := (*p)[len(*p)-1]; kept[len(kept)-1] != last {
			kept = append(kept, last)
		}
		*p = kept
		h.gaps[i] *= 2
	}
}

// Event reads offsets off events: fed bytes move a node's
// master_repl_offset, applied commands and loaded RDBs its slave_repl_offset.
func (h *offsetHistory) Event(k int, e *Event) {
	switch e.Kind {
	case EvFed, EvSelect, EvPing, EvGetAck:
		if e.Len > 0 && e.Peer == "" {
			h.add(e.Node, "master_repl_offset", k, e.End())
		}
	case EvApplied:
		h.add(e.Node, "slave_repl_offset", k, e.A)
	case EvRDBLoaded:
		h.add(e.Node, "slave_repl_offset", k, e.B)
	}
}

func (h *offsetHistory) series() []OffsetSeries {
	out := make([]OffsetSeries, len(h.out))
	for i, s := range h.out {
		out[i] = OffsetSeries{Node: s.Node, Kind: s.Kind, Point: append([]OffsetPoint(nil), s.Point...)}
	}
	return out
}
