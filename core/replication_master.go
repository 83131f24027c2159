package core

import "strings"

// The master side of replication.c: feeding the stream into the shared
// replication buffer, writing it to replicas, answering PSYNC, full syncs.

// feedSlaves is replicationFeedSlaves: a top-level master with a backlog
// writes SELECT when the stream's db differs, then the command, piece by
// piece, into the shared buffer.
func (w *World) feedSlaves(s *Server, dictid int, argv []string) {
	w.feedSlavesAs(s, dictid, argv, EvFed, 0, "feedReplicationBuffer")
}

// feedSlavesAs feeds a command and emits an event of kind k (with A = a)
// for it: a PING of replicationCron, a GETACK of WAIT, a client's command.
func (w *World) feedSlavesAs(s *Server, dictid int, argv []string, k EventKind, a int64, fn string) {
	if s.masterhost != "" || s.backlog == nil {
		return
	}
	if s.slaveseldb != dictid && dictid >= 0 {
		sel := []string{"SELECT", itoa(int64(dictid))}
		start := s.masterReplOffset + 1
		from := s.slaveseldb
		s.slaveseldb = dictid
		w.feedArgv(s, sel)
		w.emit(Event{Kind: EvSelect, Node: s.name, Offset: start, Len: s.masterReplOffset - start + 1, A: int64(from), B: int64(dictid), Argv: sel, Func: "replicationFeedSlaves"})
	}
	start := s.masterReplOffset + 1
	w.feedArgv(s, argv)
	if w.emitting() {
		w.observe(&Event{Kind: k, Node: s.name, Offset: start, Len: s.masterReplOffset - start + 1, A: a, Argv: argv, Func: fn})
	}
}

// feedArgv feeds one command. When it fits in the tail block it is one
// copy; otherwise it goes piece by piece, because the size of a new block
// depends on the piece that overflowed.
func (w *World) feedArgv(s *Server, argv []string) {
	if b := s.backlog; b.tailRoom() > 0 {
		if n := CommandLen(argv); b.tailRoom() >= n {
			w.scratch = AppendCommand(w.scratch[:0], argv)
			w.parsed.remember(s.masterReplOffset+1, w.scratch, argv)
			w.feedBuffer(s, w.scratch)
			return
		}
	}
	w.scratch = forEachPiece(argv, w.scratch, func(p []byte) { w.feedBuffer(s, p) })
}

// readers lists the references feedReplicationBuffer sets on first feed:
// replicas that can be fed (not waiting for BGSAVE to start).
func (w *World) readers(s *Server) []*bufRef {
	var out []*bufRef
	for _, r := range s.slaves {
		if r.waitsForRef() {
			out = append(out, &r.ref)
		}
	}
	return out
}

// waitsForRef: the replica can be fed and has no reference yet.
func (r *replicaClient) waitsForRef() bool { return r.state != slaveWaitBgsaveStart && !r.ref.ok }

// allReadersRef reports that readers(s) is empty, without building it
// (feedBuffer's common case).
func (w *World) allReadersRef(s *Server) bool {
	for _, r := range s.slaves {
		if r.waitsForRef() {
			return false
		}
	}
	return true
}

// feedBuffer is one feedReplicationBuffer call.
func (w *World) feedBuffer(s *Server, p []byte) {
	// The common case of a 7.0 backlog without the interface call.
	if b, ok := s.backlog.(*Backlog); !ok || !w.allReadersRef(s) || !b.feedFits(p, &s.masterReplOffset) {
		s.backlog.feed(p, &s.masterReplOffset, s.cfg.backlogSize, w.readers(s), w.backlogHook(s))
	}
	// beforeSleep has work only if dropping the first block would still
	// leave more than repl-backlog-size (incrementalTrimReplicationBacklog).
	if s.backlog.trimDue(s.cfg.backlogSize) {
		w.trimDue = true
	}
}

// backlogEvents turns what the backlog does into events, at the moment it
// does it: a block added, blocks trimmed.
type backlogEvents struct {
	w *World
	s *Server
}

func (w *World) backlogHook(s *Server) *backlogEvents {
	w.hook = backlogEvents{w, s}
	return &w.hook
}

func (h *backlogEvents) blockAdded(b *block) {
	h.w.emit(Event{Kind: EvBlockAdded, Node: h.s.name, Offset: b.offset, Len: b.used(), A: b.id, B: b.size, Func: "feedReplicationBuffer"})
	h.w.obufCheckNewBlock(h.s)
}

func (h *backlogEvents) trimmed(blocks int, bytes int64) {
	h.w.emit(Event{Kind: EvBacklogTrimmed, Node: h.s.name, A: int64(blocks), B: bytes, Offset: h.s.backlog.FirstByteOffset(), Func: h.w.Version().trimFunc()})
}

// scheduleWrites queues a socket write for every online replica with
// unsent bytes (handleClientsWithPendingWrites).
func (w *World) scheduleWrites(s *Server) {
	if s.backlog == nil {
		return
	}
	for _, r := range s.slaves {
		if r.state == slaveOnline && !r.waitAck && !r.writeQueued && s.backlog.pending(&r.ref, s.masterReplOffset) > 0 {
			// One queued write per replica carries everything pending
			// when it runs (the client is on the pending-writes list once).
			r.writeQueued = true
			w.push(task{kind: tWrite, node: s.index, peer: r.index})
		}
	}
}

// writeToReplica is writeToClient for a replica: the bytes leave the shared
// buffer and enter the link.
func (w *World) writeToReplica(mi, ri int) {
	m := w.servers[mi]
	rc := m.slaveAt(ri)
	if rc == nil || rc.state != slaveOnline || rc.waitAck || m.backlog == nil {
		return
	}
	rc.writeQueued = false
	l := w.links[ri]
	if l == nil || l.master != mi {
		return
	}
	had := len(l.wire)
	first := rc.sentOffset(m) + 1
	var moves int
	l.wire, moves = m.backlog.send(&rc.ref, l.wire)
	n := len(l.wire) - had
	if n == 0 {
		return
	}
	l.toReplica.push(message{kind: msgStream, offset: first, n: n})
	w.push(task{kind: tDeliverToReplica, node: ri})
	if w.emitting() {
		w.observe(&Event{Kind: EvSent, Node: m.name, Peer: w.servers[ri].name, Offset: first, Len: int64(n), Func: "writeToClient"})
	}
	// Moving the reference off a block may free it: _writeToClient trims
	// after each move.
	if moves > 0 {
		if t, f := m.backlog.trim(moves*trimBlocksPerCall, m.masterReplOffset, m.cfg.backlogSize); t > 0 {
			w.backlogHook(m).trimmed(t, f)
		}
	}
}

// sentOffset is the offset of the last byte written to the replica.
func (rc *replicaClient) sentOffset(m *Server) int64 {
	if m.backlog == nil || !rc.ref.ok {
		return m.masterReplOffset
	}
	return m.masterReplOffset - m.backlog.pending(&rc.ref, m.masterReplOffset)
}

// dropReplica is freeClient on a replica client.
func (w *World) dropReplica(m *Server, i int, why string) {
	rc := m.slaves[i]
	unpinned := m.backlog != nil && m.backlog.unref(&rc.ref)
	m.slaves = append(m.slaves[:i], m.slaves[i+1:]...)
	if len(m.slaves) == 0 {
		m.noSlavesSince = w.now
	}
	w.emit(Event{Kind: EvReplicaDropped, Node: m.name, Peer: rc.name, Text: why, Func: "freeClient"})
	// freeReplicaReferencedReplBuffer: the blocks it pinned may go now.
	if unpinned {
		if t, f := m.backlog.trim(trimBlocksPerCall, m.masterReplOffset, m.cfg.backlogSize); t > 0 {
			w.backlogHook(m).trimmed(t, f)
		}
	}
}

// disconnectSlaves drops every replica; they notice and reconnect.
func (w *World) disconnectSlaves(s *Server, why string) {
	for len(s.slaves) > 0 {
		r := w.servers[s.slaves[0].index]
		w.dropReplica(s, 0, why)
		w.linkLoss(r, why)
	}
}

func (w *World) createBacklog(s *Server) {
	s.backlog = w.Version().newBacklog(s.masterReplOffset)
	w.emit(Event{Kind: EvBacklogCreated, Node: s.name, Offset: s.backlog.FirstByteOffset(), Func: "createReplicationBacklog"})
}

func (w *World) freeBacklog(s *Server, why string) {
	if s.backlog == nil {
		return
	}
	s.freedBacklog = [2]int64{s.backlog.FirstByteOffset(), s.backlog.HistLen()}
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

// syncCommand is PSYNC arriving at a master (or at a replica that serves
// sub-replicas): masterTryPartialResynchronization, else a full sync.
func (w *World) syncCommand(mi, ri int, reqID string, reqOff int64, failover bool) {
	m, r := w.servers[mi], w.servers[ri]
	if !m.up {
		return
	}
	// The handshake's commands reach the master through call(): PING,
	// REPLCONF listening-port, REPLCONF capa, then PSYNC, whose reply is
	// an error when it refuses (NOMASTERLINK), on a connection of its own.
	m.stat.numConnections++
	if m.defaultAuthenticates(w.Version()) {
		w.recordOK(m, cmdPingEntry)
	} else {
		// A master with a password answers the PING NOAUTH, which the
		// replica accepts; its AUTH (masterAuthOK) follows.
		w.recordRejected(m, cmdPingEntry, errReply("NOAUTH Authentication required."))
	}
	if r.cfg.get("masterauth") != "" {
		w.recordOK(m, cmdAuthEntry)
	}
	w.recordOK(m, cmdReplconfEntry)
	w.recordOK(m, cmdReplconfEntry)
	psyncReply := Reply{}
	defer func() { w.recordCall(m, cmdPsyncEntry, &psyncReply, false) }()
	// refuse answers the PSYNC with an error: PSYNC's failed call.
	refuse := func(msg string) {
		psyncReply = errReply(strings.TrimPrefix(msg, "-"))
		w.sendToReplica(ri, message{kind: msgPsyncReply, text: msg}, nil)
		w.emit(Event{Kind: EvPsyncAnswered, Node: m.name, Peer: r.name, Text: msg, Func: "syncCommand"})
	}
	if failover {
		if msg := w.psyncFailover(m, r, reqID); msg != "" {
			refuse(msg)
			return
		}
	}
	if m.failoverState != noFailover {
		// Don't let replicas sync with us while we're failing over.
		refuse("-NOMASTERLINK Can't SYNC while failing over")
		return
	}
	if m.masterhost != "" && m.replState != replConnected {
		// A replica serves sub-replicas only while its own link is up.
		refuse("-NOMASTERLINK Can't SYNC while not connected with my master")
		return
	}
	pm := psyncMaster{replid: m.replid, replid2: m.replid2, secondReplidOffset: m.secondReplidOffset, off: m.masterReplOffset}
	if m.backlog != nil {
		pm.backlog, pm.first, pm.histlen = true, m.backlog.FirstByteOffset(), m.backlog.HistLen()
	}
	d := decidePsync(pm, reqID, reqOff)
	d.Replica, d.Master = r.name, m.name
	if d.Continue {
		m.syncPartialOK++
		rc := &replicaClient{name: r.name, index: r.index, state: slaveOnline}
		rc.ref = m.backlog.refAt(reqOff)
		m.slaves = append(m.slaves, rc)
		w.sendToReplica(ri, message{kind: msgPsyncReply, text: d.Reply}, nil)
		w.emit(Event{Kind: EvPsyncAnswered, Node: m.name, Peer: r.name, Psync: &d, Offset: reqOff, Len: m.masterReplOffset - reqOff + 1, Func: "masterTryPartialResynchronization"})
		w.push(task{kind: tWrite, node: mi, peer: ri})
		rc.writeQueued = true
		return
	}
	if len(m.slaves) == 0 && m.backlog == nil {
		// A backlog made from scratch starts a new history.
		clearReplid2(m)
		w.changeReplid(m, "a backlog created from scratch starts a new history")
		w.createBacklog(m)
	}
	m.syncFull++
	if d.CountsAsPartialErr {
		m.syncPartialErr++
	}
	if w.Version().dualChannelSync(m, r) {
		m.syncPartialOK++
		d.Reason += " Dual-channel replication: the RDB goes on its own channel and the main channel's PSYNC continues from the snapshot's offset, counted in sync_partial_ok."
	}
	rc := &replicaClient{name: r.name, index: r.index, state: slaveWaitBgsaveEnd, psyncInitialOffset: m.masterReplOffset}
	m.slaves = append(m.slaves, rc)
	m.slaveseldb = -1
	d.Reply = "+FULLRESYNC " + m.replid + " " + itoa(m.masterReplOffset)
	if d.Reason == "" {
		d.Reason = "a full resync is needed."
	}
	d.Reason += " The master sends an RDB and then the commands after offset " + itoa(m.masterReplOffset) + "; the next write will start with SELECT."
	w.sendToReplica(ri, message{kind: msgPsyncReply, text: d.Reply, offset: m.masterReplOffset}, nil)
	w.emit(Event{Kind: EvPsyncAnswered, Node: m.name, Peer: r.name, Psync: &d, Func: "syncCommand"})
	rdb := w.saveRDB(m)
	m.fork() // startBgsaveForReplication, to a disk or a socket
	if !m.cfg.disklessSync {
		w.saved(m) // rdbSaveBackground to dump.rdb, then sent
	}
	w.sendToReplica(ri, message{kind: msgRDB, rdb: rdb}, nil)
	w.emit(Event{Kind: EvRDBProduced, Node: m.name, Peer: r.name, A: int64(rdb.keys), B: m.masterReplOffset, Func: "rdbSaveToSlavesSockets"})
}

// replconfAck is REPLCONF ACK arriving at the master; the first one after
// a full sync puts the replica online (replicaPutOnline, 7.0's
// repl_start_cmd_stream_on_ack for diskless syncs).
func (w *World) replconfAck(mi, ri int, off int64) {
	m := w.servers[mi]
	if m.up {
		w.recordOK(m, cmdReplconfEntry) // counted before replconfCommand looks at the client
	}
	rc := m.slaveAt(ri)
	if rc == nil {
		return
	}
	if rc.state == slaveWaitBgsaveEnd {
		rc.state = slaveOnline
		w.emit(Event{Kind: EvReplicaOnline, Node: m.name, Peer: rc.name, A: rc.psyncInitialOffset, Func: "replicaPutOnline"})
		w.scheduleWrites(m)
	} else if rc.waitAck {
		rc.waitAck = false // replicaStartCommandStream
		w.scheduleWrites(m)
	}
	rc.ackOff, rc.acked = off, true
	if w.emitting() {
		w.observe(&Event{Kind: EvAck, Node: w.servers[ri].name, Peer: m.name, A: off, Func: "replconfCommand"})
	}
}

// saveRDB snapshots the dataset with rdbPopulateSaveInfo's replication info.
func (w *World) saveRDB(s *Server) *rdbFile {
	f := &rdbFile{ks: s.ks.snapshot(), keys: s.ks.size(), replid: s.replid, offset: s.masterReplOffset, wasReplica: s.masterhost, usage: w.saveUsage(s)}
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

// cmdReplconf is replconfCommand for the scenario's client, a client that
// is not a replica: the options a replica sends while it connects are
// checked and answered OK, and change nothing a normal client shows.
// ACK and GETACK are refused: replconfCommand returns from them without
// any reply (ACK from a non-replica, and GETACK, which on a replica sends
// its REPLCONF ACK to its master at once), so the one scripted client
// would wait forever for an answer.
func cmdReplconf(c *cmdCtx) Reply {
	argv := c.argv
	if len(argv)%2 == 0 {
		return errSyntax
	}
	for j := 1; j < len(argv); j += 2 {
		opt, val := strings.ToLower(argv[j]), argv[j+1]
		switch {
		case opt == "listening-port":
			if _, ok := parseInt(val); !ok {
				return errNotInt
			}
		case opt == "ip-address":
			if len(val) >= 256 { // NET_HOST_STR_LEN
				return errReply("ERR REPLCONF ip-address provided by replica instance is too long: " + itoa(int64(len(val))) + " bytes")
			}
		case opt == "capa":
			// Capabilities the master does not know are ignored.
		case opt == "ack" || opt == "getack":
			return errReply("ERR ReplScope cannot run REPLCONF " + strings.ToUpper(opt) + ": Redis sends no reply at all to it (" + replconfNoReply[opt] + "), so the scenario's only client would wait forever; use WAIT, which makes the master send REPLCONF GETACK to its replicas and shows how many acknowledged")
		case opt == "rdb-only": // since 6.2; rdb-filter-only since 7.0
			n, ok := parseInt(val)
			if !ok {
				return errNotInt
			}
			if n < 0 || n > 1 {
				return errReply("ERR value is out of range, value must between 0 and 1")
			}
		case opt == "rdb-filter-only" && !c.w.Version().redis62:
			filters, ok := sdsSplitArgs(val)
			if !ok {
				return errReply("ERR Missing rdb-filter-only values")
			}
			for _, f := range filters {
				if !strings.EqualFold(f, "functions") {
					return errReply("ERR Unsupported rdb-filter-only option: " + f)
				}
			}
		default:
			return errReply("ERR Unrecognized REPLCONF option: " + argv[j])
		}
	}
	return okReply
}

var replconfNoReply = map[string]string{
	"ack":    "from a client that is not a replica it is ignored",
	"getack": "a replica answers it by sending REPLCONF ACK to its master",
}

// sdsSplitArgs is sdssplitargs for rdb-filter-only's value and a script's
// shebang line: words split on white space, quoted words kept whole;
// unbalanced quotes fail. (sdssplitargs's escapes inside double quotes
// are not decoded: a filter is one plain word, "functions", and a
// shebang's flags are plain words.)
func sdsSplitArgs(s string) ([]string, bool) {
	var out []string
	i := 0
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			i++
		}
		if i == len(s) {
			return out, true
		}
		var b strings.Builder
		for i < len(s) && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' {
			if q := s[i]; q == '"' || q == '\'' {
				end := strings.IndexByte(s[i+1:], q)
				if end < 0 {
					return nil, false
				}
				b.WriteString(s[i+1 : i+1+end])
				i += end + 2
				// A closing quote must be followed by a space or the end.
				if i < len(s) && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' {
					return nil, false
				}
				continue
			}
			b.WriteByte(s[i])
			i++
		}
		out = append(out, b.String())
	}
}
