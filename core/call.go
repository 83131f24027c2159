package core

import (
	"strings"
)

// unknownCommandError is Redis's text for a command it does not know.
func unknownCommandError(argv []string) Reply {
	var b strings.Builder
	for _, a := range argv[1:] {
		if b.Len() >= 128 {
			break
		}
		if len(a) > 128 {
			a = a[:128]
		}
		b.WriteString("'" + a + "' ")
	}
	name := argv[0]
	if len(name) > 128 {
		name = name[:128]
	}
	return errReply("ERR unknown command '" + name + "', with args beginning with: " + b.String())
}

// findCommand looks a name up case-insensitively without allocating (the
// hot path of every replicated command).
func findCommand(name string) *command {
	// The stream's usual names, without hashing.
	switch name {
	case "SET", "set":
		return cmdSetEntry
	case "SELECT", "select":
		return cmdSelectEntry
	}
	if c := commandTable[name]; c != nil {
		return c
	}
	if len(name) > 32 {
		return nil
	}
	var buf [32]byte
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return commandTable[string(buf[:len(name)])]
}

// lookupCommand checks the name and arity as processCommand does; a nil
// command comes with the error to reply. A subcommand is found as
// lookupSubcommand does, and its arity is its own.
func lookupCommand(argv []string) (*command, Reply) {
	cmd := findCommand(argv[0])
	if cmd == nil {
		return nil, unknownCommandError(argv)
	}
	if cmd.subs != nil && len(argv) > 1 {
		sub := cmd.subs[strings.ToLower(argv[1])]
		if sub == nil {
			a := argv[1]
			if len(a) > 128 {
				a = a[:128]
			}
			return nil, errReply("ERR unknown subcommand '" + a + "'. Try " + strings.ToUpper(cmd.name) + " HELP.")
		}
		cmd = sub
	}
	if !cmd.arityOK(len(argv)) {
		return nil, errArity(cmd.name)
	}
	return cmd, Reply{}
}

// notModelled is the reply for a command of Redis's table the model does
// not run: why, and what to use instead when one scripted client cannot.
func notModelled(cmd *command) Reply {
	name := strings.ReplaceAll(strings.ToUpper(cmd.name), "|", " ")
	if cmd.refuse != "" {
		return errReply("ERR ReplScope cannot run " + name + ": " + cmd.refuse)
	}
	return errReply("ERR ReplScope does not model " + name + " yet")
}

// noGoodReplicas is processCommand's min-replicas-to-write check: a master
// with fewer good replicas (online, acked within min-replicas-max-lag)
// refuses writes.
func (w *World) noGoodReplicas(s *Server) bool {
	if s.masterhost != "" || s.cfg.minReplicas == 0 || s.cfg.minReplicasLag == 0 {
		return false
	}
	return int64(w.goodReplicas(s)) < s.cfg.minReplicas
}

var errNoReplicas = errReply("NOREPLICAS Not enough good replicas to write.")

// clientCommand runs a scenario client's command on a server: the path of
// processCommand → call() → propagatePendingCommands, counting it in
// commandstats and errorstats as it ends (stats.go).
func (w *World) clientCommand(si int, argv []string) {
	s := w.servers[si]
	w.reply, w.rejected, w.postponedNow = Reply{}, false, false
	cmd, ctx, rejected := w.processCommand(si, argv)
	switch {
	case w.postponedNow:
		// blockPostponeClient: processed (and counted) when the pause ends
	case rejected:
		w.recordRejected(s, cmd, w.reply)
	case cmd != nil && cmd.name == "exec":
		// EXEC's queued commands counted themselves; EXEC fails only for
		// its own errors (EXECABORT, EXEC without MULTI, a NOPERM of a
		// command whose rules changed after the last call it made).
		r := w.reply
		if r.Kind != '-' {
			r = Reply{}
			if w.execErr != "" {
				r = errReply(w.execErr)
			}
		}
		w.recordCall(s, cmd, &r, w.execErr != "" && w.reply.Kind != '-')
	case cmd != nil:
		w.recordCall(s, cmd, &w.reply, ctx != nil && ctx.noErrStats)
	}
	w.execErr = ""
	if s.client.closing {
		w.newConnection(s, argv)
	}
	w.evictionTimeProc(s)
}

// handleMaxmemory is processCommand's maxmemory directive, after the ACL
// check and before the min-replicas, read-only, stale and pause ones:
// performEvictions, then, when it failed, the refusal of the commands
// rejectsOnOOM names, by the flags getCommandFlags gave (a script's
// declared ones, EXEC's queue's). The outcome is kept for the command's
// scripts (preCommandOOM).
func (w *World) handleMaxmemory(s *Server, cmd *command, argv []string, flags cmdFlags) bool {
	oom := w.performEvictions(s) == evictFail
	if oom && w.rejectsOnOOM(cmd, flags, s.client.inMulti) {
		w.rejectCommand(s, cmd, argv, errOOM)
		return true
	}
	if w.ver == nil || !w.ver.redis62 || cmd.name == "eval" || cmd.name == "evalsha" {
		s.preCommandOOM = oom // 6.2 keeps it for EVAL and EVALSHA only (lua_oom)
	}
	return false
}

// rejectsOnOOM is processCommand's reject_cmd_on_oom for a client in
// MULTI or not: a denyoom command (EXEC: one in its queue), and inside
// MULTI (until 7.4) any command but EXEC, DISCARD, QUIT and RESET.
func (w *World) rejectsOnOOM(cmd *command, flags cmdFlags, inMulti bool) bool {
	if flags&flagDenyOOM != 0 {
		return true
	}
	switch cmd.name {
	case "exec", "discard", "quit", "reset":
		return false
	}
	return inMulti && !w.Version().oomDenyOOMOnly
}

// evictionTimeProc is evictionTimeProc, the timer event CONFIG SET
// maxmemory starts (updateMaxmemory): it fires once the command is done.
func (w *World) evictionTimeProc(s *Server) {
	if s.evictionTimer {
		s.evictionTimer = false
		if s.cfg.maxmemory != 0 {
			w.performEvictions(s)
		}
	}
}

// processCommand is clientCommand's checks and call: it returns the
// command found (nil for an unknown one), the context it ran with (nil
// when it did not run through cmd.exec), and whether it was refused
// before call() (rejectCommand) or queued by MULTI.
func (w *World) processCommand(si int, argv []string) (*command, *cmdCtx, bool) {
	s := w.servers[si]
	cl := &s.client
	argv = w.expandNodeAddr(argv)
	if r, ok := w.Version().refuse(argv); ok {
		if cl.inMulti && strings.HasPrefix(r.Str, "ERR unknown command") {
			cl.multiErr = true // a command this version lacks: flagTransaction
		}
		w.setReply(s, argv, r, 0)
		if strings.HasPrefix(r.Str, "ERR unknown command") {
			return nil, nil, true
		}
		return statsCommand(argv), nil, false // the version's own answer of a command it has
	}
	cmd, errr := lookupCommand(argv)
	if cmd == nil {
		if cl.inMulti {
			cl.multiErr = true
		}
		w.setReply(s, argv, errr, 0)
		return statsCommand(argv), nil, true // arity: the command counts a rejected call
	}
	flags, denyStale := w.execFlags(s, cmd, argv, cl.inMulti, cl.queue)
	if cl.noAuth && cmd.flags&flagNoAuth == 0 && !s.defaultAuthenticates(w.Version()) {
		return w.rejectCommand(s, cmd, argv, errReply("NOAUTH Authentication required."))
	}
	if cl.inMulti && cmd.flags&flagNoMultiCmd != 0 {
		return w.rejectCommand(s, cmd, argv, errReply("ERR Command not allowed inside a transaction"))
	}
	if r, denied := w.aclDenied(s, cmd, argv); denied {
		return w.rejectCommand(s, cmd, argv, r)
	}
	if s.cfg.maxmemory != 0 && w.handleMaxmemory(s, cmd, argv, flags) {
		return cmd, nil, true
	}
	if flags&flagWrite != 0 && w.noGoodReplicas(s) {
		return w.rejectCommand(s, cmd, argv, errNoReplicas)
	}
	if flags&flagWrite != 0 && s.masterhost != "" && s.cfg.readOnly {
		return w.rejectCommand(s, cmd, argv, errReply("READONLY You can't write against a read only replica."))
	}
	if denyStale && s.runningStale() {
		return w.rejectCommand(s, cmd, argv, errMasterDown)
	}
	if w.pausedFor(s, flags) {
		w.postpone(s, argv)
		w.postponedNow = true
		return cmd, nil, false
	}
	if cl.inMulti && cmd.flags&flagNoMulti == 0 {
		cl.queue = append(cl.queue, argv)
		w.reply = queuedReply
		w.emit(Event{Kind: EvQueued, Node: s.name, Argv: argv, Func: "queueMultiCommand"})
		w.postponedNow = true // queueMultiCommand: counted when EXEC runs it
		return cmd, nil, false
	}
	if cmd.world != nil {
		cmd.world(w, s, argv)
		return cmd, nil, w.rejected
	}
	if cmd.exec == nil {
		w.setReply(s, argv, notModelled(cmd), 0)
		return cmd, nil, false
	}
	ctx := w.newCtx(s, cl.db, argv, false)
	ctx.countReads = cmd.readsKeys
	r := cmd.exec(ctx)
	ctx.noteConversions()
	if ctx.selectTo >= 0 {
		cl.db = ctx.selectTo
	}
	w.setReply(s, argv, r, ctx.dirty)
	w.collect(ctx)
	w.afterCall(s, ctx.ops)
	return cmd, ctx, false
}

// execFlags are the flags processCommand's checks read (getCommandFlags)
// and its is_denystale_command, with a transaction's queue where Redis
// reads c->mstate: EXEC takes its commands' flags (cmd_flags) and is
// refused on a stale replica when any of them would be (cmd_inv_flags).
// A client's queue, or the master link's.
func (w *World) execFlags(s *Server, cmd *command, argv []string, inMulti bool, queue [][]string) (cmdFlags, bool) {
	flags := w.getCommandFlags(s, cmd, argv)
	denyStale := flags&flagStale == 0
	if cmd.name == "exec" && inMulti {
		for _, q := range queue {
			if qc, _ := lookupCommand(q); qc != nil {
				qf := w.getCommandFlags(s, qc, q)
				flags |= qf
				denyStale = denyStale || qf&flagStale == 0
			}
		}
	}
	return flags, denyStale
}

// rejectCommand is networking.c's: the error is the reply, a transaction
// being queued is flagged to fail, and EXEC itself is execCommandAbort
// (the transaction is discarded and the error says why).
func (w *World) rejectCommand(s *Server, cmd *command, argv []string, r Reply) (*command, *cmdCtx, bool) {
	cl := &s.client
	if cl.inMulti {
		cl.multiErr = true
	}
	if cmd.name == "exec" { // in MULTI or not: discardTransaction also unwatches
		cl.inMulti, cl.multiErr, cl.queue = false, false, nil
		cl.watched, cl.dirtyCAS = nil, false
		r = errReply("EXECABORT Transaction discarded because of: " + r.Str)
	}
	w.setReply(s, argv, r, 0)
	return cmd, nil, true
}

// statsCommand is the command an error names for rejected_calls: found
// by name (and subcommand), whatever its arity; nil when Redis has none.
func statsCommand(argv []string) *command { return statsSub(findCommand(argv[0]), argv) }

// statsSub is statsCommand of a command already found (nil: none).
func statsSub(cmd *command, argv []string) *command {
	if cmd == nil || cmd.subs == nil || len(argv) < 2 {
		return cmd
	}
	return cmd.subs[strings.ToLower(argv[1])]
}

// afterCall propagates what a call collected and remembers the client's
// write offset (c->woff) for WAIT.
func (w *World) afterCall(s *Server, ops []propOp) {
	w.propagatePending(s, ops)
	if len(ops) > 0 && s.masterhost == "" {
		s.client.woff = s.masterReplOffset
	}
}

// newCtx resets the world's one command context: commands never nest, so
// one is enough, and the hot path allocates none.
func (w *World) newCtx(s *Server, db int, argv []string, fromMaster bool) *cmdCtx {
	c := &w.ctx
	c.w, c.s, c.db, c.argv, c.fromMaster = w, s, db, argv, fromMaster
	c.dirty, c.rewritten, c.force, c.selectTo = 0, nil, false, -1
	c.inExec, c.inScript, c.timeout, c.blockMs = false, false, 0, 0
	c.noErrStats, c.countReads = false, false
	c.written = c.written[:0]
	c.resp3 = !fromMaster && s.client.resp3
	c.ops = c.ops[:0]
	s.ks.clock, s.ks.lfu = s.newObjectLRU(w)
	w.txn, w.script, w.multi62 = false, false, false
	return c
}

// collect appends the command itself to also_propagate when it changed
// the dataset (call(): dirty grew, or forceCommandPropagation).
func (w *World) collect(ctx *cmdCtx) {
	if ctx.dirty == 0 && !ctx.force && !(w.ver != nil && w.ver.redis62 && always62(ctx)) {
		return
	}
	argv := ctx.argv
	if ctx.rewritten != nil {
		argv = ctx.rewritten
	}
	if w.ver != nil && w.ver.redis62 {
		var ok bool
		if argv, ok = rewrite62(ctx, argv); !ok {
			return
		}
	}
	ctx.ops = append(ctx.ops, propOp{db: ctx.db, argv: argv})
}

func (w *World) setReply(s *Server, argv []string, r Reply, dirty int) {
	w.reply = r
	s.dirty += int64(dirty)
	if w.emitting() {
		w.observe(&Event{Kind: EvExecuted, Node: s.name, Argv: argv, A: int64(dirty), Text: r.Compact(), Func: "call"})
	}
}

// exec is execCommand: run the queue; every op lands in one
// also_propagate, wrapped in MULTI/EXEC when there is more than one.
func (w *World) exec(s *Server, argv []string) {
	cl := &s.client
	if !cl.inMulti {
		w.setReply(s, argv, errReply("ERR EXEC without MULTI"), 0)
		return
	}
	queue, failed := cl.queue, cl.multiErr
	cl.inMulti, cl.multiErr, cl.queue = false, false, nil
	if failed {
		w.setReply(s, argv, errReply("EXECABORT Transaction discarded because of previous errors."), 0)
		return
	}
	if w.execAborted(s, argv, queue) {
		return
	}
	var ops []propOp
	replies := make([]Reply, 0, len(queue))
	dirty := 0
	cl.execLen = len(queue) + 1
	cut := -1 // the reply after which the connection closes
	for _, qa := range queue {
		if cut < 0 && cl.closing {
			cut = len(replies) - 1
		}
		cmd, errr := lookupCommand(qa)
		if cmd == nil || cmd.exec == nil {
			if cmd != nil {
				errr = notModelled(cmd)
				w.recordCall(s, cmd, &errr, false)
			}
			replies = append(replies, errr)
			continue
		}
		if r, pos := s.aclCheckAt(cmd, qa); r != aclOK {
			// The rules changed after the command was queued: an error
			// reply with no call, so the next call (or EXEC's own end)
			// is the one incrCommandStatsOnError sees it in.
			w.aclLogDenied(s, r, pos, cmd, qa, "multi", "exec")
			e := errReply("NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. This command is no longer allowed for the following reason: " + aclExecReason(r))
			s.statsForWrite().countError(e.Str)
			w.execErr = e.Str
			replies = append(replies, e)
			continue
		}
		w.execErr = ""
		ctx := w.newCtx(s, cl.db, qa, false)
		ctx.ops = ops
		ctx.inExec = true
		ctx.countReads = cmd.readsKeys
		r := cmd.exec(ctx)
		ctx.noteConversions()
		if ctx.selectTo >= 0 {
			cl.db = ctx.selectTo
		}
		w.collect(ctx)
		ops = ctx.ops
		dirty += ctx.dirty
		replies = append(replies, r)
		w.recordCall(s, cmd, &r, ctx.noErrStats)
	}
	if cut >= 0 {
		// The commands after it still run, but addReply writes nothing
		// to a client flagged CLIENT_CLOSE_AFTER_REPLY: the client reads
		// EXEC's array header and the replies before the close.
		replies = append(replies[:cut+1], Reply{Kind: 'x'})
	}
	cl.execLen = 0
	w.setReply(s, argv, Reply{Kind: '*', Array: replies}, dirty)
	w.txn = true
	w.afterCall(s, ops)
}

var (
	argvMulti  = []string{"MULTI"}
	argvExec   = []string{"EXEC"}
	argvPing   = []string{"PING"}
	argvGetAck = []string{"REPLCONF", "GETACK", "*"}
)

// propagatePending is propagatePendingCommands: one op goes alone; several
// are wrapped in MULTI/EXEC, MULTI in the first op's db so that its SELECT
// comes first.
func (w *World) propagatePending(s *Server, ops []propOp) {
	txn, script, multi62 := w.txn, w.script, w.multi62
	w.txn, w.script, w.multi62 = false, false, false
	if len(ops) == 0 {
		if multi62 {
			w.feedSlaves(s, s.client.db, argvMulti)
			w.feedSlaves(s, s.client.db, argvExec)
			w.scheduleWrites(s)
		}
		return
	}
	if w.ver != nil && w.ver.redis62 {
		w.propagate62(s, ops, txn, script)
		return
	}
	if len(ops) > 1 {
		w.feedSlaves(s, ops[0].db, argvMulti)
	}
	for _, op := range ops {
		w.feedSlaves(s, op.db, op.argv)
	}
	if len(ops) > 1 {
		w.feedSlaves(s, ops[len(ops)-1].db, argvExec)
	}
	w.scheduleWrites(s)
}

// wait is waitCommand.
func (w *World) wait(s *Server, argv []string) {
	if s.masterhost != "" {
		w.setReply(s, argv, errReply("ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated."), 0)
		return
	}
	n, ok1 := parseInt(argv[1])
	t, ok2 := parseInt(argv[2])
	if !ok1 || !ok2 {
		w.setReply(s, argv, errNotInt, 0)
		return
	}
	if t < 0 {
		w.setReply(s, argv, errReply("ERR timeout is negative"), 0)
		return
	}
	acked := w.countAcks(s, s.client.woff)
	if int64(acked) >= n || s.client.inMulti {
		w.setReply(s, argv, intReply(int64(acked)), 0)
		return
	}
	// Block: beforeSleep feeds REPLCONF GETACK * so replicas ack at once.
	w.emit(Event{Kind: EvExecuted, Node: s.name, Argv: argv, Text: "blocked", Func: "waitCommand"})
	w.waits = append(w.waits, waitState{node: s.index, numreplicas: n, woff: s.client.woff})
	if t == 0 && int64(len(s.slaves)) < n {
		w.lineErr = "WAIT " + argv[1] + " 0 would block this client forever: " + itoa(int64(len(s.slaves))) + " replica(s) can acknowledge"
	}
	if w.paused(s) {
		return // no GETACK while clients are paused (beforeSleep)
	}
	w.feedSlavesAs(s, s.slaveseldb, argvGetAck, EvGetAck, 0, "replicationRequestAckFromSlaves")
	w.scheduleWrites(s)
}

func (w *World) countAcks(s *Server, off int64) int {
	n := 0
	for _, r := range s.slaves {
		if r.state == slaveOnline && r.ackOff >= off {
			n++
		}
	}
	return n
}

func (w *World) finishWait(wt waitState) {
	s := w.servers[wt.node]
	n := w.countAcks(s, wt.woff)
	w.reply = intReply(int64(n))
	w.emit(Event{Kind: EvExecuted, Node: s.name, Argv: []string{"WAIT"}, Text: itoa(int64(n)) + " (replicas that acknowledged offset " + itoa(wt.woff) + ")", Func: "processClientsWaitingReplicas"})
}

// replicaofCommand handles REPLICAOF host port, REPLICAOF NAME (a node
// name stands for its host and port) and REPLICAOF NO ONE.
func (w *World) replicaofCommand(s *Server, argv []string) {
	if s.failoverState != noFailover {
		w.setReply(s, argv, errReply("ERR REPLICAOF not allowed while failing over."), 0)
		return
	}
	if len(argv) == 3 && strings.EqualFold(argv[1], "no") && strings.EqualFold(argv[2], "one") {
		w.setReply(s, argv, okReply, 0)
		if s.masterhost != "" {
			w.unsetMaster(s)
		}
		return
	}
	var target *Server
	switch len(argv) {
	case 2:
		target = w.server(argv[1])
		if target == nil {
			w.setReply(s, argv, errReply("ERR unknown node '"+argv[1]+"': REPLICAOF takes a node name, host and port, or NO ONE"), 0)
			return
		}
	case 3:
		port, ok := parseInt(argv[2])
		if !ok || port < 0 || port > 65535 {
			w.setReply(s, argv, errReply("ERR Invalid master port"), 0)
			return
		}
		for _, o := range w.servers {
			if int64(o.port) == port && (argv[1] == "127.0.0.1" || argv[1] == "localhost" || argv[1] == o.name) {
				target = o
			}
		}
		if target == nil {
			w.setReply(s, argv, errReply("ERR no node listens on "+argv[1]+":"+argv[2]+" in this scenario"), 0)
			return
		}
	default:
		w.setReply(s, argv, errArity(strings.ToLower(argv[0])), 0)
		return
	}
	if s.masterhost == target.name {
		w.setReply(s, argv, statusReply("OK Already connected to specified master"), 0)
		return
	}
	w.setReply(s, argv, okReply, 0)
	w.setMaster(s.index, target.index)
}

// applyConfig is CONFIG SET of one parameter with its side effects
// (resizeReplicationBacklog): the change is its own event, before the trim
// it may cause.
func (w *World) applyConfig(s *Server, name, value string) string {
	oldSize := s.cfg.backlogSize
	if msg := w.Version().configError(name); msg != "" {
		return msg
	}
	if msg := s.cfg.set(name, value); msg != "" {
		return w.Version().configSetError(name, value, msg)
	}
	if strings.EqualFold(name, "requirepass") {
		s.updateRequirePass(w.Version(), value)
	}
	p := findParam(name)
	s.mem.ks = nil // sizes may follow encodings' parameters: count again
	if strings.EqualFold(name, "maxmemory") && s.cfg.maxmemory != 0 {
		s.evictionTimer = true // updateMaxmemory: startEvictionTimeProc
	}
	if p != nil && p.name == "repl-backlog-size" && s.cfg.backlogSize < replBacklogMinSize {
		s.cfg.backlogSize = replBacklogMinSize
	}
	w.emit(Event{Kind: EvConfig, Node: s.name, Argv: []string{name, value}, Text: "OK (" + name + " is now " + s.cfg.get(name) + ")", Func: "configSetCommand"})
	if p != nil && p.name == "repl-backlog-size" && s.backlog != nil {
		s.backlog.resized(s.masterReplOffset, oldSize, s.cfg.backlogSize, w.backlogHook(s))
	}
	return ""
}

// configSet is the `config` verb.
func (w *World) configSet(si int, param, value string) {
	s := w.servers[si]
	// The harness sends CONFIG SET on the node's client: it counts as one.
	defer func() { w.recordCall(s, cmdConfigSetEntry, &w.reply, false); w.evictionTimeProc(s) }()
	if s.cfg.maxmemory != 0 {
		// processCommand's performEvictions (CONFIG SET is not denyoom).
		s.preCommandOOM = w.performEvictions(s) == evictFail
	}
	if msg := w.applyConfig(s, param, value); msg != "" {
		w.reply = errReply(msg)
		w.emit(Event{Kind: EvConfig, Node: s.name, Argv: []string{param, value}, Text: msg, Func: "configSetCommand"})
		return
	}
	s.cfgLines = append(s.cfgLines[:len(s.cfgLines):len(s.cfgLines)], [2]string{param, value})
	w.reply = okReply
}
