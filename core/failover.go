package core

import "strings"

// FAILOVER, as replication.c's failoverCommand, updateFailoverStatus,
// abortFailover and clearFailoverState: the master pauses its clients'
// writes (PAUSE_DURING_FAILOVER, CLIENT_PAUSE_WRITE, no end of its own),
// waits until a replica has acknowledged its whole stream, then becomes a
// replica of it and asks `PSYNC <replid> <offset+1> FAILOVER`; the target,
// whose replid is the master's, promotes itself as REPLICAOF NO ONE does
// and answers +CONTINUE. The master's other replicas stay its replicas:
// they become sub-replicas of the new master.
//
// In scenarios `FAILOVER TO NAME` names the target node (the harness
// sends the node's real host and port); `FAILOVER TO 127.0.0.1 PORT`
// works too. Cluster support is disabled (cluster-enabled is immutable
// no), so "FAILOVER not allowed in cluster mode" never applies.

// failoverState is server.failover_state.
const (
	noFailover          = 0 // NO_FAILOVER
	failoverWaitForSync = 1 // FAILOVER_WAIT_FOR_SYNC
	failoverInProgress  = 2 // FAILOVER_IN_PROGRESS
)

// failoverStateString is getFailoverStateString, for INFO replication.
func failoverStateString(st int8) string {
	switch st {
	case failoverWaitForSync:
		return "waiting-for-sync"
	case failoverInProgress:
		return "failover-in-progress"
	}
	return "no-failover"
}

// cmdFailover is failoverCommand: FAILOVER [TO host port [FORCE]]
// [ABORT] [TIMEOUT ms], every check in 7.0's order.
func cmdFailover(c *cmdCtx) Reply {
	w, s, argv := c.w, c.s, c.argv
	if len(argv) == 2 && strings.EqualFold(argv[1], "abort") {
		if s.failoverState == noFailover {
			return errReply("ERR No failover in progress.")
		}
		w.abortFailover(s, "Failover manually aborted")
		return okReply
	}
	var timeout, port int64
	force, hasHost := false, false
	host := ""
	for j := 1; j < len(argv); j++ {
		switch {
		case strings.EqualFold(argv[j], "timeout") && j+1 < len(argv) && timeout == 0:
			v, ok := parseInt(argv[j+1])
			if !ok {
				return errNotInt
			}
			if v <= 0 {
				return errReply("ERR FAILOVER timeout must be greater than 0")
			}
			timeout = v
			j++
		case strings.EqualFold(argv[j], "to") && j+2 < len(argv) && !hasHost:
			v, ok := parseInt(argv[j+2])
			if !ok {
				return errNotInt
			}
			host, port, hasHost = argv[j+1], v, true
			j += 2
		case strings.EqualFold(argv[j], "force") && !force:
			force = true
		default:
			return errSyntax
		}
	}
	if s.failoverState != noFailover {
		return errReply("ERR FAILOVER already in progress.")
	}
	if s.masterhost != "" {
		return errReply("ERR FAILOVER is not valid when server is a replica.")
	}
	if len(s.slaves) == 0 {
		return errReply("ERR FAILOVER requires connected replicas.")
	}
	if force && (timeout == 0 || !hasHost) {
		return errReply("ERR FAILOVER with force option requires both a timeout and target HOST and IP.")
	}
	target := -1
	if hasHost {
		rc := w.findReplica(s, host, port)
		if rc == nil {
			return errReply("ERR FAILOVER target HOST and PORT is not a replica.")
		}
		if rc.state != slaveOnline {
			return errReply("ERR FAILOVER target replica is not online.")
		}
		target = rc.index
	}
	s.failoverState = failoverWaitForSync
	s.failoverTarget = target + 1
	s.forceFailover = force
	s.failoverEnd = 0
	if timeout > 0 {
		s.failoverEnd = c.now() + timeout
	}
	// Its event comes in beforeSleep, after the command's own (inside
	// EXEC the rest of the transaction runs first).
	s.failoverNews = true
	w.failoverDue = true
	return okReply
}

// failoverStarted is the event of a FAILOVER that has just begun.
func (w *World) failoverStarted(s *Server) {
	s.failoverNews = false
	target := s.failoverTarget - 1
	to := "any replica"
	if target >= 0 {
		to = w.servers[target].name
	}
	text := "starts a failover to " + to + ": master_failover_state:waiting-for-sync, its clients' writes are paused until " + to + " has acknowledged offset " + itoa(s.masterReplOffset)
	if s.failoverEnd != 0 {
		text += ", for at most " + fmtMillis(s.failoverEnd-w.unixMillis()) + " more of virtual time"
		if s.forceFailover {
			text += " (then FORCE fails over all the same)"
		}
	}
	w.emit(Event{Kind: EvFailover, Node: s.name, Peer: w.nameOf(target), A: failoverWaitForSync, B: s.masterReplOffset, Text: text, Func: "failoverCommand"})
}

func (w *World) nameOf(i int) string {
	if i < 0 {
		return ""
	}
	return w.servers[i].name
}

// findReplica is replication.c's findReplica: a replica is known by its
// address (127.0.0.1 here: every node runs on loopback, and none
// announces another) and its listening port.
func (w *World) findReplica(s *Server, host string, port int64) *replicaClient {
	for _, rc := range s.slaves {
		if strings.EqualFold(host, "127.0.0.1") && port == int64(w.servers[rc.index].port) {
			return rc
		}
	}
	return nil
}

// failoverBeforeSleep runs updateFailoverStatus where a failover waits:
// beforeSleep does, after every event-loop iteration (acks may have
// arrived).
func (w *World) failoverBeforeSleep() {
	w.failoverDue = false
	for _, s := range w.servers {
		if s.up && s.failoverState == failoverWaitForSync {
			if s.failoverNews {
				w.failoverStarted(s)
			}
			w.updateFailoverStatus(s)
			if s.failoverState == failoverWaitForSync {
				w.failoverDue = true
			}
		}
	}
}

// updateFailoverStatus: the timeout first (FORCE fails over to the
// target anyway, else the failover is aborted), then the target (or the
// first replica, in the master's order) whose ack equals
// master_repl_offset.
func (w *World) updateFailoverStatus(s *Server) {
	if s.failoverState != failoverWaitForSync {
		return
	}
	if s.failoverEnd != 0 && s.failoverEnd <= w.unixMillis() {
		if s.forceFailover {
			s.failoverState = failoverInProgress
			t := s.failoverTarget - 1
			w.emit(Event{Kind: EvFailover, Node: s.name, Peer: w.servers[t].name, A: failoverInProgress, B: s.masterReplOffset, Text: "reaches its FAILOVER timeout with FORCE: master_failover_state:failover-in-progress, it fails over to " + w.servers[t].name + " all the same", Func: "updateFailoverStatus"})
			w.setMaster(s.index, t)
			return
		}
		w.abortFailover(s, "Replica never caught up before timeout")
		return
	}
	var rc *replicaClient
	if s.failoverTarget > 0 {
		_, rc = s.findSlave(w.servers[s.failoverTarget-1].name)
	} else {
		for _, r := range s.slaves {
			if r.ackOff == s.masterReplOffset {
				rc = r
				s.failoverTarget = r.index + 1 // now failing over to it
				break
			}
		}
	}
	if rc == nil || rc.ackOff != s.masterReplOffset {
		return
	}
	s.failoverState = failoverInProgress
	w.emit(Event{Kind: EvFailover, Node: s.name, Peer: rc.name, A: failoverInProgress, B: s.masterReplOffset, Text: rc.name + " has acknowledged offset " + itoa(s.masterReplOffset) + ": master_failover_state:failover-in-progress, it becomes a replica of " + rc.name + " and will ask PSYNC ... FAILOVER", Func: "updateFailoverStatus"})
	w.setMaster(s.index, rc.index)
}

// clearFailoverState ends a failover, done or not: its write pause ends.
func (w *World) clearFailoverState(s *Server, why string) {
	s.failoverState, s.failoverEnd, s.forceFailover, s.failoverTarget, s.failoverNews = noFailover, 0, false, 0, false
	w.emit(Event{Kind: EvFailover, Node: s.name, A: noFailover, Text: why, Func: "clearFailoverState"})
}

// abortFailover: a master that had already turned replica of the target
// becomes a master again (replicationUnsetMaster, with a new replid).
func (w *World) abortFailover(s *Server, why string) {
	if s.failoverState == noFailover {
		return
	}
	if s.failoverState == failoverInProgress {
		w.unsetMasterBecause(s, "is a master again: its failover was aborted ("+why+")")
	}
	w.clearFailoverState(s, "FAILOVER aborted: "+why)
}

// failoverPsyncReply is syncWithMaster's check of a failover's PSYNC
// answer: +CONTINUE (or, in edge cases, +FULLRESYNC) completes it; any
// other answer aborts it. It reports whether the answer is still to be
// handled as a PSYNC reply.
func (w *World) failoverPsyncReply(r *Server, reply string) bool {
	if r.failoverState != failoverInProgress {
		return true
	}
	if strings.HasPrefix(reply, "+CONTINUE") || strings.HasPrefix(reply, "+FULLRESYNC") {
		return true
	}
	w.abortFailover(r, "Failover target rejected psync request")
	return false
}

// psyncFailover is syncCommand's PSYNC ... FAILOVER: the target promotes
// itself when the replid is its own. It returns the error to answer, if
// any.
func (w *World) psyncFailover(m, r *Server, reqID string) string {
	if m.masterhost == "" {
		return "-ERR PSYNC FAILOVER can't be sent to a master."
	}
	if reqID != m.replid {
		return "-ERR PSYNC FAILOVER replid must match my replid."
	}
	w.unsetMasterBecause(m, "is promoted to master by "+r.name+"'s PSYNC FAILOVER (MASTER MODE enabled)")
	return ""
}
