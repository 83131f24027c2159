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

func (c *cmdCtx) now() int64              { return c.w.unixMillis() }
func (c *cmdCtx) keys() map[string]*entry { return c.s.ks.dbs[c.db] }

// lookup is lookupKey with expireIfNeeded: a master deletes an expired key
// and propagates DEL (propagateDeletion); a replica reports it missing but
// waits for its master's DEL; the master link sees every key.
func (c *cmdCtx) lookup(key string) *entry {
	e := c.keys()[key]
	if e == nil || e.expire == 0 || e.expire > c.now() || c.fromMaster {
		return e
	}
	if c.s.masterhost != "" {
		return nil
	}
	delete(c.keys(), key)
	c.ops = append(c.ops, propOp{db: c.db, argv: []string{"DEL", key}})
	c.w.emit(Event{Kind: EvExpired, Node: c.s.name, Text: key, Func: "deleteExpiredKeyAndPropagate"})
	return nil
}

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
	{"dbsize", 1, 0, func(c *cmdCtx) Reply { return intReply(int64(len(c.keys()))) }},
	{"ping", -1, 0, cmdPing},
	{"info", -1, 0, cmdInfo},
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
	e := c.lookup(key)
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
	e := c.lookup(key)
	found := e != nil
	if (f.nx && found) || (f.xx && !found) {
		if f.get {
			return old
		}
		return nilReply
	}
	if e != nil && e.typ == typeString {
		// Reuse the entry: SET is the hot path of every benchmark.
		if !f.keepttl {
			e.expire = 0
		}
		e.str = val
	} else {
		var keep int64
		if f.keepttl && e != nil {
			keep = e.expire
		}
		e = &entry{typ: typeString, str: val, expire: keep}
		c.keys()[key] = e
	}
	c.dirty++
	if unit != 0 {
		e.expire = ms
		c.rewrite("SET", key, val, "PXAT", itoa(ms))
	}
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
		c.keys()[c.argv[j]] = &entry{typ: typeString, str: c.argv[j+1]}
	}
	c.dirty += (len(c.argv) - 1) / 2
	return okReply
}

func cmdDel(c *cmdCtx) Reply {
	n := 0
	for _, k := range c.argv[1:] {
		if c.lookup(k) != nil {
			delete(c.keys(), k)
			n++
		}
	}
	c.dirty += n
	return intReply(int64(n))
}

func cmdExists(c *cmdCtx) Reply {
	n := 0
	for _, k := range c.argv[1:] {
		if c.lookup(k) != nil {
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
	if e != nil {
		e.str = itoa(cur)
	} else {
		c.keys()[c.argv[1]] = &entry{typ: typeString, str: itoa(cur)}
	}
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
	if e != nil {
		e.str = s
	} else {
		c.keys()[c.argv[1]] = &entry{typ: typeString, str: s}
	}
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
	if e == nil {
		e = &entry{typ: typeString}
		c.keys()[c.argv[1]] = e
	}
	e.str += c.argv[2]
	c.dirty++
	return intReply(int64(len(e.str)))
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
		delete(c.keys(), c.argv[1])
		c.rewrite("DEL", c.argv[1])
		c.dirty++
	case unit != 0:
		e.expire = ms
		c.rewrite("PEXPIREAT", c.argv[1], itoa(ms))
		c.dirty++
	case persist && e.expire != 0:
		e.expire = 0
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
	delete(c.keys(), c.argv[1])
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
	e := c.lookup(c.argv[1])
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
		delete(c.keys(), c.argv[1])
		c.dirty++
		c.rewrite("DEL", c.argv[1])
		return intReply(1)
	}
	e.expire = when
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
	e := c.lookup(c.argv[1])
	if e == nil || e.expire == 0 {
		return intReply(0)
	}
	e.expire = 0
	c.dirty++
	return intReply(1)
}

func ttlGeneric(c *cmdCtx, seconds bool) Reply {
	e := c.lookup(c.argv[1])
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

func getTyped(c *cmdCtx, key string, t valueType) (*entry, Reply, bool) {
	e := c.lookup(key)
	if e == nil {
		return nil, Reply{}, true
	}
	if e.typ != t {
		return nil, errWrongType, false
	}
	return e, Reply{}, true
}

func pushGeneric(c *cmdCtx, head bool) Reply {
	e, r, ok := getTyped(c, c.argv[1], typeList)
	if !ok {
		return r
	}
	if e == nil {
		e = &entry{typ: typeList}
		c.keys()[c.argv[1]] = e
	}
	for _, v := range c.argv[2:] {
		if head {
			e.list = append([]string{v}, e.list...)
		} else {
			e.list = append(e.list, v)
		}
	}
	c.dirty += len(c.argv) - 2
	return intReply(int64(len(e.list)))
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
	n := int64(1)
	if count > 0 {
		n = min(count, int64(len(e.list)))
	}
	var popped []string
	for i := int64(0); i < n; i++ {
		if head {
			popped = append(popped, e.list[0])
			e.list = e.list[1:]
		} else {
			popped = append(popped, e.list[len(e.list)-1])
			e.list = e.list[:len(e.list)-1]
		}
	}
	if len(e.list) == 0 {
		delete(c.keys(), c.argv[1])
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
	n := int64(len(e.list))
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
	return arrayReply(e.list[start : stop+1])
}

func cmdLlen(c *cmdCtx) Reply {
	e, r, ok := getTyped(c, c.argv[1], typeList)
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	return intReply(int64(len(e.list)))
}

func cmdHset(c *cmdCtx) Reply {
	if len(c.argv)%2 != 0 {
		return errArity("hset")
	}
	e, r, ok := getTyped(c, c.argv[1], typeHash)
	if !ok {
		return r
	}
	if e == nil {
		e = &entry{typ: typeHash}
		c.keys()[c.argv[1]] = e
	}
	n := 0
	for j := 2; j < len(c.argv); j += 2 {
		if e.hashSet(c.argv[j], c.argv[j+1]) {
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
	if v, ok := e.hashGet(c.argv[2]); ok {
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
	for _, f := range c.argv[2:] {
		if e.hashDel(f) {
			n++
		}
	}
	if len(e.hash) == 0 {
		delete(c.keys(), c.argv[1])
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
	return arrayReply(e.hash)
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
		if v, ok := e.hashGet(c.argv[2]); ok {
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
		e = &entry{typ: typeHash}
		c.keys()[c.argv[1]] = e
	}
	e.hashSet(c.argv[2], itoa(cur))
	c.dirty++
	return intReply(cur)
}

func cmdSadd(c *cmdCtx) Reply {
	e, r, ok := getTyped(c, c.argv[1], typeSet)
	if !ok {
		return r
	}
	if e == nil {
		e = &entry{typ: typeSet, set: map[string]struct{}{}}
		c.keys()[c.argv[1]] = e
	}
	n := 0
	for _, m := range c.argv[2:] {
		if _, ok := e.set[m]; !ok {
			e.set[m] = struct{}{}
			n++
		}
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
	for _, m := range c.argv[2:] {
		if _, ok := e.set[m]; ok {
			delete(e.set, m)
			n++
		}
	}
	if len(e.set) == 0 {
		delete(c.keys(), c.argv[1])
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
	return arrayReply(e.setMembers())
}

func cmdScard(c *cmdCtx) Reply {
	e, r, ok := getTyped(c, c.argv[1], typeSet)
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	return intReply(int64(len(e.set)))
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
	c.dirty += len(c.keys())
	c.s.ks.dbs[c.db] = map[string]*entry{}
	c.force = true
	return okReply
}

func cmdFlushall(c *cmdCtx) Reply {
	if !flushFlags(c) {
		return errSyntax
	}
	for i := range c.s.ks.dbs {
		c.dirty += len(c.s.ks.dbs[i])
		c.s.ks.dbs[i] = map[string]*entry{}
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
