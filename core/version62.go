package core

import (
	"strings"
)

// Redis 6.2's propagation, where it differs from 7.0's (call.go):
//
//   - SET with EX/PX, SETEX and PSETEX propagate as SET key value PX <ms>
//     (relative), EXAT/PXAT as SET key value PXAT <ms>; other flags are
//     dropped (setGenericCommand's rewriteClientCommandVector);
//   - EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT propagate as written;
//   - GETEX EX/PX propagates as PEXPIRE key <ms>, EXAT/PXAT as PEXPIREAT;
//   - FLUSHDB propagates only when it removed keys (server.dirty);
//   - a key found expired is deleted and its DEL fed at once, alone
//     (propagateExpire), never in the command's MULTI/EXEC;
//   - MULTI/EXEC and scripts wrap even one write in MULTI ... EXEC
//     (execCommandPropagateMulti before the first write).

// rewrite62 is what a command that changed the dataset propagates in
// 6.2, given what it propagates in 7.0 (ok false: nothing).
func rewrite62(c *cmdCtx, argv []string) ([]string, bool) {
	orig := c.argv
	switch strings.ToLower(orig[0]) {
	case "set":
		if len(argv) == 0 || !strings.EqualFold(argv[0], "SET") {
			return argv, true
		}
		for i := 3; i+1 < len(orig); i++ {
			switch strings.ToUpper(orig[i]) {
			case "EX":
				return []string{"SET", orig[1], orig[2], "PX", times1000(orig[i+1])}, true
			case "PX":
				return []string{"SET", orig[1], orig[2], "PX", orig[i+1]}, true
			case "EXAT":
				return []string{"SET", orig[1], orig[2], "PXAT", times1000(orig[i+1])}, true
			case "PXAT":
				return []string{"SET", orig[1], orig[2], "PXAT", orig[i+1]}, true
			}
		}
		return argv, true
	case "setex":
		if len(argv) > 0 && strings.EqualFold(argv[0], "SET") {
			return []string{"SET", orig[1], orig[3], "PX", times1000(orig[2])}, true
		}
	case "psetex":
		if len(argv) > 0 && strings.EqualFold(argv[0], "SET") {
			return []string{"SET", orig[1], orig[3], "PX", orig[2]}, true
		}
	case "expire", "pexpire", "expireat", "pexpireat":
		if len(argv) > 0 && strings.EqualFold(argv[0], "PEXPIREAT") {
			return orig, true
		}
	case "getex":
		if len(argv) == 0 || !strings.EqualFold(argv[0], "PEXPIREAT") {
			return argv, true
		}
		for i := 2; i+1 < len(orig); i++ {
			switch strings.ToUpper(orig[i]) {
			case "EX":
				return []string{"PEXPIRE", orig[1], times1000(orig[i+1])}, true
			case "PX":
				return []string{"PEXPIRE", orig[1], orig[i+1]}, true
			case "EXAT":
				return []string{"PEXPIREAT", orig[1], times1000(orig[i+1])}, true
			case "PXAT":
				return []string{"PEXPIREAT", orig[1], orig[i+1]}, true
			}
		}
	case "flushdb":
		return argv, c.dirty > 0
	}
	return argv, true
}

func times1000(s string) string {
	n, ok := parseInt(s)
	if !ok {
		return s
	}
	return itoa(n * 1000)
}

// propagate62 is 6.2's propagation of a call's ops: expired keys' DELs
// each alone, first; then the rest, wrapped in MULTI/EXEC when there are
// several or when they come from a transaction or a script.
func (w *World) propagate62(s *Server, ops []propOp, txn bool) {
	rest := ops[:0:0]
	for _, op := range ops {
		if op.expired {
			w.feedSlaves(s, op.db, op.argv)
			continue
		}
		rest = append(rest, op)
	}
	wrap := len(rest) > 1 || txn && len(rest) > 0
	if wrap {
		w.feedSlaves(s, rest[0].db, argvMulti)
	}
	for _, op := range rest {
		w.feedSlaves(s, op.db, op.argv)
	}
	if wrap {
		w.feedSlaves(s, rest[len(rest)-1].db, argvExec)
	}
	w.scheduleWrites(s)
}

// configError is CONFIG SET's error for a parameter this version does
// not have ("" when it has it).
func (v *Version) configError(name string) string {
	if !v.redis62 {
		return ""
	}
	n := strings.ToLower(name)
	if findParam(n) != nil {
		return ""
	}
	if _, ok := redisConfigDefaults[n]; ok && !params70Only[n] {
		return ""
	}
	return "ERR Unsupported CONFIG parameter: " + name
}

// params70Only are parameters Redis 7.0 added that 6.2 lacks (those a
// scenario is likely to name).
var params70Only = map[string]bool{
	"enable-debug-command": true, "enable-module-command": true, "enable-protected-configs": true,
	"maxmemory-clients": true, "repl-diskless-sync-max-replicas": true, "shutdown-timeout": true,
	"shutdown-on-sigint": true, "shutdown-on-sigterm": true, "latency-tracking": true,
	"latency-tracking-info-percentiles": true, "cluster-port": true, "cluster-link-sendbuf-limit": true,
	"cluster-announce-hostname": true, "cluster-preferred-endpoint-type": true,
	"cluster-allow-pubsubshard-when-down": true, "list-max-listpack-size": true,
	"hash-max-listpack-entries": true, "hash-max-listpack-value": true,
	"zset-max-listpack-entries": true, "zset-max-listpack-value": true,
}

// refuse62 is what 6.2 answers differently before a command runs:
// unknown commands in its words, the EXPIRE family without 7.0's
// NX/XX/GT/LT, INFO of one section only.
func refuse62(argv []string) (Reply, bool) {
	name := strings.ToLower(argv[0])
	switch {
	case findCommand(argv[0]) == nil:
		var b strings.Builder
		for _, a := range argv[1:] {
			if b.Len() >= 128 {
				break
			}
			if len(a) > 128 {
				a = a[:128]
			}
			b.WriteString("`" + a + "`, ")
		}
		n := argv[0]
		if len(n) > 128 {
			n = n[:128]
		}
		return errReply("ERR unknown command `" + n + "`, with args beginning with: " + b.String()), true
	case (name == "expire" || name == "pexpire" || name == "expireat" || name == "pexpireat") && len(argv) != 3:
		return errArity(name), true
	case name == "info" && len(argv) > 2:
		return errSyntax, true
	}
	return Reply{}, false
}
