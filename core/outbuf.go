package core

import (
	"cmp"
	"strconv"
	"strings"
)

// A replica's output buffer in 7.0 is not a copy: it is the replica's
// reference into the shared replication buffer (backlog.go), taken at the
// first write after it is attached. networking.c's
// getClientOutputBufferMemoryUsage counts every block from the referenced
// one to the tail at its capacity, plus a list node and a block header
// each (omem); CLIENT LIST's oll counts those blocks.
// `client-output-buffer-limit replica HARD SOFT SECONDS` is checked when a
// block is added (closeClientOnOutputBufferLimitReached, asynchronously:
// the client is freed in beforeSleep) and by clientsCron (at once), and a
// hard limit below repl-backlog-size is raised to it.
//
// This file also holds the contract 1.1 verbs that make a full sync last
// over lines: `sync R hold|release` and `link R stall|resume`, states of
// R's link (link.go).

// replBufNodeSize is sizeof(listNode) + sizeof(replBufBlock) on x86-64.
const replBufNodeSize = 24 + replBufBlockHeader

// StallCap is the most a stalled link may be sent (the contract's cap:
// beyond it, kernel buffers would absorb an unknown amount on a real
// server).
const StallCap = 1 << 20

// obufLimit is one class of client-output-buffer-limit.
type obufLimit struct{ hard, soft, seconds int64 }

// obufLimits are the classes normal, replica (printed "slave"), pubsub.
type obufLimits [3]obufLimit

var obufClassNames = [3]string{"normal", "slave", "pubsub"}

// defaultObufLimits are Redis 7.0's.
var defaultObufLimits = obufLimits{{0, 0, 0}, {256 << 20, 64 << 20, 60}, {32 << 20, 8 << 20, 60}}

// set is updateClientOutputBufferLimit: all classes of the value or none.
func (o *obufLimits) set(value string) string {
	args := strings.Fields(value)
	if len(args)%4 != 0 {
		return "Wrong number of arguments in buffer limit configuration."
	}
	vals := *o
	for j := 0; j < len(args); j += 4 {
		class := -1
		switch strings.ToLower(args[j]) {
		case "normal":
			class = 0
		case "slave", "replica":
			class = 1
		case "pubsub":
			class = 2
		}
		if class < 0 {
			return "Invalid client class specified in buffer limit configuration."
		}
		hard, ok1 := ParseMemory(args[j+1])
		soft, ok2 := ParseMemory(args[j+2])
		secs, err := strconv.ParseInt(args[j+3], 10, 64)
		if !ok1 || !ok2 || err != nil || secs < 0 {
			return "Error in hard, soft or soft_seconds setting in buffer limit configuration."
		}
		vals[class] = obufLimit{hard, soft, secs}
	}
	*o = vals
	return ""
}

// String is CONFIG GET's form.
func (o *obufLimits) String() string {
	parts := make([]string, 0, 3)
	for i, l := range o {
		parts = append(parts, obufClassNames[i]+" "+itoa(l.hard)+" "+itoa(l.soft)+" "+itoa(l.seconds))
	}
	return strings.Join(parts, " ")
}

// outputBuffer is getClientOutputBufferMemoryUsage for a replica client
// (omem) and the blocks it spans (CLIENT LIST's oll).
func (s *Server) outputBuffer(rc *replicaClient) (omem, blocks int64) {
	b, ok := s.backlog.(*Backlog) // 7.0's shared buffer; a 6.2 ring is not modelled here
	if !ok || b == nil || !rc.ref.ok || len(b.blocks) == 0 {
		return 0, 0
	}
	i := b.blockIndex(rc.ref.block)
	if i < 0 {
		return 0, 0
	}
	cur, last := b.blocks[i], b.blocks[len(b.blocks)-1]
	blocks = last.id - cur.id + 1
	return last.offset + last.size - cur.offset + replBufNodeSize*blocks, blocks
}

// memReplBuffers is mem_total_replication_buffers (0 without a backlog).
func (s *Server) memReplBuffers() int64 {
	if s.backlog == nil {
		return 0
	}
	return s.backlog.memTotal()
}

// memTotal is server.repl_buffer_mem: every block at its allocation.
func (b *Backlog) memTotal() int64 {
	if b == nil {
		return 0
	}
	var n int64
	for _, o := range b.blocks {
		n += o.size + replBufNodeSize
	}
	return n
}

// replicaHardLimit is the hard limit checkClientOutputBufferLimits uses
// for replicas: never below repl-backlog-size (0 is no limit).
func (s *Server) replicaHardLimit() int64 {
	h := s.cfg.obuf[1].hard
	if h > 0 && h < s.cfg.backlogSize {
		h = s.cfg.backlogSize
	}
	return h
}

func (w *World) unixSeconds() int64 { return (epochMillis + w.now) / 1000 }

// obufOver is checkClientOutputBufferLimits for a replica client; it
// also keeps the time the soft limit was first reached. It reports which
// limit was passed ("hard" or "soft", "" for none) and its value.
func (w *World) obufOver(s *Server, rc *replicaClient) (string, int64) {
	omem, _ := s.outputBuffer(rc)
	l := s.cfg.obuf[1]
	hard := l.hard > 0 && omem >= s.replicaHardLimit()
	soft := l.soft > 0 && omem >= l.soft
	if soft {
		now := w.unixSeconds()
		if rc.softSince == 0 {
			rc.softSince = now
			soft = false
		} else if now-rc.softSince <= l.seconds {
			soft = false
		}
	} else {
		rc.softSince = 0
	}
	switch {
	case hard:
		return "hard", s.replicaHardLimit()
	case soft:
		return "soft", l.soft
	}
	return "", 0
}

// limitEvent is the event of a replica found over its limit.
func (w *World) limitEvent(s *Server, rc *replicaClient, kind string, limit int64, async bool) {
	omem, blocks := s.outputBuffer(rc)
	var from int64
	if b, ok := s.backlog.(*Backlog); ok {
		if i := b.blockIndex(rc.ref.block); i >= 0 {
			from = b.blocks[i].offset
		}
	}
	how := "closeASAP"
	if !async {
		how = "now"
	}
	s.stat.outbufLimit++ // 7.4's client_output_buffer_limit_disconnections
	w.emit(Event{Kind: EvOutputLimit, Node: s.name, Peer: rc.name, A: omem, B: limit, Offset: from, Argv: []string{kind, itoa(blocks), how, itoa(s.cfg.obuf[1].seconds)}, Func: "closeClientOnOutputBufferLimitReached"})
}

// obufCheckNewBlock is feedReplicationBuffer's check after it added a
// block: every replica that can be fed is checked; one over its limit is
// closed asynchronously (freeClientAsync: freed in beforeSleep).
func (w *World) obufCheckNewBlock(s *Server) {
	for _, rc := range s.slaves {
		if rc.state == slaveWaitBgsaveStart || rc.closeASAP {
			continue
		}
		if kind, limit := w.obufOver(s, rc); kind != "" {
			rc.closeASAP = true
			w.closeDue = true
			w.limitEvent(s, rc, kind, limit, true)
		}
	}
}

// obufCheckCron is clientsCron's check: a replica over its limit (the
// soft one, for long enough) is freed at once.
func (w *World) obufCheckCron(s *Server) {
	for i := 0; i < len(s.slaves); {
		rc := s.slaves[i]
		if rc.closeASAP || !rc.ref.ok {
			i++
			continue
		}
		kind, limit := w.obufOver(s, rc)
		if kind == "" {
			i++
			continue
		}
		w.limitEvent(s, rc, kind, limit, false)
		w.dropReplica(s, i, "closed for overcoming of output buffer limits")
		w.linkLoss(w.servers[rc.index], "its master closed the connection")
	}
}

// freeClientsASAP is freeClientsInAsyncFreeQueue (beforeSleep): replica
// clients scheduled to be closed are freed, their references released
// (the backlog may trim), and the replicas see their connection close.
func (w *World) freeClientsASAP() {
	w.closeDue = false
	for _, s := range w.servers {
		for i := 0; i < len(s.slaves); {
			rc := s.slaves[i]
			if !rc.closeASAP {
				i++
				continue
			}
			w.dropReplica(s, i, "closed for overcoming of output buffer limits")
			w.linkLoss(w.servers[rc.index], "its master closed the connection")
		}
	}
}

// setHold is `sync R hold|release`.
func (w *World) setHold(ri int, hold bool) {
	r := w.servers[ri]
	r.syncHold = hold
	held := false
	l := w.linkOf(r)
	if l != nil && r.masterhost != "" {
		held = l.holding
		l.holding = held && hold
	}
	a := int64(0)
	if hold {
		a = 1
	}
	w.emit(Event{Kind: EvSyncHold, Node: r.name, Peer: r.masterhost, A: a, B: boolInt(held), Func: "sync hold"})
	if held && !hold {
		w.redeliver(l)
	}
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// setStall is `link R stall|resume`.
func (w *World) setStall(ri int, stall bool) {
	r := w.servers[ri]
	if r.masterhost == "" {
		w.lineErr = "link " + r.name + ": " + r.name + " is a master; `link` takes a replica"
		return
	}
	l := w.openLink(r)
	if l.stalled == stall {
		return
	}
	l.stalled = stall
	w.emit(Event{Kind: EvLinkStall, Node: r.name, Peer: r.masterhost, A: boolInt(stall), B: int64(len(l.wire) - l.wireHead), Func: "link stall"})
	if !stall {
		w.redeliver(l)
	}
}

// redeliver queues a delivery for every message a held or stalled link
// kept.
func (w *World) redeliver(l *link) {
	for range l.toReplica.len() {
		w.push(task{kind: tDeliverToReplica, node: l.replica})
	}
}

// blocked reports whether a link keeps its master → replica messages
// (a held sync after +FULLRESYNC, a stalled link); a stalled link over
// the cap is the line's error.
func (w *World) blocked(l *link) bool {
	if l.stalled {
		if n := len(l.wire) - l.wireHead; n > StallCap && w.lineErr == "" {
			w.lineErr = "link " + w.servers[l.replica].name + " stall: " + itoa(int64(n)) + " bytes were sent into the stalled link; the contract allows at most " + itoa(StallCap) + " (1 MiB)"
		}
		return true
	}
	return l.holding
}

// syncHeld is R reading +FULLRESYNC on a link whose sync is held: R
// waits for the RDB, which the link keeps (a cached master stays until
// the RDB is loaded: replicationAttachToNewMaster); the master has written the RDB into
// the link, so it puts R online and waits for R's first ACK before it
// sends the stream (repl_start_cmd_stream_on_ack).
func (w *World) syncHeld(ri int, l *link) {
	r, m := w.servers[ri], w.servers[l.master]
	if r.replState != replTransfer {
		return
	}
	l.holding = true
	w.emit(Event{Kind: EvSyncHeld, Node: r.name, Peer: m.name, A: r.masterInitialOffset, Func: "readSyncBulkPayload"})
	if rc := m.slaveAt(ri); rc != nil && rc.state == slaveWaitBgsaveEnd {
		rc.state, rc.waitAck = slaveOnline, true
		w.emit(Event{Kind: EvReplicaOnline, Node: m.name, Peer: r.name, A: rc.psyncInitialOffset, Text: "wait-ack", Func: "updateSlavesWaitingBgsave"})
	}
}

func isFullResync(reply string) bool { return strings.HasPrefix(reply, "+FULLRESYNC") }

// held reports whether replica rc of m is held or stalled now (the
// report then carries its omem and oll).
func (w *World) held(m *Server, rc *replicaClient) bool {
	l := w.links[rc.index]
	return l != nil && l.master == m.index && (l.holding || l.stalled)
}

// replMemoryInfo is the replication part of INFO memory. Since 7.0
// mem_replication_backlog adds the blocks index's rax (4 bytes a node, 8
// a key: one empty head node while fewer than 64 blocks are indexed,
// which is all the model counts). 6.2's is its ring's allocation.
func (w *World) replMemoryInfo(s *Server) []infoLine {
	total := s.memReplBuffers()
	backlog, slaves := total, int64(0)
	if len(s.slaves) > 0 && total > s.cfg.backlogSize {
		slaves, backlog = total-s.cfg.backlogSize, s.cfg.backlogSize
	}
	if w.Version().redis62 {
		// 6.2: the ring's allocation (zmalloc_size), replicas' buffers
		// apart.
		backlog, slaves = 0, 0
		if s.backlog != nil {
			backlog = jemallocUsable(s.cfg.backlogSize)
		}
	} else if s.backlog != nil {
		backlog += 4
	}
	return []infoLine{
		{"mem_replication_backlog", itoa(backlog)},
		{"mem_total_replication_buffers", itoa(total)},
		{"mem_clients_slaves", itoa(slaves)},
	}
}

// clientList is CLIENT LIST [TYPE normal|replica|slave|master|pubsub]:
// the scenario's client, the master link and the replicas, with the
// output-buffer figures Redis prints (other figures are nominal).
func (w *World) clientList(s *Server, typ string) (string, string) {
	typ = strings.ToLower(typ)
	switch typ {
	case "", "normal", "master", "pubsub":
	case "replica", "slave":
		typ = "slave"
	default:
		return "", "ERR Unknown client type '" + typ + "'"
	}
	var b strings.Builder
	line := func(id int, port int, flags string, db int, oll, omem int64, cmd string) {
		b.WriteString(s.catClientInfo(id, port, "", flags, db, -1, oll, omem, cmd, "default", false) + "\n")
	}
	if typ == "" || typ == "normal" {
		b.WriteString(s.clientInfoLine("client|list", s.client.resp3) + "\n")
	}
	if (typ == "" || typ == "master") && s.master != nil {
		line(2, w.server(s.masterhost).port, "M", s.master.db, 0, 0, "ping")
	}
	if typ == "" || typ == "slave" {
		for i, rc := range s.slaves {
			omem, oll := s.outputBuffer(rc)
			cmd := "psync"
			if rc.acked {
				cmd = "replconf" // the last command it sent
			}
			line(3+i, w.servers[rc.index].port, "S", 0, oll, omem, cmd)
		}
	}
	if typ == "" || typ == "normal" {
		// Other nodes' MIGRATE connections, connected after the rest.
		for i, mc := range w.migrateClients(s) {
			b.WriteString(s.catClientInfo(3+len(s.slaves)+i, 40000+i, mc.client.name, "N", mc.client.db, -1, 0, 0, mc.lastCmd, cmp.Or(mc.client.user, "default"), false) + "\n")
		}
	}
	return b.String(), ""
}

func cmdClient(c *cmdCtx) Reply {
	sub := strings.ToLower(c.argv[1])
	switch {
	case sub == "list" && len(c.argv) == 2:
		out, _ := c.w.clientList(c.s, "")
		return c.verbatimReply(out)
	case sub == "list" && len(c.argv) == 4 && strings.EqualFold(c.argv[2], "type"):
		out, err := c.w.clientList(c.s, c.argv[3])
		if err != "" {
			return errReply(err)
		}
		return c.verbatimReply(out)
	case sub == "list":
		return errReply("ERR syntax error")
	}
	return errReply("ERR unknown subcommand '" + c.argv[1] + "'. Try CLIENT HELP.")
}
