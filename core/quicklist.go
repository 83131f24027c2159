package core

import "slices"

// A list is quicklist.c's (Redis 7.0.15): a sequence of listpack nodes
// that the list commands fill, split, merge and empty as the history of
// the list makes them, so that DUMP, MEMORY USAGE and a replica's load see
// the nodes a real server has. A node keeps its elements (each as the
// string the listpack gives back) and node->sz, the bytes its listpack
// takes (lpBytes), kept exact by lpEntryBytes on every change; the
// listpack itself is built when a DUMP or a compression needs it.
//
// Not modelled: elements of packed_threshold (1 GiB) or more, which 7.0
// keeps in PLAIN nodes of their own (no client request can carry one
// under proto-max-bulk-len's 512 MB); a PLAIN node that an RDB or a
// RESTORE brings is kept as one, and never merged or inserted into.

// quicklist.c's limits.
const (
	sizeSafetyLimit      = 8192 // SIZE_SAFETY_LIMIT: a node's bytes when fill counts entries
	sizeEstimateOverhead = 8    // SIZE_ESTIMATE_OVERHEAD: an entry's overhead, estimated
	minCompressBytes     = 48   // MIN_COMPRESS_BYTES
	minCompressImprove   = 8    // MIN_COMPRESS_IMPROVE
	qlFillMax            = 1<<15 - 1
	qlCompressMax        = 1<<16 - 1
	lpHeaderAndEnd       = 7 // LP_HDR_SIZE and the EOF byte: an empty listpack
)

// optimizationLevel is list-max-listpack-size -1..-5 in bytes.
var optimizationLevel = [...]int{4096, 8192, 16384, 32768, 65536}

// qlNode is a quicklistNode.
type qlNode struct {
	buf []string // the elements are buf[off:]; room before off for LPUSH
	off int
	sz  int // node->sz: lpBytes of the listpack, a PLAIN node's length
	// lzf is the compressed listpack of a QUICKLIST_NODE_ENCODING_LZF
	// node (nil: RAW); nothing changes a node while it is compressed.
	lzf          []byte
	plain        bool // QUICKLIST_NODE_CONTAINER_PLAIN
	recompress   bool // decompressed for use, to compress again after
	dontCompress bool
}

func (n *qlNode) items() []string { return n.buf[n.off:] }
func (n *qlNode) count() int      { return len(n.buf) - n.off }

func newQlNode(items []string) *qlNode {
	n := &qlNode{buf: items, sz: lpHeaderAndEnd}
	for _, s := range items {
		n.sz += lpEntryBytes(s)
	}
	return n
}

// bytes is the node's listpack (a PLAIN node's element).
func (n *qlNode) bytes() []byte {
	if n.plain {
		return []byte(n.buf[n.off])
	}
	lp := newListpack()
	for _, s := range n.items() {
		lp.append(s)
	}
	return lp.bytes()
}

// allocSize is zmalloc_size(node->entry): the listpack, the PLAIN
// element, or the quicklistLZF (its size_t length and the compressed
// bytes) that __quicklistCompressNode reallocates to fit.
func (n *qlNode) allocSize() int {
	if n.lzf != nil {
		return jemallocSize(8 + len(n.lzf))
	}
	return jemallocSize(n.sz)
}

func (n *qlNode) prepend(s string) {
	if n.off == 0 {
		gap := max(4, n.count())
		nb := make([]string, gap+n.count(), gap+n.count()+4)
		copy(nb[gap:], n.items())
		n.buf, n.off = nb, gap
	}
	n.off--
	n.buf[n.off] = s
	n.sz += lpEntryBytes(s)
}

func (n *qlNode) append(s string) {
	n.buf = append(n.buf, s)
	n.sz += lpEntryBytes(s)
}

func (n *qlNode) insertAt(i int, s string) {
	n.buf = slices.Insert(n.buf, n.off+i, s)
	n.sz += lpEntryBytes(s)
}

func (n *qlNode) replaceAt(i int, s string) {
	n.sz += lpEntryBytes(s) - lpEntryBytes(n.buf[n.off+i])
	n.buf[n.off+i] = s
}

// deleteRange is lpDeleteRange: num elements from index i (negative: from
// the end).
func (n *qlNode) deleteRange(i, num int) {
	if i < 0 {
		i += n.count()
	}
	end := min(i+num, n.count())
	for _, s := range n.buf[n.off+i : n.off+end] {
		n.sz -= lpEntryBytes(s)
	}
	if i == 0 {
		clear(n.buf[n.off : n.off+end])
		n.off += end
		return
	}
	n.buf = slices.Delete(n.buf, n.off+i, n.off+end)
}

// lpEntryBytes is what one element adds to a listpack: its encoding
// (lpEncodeGetType: an integer when lpStringToInt64 reads one), data and
// backlen.
func lpEntryBytes(s string) int {
	var l int
	if v, ok := parseInt(s); ok {
		switch {
		case v >= 0 && v <= 127:
			l = 1
		case v >= -4096 && v <= 4095:
			l = 2
		case v >= -32768 && v <= 32767:
			l = 3
		case v >= -8388608 && v <= 8388607:
			l = 4
		case v >= -2147483648 && v <= 2147483647:
			l = 5
		default:
			l = 9
		}
	} else {
		switch {
		case len(s) < 64:
			l = 1 + len(s)
		case len(s) < 4096:
			l = 2 + len(s)
		default:
			l = 5 + len(s)
		}
	}
	return l + lpBacklenSize(l)
}

// listValue is a list: quicklist.c's quicklist, with the fill
// (list-max-listpack-size) and compress depth (list-compress-depth) it was
// created with: CONFIG SET changes them for lists made afterwards only.
type listValue struct {
	nodes    []*qlNode
	count    int
	fill     int
	compress int
}

// newList is quicklistNew with quicklistSetOptions' bounds.
func newList(fill, compress int) *listValue {
	return &listValue{fill: min(max(fill, -5), qlFillMax), compress: min(max(compress, 0), qlCompressMax)}
}

// newListFromConfig is createQuicklistObject and quicklistSetOptions with
// the server's list-max-listpack-size and list-compress-depth, as
// pushGenericCommand, lmoveHandlePush and rdbLoadObject make a list.
func newListFromConfig(lim encLimits) *listValue { return newList(lim.listFill, lim.listCompress) }

// newListDefault is createQuicklistObject alone (fill -2, no compression),
// as sortCommand's STORE makes its list whatever the configuration says.
func newListDefault() *listValue { return newList(-2, 0) }

func (l *listValue) head() *qlNode {
	if len(l.nodes) == 0 {
		return nil
	}
	return l.nodes[0]
}

func (l *listValue) tail() *qlNode {
	if len(l.nodes) == 0 {
		return nil
	}
	return l.nodes[len(l.nodes)-1]
}

func (l *listValue) indexOf(n *qlNode) int { return slices.Index(l.nodes, n) }

// elements are the list's elements head to tail (no iterator: nothing is
// compressed or decompressed).
func (l *listValue) elements() []string {
	out := make([]string, 0, l.count)
	for _, n := range l.nodes {
		out = append(out, n.items()...)
	}
	return out
}

func (l *listValue) cloneValue() value {
	c := *l
	c.nodes = make([]*qlNode, len(l.nodes))
	for i, n := range l.nodes {
		m := *n
		m.buf, m.off = slices.Clone(n.items()), 0
		c.nodes[i] = &m
	}
	return &c
}

func (l *listValue) equalValue(o value) bool {
	b, ok := o.(*listValue)
	return ok && b.count == l.count && slices.Equal(l.elements(), b.elements())
}

func meetsOptimizationRequirement(sz, fill int) bool {
	if fill >= 0 {
		return false
	}
	off := -fill - 1
	return off < len(optimizationLevel) && sz <= optimizationLevel[off]
}

// allowInsert is _quicklistNodeAllowInsert for an element of sz bytes
// (its string's length, whatever the listpack encodes it as).
func (l *listValue) allowInsert(n *qlNode, sz int) bool {
	if n == nil || n.plain {
		return false
	}
	newSz := n.sz + sz + sizeEstimateOverhead
	if meetsOptimizationRequirement(newSz, l.fill) {
		return true
	}
	if newSz > sizeSafetyLimit {
		return false
	}
	return n.count() < l.fill
}

// allowMerge is _quicklistNodeAllowMerge.
func (l *listValue) allowMerge(a, b *qlNode) bool {
	if a == nil || b == nil || a.plain || b.plain {
		return false
	}
	mergeSz := a.sz + b.sz - 11 // one listpack header and end less
	if meetsOptimizationRequirement(mergeSz, l.fill) {
		return true
	}
	if mergeSz > sizeSafetyLimit {
		return false
	}
	return a.count()+b.count() <= l.fill
}

// compressNode is quicklistCompressNode: a RAW node compressed when it is
// big enough and LZF saves more than MIN_COMPRESS_IMPROVE bytes.
func (l *listValue) compressNode(n *qlNode) {
	if n == nil || n.lzf != nil || n.dontCompress {
		return
	}
	n.recompress = false
	if n.sz < minCompressBytes {
		return
	}
	c := lzfCompress(n.bytes(), n.sz)
	if c == nil || len(c)+minCompressImprove >= n.sz {
		return
	}
	n.lzf = c
}

// decompressNode is quicklistDecompressNode.
func decompressNode(n *qlNode) {
	if n != nil && n.lzf != nil {
		n.lzf, n.recompress = nil, false
	}
}

// decompressForUse is quicklistDecompressNodeForUse.
func decompressForUse(n *qlNode) {
	if n != nil && n.lzf != nil {
		n.lzf, n.recompress = nil, true
	}
}

// compressDepth is __quicklistCompress: the nodes within the depth from
// each end decompressed, the first ones beyond it compressed, and node
// too (nil for none) unless it is within the depth.
func (l *listValue) compressDepth(node *qlNode) {
	n := len(l.nodes)
	if n == 0 || l.compress == 0 || n < l.compress*2 {
		return
	}
	f, r := 0, n-1
	inDepth := false
	for range l.compress {
		decompressNode(l.nodes[f])
		decompressNode(l.nodes[r])
		if l.nodes[f] == node || l.nodes[r] == node {
			inDepth = true
		}
		if f == r || f+1 == r {
			return
		}
		f++
		r--
	}
	if !inDepth {
		l.compressNode(node)
	}
	l.compressNode(l.nodes[f])
	l.compressNode(l.nodes[r])
}

// compressAt is the quicklistCompress macro.
func (l *listValue) compressAt(n *qlNode) {
	if n.recompress {
		l.compressNode(n)
	} else {
		l.compressDepth(n)
	}
}

// recompressOnly is quicklistRecompressOnly.
func (l *listValue) recompressOnly(n *qlNode) {
	if n.recompress {
		l.compressNode(n)
	}
}

// insertNode is __quicklistInsertNode: nw after (or before) old, nil when
// the list is empty.
func (l *listValue) insertNode(old, nw *qlNode, after bool) {
	at := 0
	if old != nil {
		at = l.indexOf(old)
		if after {
			at++
		}
	}
	l.nodes = slices.Insert(l.nodes, at, nw)
	if old != nil {
		l.compressAt(old)
	}
	l.compressAt(nw)
}

// delNode is __quicklistDelNode.
func (l *listValue) delNode(n *qlNode) {
	l.nodes = slices.Delete(l.nodes, l.indexOf(n), l.indexOf(n)+1)
	l.count -= n.count()
	l.compressDepth(nil)
}

// delIndex is quicklistDelIndex: the element at i of n; whether the node
// went with it.
func (l *listValue) delIndex(n *qlNode, i int) bool {
	if n.plain {
		l.delNode(n)
		return true
	}
	n.deleteRange(i, 1)
	gone := n.count() == 0
	if gone {
		l.delNode(n)
	}
	l.count--
	return gone
}

// pushHead is quicklistPushHead.
func (l *listValue) pushHead(s string) {
	if h := l.head(); l.allowInsert(h, len(s)) {
		h.prepend(s)
	} else {
		n := newQlNode(nil)
		n.prepend(s)
		l.insertNode(h, n, false)
	}
	l.count++
}

// pushTail is quicklistPushTail.
func (l *listValue) pushTail(s string) {
	if t := l.tail(); l.allowInsert(t, len(s)) {
		t.append(s)
	} else {
		n := newQlNode(nil)
		n.append(s)
		l.insertNode(t, n, true)
	}
	l.count++
}

func (l *listValue) push(s string, head bool) {
	if head {
		l.pushHead(s)
	} else {
		l.pushTail(s)
	}
}

// appendNode is quicklistAppendListpack (and quicklistAppendPlainNode):
// an RDB's node, as it was saved, after the tail.
func (l *listValue) appendNode(items []string, plain bool) {
	n := newQlNode(items)
	if plain {
		n.plain, n.sz = true, len(items[0])
	}
	l.insertNode(l.tail(), n, true)
	l.count += n.count()
}

// pop is quicklistPopCustom.
func (l *listValue) pop(head bool) string {
	n, i := l.head(), 0
	if !head {
		n = l.tail()
		i = n.count() - 1
	}
	v := n.items()[i]
	l.delIndex(n, i)
	return v
}

// seek is quicklistGetIteratorAtIdx's search: the node holding index idx
// (negative: from the tail) and the offset in it, negative when idx is.
func (l *listValue) seek(idx int) (*qlNode, int, bool) {
	forward := idx >= 0
	index := idx
	if !forward {
		index = -idx - 1
	}
	if index >= l.count {
		return nil, 0, false
	}
	seekForward, seekIndex := forward, index
	if index > (l.count-1)/2 {
		seekForward, seekIndex = !forward, l.count-1-index
	}
	accum := 0
	var n *qlNode
	for k := range l.nodes {
		n = l.nodes[k]
		if !seekForward {
			n = l.nodes[len(l.nodes)-1-k]
		}
		if accum+n.count() > seekIndex {
			break
		}
		accum += n.count()
	}
	if seekForward != forward {
		accum = l.count - n.count() - accum
	}
	if forward {
		return n, index - accum, true
	}
	return n, -index - 1 + accum, true
}

// delRange is quicklistDelRange.
func (l *listValue) delRange(start, count int) {
	if count <= 0 {
		return
	}
	extent := count
	if start >= 0 && extent > l.count-start {
		extent = l.count - start
	} else if start < 0 && extent > -start {
		extent = -start
	}
	node, offset, ok := l.seek(start)
	if !ok {
		return
	}
	l.compressAt(node) // quicklistReleaseIterator
	for extent > 0 {
		var next *qlNode
		if i := l.indexOf(node); i+1 < len(l.nodes) {
			next = l.nodes[i+1]
		}
		c := node.count()
		del, entire := 0, false
		switch {
		case offset == 0 && extent >= c:
			entire, del = true, c
		case offset >= 0 && extent+offset >= c:
			del = c - offset
		case offset < 0:
			del = min(-offset, extent)
		default:
			del = extent
		}
		if entire || node.plain {
			l.delNode(node)
		} else {
			decompressForUse(node)
			node.deleteRange(offset, del)
			l.count -= del
			if node.count() == 0 {
				l.delNode(node)
			} else {
				l.recompressOnly(node)
			}
		}
		extent -= del
		node, offset = next, 0
	}
}

// qlIter is a quicklistIter: it decompresses each node it reads and
// compresses it again (quicklistCompress) when it leaves it or is
// released, which may compress a node no write compressed.
type qlIter struct {
	l       *listValue
	cur     *qlNode
	offset  int // as quicklist.c keeps it: negative from the end going backwards
	pos     int // the element's index in cur, valid when zi
	zi      bool
	forward bool // AL_START_HEAD
}

// iterAt is quicklistGetIteratorAtIdx: nil past the ends.
func (l *listValue) iterAt(idx int, forward bool) *qlIter {
	n, off, ok := l.seek(idx)
	if !ok {
		return nil
	}
	return &qlIter{l: l, cur: n, offset: off, forward: forward}
}

// next is quicklistNext: the next element, false at the end.
func (it *qlIter) next() (string, bool) {
	if it == nil {
		return "", false
	}
	for it.cur != nil {
		n := it.cur
		if !it.zi {
			decompressForUse(n)
			it.pos = it.offset
			if it.pos < 0 {
				it.pos += n.count()
			}
		} else if it.forward {
			it.pos++
			it.offset++
		} else {
			it.pos--
			it.offset--
		}
		it.zi = it.pos >= 0 && it.pos < n.count()
		if it.zi {
			return n.items()[it.pos], true
		}
		it.l.compressAt(n)
		i := it.l.indexOf(n)
		if it.forward {
			it.cur, it.offset = nil, 0
			if i+1 < len(it.l.nodes) {
				it.cur = it.l.nodes[i+1]
			}
		} else {
			it.cur, it.offset = nil, -1
			if i > 0 {
				it.cur = it.l.nodes[i-1]
			}
		}
	}
	return "", false
}

// release is quicklistReleaseIterator.
func (it *qlIter) release() {
	if it != nil && it.cur != nil {
		it.l.compressAt(it.cur)
	}
}

// delEntry is quicklistDelEntry: the element next returned.
func (it *qlIter) delEntry() {
	n := it.cur
	i := it.l.indexOf(n)
	var prev, next *qlNode
	if i > 0 {
		prev = it.l.nodes[i-1]
	}
	if i+1 < len(it.l.nodes) {
		next = it.l.nodes[i+1]
	}
	gone := it.l.delIndex(n, it.pos)
	it.zi = false
	if gone {
		if it.forward {
			it.cur, it.offset = next, 0
		} else {
			it.cur, it.offset = prev, -1
		}
	}
}

// rangeRead is addListRangeReply's walk: n elements from index from,
// towards the tail or (reverse) the head.
func (l *listValue) rangeRead(from, n int, reverse bool) []string {
	it := l.iterAt(from, !reverse)
	out := make([]string, 0, n)
	for range n {
		v, _ := it.next()
		out = append(out, v)
	}
	it.release()
	return out
}

// index is lindexCommand's quicklistGetIteratorEntryAtIdx.
func (l *listValue) index(i int) (string, bool) {
	it := l.iterAt(i, false)
	v, ok := it.next()
	it.release()
	return v, ok
}

// replaceAtIndex is quicklistReplaceAtIndex (7.0.15's quicklistReplaceEntry
// replaces in place whatever the node's size: LSET never splits a node).
func (l *listValue) replaceAtIndex(i int, s string) bool {
	it := l.iterAt(i, false)
	if _, ok := it.next(); !ok {
		return false
	}
	n := it.cur
	if !n.plain {
		n.replaceAt(it.pos, s)
		l.compressAt(n)
		return true
	}
	// A PLAIN node's small replacement: a packed element after it, and
	// the PLAIN node gone.
	l.insert(n, it.pos, it.offset, s, true)
	l.delNode(n)
	return true
}

// insert is _quicklistInsert: s before or after the element at pos of
// node (offset as the iterator has it).
func (l *listValue) insert(node *qlNode, pos, offset int, s string, after bool) {
	sz := len(s)
	full := !l.allowInsert(node, sz)
	i := l.indexOf(node)
	var prev, next *qlNode
	if i > 0 {
		prev = l.nodes[i-1]
	}
	if i+1 < len(l.nodes) {
		next = l.nodes[i+1]
	}
	atTail := after && (offset == node.count()-1 || offset == -1)
	atHead := !after && (offset == 0 || offset == -node.count())
	availNext := atTail && l.allowInsert(next, sz)
	availPrev := atHead && l.allowInsert(prev, sz)
	switch {
	case !full:
		decompressForUse(node)
		if after {
			pos++
		}
		node.insertAt(pos, s)
		l.recompressOnly(node)
	case atTail && availNext && after:
		decompressForUse(next)
		next.prepend(s)
		l.recompressOnly(next)
		l.recompressOnly(node)
	case atHead && availPrev && !after:
		decompressForUse(prev)
		prev.append(s)
		l.recompressOnly(prev)
		l.recompressOnly(node)
	case atTail && after || atHead && !after:
		nw := newQlNode(nil)
		nw.append(s)
		l.insertNode(node, nw, after)
	default:
		decompressForUse(node)
		nw := l.splitNode(node, pos, after)
		if after {
			nw.prepend(s)
		} else {
			nw.append(s)
		}
		l.insertNode(node, nw, after)
		l.mergeNodes(node)
	}
	l.count++
}

// splitNode is _quicklistSplitNode: after, the new node takes the
// elements past pos; before, those up to pos (not included).
func (l *listValue) splitNode(node *qlNode, pos int, after bool) *qlNode {
	items := node.items()
	var moved, kept []string
	if after {
		kept, moved = items[:pos+1], items[pos+1:]
	} else {
		moved, kept = items[:pos], items[pos:]
	}
	nw := newQlNode(slices.Clone(moved))
	rest := newQlNode(slices.Clone(kept))
	node.buf, node.off, node.sz = rest.buf, 0, rest.sz
	return nw
}

// mergeNodes is _quicklistMergeNodes around center.
func (l *listValue) mergeNodes(center *qlNode) {
	at := func(n *qlNode, d int) *qlNode {
		if n == nil {
			return nil
		}
		if i := l.indexOf(n) + d; i >= 0 && i < len(l.nodes) {
			return l.nodes[i]
		}
		return nil
	}
	prev := at(center, -1)
	prevPrev := at(prev, -1)
	next := at(center, 1)
	nextNext := at(next, 1)
	if l.allowMerge(prev, prevPrev) {
		l.listpackMerge(prevPrev, prev)
	}
	if l.allowMerge(next, nextNext) {
		l.listpackMerge(next, nextNext)
	}
	target := center
	if p := at(center, -1); l.allowMerge(center, p) {
		target = l.listpackMerge(p, center)
	}
	if n := at(target, 1); l.allowMerge(target, n) {
		l.listpackMerge(target, n)
	}
}

// listpackMerge is _quicklistListpackMerge of a and the node after it:
// lpMerge keeps the bigger listpack and moves the other's elements in.
func (l *listValue) listpackMerge(a, b *qlNode) *qlNode {
	decompressNode(a)
	decompressNode(b)
	keep, gone := a, b
	if a.sz < b.sz {
		keep, gone = b, a
	}
	merged := append(slices.Clone(a.items()), b.items()...)
	keep.buf, keep.off, keep.sz = merged, 0, a.sz+b.sz-lpHeaderAndEnd
	gone.buf, gone.off = nil, 0
	l.delNode(gone)
	l.compressAt(keep)
	return keep
}

// dup is quicklistDup (COPY): each node copied, compressed as it was, and
// appended as an RDB's node is.
func (l *listValue) dup() *listValue {
	c := newList(l.fill, l.compress)
	for _, n := range l.nodes {
		m := &qlNode{buf: slices.Clone(n.items()), sz: n.sz, lzf: n.lzf, plain: n.plain}
		c.insertNode(c.tail(), m, true)
		c.count += m.count()
	}
	return c
}

// loaded is what rdbLoadObject builds from the list an RDB saved with
// these nodes: each node as it was, in a list of the loading server's
// fill and compress depth.
func (l *listValue) loaded(lim encLimits) *listValue {
	c := newListFromConfig(lim)
	for _, n := range l.nodes {
		c.appendNode(slices.Clone(n.items()), n.plain)
	}
	return c
}

// popRange is the COUNT form of a pop (popGenericCommand,
// listPopRangeAndReplyWithKey): addListRangeReply of the n elements, then
// listTypeDelRange.
func (l *listValue) popRange(head bool, n int) []string {
	if head {
		out := l.rangeRead(0, n, false)
		l.delRange(0, n)
		return out
	}
	out := l.rangeRead(l.count-1, n, true)
	l.delRange(-n, n)
	return out
}

// walk is an iteration over the whole list that finds nothing (LREM's or
// LINSERT's when no element matches): what it leaves is the nodes it
// compressed on its way.
func (l *listValue) walk(forward bool) {
	it := l.iterAt(0, true)
	if !forward {
		it = l.iterAt(-1, false)
	}
	for {
		if _, ok := it.next(); !ok {
			break
		}
	}
	it.release()
}
