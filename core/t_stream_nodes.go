package core

import (
	"encoding/binary"
	"math"
	"sort"
	"strconv"
)

// A stream's radix tree of listpack nodes, as t_stream.c keeps it: each
// node is one listpack under its master entry's id (the rax key), and
// holds every entry appended to it, live or flagged deleted, until its
// last live entry goes. streamValue.entries is the live view of the
// same entries (what XRANGE and the groups read); the nodes are what
// streamAppendItem, streamTrim, XINFO STREAM's radix-tree figures and
// rdb.c's listpacks read.

// streamItem is one entry inside a node's listpack.
type streamItem struct {
	id     streamID
	fields []string // field, value, ...
	flags  int64    // STREAM_ITEM_FLAG_DELETED, STREAM_ITEM_FLAG_SAMEFIELDS
}

// streamNode is one listpack:
//
//	count | deleted | num-fields | field_1 ... field_N | 0
//	flags | ms-diff | seq-diff | [num-fields | field_1] value_1 ... | lp-count
//	...
//
// bytes is its lpBytes, kept as the listpack.c calls streamAppendItem,
// streamIteratorRemoveEntry and streamTrim make change it.
type streamNode struct {
	master       streamID
	masterFields []string
	items        []streamItem
	count        int64 // live entries (the master entry's first element)
	deleted      int64 // entries flagged deleted (its second)
	bytes        int
}

func (n *streamNode) clone() *streamNode {
	m := *n
	m.items = append([]streamItem(nil), n.items...)
	return &m
}

// lpIntSize is the bytes lpAppendInteger adds for v.
func lpIntSize(v int64) int { return lpEntrySize(strconv.FormatInt(v, 10)) }

// sameFields is streamAppendItem's comparison of an entry's fields with
// the master entry's (STREAM_ITEM_FLAG_SAMEFIELDS).
func (n *streamNode) sameFields(fields []string) bool {
	if len(fields)/2 != len(n.masterFields) {
		return false
	}
	for i, f := range n.masterFields {
		if fields[2*i] != f {
			return false
		}
	}
	return true
}

// itemSize is the bytes an entry takes in the node's listpack.
func (n *streamNode) itemSize(it streamItem) int {
	nf := int64(len(it.fields) / 2)
	size := lpIntSize(it.flags) + lpIntSize(int64(it.id.ms-n.master.ms)) + lpIntSize(int64(it.id.seq-n.master.seq))
	lpCount := nf + 3
	if it.flags&streamFlagSameFields == 0 {
		size += lpIntSize(nf)
		lpCount += nf + 1
	}
	for i := 0; i < len(it.fields); i += 2 {
		if it.flags&streamFlagSameFields == 0 {
			size += lpEntrySize(it.fields[i])
		}
		size += lpEntrySize(it.fields[i+1])
	}
	return size + lpIntSize(lpCount)
}

// setCounts is lpReplaceInteger of the master entry's count and deleted
// elements: the listpack grows or shrinks by their encodings' difference.
func (n *streamNode) setCounts(count, deleted int64) {
	n.bytes += lpIntSize(count) - lpIntSize(n.count) + lpIntSize(deleted) - lpIntSize(n.deleted)
	n.count, n.deleted = count, deleted
}

// newStreamNode is the listpack streamAppendItem creates for an entry
// no node can take: its header and end, the master entry of the entry's
// fields (counts 0 until the entry is appended).
func newStreamNode(id streamID, fields []string) *streamNode {
	n := &streamNode{master: id, bytes: 7}
	for i := 0; i < len(fields); i += 2 {
		n.masterFields = append(n.masterFields, fields[i])
		n.bytes += lpEntrySize(fields[i])
	}
	n.bytes += lpIntSize(0) + lpIntSize(0) + lpIntSize(int64(len(n.masterFields))) + lpIntSize(0)
	return n
}

// nodeLimits are stream-node-max-bytes and stream-node-max-entries as
// streamAppendItem reads them: 0 bytes (or more than a listpack may
// hold) is STREAM_LISTPACK_MAX_SIZE, 0 entries no limit.
func nodeLimits(lim encLimits) (maxBytes, maxEntries int64) {
	maxBytes = lim.streamBytes
	if maxBytes <= 0 || maxBytes > streamListpackMaxSize {
		maxBytes = streamListpackMaxSize
	}
	return maxBytes, lim.streamEntries
}

const streamListpackMaxSize = 1 << 30 // STREAM_LISTPACK_MAX_SIZE

// appendItem is streamAppendItem's listpack work for an entry whose id
// was checked: into the tail node unless its bytes plus the entry's
// fields' and values' lengths reach stream-node-max-bytes or it holds
// stream-node-max-entries entries, live and deleted; else into a new node.
func (s *streamValue) appendItem(id streamID, fields []string, lim encLimits) {
	maxBytes, maxEntries := nodeLimits(lim)
	tot := int64(0)
	for _, f := range fields {
		tot += int64(len(f))
	}
	var n *streamNode
	if k := len(s.nodes); k > 0 {
		n = s.nodes[k-1]
		if int64(n.bytes)+tot >= maxBytes || (maxEntries > 0 && n.count+n.deleted >= maxEntries) {
			n = nil
		}
	}
	it := streamItem{id: id, fields: fields}
	if n == nil {
		n = newStreamNode(id, fields)
		s.nodes = append(s.nodes, n)
		it.flags = streamFlagSameFields
	} else if n.sameFields(fields) {
		it.flags = streamFlagSameFields
	}
	n.setCounts(n.count+1, n.deleted)
	n.items = append(n.items, it)
	n.bytes += n.itemSize(it)
}

// nodeOf is the index of the node whose range holds id (the last one
// whose master id is not above it), -1 before the first.
func (s *streamValue) nodeOf(id streamID) int {
	return sort.Search(len(s.nodes), func(i int) bool { return id.less(s.nodes[i].master) }) - 1
}

// deleteItem is streamDeleteItem: an entry not already flagged deleted
// is flagged (streamIteratorRemoveEntry), its node's counts move, and
// the node is freed when it was its last live entry. The live view
// loses it too.
func (s *streamValue) deleteItem(id streamID) bool {
	ni := s.nodeOf(id)
	if ni < 0 {
		return false
	}
	n := s.nodes[ni]
	i := sort.Search(len(n.items), func(i int) bool { return !n.items[i].id.less(id) })
	if i == len(n.items) || n.items[i].id != id || n.items[i].flags&streamFlagDeleted != 0 {
		return false
	}
	if n.count == 1 {
		s.nodes = append(s.nodes[:ni:ni], s.nodes[ni+1:]...)
	} else {
		n.items[i].flags |= streamFlagDeleted // one byte either way
		n.setCounts(n.count-1, n.deleted+1)
	}
	j := sort.Search(len(s.entries), func(j int) bool { return !s.entries[j].id.less(id) })
	s.entries = append(s.entries[:j:j], s.entries[j+1:]...)
	return true
}

// trim is streamTrim: from the first node, whole nodes go while the
// strategy allows (MAXLEN: the length left is at least maxlen; MINID:
// the node's last id, deleted or not, is below minid) and LIMIT's count
// of entries is not passed; an exact trim then flags the entries of the
// next node it must, an approximate one stops. It returns how many
// entries went, always a prefix of the live ones.
func (s *streamValue) trim(t trimSpec) int64 {
	if t.strategy == 0 {
		return 0
	}
	length := int64(len(s.entries))
	deleted := int64(0)
	drop := 0 // whole nodes removed from the head
	for drop < len(s.nodes) {
		if t.strategy == 'm' && length <= t.maxlen {
			break
		}
		n := s.nodes[drop]
		entries := n.count
		if t.limit != 0 && deleted+entries > t.limit {
			break
		}
		var remove bool
		if t.strategy == 'm' {
			remove = length-entries >= t.maxlen
		} else {
			remove = n.items[len(n.items)-1].id.less(t.minid)
		}
		if remove {
			drop++
			length -= entries
			deleted += entries
			continue
		}
		if t.approx {
			break
		}
		n = n.clone()
		s.nodes[drop] = n
		fromLP := int64(0)
		for i := range n.items {
			it := &n.items[i]
			if t.strategy == 'm' && length <= t.maxlen || t.strategy == 'i' && !it.id.less(t.minid) {
				break
			}
			if it.flags&streamFlagDeleted == 0 {
				it.flags |= streamFlagDeleted
				fromLP++
				length--
			}
		}
		deleted += fromLP
		n.setCounts(entries-fromLP, n.deleted+fromLP)
		break
	}
	if drop > 0 {
		s.nodes = append([]*streamNode(nil), s.nodes[drop:]...)
	}
	if deleted > 0 {
		s.entries = append([]streamEntry(nil), s.entries[deleted:]...)
	}
	return deleted
}

// firstItemID is streamGetEdgeID(s, 1, 0, ...): the first entry of the
// first node, deleted or not; the largest id when there is none.
func (s *streamValue) firstItemID() streamID {
	if len(s.nodes) == 0 {
		return streamID{math.MaxUint64, math.MaxUint64}
	}
	return s.nodes[0].items[0].id
}

// listpack is the node's listpack blob, as rdb.c writes it.
func (n *streamNode) listpack() []byte {
	lp := newListpack()
	lp.append(lpInt(n.count))
	lp.append(lpInt(n.deleted))
	lp.append(lpInt(int64(len(n.masterFields))))
	for _, f := range n.masterFields {
		lp.append(f)
	}
	lp.append("0")
	for _, it := range n.items {
		same := it.flags&streamFlagSameFields != 0
		nf := int64(len(it.fields) / 2)
		lp.append(lpInt(it.flags))
		lp.append(lpInt(int64(it.id.ms - n.master.ms)))
		lp.append(lpInt(int64(it.id.seq - n.master.seq)))
		if !same {
			lp.append(lpInt(nf))
		}
		for i := 0; i < len(it.fields); i += 2 {
			if !same {
				lp.append(it.fields[i])
			}
			lp.append(it.fields[i+1])
		}
		lpCount := nf + 3
		if !same {
			lpCount += nf + 1
		}
		lp.append(lpInt(lpCount))
	}
	return lp.bytes()
}

// raxKey is the node's rax key: its master id as 128 big-endian bits.
func (n *streamNode) raxKey() []byte { return streamIDBytes(n.master) }

// streamNodeFromListpack reads a node of an RDB stream: its master id
// from the rax key, its entries (those flagged deleted too) from the
// listpack, kept as they are. lpBytes is the blob's own length.
func streamNodeFromListpack(key, blob []byte) (*streamNode, error) {
	if len(key) != 16 {
		return nil, errBadData
	}
	n := &streamNode{master: streamID{binary.BigEndian.Uint64(key), binary.BigEndian.Uint64(key[8:])}, bytes: len(blob)}
	items, err := listpackEntries(blob)
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
	if !ok1 || !ok2 || !ok3 || nf < 0 || valid < 0 || deleted < 0 || 3+int(nf) >= len(items) {
		return nil, errBadData
	}
	n.count, n.deleted = valid, deleted
	n.masterFields = append([]string(nil), items[3:3+nf]...)
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
				fields = append(fields, n.masterFields[i], items[p+i])
			}
			p += int(nf)
		} else {
			k, ok := num(p)
			if !ok || k < 0 || p+1+2*int(k) > len(items) {
				return nil, errBadData
			}
			fields = append(fields, items[p+1:p+1+2*int(k)]...)
			p += 1 + 2*int(k)
		}
		p++ // lp-count
		id := streamID{n.master.ms + uint64(dms), n.master.seq + uint64(dseq)}
		if k := len(n.items); k > 0 && !n.items[k-1].id.less(id) {
			return nil, errBadData
		}
		n.items = append(n.items, streamItem{id: id, fields: fields, flags: flags})
	}
	if p > len(items) || len(n.items) == 0 {
		return nil, errBadData // "Empty listpack inside stream"
	}
	return n, nil
}

// liveEntries are the node's entries not flagged deleted.
func (n *streamNode) liveEntries(out []streamEntry) []streamEntry {
	for _, it := range n.items {
		if it.flags&streamFlagDeleted == 0 {
			out = append(out, streamEntry{id: it.id, fields: it.fields})
		}
	}
	return out
}

// nodeKeys are the rax's keys, one per node.
func (s *streamValue) nodeKeys() [][]byte {
	keys := make([][]byte, len(s.nodes))
	for i, n := range s.nodes {
		keys[i] = n.raxKey()
	}
	return keys
}

// equalNodes compares two streams' nodes: master ids, master fields,
// entries and their flags, counts and sizes.
func (s *streamValue) equalNodes(b *streamValue) bool {
	if len(s.nodes) != len(b.nodes) {
		return false
	}
	for i, n := range s.nodes {
		m := b.nodes[i]
		if n.master != m.master || n.count != m.count || n.deleted != m.deleted || n.bytes != m.bytes ||
			len(n.items) != len(m.items) || len(n.masterFields) != len(m.masterFields) {
			return false
		}
		for j := range n.masterFields {
			if n.masterFields[j] != m.masterFields[j] {
				return false
			}
		}
		for j := range n.items {
			if n.items[j].id != m.items[j].id || n.items[j].flags != m.items[j].flags {
				return false
			}
		}
	}
	return true
}
