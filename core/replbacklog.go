package core

// replBacklog is server.repl_backlog as the rest of the core uses it:
// the history a PSYNC may continue from, and where each replica's unsent
// bytes are. Redis 7.0's shared replication buffer of blocks (Backlog,
// backlog.go) is one implementation; Redis 6.2's ring of exactly
// repl-backlog-size bytes with an output buffer per replica (ringBacklog,
// ring.go) is the other. Which one a server gets is its version's
// (Version.newBacklog).
type replBacklog interface {
	// FirstByteOffset is repl_backlog_first_byte_offset, HistLen
	// repl_backlog_histlen.
	FirstByteOffset() int64
	HistLen() int64
	// feed is feedReplicationBuffer (6.2: feedReplicationBacklog and the
	// replicas' output buffers): p enters the history; readers without a
	// reference get one at its first byte.
	feed(p []byte, masterReplOffset *int64, backlogSize int64, readers []*bufRef, hook feedHook)
	// tailRoom is how many bytes fit before feed needs a new block.
	tailRoom() int64
	// trim drops history beyond repl-backlog-size as the version's rules
	// allow (7.0: whole blocks no replica references).
	trim(maxBlocks int, masterReplOffset, backlogSize int64) (int, int64)
	// trimDue reports whether trim has work (beforeSleep).
	trimDue(backlogSize int64) bool
	// resized is CONFIG SET repl-backlog-size (resizeReplicationBacklog):
	// from the old size to the new one.
	resized(masterReplOffset, oldSize, newSize int64, hook feedHook)
	// release drops a reader's reference (its client is freed).
	release(r *bufRef, masterReplOffset, backlogSize int64) (int, int64)
	// pending is how many bytes a reader has not been sent.
	pending(r *bufRef, masterReplOffset int64) int64
	// send appends a reader's unsent bytes to dst; moves is how many
	// blocks its reference moved off.
	send(r *bufRef, dst []byte) (out []byte, moves int)
	// refAt is a reader that continues at offset (addReplyReplicationBacklog).
	refAt(offset int64) bufRef
	// Bytes is the history with offsets in [from, to].
	Bytes(from, to int64) []byte
	// blockList is the buffer's blocks (none for a ring).
	blockList() []*block
	// unref drops a reader's reference without trimming (freeClient
	// before its trim); it reports whether there was one.
	unref(r *bufRef) bool
	// memTotal is server.repl_buffer_mem (7.0's INFO memory
	// mem_total_replication_buffers; a 6.2 ring has no shared buffer: 0).
	memTotal() int64
	clone() replBacklog
}

func (b *Backlog) tailRoom() int64 {
	if len(b.blocks) == 0 {
		return 0
	}
	tail := b.blocks[len(b.blocks)-1]
	return tail.size - tail.used()
}

// trimDue: dropping the first block would still leave more than
// repl-backlog-size (incrementalTrimReplicationBacklog has work).
func (b *Backlog) trimDue(backlogSize int64) bool {
	return len(b.blocks) > 1 && b.histlen-b.blocks[0].size > backlogSize
}

// resized: 7.0 keeps the blocks and trims what the new size allows.
func (b *Backlog) resized(masterReplOffset, _, newSize int64, hook feedHook) {
	if t, f := b.trim(trimBlocksPerCall, masterReplOffset, newSize); t > 0 {
		hook.trimmed(t, f)
	}
}

func (b *Backlog) blockList() []*block { return b.blocks }
