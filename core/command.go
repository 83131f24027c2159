package core

import (
	"math"
	"strconv"
	"strings"
)

// A Redis command is one entry in one table: name, arity, flags, how it
// executes and what it propagates (see architecture.md).

type cmdFlags uint16

const (
	flagWrite   cmdFlags = 1 << iota // CMD_WRITE: refused on a read-only replica
	flagNoMulti                      // runs at once even inside MULTI (MULTI, EXEC, DISCARD)
	flagAdmin                        // CONFIG, REPLICAOF, WAIT: never queued in our model
)

type command struct {
	name  string
	arity int // Redis convention: n exact, -n at least n (counting the name)
	flags cmdFlags
	exec  func(c *cmdCtx) Reply
}

// propOp is one entry of server.also_propagate.
type propOp struct {
	db   int
	argv []string
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
}

func (c *cmdCtx) now() int64 { return c.w.unixMillis() }

// The keyspace as a command sees it (db.c): every access goes through
// these, so that copy on write (keyspace.go) cannot be bypassed.

// lookupRead is lookupKeyRead with expireIfNeeded: a master deletes an
// expired key and propagates DEL (propagateDeletion); a replica reports it
// missing but waits for its master's DEL; the master link sees every key.
// The entry it returns must not be changed.
func (c *cmdCtx) lookupRead(key string) *entry {
	e := c.s.ks.get(c.db, key)
	if e == nil || e.expire == 0 || e.expire > c.now() || c.fromMaster {
		return e
	}
	if c.s.masterhost != "" {
		return nil
	}
	c.s.ks.del(c.db, key)
	c.ops = append(c.ops, propOp{db: c.db, argv: []string{"DEL", key}})
	c.w.emit(Event{Kind: EvExpired, Node: c.s.name, Text: key, Func: "deleteExpiredKeyAndPropagate"})
	return nil
}

// lookupWrite is lookupKeyWrite: the same lookup, and an entry that may be
// changed in place.
func (c *cmdCtx) lookupWrite(key string) *entry {
	if c.lookupRead(key) == nil {
		return nil
	}
	return c.s.ks.getMut(c.db, key)
}

// setKey is setKey/dbAdd: key now holds e (a new entry).
func (c *cmdCtx) setKey(key string, e *entry) { c.s.ks.put(c.db, key, e) }

// delKey is dbDelete.
func (c *cmdCtx) delKey(key string) bool { return c.s.ks.del(c.db, key) }

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

var (
	commandTable   = map[string]*command{}
	cmdSetEntry    *command
	cmdSelectEntry *command
)

func init() {
	for _, c := range commands {
		commandTable[c.name] = c
		commandTable[strings.ToUpper(c.name)] = c
	}
	cmdSetEntry, cmdSelectEntry = commandTable["set"], commandTable["select"]
}

var commands = []*command{
	{"get", 2, 0, cmdGet},
	{"set", -3, flagWrite, cmdSet},
	{"setex", 4, flagWrite, func(c *cmdCtx) Reply { return setGeneric(c, c.argv[1], c.argv[3], c.argv[2], 'E', setFlags{}) }},
	{"psetex", 4, flagWrite, func(c *cmdCtx) Reply { return setGeneric(c, c.argv[1], c.argv[3], c.argv[2], 'P', setFlags{}) }},
	{"mset", -3, flagWrite, cmdMset},
	{"del", -2, flagWrite, cmdDel},
	{"unlink", -2, flagWrite, cmdDel},
	{"exists", -2, 0, cmdExists},
	{"incr", 2, flagWrite, func(c *cmdCtx) Reply { return incrBy(c, 1) }},
	{"decr", 2, flagWrite, func(c *cmdCtx) Reply { return incrBy(c, -1) }},
	{"incrby", 3, flagWrite, func(c *cmdCtx) Reply { return incrByArg(c, 1) }},
	{"decrby", 3, flagWrite, func(c *cmdCtx) Reply { return incrByArg(c, -1) }},
	{"incrbyfloat", 3, flagWrite, cmdIncrByFloat},
	{"append", 3, flagWrite, cmdAppend},
	{"getex", -2, flagWrite, cmdGetex},
	{"getdel", 2, flagWrite, cmdGetdel},
	{"expire", -3, flagWrite, func(c *cmdCtx) Reply { return expireGeneric(c, c.now(), 1000) }},
	{"pexpire", -3, flagWrite, func(c *cmdCtx) Reply { return expireGeneric(c, c.now(), 1) }},
	{"expireat", -3, flagWrite, func(c *cmdCtx) Reply { return expireGeneric(c, 0, 1000) }},
	{"pexpireat", -3, flagWrite, func(c *cmdCtx) Reply { return expireGeneric(c, 0, 1) }},
	{"persist", 2, flagWrite, cmdPersist},
	{"ttl", 2, 0, func(c *cmdCtx) Reply { return ttlGeneric(c, true) }},
	{"pttl", 2, 0, func(c *cmdCtx) Reply { return ttlGeneric(c, false) }},
	{"lpush", -3, flagWrite, func(c *cmdCtx) Reply { return pushGeneric(c, true) }},
	{"rpush", -3, flagWrite, func(c *cmdCtx) Reply { return pushGeneric(c, false) }},
	{"lpop", -2, flagWrite, func(c *cmdCtx) Reply { return popGeneric(c, true) }},
	{"rpop", -2, flagWrite, func(c *cmdCtx) Reply { return popGeneric(c, false) }},
	{"lrange", 4, 0, cmdLrange},
	{"llen", 2, 0, cmdLlen},
	{"hset", -4, flagWrite, cmdHset},
	{"hget", 3, 0, cmdHget},
	{"hdel", -3, flagWrite, cmdHdel},
	{"hgetall", 2, 0, cmdHgetall},
	{"hincrby", 4, flagWrite, cmdHincrby},
	{"sadd", -3, flagWrite, cmdSadd},
	{"srem", -3, flagWrite, cmdSrem},
	{"smembers", 2, 0, cmdSmembers},
	{"scard", 2, 0, cmdScard},
	{"select", 2, 0, cmdSelect},
	{"flushdb", -1, flagWrite, cmdFlushdb},
	{"flushall", -1, flagWrite, cmdFlushall},
	{"dbsize", 1, 0, func(c *cmdCtx) Reply { return intReply(int64(c.dbSize())) }},
	{"ping", -1, 0, cmdPing},
	{"info", -1, 0, cmdInfo},
	{"client", -2, 0, cmdClient},
	{"debug", -2, 0, cmdDebug},
	{"role", 1, 0, cmdRole},
	{"config", -2, flagAdmin, cmdConfig},
	{"multi", 1, flagNoMulti, nil},
	{"exec", 1, flagNoMulti, nil},
	{"discard", 1, flagNoMulti, nil},
	{"wait", 3, flagAdmin, nil},
	{"replicaof", -2, flagAdmin, nil},
	{"slaveof", -2, flagAdmin, nil},
	{"replconf", -1, 0, nil},
}

// SupportedCommands lists the commands the model implements.
func SupportedCommands() []string {
	out := make([]string, 0, len(commands))
	for _, c := range commands {
		if c.name != "replconf" {
			out = append(out, strings.ToUpper(c.name))
		}
	}
	return out
}

func getString(c *cmdCtx, key string) (*entry, Reply, bool) {
	e := c.lookupRead(key)
	if e == nil {
		return nil, Reply{}, true
	}
	if e.typ != typeString {
		return nil, errWrongType, false
	}
	return e, Reply{}, true
}

func cmdGet(c *cmdCtx) Reply {
	e, r, ok := getString(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return nilReply
	}
	return bulkReply(e.str)
}

// cmdSet parses SET's options as parseExtendedStringArgumentsOrReply does.
func cmdSet(c *cmdCtx) Reply {
	var nx, xx, get, keepttl bool
	unit := byte(0)
	var expire string
	for j := 3; j < len(c.argv); j++ {
		a := strings.ToUpper(c.argv[j])
		next := j+1 < len(c.argv)
		switch {
		case a == "NX" && !xx:
			nx = true
		case a == "XX" && !nx:
			xx = true
		case a == "GET":
			get = true
		case a == "KEEPTTL" && unit == 0:
			keepttl = true
		case (a == "EX" || a == "PX" || a == "EXAT" || a == "PXAT") && unit == 0 && !keepttl && next:
			unit = map[string]byte{"EX": 'E', "PX": 'P', "EXAT": 'e', "PXAT": 'p'}[a]
			j++
			expire = c.argv[j]
		default:
			return errSyntax
		}
	}
	var flags setFlags
	flags.nx, flags.xx, flags.get, flags.keepttl = nx, xx, get, keepttl
	return setGeneric(c, c.argv[1], c.argv[2], expire, unit, flags)
}

type setFlags struct{ nx, xx, get, keepttl bool }

// expireMillis is getExpireMillisecondsOrReply: unit 'E' seconds, 'P' ms,
// 'e' unix seconds, 'p' unix ms.
func expireMillis(c *cmdCtx, expire string, unit byte, cmd string) (int64, Reply, bool) {
	v, ok := parseInt(expire)
	if !ok {
		return 0, errNotInt, false
	}
	invalid := errReply("ERR invalid expire time in '" + cmd + "' command")
	if v <= 0 {
		return 0, invalid, false
	}
	if unit == 'E' || unit == 'e' {
		if v > math.MaxInt64/1000 {
			return 0, invalid, false
		}
		v *= 1000
	}
	if unit == 'E' || unit == 'P' {
		if v > math.MaxInt64-c.now() {
			return 0, invalid, false
		}
		v += c.now()
	}
	return v, Reply{}, true
}

func setGeneric(c *cmdCtx, key, val, expire string, unit byte, f setFlags) Reply {
	var ms int64
	if unit != 0 {
		name := strings.ToLower(c.argv[0])
		var r Reply
		var ok bool
		if ms, r, ok = expireMillis(c, expire, unit, name); !ok {
			return r
		}
	}
	var old Reply
	if f.get {
		e, r, ok := getString(c, key)
		if !ok {
			return r
		}
		old = nilReply
		if e != nil {
			old = bulkReply(e.str)
		}
	}
	e := c.lookupRead(key)
	found := e != nil
	if (f.nx && found) || (f.xx && !found) {
		if f.get {
			return old
		}
		return nilReply
	}
	var keep int64
	if f.keepttl && e != nil {
		keep = e.expire
	}
	if unit != 0 {
		keep = ms
		c.rewrite("SET", key, val, "PXAT", itoa(ms))
	}
	c.s.ks.replace(c.db, key, e, entry{typ: typeString, str: val, expire: keep})
	c.dirty++
	if f.get {
		return old
	}
	return okReply
}

func cmdMset(c *cmdCtx) Reply {
	if len(c.argv)%2 == 0 {
		return errArity("mset")
	}
	for j := 1; j < len(c.argv); j += 2 {
		c.setKey(c.argv[j], &entry{typ: typeString, str: c.argv[j+1]})
	}
	c.dirty += (len(c.argv) - 1) / 2
	return okReply
}

func cmdDel(c *cmdCtx) Reply {
	n := 0
	for _, k := range c.argv[1:] {
		if c.lookupRead(k) != nil {
			c.delKey(k)
			n++
		}
	}
	c.dirty += n
	return intReply(int64(n))
}

func cmdExists(c *cmdCtx) Reply {
	n := 0
	for _, k := range c.argv[1:] {
		if c.lookupRead(k) != nil {
			n++
		}
	}
	return intReply(int64(n))
}

func incrByArg(c *cmdCtx, sign int64) Reply {
	v, ok := parseInt(c.argv[2])
	if !ok {
		return errNotInt
	}
	if sign < 0 {
		if v == math.MinInt64 {
			return errReply("ERR decrement would overflow")
		}
		v = -v
	}
	return incrBy(c, v)
}

func incrBy(c *cmdCtx, by int64) Reply {
	e, r, ok := getString(c, c.argv[1])
	if !ok {
		return r
	}
	var cur int64
	if e != nil {
		v, ok := parseInt(e.str)
		if !ok {
			return errNotInt
		}
		cur = v
	}
	if (by < 0 && cur < 0 && by < math.MinInt64-cur) || (by > 0 && cur > 0 && by > math.MaxInt64-cur) {
		return errOverflow
	}
	cur += by
	var exp int64
	if e != nil {
		exp = e.expire
	}
	c.setKey(c.argv[1], &entry{typ: typeString, str: itoa(cur), expire: exp})
	c.dirty++
	return intReply(cur)
}

func cmdIncrByFloat(c *cmdCtx) Reply {
	e, r, ok := getString(c, c.argv[1])
	if !ok {
		return r
	}
	var cur float64
	if e != nil {
		v, err := strconv.ParseFloat(e.str, 64)
		if err != nil || strings.TrimSpace(e.str) != e.str {
			return errNotFloat
		}
		cur = v
	}
	by, err := strconv.ParseFloat(c.argv[2], 64)
	if err != nil || math.IsNaN(by) {
		return errNotFloat
	}
	cur += by
	if math.IsInf(cur, 0) || math.IsNaN(cur) {
		return errReply("ERR increment would produce NaN or Infinity")
	}
	s := formatLongDouble(cur)
	var exp int64
	if e != nil {
		exp = e.expire
	}
	c.setKey(c.argv[1], &entry{typ: typeString, str: s, expire: exp})
	c.dirty++
	// Always replicate INCRBYFLOAT as a SET with KEEPTTL, so that float
	// precision or formatting differences cannot create a mismatch.
	c.rewrite("SET", c.argv[1], s, "KEEPTTL")
	return bulkReply(s)
}

// formatLongDouble approximates ld2string(LD_STR_HUMAN): up to 17
// significant digits, no exponent, trailing zeros trimmed.
func formatLongDouble(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

func cmdAppend(c *cmdCtx) Reply {
	e, r, ok := getString(c, c.argv[1])
	if !ok {
		return r
	}
	n := &entry{typ: typeString, str: c.argv[2]}
	if e != nil {
		n.str, n.expire = e.str+c.argv[2], e.expire
	}
	c.setKey(c.argv[1], n)
	c.dirty++
	return intReply(int64(len(n.str)))
}

func cmdGetex(c *cmdCtx) Reply {
	unit := byte(0)
	var expire string
	persist := false
	for j := 2; j < len(c.argv); j++ {
		a := strings.ToUpper(c.argv[j])
		next := j+1 < len(c.argv)
		switch {
		case a == "PERSIST" && unit == 0 && !persist:
			persist = true
		case (a == "EX" || a == "PX" || a == "EXAT" || a == "PXAT") && unit == 0 && !persist && next:
			unit = map[string]byte{"EX": 'E', "PX": 'P', "EXAT": 'e', "PXAT": 'p'}[a]
			j++
			expire = c.argv[j]
		default:
			return errSyntax
		}
	}
	e, r, ok := getString(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return nilReply
	}
	var ms int64
	if unit != 0 {
		if ms, r, ok = expireMillis(c, expire, unit, "getex"); !ok {
			return r
		}
	}
	out := bulkReply(e.str)
	switch {
	case (unit == 'e' || unit == 'p') && ms <= c.now():
		c.delKey(c.argv[1])
		c.rewrite("DEL", c.argv[1])
		c.dirty++
	case unit != 0:
		c.setExpire(c.argv[1], c.lookupWrite(c.argv[1]), ms)
		c.rewrite("PEXPIREAT", c.argv[1], itoa(ms))
		c.dirty++
	case persist && e.expire != 0:
		c.setExpire(c.argv[1], c.lookupWrite(c.argv[1]), 0)
		c.rewrite("PERSIST", c.argv[1])
		c.dirty++
	}
	return out
}

func cmdGetdel(c *cmdCtx) Reply {
	e, r, ok := getString(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return nilReply
	}
	c.delKey(c.argv[1])
	c.rewrite("DEL", c.argv[1])
	c.dirty++
	return bulkReply(e.str)
}

// expireGeneric is expireGenericCommand: basetime 0 for *AT commands.
func expireGeneric(c *cmdCtx, basetime, unit int64) Reply {
	when, ok := parseInt(c.argv[2])
	if !ok {
		return errNotInt
	}
	var nx, xx, gt, lt bool
	for _, a := range c.argv[3:] {
		switch strings.ToUpper(a) {
		case "NX":
			nx = true
		case "XX":
			xx = true
		case "GT":
			gt = true
		case "LT":
			lt = true
		default:
			return errReply("ERR Unsupported option " + a)
		}
	}
	if nx && (xx || gt || lt) {
		return errReply("ERR NX and XX, GT or LT options at the same time are not compatible")
	}
	if gt && lt {
		return errReply("ERR GT and LT options at the same time are not compatible")
	}
	name := strings.ToLower(c.argv[0])
	invalid := errReply("ERR invalid expire time in '" + name + "' command")
	if unit == 1000 {
		if when > math.MaxInt64/1000 || when < math.MinInt64/1000 {
			return invalid
		}
		when *= 1000
	}
	if (when > 0 && basetime > math.MaxInt64-when) || (when < 0 && basetime < math.MinInt64-when) {
		return invalid
	}
	when += basetime
	e := c.lookupWrite(c.argv[1])
	if e == nil {
		return intReply(0)
	}
	cur := int64(-1)
	if e.expire != 0 {
		cur = e.expire
	}
	if (nx && cur != -1) || (xx && cur == -1) || (gt && (when <= cur || cur == -1)) || (lt && cur != -1 && when >= cur) {
		return intReply(0)
	}
	if when <= c.now() && !c.fromMaster {
		c.delKey(c.argv[1])
		c.dirty++
		c.rewrite("DEL", c.argv[1])
		return intReply(1)
	}
	c.setExpire(c.argv[1], e, when)
	out := append([]string(nil), c.argv...)
	if name != "pexpireat" {
		out[0] = "PEXPIREAT"
	}
	if basetime != 0 || unit == 1000 {
		out[2] = itoa(when)
	}
	c.rewrite(out...)
	c.dirty++
	return intReply(1)
}

func cmdPersist(c *cmdCtx) Reply {
	e := c.lookupRead(c.argv[1])
	if e == nil || e.expire == 0 {
		return intReply(0)
	}
	c.setExpire(c.argv[1], c.lookupWrite(c.argv[1]), 0)
	c.dirty++
	return intReply(1)
}

func ttlGeneric(c *cmdCtx, seconds bool) Reply {
	e := c.lookupRead(c.argv[1])
	if e == nil {
		return intReply(-2)
	}
	if e.expire == 0 {
		return intReply(-1)
	}
	ttl := max(e.expire-c.now(), 0)
	if seconds {
		return intReply((ttl + 500) / 1000)
	}
	return intReply(ttl)
}

// getTyped looks a key up for reading and checks its type.
func getTyped(c *cmdCtx, key string, t valueType) (*entry, Reply, bool) {
	e := c.lookupRead(key)
	if e == nil {
		return nil, Reply{}, true
	}
	if e.typ != t {
		return nil, errWrongType, false
	}
	return e, Reply{}, true
}

// getTypedWrite is getTyped for a command that changes the value.
func getTypedWrite(c *cmdCtx, key string, t valueType) (*entry, Reply, bool) {
	e, r, ok := getTyped(c, key, t)
	if e != nil {
		e = c.s.ks.getMut(c.db, key)
	}
	return e, r, ok
}

func (e *entry) list() *listValue { return e.obj.(*listValue) }
func (e *entry) hash() *hashValue { return e.obj.(*hashValue) }
func (e *entry) set() *setValue   { return e.obj.(*setValue) }

func pushGeneric(c *cmdCtx, head bool) Reply {
	e, r, ok := getTypedWrite(c, c.argv[1], typeList)
	if !ok {
		return r
	}
	if e == nil {
		e = &entry{typ: typeList, obj: &listValue{}}
		c.setKey(c.argv[1], e)
	}
	l := e.list()
	for _, v := range c.argv[2:] {
		if head {
			l.items = append([]string{v}, l.items...)
		} else {
			l.items = append(l.items, v)
		}
	}
	c.dirty += len(c.argv) - 2
	return intReply(int64(len(l.items)))
}

func popGeneric(c *cmdCtx, head bool) Reply {
	if len(c.argv) > 3 {
		return errArity(strings.ToLower(c.argv[0]))
	}
	count := int64(-1)
	if len(c.argv) == 3 {
		v, ok := parseInt(c.argv[2])
		if !ok || v < 0 {
			return errReply("ERR value is out of range, must be positive")
		}
		count = v
	}
	e, r, ok := getTyped(c, c.argv[1], typeList)
	if !ok {
		return r
	}
	if e == nil {
		if count >= 0 {
			return nilArrayReply
		}
		return nilReply
	}
	if count == 0 {
		return arrayReply(nil)
	}
	l := c.lookupWrite(c.argv[1]).list()
	n := int64(1)
	if count > 0 {
		n = min(count, int64(len(l.items)))
	}
	var popped []string
	for i := int64(0); i < n; i++ {
		if head {
			popped = append(popped, l.items[0])
			l.items = l.items[1:]
		} else {
			popped = append(popped, l.items[len(l.items)-1])
			l.items = l.items[:len(l.items)-1]
		}
	}
	if len(l.items) == 0 {
		c.delKey(c.argv[1])
	}
	c.dirty++
	if count < 0 {
		return bulkReply(popped[0])
	}
	name := "RPOP"
	if head {
		name = "LPOP"
	}
	c.rewrite(name, c.argv[1], itoa(n))
	return arrayReply(popped)
}

func cmdLrange(c *cmdCtx) Reply {
	start, ok1 := parseInt(c.argv[2])
	stop, ok2 := parseInt(c.argv[3])
	if !ok1 || !ok2 {
		return errNotInt
	}
	e, r, ok := getTyped(c, c.argv[1], typeList)
	if !ok {
		return r
	}
	if e == nil {
		return arrayReply(nil)
	}
	items := e.list().items
	n := int64(len(items))
	if start < 0 {
		start += n
	}
	if stop < 0 {
		stop += n
	}
	start = max(start, 0)
	if start > stop || start >= n {
		return arrayReply(nil)
	}
	stop = min(stop, n-1)
	return arrayReply(items[start : stop+1])
}

func cmdLlen(c *cmdCtx) Reply {
	e, r, ok := getTyped(c, c.argv[1], typeList)
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	return intReply(int64(len(e.list().items)))
}

func cmdHset(c *cmdCtx) Reply {
	if len(c.argv)%2 != 0 {
		return errArity("hset")
	}
	e, r, ok := getTypedWrite(c, c.argv[1], typeHash)
	if !ok {
		return r
	}
	if e == nil {
		e = &entry{typ: typeHash, obj: &hashValue{}}
		c.setKey(c.argv[1], e)
	}
	n := 0
	for j := 2; j < len(c.argv); j += 2 {
		if e.hash().set(c.argv[j], c.argv[j+1]) {
			n++
		}
	}
	c.dirty += (len(c.argv) - 2) / 2
	return intReply(int64(n))
}

func cmdHget(c *cmdCtx) Reply {
	e, r, ok := getTyped(c, c.argv[1], typeHash)
	if !ok {
		return r
	}
	if e == nil {
		return nilReply
	}
	if v, ok := e.hash().get(c.argv[2]); ok {
		return bulkReply(v)
	}
	return nilReply
}

func cmdHdel(c *cmdCtx) Reply {
	e, r, ok := getTyped(c, c.argv[1], typeHash)
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	n := 0
	var h *hashValue
	for _, f := range c.argv[2:] {
		if _, ok := e.hash().get(f); !ok {
			continue
		}
		if h == nil {
			h = c.lookupWrite(c.argv[1]).hash()
		}
		h.del(f)
		n++
	}
	if h != nil && h.len() == 0 {
		c.delKey(c.argv[1])
	}
	c.dirty += n
	return intReply(int64(n))
}

func cmdHgetall(c *cmdCtx) Reply {
	e, r, ok := getTyped(c, c.argv[1], typeHash)
	if !ok {
		return r
	}
	if e == nil {
		return arrayReply(nil)
	}
	return arrayReply(e.hash().kv)
}

func cmdHincrby(c *cmdCtx) Reply {
	by, ok := parseInt(c.argv[3])
	if !ok {
		return errNotInt
	}
	e, r, ok := getTyped(c, c.argv[1], typeHash)
	if !ok {
		return r
	}
	var cur int64
	if e != nil {
		if v, ok := e.hash().get(c.argv[2]); ok {
			n, ok := parseInt(v)
			if !ok {
				return errReply("ERR hash value is not an integer")
			}
			cur = n
		}
	}
	if (by < 0 && cur < 0 && by < math.MinInt64-cur) || (by > 0 && cur > 0 && by > math.MaxInt64-cur) {
		return errOverflow
	}
	cur += by
	if e == nil {
		e = &entry{typ: typeHash, obj: &hashValue{}}
		c.setKey(c.argv[1], e)
	} else {
		e = c.lookupWrite(c.argv[1])
	}
	e.hash().set(c.argv[2], itoa(cur))
	c.dirty++
	return intReply(cur)
}

func cmdSadd(c *cmdCtx) Reply {
	e, r, ok := getTyped(c, c.argv[1], typeSet)
	if !ok {
		return r
	}
	var set *setValue
	n := 0
	for _, m := range c.argv[2:] {
		if e != nil {
			if _, ok := e.set().m[m]; ok {
				continue
			}
		}
		if set == nil {
			if e == nil {
				e = &entry{typ: typeSet, obj: &setValue{m: map[string]struct{}{}}}
				c.setKey(c.argv[1], e)
			} else {
				e = c.lookupWrite(c.argv[1])
			}
			set = e.set()
		}
		set.m[m] = struct{}{}
		n++
	}
	c.dirty += n
	return intReply(int64(n))
}

func cmdSrem(c *cmdCtx) Reply {
	e, r, ok := getTyped(c, c.argv[1], typeSet)
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	n := 0
	var set *setValue
	for _, m := range c.argv[2:] {
		if _, ok := e.set().m[m]; !ok {
			continue
		}
		if set == nil {
			e = c.lookupWrite(c.argv[1])
			set = e.set()
		}
		delete(set.m, m)
		n++
	}
	if set != nil && len(set.m) == 0 {
		c.delKey(c.argv[1])
	}
	c.dirty += n
	return intReply(int64(n))
}

func cmdSmembers(c *cmdCtx) Reply {
	e, r, ok := getTyped(c, c.argv[1], typeSet)
	if !ok {
		return r
	}
	if e == nil {
		return arrayReply(nil)
	}
	return arrayReply(e.set().members())
}

func cmdScard(c *cmdCtx) Reply {
	e, r, ok := getTyped(c, c.argv[1], typeSet)
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	return intReply(int64(len(e.set().m)))
}

func cmdSelect(c *cmdCtx) Reply {
	v, ok := parseInt(c.argv[1])
	if !ok {
		return errNotInt
	}
	if v < 0 || v >= numDBs {
		return errReply("ERR DB index is out of range")
	}
	c.selectTo = int(v)
	return okReply
}

func flushFlags(c *cmdCtx) bool {
	if len(c.argv) == 1 {
		return true
	}
	a := strings.ToUpper(c.argv[1])
	return len(c.argv) == 2 && (a == "SYNC" || a == "ASYNC")
}

func cmdFlushdb(c *cmdCtx) Reply {
	if !flushFlags(c) {
		return errSyntax
	}
	c.dirty += c.s.ks.flush(c.db)
	c.force = true
	return okReply
}

func cmdFlushall(c *cmdCtx) Reply {
	if !flushFlags(c) {
		return errSyntax
	}
	for db := range numDBs {
		c.dirty += c.s.ks.flush(db)
	}
	c.force = true
	return okReply
}

func cmdPing(c *cmdCtx) Reply {
	switch len(c.argv) {
	case 1:
		return statusReply("PONG")
	case 2:
		return bulkReply(c.argv[1])
	}
	return errArity("ping")
}

func cmdInfo(c *cmdCtx) Reply {
	section := ""
	if len(c.argv) > 1 {
		section = strings.ToLower(c.argv[1])
	}
	return bulkReply(c.w.info(c.s, section))
}

func cmdRole(c *cmdCtx) Reply {
	s := c.s
	if s.masterhost == "" {
		var reps []Reply
		for _, r := range s.slaves {
			if r.state != slaveOnline {
				continue
			}
			p := c.w.server(r.name)
			reps = append(reps, arrayReply([]string{"127.0.0.1", itoa(int64(p.port)), itoa(r.ackOff)}))
		}
		return Reply{Kind: '*', Array: []Reply{bulkReply("master"), intReply(s.masterReplOffset), {Kind: '*', Array: reps}}}
	}
	m := c.w.server(s.masterhost)
	state := map[replState]string{replConnect: "connect", replHandshake: "handshake", replTransfer: "sync", replConnected: "connected"}[s.replState]
	off := int64(-1)
	if s.master != nil {
		off = s.master.reploff
	}
	return Reply{Kind: '*', Array: []Reply{bulkReply("slave"), bulkReply("127.0.0.1"), intReply(int64(m.port)), bulkReply(state), intReply(off)}}
}

func cmdConfig(c *cmdCtx) Reply {
	sub := strings.ToLower(c.argv[1])
	switch sub {
	case "get":
		if len(c.argv) < 3 {
			return errArity("config|get")
		}
		return arrayReply(c.s.cfg.matching(c.argv[2:]))
	case "set":
		if len(c.argv) < 4 || len(c.argv)%2 != 0 {
			return errArity("config|set")
		}
		for j := 2; j < len(c.argv); j += 2 {
			if msg := c.w.applyConfig(c.s, c.argv[j], c.argv[j+1]); msg != "" {
				return errReply(msg)
			}
		}
		return okReply
	}
	return errReply("ERR unknown subcommand '" + c.argv[1] + "'. Try CONFIG HELP.")
}
