package core

import (
	"bytes"
	"sort"
	"strings"

	"replscope/core/scenario"
)

// ---------------------------------------------------------------- master

// feedSlaves is replicationFeedSlaves: a top-level master with a backlog
// writes SELECT when the stream's db differs, then the command, piece by
// piece, into the shared buffer.
func (w *World) feedSlaves(s *Server, dictid int, argv []string) {
	if s.masterhost != "" || (s.backlog == nil && len(s.slaves) == 0) {
		return
	}
	if s.slaveseldb != dictid && dictid >= 0 {
		sel := []string{"SELECT", itoa(int64(dictid))}
		start := s.masterReplOffset + 1
		from := s.slaveseldb
		w.feedArgv(s, sel)
		s.slaveseldb = dictid
		w.emit(Event{Kind: EvSelect, Node: s.name, Offset: start, Len: s.masterReplOffset - start + 1, A: int64(from), B: int64(dictid), Argv: sel, Func: "replicationFeedSlaves"})
	}
	start := s.masterReplOffset + 1
	w.feedArgv(s, argv)
	w.emit(Event{Kind: EvFed, Node: s.name, Offset: start, Len: s.masterReplOffset - start + 1, Argv: argv, Func: "feedReplicationBuffer"})
}

// feedSlavesQuiet feeds without the fed event (the caller explains it).
func (w *World) feedSlavesQuiet(s *Server, dictid int, argv []string) {
	if s.masterhost != "" || (s.backlog == nil && len(s.slaves) == 0) {
		return
	}
	w.feedArgv(s, argv)
}

// feedArgv feeds one command. When it fits in the tail block it is one
// copy; otherwise it goes piece by piece, because the size of a new block
// depends on the piece that overflowed.
func (w *World) feedArgv(s *Server, argv []string) {
	if b := s.backlog; b != nil && len(b.blocks) > 0 {
		tail := b.blocks[len(b.blocks)-1]
		if n := CommandLen(argv); tail.size-tail.used() >= n {
			w.scratch = AppendCommand(w.scratch[:0], argv)
			w.feedBuffer(s, w.scratch)
			if w.fast {
				w.remember(s.index, s.masterReplOffset-int64(len(w.scratch))+1, w.scratch, argv)
			}
			return
		}
	}
	w.scratch = forEachPiece(argv, w.scratch, func(p []byte) { w.feedBuffer(s, p) })
}

// encoded is a command a master fed, kept for fast mode: a replica that
// reads exactly these bytes at this offset skips parsing them again (the
// strings are immutable, so sharing them is safe).
type encoded struct {
	server int
	offset int64
	enc    []byte
	argv   []string
}

const recentEncoded = 64

func (w *World) remember(server int, offset int64, enc []byte, argv []string) {
	if w.recent == nil {
		w.recent = make([]encoded, recentEncoded)
	}
	e := &w.recent[offset%recentEncoded]
	e.server, e.offset = server, offset
	e.enc = append(e.enc[:0], enc...)
	e.argv = append(e.argv[:0], argv...)
}

func (w *World) recalled(server int, offset int64, buf []byte) *encoded {
	if !w.fast || w.recent == nil {
		return nil
	}
	e := &w.recent[offset%recentEncoded]
	if e.server != server || e.offset != offset || len(e.enc) == 0 || !bytes.HasPrefix(buf, e.enc) {
		return nil
	}
	return e
}

// readers lists the references feedReplicationBuffer sets on first feed:
// replicas that can be fed (not waiting for BGSAVE to start).
func (w *World) readers(s *Server) []*bufRef {
	var out []*bufRef
	for _, r := range s.slaves {
		if r.state != slaveWaitBgsaveStart && !r.ref.ok {
			out = append(out, &r.ref)
		}
	}
	return out
}

// feedBuffer is one feedReplicationBuffer call.
func (w *World) feedBuffer(s *Server, p []byte) {
	if s.backlog == nil {
		return
	}
	res := s.backlog.feed(p, &s.masterReplOffset, s.cfg.backlogSize, w.readers(s))
	// beforeSleep has work only if dropping the first block would still
	// leave more than repl-backlog-size (incrementalTrimReplicationBacklog).
	if b := s.backlog; len(b.blocks) > 1 && b.histlen-b.blocks[0].size > s.cfg.backlogSize {
		w.trimDue = true
	}
	if res.newBlocks > 0 && w.events != nil {
		n := len(s.backlog.blocks)
		for i := max(n-res.newBlocks, 0); i < n; i++ {
			b := s.backlog.blocks[i]
			w.emit(Event{Kind: EvBlockAdded, Node: s.name, Offset: b.offset, A: b.id, B: b.size, Func: "feedReplicationBuffer"})
		}
	} else if res.newBlocks > 0 {
		w.emitted += res.newBlocks
	}
	w.emitTrim(s, res.trimmed, res.freed)
}

func (w *World) emitTrim(s *Server, blocks int, bytes int64) {
	if blocks == 0 {
		return
	}
	w.emit(Event{Kind: EvBacklogTrimmed, Node: s.name, A: int64(blocks), B: bytes, Offset: s.backlog.offset, Func: "incrementalTrimReplicationBacklog"})
}

// feedStream is replicationFeedStreamFromMasterStream: a replica proxies
// exactly the bytes it applied into its own backlog (and so to its
// sub-replicas), so chained replicas see the master's stream.
func (w *World) feedStream(s *Server, p []byte, from string) {
	if s.backlog == nil {
		return
	}
	start := s.masterReplOffset + 1
	w.feedBuffer(s, p)
	w.emit(Event{Kind: EvFed, Node: s.name, Peer: from, Offset: start, Len: int64(len(p)), Func: "replicationFeedStreamFromMasterStream"})
	w.scheduleWrites(s)
}

// scheduleWrites queues a socket write for every online replica with
// unsent bytes (handleClientsWithPendingWrites).
func (w *World) scheduleWrites(s *Server) {
	if s.backlog == nil {
		return
	}
	for _, r := range s.slaves {
		if r.state == slaveOnline && !r.writeQueued && s.backlog.pending(&r.ref, s.masterReplOffset) > 0 {
			// One queued write per replica carries everything pending
			// when it runs (the client is on the pending-writes list once).
			r.writeQueued = true
			w.later(task{kind: tWrite, node: s.index, peer: r.index})
		}
	}
}

// writeToReplica is writeToClient for a replica: the bytes leave the shared
// buffer and enter the link.
func (w *World) writeToReplica(mi, ri int) {
	m, r := w.servers[mi], w.servers[ri]
	rc := m.slaveAt(ri)
	if rc == nil || rc.state != slaveOnline || m.backlog == nil {
		return
	}
	rc.writeQueued = false
	if mc := r.master; w.fast && mc != nil && len(r.inflight) == 0 {
		// Fast mode: the bytes go straight into the replica's query
		// buffer (write and read at once), then it processes them.
		had := len(mc.querybuf)
		first, data, trimmed := m.backlog.send(&rc.ref, mc.querybuf, m.masterReplOffset, m.cfg.backlogSize)
		n := int64(len(data) - had)
		if n == 0 {
			return
		}
		mc.querybuf = data
		mc.readReploff += n
		mc.lastIO = w.now
		w.emit(Event{Kind: EvSent, Node: m.name, Peer: r.name, Offset: first, Len: n, Func: "writeToClient"})
		if trimmed > 0 {
			w.emitTrim(m, trimmed, 0)
		}
		w.emit(Event{Kind: EvRead, Node: r.name, Peer: m.name, Offset: first, Len: n, Func: "readQueryFromClient"})
		w.processFromMaster(ri)
		return
	}
	first, data, trimmed := m.backlog.send(&rc.ref, w.scratch[:0], m.masterReplOffset, m.cfg.backlogSize)
	w.scratch = data[:0]
	if len(data) == 0 {
		return
	}
	r.inflight = append(r.inflight, data...)
	w.emit(Event{Kind: EvSent, Node: m.name, Peer: r.name, Offset: first, Len: int64(len(data)), Func: "writeToClient"})
	if trimmed > 0 {
		w.emitTrim(m, trimmed, 0)
	}
	w.later(task{kind: tRead, node: ri, peer: mi})
}

func (w *World) dropReplica(m *Server, i int, why string) {
	rc := m.slaves[i]
	if m.backlog != nil {
		t, f := m.backlog.release(&rc.ref, m.masterReplOffset, m.cfg.backlogSize)
		defer w.emitTrim(m, t, f)
	}
	m.slaves = append(m.slaves[:i], m.slaves[i+1:]...)
	if len(m.slaves) == 0 {
		m.noSlavesSince = w.now
	}
	w.emit(Event{Kind: EvReplicaDropped, Node: m.name, Peer: rc.name, Text: why, Func: "freeClient"})
}

// disconnectSlaves drops every replica; they notice and reconnect.
func (w *World) disconnectSlaves(s *Server, why string) {
	for len(s.slaves) > 0 {
		r := w.server(s.slaves[0].name)
		w.dropReplica(s, 0, why)
		w.linkLoss(r, why)
	}
}

func (w *World) createBacklog(s *Server) {
	s.backlog = newBacklog(s.masterReplOffset)
	w.emit(Event{Kind: EvBacklogCreated, Node: s.name, Offset: s.backlog.offset, Func: "createReplicationBacklog"})
}

func (w *World) freeBacklog(s *Server, why string) {
	if s.backlog == nil {
		return
	}
	s.backlog = nil
	w.emit(Event{Kind: EvBacklogFreed, Node: s.name, Text: why, Func: "freeReplicationBacklog"})
}

func (w *World) changeReplid(s *Server, why string) {
	s.replid = w.newReplid()
	w.emit(Event{Kind: EvReplIDChanged, Node: s.name, Text: s.replid, Argv: []string{why}, Func: "changeReplicationId"})
}

func clearReplid2(s *Server) {
	s.replid2 = zeroID
	s.secondReplidOffset = -1
}

// handlePsync is syncCommand on the master.
func (w *World) handlePsync(mi, ri int, reqID string, reqOff int64) {
	m, r := w.servers[mi], w.servers[ri]
	if r.replState != replHandshake || r.masterhost != m.name || !w.canConnect(r) {
		if r.replState == replHandshake && r.masterhost == m.name && m.up && !r.linkCut {
			r.replState = replConnect
			w.emit(Event{Kind: EvPsyncAnswered, Node: m.name, Peer: r.name, Text: "-NOMASTERLINK Can't SYNC while not connected with my master", Func: "syncCommand"})
		}
		return
	}
	pm := psyncMaster{replid: m.replid, replid2: m.replid2, secondReplidOffset: m.secondReplidOffset, off: m.masterReplOffset}
	if m.backlog != nil {
		pm.backlog, pm.first, pm.histlen = true, m.backlog.offset, m.backlog.histlen
	}
	d := decidePsync(pm, reqID, reqOff)
	d.Replica, d.Master = r.name, m.name
	if d.Continue {
		m.syncPartialOK++
		rc := &replicaClient{name: r.name, index: r.index, state: slaveOnline}
		rc.ref = m.backlog.refAt(reqOff)
		m.slaves = append(m.slaves, rc)
		w.emit(Event{Kind: EvPsyncAnswered, Node: m.name, Peer: r.name, Psync: &d, Offset: reqOff, Len: m.masterReplOffset - reqOff + 1, Func: "masterTryPartialResynchronization"})
		w.push(task{kind: tPsyncReply, node: ri, peer: mi, s: d.Reply})
		w.push(task{kind: tWrite, node: mi, peer: ri})
		return
	}
	m.syncFull++
	if d.CountsAsPartialErr {
		m.syncPartialErr++
	}
	rc := &replicaClient{name: r.name, index: r.index, state: slaveWaitBgsaveStart}
	m.slaves = append(m.slaves, rc)
	if len(m.slaves) == 1 && m.backlog == nil {
		// A backlog made from scratch starts a new history.
		w.changeReplid(m, "a backlog created from scratch starts a new history")
		clearReplid2(m)
		w.createBacklog(m)
	}
	rdb := w.saveRDB(m)
	rc.state = slaveWaitBgsaveEnd
	rc.psyncInitialOffset = m.masterReplOffset
	rc.rdb = rdb
	m.slaveseldb = -1
	d.Reply = "+FULLRESYNC " + m.replid + " " + itoa(m.masterReplOffset)
	if d.Reason == "" {
		d.Reason = "a full resync is needed."
	}
	d.Reason += " The master sends an RDB and then the commands after offset " + itoa(m.masterReplOffset) + "; the next write will start with SELECT."
	w.emit(Event{Kind: EvPsyncAnswered, Node: m.name, Peer: r.name, Psync: &d, Func: "syncCommand"})
	w.emit(Event{Kind: EvRDBProduced, Node: m.name, Peer: r.name, A: int64(rdb.keys), B: m.masterReplOffset, Func: "rdbSaveToSlavesSockets"})
	w.push(task{kind: tPsyncReply, node: ri, peer: mi, s: d.Reply, n: m.masterReplOffset})
	w.push(task{kind: tRDBLoad, node: ri, peer: mi})
}

// saveRDB snapshots the dataset with rdbPopulateSaveInfo's replication info.
func (w *World) saveRDB(s *Server) *rdbFile {
	f := &rdbFile{ks: s.ks.snapshot(), keys: s.ks.size(), replid: s.replid, offset: s.masterReplOffset, wasReplica: s.masterhost}
	switch {
	case s.masterhost == "" && s.backlog != nil:
		f.hasInfo = true
		f.streamDB = max(s.slaveseldb, 0)
	case s.master != nil:
		f.hasInfo, f.streamDB = true, s.master.db
	case s.cachedMaster != nil:
		f.hasInfo, f.streamDB = true, s.cachedMaster.db
	}
	return f
}

// ---------------------------------------------------------------- replica

// connectToMaster is connectWithMaster + the handshake up to PSYNC
// (slaveTryPartialResynchronization, writing half).
func (w *World) connectToMaster(ri int) {
	r := w.servers[ri]
	if !r.up || r.masterhost == "" || r.replState != replConnect || !w.canConnect(r) {
		return
	}
	id, off := "?", int64(-1)
	if r.cachedMaster != nil {
		id, off = r.cachedMaster.replid, r.cachedMaster.reploff+1
	}
	r.replState = replHandshake
	mi := w.byName[r.masterhost]
	w.emit(Event{Kind: EvPsyncAsked, Node: r.name, Peer: r.masterhost, Text: "PSYNC " + id + " " + itoa(off), A: off, Func: "slaveTryPartialResynchronization"})
	w.push(task{kind: tPsync, node: mi, peer: ri, s: id, n: off})
}

// handlePsyncReply is the reading half of slaveTryPartialResynchronization.
func (w *World) handlePsyncReply(ri, mi int, reply string, off int64) {
	r, m := w.servers[ri], w.servers[mi]
	if r.replState != replHandshake || r.masterhost != m.name {
		return
	}
	f := strings.Fields(reply)
	if f[0] == "+FULLRESYNC" {
		r.pendingReplid = f[1]
		r.masterInitialOffset = off
		r.replState = replTransfer
		return
	}
	cm := r.cachedMaster
	if len(f) > 1 && f[1] != cm.replid {
		// The master's history continues under a new id: keep ours as id2.
		r.replid2 = cm.replid
		r.secondReplidOffset = r.masterReplOffset + 1
		r.replid = f[1]
		cm.replid = f[1]
		w.emit(Event{Kind: EvReplIDShifted, Node: r.name, Text: r.replid2, A: r.secondReplidOffset, Func: "slaveTryPartialResynchronization"})
		w.disconnectSlaves(r, "its master's replication id changed")
	}
	r.master, r.cachedMaster = cm, nil
	cm.lastIO = w.now
	cm.ackSent = -1
	r.replState = replConnected
	if r.backlog == nil {
		w.createBacklog(r)
	}
	w.emit(Event{Kind: EvLinkUp, Node: r.name, Peer: m.name, Func: "replicationResurrectCachedMaster"})
	w.push(task{kind: tAck, node: ri})
}

// loadRDB is readSyncBulkPayload on the replica and, once the RDB is
// through, replicaPutOnline on the master.
func (w *World) loadRDB(ri, mi int) {
	r, m := w.servers[ri], w.servers[mi]
	_, rc := m.findSlave(r.name)
	if rc == nil || rc.rdb == nil || r.replState != replTransfer || r.masterhost != m.name {
		return
	}
	rdb := rc.rdb
	rc.rdb = nil
	// replicationAttachToNewMaster: a new history; our replicas and our
	// backlog belong to the old one.
	r.cachedMaster = nil
	w.disconnectSlaves(r, "it is attaching to a new master with a full sync")
	w.freeBacklog(r, "a full sync starts a new history")
	r.ks = rdb.ks.own()
	r.master = &masterClient{replid: r.pendingReplid, reploff: r.masterInitialOffset, readReploff: r.masterInitialOffset, db: rdb.streamDB, ackSent: -1, lastIO: w.now}
	r.replid = r.pendingReplid
	r.masterReplOffset = r.masterInitialOffset
	clearReplid2(r)
	r.replState = replConnected
	w.emit(Event{Kind: EvRDBLoaded, Node: r.name, Peer: m.name, A: int64(rdb.keys), B: r.masterReplOffset, Text: r.replid, Func: "readSyncBulkPayload"})
	w.createBacklog(r)
	rc.state = slaveOnline
	w.emit(Event{Kind: EvReplicaOnline, Node: m.name, Peer: r.name, A: rc.psyncInitialOffset, Func: "replicaPutOnline"})
	w.push(task{kind: tAck, node: ri})
	w.push(task{kind: tWrite, node: mi, peer: ri})
}

// readFromMaster is readQueryFromClient on the master link.
func (w *World) readFromMaster(ri int) {
	r := w.servers[ri]
	mc := r.master
	if mc == nil || len(r.inflight) == 0 {
		return
	}
	n := int64(len(r.inflight))
	start := mc.readReploff + 1
	mc.querybuf = append(mc.querybuf, r.inflight...)
	mc.readReploff += n
	mc.lastIO = w.now
	r.inflight = r.inflight[:0]
	w.emit(Event{Kind: EvRead, Node: r.name, Peer: r.masterhost, Offset: start, Len: n, Func: "readQueryFromClient"})
	w.later(task{kind: tProcess, node: ri})
}

// processFromMaster runs one command from the master's stream
// (processInputBuffer), then commandProcessed updates the applied offset
// and proxies the applied bytes. With events recorded, each command is a
// task of its own so that the visualizer can stop between them.
func (w *World) processFromMaster(ri int) {
	r := w.servers[ri]
	for {
		mc := r.master
		if mc == nil {
			return
		}
		var argv []string
		var n int
		if e := w.recalled(r.masterIdx, mc.readReploff-int64(len(mc.querybuf)-mc.qbpos)+1, mc.querybuf[mc.qbpos:]); e != nil {
			// The bytes are a command the master encoded: parsed already.
			argv, n = e.argv, len(e.enc)
		} else {
			argv, n = parseCommand(mc.querybuf[mc.qbpos:], w.argv)
			w.argv = argv[:0]
		}
		if n == 0 {
			if mc.qbpos == len(mc.querybuf) && mc.applied == mc.qbpos {
				mc.querybuf, mc.qbpos, mc.applied = mc.querybuf[:0], 0, 0
			}
			if mc.reploff != mc.ackSent {
				w.later(task{kind: tAck, node: ri})
			}
			return
		}
		if n < 0 {
			w.lineErr = "protocol error in the stream from " + r.masterhost + " to " + r.name
			w.breakLink(r, "protocol error")
			return
		}
		cmdStart := mc.readReploff - int64(len(mc.querybuf)-mc.qbpos) + 1
		mc.qbpos += n
		if len(argv) > 0 {
			if w.events != nil {
				argv = append([]string(nil), argv...)
			}
			w.applyFromMaster(r, argv)
		}
		if r.master != mc {
			return // the command broke the link
		}
		if !mc.inMulti {
			mc.reploff = mc.readReploff - int64(len(mc.querybuf)-mc.qbpos)
		}
		applied := int(mc.reploff - (mc.readReploff - int64(len(mc.querybuf)-mc.applied)))
		w.emit(Event{Kind: EvApplied, Node: r.name, Peer: r.masterhost, Offset: cmdStart, Len: int64(n), A: mc.reploff, Argv: argv, Func: "commandProcessed"})
		if applied > 0 {
			w.feedStream(r, mc.querybuf[mc.applied:mc.applied+applied], r.masterhost)
			mc.applied += applied
		}
		if !w.fast && mc.qbpos < len(mc.querybuf) {
			w.push(task{kind: tProcess, node: ri})
			return
		}
	}
}

// applyFromMaster executes a command sent by the master: no reply, no
// read-only check, no expiry, the db of the master link.
func (w *World) applyFromMaster(r *Server, argv []string) {
	mc := r.master
	cmd := findCommand(argv[0])
	name := ""
	if cmd != nil {
		name = cmd.name
	}
	switch name {
	case "multi":
		mc.inMulti, mc.multiQueue = true, nil
		return
	case "exec":
		q := mc.multiQueue
		mc.inMulti, mc.multiQueue = false, nil
		for _, a := range q {
			w.execFromMaster(r, a)
		}
		return
	case "replconf":
		if len(argv) >= 2 && strings.EqualFold(argv[1], "getack") {
			w.sendAck(r.index)
		}
		return
	case "ping":
		return
	}
	if mc.inMulti {
		// w.argv is reused by the next parse: the queue keeps a copy.
		mc.multiQueue = append(mc.multiQueue, append([]string(nil), argv...))
		return
	}
	w.execCmdFromMaster(r, cmd, argv)
}

func (w *World) execFromMaster(r *Server, argv []string) {
	w.execCmdFromMaster(r, findCommand(argv[0]), argv)
}

func (w *World) execCmdFromMaster(r *Server, cmd *command, argv []string) {
	mc := r.master
	if cmd == nil || cmd.exec == nil || (cmd.arity > 0 && len(argv) != cmd.arity) || (cmd.arity < 0 && len(argv) < -cmd.arity) {
		return // Redis logs and skips what it cannot run
	}
	ctx := w.newCtx(r, mc.db, argv, true)
	cmd.exec(ctx)
	if ctx.selectTo >= 0 {
		mc.db = ctx.selectTo
	}
}

// sendAck is replicationSendAck: REPLCONF ACK <applied offset>.
func (w *World) sendAck(ri int) {
	r := w.servers[ri]
	mc := r.master
	if mc == nil || r.replState != replConnected {
		return
	}
	m := w.servers[r.masterIdx]
	rc := m.slaveAt(ri)
	if rc == nil {
		return
	}
	mc.ackSent = mc.reploff
	rc.ackOff = mc.reploff
	w.emit(Event{Kind: EvAck, Node: r.name, Peer: m.name, A: mc.reploff, Func: "replicationSendAck"})
}

// linkLoss is the replica's side of a closed master link: freeClient on
// server.master caches it (replicationCacheMaster) to PSYNC later.
func (w *World) linkLoss(r *Server, why string) {
	if r == nil || r.masterhost == "" {
		return
	}
	r.inflight = r.inflight[:0]
	switch {
	case r.master != nil:
		mc := r.master
		mc.querybuf, mc.qbpos, mc.applied = nil, 0, 0
		mc.readReploff = mc.reploff
		mc.inMulti, mc.multiQueue = false, nil
		r.cachedMaster, r.master = mc, nil
		r.replState = replConnect
		r.downSince = w.now
		w.emit(Event{Kind: EvLinkDown, Node: r.name, Peer: r.masterhost, Text: mc.replid, A: mc.reploff, Func: "replicationCacheMaster"})
	case r.replState == replHandshake || r.replState == replTransfer:
		r.replState = replConnect // cancelReplicationHandshake
		w.emit(Event{Kind: EvLinkDown, Node: r.name, Peer: r.masterhost, Text: "(handshake cancelled)", A: -1, Func: "cancelReplicationHandshake"})
	}
	_ = why
}

// breakLink closes the connection between a replica and its master, on
// both sides.
func (w *World) breakLink(r *Server, why string) {
	if m := w.server(r.masterhost); m != nil {
		if i, _ := m.findSlave(r.name); i >= 0 {
			w.dropReplica(m, i, why)
		}
	}
	w.linkLoss(r, why)
}

// setLink is the `link NAME down|up` verb: the network, not the servers.
func (w *World) setLink(ri int, up bool) {
	r := w.servers[ri]
	if r.masterhost == "" {
		w.lineErr = "link " + r.name + ": " + r.name + " is not a replica, it has no link to cut"
		return
	}
	if up {
		r.linkCut = false
		w.emit(Event{Kind: EvLinkUp, Node: r.name, Peer: r.masterhost, Text: "network restored", Func: "connectWithMaster"})
		return
	}
	r.linkCut = true
	w.breakLink(r, "the network link was cut")
}

// cacheMasterUsingMyself is replicationCacheMasterUsingMyself: a master
// turning replica offers its own history for PSYNC.
func (w *World) cacheMasterUsingMyself(s *Server) {
	s.masterInitialOffset = s.masterReplOffset
	s.cachedMaster = &masterClient{replid: s.replid, reploff: s.masterReplOffset, readReploff: s.masterReplOffset, ackSent: -1}
}

// setMaster is replicationSetMaster (REPLICAOF host port).
func (w *World) setMaster(ri, mi int) {
	r, m := w.servers[ri], w.servers[mi]
	wasMaster := r.masterhost == ""
	if !wasMaster {
		w.breakLink(r, "REPLICAOF points it elsewhere")
	}
	r.masterhost, r.masterIdx = m.name, m.index
	r.replState = replConnect
	if wasMaster {
		r.cachedMaster = nil
		w.cacheMasterUsingMyself(r)
	}
	w.emit(Event{Kind: EvRoleChanged, Node: r.name, Peer: m.name, Text: "becomes a replica of " + m.name + " (replicationSetMaster); it will ask PSYNC " + short(r.cachedMaster.replid) + "… " + itoa(r.cachedMaster.reploff+1), Func: "replicationSetMaster"})
}

// unsetMaster is replicationUnsetMaster (REPLICAOF NO ONE).
func (w *World) unsetMaster(s *Server) {
	old := s.masterhost
	if m := w.server(old); m != nil {
		if i, _ := m.findSlave(s.name); i >= 0 {
			w.dropReplica(m, i, "it was promoted")
		}
	}
	s.masterhost = ""
	s.master, s.cachedMaster = nil, nil
	s.replState = replNone
	s.inflight = s.inflight[:0]
	s.linkCut = false
	// shiftReplicationId: the +1 is because a replica asks for the first
	// byte it lacks: with 50 bytes of shared history it asks for 51.
	s.replid2 = s.replid
	s.secondReplidOffset = s.masterReplOffset + 1
	s.replid = w.newReplid()
	w.emit(Event{Kind: EvReplIDShifted, Node: s.name, Text: s.replid2, A: s.secondReplidOffset, Func: "shiftReplicationId"})
	w.disconnectSlaves(s, "it was promoted and must tell them its new id")
	s.slaveseldb = -1
	s.noSlavesSince = w.now
	w.emit(Event{Kind: EvRoleChanged, Node: s.name, Peer: old, Text: "is promoted to master (REPLICAOF NO ONE)", Func: "replicationUnsetMaster"})
}

// ---------------------------------------------------------------- time

// replicationCron is the once-a-second replication housekeeping.
func (w *World) replicationCron(si int) {
	s := w.servers[si]
	if !s.up {
		return
	}
	loop := s.cronLoops
	s.cronLoops++
	// A replica acks every second; it also notices a silent master.
	if s.masterhost != "" && s.master != nil && s.replState == replConnected {
		if w.now-s.master.lastIO > s.cfg.timeout*1000 {
			w.breakLink(s, "MASTER timeout: no data nor PING received")
		} else if s.master.reploff != s.master.ackSent {
			w.push(task{kind: tAck, node: si})
		}
	}
	if s.masterhost == "" && loop%s.cfg.pingPeriod == 0 && len(s.slaves) > 0 {
		start := s.masterReplOffset + 1
		w.feedSlavesQuiet(s, s.slaveseldb, argvPing)
		w.emit(Event{Kind: EvPing, Node: s.name, Offset: start, Len: s.masterReplOffset - start + 1, A: loop, Func: "replicationCron"})
		w.scheduleWrites(s)
	}
	if len(s.slaves) == 0 && s.cfg.backlogTTL > 0 && s.backlog != nil && s.masterhost == "" {
		idle := (epochMillis+w.now)/1000 - (epochMillis+s.noSlavesSince)/1000
		if idle > s.cfg.backlogTTL {
			w.changeReplid(s, "the backlog was freed, so its history is gone")
			clearReplid2(s)
			w.freeBacklog(s, "no replica for "+itoa(idle)+"s > repl-backlog-ttl "+itoa(s.cfg.backlogTTL)+"s")
		}
	}
}

// activeExpire deletes a top-level master's keys that are due at time at,
// each DEL propagated alone (activeExpireCycle).
func (w *World) activeExpire(si int, at int64) {
	s := w.servers[si]
	if !s.up || s.masterhost != "" {
		return
	}
	for db := range numDBs {
		var due []string
		s.ks.volatileKeys(db, func(k string, e *entry) {
			if e.expire <= epochMillis+at {
				due = append(due, k)
			}
		})
		sort.Strings(due)
		for _, k := range due {
			s.ks.del(db, k)
			w.emit(Event{Kind: EvExpired, Node: s.name, Text: k, Func: "activeExpireCycle"})
			w.propagatePending(s, []propOp{{db: db, argv: []string{"DEL", k}}})
		}
	}
}

// restart is SHUTDOWN SAVE then a start on the same dir and config.
func (w *World) restart(si int) {
	s := w.servers[si]
	rdb := w.saveRDB(s)
	w.disconnectSlaves(s, s.name+" is shutting down")
	if s.masterhost != "" {
		if m := w.server(s.masterhost); m != nil {
			if i, _ := m.findSlave(s.name); i >= 0 {
				w.dropReplica(m, i, s.name+" is shutting down")
			}
		}
	}
	info := "saved no replication info"
	if rdb.hasInfo {
		info = "saved repl-id " + short(rdb.replid) + "… and repl-offset " + itoa(rdb.offset)
	}
	w.emit(Event{Kind: EvRestart, Node: s.name, Text: "shuts down (SHUTDOWN SAVE): dump.rdb holds " + itoa(int64(rdb.keys)) + " keys and " + info, Func: "prepareForShutdown"})
	s.up = false
	cut := s.linkCut
	w.startServer(s, rdb)
	s.linkCut = cut
	text := "starts again and loads dump.rdb: replid " + short(s.replid) + "…, master_repl_offset " + itoa(s.masterReplOffset)
	if s.masterhost == "" && rdb.hasInfo {
		text += "; the saved id is kept as master_replid2, valid up to " + itoa(s.secondReplidOffset)
	}
	if s.backlog != nil {
		text += "; backlog created at " + itoa(s.backlog.offset)
	}
	w.emit(Event{Kind: EvRestart, Node: s.name, Text: text, Func: "loadDataFromDisk"})
}

// ---------------------------------------------------------------- lines

func (w *World) repeatNext() {
	rp := w.repeat
	if rp == nil || rp.next > rp.count {
		w.repeat = nil
		return
	}
	i := rp.next
	rp.next++
	if rp.next > rp.count {
		w.repeat = nil
	}
	w.clientCommand(rp.node, scenario.Expand(rp.args, i))
}

func (w *World) expect(si int, field, want string) {
	s := w.servers[si]
	got, ok := w.infoField(s, field)
	argv := []string{field, want}
	switch {
	case !ok:
		w.lineErr = "expect " + s.name + " " + field + " " + want + ": INFO has no field " + field + " on " + s.name
		w.emit(Event{Kind: EvExpect, Node: s.name, Argv: argv, Text: "no such field", Func: "genRedisInfoString"})
	case got != want:
		w.lineErr = "expect " + s.name + " " + field + " " + want + ": got " + got
		w.emit(Event{Kind: EvExpect, Node: s.name, Argv: argv, Text: "FAILED, INFO says " + got, Func: "genRedisInfoString"})
	default:
		w.emit(Event{Kind: EvExpect, Node: s.name, Argv: argv, Text: "holds", Func: "genRedisInfoString"})
	}
}
