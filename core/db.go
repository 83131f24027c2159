package core

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

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
		if c.lookupNoTouch(k) != nil {
			n++
		}
	}
	return intReply(int64(n))
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

// getTypedWrite is getTyped for a command that changes the value
// (lookupKeyWrite: no keyspace hit or miss).
func getTypedWrite(c *cmdCtx, key string, t valueType) (*entry, Reply, bool) {
	e := c.lookupKey(key)
	if e == nil {
		return nil, Reply{}, true
	}
	if c.touch(key, e).typ != t {
		return nil, errWrongType, false
	}
	return c.getMut(key), Reply{}, true
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
	c.touchWatchedDB(c.db)
	c.dirty += c.s.ks.flush(c.db)
	c.force = true
	return okReply
}

func cmdFlushall(c *cmdCtx) Reply {
	if !flushFlags(c) {
		return errSyntax
	}
	for db := range numDBs {
		c.touchWatchedDB(db)
		c.dirty += c.s.ks.flush(db)
	}
	c.force = true
	return okReply
}

var typeNames = map[valueType]string{typeString: "string", typeList: "list", typeHash: "hash", typeSet: "set", typeZset: "zset", typeStream: "stream"}

func cmdType(c *cmdCtx) Reply {
	e := c.lookupNoTouch(c.argv[1])
	if e == nil {
		return statusReply("none")
	}
	return statusReply(typeNames[e.typ])
}

// copyEntry is a new entry with the same value and expiry.
func copyEntry(e *entry) *entry {
	n := e.clone()
	n.gen = 0
	return n
}

func renameGeneric(c *cmdCtx, nx bool) Reply {
	src, dst := c.argv[1], c.argv[2]
	e := c.lookupRead(src)
	if e == nil {
		return errReply("ERR no such key")
	}
	if src == dst {
		if nx {
			return intReply(0)
		}
		return okReply
	}
	if c.lookupRead(dst) != nil {
		if nx {
			return intReply(0)
		}
		c.delKey(dst)
	}
	n := copyEntry(e)
	c.delKey(src)
	c.setKey(dst, n)
	if !c.w.Version().dbAddInitsLRU {
		n.lru = e.lru // dbAdd of the same object: its access time and LFU counter go with it
	}
	c.dirty++
	if nx {
		return intReply(1)
	}
	return okReply
}

// dbIndex parses a db number as getIntFromObjectOrReply and selectDb do.
func dbIndex(s string) (int, Reply, bool) {
	v, ok := parseInt(s)
	if !ok || v < math.MinInt32 || v > math.MaxInt32 {
		return 0, errNotInt, false
	}
	if v < 0 || v >= numDBs {
		return 0, errReply("ERR DB index is out of range"), false
	}
	return int(v), Reply{}, true
}

func cmdMove(c *cmdCtx) Reply {
	db, r, ok := dbIndex(c.argv[2])
	if !ok {
		return r
	}
	if db == c.db {
		return errReply("ERR source and destination objects are the same")
	}
	e := c.lookupRead(c.argv[1])
	if e == nil {
		return intReply(0)
	}
	if c.s.ks.get(db, c.argv[1]) != nil && !(c.s.ks.get(db, c.argv[1]).expire != 0 && c.s.ks.get(db, c.argv[1]).expire <= c.now() && c.s.masterhost == "") {
		return intReply(0)
	}
	n := copyEntry(e)
	c.delKey(c.argv[1])
	c.inDB(db, func() {
		if c.lookupRead(c.argv[1]) != nil {
			c.delKey(c.argv[1])
		}
		c.setKey(c.argv[1], n)
		if !c.w.Version().dbAddInitsLRU {
			n.lru = e.lru // the same object: its access time and LFU counter go with it
		}
	})
	c.dirty++
	return intReply(1)
}

// inDB runs fn with the context's db switched (MOVE, COPY ... DB, SWAPDB).
func (c *cmdCtx) inDB(db int, fn func()) {
	old := c.db
	c.db = db
	fn()
	c.db = old
}

func cmdCopy(c *cmdCtx) Reply {
	c.storesSources()
	src, dst := c.argv[1], c.argv[2]
	db := c.db
	replace := false
	for j := 3; j < len(c.argv); j++ {
		switch a := strings.ToLower(c.argv[j]); {
		case a == "replace":
			replace = true
		case a == "db" && j+1 < len(c.argv):
			d, r, ok := dbIndex(c.argv[j+1])
			if !ok {
				return r
			}
			db = d
			j++
		default:
			return errSyntax
		}
	}
	if src == dst && db == c.db {
		return errReply("ERR source and destination objects are the same")
	}
	e := c.lookupRead(src)
	if e == nil {
		return intReply(0)
	}
	n := copyEntry(e)
	if e.typ == typeList {
		n.obj = e.list().dup() // listTypeDup: quicklistDup's nodes, compressed as it appends them
	}
	res := intReply(1)
	c.inDB(db, func() {
		if c.lookupWriteKey(dst) != nil {
			if !replace {
				res = intReply(0)
				return
			}
			c.delKey(dst)
		}
		c.setKey(dst, n)
		c.dirty++
	})
	return res
}

func cmdSwapdb(c *cmdCtx) Reply {
	a, ok1 := parseInt(c.argv[1])
	if !ok1 {
		return errReply("ERR invalid first DB index")
	}
	b, ok2 := parseInt(c.argv[2])
	if !ok2 {
		return errReply("ERR invalid second DB index")
	}
	if a < 0 || a >= numDBs || b < 0 || b >= numDBs {
		return errReply("ERR DB index is out of range")
	}
	if a != b {
		// touchAllWatchedKeysInDb(db1, db2) both ways: a watched key
		// that exists in either db, before or after, is touched.
		c.touchWatchedDB(int(a))
		c.touchWatchedDB(int(b))
		ka, kb := c.takeDB(int(a)), c.takeDB(int(b))
		c.putDB(int(a), kb)
		c.putDB(int(b), ka)
		c.touchWatchedDB(int(a))
		c.touchWatchedDB(int(b))
	}
	c.dirty++
	return okReply
}

type keyEntry struct {
	key string
	e   *entry
}

func (c *cmdCtx) takeDB(db int) []keyEntry {
	var out []keyEntry
	for _, k := range c.s.ks.sortedKeys(db) {
		out = append(out, keyEntry{k, copyEntry(c.s.ks.get(db, k))})
	}
	c.s.ks.flush(db)
	return out
}

func (c *cmdCtx) putDB(db int, kv []keyEntry) {
	for _, x := range kv {
		c.s.ks.put(db, x.key, x.e)
	}
}

// cmdTouch is touchCommand: EXISTS that looks keys up with lookupKeyRead,
// so their access time is now.
func cmdTouch(c *cmdCtx) Reply {
	n := 0
	for _, k := range c.argv[1:] {
		if c.lookupRead(k) != nil {
			n++
		}
	}
	return intReply(int64(n))
}

// globMatch is stringmatchlen.
func globMatch(pat, s string, nocase bool) bool {
	if nocase {
		pat, s = strings.ToLower(pat), strings.ToLower(s)
	}
	for len(pat) > 0 {
		switch pat[0] {
		case '*':
			for len(pat) > 1 && pat[1] == '*' {
				pat = pat[1:]
			}
			if len(pat) == 1 {
				return true
			}
			for i := 0; i <= len(s); i++ {
				if globMatch(pat[1:], s[i:], false) {
					return true
				}
			}
			return false
		case '?':
			if len(s) == 0 {
				return false
			}
			s = s[1:]
		case '[':
			if len(s) == 0 {
				return false
			}
			pat = pat[1:]
			not := len(pat) > 0 && pat[0] == '^'
			if not {
				pat = pat[1:]
			}
			match := false
			for len(pat) > 0 && pat[0] != ']' {
				if pat[0] == '\\' && len(pat) >= 2 {
					pat = pat[1:]
					if pat[0] == s[0] {
						match = true
					}
				} else if len(pat) >= 3 && pat[1] == '-' {
					lo, hi := pat[0], pat[2]
					if lo > hi {
						lo, hi = hi, lo
					}
					if s[0] >= lo && s[0] <= hi {
						match = true
					}
					pat = pat[2:]
				} else if pat[0] == s[0] {
					match = true
				}
				pat = pat[1:]
			}
			if len(pat) == 0 {
				return false
			}
			if not {
				match = !match
			}
			if !match {
				return false
			}
			s = s[1:]
		case '\\':
			if len(pat) >= 2 {
				pat = pat[1:]
			}
			fallthrough
		default:
			if len(s) == 0 || s[0] != pat[0] {
				return false
			}
			s = s[1:]
		}
		pat = pat[1:]
	}
	return len(s) == 0
}

// liveKeys lists a db's keys that are not logically expired, sorted (a
// real server's order is its hash table's, random per process).
func (c *cmdCtx) liveKeys() []string {
	var out []string
	for _, k := range c.s.ks.sortedKeys(c.db) {
		e := c.s.ks.get(c.db, k)
		if e.expire != 0 && e.expire <= c.now() && !c.fromMaster && c.s.masterhost == "" {
			continue
		}
		if e.expire != 0 && e.expire <= c.now() && c.s.masterhost != "" {
			continue
		}
		out = append(out, k)
	}
	return out
}

func cmdKeys(c *cmdCtx) Reply {
	out := []string{}
	for _, k := range c.liveKeys() {
		if globMatch(c.argv[1], k, false) {
			out = append(out, k)
		}
	}
	return arrayReply(out)
}

// scanArgs reads MATCH, COUNT and TYPE.
func scanArgs(c *cmdCtx, from int, allowType bool) (pat string, typ string, r Reply, ok bool) {
	pat = "*"
	for j := from; j < len(c.argv); j++ {
		a := strings.ToLower(c.argv[j])
		if j+1 >= len(c.argv) {
			return "", "", errSyntax, false
		}
		switch {
		case a == "match":
			pat = c.argv[j+1]
		case a == "count":
			v, ok := parseInt(c.argv[j+1])
			if !ok {
				return "", "", errNotInt, false
			}
			if v < 1 {
				return "", "", errSyntax, false
			}
		case a == "type" && allowType:
			typ = strings.ToLower(c.argv[j+1])
		default:
			return "", "", errSyntax, false
		}
		j++
	}
	return pat, typ, Reply{}, true
}

func parseCursor(s string) (Reply, bool) {
	if _, err := strconv.ParseUint(s, 10, 64); err != nil {
		return errReply("ERR invalid cursor"), false
	}
	return Reply{}, true
}

// cmdScan returns every key in one call with cursor 0, as a small
// keyspace's SCAN does.
func cmdScan(c *cmdCtx) Reply {
	if r, ok := parseCursor(c.argv[1]); !ok {
		return r
	}
	pat, typ, r, ok := scanArgs(c, 2, true)
	if !ok {
		return r
	}
	out := []string{}
	live := c.liveKeys()
	if typ != "" && !c.w.Version().scanTypeUncounted {
		// The TYPE filter looks up each key the pattern kept
		// (lookupKeyReadWithFlags): a keyspace hit, a miss for one expired.
		for _, k := range c.s.ks.sortedKeys(c.db) {
			if globMatch(pat, k, false) {
				_, isLive := slices.BinarySearch(live, k)
				c.s.countLookup(isLive)
			}
		}
	}
	for _, k := range live {
		if typ != "" && typeNames[c.s.ks.get(c.db, k).typ] != typ {
			continue
		}
		if globMatch(pat, k, false) {
			out = append(out, k)
		}
	}
	return Reply{Kind: '*', Array: []Reply{bulkReply("0"), arrayReply(out)}}
}

func cmdRandomkey(c *cmdCtx) Reply {
	keys := c.liveKeys()
	if len(keys) == 0 {
		return nilReply
	}
	return bulkReply(keys[c.w.randN(len(keys))])
}

func cmdObjectEncoding(c *cmdCtx) Reply {
	e := c.lookupNoTouch(c.argv[2])
	if e == nil {
		return nilReply
	}
	return bulkReply(c.w.Version().objectEncoding(e, c.s.cfg.encLimits()))
}

// encLimits are the small encodings' limits: hash-max-listpack-entries
// and -value, set-max-intset-entries, zset-max-listpack-entries and
// -value (their ziplist names are aliases); the options a new list takes
// (list-max-listpack-size, list-compress-depth); and a stream's node
// limits, stream-node-max-bytes and -entries, which every XADD reads.
type encLimits struct {
	hashEntries, hashValue, setInts, zsetEntries, zsetValue int
	listFill, listCompress                                  int
	streamBytes, streamEntries                              int64
}

func (c *config) encLimits() encLimits { return c.enc }

// encParams are the parameters behind encLimits (their ziplist names are
// aliases of the listpack ones).
var encParams = map[string]struct{}{
	"hash-max-listpack-entries": {}, "hash-max-listpack-value": {}, "set-max-intset-entries": {},
	"zset-max-listpack-entries": {}, "zset-max-listpack-value": {},
	"list-max-listpack-size": {}, "list-compress-depth": {},
	"stream-node-max-bytes": {}, "stream-node-max-entries": {},
}

// readEncLimits reads encLimits from the parameters' values, when one is set.
func (c *config) readEncLimits() encLimits {
	n := func(name string) int {
		v, _ := strconv.Atoi(c.get(name))
		return v
	}
	n64 := func(name string) int64 {
		v, _ := strconv.ParseInt(c.get(name), 10, 64)
		return v
	}
	return encLimits{n("hash-max-listpack-entries"), n("hash-max-listpack-value"), n("set-max-intset-entries"),
		n("zset-max-listpack-entries"), n("zset-max-listpack-value"),
		n("list-max-listpack-size"), n("list-compress-depth"),
		n64("stream-node-max-bytes"), n64("stream-node-max-entries")}
}

// defaultEncLimits are the defaults' (every version's the same).
var defaultEncLimits = (&config{}).readEncLimits()

// noteConversions marks the collections the command took past their
// small encoding's limits (hashTypeConvert, setTypeConvert,
// zsetConvert happen on the write that crosses them, and nothing
// converts back: a hash that shrinks stays a hashtable until a load, a
// RESTORE or a full sync builds it again from its size).
func (c *cmdCtx) noteConversions() {
	if len(c.written) == 0 {
		return
	}
	lim := c.s.cfg.encLimits()
	for _, e := range c.written {
		if !e.converted && e.typ != 0 && bigEncoding(e, lim) {
			e.converted = true
		}
	}
	c.written = c.written[:0]
}

// objectEncoding is OBJECT ENCODING's name of a value under a server's
// limits (7.0's; Version.objectEncoding has the others').
func objectEncoding(e *entry, lim encLimits) string {
	switch e.typ {
	case typeString:
		switch e.enc {
		case encRaw:
			return "raw"
		case encString:
			if len(e.str) <= 44 {
				return "embstr"
			}
			return "raw"
		}
		if _, ok := parseInt(e.str); ok && len(e.str) <= 20 {
			return "int"
		}
		if len(e.str) <= 44 {
			return "embstr"
		}
		return "raw"
	case typeList:
		return "quicklist"
	case typeStream:
		return "stream"
	}
	big := e.converted || bigEncoding(e, lim)
	switch e.typ {
	case typeHash:
		if big {
			return "hashtable"
		}
		return "listpack"
	case typeSet:
		if big {
			return "hashtable"
		}
		return "intset"
	case typeZset:
		if big {
			return "skiplist"
		}
		return "listpack"
	}
	return ""
}

// bigEncoding reports whether a hash, set or sorted set is past its
// small encoding's limits as it is now.
func bigEncoding(e *entry, lim encLimits) bool {
	switch e.typ {
	case typeHash:
		h := e.hash()
		if h.len() > lim.hashEntries {
			return true
		}
		for _, s := range h.kv {
			if len(s) > lim.hashValue {
				return true
			}
		}
	case typeSet:
		st := e.set()
		if len(st.m) > lim.setInts {
			return true
		}
		for m := range st.m {
			if _, ok := parseInt(m); !ok {
				return true
			}
		}
	case typeZset:
		z := e.zset()
		if len(z.m) > lim.zsetEntries {
			return true
		}
		for m := range z.m {
			if len(m) > lim.zsetValue {
				return true
			}
		}
	}
	return false
}

// cmdObjectFreq is OBJECT FREQ: the key's LFU counter, decayed.
func cmdObjectFreq(c *cmdCtx) Reply {
	e := c.lookupNoTouch(c.argv[2])
	if e == nil {
		return nilReply
	}
	if !lfuPolicy(c.s) {
		return errReply("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.")
	}
	lru := c.s.objectLRU(e)
	if lru&lfuGuess != 0 {
		return errReply("ERR ReplScope cannot know this key's LFU counter: past " + itoa(lfuInitVal) + " Redis raises it on an access with probability 1/((counter-5)*lfu-log-factor+1), drawn from rand(); with lfu-log-factor 0 every access raises it and OBJECT FREQ answers as Redis does")
	}
	return intReply(c.s.lfuDecrAndReturn(c.w, lru))
}

func cmdObjectRefcount(c *cmdCtx) Reply {
	e := c.lookupNoTouch(c.argv[2])
	if e == nil {
		return nilReply
	}
	if _, ok := c.s.sharedInt(e); ok {
		return intReply(math.MaxInt32) // OBJ_SHARED_REFCOUNT
	}
	return intReply(1)
}

func cmdExpiretime(c *cmdCtx, ms bool) Reply {
	e := c.lookupNoTouch(c.argv[1])
	if e == nil {
		return intReply(-2)
	}
	if e.expire == 0 {
		return intReply(-1)
	}
	if ms {
		return intReply(e.expire)
	}
	return intReply((e.expire + 500) / 1000)
}
