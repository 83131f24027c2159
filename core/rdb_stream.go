package core

import (
	"encoding/binary"
	"math"
	"sort"
	"strconv"
)

// rdb.c's streams (RDB_TYPE_STREAM_LISTPACKS_2): the radix tree's
// listpacks as t_stream.c's streamAppendItem fills them, then the length,
// last, first and max-deleted ids, entries_added and the consumer groups
// with their PELs and consumers. The model keeps a stream's live entries,
// not its nodes: the listpacks are the ones appending those entries in
// order makes, which is the server's when nothing was deleted or trimmed
// (XDEL and XTRIM leave flagged entries and node counts behind on a real
// server). Delivery and seen times are virtual time.

const (
	rdbTypeStreamListpacks2 = 19
	streamNodeMaxBytes      = 4096 // stream-node-max-bytes
	streamNodeMaxEntries    = 100  // stream-node-max-entries
	streamFlagDeleted       = 1
	streamFlagSameFields    = 2
)

func streamIDBytes(id streamID) []byte {
	b := binary.BigEndian.AppendUint64(nil, id.ms)
	return binary.BigEndian.AppendUint64(b, id.seq)
}

func lpInt(v int64) string { return strconv.FormatInt(v, 10) }

// streamNodes is streamAppendItem over the entries: a new listpack when
// the tail's bytes and the new entry's fields and values reach 4096, or
// it holds 100 entries.
func streamNodes(entries []streamEntry) (keys [][]byte, nodes []*listpack) {
	var lp *listpack
	var master streamID
	var masterFields []string
	count := 0
	for _, en := range entries {
		tot := 0
		for _, f := range en.fields {
			tot += len(f)
		}
		if lp != nil && (lp.size()+tot >= streamNodeMaxBytes || count >= streamNodeMaxEntries) {
			lp = nil
		}
		n := len(en.fields) / 2
		flags := 0
		if lp == nil {
			lp, master, count = newListpack(), en.id, 0
			masterFields = masterFields[:0]
			lp.append("1")
			lp.append("0")
			lp.append(lpInt(int64(n)))
			for i := 0; i < n; i++ {
				lp.append(en.fields[2*i])
				masterFields = append(masterFields, en.fields[2*i])
			}
			lp.append("0")
			keys, nodes = append(keys, streamIDBytes(en.id)), append(nodes, lp)
			flags = streamFlagSameFields
		} else if n == len(masterFields) {
			same := true
			for i := 0; i < n; i++ {
				if en.fields[2*i] != masterFields[i] {
					same = false
					break
				}
			}
			if same {
				flags = streamFlagSameFields
			}
		}
		count++
		lpSetFirst(lp, count)
		lp.append(lpInt(int64(flags)))
		lp.append(lpInt(int64(en.id.ms - master.ms)))
		lp.append(lpInt(int64(en.id.seq - master.seq)))
		if flags&streamFlagSameFields == 0 {
			lp.append(lpInt(int64(n)))
		}
		for i := 0; i < n; i++ {
			if flags&streamFlagSameFields == 0 {
				lp.append(en.fields[2*i])
			}
			lp.append(en.fields[2*i+1])
		}
		lpCount := n + 3
		if flags&streamFlagSameFields == 0 {
			lpCount += n + 1
		}
		lp.append(lpInt(int64(lpCount)))
	}
	return keys, nodes
}

// lpSetFirst is lpReplaceInteger of the master entry's count, the node's
// first element: a count stays within stream-node-max-entries (100), so
// it is always a one-byte 7-bit integer.
func lpSetFirst(lp *listpack, count int) { lp.b[6] = byte(count) }

func (w *rdbWriter) saveMillis(ms int64) { w.b = binary.LittleEndian.AppendUint64(w.b, uint64(ms)) }

func rdbSaveStream(w *rdbWriter, s *streamValue) {
	w.b = append(w.b, rdbTypeStreamListpacks2)
	keys, nodes := streamNodes(s.entries)
	w.saveLen(uint64(len(nodes)))
	for i := range nodes {
		w.saveRawString(keys[i])
		w.saveRawString(nodes[i].bytes())
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

// rdbLoadStream reads RDB_TYPE_STREAM_LISTPACKS_2: the entries not
// flagged deleted, the ids and counters, the groups.
func rdbLoadStream(r *rdbReader) (*streamValue, error) {
	s := &streamValue{groups: map[string]*streamGroup{}}
	nodes := r.count()
	for range nodes {
		key := r.loadString()
		lpb := r.loadString()
		if r.err != nil || len(key) != 16 {
			return nil, errBadData
		}
		master := streamID{binary.BigEndian.Uint64([]byte(key)), binary.BigEndian.Uint64([]byte(key)[8:])}
		items, err := listpackEntries([]byte(lpb))
		if err != nil || len(items) < 4 {
			return nil, errBadData
		}
		num := func(i int) (int64, bool) {
			if i >= len(items) {
				return 0, false
			}
			v, err := strconv.ParseInt(items[i], 10, 64)
			return v, err == nil
		}
		valid, ok1 := num(0)
		deleted, ok2 := num(1)
		nf, ok3 := num(2)
		if !ok1 || !ok2 || !ok3 || nf < 0 || 3+int(nf) >= len(items) {
			return nil, errBadData
		}
		masterFields := items[3 : 3+nf]
		p := 3 + int(nf) + 1 // past the master entry's 0
		for e := int64(0); e < valid+deleted; e++ {
			flags, ok1 := num(p)
			dms, ok2 := num(p + 1)
			dseq, ok3 := num(p + 2)
			if !ok1 || !ok2 || !ok3 {
				return nil, errBadData
			}
			p += 3
			var fields []string
			if flags&streamFlagSameFields != 0 {
				if p+int(nf) > len(items) {
					return nil, errBadData
				}
				for i := 0; i < int(nf); i++ {
					fields = append(fields, masterFields[i], items[p+i])
				}
				p += int(nf)
			} else {
				n, ok := num(p)
				if !ok || n < 0 || p+1+2*int(n) > len(items) {
					return nil, errBadData
				}
				fields = append(fields, items[p+1:p+1+2*int(n)]...)
				p += 1 + 2*int(n)
			}
			p++ // lp-count
			if flags&streamFlagDeleted == 0 {
				s.entries = append(s.entries, streamEntry{id: streamID{master.ms + uint64(dms), master.seq + uint64(dseq)}, fields: fields})
			}
		}
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
