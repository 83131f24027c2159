package core

import "strings"

// The replica side of replication.c: connecting and PSYNC, loading the
// RDB, reading and applying the master's stream (commandProcessed →
// replicationFeedStreamFromMasterStream), acks, the cached master, and
// REPLICAOF.

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
	w.openLink(r).closeConn()
	// A master failing over asks the target to take over.
	fo := r.failoverState == failoverInProgress
	w.sendToMaster(r, message{kind: msgPsync, text: id, offset: off, failover: fo})
	text := "PSYNC " + id + " " + itoa(off)
	if fo {
		text += " FAILOVER"
	}
	w.emit(Event{Kind: EvPsyncAsked, Node: r.name, Peer: r.masterhost, Text: text, A: off, Func: "slaveTryPartialResynchronization"})
}

// psyncReply is the reading half of slaveTryPartialResynchronization.
func (w *World) psyncReply(ri, mi int, reply string, off int64) {
	r, m := w.servers[ri], w.servers[mi]
	if r.replState != replHandshake || r.masterIdx != mi {
		return
	}
	f := strings.Fields(reply)
	if !w.failoverPsyncReply(r, reply) {
		return
	}
	switch f[0] {
	case "+FULLRESYNC":
		// The RDB follows on the link.
		r.pendingReplid = f[1]
		r.masterInitialOffset = off
		r.replState = replTransfer
		if w.Version().fullResyncDropsCache() && r.cachedMaster != nil {
			r.cachedMaster = nil
			w.emit(Event{Kind: EvCacheDropped, Node: r.name, Peer: m.name, Func: "slaveTryPartialResynchronization"})
		}
		if r.failoverState == failoverInProgress {
			w.clearFailoverState(r, "the failover is done ("+m.name+" answered +FULLRESYNC)")
		}
		return
	case "-NOMASTERLINK":
		r.replState = replConnect
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
	if r.backlog == nil {
		w.createBacklog(r)
	}
	r.master, r.cachedMaster = cm, nil
	cm.lastIO = w.now
	cm.ackSent = -1
	r.replState = replConnected
	w.emit(Event{Kind: EvLinkUp, Node: r.name, Peer: m.name, Func: "replicationResurrectCachedMaster"})
	if r.failoverState == failoverInProgress {
		w.clearFailoverState(r, "the failover is done ("+m.name+" answered +CONTINUE)")
	}
	w.push(task{kind: tAck, node: ri})
}

// readSyncBulkPayload loads the RDB of a full sync, then acks so that the
// master puts it online.
func (w *World) readSyncBulkPayload(ri, mi int, rdb *rdbFile) {
	r, m := w.servers[ri], w.servers[mi]
	if r.replState != replTransfer || r.masterIdx != mi {
		return
	}
	// replicationAttachToNewMaster: a new history; our replicas and our
	// backlog belong to the old one.
	w.disconnectSlaves(r, "it is attaching to a new master with a full sync")
	w.freeBacklog(r, "a full sync starts a new history")
	r.cachedMaster = nil
	r.ks = rdb.ks.own(w.keyHint, r.cfg.encLimits(), w.loadedLRU(r, &rdb.usage))
	r.loadedKeys = int64(rdb.keys)
	r.master = &masterClient{replid: r.pendingReplid, reploff: r.masterInitialOffset, readReploff: r.masterInitialOffset, db: rdb.streamDB, ackSent: -1, lastIO: w.now}
	r.replid = r.pendingReplid
	r.masterReplOffset = r.masterInitialOffset
	clearReplid2(r)
	r.replState = replConnected
	r.syncLoaded = true
	w.emit(Event{Kind: EvRDBLoaded, Node: r.name, Peer: m.name, A: int64(rdb.keys), B: r.masterReplOffset, Text: r.replid, Func: "readSyncBulkPayload"})
	w.createBacklog(r)
	w.push(task{kind: tAck, node: ri})
}

// readQueryFromMaster is readQueryFromClient on the master link: the bytes
// of one stream message land in the query buffer.
func (w *World) readQueryFromMaster(ri int, first int64, l *link, n int) {
	r := w.servers[ri]
	mc := r.master
	if mc == nil || n == 0 {
		l.readStream(n, nil) // read and dropped
		return
	}
	mc.querybuf = l.readStream(n, mc.querybuf)
	mc.readReploff += int64(n)
	mc.lastIO = w.now
	if w.emitting() {
		w.observe(&Event{Kind: EvRead, Node: r.name, Peer: r.masterhost, Offset: first, Len: int64(n), Func: "readQueryFromClient"})
	}
	w.push(task{kind: tProcess, node: ri})
}

// processFromMaster runs one command from the master's stream
// (processInputBuffer), then commandProcessed updates the applied offset
// and proxies the applied bytes; each command is a task of its own, as
// each is a step of the event loop a visualizer can stop between.
func (w *World) processFromMaster(ri int) {
	r := w.servers[ri]
	mc := r.master
	if mc == nil {
		return
	}
	cmdStart := mc.readReploff - int64(len(mc.querybuf)-mc.qbpos) + 1
	argv, n := w.parsed.recall(cmdStart, mc.querybuf[mc.qbpos:])
	if argv == nil {
		argv, n = parseCommand(mc.querybuf[mc.qbpos:], w.argv)
		w.argv = argv[:0]
	}
	if n == 0 {
		w.drained(ri)
		return
	}
	if n < 0 {
		w.lineErr = "protocol error in the stream from " + r.masterhost + " to " + r.name
		w.breakLink(r, "protocol error")
		return
	}
	if r.pauseType != pauseOff && w.masterPausedFor(r, argv) {
		// processCommand postpones the master client too: it reads on,
		// but applies nothing more until the pause ends (pause.go).
		if !mc.postponed {
			mc.postponed = true
			w.emit(Event{Kind: EvExecuted, Node: r.name, Peer: r.masterhost, Argv: argv, Text: "postponed: clients are paused for " + fmtMillis(r.pauseEnd-w.unixMillis()) + " more of virtual time; the stream from " + r.masterhost + " is read but not applied", Func: "blockPostponeClient"})
		}
		return
	}
	mc.postponed = false
	mc.qbpos += n
	if len(argv) > 0 {
		w.applyFromMaster(r, argv)
	}
	if r.master != mc {
		return // the command broke the link
	}
	if !mc.inMulti {
		mc.reploff = mc.readReploff - int64(len(mc.querybuf)-mc.qbpos)
	}
	if w.emitting() {
		w.observe(&Event{Kind: EvApplied, Node: r.name, Peer: r.masterhost, Offset: cmdStart, Len: int64(n), A: mc.reploff, Argv: argv, Func: "commandProcessed"})
	}
	applied := int(mc.reploff - (mc.readReploff - int64(len(mc.querybuf)-mc.applied)))
	if applied > 0 {
		w.feedStream(r, mc.querybuf[mc.applied:mc.applied+applied], r.masterhost)
		mc.applied += applied
	}
	if r.master == mc && mc.qbpos == len(mc.querybuf) {
		w.drained(ri)
		return
	}
	w.push(task{kind: tProcess, node: ri})
}

// drained is the end of processInputBuffer with nothing left to parse: the
// query buffer is reset, and the replica acks what it applied.
func (w *World) drained(ri int) {
	mc := w.servers[ri].master
	if mc.qbpos == len(mc.querybuf) && mc.applied == mc.qbpos {
		mc.querybuf, mc.qbpos, mc.applied = mc.querybuf[:0], 0, 0
	}
	if mc.reploff != mc.ackSent {
		w.push(task{kind: tAck, node: ri})
	}
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
	if w.emitting() {
		w.observe(&Event{Kind: EvFed, Node: s.name, Peer: from, Offset: start, Len: int64(len(p)), Func: "replicationFeedStreamFromMasterStream"})
	}
	w.scheduleWrites(s)
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
	if r.cfg.maxmemory != 0 && cmd != nil && w.masterOOM(r, cmd, argv) {
		return
	}
	// Each command the master sends runs through call() on the replica
	// and counts in its commandstats, MULTI and EXEC too.
	switch name {
	case "multi":
		mc.inMulti, mc.multiErr, mc.multiQueue = true, false, nil
		w.recordCall(r, cmd, &okReply, false)
		return
	case "exec":
		q, failed := mc.multiQueue, mc.multiErr
		mc.inMulti, mc.multiErr, mc.multiQueue = false, false, nil
		if failed {
			e := errReply("EXECABORT Transaction discarded because of previous errors.")
			r.stat.unexpected++
			w.recordCall(r, cmd, &e, false)
			return
		}
		for _, a := range q {
			w.execFromMaster(r, findCommand(a[0]), a)
		}
		w.recordCall(r, cmd, &Reply{}, false)
		return
	case "replconf":
		w.recordCall(r, cmd, &Reply{}, false)
		if len(argv) >= 2 && strings.EqualFold(argv[1], "getack") {
			w.sendAck(r.index)
		}
		return
	case "ping":
		w.recordCall(r, cmd, &Reply{}, false)
		return
	}
	if mc.inMulti {
		// w.argv is reused by the next parse: the queue keeps a copy.
		mc.multiQueue = append(mc.multiQueue, append([]string(nil), argv...))
		return
	}
	w.execFromMaster(r, cmd, argv)
}

// masterOOM is processCommand's maxmemory directive for the master link's
// commands: on a replica with replica-ignore-maxmemory no (the only one
// that evicts, isSafeToPerformEvictions) 7.0 refuses its master's denyoom
// commands as any client's, and the write is lost on it: the reply is an
// error to the master (unexpected_error_replies), a refused command in a
// transaction makes its EXEC fail.
func (w *World) masterOOM(r *Server, cmd *command, argv []string) bool {
	mc := r.master
	oom := w.performEvictions(r) == evictFail
	flags, _ := w.execFlags(r, cmd, argv, mc.inMulti, mc.multiQueue)
	if !oom || !w.rejectsOnOOM(cmd, flags, mc.inMulti) {
		r.preCommandOOM = oom
		return false
	}
	e := errOOM
	if mc.inMulti {
		mc.multiErr = true
	}
	if cmd.name == "exec" {
		mc.inMulti, mc.multiErr, mc.multiQueue = false, false, nil
		e = errReply("EXECABORT Transaction discarded because of: " + e.Str)
	}
	r.stat.unexpected++
	w.recordRejected(r, statsSub(cmd, argv), e)
	w.emit(Event{Kind: EvExecuted, Node: r.name, Peer: r.masterhost, Argv: argv, Text: "refused (" + e.Str + "): the write from " + r.masterhost + " is lost on this replica", Func: "rejectCommand"})
	return true
}

func (w *World) execFromMaster(r *Server, cmd *command, argv []string) {
	mc := r.master
	if cmd == nil || cmd.exec == nil || (cmd.arity > 0 && len(argv) != cmd.arity) || (cmd.arity < 0 && len(argv) < -cmd.arity) {
		return // Redis logs and skips what it cannot run
	}
	ctx := w.newCtx(r, mc.db, argv, true)
	sub := statsSub(cmd, argv)
	ctx.countReads = sub != nil && sub.readsKeys
	reply := cmd.exec(ctx)
	ctx.noteConversions()
	r.dirty += int64(ctx.dirty) // a replica's writes count towards its next save
	if ctx.selectTo >= 0 {
		mc.db = ctx.selectTo
	}
	if reply.Kind == '-' {
		r.stat.unexpected++ // an error "sent" to the master (afterErrorReply)
	}
	if sub != nil {
		w.recordCall(r, sub, &reply, ctx.noErrStats)
	}
}

// sendAck is replicationSendAck: REPLCONF ACK <applied offset>.
func (w *World) sendAck(ri int) {
	r := w.servers[ri]
	mc := r.master
	if mc == nil || r.replState != replConnected {
		return
	}
	mc.ackSent = mc.reploff
	w.sendToMaster(r, message{kind: msgAck, offset: mc.reploff})
}

// linkLoss is the replica's side of a closed master link: freeClient on
// server.master caches it (replicationCacheMaster) to PSYNC later.
func (w *World) linkLoss(r *Server, why string) {
	if r == nil || r.masterhost == "" {
		return
	}
	if l := w.linkOf(r); l != nil {
		l.closeConn()
	}
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

// breakLink closes the connection between a replica and its master: the
// master frees the client, the replica caches its master.
func (w *World) breakLink(r *Server, why string) {
	if m := w.server(r.masterhost); m != nil {
		if i, _ := m.findSlave(r.name); i >= 0 {
			w.dropReplica(m, i, why)
		}
	}
	w.linkLoss(r, why)
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
	if w.Version().setMasterDropsReplicas() {
		w.disconnectSlaves(r, "REPLICAOF: its replicas resync with it (6.2's replicationSetMaster)")
	}
	r.masterhost, r.masterIdx = m.name, m.index
	r.replState = replConnect
	if wasMaster {
		r.cachedMaster = nil
		w.cacheMasterUsingMyself(r)
	}
	w.openLink(r)
	w.emit(Event{Kind: EvRoleChanged, Node: r.name, Peer: m.name, Text: "becomes a replica of " + m.name + " (replicationSetMaster); it will ask PSYNC " + short(r.cachedMaster.replid) + "… " + itoa(r.cachedMaster.reploff+1), Func: "replicationSetMaster"})
}

// unsetMaster is replicationUnsetMaster (REPLICAOF NO ONE).
func (w *World) unsetMaster(s *Server) {
	w.unsetMasterBecause(s, "is promoted to master (REPLICAOF NO ONE)")
}

// unsetMasterBecause is replicationUnsetMaster, with what made it happen.
func (w *World) unsetMasterBecause(s *Server, text string) {
	old := s.masterhost
	if m := w.server(old); m != nil {
		if i, _ := m.findSlave(s.name); i >= 0 {
			w.dropReplica(m, i, "it was promoted")
		}
	}
	w.links[s.index] = nil
	s.masterhost = ""
	s.master, s.cachedMaster = nil, nil
	s.replState = replNone
	s.slaveseldb = -1
	s.noSlavesSince = w.now
	w.emit(Event{Kind: EvRoleChanged, Node: s.name, Peer: old, Text: text, Func: "replicationUnsetMaster"})
	// shiftReplicationId: the +1 is because a replica asks for the first
	// byte it lacks: with 50 bytes of shared history it asks for 51.
	s.replid2 = s.replid
	s.secondReplidOffset = s.masterReplOffset + 1
	s.replid = w.newReplid()
	w.emit(Event{Kind: EvReplIDShifted, Node: s.name, Text: s.replid2, A: s.secondReplidOffset, Func: "shiftReplicationId"})
	w.disconnectSlaves(s, "it was promoted and must tell them its new id")
}
