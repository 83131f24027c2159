package core

import "unsafe"

// The 7.0 replication backlog is not a ring. It is one list of buffer
// blocks (replBufBlock) shared by the backlog and every replica's output:
// each holds a reference to the block where its unsent (or, for the
// backlog, oldest) bytes start. Blocks are trimmed only whole, only from
// the front, never below one block, and never while a replica still
// references the first one (incrementalTrimReplicationBacklog). This type
// is the only place that does block arithmetic.

// Sizes from Redis's server.h.
const (
	protoReplyChunkBytes  = 16 * 1024 // PROTO_REPLY_CHUNK_BYTES: smallest block
	replBufBlockHeader    = 40        // sizeof(replBufBlock) on 64-bit Linux
	trimBlocksPerCall     = 64        // REPL_BACKLOG_TRIM_BLOCKS_PER_CALL
	replBacklogMinSize    = 16 * 1024 // CONFIG_REPL_BACKLOG_MIN_SIZE
	defaultReplBacklogCap = 1024 * 1024
)

// block is one replBufBlock.
type block struct {
	id       int64
	offset   int64  // repl_offset: the replication offset of buf[0]
	size     int64  // usable bytes (the allocator's usable size minus the header)
	buf      []byte // len(buf) is "used"
	refcount int
	shared   bool // a clone holds the same bytes: never reuse them
}

func (b *block) used() int64 { return int64(len(b.buf)) }

// bufRef is where a reader (the backlog or a replica) stands in the block
// list: a block id and a position in it. ok is false before the first feed.
type bufRef struct {
	block int64
	pos   int64
	ok    bool
}

// Backlog is server.repl_backlog together with server.repl_buffer_blocks:
// the buffer exists exactly while the backlog does.
type Backlog struct {
	offset  int64 // repl_backlog->offset: first byte's replication offset
	histlen int64
	blocks  []*block
	nextID  int64
	ref     bool     // the backlog references blocks[0]
	spare   [][]byte // buffers of trimmed blocks no clone shares, for reuse
}

// jemallocUsable returns the usable size jemalloc 5.3 gives a request of
// n bytes: size classes come four to a doubling (16 KiB, 20 KiB, 24 KiB,
// 28 KiB, 32 KiB, 40 KiB, ...), so zmalloc_usable of 16 KiB + 40 is 20480.
func jemallocUsable(n int64) int64 {
	if n <= 16 {
		return 16
	}
	lg := 0
	for v := n - 1; v > 1; v >>= 1 {
		lg++
	}
	// lg = floor(log2(n-1)); classes in (2^lg, 2^(lg+1)] are spaced 2^(lg-2).
	spacing := int64(1) << max(lg-2, 3)
	return (n + spacing - 1) / spacing * spacing
}

// BlockSizeFor is the usable size of a block created when len bytes did
// not fit in the tail: at least 16 KiB, at most max(backlog size/16, 16 KiB),
// rounded by the allocator (feedReplicationBuffer).
func BlockSizeFor(length, backlogSize int64) int64 {
	limit := max(backlogSize/16, protoReplyChunkBytes)
	size := min(max(length, protoReplyChunkBytes), limit)
	return jemallocUsable(size+replBufBlockHeader) - replBufBlockHeader
}

// newBacklog is createReplicationBacklog: empty, its first byte virtually
// the next byte of the stream.
func newBacklog(masterReplOffset int64) *Backlog {
	return &Backlog{offset: masterReplOffset + 1}
}

// FirstByteOffset is repl_backlog_first_byte_offset.
func (b *Backlog) FirstByteOffset() int64 { return b.offset }

// HistLen is repl_backlog_histlen.
func (b *Backlog) HistLen() int64 { return b.histlen }

func (b *Backlog) blockIndex(id int64) int {
	if len(b.blocks) == 0 {
		return -1
	}
	i := int(id - b.blocks[0].id)
	if i < 0 || i >= len(b.blocks) {
		return -1
	}
	return i
}

// feedHook hears what feed does, when it does it, so that each change
// can be its own event.
type feedHook interface {
	blockAdded(b *block)             // b was allocated and the piece's rest copied into it
	trimmed(blocks int, bytes int64) // blocks were dropped from the front
}

// feed is feedReplicationBuffer: append p to the tail block, creating
// blocks as needed; readers that have no reference yet start at the first
// byte written; after adding a block, try to trim.
func (b *Backlog) feed(p []byte, masterReplOffset *int64, backlogSize int64, readers []*bufRef, hook feedHook) {
	for len(p) > 0 {
		var startID, startPos int64 = -1, 0
		var nb *block
		if n := len(b.blocks); n > 0 {
			tail := b.blocks[n-1]
			if avail := tail.size - tail.used(); avail > 0 {
				startID, startPos = tail.id, tail.used()
				c := min(avail, int64(len(p)))
				b.appendTail(tail, p[:c], masterReplOffset)
				p = p[c:]
			}
		}
		if len(p) > 0 {
			size := BlockSizeFor(int64(len(p)), backlogSize)
			c := min(size, int64(len(p)))
			nb = &block{id: b.nextID, offset: *masterReplOffset + 1, size: size}
			nb.buf = b.newBuf(c, size)
			copy(nb.buf, p[:c])
			b.nextID++
			b.blocks = append(b.blocks, nb)
			if startID < 0 {
				startID, startPos = nb.id, 0
			}
			p = p[c:]
			*masterReplOffset += c
			b.histlen += c
		}
		for _, r := range readers {
			if !r.ok {
				*r = bufRef{block: startID, pos: startPos, ok: true}
				b.blocks[b.blockIndex(startID)].refcount++
			}
		}
		if !b.ref {
			b.ref = true
			b.blocks[b.blockIndex(startID)].refcount++
		}
		if nb != nil {
			hook.blockAdded(nb)
			if t, f := b.trim(trimBlocksPerCall, *masterReplOffset, backlogSize); t > 0 {
				hook.trimmed(t, f)
			}
		}
	}
}

// appendTail copies p, which fits, into the tail block.
func (b *Backlog) appendTail(tail *block, p []byte, masterReplOffset *int64) {
	tail.buf = append(tail.buf, p...)
	*masterReplOffset += int64(len(p))
	b.histlen += int64(len(p))
}

// feedFits is feed's most common case, for the caller to take without the
// call: the backlog already references its first block, no reader waits
// for a reference, and p fits in the tail block.
func (b *Backlog) feedFits(p []byte, masterReplOffset *int64) bool {
	if !b.ref || len(b.blocks) == 0 {
		return false
	}
	tail := b.blocks[len(b.blocks)-1]
	if tail.size-tail.used() < int64(len(p)) {
		return false
	}
	b.appendTail(tail, p, masterReplOffset)
	return true
}

// newBuf returns a buffer of length n and capacity size, reusing a
// trimmed block's when one fits (the allocator would hand the same memory
// back; here it spares the garbage collector).
func (b *Backlog) newBuf(n, size int64) []byte {
	for i, buf := range b.spare {
		if int64(cap(buf)) == size {
			b.spare[i] = b.spare[len(b.spare)-1]
			b.spare = b.spare[:len(b.spare)-1]
			return buf[:n]
		}
	}
	return make([]byte, n, size)
}

// trim is incrementalTrimReplicationBacklog.
func (b *Backlog) trim(maxBlocks int, masterReplOffset, backlogSize int64) (int, int64) {
	trimmed, freed := 0, int64(0)
	for b.histlen > backlogSize && trimmed < maxBlocks {
		if len(b.blocks) <= 1 {
			break // never below one block
		}
		first := b.blocks[0]
		if first.refcount != 1 {
			break // a replica still needs it
		}
		if b.histlen-first.size <= backlogSize {
			break // dropping it would leave less than the configured size
		}
		first.refcount--
		b.histlen -= first.size
		freed += first.size
		trimmed++
		b.blocks[1].refcount++
		if !first.shared && len(b.spare) < 4 {
			b.spare = append(b.spare, first.buf[:0])
		}
		b.blocks[0] = nil
		b.blocks = b.blocks[1:]
	}
	b.offset = masterReplOffset - b.histlen + 1
	return trimmed, freed
}

// release drops a reader's reference (freeReplicaReferencedReplBuffer)
// and trims, since the first block may now be free.
func (b *Backlog) release(r *bufRef, masterReplOffset, backlogSize int64) (int, int64) {
	if !b.unref(r) {
		return 0, 0
	}
	return b.trim(trimBlocksPerCall, masterReplOffset, backlogSize)
}

// unref drops a reader's reference without trimming (the caller trims
// after it has said so); false if it had none.
func (b *Backlog) unref(r *bufRef) bool {
	if !r.ok {
		return false
	}
	if i := b.blockIndex(r.block); i >= 0 {
		b.blocks[i].refcount--
	}
	*r = bufRef{}
	return true
}

// pending is how many bytes a reader has not been sent yet.
func (b *Backlog) pending(r *bufRef, masterReplOffset int64) int64 {
	if !r.ok {
		return 0
	}
	i := b.blockIndex(r.block)
	if i < 0 {
		return 0
	}
	return masterReplOffset - (b.blocks[i].offset + r.pos) + 1
}

// send is _writeToClient for a replica: it appends to dst every byte from
// the reader's position to the end, moving the reference block by block,
// and reports how many blocks it moved off (each may now be trimmed).
func (b *Backlog) send(r *bufRef, dst []byte) ([]byte, int) {
	if !r.ok {
		return dst, 0
	}
	moves := 0
	for {
		i := b.blockIndex(r.block)
		if i < 0 {
			break
		}
		o := b.blocks[i]
		if o.used() > r.pos {
			dst = append(dst, o.buf[r.pos:]...)
			r.pos = o.used()
		}
		if i+1 < len(b.blocks) && r.pos == o.used() {
			o.refcount--
			b.blocks[i+1].refcount++
			r.block, r.pos = b.blocks[i+1].id, 0
			moves++
			continue
		}
		break
	}
	return dst, moves
}

// refAt is addReplyReplicationBacklog: a reader positioned at offset (which
// the PSYNC decision has checked lies in the window).
func (b *Backlog) refAt(offset int64) bufRef {
	for _, o := range b.blocks {
		if o.offset+o.used() >= offset {
			o.refcount++
			return bufRef{block: o.id, pos: offset - o.offset, ok: true}
		}
	}
	if n := len(b.blocks); n > 0 {
		o := b.blocks[n-1]
		o.refcount++
		return bufRef{block: o.id, pos: o.used(), ok: true}
	}
	return bufRef{}
}

// Bytes returns the bytes the backlog holds with offsets in [from, to].
func (b *Backlog) Bytes(from, to int64) []byte {
	var out []byte
	for _, o := range b.blocks {
		lo, hi := max(from, o.offset), min(to, o.offset+o.used()-1)
		if lo > hi {
			continue
		}
		out = append(out, o.buf[lo-o.offset:hi-o.offset+1]...)
	}
	return out
}

// clone copies the block list and shares every block's bytes: the
// original only ever appends past what the clone can see (the clone's
// slices end at their length, so its own appends reallocate), and a block
// a clone shares is never reused for another's bytes.
func (b *Backlog) clone() replBacklog {
	c := *b
	c.spare = nil
	c.blocks = make([]*block, len(b.blocks))
	for i, o := range b.blocks {
		o.shared = true
		n := *o
		n.buf = o.buf[:len(o.buf):len(o.buf)]
		c.blocks[i] = &n
	}
	return &c
}

// stringBytes views a string's bytes without copying; callers only read.
func stringBytes(s string) []byte {
	if s == "" {
		return nil
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
