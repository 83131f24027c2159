package core

// The network is data, as in etcd's rafttest.InteractionEnv: each replica
// has one link to its master of the moment, and what one end writes is a
// typed message in flight on it until the world delivers it. A protocol
// function acts on its own server and sends messages; it never reaches
// into the other end. So the page can draw bytes in flight, and a test can
// deliver, hold or drop one message.

// msgKind is what a message on a link carries.
type msgKind uint8

const (
	msgPsync      msgKind = iota + 1 // replica → master: PSYNC <replid> <offset>
	msgAck                           // replica → master: REPLCONF ACK <offset>
	msgPsyncReply                    // master → replica: +FULLRESYNC, +CONTINUE or -NOMASTERLINK
	msgRDB                           // master → replica: the RDB payload of a full sync
	msgStream                        // master → replica: bytes of the replication stream
)

// message is one write on a link. Stream bytes live in the link's wire
// buffer, in order; a stream message holds how many of them are its own.
type message struct {
	kind   msgKind
	text   string // PSYNC's id, or the reply line
	offset int64  // PSYNC's or ACK's offset; +FULLRESYNC's offset; a stream's first byte
	n      int    // stream bytes
	rdb    *rdbFile
	// failover: PSYNC ... FAILOVER, sent by a master failing over to
	// this replica (failover.go).
	failover bool
}

// link is the connection between a replica and its master. A cut link
// (`link R down`) refuses to connect; in-flight messages die with the
// connection.
type link struct {
	master, replica int
	cut             bool
	holding         bool // this connection's sync is held: nothing more is delivered
	stalled         bool // `link R stall`: nothing is delivered to the replica
	toReplica       queue
	toMaster        queue
	wire            []byte // stream bytes of toReplica, in order, from wireHead
	wireHead        int
}

// queue is a FIFO of messages that reuses its array once drained.
type queue struct {
	msgs []message
	head int
}

func (q *queue) push(m message)  { q.msgs = append(q.msgs, m) }
func (q *queue) len() int        { return len(q.msgs) - q.head }
func (q *queue) each() []message { return q.msgs[q.head:] }
func (q *queue) pop() message {
	m := q.msgs[q.head]
	if m.text != "" || m.rdb != nil {
		q.msgs[q.head] = message{} // let the collector have them (stream bytes and acks hold none)
	}
	q.head++
	if q.head == len(q.msgs) {
		q.msgs, q.head = q.msgs[:0], 0
	}
	return m
}
func (q *queue) clear()      { clear(q.msgs); q.msgs, q.head = q.msgs[:0], 0 }
func (q queue) clone() queue { return queue{msgs: append([]message(nil), q.each()...)} }

func (l *link) clone() *link {
	c := *l
	c.toReplica, c.toMaster = l.toReplica.clone(), l.toMaster.clone()
	c.wire, c.wireHead = append([]byte(nil), l.wire[l.wireHead:]...), 0
	return &c
}

// linkOf is the link of replica r to its current master (nil: none yet).
func (w *World) linkOf(r *Server) *link {
	l := w.links[r.index]
	if l == nil || l.master != r.masterIdx {
		return nil
	}
	return l
}

// openLink makes the link between r and its current master, keeping a cut
// only when it is the same pair (the contract's Clarifications).
func (w *World) openLink(r *Server) *link {
	l := w.links[r.index]
	if l != nil && l.master == r.masterIdx {
		return l
	}
	n := &link{master: r.masterIdx, replica: r.index}
	if l != nil {
		n.stalled = l.stalled
	}
	l = n
	w.links[r.index] = l
	return l
}

// closeConn drops what is in flight: the TCP connection is gone.
func (l *link) closeConn() {
	l.holding = false
	l.toReplica.clear()
	l.toMaster.clear()
	l.wire, l.wireHead = l.wire[:0], 0
}

// sendToMaster is a replica's write on its link.
func (w *World) sendToMaster(r *Server, m message) {
	l := w.linkOf(r)
	if l == nil {
		return
	}
	l.toMaster.push(m)
	w.push(task{kind: tDeliverToMaster, node: r.index})
}

// sendToReplica is a master's write on the link of replica ri.
func (w *World) sendToReplica(ri int, m message, stream []byte) {
	l := w.links[ri]
	if l == nil {
		return
	}
	l.wire = append(l.wire, stream...)
	l.toReplica.push(m)
	w.push(task{kind: tDeliverToReplica, node: ri})
}

// deliverToMaster hands the oldest replica → master message to the master.
func (w *World) deliverToMaster(ri int) {
	l := w.links[ri]
	if l == nil || l.toMaster.len() == 0 {
		return
	}
	m := l.toMaster.pop()
	switch m.kind {
	case msgPsync:
		w.syncCommand(l.master, ri, m.text, m.offset, m.failover)
	case msgAck:
		w.replconfAck(l.master, ri, m.offset)
	}
}

// deliverToReplica hands the oldest master → replica message to the replica.
func (w *World) deliverToReplica(ri int) {
	l := w.links[ri]
	if l == nil || l.toReplica.len() == 0 || w.blocked(l) {
		return
	}
	m := l.toReplica.pop()
	switch m.kind {
	case msgPsyncReply:
		w.psyncReply(ri, l.master, m.text, m.offset)
		if w.servers[ri].syncHold && isFullResync(m.text) {
			w.syncHeld(ri, l)
		}
	case msgRDB:
		w.readSyncBulkPayload(ri, l.master, m.rdb)
	case msgStream:
		w.readQueryFromMaster(ri, m.offset, l, m.n)
	}
}

// readStream moves the next n stream bytes off the wire to the end of
// buf (a query buffer). When they are all the wire holds and buf is
// empty, the two trade arrays instead of copying: the bytes change
// hands, as a read from a socket's buffer into the query buffer does.
func (l *link) readStream(n int, buf []byte) []byte {
	data := l.wire[l.wireHead : l.wireHead+n]
	l.wireHead += n
	if l.wireHead < len(l.wire) {
		return append(buf, data...)
	}
	if len(buf) == 0 && len(data) == len(l.wire) {
		l.wire, l.wireHead = buf[:0], 0
		return data
	}
	buf = append(buf, data...)
	l.wire, l.wireHead = l.wire[:0], 0
	return buf
}

// setLink is the `link NAME down|up` verb: the network, not the servers.
func (w *World) setLink(ri int, up bool) {
	r := w.servers[ri]
	if r.masterhost == "" {
		// A FAILOVER changes roles where the cost check cannot follow.
		w.lineErr = "link " + r.name + ": " + r.name + " is not a replica, it has no link to cut"
		return
	}
	l := w.openLink(r)
	if up {
		if !l.cut {
			return
		}
		l.cut = false
		w.emit(Event{Kind: EvLinkUp, Node: r.name, Peer: r.masterhost, Text: "network restored", Func: "connectWithMaster"})
		return
	}
	// The master notices first (its event), then the replica, whose
	// link-down event carries the cut.
	if m := w.server(r.masterhost); m != nil {
		if i, _ := m.findSlave(r.name); i >= 0 {
			w.dropReplica(m, i, "the network link was cut")
		}
	}
	l.cut = true
	if r.master == nil && r.replState != replHandshake && r.replState != replTransfer {
		// Not connected: nothing to break, but the cut is news.
		w.emit(Event{Kind: EvLinkDown, Node: r.name, Peer: r.masterhost, Text: "(not connected)", A: -1, Func: "connectWithMaster"})
		return
	}
	w.linkLoss(r, "the network link was cut")
}

// linkCut reports whether replica r's link to its current master is cut.
func (w *World) linkCut(r *Server) bool {
	l := w.linkOf(r)
	return l != nil && l.cut
}

// InFlight lists what is on the way on a replica's link.
func (w *World) InFlight(replica string) InFlight {
	r := w.server(replica)
	if r == nil {
		return InFlight{}
	}
	l := w.linkOf(r)
	if l == nil {
		return InFlight{Replica: replica}
	}
	f := InFlight{Replica: replica, Master: w.servers[l.master].name, StreamBytes: int64(len(l.wire) - l.wireHead)}
	first := true
	for _, m := range l.toReplica.each() {
		switch m.kind {
		case msgStream:
			if first {
				f.StreamFrom, first = m.offset, false
			}
			f.Messages = append(f.Messages, "stream bytes "+itoa(m.offset)+"–"+itoa(m.offset+int64(m.n)-1))
		case msgPsyncReply:
			f.Messages = append(f.Messages, m.text)
		case msgRDB:
			f.Messages = append(f.Messages, "RDB ("+itoa(int64(m.rdb.keys))+" keys)")
		}
	}
	for _, m := range l.toMaster.each() {
		switch m.kind {
		case msgPsync:
			p := "PSYNC " + m.text + " " + itoa(m.offset)
			if m.failover {
				p += " FAILOVER"
			}
			f.Messages = append(f.Messages, p)
		case msgAck:
			f.Messages = append(f.Messages, "REPLCONF ACK "+itoa(m.offset))
		}
	}
	return f
}
