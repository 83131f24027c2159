package core

// NodeState is what the visualizer draws for one server.
type NodeState struct {
	Name, Role          string // Role is "master" or "slave", as INFO says
	Up                  bool
	Master              string // the node it replicates ("" for a master)
	LinkStatus          string // "up", "down", or "" for a master
	LinkCut             bool   // `link NAME down` is in force
	Syncing             bool   // a full sync is in progress
	InFlight            int64  // bytes its master wrote that it has not read
	ReplID, ReplID2     string
	SecondReplOffset    int64
	MasterReplOffset    int64
	SlaveReadReplOffset int64
	SlaveReplOffset     int64
	Backlog             *BacklogState // nil when repl_backlog_active:0
	Replicas            []ReplicaState
	SyncFull            int64
	SyncPartialOK       int64
	SyncPartialErr      int64
	Keys                int
	SyncHold            bool  // `sync NAME hold` is in force
	SyncHeld            bool  // its full sync is held after +FULLRESYNC now
	LinkStalled         bool  // `link NAME stall` is in force
	MemReplBuffers      int64 // mem_total_replication_buffers
	ObufHard, ObufSoft  int64 // client-output-buffer-limit replica: the hard limit as applied (raised to repl-backlog-size), the soft one
	// FailoverState is master_failover_state as the events have told it:
	// a FAILOVER's state is set by the command, its event comes in
	// beforeSleep (failoverNews), and the view changes with the event.
	FailoverState string
}

// BacklogState is the backlog window and its blocks.
type BacklogState struct {
	Size, FirstByteOffset, HistLen int64
	Blocks                         []BlockState
}

// BlockState is one buffer block.
type BlockState struct {
	ID, Offset int64 // Offset: replication offset of its first byte
	Size, Used int64
	Refcount   int
	PinnedBy   []string // replicas whose unsent bytes start in it
}

// ReplicaState is a replica as its master sees it.
type ReplicaState struct {
	Name, State string
	AckOffset   int64 // the last REPLCONF ACK
	SentOffset  int64 // the last byte written to its socket
	Omem, Oll   int64 // its output buffer as CLIENT LIST reports it (outbuf.go)
	Closing     bool  // over its output-buffer limit, to be freed
}

// State returns a node's state (the zero value for an unknown name).
func (w *World) State(name string) NodeState {
	s := w.server(name)
	if s == nil {
		return NodeState{}
	}
	ns := NodeState{
		Name: s.name, Role: "master", Up: s.up, Master: s.masterhost, LinkCut: w.linkCut(s),
		ReplID: s.replid, ReplID2: s.replid2,
		SecondReplOffset: s.secondReplidOffset, MasterReplOffset: s.masterReplOffset,
		SyncFull: s.syncFull, SyncPartialOK: s.syncPartialOK, SyncPartialErr: s.syncPartialErr,
		Keys: s.ks.size(),
	}
	if l := w.linkOf(s); l != nil && s.masterhost != "" {
		ns.InFlight = int64(len(l.wire) - l.wireHead)
		ns.SyncHeld, ns.LinkStalled = l.holding, l.stalled
	}
	ns.SyncHold = s.syncHold
	ns.FailoverState = failoverStateString(s.failoverState)
	if s.failoverNews {
		ns.FailoverState = failoverStateString(noFailover)
	}
	ns.MemReplBuffers = s.memReplBuffers()
	ns.ObufHard, ns.ObufSoft = s.replicaHardLimit(), s.cfg.obuf[1].soft
	if s.masterhost != "" {
		ns.Role = "slave"
		ns.LinkStatus = "down"
		if s.replState == replConnected {
			ns.LinkStatus = "up"
		}
		ns.Syncing = s.replState == replTransfer || s.replState == replHandshake
		ns.SlaveReadReplOffset, ns.SlaveReplOffset = 1, 1
		if s.master != nil {
			ns.SlaveReadReplOffset, ns.SlaveReplOffset = s.master.readReploff, s.master.reploff
		} else if s.cachedMaster != nil {
			ns.SlaveReadReplOffset, ns.SlaveReplOffset = s.cachedMaster.readReploff, s.cachedMaster.reploff
		}
	}
	if b := s.backlog; b != nil {
		bs := &BacklogState{Size: s.cfg.backlogSize, FirstByteOffset: b.FirstByteOffset(), HistLen: b.HistLen()}
		for _, o := range b.blockList() {
			blk := BlockState{ID: o.id, Offset: o.offset, Size: o.size, Used: o.used(), Refcount: o.refcount}
			for _, r := range s.slaves {
				if r.ref.ok && r.ref.block == o.id {
					blk.PinnedBy = append(blk.PinnedBy, r.name)
				}
			}
			bs.Blocks = append(bs.Blocks, blk)
		}
		ns.Backlog = bs
	}
	for _, r := range s.slaves {
		rs := ReplicaState{Name: r.name, State: r.state.String(), AckOffset: r.ackOff, Closing: r.closeASAP}
		rs.Omem, rs.Oll = s.outputBuffer(r)
		if s.backlog != nil && r.ref.ok {
			rs.SentOffset = s.masterReplOffset - s.backlog.pending(&r.ref, s.masterReplOffset)
		}
		ns.Replicas = append(ns.Replicas, rs)
	}
	return ns
}

// Stream returns the bytes of a node's replication stream with offsets in
// [from, to] that its backlog still holds.
func (w *World) Stream(name string, from, to int64) []byte {
	s := w.server(name)
	if s == nil || s.backlog == nil || from > to {
		return nil
	}
	return s.backlog.Bytes(from, to)
}
