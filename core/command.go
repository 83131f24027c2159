package core

import (
	"strconv"
	"strings"
)

// A Redis command is one entry in one table: name, arity, flags, how it
// executes and what it propagates (see architecture.md).

type cmdFlags uint32

const (
	flagWrite        cmdFlags = 1 << iota // CMD_WRITE: refused on a read-only replica
	flagNoMulti                           // runs at once even inside MULTI (MULTI, EXEC, DISCARD)
	flagAdmin                             // CMD_ADMIN
	flagNoScript                          // CMD_NOSCRIPT: refused inside a script
	flagDenyOOM                           // CMD_DENYOOM
	flagBlocking                          // CMD_BLOCKING
	flagPubsub                            // CMD_PUBSUB
	flagReadonly                          // CMD_READONLY
	flagNoMultiCmd                        // CMD_NO_MULTI: refused inside MULTI
	flagMayReplicate                      // CMD_MAY_REPLICATE: postponed by CLIENT PAUSE WRITE
	flagNoAuth                            // CMD_NO_AUTH: runs before the client authenticates
	flagStale                             // CMD_STALE: runs on a stale replica (replica-serve-stale-data no)
	flagScript                            // EVAL, EVALSHA, their _RO forms, FCALL, FCALL_RO: a script's flags stand for the command's (getCommandFlags)
)

type command struct {
	name              string // Redis's full name: "get", "config|get"
	arity             int    // Redis convention: n exact, -n at least n (counting the name)
	flags             cmdFlags
	rflags            string // COMMAND's flags
	first, last, step int    // key positions
	exec              func(c *cmdCtx) Reply
	world             worldCmd // commands call.go runs on the world
	refuse            string   // why one scripted client cannot run it, and what to use
	subs              map[string]*command
	parent            *command
	statIdx           int  // its figures' index in a server's commandstats (stats.go)
	readsKeys         bool // it looks keys up for reading: keyspace hits and misses (stats.go)
}

// propOp is one entry of server.also_propagate.
type propOp struct {
	db      int
	argv    []string
	expired bool // the deletion of a key found expired (Redis 6.2 feeds it at once, alone)
}

// cmdCtx is what a command sees: the server, the client's db, its args,
// and what it will propagate.
type cmdCtx struct {
	w          *World
	s          *Server
	db         int
	argv       []string
	fromMaster bool // the client is the master link (no expiry, no replies)
	dirty      int
	rewritten  []string // rewriteClientCommandVector
	force      bool     // forceCommandPropagation
	ops        []propOp // also_propagate, in order
	selectTo   int      // SELECT's new db (-1: unchanged)
	inExec     bool     // run by EXEC
	inScript   bool     // run by redis.call
	timeout    float64  // a blocking command's timeout, seconds
	blockMs    int64    // the same in milliseconds, as Redis rounds it (blocked.go)
	resp3      bool     // the client ran HELLO 3 (resp3.go)
	// noErrStats: the error reply was counted where it arose (a script's
	// redis.call: ignore_error_stats_update, ERR_REPLY_FLAG_NO_STATS_UPDATE).
	noErrStats bool
	// countReads: the command looks keys up for reading (lookupKeyRead),
	// so its lookups count keyspace_hits and keyspace_misses.
	countReads bool
	// written are the hashes, sets and sorted sets the command may have
	// grown: noteConversions looks at them once it has run.
	written []*entry
}

func (c *cmdCtx) now() int64 { return c.w.unixMillis() }

// The keyspace as a command sees it (db.c): every access goes through
// these, so that copy on write (keyspace.go) cannot be bypassed.

// lookupRead is lookupKeyRead with expireIfNeeded: a master deletes an
// expired key and propagates DEL (propagateDeletion); a replica reports it
// missing but waits for its master's DEL; the master link sees every key.
// The entry it returns must not be changed. A command that reads keys
// (countReads) counts a keyspace hit or miss, as lookupKey does for every
// lookup without LOOKUP_WRITE.
func (c *cmdCtx) lookupRead(key string) *entry {
	e := c.lookupNoTouch(key)
	if e == nil {
		return nil
	}
	return c.touch(key, e)
}

// lookupNoTouch is lookupKeyReadWithFlags(LOOKUP_NOTOUCH), as EXISTS, TYPE,
// TTL and OBJECT look keys up: the key's access time stays.
func (c *cmdCtx) lookupNoTouch(key string) *entry {
	e := c.lookupKey(key)
	if c.countReads {
		c.s.countLookup(e != nil)
	}
	return e
}

// lookupKey is lookupKey's expiry without its statistics (LOOKUP_WRITE).
func (c *cmdCtx) lookupKey(key string) *entry {
	e := c.s.ks.get(c.db, key)
	if e == nil || e.expire == 0 || e.expire > c.now() || c.fromMaster {
		return e
	}
	if c.s.masterhost != "" || c.w.paused(c.s) {
		return nil // expired, but a replica and a paused master keep it
	}
	c.touchWatched(key)
	c.s.ks.del(c.db, key)
	c.s.stat.expiredKeys++
	c.ops = append(c.ops, propOp{db: c.db, argv: []string{c.s.cfg.expiredDel(), key}, expired: true})
	c.w.emit(Event{Kind: EvExpired, Node: c.s.name, Text: key, Argv: []string{c.s.cfg.expiredDel()}, Func: "deleteExpiredKeyAndPropagate"})
	return nil
}

// lookupWrite is lookupKeyWrite: the same lookup, no keyspace hit or
// miss, and an entry that may be changed in place.
func (c *cmdCtx) lookupWrite(key string) *entry {
	e := c.lookupKey(key)
	if e == nil {
		return nil
	}
	c.touch(key, e)
	c.touchWatched(key)
	return c.getMut(key)
}

// getMut is the keyspace's getMut for a command: a hash, set or sorted
// set it may grow is noted for noteConversions.
func (c *cmdCtx) getMut(key string) *entry {
	m := c.s.ks.getMut(c.db, key)
	if m != nil && m.typ >= typeHash && m.typ <= typeZset {
		c.written = append(c.written, m)
	}
	return m
}

// readFirst is a command whose one lookupKeyRead comes before anything
// else (GEORADIUS's, GEOSEARCH's): its hit or miss counts now, and the
// command's own lookups after it count nothing.
func (c *cmdCtx) readFirst(key string) {
	if c.countReads {
		c.s.countLookup(c.lookupKey(key) != nil)
		c.countReads = false
	}
}

// storesSources is a command that stores its result (SINTERSTORE,
// ZUNIONSTORE, ZRANGESTORE, SORT ... STORE, COPY, PFCOUNT of one key,
// which caches): Redis 6.2 looks its sources up for writing, which counts
// no keyspace hit or miss; 7.0 reads them.
func (c *cmdCtx) storesSources() {
	if c.w.ver != nil && c.w.ver.redis62 {
		c.countReads = false
	}
}

// lookupWriteKey is lookupKeyWrite for a command that then replaces the
// key whole (SET): no keyspace hit or miss, and the entry must not be
// changed.
func (c *cmdCtx) lookupWriteKey(key string) *entry {
	e := c.lookupKey(key)
	if e == nil {
		return nil
	}
	return c.touch(key, e)
}

// setKey is setKey/dbAdd: key now holds e (a new entry).
func (c *cmdCtx) setKey(key string, e *entry) {
	c.touchWatched(key)
	c.s.ks.put(c.db, key, e)
	if e.typ >= typeHash && e.typ <= typeZset {
		c.written = append(c.written, e)
	}
}

// setStringKey is setKey of a string for a key whose current entry the
// command just looked up (nil: none): the hot path of SET, overwriting in
// place.
func (c *cmdCtx) setStringKey(key string, cur *entry, str string, expire int64) {
	c.touchWatched(key)
	c.s.ks.replaceString(c.db, key, cur, str, expire)
}

// unshareString is dbUnshareStringValue: a string about to be changed in
// place becomes a raw sds of its own, changed or not. Not a change of the
// dataset: WATCH does not see it.
func (c *cmdCtx) unshareString(key string, e *entry) *entry {
	if e.enc == encRaw {
		return e
	}
	m := c.s.ks.getMut(c.db, key)
	m.enc = encRaw
	return m
}

// delKey is dbDelete.
func (c *cmdCtx) delKey(key string) bool { c.touchWatched(key); return c.s.ks.del(c.db, key) }

// setExpire is setExpire on an entry from lookupWrite (0: persist).
func (c *cmdCtx) setExpire(key string, e *entry, at int64) { c.s.ks.setExpire(c.db, key, e, at) }

// dbSize is dictSize of the selected db.
func (c *cmdCtx) dbSize() int { return c.s.ks.dbLen(c.db) }

func (c *cmdCtx) rewrite(argv ...string) { c.rewritten = argv }

var (
	errWrongType = errReply("WRONGTYPE Operation against a key holding the wrong kind of value")
	errSyntax    = errReply("ERR syntax error")
	errNotInt    = errReply("ERR value is not an integer or out of range")
	errNotFloat  = errReply("ERR value is not a valid float")
	errOverflow  = errReply("ERR increment or decrement would overflow")
)

func errArity(name string) Reply {
	return errReply("ERR wrong number of arguments for '" + name + "' command")
}

func parseInt(s string) (int64, bool) {
	if s == "" || len(s) > 20 || (s[0] == '0' && len(s) > 1) || s[0] == '+' {
		return 0, false
	}
	if s[0] == '-' && (len(s) == 1 || s[1] == '0') {
		return 0, false
	}
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil
}

// redisCmd is one row of Redis's own table (commands_gen.go, generated
// from what redis-server 7.0.15's COMMAND says).
type redisCmd struct {
	name              string // "get", or "config|get" for a subcommand
	arity             int
	flags             string // COMMAND's flags, space-separated
	first, last, step int
}

var (
	commandTable   = map[string]*command{}
	cmdSetEntry    *command
	cmdSelectEntry *command
	modelledCount  int
	tableLeaves    int
)

// worldCmd is a command that acts on the world rather than on one
// keyspace: transactions, WAIT, REPLICAOF.
type worldCmd func(w *World, s *Server, argv []string)

func init() {
	for _, rc := range redisTable {
		c := &command{name: rc.name, arity: rc.arity, rflags: rc.flags, first: rc.first, last: rc.last, step: rc.step}
		for _, f := range strings.Fields(rc.flags) {
			switch f {
			case "write":
				c.flags |= flagWrite
			case "admin":
				c.flags |= flagAdmin
			case "noscript":
				c.flags |= flagNoScript
			case "denyoom":
				c.flags |= flagDenyOOM
			case "blocking":
				c.flags |= flagBlocking
			case "pubsub":
				c.flags |= flagPubsub
			case "readonly":
				c.flags |= flagReadonly
			case "no_multi":
				c.flags |= flagNoMultiCmd
			case "no_auth":
				c.flags |= flagNoAuth
			case "stale":
				c.flags |= flagStale
			}
		}
		if mayReplicateCmds[rc.name] {
			c.flags |= flagMayReplicate
		}
		c.exec = handlers[rc.name]
		if _, ok := redisHelp[rc.name]; ok && c.exec == nil {
			c.exec = cmdHelp
		}
		if strings.HasPrefix(rc.name, "cluster") || rc.name == "asking" {
			c.exec = cmdClusterDisabled
		}
		c.world = worldHandlers[rc.name]
		c.refuse = refused[rc.name]
		c.statIdx = len(statTable)
		c.readsKeys = keyReaders[rc.name]
		statTable = append(statTable, c)
		if parent, sub, ok := strings.Cut(rc.name, "|"); ok {
			p := commandTable[parent]
			if p.subs == nil {
				p.subs = map[string]*command{}
				p.exec = execSubcommand
			}
			p.subs[sub] = c
			c.parent = p
			continue
		}
		commandTable[c.name] = c
		commandTable[strings.ToUpper(c.name)] = c
	}
	for _, rc := range redisTable {
		c := commandTable[rc.name]
		if parent, sub, ok := strings.Cut(rc.name, "|"); ok {
			c = commandTable[parent].subs[sub]
		}
		if c.subs != nil {
			continue // a container is counted by its subcommands
		}
		tableLeaves++
		if c.exec != nil || c.world != nil {
			modelledCount++
		}
	}
	// processCommand runs these at once inside MULTI instead of queueing.
	for _, n := range []string{"multi", "exec", "discard", "watch", "quit", "reset"} {
		commandTable[n].flags |= flagNoMulti
	}
	for _, n := range []string{"eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro"} {
		commandTable[n].flags |= flagScript
	}
	cmdSetEntry, cmdSelectEntry = commandTable["set"], commandTable["select"]
	cmdPingEntry, cmdReplconfEntry, cmdPsyncEntry = commandTable["ping"], commandTable["replconf"], commandTable["psync"]
	cmdAuthEntry = commandTable["auth"]
	cmdConfigSetEntry = commandTable["config"].subs["set"]
}

// arityOK is processCommand's arity check. REPLICAOF NAME (a node name
// for host and port) is the scenario language's two-word form.
func (cmd *command) arityOK(argc int) bool {
	if argc == 2 && (cmd.name == "replicaof" || cmd.name == "slaveof") {
		return true
	}
	if argc == 5 && cmd.name == "migrate" {
		return true // MIGRATE NAME key db timeout (migrate.go)
	}
	return (cmd.arity > 0 && argc == cmd.arity) || (cmd.arity < 0 && argc >= -cmd.arity)
}

// execSubcommand runs a container command's subcommand (a replica applying
// XGROUP CREATE or FUNCTION LOAD from its master goes this way).
func execSubcommand(c *cmdCtx) Reply {
	p := findCommand(c.argv[0])
	if len(c.argv) == 1 {
		if bare := handlers[p.name]; bare != nil {
			return bare(c) // COMMAND alone
		}
		return errArity(p.name)
	}
	sub := p.subs[strings.ToLower(c.argv[1])]
	if sub == nil || sub.exec == nil {
		return errReply("ERR unknown subcommand '" + c.argv[1] + "'. Try " + strings.ToUpper(p.name) + " HELP.")
	}
	return sub.exec(c)
}

// ModelledCommands says how many of Redis's commands and subcommands the
// model runs, out of how many the 7.0 table has (a container such as
// CONFIG counts by its subcommands).
func ModelledCommands() (modelled, total int) { return modelledCount, tableLeaves }

// SupportedCommands lists, in upper case, the top-level commands the
// model runs (the console completes and recognises these).
func SupportedCommands() []string {
	var out []string
	for _, rc := range redisTable {
		if strings.Contains(rc.name, "|") {
			continue
		}
		if c := commandTable[rc.name]; c != nil && (c.exec != nil || c.world != nil || c.subs != nil) {
			out = append(out, strings.ToUpper(rc.name))
		}
	}
	return out
}

// handlers is the one dispatch table: Redis's name (parent|sub for a
// subcommand) to the function that executes it, in the file named after
// the Redis source file that has it.
var handlers = map[string]func(c *cmdCtx) Reply{
	// t_string.go
	"get":         cmdGet,
	"set":         cmdSet,
	"setex":       func(c *cmdCtx) Reply { return setGeneric(c, c.argv[1], c.argv[3], c.argv[2], 'E', setFlags{}) },
	"psetex":      func(c *cmdCtx) Reply { return setGeneric(c, c.argv[1], c.argv[3], c.argv[2], 'P', setFlags{}) },
	"mset":        cmdMset,
	"incr":        func(c *cmdCtx) Reply { return incrBy(c, 1) },
	"decr":        func(c *cmdCtx) Reply { return incrBy(c, -1) },
	"incrby":      func(c *cmdCtx) Reply { return incrByArg(c, 1) },
	"decrby":      func(c *cmdCtx) Reply { return incrByArg(c, -1) },
	"incrbyfloat": cmdIncrByFloat,
	"append":      cmdAppend,
	"getex":       cmdGetex,
	"getdel":      cmdGetdel,
	"setnx":       cmdSetnx,
	"getset":      cmdGetset,
	"mget":        cmdMget,
	"msetnx":      cmdMsetnx,
	"strlen":      cmdStrlen,
	"setrange":    cmdSetrange,
	"getrange":    cmdGetrange,
	"substr":      cmdGetrange,
	"lcs":         cmdLcs,
	// bitops.go
	"setbit":      cmdSetbit,
	"getbit":      cmdGetbit,
	"bitcount":    cmdBitcount,
	"bitpos":      cmdBitpos,
	"bitop":       cmdBitop,
	"bitfield":    cmdBitfield,
	"bitfield_ro": cmdBitfieldRO,
	// hyperloglog.go
	"pfadd":   cmdPfadd,
	"pfcount": cmdPfcount,
	"pfmerge": cmdPfmerge,
	"pfdebug": cmdPfdebug,
	// expire.go
	"expire":      func(c *cmdCtx) Reply { return expireGeneric(c, c.now(), 1000) },
	"pexpire":     func(c *cmdCtx) Reply { return expireGeneric(c, c.now(), 1) },
	"expireat":    func(c *cmdCtx) Reply { return expireGeneric(c, 0, 1000) },
	"pexpireat":   func(c *cmdCtx) Reply { return expireGeneric(c, 0, 1) },
	"persist":     cmdPersist,
	"expiretime":  func(c *cmdCtx) Reply { return cmdExpiretime(c, false) },
	"pexpiretime": func(c *cmdCtx) Reply { return cmdExpiretime(c, true) },
	"ttl":         func(c *cmdCtx) Reply { return ttlGeneric(c, true) },
	"pttl":        func(c *cmdCtx) Reply { return ttlGeneric(c, false) },
	// t_list.go
	"lpush":      func(c *cmdCtx) Reply { return pushGeneric(c, true) },
	"rpush":      func(c *cmdCtx) Reply { return pushGeneric(c, false) },
	"lpop":       func(c *cmdCtx) Reply { return popGeneric(c, true) },
	"rpop":       func(c *cmdCtx) Reply { return popGeneric(c, false) },
	"lrange":     cmdLrange,
	"llen":       cmdLlen,
	"lpushx":     func(c *cmdCtx) Reply { return pushxGeneric(c, true) },
	"rpushx":     func(c *cmdCtx) Reply { return pushxGeneric(c, false) },
	"lindex":     cmdLindex,
	"lset":       cmdLset,
	"lrem":       cmdLrem,
	"ltrim":      cmdLtrim,
	"linsert":    cmdLinsert,
	"lpos":       cmdLpos,
	"lmove":      cmdLmove,
	"rpoplpush":  cmdRpoplpush,
	"blmove":     cmdBlmove,
	"brpoplpush": cmdBrpoplpush,
	"blpop":      func(c *cmdCtx) Reply { return bpopGeneric(c, true) },
	"brpop":      func(c *cmdCtx) Reply { return bpopGeneric(c, false) },
	"lmpop":      func(c *cmdCtx) Reply { return lmpopGeneric(c, 1) },
	"blmpop":     cmdBlmpop,
	// t_hash.go
	"hset":         cmdHset,
	"hget":         cmdHget,
	"hdel":         cmdHdel,
	"hgetall":      cmdHgetall,
	"hincrby":      cmdHincrby,
	"hsetnx":       cmdHsetnx,
	"hmset":        cmdHmset,
	"hmget":        cmdHmget,
	"hkeys":        func(c *cmdCtx) Reply { return hashPart(c, true, false) },
	"hvals":        func(c *cmdCtx) Reply { return hashPart(c, false, true) },
	"hlen":         cmdHlen,
	"hexists":      cmdHexists,
	"hstrlen":      cmdHstrlen,
	"hincrbyfloat": cmdHincrbyfloat,
	"hrandfield":   cmdHrandfield,
	"hscan":        cmdHscan,
	// t_set.go
	"sadd":        cmdSadd,
	"srem":        cmdSrem,
	"smembers":    cmdSmembers,
	"scard":       cmdScard,
	"sismember":   cmdSismember,
	"smismember":  cmdSmismember,
	"spop":        cmdSpop,
	"srandmember": cmdSrandmember,
	"smove":       cmdSmove,
	"sinter":      setOpCmd('i'),
	"sunion":      setOpCmd('u'),
	"sdiff":       setOpCmd('d'),
	"sinterstore": setOpStoreCmd('i'),
	"sunionstore": setOpStoreCmd('u'),
	"sdiffstore":  setOpStoreCmd('d'),
	"sintercard":  cmdSintercard,
	"sscan":       cmdSscan,
	// t_zset.go
	"zadd":             func(c *cmdCtx) Reply { return zaddGeneric(c, false) },
	"zincrby":          func(c *cmdCtx) Reply { return zaddGeneric(c, true) },
	"zrem":             cmdZrem,
	"zcard":            cmdZcard,
	"zscore":           cmdZscore,
	"zmscore":          cmdZmscore,
	"zrank":            func(c *cmdCtx) Reply { return zrankGeneric(c, false) },
	"zrevrank":         func(c *cmdCtx) Reply { return zrankGeneric(c, true) },
	"zrange":           func(c *cmdCtx) Reply { return zrangeGeneric(c, 'r', false, true) },
	"zrevrange":        func(c *cmdCtx) Reply { return zrangeGeneric(c, 'r', true, false) },
	"zrangebyscore":    func(c *cmdCtx) Reply { return zrangeGeneric(c, 's', false, false) },
	"zrevrangebyscore": func(c *cmdCtx) Reply { return zrangeGeneric(c, 's', true, false) },
	"zrangebylex":      func(c *cmdCtx) Reply { return zrangeGeneric(c, 'l', false, false) },
	"zrevrangebylex":   func(c *cmdCtx) Reply { return zrangeGeneric(c, 'l', true, false) },
	"zrangestore":      cmdZrangestore,
	"zcount":           cmdZcount,
	"zlexcount":        cmdZlexcount,
	"zremrangebyrank":  func(c *cmdCtx) Reply { return zremrangeGeneric(c, 'r') },
	"zremrangebyscore": func(c *cmdCtx) Reply { return zremrangeGeneric(c, 's') },
	"zremrangebylex":   func(c *cmdCtx) Reply { return zremrangeGeneric(c, 'l') },
	"zpopmin":          func(c *cmdCtx) Reply { return zpopGeneric(c, false) },
	"zpopmax":          func(c *cmdCtx) Reply { return zpopGeneric(c, true) },
	"bzpopmin":         func(c *cmdCtx) Reply { return bzpopGeneric(c, false) },
	"bzpopmax":         func(c *cmdCtx) Reply { return bzpopGeneric(c, true) },
	"zmpop":            func(c *cmdCtx) Reply { return zmpopGeneric(c, 1) },
	"bzmpop":           cmdBzmpop,
	"zunion":           zcombineCmd('u'),
	"zinter":           zcombineCmd('i'),
	"zdiff":            zcombineCmd('d'),
	"zunionstore":      zcombineStoreCmd('u'),
	"zinterstore":      zcombineStoreCmd('i'),
	"zdiffstore":       zcombineStoreCmd('d'),
	"zintercard":       cmdZintercard,
	"zrandmember":      cmdZrandmember,
	"zscan":            cmdZscan,
	// db.go
	"del":             cmdDel,
	"unlink":          cmdDel,
	"exists":          cmdExists,
	"select":          cmdSelect,
	"flushdb":         cmdFlushdb,
	"flushall":        cmdFlushall,
	"dbsize":          func(c *cmdCtx) Reply { return intReply(int64(c.dbSize())) },
	"sort":            func(c *cmdCtx) Reply { return sortGeneric(c, false) },
	"sort_ro":         func(c *cmdCtx) Reply { return sortGeneric(c, true) },
	"type":            cmdType,
	"rename":          func(c *cmdCtx) Reply { return renameGeneric(c, false) },
	"renamenx":        func(c *cmdCtx) Reply { return renameGeneric(c, true) },
	"move":            cmdMove,
	"copy":            cmdCopy,
	"swapdb":          cmdSwapdb,
	"touch":           cmdTouch,
	"keys":            cmdKeys,
	"scan":            cmdScan,
	"randomkey":       cmdRandomkey,
	"object|encoding": cmdObjectEncoding,
	"object|freq":     cmdObjectFreq,
	"object|refcount": cmdObjectRefcount,
	"object|idletime": cmdObjectIdletime,
	// cluster.go
	"dump":           cmdDump,
	"restore":        cmdRestore,
	"migrate":        cmdMigrate,
	"restore-asking": cmdRestore,
	// pubsub.go
	"publish":              cmdPublish,
	"spublish":             cmdPublish,
	"pubsub|channels":      cmdPubsubChannels,
	"pubsub|shardchannels": cmdPubsubChannels,
	"pubsub|numsub":        cmdPubsubNumsub,
	"pubsub|shardnumsub":   cmdPubsubNumsub,
	"pubsub|numpat":        cmdPubsubNumpat,
	// failover.go
	"failover": cmdFailover,
	// servercmd.go
	"ping":                    cmdPing,
	"info":                    cmdInfo,
	"role":                    cmdRole,
	"echo":                    cmdEcho,
	"time":                    cmdTime,
	"lastsave":                cmdLastsave,
	"save":                    cmdSave,
	"bgsave":                  cmdBgsave,
	"debug":                   cmdDebug,
	"client|list":             cmdClient, // outbuf.go: replicas' output buffers as CLIENT LIST shows them
	"command|count":           cmdCommandCount,
	"command|list":            cmdCommandList,
	"readonly":                cmdClusterDisabled,
	"readwrite":               cmdClusterDisabled,
	"auth":                    cmdAuth,
	"client|setname":          cmdClientSetname,
	"command|info":            cmdCommandInfo,
	"command|docs":            cmdCommandDocs,
	"command|getkeysandflags": func(c *cmdCtx) Reply { return getKeysSubcommand(c, true) },
	"acl|genpass":             cmdAclGenpass,
	"acl|load":                cmdAclFile,
	"acl|save":                cmdAclFile,
	"module|load":             cmdModuleDisabled,
	"module|loadex":           cmdModuleDisabled,
	"module|unload":           cmdModuleDisabled,
	"latency|graph":           cmdLatencyGraph,
	"memory|doctor":           cmdMemoryDoctor,
	"slowlog|get":             cmdSlowlogGet,
	"slowlog|len":             func(c *cmdCtx) Reply { return intReply(0) },
	"slowlog|reset":           func(c *cmdCtx) Reply { return okReply },
	"command":                 cmdCommand,
	"acl|cat":                 cmdAclCat,
	"acl|getuser":             cmdAclGetuser,
	"acl|dryrun":              cmdAclDryrun,
	"acl|log":                 cmdAclLog,
	"acl|deluser":             cmdAclDeluser,
	"acl|setuser":             cmdAclSetuser,
	"latency|doctor":          cmdLatencyDoctor,
	"command|getkeys":         func(c *cmdCtx) Reply { return getKeysSubcommand(c, false) },
	"client|trackinginfo":     cmdClientTrackinginfo,
	"client|caching":          cmdClientCaching,
	"client|getredir":         cmdClientGetredir,
	"client|unblock":          cmdClientUnblock,
	"client|unpause":          cmdClientUnpause,
	"client|pause":            cmdClientPause,
	"client|reply":            cmdClientReply,
	"script|kill":             cmdNotBusy,
	"function|kill":           cmdNotBusy,
	"function|stats":          cmdFunctionStats,
	"memory|purge":            func(c *cmdCtx) Reply { return okReply },
	"pfselftest":              func(c *cmdCtx) Reply { return okReply },
	"client|getname":          cmdClientGetname,
	"client|no-evict":         cmdClientOnOff,
	"client|tracking":         cmdClientOnOff,
	"acl|whoami":              cmdAclWhoami,
	"acl|users":               cmdAclUsers,
	"acl|list":                cmdAclList,
	"module|list":             cmdEmptyArray,
	"latency|latest":          cmdEmptyArray,
	"latency|history":         cmdEmptyArray,
	"latency|reset":           cmdLatencyReset,
	"latency|histogram":       cmdLatencyHistogram,
	"quit":                    cmdQuit,
	// networking.go
	"client|id":           cmdClientID,
	"client|info":         cmdClientInfo,
	"client|kill":         cmdClientKill,
	"hello":               cmdHello,
	"bgrewriteaof":        cmdBgrewriteaof,
	"memory|usage":        cmdMemoryUsage,       // object.go
	"memory|stats":        cmdMemoryStats,       // object.go
	"memory|malloc-stats": cmdMemoryMallocStats, // jemalloc_stats.go
	"lolwut":              cmdLolwut,            // lolwut.go
	// geo.go
	"geoadd":               cmdGeoadd,
	"geopos":               cmdGeopos,
	"geodist":              cmdGeodist,
	"geohash":              cmdGeohash,
	"georadius":            func(c *cmdCtx) Reply { return georadiusGeneric(c, false, false) },
	"georadius_ro":         func(c *cmdCtx) Reply { return georadiusGeneric(c, false, true) },
	"georadiusbymember":    func(c *cmdCtx) Reply { return georadiusGeneric(c, true, false) },
	"georadiusbymember_ro": func(c *cmdCtx) Reply { return georadiusGeneric(c, true, true) },
	"geosearch":            func(c *cmdCtx) Reply { return geosearchGeneric(c, false) },
	"geosearchstore":       func(c *cmdCtx) Reply { return geosearchGeneric(c, true) },
	// t_stream.go
	"xadd":                  cmdXadd,
	"xlen":                  cmdXlen,
	"xrange":                func(c *cmdCtx) Reply { return xrangeGeneric(c, false) },
	"xrevrange":             func(c *cmdCtx) Reply { return xrangeGeneric(c, true) },
	"xdel":                  cmdXdel,
	"xtrim":                 cmdXtrim,
	"xread":                 func(c *cmdCtx) Reply { return xreadGeneric(c, false) },
	"xreadgroup":            func(c *cmdCtx) Reply { return xreadGeneric(c, true) },
	"xgroup|create":         cmdXgroupCreate,
	"xgroup|setid":          cmdXgroupSetid,
	"xgroup|destroy":        cmdXgroupDestroy,
	"xgroup|createconsumer": cmdXgroupCreateconsumer,
	"xgroup|delconsumer":    cmdXgroupDelconsumer,
	"xack":                  cmdXack,
	"xpending":              cmdXpending,
	"xclaim":                cmdXclaim,
	"xautoclaim":            cmdXautoclaim,
	"xinfo|groups":          cmdXinfoGroups,
	"xinfo|stream":          cmdXinfoStream,
	"xinfo|consumers":       cmdXinfoConsumers,
	"xsetid":                cmdXsetid,
	// script.go
	"eval":          func(c *cmdCtx) Reply { return evalGeneric(c, false, false) },
	"evalsha":       func(c *cmdCtx) Reply { return evalGeneric(c, true, false) },
	"eval_ro":       func(c *cmdCtx) Reply { return evalGeneric(c, false, true) },
	"evalsha_ro":    func(c *cmdCtx) Reply { return evalGeneric(c, true, true) },
	"script|load":   cmdScriptLoad,
	"script|debug":  cmdScriptDebug,
	"script|exists": cmdScriptExists,
	"script|flush":  cmdScriptFlush,
	// function.go
	"function|load":    cmdFunctionLoad,
	"function|delete":  cmdFunctionDelete,
	"function|flush":   cmdFunctionFlush,
	"function|list":    cmdFunctionList,
	"function|dump":    cmdFunctionDump,
	"function|restore": cmdFunctionRestore,
	"fcall":            func(c *cmdCtx) Reply { return fcallGeneric(c, false) },
	"fcall_ro":         func(c *cmdCtx) Reply { return fcallGeneric(c, true) },
	// config.go
	"config|get":       cmdConfigGet,
	"config|set":       cmdConfigSet,
	"config|resetstat": cmdConfigResetstat,
	"config|rewrite":   cmdConfigRewrite,
	// replication_master.go
	"replconf": cmdReplconf,
}

// worldHandlers are the commands call.go runs on the world.
var worldHandlers = map[string]worldCmd{
	"multi":     (*World).multiCommand,
	"discard":   (*World).discardCommand,
	"exec":      (*World).exec,
	"wait":      (*World).wait,
	"replicaof": (*World).replicaofCommand,
	"slaveof":   (*World).replicaofCommand,
	"watch":     (*World).watchCommand,
	"unwatch":   (*World).unwatchCommand,
	"reset":     (*World).resetCommand,
}

// refused are the commands one scripted client cannot run, with what to
// use instead.
var refused = map[string]string{
	"subscribe":    "SUBSCRIBE would make the scenario's only client wait for messages; PUBLISH shows what propagates",
	"psubscribe":   "PSUBSCRIBE would make the scenario's only client wait for messages; PUBLISH shows what propagates",
	"ssubscribe":   "SSUBSCRIBE would make the scenario's only client wait for messages; SPUBLISH shows what propagates",
	"unsubscribe":  "the scenario's client never subscribes",
	"punsubscribe": "the scenario's client never subscribes",
	"sunsubscribe": "the scenario's client never subscribes",
	"monitor":      "MONITOR would turn the scenario's only client into a monitor; the event list shows every command",
	"shutdown":     "use the `restart NAME` line (SHUTDOWN SAVE, then start again)",
	"sync":         "replicas sync on their own: use `node NAME replicaof OTHER` or REPLICAOF",
	"psync":        "replicas send PSYNC on their own: use `node NAME replicaof OTHER`, `link NAME up` or REPLICAOF",
}
