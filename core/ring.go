package core

// Redis 6.2's replication backlog is a ring of exactly repl-backlog-size
// bytes (server.repl_backlog, repl_backlog_idx): every byte fed is
// written over the oldest once the ring is full, so the window is always
// the last min(bytes fed, repl-backlog-size) bytes, trimmed exactly, with
// no blocks. Each replica has its own output buffer with a copy of the
// bytes it has not been sent (replicationFeedSlaves → addReply), so a
// slow replica pins nothing in the ring. CONFIG SET repl-backlog-size to
// another size empties the ring (resizeReplicationBacklog frees it and
// allocates a new one).

// ringBacklog is 6.2's backlog. The ring's bytes are kept as the window
// itself (buf holds offsets [offset, offset+histlen-1]), which is what a
// ring of that size holds, read from repl_backlog_idx on.
type ringBacklog struct {
	offset  int64 // repl_backlog_off
	histlen int64 // repl_backlog_histlen
	buf     []byte
	out     map[int64][]byte // each replica's output buffer, by bufRef.block
	nextID  int64
}

func newRingBacklog(masterReplOffset int64) *ringBacklog {
	return &ringBacklog{offset: masterReplOffset + 1, out: map[int64][]byte{}}
}

func (b *ringBacklog) FirstByteOffset() int64 { return b.offset }
func (b *ringBacklog) HistLen() int64         { return b.histlen }

// feed is replicationFeedSlaves in 6.2: the bytes go into each replica's
// output buffer and into the ring (feedReplicationBacklog). When they do
// not fit in what is left of the ring, the oldest bytes are overwritten
// first: that is the window moving (hook.trimmed with no blocks), then
// the new bytes are its end.
func (b *ringBacklog) feed(p []byte, masterReplOffset *int64, backlogSize int64, readers []*bufRef, hook feedHook) {
	if len(p) == 0 {
		return
	}
	all := p
	n := int64(len(p))
	if over := b.histlen + n - backlogSize; over > 0 {
		// Overwritten: the oldest bytes of the ring, and when p alone is
		// larger than the ring, its own first bytes.
		drop := min(over, b.histlen)
		b.buf = b.buf[drop:]
		b.histlen -= drop
		b.offset += drop
		if n > backlogSize {
			b.buf, b.histlen = b.buf[:0], 0
			b.offset = *masterReplOffset + n - backlogSize + 1
			p = p[n-backlogSize:]
		}
		hook.trimmed(0, over)
	}
	b.buf = append(b.buf, p...)
	b.histlen += int64(len(p))
	for _, r := range readers {
		if !r.ok {
			*r = bufRef{block: b.nextID, ok: true}
			b.out[b.nextID] = nil
			b.nextID++
		}
	}
	for id, o := range b.out {
		b.out[id] = append(o, all...)
	}
	*masterReplOffset += n
	b.offset = *masterReplOffset - b.histlen + 1
}

// tailRoom: a ring takes any write in one piece.
func (b *ringBacklog) tailRoom() int64 { return 1 << 62 }

// trim: the ring never holds more than its size.
func (b *ringBacklog) trim(int, int64, int64) (int, int64) { return 0, 0 }
func (b *ringBacklog) trimDue(int64) bool                  { return false }

// resized is 6.2's resizeReplicationBacklog: a new size frees the ring
// and allocates an empty one; the next byte is the first it holds.
func (b *ringBacklog) resized(masterReplOffset, oldSize, newSize int64, hook feedHook) {
	if oldSize == newSize || b.histlen == 0 && b.offset == masterReplOffset+1 {
		return
	}
	dropped := b.histlen
	b.buf, b.histlen, b.offset = nil, 0, masterReplOffset+1
	hook.trimmed(0, dropped)
}

func (b *ringBacklog) release(r *bufRef, _, _ int64) (int, int64) {
	if r.ok {
		delete(b.out, r.block)
	}
	*r = bufRef{}
	return 0, 0
}

func (b *ringBacklog) pending(r *bufRef, _ int64) int64 {
	if !r.ok {
		return 0
	}
	return int64(len(b.out[r.block]))
}

// send writes a replica's whole output buffer.
func (b *ringBacklog) send(r *bufRef, dst []byte) ([]byte, int) {
	if !r.ok {
		return dst, 0
	}
	dst = append(dst, b.out[r.block]...)
	b.out[r.block] = b.out[r.block][:0]
	return dst, 0
}

// refAt is addReplyReplicationBacklog: the ring's bytes from offset on
// are copied into the new replica's output buffer.
func (b *ringBacklog) refAt(offset int64) bufRef {
	r := bufRef{block: b.nextID, ok: true}
	b.nextID++
	b.out[r.block] = append([]byte(nil), b.Bytes(offset, b.offset+b.histlen-1)...)
	return r
}

func (b *ringBacklog) Bytes(from, to int64) []byte {
	lo, hi := max(from, b.offset), min(to, b.offset+b.histlen-1)
	if lo > hi {
		return nil
	}
	return b.buf[lo-b.offset : hi-b.offset+1]
}

func (b *ringBacklog) blockList() []*block { return nil }

// unref: a 6.2 replica's output buffer is its own copy; freeing the
// client frees it, and nothing is pinned.
func (b *ringBacklog) unref(r *bufRef) bool {
	had := r.ok
	b.release(r, 0, 0)
	return had
}

func (b *ringBacklog) memTotal() int64 { return 0 }

// clone shares the ring's bytes (the original only appends past what
// the clone sees) and copies the output buffers.
func (b *ringBacklog) clone() replBacklog {
	c := *b
	c.buf = b.buf[:len(b.buf):len(b.buf)]
	c.out = make(map[int64][]byte, len(b.out))
	for id, o := range b.out {
		c.out[id] = append([]byte(nil), o...)
	}
	return &c
}
