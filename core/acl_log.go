package core

import (
	"strconv"
	"strings"
)

// ACL LOG (acl.c's ACLLog): the refusals the scenario's client met, newest
// first, each with the CLIENT LIST line of the client at the time. A
// server's log is replaced, never changed, so timeline checkpoints that
// share it stay as they were.

type aclLogEntry struct {
	count                             int64
	reason, context, object, username string
	ctime                             int64 // virtual Unix ms, of the last refusal counted
	cinfo                             string
	id, created                       int64 // 7.2's entry-id and timestamp-created
}

// aclLogGroupingMs is ACL_LOG_GROUPING_MAX_TIME_DELTA: a refusal like one
// logged within a minute counts there instead of making an entry.
const aclLogGroupingMs = 60000

// aclReason is the log's name of an ACL check result.
func aclReason(r int) string {
	switch r {
	case aclDeniedCmd:
		return "command"
	case aclDeniedKey:
		return "key"
	case aclDeniedChannel:
		return "channel"
	case aclDeniedAuth:
		return "auth"
	}
	return "unknown"
}

// aclDeniedObject is what addACLLogEntry logs as the object of a refusal:
// the command's full name, or the key or channel argument refused.
func aclDeniedObject(r, pos int, cmd *command, argv []string) string {
	if (r == aclDeniedKey || r == aclDeniedChannel) && pos > 0 && pos < len(argv) {
		return argv[pos]
	}
	return cmd.name
}

// aclLogAdd is addACLLogEntry: lastcmd is the command the client's
// CLIENT LIST line names (the refused one, or EVAL for a script's call).
func (w *World) aclLogAdd(s *Server, reason int, context, object, username, lastcmd string) {
	s.stat.aclDenied[reason]++ // ACLUpdateInfoMetrics (7.2's INFO stats)
	now := w.unixMillis()
	e := aclLogEntry{count: 1, reason: aclReason(reason), context: context, object: object, username: username, ctime: now, cinfo: s.clientInfoLine(lastcmd, s.client.resp3), id: s.aclLogCount, created: now}
	log := s.aclLog
	for i := 0; i < len(log) && i < 10; i++ { // a limited scan, as Redis's
		cur := log[i]
		d := e.ctime - cur.ctime
		if d < 0 {
			d = -d
		}
		if cur.reason == e.reason && cur.context == e.context && d <= aclLogGroupingMs && cur.object == e.object && cur.username == e.username {
			cur.cinfo, cur.ctime, cur.count = e.cinfo, e.ctime, cur.count+1
			out := make([]aclLogEntry, 0, len(log))
			out = append(append(append(out, cur), log[:i]...), log[i+1:]...)
			s.aclLog = out
			return
		}
	}
	s.aclLogCount++ // ACLLogEntryCount: ids are never reused, not even after RESET
	out := make([]aclLogEntry, 0, len(log)+1)
	out = append(append(out, e), log...)
	if max, err := strconv.Atoi(s.cfg.get("acllog-max-len")); err == nil && len(out) > max {
		out = out[:max]
	}
	s.aclLog = out
}

// aclLogAuth logs a failed AUTH (or HELLO ... AUTH) as
// ACLAuthenticateUser does: the object is the command as typed.
func (w *World) aclLogAuth(s *Server, typed, username, lastcmd string) {
	context := "toplevel"
	if s.client.inMulti {
		context = "multi"
	}
	w.aclLogAdd(s, aclDeniedAuth, context, typed, username, lastcmd)
}

// cmdAclLog is ACL LOG [count | RESET].
func cmdAclLog(c *cmdCtx) Reply {
	count := int64(10)
	if len(c.argv) == 3 {
		if strings.EqualFold(c.argv[2], "reset") {
			c.s.aclLog = nil
			return okReply
		}
		n, ok := parseInt(c.argv[2])
		if !ok {
			return errNotInt
		}
		count = max(n, 0)
	}
	log := c.s.aclLog
	count = min(count, int64(len(log)))
	now := c.now()
	out := Reply{Kind: '*', Array: make([]Reply, 0, count)}
	for _, e := range log[:count] {
		kv := []Reply{
			bulkReply("count"), intReply(e.count),
			bulkReply("reason"), bulkReply(e.reason),
			bulkReply("context"), bulkReply(e.context),
			bulkReply("object"), bulkReply(e.object),
			bulkReply("username"), bulkReply(e.username),
			bulkReply("age-seconds"), c.doubleReply(float64(now-e.ctime) / 1000),
			bulkReply("client-info"), bulkReply(e.cinfo),
		}
		if c.w.Version().acl72() {
			kv = append(kv, bulkReply("entry-id"), intReply(e.id),
				bulkReply("timestamp-created"), intReply(e.created),
				bulkReply("timestamp-last-updated"), intReply(e.ctime))
		}
		out.Array = append(out.Array, c.mapReply(kv))
	}
	return out
}
