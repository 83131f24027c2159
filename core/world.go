// Package core is a deterministic model of Redis 7.0 master/replica
// replication. A World is stepped by scenario lines; each line becomes
// tasks (a command runs, bytes are written, read, applied, acked, a PSYNC
// asked and answered ...), each task emits events, and the world settles
// when no task is left, as the scenario contract defines settling. No I/O,
// no goroutines, no wall clock: time moves only through `advance`.
package core

import (
	"fmt"
	"sort"
	"strconv"

	"replscope/core/scenario"
)

// epochMillis is virtual time zero: 2026-01-01T00:00:00Z. Absolute expiry
// times in the stream (PXAT, PEXPIREAT) are 13-digit Unix milliseconds, as
// on a real server, so their byte lengths match.
const epochMillis = 1767225600000

// taskKind is one step of a server's event loop, or the network
// delivering the oldest message of a link.
type taskKind uint8

const (
	tWrite            taskKind = iota + 1 // master writes pending stream bytes to a replica's link
	tDeliverToReplica                     // the network delivers a master → replica message
	tDeliverToMaster                      // the network delivers a replica → master message
	tProcess                              // replica processes one command from its master
	tAck                                  // replica sends REPLCONF ACK
	tConnect                              // replica connects and sends PSYNC
	tCron                                 // replicationCron on a node
	tExpire                               // active expiry on a master
	tFailover                             // a FAILOVER's timeout comes (updateFailoverStatus)
	tUnpause                              // a replica's CLIENT PAUSE ends: its master's stream is processed again
)

// task is one queued step: node runs it (for deliveries, the replica whose
// link it is); peer is the replica a master writes to; at is a tick's time.
type task struct {
	kind taskKind
	node int
	peer int
	at   int64
}

// World is a small deployment of servers and the links between them.
type World struct {
	servers []*Server
	links   []*link // by replica index: its link to its master of the moment
	byName  map[string]int
	now     int64 // virtual ms since epochMillis
	rng     uint64
	queue   []task
	qhead   int
	line    int // current scenario line number, for events
	repeat  *repeatState
	waits   []waitState
	// postponed is the client's command a CLIENT PAUSE holds (pause.go).
	postponed *postponed
	ticks     []tick // advance: cron and expiry ticks not yet dispatched
	until     int64  // advance: where virtual time ends

	keyHint int // keys a new server's keyspace is sized for
	// keys numbers the keys of every server's keyspace (keyspace.go),
	// shared with the world's clones: it only grows.
	keys    *keyIndex
	sink    EventSink // nil: events are counted, not built into records
	emitted int       // events emitted so far
	stopAt  int       // replay: stop inside the transition that emits event stopAt-1
	reply   Reply     // reply of the current line's command
	lineErr string    // error of the current line (expect failure ...)
	// The current command's outcome for commandstats (clientCommand):
	// refused before call() (rejectCommand), postponed or queued (counted
	// later), and an error EXEC's own call made after its last queued
	// command ran (incrCommandStatsOnError then blames EXEC).
	rejected, postponedNow bool
	execErr                string

	scratch []byte
	argv    []string
	ctx     cmdCtx
	hook    backlogEvents
	ev      Event
	parsed  *parseMemo

	closeDue bool // a replica client is to be closed ASAP (outbuf.go)
	// failoverDue: some master's FAILOVER waits for a replica's ack
	// (failover.go); beforeSleep checks it.
	failoverDue bool
	trimDue     bool     // some backlog grew past its size: beforeSleep has work
	ver         *Version // the server version modelled (version.go); nil: Redis 7.0
	txn         bool     // the ops being propagated come from EXEC or a script
	script      bool     // ... from a script
	multi62     bool     // 6.2: a script ran a write command, so MULTI/EXEC go out even with no write
}

// EventSink receives every event as it is emitted.
type EventSink interface{ Event(k int, e *Event) }

type repeatState struct {
	node  int
	count int
	next  int
	args  []string
}

type waitState struct {
	node        int
	numreplicas int64
	woff        int64
}

// NewWorld makes an empty world; seed drives the replication ids.
func NewWorld(seed uint64) *World {
	return &World{byName: map[string]int{}, rng: seed*0x9E3779B97F4A7C15 + 1, parsed: &parseMemo{}, keys: newKeyIndex()}
}

// maxKeyHint bounds SetKeyHint: the hint is a guess, its memory is not.
const maxKeyHint = 2 << 20

// SetKeyHint says about how many keys a server may come to hold (the cost
// check's count of writes), so that new servers' keyspaces start at that
// size.
func (w *World) SetKeyHint(keys int64) {
	w.keyHint = int(min(max(keys, 0), maxKeyHint))
	w.keys.reserve(0, w.keyHint)
}

// SetSink sends events to sink (nil: none are built).
func (w *World) SetSink(sink EventSink) { w.sink = sink }

// Emitted is the number of events emitted so far.
func (w *World) Emitted() int { return w.emitted }

// Clone copies the world; the copy shares nothing mutable with it but the
// keyspaces' history, which neither changes, and the key index, which
// both may add to (keyspace.go): a world and its clones run on one
// goroutine.
func (w *World) Clone() *World {
	c := *w
	c.servers = make([]*Server, len(w.servers))
	for i, s := range w.servers {
		c.servers[i] = s.clone()
	}
	c.links = make([]*link, len(w.links))
	for i, l := range w.links {
		if l != nil {
			c.links[i] = l.clone()
		}
	}
	c.byName = make(map[string]int, len(w.byName))
	for k, v := range w.byName {
		c.byName[k] = v
	}
	c.queue = append([]task(nil), w.queue[w.qhead:]...)
	c.qhead = 0
	if w.repeat != nil {
		r := *w.repeat
		c.repeat = &r
	}
	c.waits = append([]waitState(nil), w.waits...)
	c.ticks = append([]tick(nil), w.ticks...)
	c.sink = nil
	c.stopAt = 0
	c.scratch = nil
	c.argv = nil
	c.ctx = cmdCtx{}
	c.ev = Event{}
	c.parsed = &parseMemo{}
	// Clones are checkpoints and replays: they run a window of events,
	// and a keyspace sized for the whole scenario's keys would cost each
	// replay that starts a server the whole run's maps (200 MiB at 1M).
	c.keyHint = 0
	return &c
}

// Nodes returns the server names in creation order.
func (w *World) Nodes() []string {
	out := make([]string, len(w.servers))
	for i, s := range w.servers {
		out[i] = s.name
	}
	return out
}

func (w *World) unixMillis() int64 { return epochMillis + w.now }

// Clock is virtual time in ms since the world began (a report's clock_ms).
func (w *World) Clock() int64 { return w.now }

// newReplid is getRandomHexChars(40), from the seeded generator.
func (w *World) newReplid() string {
	const hex = "0123456789abcdef"
	b := make([]byte, 40)
	for i := 0; i < 40; i += 16 {
		// splitmix64
		w.rng += 0x9E3779B97F4A7C15
		z := w.rng
		z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
		z = (z ^ (z >> 27)) * 0x94D049BB133111EB
		z ^= z >> 31
		for j := 0; j < 16 && i+j < 40; j++ {
			b[i+j] = hex[z&15]
			z >>= 4
		}
	}
	return string(b)
}

// stopped unwinds a replay at the event it was asked to stop at.
type stopped struct{}

// emit is called by the transition that made e true, right after its
// change: so a replay stopped at event k shows the world after event k and
// before event k+1, the state a debugger would show at that line.
func (w *World) emit(e Event) {
	if w.emitting() {
		w.observe(&e)
	}
}

// emitting counts an event and reports whether anyone looks at it. The
// hot paths (a command executed, fed, sent, read, applied, acked) write
// `if w.emitting() { w.observe(&Event{...}) }`: an Event built for emit is
// built even when no one looks (the compiler does not sink the stores
// into the branch), and building it cost more than the transition it
// describes (a seventh of an events-off replicated SET).
func (w *World) emitting() bool {
	w.emitted++
	return w.sink != nil || w.emitted == w.stopAt
}

// observe hands event emitted-1 to the sink, and stops a replay there.
func (w *World) observe(e *Event) {
	if w.sink != nil {
		// Through a field: the sink may keep the pointer until the next
		// event, and e lives on the caller's stack.
		w.ev = *e
		w.ev.Line = w.line
		w.sink.Event(w.emitted-1, &w.ev)
	}
	if w.emitted == w.stopAt {
		panic(stopped{})
	}
}

func (w *World) push(t task) { w.queue = append(w.queue, t) }

// Busy reports whether tasks are pending (the world is not settled).
func (w *World) Busy() bool { return w.qhead < len(w.queue) }

// Begin starts a scenario line: it runs what the line does at once and
// queues the rest; Step then runs the queued tasks one by one.
func (w *World) Begin(l *scenario.Line) {
	w.line = l.Num
	w.reply = Reply{}
	w.lineErr = ""
	defer w.recoverInto()
	switch l.Kind {
	case scenario.Node:
		w.addNode(l.Node, l.Master)
	case scenario.Config:
		w.configSet(w.byName[l.Node], l.Param, l.Value)
	case scenario.Command:
		w.clientCommand(w.byName[l.Node], l.Args)
	case scenario.Repeat:
		w.repeat = &repeatState{node: w.byName[l.Node], count: l.Count, next: 1, args: l.Args}
	case scenario.Link:
		w.setLink(w.byName[l.Node], l.Up)
	case scenario.Hold:
		w.setHold(w.byName[l.Node], !l.Up)
	case scenario.Stall:
		w.setStall(w.byName[l.Node], !l.Up)
	case scenario.Restart:
		w.restart(w.byName[l.Node])
	case scenario.Advance:
		w.advance(l.Millis)
	case scenario.Expect:
		w.expect(w.byName[l.Node], l.Param, l.Value)
	}
	w.beforeSleep()
}

// recoverInto is Begin's guard (see recovered).
func (w *World) recoverInto() {
	if r := recover(); r != nil {
		w.recovered(r)
	}
}

// Step runs one queued task; when none is left it settles whatever can
// still happen (reconnections, WAIT replies) and reports false once the
// world is quiet. It does not recover from a bug's panic: Run and the
// timeline do, once per line or batch, since a deferred recover on every
// task costs more than the task in WebAssembly.
func (w *World) Step() (more bool) {
	if w.qhead >= len(w.queue) {
		w.queue, w.qhead = w.queue[:0], 0
		more = w.settleIdle()
		// A repeat iteration or a time tick may have run without a
		// queued task: the event loop still ends in beforeSleep.
		w.beforeSleep()
		return more
	}
	t := w.queue[w.qhead]
	w.qhead++
	w.run(t)
	w.beforeSleep()
	return true
}

// recovered turns a bug's panic (never a replay's stop) into the line's
// error and leaves the world quiet, so that no input can crash a tab.
func (w *World) recovered(r any) {
	if _, ok := r.(stopped); ok {
		panic(r)
	}
	w.lineErr = fmt.Sprintf("internal error (a ReplScope bug, please report it): %v", r)
	w.queue, w.qhead = w.queue[:0], 0
	w.repeat, w.ticks, w.waits = nil, nil, nil
}

// beforeSleep ends every event-loop iteration: Redis trims the backlog
// there too (10 × REPL_BACKLOG_TRIM_BLOCKS_PER_CALL), so a window can move
// without a new block being added.
func (w *World) beforeSleep() {
	// Inlined into Step: most iterations have nothing to do.
	if w.closeDue || w.failoverDue || w.trimDue {
		w.beforeSleepWork()
	}
}

func (w *World) beforeSleepWork() {
	if w.closeDue {
		w.freeClientsASAP()
	}
	if w.failoverDue {
		w.failoverBeforeSleep()
	}
	if !w.trimDue {
		return
	}
	w.trimDue = false
	for _, s := range w.servers {
		if b := s.backlog; b != nil && b.trimDue(s.cfg.backlogSize) {
			if t, f := b.trim(10*trimBlocksPerCall, s.masterReplOffset, s.cfg.backlogSize); t > 0 {
				w.backlogHook(s).trimmed(t, f)
			}
		}
	}
}

// Run begins a line and steps until the world settles.
func (w *World) Run(l *scenario.Line) {
	w.Begin(l)
	defer w.recoverInto()
	for w.Step() {
	}
}

// Reply is the reply of the last command line.
func (w *World) Reply() Reply { return w.reply }

// LineErr is the error of the last line ("" when none).
func (w *World) LineErr() string { return w.lineErr }

func (w *World) run(t task) {
	switch t.kind {
	case tWrite:
		w.writeToReplica(t.node, t.peer)
	case tDeliverToReplica:
		w.deliverToReplica(t.node)
	case tDeliverToMaster:
		w.deliverToMaster(t.node)
	case tProcess:
		w.processFromMaster(t.node)
	case tAck:
		w.sendAck(t.node)
	case tConnect:
		w.connectToMaster(t.node)
	case tCron:
		w.replicationCron(t.node)
	case tExpire:
		w.activeExpire(t.node, t.at)
	case tFailover:
		w.updateFailoverStatus(w.servers[t.node])
	case tUnpause:
		w.resumeMaster(w.servers[t.node])
	}
}

// settleIdle runs when the queue is empty: replicas that can connect do
// (replicationCron retries every second; settling waits for it), blocked
// WAITs get their replies, then the next repeat iteration or time tick is
// dispatched, each on a settled world.
func (w *World) settleIdle() bool {
	for _, s := range w.servers {
		if s.up && s.masterhost != "" && s.replState == replConnect && w.canConnect(s) {
			w.push(task{kind: tConnect, node: s.index})
		}
	}
	if w.Busy() {
		return true
	}
	if len(w.waits) > 0 {
		for _, wt := range w.waits {
			w.finishWait(wt)
		}
		w.waits = w.waits[:0]
		if w.Busy() {
			return true
		}
	}
	if w.repeat != nil && w.postponed == nil {
		w.repeatNext()
		return true
	}
	if len(w.ticks) > 0 {
		t := w.ticks[0]
		w.ticks = w.ticks[1:]
		w.now = t.at
		w.push(task{kind: t.kind, node: t.node, at: t.at})
		return true
	}
	if w.until > w.now {
		w.now = w.until
	}
	if p := w.postponed; p != nil {
		// The pause is over: the command is processed again.
		w.postponed = nil
		w.clientCommand(p.si, p.argv)
		return true
	}
	return w.pollEvictions()
}

// pollEvictions runs performEvictions on every server with a maxmemory
// once the line has settled, and reports whether it evicted anything (its
// DELs then settle too). The conformance harness reads INFO from every
// node after every line, and on a real server each of those commands goes
// through processCommand, which evicts: a key that became evictable
// during the line (EXPIRE under volatile-lru, a replica with
// replica-ignore-maxmemory no applying its master's writes) is gone by
// the time anyone looks. The model evicts at the same point so that a
// scenario compares line by line.
func (w *World) pollEvictions() bool {
	evicted := false
	for _, s := range w.servers {
		if !s.up || s.cfg.maxmemory == 0 {
			continue
		}
		n := s.stat.evictedKeys
		w.performEvictions(s)
		evicted = evicted || s.stat.evictedKeys != n
	}
	return evicted
}

// canConnect is what settling knows of a reconnection: replicationCron
// retries every second, and would succeed once the link is whole and the
// master can serve (a replica serves only while its own link is up). The
// world uses it to decide when the retry happens, not the replica.
func (w *World) canConnect(s *Server) bool {
	mi, ok := w.byName[s.masterhost]
	if !ok || w.linkCut(s) {
		return false
	}
	m := w.servers[mi]
	// A master failing over refuses SYNC (-NOMASTERLINK); the retry after
	// it ends succeeds. A PSYNC FAILOVER promotes its target before any
	// other check, so it goes through wherever the target's link is.
	serves := m.masterhost == "" || m.replState == replConnected || s.failoverState == failoverInProgress
	return m.up && serves && m != s && m.failoverState == noFailover && w.masterAuthOK(s, m)
}

// masterAuthOK is syncWithMaster's AUTH step: whether replica r's
// handshake gets past it on master m. Without masterauth, m must let a
// new connection in (its default user on and nopass: else the PSYNC gets
// NOAUTH); with it, AUTH [masteruser] masterauth must succeed, and AUTH
// <password> to a default user without a password fails too ("Unable to
// AUTH to MASTER"). A real replica that fails tries again every second;
// the model's waits until a CONFIG SET makes it pass.
func (w *World) masterAuthOK(r, m *Server) bool {
	v := w.Version()
	pass := r.cfg.get("masterauth")
	if pass == "" {
		return m.defaultAuthenticates(v)
	}
	user := r.cfg.get("masteruser")
	if user == "" {
		if u := m.aclUser(v, "default"); u == nil || u.flags&userNopass != 0 {
			return false
		}
		user = "default"
	}
	return m.authenticate(v, user, pass)
}

func (w *World) addNode(name, master string) {
	s := &Server{name: name, index: len(w.servers), port: 6380 + len(w.servers)}
	w.byName[name] = s.index
	w.servers = append(w.servers, s)
	w.links = append(w.links, nil)
	w.startServer(s, nil)
	w.emit(Event{Kind: EvStarted, Node: name, Text: "starts as an empty master (replid " + short(s.replid) + "…, master_repl_offset 0)", Func: "initServer"})
	if master != "" {
		// Started with `replicaof` in its configuration: no history of its
		// own to offer, so its first PSYNC is "? -1".
		s.masterhost, s.masterIdx = master, w.byName[master]
		s.replState = replConnect
		w.emit(Event{Kind: EvRoleChanged, Node: name, Peer: master, Text: "is configured as a replica of " + master + " and will ask PSYNC ? -1", Func: "loadServerConfig"})
	}
}

// startServer is a process start: fresh state, then the RDB if any
// (loadDataFromDisk). The first replicationCron (loop 0) runs at once and
// finds no replica, as the harness lets a fresh master run a second first.
func (w *World) startServer(s *Server, rdb *rdbFile) {
	cfg := s.cfg
	if !s.up {
		// A process start reads its configuration: the defaults and the
		// `config` lines, not what CONFIG SET commands changed.
		cfg = w.Version().defaultConfig()
		for _, kv := range s.cfgLines {
			cfg.set(kv[0], kv[1])
			if p := findParam(kv[0]); p != nil && p.name == "repl-backlog-size" && cfg.backlogSize < replBacklogMinSize {
				cfg.backlogSize = replBacklogMinSize
			}
		}
	}
	*s = Server{
		name: s.name, index: s.index, port: s.port, up: true, cfg: cfg, cfgLines: s.cfgLines,
		replid: w.newReplid(), replid2: zeroID,
		secondReplidOffset: -1, slaveseldb: -1, noSlavesSince: w.now,
		bornAt: w.now, lastSave: w.now, cronLoops: 1, rdb: rdb, startLRU: w.lruClock(),
		lrand48: rand48Start,
	}
	if rdb == nil {
		s.ks = newKeyspaceSized(w.keys, w.keyHint)
		return
	}
	s.ks = rdb.ks.own(w.keyHint, s.cfg.encLimits(), w.loadedLRU(s, &rdb.usage))
	s.loadedKeys = int64(s.ks.size())
	if rdb.wasReplica != "" {
		s.masterhost, s.masterIdx = rdb.wasReplica, w.byName[rdb.wasReplica]
		s.replState = replConnect
	}
	if !rdb.hasInfo {
		return
	}
	if s.masterhost != "" {
		s.replid = rdb.replid
		s.masterReplOffset = rdb.offset
		w.cacheMasterUsingMyself(s)
		s.cachedMaster.db = rdb.streamDB
		return
	}
	if w.Version().redis62 {
		return // 6.2: a master restores no history (loadDataFromDisk)
	}
	// A master keeps the saved history as its second id.
	s.replid2 = rdb.replid
	s.secondReplidOffset = rdb.offset + 1
	s.masterReplOffset = rdb.offset
	s.backlog = w.Version().newBacklog(s.masterReplOffset)
}

const zeroID = "0000000000000000000000000000000000000000"

func (w *World) server(name string) *Server {
	i, ok := w.byName[name]
	if !ok {
		return nil
	}
	return w.servers[i]
}

type tick struct {
	at   int64
	node int
	kind taskKind
}

// maxTicks bounds one advance (a second per tick per server).
const maxTicks = 200000

// advance lets virtual time pass: replicationCron fires once a second on
// every server and keys expire; the world settles after each tick.
func (w *World) advance(ms int64) {
	end := w.now + ms
	var ticks []tick
	for _, s := range w.servers {
		if !s.up {
			continue
		}
		// Crons at bornAt + k*1000 for k >= cronLoops.
		for k := s.cronLoops; len(ticks) < maxTicks; k++ {
			at := s.bornAt + k*1000
			if at > end {
				break
			}
			if at > w.now {
				ticks = append(ticks, tick{at, s.index, tCron})
			}
		}
		if s.masterhost != "" && s.pauseType != pauseOff {
			if at := s.pauseEnd - epochMillis; at > w.now && at <= end {
				ticks = append(ticks, tick{at, s.index, tUnpause})
			}
		}
		if s.failoverState == failoverWaitForSync && s.failoverEnd != 0 {
			if at := s.failoverEnd - epochMillis; at > w.now && at <= end {
				ticks = append(ticks, tick{at, s.index, tFailover})
			}
		}
		if s.masterhost == "" {
			from := w.now
			if s.pauseType != pauseOff {
				// activeExpireCycle waits for the pause's end.
				from = max(from, s.pauseEnd-epochMillis-1)
			}
			for _, at := range s.expiryTimes(from, end) {
				ticks = append(ticks, tick{at, s.index, tExpire})
			}
			for _, at := range w.fieldExpiryTimes(s, w.now, end) { // Redis 7.4's hash fields
				ticks = append(ticks, tick{at, s.index, tExpire})
			}
		}
	}
	if len(ticks) >= maxTicks {
		w.lineErr = "advance " + fmtMillis(ms) + " is too long to simulate second by second here; use at most " + itoa(maxTicks/int64(max(len(w.servers), 1))) + "s"
		return
	}
	sort.SliceStable(ticks, func(i, j int) bool {
		if ticks[i].at != ticks[j].at {
			return ticks[i].at < ticks[j].at
		}
		return ticks[i].kind > ticks[j].kind // expiry before cron at the same instant
	})
	w.ticks = ticks
	w.until = end
}

// expiryTimes lists the distinct times in (from, to] at which keys expire.
func (s *Server) expiryTimes(from, to int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for db := range numDBs {
		s.ks.volatileKeys(db, func(_ string, e *entry) {
			at := e.expire - epochMillis
			if at <= from {
				at = from + 1 // already due: the next active cycle gets it
			}
			if at <= to && !seen[at] {
				seen[at] = true
				out = append(out, at)
			}
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// activeExpire deletes a top-level master's keys that are due at time at,
// each DEL propagated alone (activeExpireCycle).
func (w *World) activeExpire(si int, at int64) {
	s := w.servers[si]
	if !s.up || s.masterhost != "" || s.activeExpireOff || w.paused(s) {
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
			s.stat.expiredKeys++
			w.emit(Event{Kind: EvExpired, Node: s.name, Text: k, Argv: []string{s.cfg.expiredDel()}, Func: "activeExpireCycle"})
			w.propagatePending(s, []propOp{{db: db, argv: []string{s.cfg.expiredDel(), k}}})
		}
		w.activeExpireFields(s, db, at) // Redis 7.4's hash fields
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
	s.client.resp3 = false // a new connection speaks RESP2 until HELLO 3
	// MIGRATE's cached connections from it and to it are gone (a source
	// that finds its connection closed retries once on a new one).
	s.migrateConns = nil
	for _, o := range w.servers {
		if o.migrateConns[s.name] != nil {
			o.migrateCloseSockets(func(target string, _ *migrateConn) bool { return target == s.name })
		}
	}
	if l := w.linkOf(s); l != nil {
		l.closeConn() // the process is gone; the network (and a cut) stays
	}
	w.startServer(s, rdb)
	text := "starts again and loads dump.rdb: replid " + short(s.replid) + "…, master_repl_offset " + itoa(s.masterReplOffset)
	if s.masterhost == "" && rdb.hasInfo && s.secondReplidOffset >= 0 {
		text += "; the saved id is kept as master_replid2, valid up to " + itoa(s.secondReplidOffset)
	}
	if s.backlog != nil {
		text += "; backlog created at " + itoa(s.backlog.FirstByteOffset())
	}
	w.emit(Event{Kind: EvRestart, Node: s.name, Text: text, Func: "loadDataFromDisk"})
}

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
