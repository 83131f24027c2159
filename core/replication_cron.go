package core

// replicationCron: the once-a-second housekeeping of replication.c.

// replicationCron is the once-a-second replication housekeeping.
func (w *World) replicationCron(si int) {
	s := w.servers[si]
	if !s.up {
		return
	}
	loop := s.cronLoops
	s.cronLoops++
	w.updateFailoverStatus(s)
	// A replica acks every second; it also notices a silent master.
	if s.masterhost != "" && s.master != nil && s.replState == replConnected {
		if w.now-s.master.lastIO > s.cfg.timeout*1000 {
			w.breakLink(s, "MASTER timeout: no data nor PING received")
		} else if s.master.reploff != s.master.ackSent {
			w.push(task{kind: tAck, node: si})
		}
	}
	// A FAILOVER with a timeout pauses the pings too (manual_failover_in_progress).
	if s.masterhost == "" && loop%s.cfg.pingPeriod == 0 && len(s.slaves) > 0 && !(s.failoverEnd != 0 && w.paused(s)) {
		w.feedSlavesAs(s, s.slaveseldb, argvPing, EvPing, loop, "replicationCron")
		w.scheduleWrites(s)
	}
	w.obufCheckCron(s) // clientsCron
	if len(s.migrateConns) > 0 {
		w.migrateCloseTimedoutSockets(s) // serverCron
	}
	if len(s.slaves) == 0 && s.cfg.backlogTTL > 0 && s.backlog != nil && s.masterhost == "" {
		idle := (epochMillis+w.now)/1000 - (epochMillis+s.noSlavesSince)/1000
		if idle > s.cfg.backlogTTL {
			clearReplid2(s)
			w.changeReplid(s, "the backlog was freed, so its history is gone")
			w.freeBacklog(s, "no replica for "+itoa(idle)+"s > repl-backlog-ttl "+itoa(s.cfg.backlogTTL)+"s")
		}
	}
}
