package core

import (
	"strconv"
	"strings"
)

// CLIENT PAUSE (networking.c pauseClients): until the pause ends, a paused
// server postpones its clients' commands (ALL) or those that may
// replicate (WRITE: write and may-replicate commands, and EXEC of a
// transaction holding one), leaves expired keys in place (expireIfNeeded
// reports them missing, activeExpireCycle skips) and sends WAIT no
// GETACK; its replicas' acks and its pings go on. The scenario's client is
// the one waiting: a postponed command runs when the pause ends in virtual
// time, and after a PAUSE ALL the line's report waits for the end too (a
// real server's INFO is postponed as well). On a replica the master
// client is paused as well: it reads on, and applies what it read when
// the pause ends (masterPausedFor, resumeMaster).

const (
	pauseOff   = 0
	pauseWrite = 1
	pauseAll   = 2
)

// paused says whether s's clients are paused now (checkClientPause...:
// a pause is over once its end has come). A FAILOVER pauses writes
// until it ends (PAUSE_DURING_FAILOVER).
func (w *World) paused(s *Server) bool {
	if s.pauseType != pauseOff && w.unixMillis() >= s.pauseEnd {
		s.pauseType, s.pauseEnd = pauseOff, 0
	}
	return s.pauseType != pauseOff || s.failoverState != noFailover
}

// pausedFor is processCommand's check: is this command postponed?
func (w *World) pausedFor(s *Server, flags cmdFlags) bool {
	if !w.paused(s) {
		return false
	}
	// flags are EXEC's with its queue's (execFlags): a transaction that
	// may replicate waits.
	return s.pauseType == pauseAll || flags&(flagWrite|flagMayReplicate) != 0
}

// mayReplicateCmds are 7.0's CMD_MAY_REPLICATE commands (their JSON
// files' MAY_REPLICATE flag, which COMMAND INFO does not show).
var mayReplicateCmds = map[string]bool{"eval": true, "evalsha": true, "fcall": true, "pfcount": true, "publish": true, "spublish": true}

func mayReplicate(cmd *command) bool { return cmd.flags&(flagWrite|flagMayReplicate) != 0 }

// postponed is the scenario client's command waiting for a pause's end.
type postponed struct {
	si   int
	argv []string
}

// postpone is blockClient(BLOCKED_POSTPONE): the world runs until the
// pause ends, then the command is processed again (settleIdle).
func (w *World) postpone(s *Server, argv []string) {
	// It waits for the first change of pause: CLIENT PAUSE's end, or a
	// FAILOVER's timeout (the failover is over by then: aborted, or done
	// with FORCE); then it is processed again, and may wait again.
	end := int64(-1)
	if s.pauseType != pauseOff {
		end = s.pauseEnd
	}
	if s.failoverState != noFailover && (end < 0 || s.pauseType != pauseAll) {
		if s.failoverEnd == 0 && end < 0 {
			w.lineErr = strings.Join(argv, " ") + " would wait forever: a FAILOVER without TIMEOUT pauses writes until it is done or FAILOVER ABORT ends it"
			w.emit(Event{Kind: EvExecuted, Node: s.name, Argv: argv, Text: "postponed until the failover ends", Func: "blockPostponeClient"})
			return
		}
		if s.failoverEnd != 0 && (end < 0 || s.failoverEnd < end) {
			end = s.failoverEnd
		}
	}
	wait := end - w.unixMillis()
	w.emit(Event{Kind: EvExecuted, Node: s.name, Argv: argv, Text: "postponed: clients are paused for " + fmtMillis(wait) + " more of virtual time", Func: "blockPostponeClient"})
	w.postponed = &postponed{si: s.index, argv: append([]string(nil), argv...)}
	w.advance(wait)
}

// cmdClientPause is CLIENT PAUSE timeout [WRITE|ALL].
func cmdClientPause(c *cmdCtx) Reply {
	if len(c.argv) > 4 {
		return errSubcommandSyntax(c.argv)
	}
	typ := pauseAll
	if len(c.argv) == 4 {
		switch strings.ToLower(c.argv[3]) {
		case "write":
			typ = pauseWrite
		case "all":
		default:
			return errReply("ERR CLIENT PAUSE mode must be WRITE or ALL")
		}
	}
	ms, err := strconv.ParseInt(c.argv[2], 10, 64)
	if err != nil {
		return errReply("ERR timeout is not an integer or out of range")
	}
	if ms < 0 {
		return errReply("ERR timeout is negative")
	}
	var end int64
	if ms > 0 {
		end = ms + c.now()
	}
	if end <= c.now() {
		return okReply // a pause that ends at once
	}
	w := c.w
	w.paused(c.s)
	c.s.pauseType = max(c.s.pauseType, int8(typ))
	c.s.pauseEnd = max(c.s.pauseEnd, end)
	if c.s.pauseType == pauseAll && !c.fromMaster {
		// The line's report is a command too: it waits for the end.
		w.emit(Event{Kind: EvExecuted, Node: c.s.name, Argv: c.argv, Text: "pauses every client for " + fmtMillis(c.s.pauseEnd-c.now()) + " of virtual time: the report waits for the end", Func: "pauseClients"})
		w.advance(c.s.pauseEnd - c.now())
	}
	return okReply
}

// cmdClientUnpause is CLIENT UNPAUSE.
func cmdClientUnpause(c *cmdCtx) Reply {
	c.s.pauseType, c.s.pauseEnd = pauseOff, 0
	c.w.resumeMaster(c.s)
	return okReply
}

// masterPausedFor is processCommand's pause check for the master client
// of a replica (it is no CLIENT_SLAVE, so it is paused like any client):
// under WRITE its write and may-replicate commands wait (a write inside
// MULTI waits as it arrives, before it is queued), under ALL every one.
func (w *World) masterPausedFor(r *Server, argv []string) bool {
	if !w.paused(r) || r.pauseType == pauseOff {
		return false
	}
	if r.pauseType == pauseAll {
		return true
	}
	cmd := findCommand(argv[0])
	if cmd == nil {
		return false
	}
	if cmd.name == "exec" {
		for _, q := range r.master.multiQueue {
			if qc := findCommand(q[0]); qc != nil && mayReplicate(qc) {
				return true
			}
		}
		return false
	}
	return mayReplicate(cmd)
}

// resumeMaster is unblockPostponedClients for a replica's master client:
// once the pause is over, what it read is processed.
func (w *World) resumeMaster(s *Server) {
	if w.paused(s) && s.pauseType != pauseOff {
		return
	}
	if mc := s.master; mc != nil && mc.qbpos < len(mc.querybuf) {
		w.push(task{kind: tProcess, node: s.index})
	}
}
