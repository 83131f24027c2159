package core

import (
	"encoding/binary"
	"math"
	"sort"
	"strconv"
)

// rdb.c's streams (RDB_TYPE_STREAM_LISTPACKS_2): the radix tree's
// listpacks as they are (t_stream_nodes.go: the entries XDEL and exact
// trims flagged deleted are in them, with the nodes' counts), then the
// length, last, first and max-deleted ids, entries_added and the consumer
// groups with their PELs and consumers. Delivery and seen times are
// virtual time.

const (
	rdbTypeStreamListpacks2 = 19
	streamFlagDeleted       = 1 // STREAM_ITEM_FLAG_DELETED
	streamFlagSameFields    = 2 // STREAM_ITEM_FLAG_SAMEFIELDS
)

func streamIDBytes(id streamID) []byte {
	b := binary.BigEndian.AppendUint64(nil, id.ms)
	return binary.BigEndian.AppendUint64(b, id.seq)
}

func lpInt(v int64) string { return strconv.FormatInt(v, 10) }

func (w *rdbWriter) saveMillis(ms int64) { w.b = binary.LittleEndian.AppendUint64(w.b, uint64(ms)) }

func rdbSaveStream(w *rdbWriter, s *streamValue) {
	w.b = append(w.b, rdbTypeStreamListpacks2)
	w.saveLen(uint64(len(s.nodes)))
	for _, n := range s.nodes {
		w.saveRawString(n.raxKey())
		w.saveRawString(n.listpack())
	}
	w.saveLen(uint64(len(s.entries)))
	w.saveLen(s.lastID.ms)
	w.saveLen(s.lastID.seq)
	var first streamID
	if len(s.entries) > 0 {
		first = s.entries[0].id
	}
	w.saveLen(first.ms)
	w.saveLen(first.seq)
	w.saveLen(s.maxDeleted.ms)
	w.saveLen(s.maxDeleted.seq)
	w.saveLen(uint64(s.entriesAdded))
	names := make([]string, 0, len(s.groups))
	for n := range s.groups {
		names = append(names, n)
	}
	sort.Strings(names) // the rax's order
	w.saveLen(uint64(len(names)))
	for _, n := range names {
		g := s.groups[n]
		w.saveRawString([]byte(n))
		w.saveLen(g.lastID.ms)
		w.saveLen(g.lastID.seq)
		w.saveLen(uint64(g.entriesRead)) // -1 (unknown) is written as 2^64-1
		ids := make([]streamID, 0, len(g.pel))
		for id := range g.pel {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i].less(ids[j]) })
		w.saveLen(uint64(len(ids)))
		for _, id := range ids {
			w.b = append(w.b, streamIDBytes(id)...)
			w.saveMillis(g.pel[id].time)
			w.saveLen(uint64(g.pel[id].count))
		}
		cnames := make([]string, 0, len(g.consumers))
		for cn := range g.consumers {
			cnames = append(cnames, cn)
		}
		sort.Strings(cnames)
		w.saveLen(uint64(len(cnames)))
		for _, cn := range cnames {
			w.saveRawString([]byte(cn))
			w.saveMillis(g.consumers[cn].seen)
			var own []streamID
			for _, id := range ids {
				if g.pel[id].consumer == cn {
					own = append(own, id)
				}
			}
			w.saveLen(uint64(len(own)))
			for _, id := range own {
				w.b = append(w.b, streamIDBytes(id)...)
			}
		}
	}
}

func (r *rdbReader) loadStreamID() streamID {
	p := r.read(16)
	if p == nil {
		return streamID{}
	}
	return streamID{binary.BigEndian.Uint64(p), binary.BigEndian.Uint64(p[8:])}
}

func (r *rdbReader) loadMillis() int64 {
	p := r.read(8)
	if p == nil {
		return 0
	}
	return int64(binary.LittleEndian.Uint64(p))
}

// rdbLoadStream reads RDB_TYPE_STREAM_LISTPACKS_2: the nodes as the
// payload has them (entries flagged deleted stay in their node), the
// live entries from them, the ids and counters, the groups.
func rdbLoadStream(r *rdbReader) (*streamValue, error) {
	s := &streamValue{groups: map[string]*streamGroup{}}
	nodes := r.count()
	for range nodes {
		key := r.loadString()
		lpb := r.loadString()
		if r.err != nil {
			return nil, errBadData
		}
		n, err := streamNodeFromListpack([]byte(key), []byte(lpb))
		if err != nil || (len(s.nodes) > 0 && !s.nodes[len(s.nodes)-1].items[len(s.nodes[len(s.nodes)-1].items)-1].id.less(n.master)) {
			return nil, errBadData
		}
		s.nodes = append(s.nodes, n)
		s.entries = n.liveEntries(s.entries)
	}
	length, _ := r.loadLen()
	s.lastID.ms, _ = r.loadLen()
	s.lastID.seq, _ = r.loadLen()
	r.loadLen() // first id: the first entry's
	r.loadLen()
	s.maxDeleted.ms, _ = r.loadLen()
	s.maxDeleted.seq, _ = r.loadLen()
	added, _ := r.loadLen()
	s.entriesAdded = int64(added)
	if r.err != nil || length != uint64(len(s.entries)) {
		return nil, errBadData
	}
	groups := r.count()
	for range groups {
		name := r.loadString()
		g := &streamGroup{pel: map[streamID]*streamPending{}, consumers: map[string]*streamConsumer{}}
		g.lastID.ms, _ = r.loadLen()
		g.lastID.seq, _ = r.loadLen()
		er, _ := r.loadLen()
		g.entriesRead = int64(er)
		if er == math.MaxUint64 {
			g.entriesRead = -1
		}
		for range r.count() {
			id := r.loadStreamID()
			g.pel[id] = &streamPending{time: r.loadMillis()}
			c, _ := r.loadLen()
			g.pel[id].count = int64(c)
		}
		for range r.count() {
			cn := r.loadString()
			g.consumers[cn] = &streamConsumer{seen: r.loadMillis()}
			for range r.count() {
				id := r.loadStreamID()
				p := g.pel[id]
				if p == nil {
					return nil, errBadData // a consumer's id missing from the group's PEL
				}
				p.consumer = cn
			}
		}
		if r.err != nil {
			return nil, errBadData
		}
		s.groups[name] = g
	}
	return s, r.err
}
