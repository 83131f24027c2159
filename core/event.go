package core

import (
	"fmt"
	"strings"
)

// Event is one step of the simulation. A sink sees it only during the
// call: what it keeps of Argv it copies.
type Event struct {
	Kind   EventKind
	Line   int    // scenario line number
	Node   string // where it happens
	Peer   string // the other end, if any
	Func   string // the Redis function that does this
	Offset int64  // first stream byte concerned (replication offset)
	Len    int64  // number of stream bytes concerned
	A, B   int64  // kind-specific numbers (see the kinds)
	Argv   []string
	Text   string // kind-specific text (a reply, a reason)
	Psync  *PsyncDecision
}

// End is the offset of the last byte concerned.
func (e *Event) End() int64 { return e.Offset + e.Len - 1 }

func cmdText(argv []string) string {
	const maxArg = 24
	parts := make([]string, len(argv))
	for i, a := range argv {
		if len(a) > maxArg {
			a = a[:maxArg] + fmt.Sprintf("…(%d bytes)", len(a))
		}
		if strings.ContainsAny(a, " \t\r\n\"") || a == "" {
			a = fmt.Sprintf("%q", a)
		}
		parts[i] = a
	}
	return strings.Join(parts, " ")
}

// Explain is the event in one sentence, with its real numbers.
func (e *Event) Explain() string {
	rng := fmt.Sprintf("bytes %d–%d", e.Offset, e.End())
	switch e.Kind {
	case EvExecuted:
		if e.A == 0 {
			return fmt.Sprintf("%s ran `%s` → %s; it changed nothing, so nothing is propagated.", e.Node, cmdText(e.Argv), e.Text)
		}
		return fmt.Sprintf("%s ran `%s` → %s; it changed the dataset, so call() propagates it.", e.Node, cmdText(e.Argv), e.Text)
	case EvQueued:
		return fmt.Sprintf("%s queued `%s` inside MULTI; nothing runs until EXEC.", e.Node, cmdText(e.Argv))
	case EvSelect:
		return fmt.Sprintf("%s's stream was on db %d, so replicationFeedSlaves emits SELECT %d first (%d bytes, %s).", e.Node, e.A, e.B, e.Len, rng)
	case EvFed:
		if e.Peer != "" {
			return fmt.Sprintf("%s proxies the %d bytes it applied from %s into its own backlog (%s): master_repl_offset is now %d.", e.Node, e.Len, e.Peer, rng, e.End())
		}
		return fmt.Sprintf("%s feeds `%s` into the replication buffer: %d bytes, %s; master_repl_offset is now %d.", e.Node, cmdText(e.Argv), e.Len, rng, e.End())
	case EvBlockAdded:
		return fmt.Sprintf("%s's tail block was full: feedReplicationBuffer allocates block #%d of %d usable bytes starting at offset %d and copies %d bytes into it: master_repl_offset is now %d.", e.Node, e.A, e.B, e.Offset, e.Len, e.End())
	case EvBacklogTrimmed:
		if e.A == 0 { // Redis 6.2's ring (ring.go): no blocks
			return fmt.Sprintf("%s's ring backlog holds exactly repl-backlog-size bytes: its oldest %d bytes are overwritten or dropped; the window now starts at %d.", e.Node, e.B, e.Offset)
		}
		return fmt.Sprintf("%s's histlen exceeded repl-backlog-size with a spare block, so %d block(s) (%d bytes) were dropped; the window now starts at %d.", e.Node, e.A, e.B, e.Offset)
	case EvSent:
		return fmt.Sprintf("%s writes %d bytes (%s) to %s's socket from the shared buffer.", e.Node, e.Len, rng, e.Peer)
	case EvRead:
		return fmt.Sprintf("%s reads %d bytes from %s: slave_read_repl_offset is now %d.", e.Node, e.Len, e.Peer, e.End())
	case EvApplied:
		return fmt.Sprintf("%s applies `%s` from %s (%d bytes): slave_repl_offset is now %d.", e.Node, cmdText(e.Argv), e.Peer, e.Len, e.End())
	case EvAck:
		return fmt.Sprintf("%s sends REPLCONF ACK %d; %s now shows offset=%d for it.", e.Node, e.A, e.Peer, e.A)
	case EvLinkDown:
		return fmt.Sprintf("%s lost its link to %s; it caches the master (id %s…, offset %d) to try PSYNC later.", e.Node, e.Peer, short(e.Text), e.A)
	case EvLinkUp:
		return fmt.Sprintf("%s's link to %s is up: master_link_status:up.", e.Node, e.Peer)
	case EvPsyncAsked:
		return fmt.Sprintf("%s sends `%s` to %s.", e.Node, e.Text, e.Peer)
	case EvPsyncAnswered:
		if e.Psync != nil {
			return fmt.Sprintf("%s answers %s: %s", e.Node, e.Psync.Reply, e.Psync.Reason)
		}
		return fmt.Sprintf("%s answers %s.", e.Node, e.Text)
	case EvRDBProduced:
		return fmt.Sprintf("%s forks an RDB of %d keys for %s (diskless, repl-diskless-sync-delay 0), as of offset %d.", e.Node, e.A, e.Peer, e.B)
	case EvRDBLoaded:
		return fmt.Sprintf("%s flushed its data and loaded %d keys from %s's RDB: it takes id %s… and offset %d.", e.Node, e.A, e.Peer, short(e.Text), e.B)
	case EvBacklogCreated:
		return fmt.Sprintf("%s creates its replication backlog: empty, first byte %d.", e.Node, e.Offset)
	case EvBacklogFreed:
		return fmt.Sprintf("%s frees its replication backlog: %s.", e.Node, e.Text)
	case EvReplIDChanged:
		return fmt.Sprintf("%s takes a new replication id %s…: %s.", e.Node, short(e.Text), e.Argv0())
	case EvReplIDShifted:
		return fmt.Sprintf("%s keeps its old id %s… as master_replid2, valid up to second_repl_offset %d, and takes a new id.", e.Node, short(e.Text), e.A)
	case EvPing:
		return fmt.Sprintf("replicationCron on %s (loop %d, a multiple of repl-ping-replica-period) feeds PING: 14 bytes, %s.", e.Node, e.A, rng)
	case EvGetAck:
		return fmt.Sprintf("WAIT on %s needs acks now: REPLCONF GETACK * (37 bytes, %s) goes into the stream.", e.Node, rng)
	case EvReplicaDropped:
		return fmt.Sprintf("%s frees its replica client for %s: %s.", e.Node, e.Peer, e.Text)
	case EvReplicaOnline:
		if e.Text == "wait-ack" {
			return fmt.Sprintf("%s has written the RDB for %s into the link, so it puts %s online; the commands since offset %d wait for its first REPLCONF ACK (repl_start_cmd_stream_on_ack), and its output buffer keeps growing until then.", e.Node, e.Peer, e.Peer, e.A)
		}
		return fmt.Sprintf("%s puts %s online: the commands since offset %d follow.", e.Node, e.Peer, e.A)
	case EvSyncHold:
		switch {
		case e.A == 1:
			return fmt.Sprintf("sync %s hold: from now on every full sync of %s stops right after %s's +FULLRESYNC; %s keeps %s's share of the replication buffer and sends nothing more.", e.Node, e.Node, e.Peer, e.Peer, e.Node)
		case e.B == 1:
			return fmt.Sprintf("sync %s release: the held sync continues; %s receives the RDB, loads it and acks, and %s sends the stream.", e.Node, e.Node, e.Peer)
		}
		return fmt.Sprintf("sync %s release: %s's next full syncs are no longer held.", e.Node, e.Node)
	case EvSyncHeld:
		return fmt.Sprintf("%s reads +FULLRESYNC (offset %d) from %s; the sync is held: the RDB and the stream wait on the link, and %s's offsets do not move.", e.Node, e.A, e.Peer, e.Node)
	case EvLinkStall:
		if e.A == 1 {
			return fmt.Sprintf("link %s stall: the link stays open but carries nothing from %s; what %s writes waits on the link (at most 1 MiB).", e.Node, e.Peer, e.Peer)
		}
		return fmt.Sprintf("link %s resume: the %d bytes waiting on the link from %s are delivered again.", e.Node, e.B, e.Peer)
	case EvFailover:
		if e.A == noFailover {
			return fmt.Sprintf("%s's failover ends (%s): master_failover_state:no-failover, its clients' writes are unpaused.", e.Node, e.Text)
		}
		return fmt.Sprintf("%s %s.", e.Node, e.Text)
	case EvEvicted:
		return fmt.Sprintf("%s is over maxmemory: %s evicts key %q of db %d and propagates %s.", e.Node, e.Argv[1], e.Text, e.A, e.Argv[0])
	case EvClientClosed:
		return fmt.Sprintf("%s closes the scenario's connection once %s's reply is written (CLIENT_CLOSE_AFTER_REPLY); the next command connects again, a new client: db 0, no name, RESP2, the default user, no MULTI or WATCH.", e.Node, e.Text)
	case EvCacheDropped:
		return fmt.Sprintf("%s reads +FULLRESYNC from %s and discards its cached master: until the RDB loads, slave_repl_offset and slave_read_repl_offset say 1, and a retry asks PSYNC ? -1.", e.Node, e.Peer)
	case EvOutputLimit:
		kind, blocks, how, secs := "hard", "?", "closeASAP", "0"
		if len(e.Argv) >= 4 {
			kind, blocks, how, secs = e.Argv[0], e.Argv[1], e.Argv[2], e.Argv[3]
		}
		when := "is scheduled to be closed ASAP (freed in beforeSleep)"
		if how == "now" {
			when = "is closed now (clientsCron)"
		}
		lim := fmt.Sprintf("the hard limit %d", e.B)
		if kind == "soft" {
			lim = fmt.Sprintf("the soft limit %d for more than %ss", e.B, secs)
		}
		return fmt.Sprintf("%s's output buffer for %s is omem=%d (%s blocks from the one at offset %d to the tail, each its capacity + 64 bytes) ≥ %s: the replica client %s for overcoming of output buffer limits.", e.Node, e.Peer, e.A, blocks, e.Offset, lim, when)
	case EvRestart, EvStarted:
		return fmt.Sprintf("%s %s.", e.Node, e.Text)
	case EvRoleChanged:
		return fmt.Sprintf("%s %s.", e.Node, e.Text)
	case EvConfig:
		if e.Argv0() == "RESETSTAT" {
			return fmt.Sprintf("%s: CONFIG RESETSTAT → %s.", e.Node, e.Text)
		}
		return fmt.Sprintf("%s: CONFIG SET %s → %s.", e.Node, cmdText(e.Argv), e.Text)
	case EvExpired:
		if len(e.Argv) == 2 && e.Argv[0] == "HDEL" { // Redis 7.4's hash field expiry
			return fmt.Sprintf("%s's hash %q: field %q expired: the master deletes it and propagates HDEL %s %s.", e.Node, e.Text, e.Argv[1], e.Text, e.Argv[1])
		}
		return fmt.Sprintf("%s's key %q expired: the master deletes it and propagates %s.", e.Node, e.Text, e.expiredDel())
	case EvExpect:
		return fmt.Sprintf("expect %s %s: %s.", e.Node, cmdText(e.Argv), e.Text)
	case EvCron:
		return fmt.Sprintf("virtual time %s: replicationCron runs on %s (loop %d).", fmtMillis(e.A), e.Node, e.B)
	}
	return e.Kind.String()
}

// Argv0 is the first word of Argv, or "".
func (e *Event) Argv0() string {
	if len(e.Argv) == 0 {
		return ""
	}
	return e.Argv[0]
}

func short(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

func fmtMillis(ms int64) string {
	if ms%1000 == 0 {
		return fmt.Sprintf("%ds", ms/1000)
	}
	return fmt.Sprintf("%.3fs", float64(ms)/1000)
}
