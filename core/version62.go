package core

import (
	_ "embed"
	"encoding/json"
	"sort"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"
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
//     (propagateExpire), never in the command's MULTI/EXEC; so are
//     XREADGROUP's XCLAIMs and XGROUP SETID (without ENTRIESREAD);
//   - XADD propagates the entry's whole id (ms-seq);
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
	case "xadd":
		// 6.2 always writes the entry's whole id (ms-seq) into the
		// propagated XADD; 7.0 only when it generated part of it.
		return xaddFullID(argv), true
	}
	return argv, true
}

// always62 is a command 6.2 propagates even when it changed nothing
// (setbitCommand's unconditional server.dirty++).
func always62(c *cmdCtx) bool {
	switch strings.ToLower(c.argv[0]) {
	case "setbit":
		// Only a valid SETBIT on an existing key reaches the dirty++.
		off, ok := parseInt(c.argv[2])
		return ok && off >= 0 && (c.argv[3] == "0" || c.argv[3] == "1") && c.lookupPeek(c.argv[1])
	case "script":
		// SCRIPT FLUSH is propagated (scriptCommand's
		// forceCommandPropagation), and so is a SCRIPT LOAD that
		// compiles (cmdScriptLoad); 7.0 propagates neither.
		return strings.EqualFold(c.argv[1], "flush")
	}
	return false
}

// lookupPeek reports whether a key exists, without expiring it.
func (c *cmdCtx) lookupPeek(key string) bool { return c.s.ks.get(c.db, key) != nil }

func xaddFullID(argv []string) []string {
	i := 2
	for i < len(argv) {
		switch strings.ToUpper(argv[i]) {
		case "NOMKSTREAM":
			i++
			continue
		case "MAXLEN", "MINID":
			i++
			if i < len(argv) && (argv[i] == "=" || argv[i] == "~") {
				i++
			}
			i++
			continue
		case "LIMIT":
			i += 2
			continue
		}
		break
	}
	if i >= len(argv) || strings.Contains(argv[i], "-") || argv[i] == "*" {
		return argv
	}
	out := append([]string(nil), argv...)
	out[i] += "-0"
	return out
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
func (w *World) propagate62(s *Server, ops []propOp, txn, script bool) {
	rest := ops[:0:0]
	for _, op := range ops {
		if a := op.argv; len(a) == 7 && a[0] == "XGROUP" && a[1] == "SETID" && a[5] == "ENTRIESREAD" {
			op.argv = a[:5] // 6.2's consumer groups have no entries-read
		}
		// Expired keys' DELs, and XREADGROUP's XCLAIMs and XGROUP SETID
		// (streamPropagateXCLAIM calls propagate() at once), go alone.
		if op.expired || !txn && (op.argv[0] == "XCLAIM" || op.argv[0] == "XGROUP" && op.argv[1] == "SETID") {
			w.feedSlaves(s, op.db, op.argv)
			continue
		}
		rest = append(rest, op)
	}
	wrap := len(rest) > 1 || txn && len(rest) > 0
	// A transaction's MULTI goes in the db of its first write and its
	// EXEC in the client's db at the end; a script's both in its
	// caller's db (execCommandPropagateMulti/Exec with c->db->id).
	multiDB, execDB := 0, 0
	if len(rest) > 0 {
		multiDB, execDB = rest[0].db, rest[len(rest)-1].db
	}
	if txn {
		execDB = s.client.db
		if script {
			multiDB = s.client.db
		}
	}
	if wrap {
		w.feedSlaves(s, multiDB, argvMulti)
	}
	for _, op := range rest {
		w.feedSlaves(s, op.db, op.argv)
	}
	if wrap {
		w.feedSlaves(s, execDB, argvExec)
	}
	w.scheduleWrites(s)
}

func hasWord(args []string, w string) bool {
	for _, a := range args {
		if strings.EqualFold(a, w) {
			return true
		}
	}
	return false
}

func hasSuffixArg(args []string, suf string) bool {
	for _, a := range args {
		if strings.HasSuffix(a, suf) && len(a) > len(suf) {
			return true
		}
	}
	return false
}

// configSetError is 6.2's wording of a CONFIG SET value it refuses.
func (v *Version) configSetError(name, value, msg string) string {
	if !v.redis62 {
		return msg
	}
	if strings.HasSuffix(msg, "can't set immutable config") {
		return "ERR Unsupported CONFIG parameter: " + name // 6.2 has no immutable-config text
	}
	if i := strings.Index(msg, ") - "); i >= 0 && strings.HasPrefix(msg, "ERR CONFIG SET failed") {
		return "ERR Invalid argument '" + value + "' for CONFIG SET '" + name + "' - " + strings.Replace(msg[i+4:], "argument(s) must be", "argument must be", 1)
	}
	return msg
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
	"aof-disable-auto-gc": true, "aof-timestamp-enabled": true, "appenddirname": true, "bind-source-addr": true,
	"busy-reply-threshold": true, "loading-process-events-interval-bytes": true, "propagation-error-behavior": true,
	"replica-ignore-disk-write-errors": true, "socket-mark-id": true,
	// The 6.2.16 the recordings come from is built without TLS
	// (scripts/build-redis.sh: BUILD_TLS=no), which leaves out its tls-*
	// parameters; 7.0 and later have them in every build.
	"tls-port": true, "tls-cert-file": true, "tls-key-file": true, "tls-key-file-pass": true,
	"tls-client-cert-file": true, "tls-client-key-file": true, "tls-client-key-file-pass": true,
	"tls-dh-params-file": true, "tls-ca-cert-file": true, "tls-ca-cert-dir": true, "tls-protocols": true,
	"tls-ciphers": true, "tls-ciphersuites": true, "tls-prefer-server-ciphers": true, "tls-session-caching": true,
	"tls-session-cache-size": true, "tls-session-cache-timeout": true, "tls-replication": true, "tls-cluster": true,
	"tls-auth-clients": true,
}

// added70 are the commands (and subcommands) Redis 7.0 added: 6.2 does
// not know them.
var added70 = map[string]bool{
	"lmpop": true, "blmpop": true, "zmpop": true, "bzmpop": true, "sintercard": true, "zintercard": true,
	"lcs": true, "expiretime": true, "pexpiretime": true, "function": true, "fcall": true, "fcall_ro": true,
	"eval_ro": true, "evalsha_ro": true, "sort_ro": true, "spublish": true, "ssubscribe": true, "sunsubscribe": true,
	"pubsub|shardchannels": true, "pubsub|shardnumsub": true, "command|docs": true, "command|list": true,
	"command|getkeysandflags": true, "client|no-evict": true, "acl|dryrun": true, "latency|histogram": true,
	"module|loadex": true,
}

func arityOK(arity, argc int) bool {
	return arity > 0 && argc == arity || arity < 0 && argc >= -arity
}

// refuse62 is what 6.2 answers differently before a command runs:
// unknown commands in its words, the EXPIRE family without 7.0's
// NX/XX/GT/LT, INFO of one section only.
func refuse62(argv []string) (Reply, bool) {
	name := strings.ToLower(argv[0])
	if cmd := findCommand(argv[0]); cmd != nil && cmd.subs != nil && len(argv) > 1 {
		sub := strings.ToLower(argv[1])
		// 6.2's memoryCommand parses its subcommands itself: one given
		// the wrong number of arguments is an unknown one.
		wrongArity := name == "memory" && cmd.subs[sub] != nil && !arityOK(cmd.subs[sub].arity, len(argv))
		if cmd.subs[sub] == nil || added70[name+"|"+sub] || wrongArity {
			// addReplySubcommandSyntaxError
			a := argv[1]
			if len(a) > 128 {
				a = a[:128]
			}
			return errReply("ERR Unknown subcommand or wrong number of arguments for '" + a + "'. Try " + strings.ToUpper(name) + " HELP."), true
		}
	}
	switch {
	case findCommand(argv[0]) == nil || hashFieldExpiryCommands[name] || added70[name] || len(argv) > 1 && added70[name+"|"+strings.ToLower(argv[1])]:
		// processCommand: each argument up to what is left of 128
		// bytes, and the error's newlines made spaces (addReplyError).
		var b strings.Builder
		for _, a := range argv[1:] {
			if b.Len() >= 128 {
				break
			}
			if room := 128 - b.Len(); len(a) > room {
				a = a[:room]
			}
			b.WriteString("`" + a + "`, ")
		}
		n := argv[0]
		if len(n) > 128 {
			n = n[:128]
		}
		msg := "ERR unknown command `" + n + "`, with args beginning with: " + b.String()
		return errReply(strings.NewReplacer("\r", " ", "\n", " ").Replace(msg)), true
	case (name == "bitcount" || name == "bitpos") && len(argv) > 3 && (strings.EqualFold(argv[len(argv)-1], "bit") || strings.EqualFold(argv[len(argv)-1], "byte")):
		return errSyntax, true // BYTE|BIT came in 7.0
	case name == "set" && hasWord(argv[3:], "nx") && hasWord(argv[3:], "get"):
		return errSyntax, true // NX with GET came in 7.0
	case name == "xadd" && hasSuffixArg(argv[2:], "-*"):
		return errReply("ERR Invalid stream ID specified as stream command argument"), true // ms-* came in 7.0
	case (name == "expire" || name == "pexpire" || name == "expireat" || name == "pexpireat") && len(argv) != 3:
		return errArity(name), true
	case name == "command" && len(argv) >= 3 && strings.EqualFold(argv[1], "info"):
		out := Reply{Kind: '*', Array: []Reply{}}
		for _, n := range argv[2:] {
			if r, ok := commandInfo62()[strings.ToLower(n)]; ok {
				out.Array = append(out.Array, r)
			} else {
				out.Array = append(out.Array, nilArrayReply)
			}
		}
		return out, true
	case name == "command" && len(argv) == 1:
		all := commandInfo62()
		names := make([]string, 0, len(all))
		for n := range all {
			names = append(names, n)
		}
		sort.Strings(names) // a real server's order is its hash table's
		out := Reply{Kind: '*', Array: make([]Reply, len(names))}
		for i, n := range names {
			out.Array[i] = all[n]
		}
		return out, true
	case name == "command" && len(argv) >= 6 && strings.EqualFold(argv[1], "getkeys") && zstoreName[strings.ToLower(argv[2])]:
		// zunionInterDiffStoreGetKeys: the sources, then the destination.
		if n, ok := parseInt(argv[4]); ok && n > 0 && int(n) <= len(argv)-5 {
			return arrayReply(append(append([]string(nil), argv[5:5+n]...), argv[3])), true
		}
	case name == "module" && len(argv) >= 3 && strings.EqualFold(argv[1], "load"):
		// No enable-module-command in 6.2: the load itself fails.
		return errReply("ERR Error loading the extension. Please check the server logs."), true
	case name == "module" && len(argv) == 3 && strings.EqualFold(argv[1], "unload"):
		return errReply("ERR Error unloading module: no such module with that name"), true
	case name == "module" && len(argv) == 2 && strings.EqualFold(argv[1], "list"):
		return Reply{Kind: '*', Array: []Reply{}}, true
	}
	return Reply{}, false
}

// scriptError62 is 6.2's EVAL error reply: "Error running script (call to
// f_<sha>): " and what its error handler (__redis__err__handler) makes of
// the error: "@user_script:LINE: " before a Lua error's text (which says
// where), before the error reply of a command redis.call ran, and before
// redis.call's own refusals, which luaPushError prefixed with
// "@user_script: LINE: " in 6.2's words. A table raised by error() makes
// the handler itself fail (it concatenates it).
func scriptError62(run *scriptRun, ae *lua.ApiError) Reply {
	line := luaLine(ae, run.chunk)
	msg := "ERR Error running script (call to " + run.name + "): "
	t, isT := ae.Object.(*lua.LTable)
	switch {
	case isT && t == run.raised:
		e := string(t.RawGetString("err").(lua.LString))
		if own, ok := scriptRefusals62[e]; ok {
			e = "@user_script: " + line + ": " + own
		}
		return errReply(msg + "@user_script:" + line + ": " + e)
	case isT:
		return errReply(msg + "@err_handler_def:9: err_handler_def:9: attempt to concatenate local 'err' (a table value)")
	}
	return errReply(msg + "@user_script:" + line + ": " + luaErrText(ae))
}

// scriptRefusals62 are redis.call's own refusals (7.0's texts) in 6.2's
// words (luaRedisGenericCommand).
var scriptRefusals62 = map[string]string{
	"ERR Unknown Redis command called from script":               "Unknown Redis command called from Lua script",
	"ERR Wrong number of args calling Redis command from script": "Wrong number of args calling Redis command From Lua script",
	"ERR This Redis command is not allowed from script":          "This Redis command is not allowed from scripts",
	"READONLY You can't write against a read only replica.":      "-READONLY You can't write against a read only replica.",
	"NOREPLICAS Not enough good replicas to write.":              "-NOREPLICAS Not enough good replicas to write.",
	"OOM command not allowed when used memory > 'maxmemory'.":    "-OOM command not allowed when used memory > 'maxmemory'.",
}

var zstoreName = map[string]bool{"zunionstore": true, "zinterstore": true, "zdiffstore": true}

// COMMAND and COMMAND INFO on 6.2: what redis-server 6.2.16's COMMAND
// answers (7 fields: no tips, key specs or subcommands; 6.2's flags),
// dumped by `go run ./core/internal/cmdgen infodump`.
//
//go:embed testdata/versions/redis-6.2/command-info.json
var commandInfo62JSON []byte

var commandInfo62 = sync.OnceValue(func() map[string]Reply {
	var m map[string]respTree
	if err := json.Unmarshal(commandInfo62JSON, &m); err != nil {
		panic("core/testdata/versions/redis-6.2/command-info.json: " + err.Error())
	}
	out := make(map[string]Reply, len(m))
	for k, v := range m {
		out[k] = v.reply()
	}
	return out
})

// flags62 are a command's flags on 6.2: CMD_STALE as stale62 says.
func flags62(cmd *command) cmdFlags {
	top := cmd
	if cmd.parent != nil {
		top = cmd.parent
	}
	if stale62[top.name] {
		return cmd.flags | flagStale
	}
	return cmd.flags &^ flagStale
}

// stale62 are 6.2's ok-stale commands: a container's flag covers its
// subcommands (7.0 flags each), PING is one and ECHO and EVAL are not.
var stale62 = map[string]bool{
	"acl": true, "auth": true, "client": true, "cluster": true, "command": true, "config": true,
	"debug": true, "discard": true, "exec": true, "failover": true, "hello": true, "info": true,
	"lastsave": true, "latency": true, "monitor": true, "multi": true, "ping": true, "post": true,
	"psubscribe": true, "publish": true, "pubsub": true, "punsubscribe": true, "replconf": true,
	"replicaof": true, "reset": true, "role": true, "select": true, "shutdown": true, "slaveof": true,
	"slowlog": true, "subscribe": true, "time": true, "unsubscribe": true, "unwatch": true, "watch": true,
}
