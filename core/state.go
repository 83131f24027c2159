package core

import "replscope/core/state"

// The node state types live in core/state, which the page links without
// the core.
type (
	NodeState    = state.NodeState
	BacklogState = state.BacklogState
	BlockState   = state.BlockState
	ReplicaState = state.ReplicaState
)

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
