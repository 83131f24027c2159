package core

import (
	"sort"
	"strings"
)

// Redis 7.4's hash field expiration (t_hash.c, HFE), on the versions whose
// model has hashFieldExpiry; on the others these commands are unknown,
// as on their servers (Version.refuse). Measured on redis-server 7.4.1
// with a replica reading the stream:
//
//   - H(P)EXPIRE(AT) propagates as HPEXPIREAT key <unix ms> [NX|XX|GT|LT]
//     FIELDS n f ..., listing only the fields whose TTL it set; not at all
//     when it set none;
//   - a time not in the future deletes the field on a master and
//     propagates HDEL key field first (reply 2); several such ops go in one
//     MULTI/EXEC, as any command's also_propagate;
//   - a field found expired on a master (HGET, HMGET, HEXISTS, HSTRLEN,
//     HINCRBY ...; HRANDFIELD expires them all) is deleted and HDEL
//     propagated; active expiry deletes due fields the same way, each HDEL
//     alone; the hash goes with its last field, no DEL propagated;
//   - HPERSIST propagates as written when it removed a TTL;
//   - a replica never deletes: it hides expired fields from its clients
//     and waits for its master's HDEL; HLEN counts them all the same.

// hfeMaxMillis is HFE_MAX_ABS_TIME_MSEC (EB_EXPIRE_TIME_MAX >> 2).
const hfeMaxMillis = 0xFFFFFFFFFFFF >> 2

// hashFieldExpiryTable is 7.4.1's COMMAND INFO of the HFE commands:
// they are in the command table on every version, and refused as
// unknown where the version lacks them.
var hashFieldExpiryTable = []redisCmd{
	{"hexpire", -6, "write denyoom fast", 1, 1, 1},
	{"hpexpire", -6, "write denyoom fast", 1, 1, 1},
	{"hexpireat", -6, "write denyoom fast", 1, 1, 1},
	{"hpexpireat", -6, "write denyoom fast", 1, 1, 1},
	{"httl", -5, "readonly fast", 1, 1, 1},
	{"hpttl", -5, "readonly fast", 1, 1, 1},
	{"hexpiretime", -5, "readonly fast", 1, 1, 1},
	{"hpexpiretime", -5, "readonly fast", 1, 1, 1},
	{"hpersist", -5, "write fast", 1, 1, 1},
}

func init() {
	exec := map[string]func(*cmdCtx) Reply{
		"hexpire":      func(c *cmdCtx) Reply { return hexpireGeneric(c, c.now(), 1000) },
		"hpexpire":     func(c *cmdCtx) Reply { return hexpireGeneric(c, c.now(), 1) },
		"hexpireat":    func(c *cmdCtx) Reply { return hexpireGeneric(c, 0, 1000) },
		"hpexpireat":   func(c *cmdCtx) Reply { return hexpireGeneric(c, 0, 1) },
		"httl":         func(c *cmdCtx) Reply { return httlGeneric(c, c.now(), 1000) },
		"hpttl":        func(c *cmdCtx) Reply { return httlGeneric(c, c.now(), 1) },
		"hexpiretime":  func(c *cmdCtx) Reply { return httlGeneric(c, 0, 1000) },
		"hpexpiretime": func(c *cmdCtx) Reply { return httlGeneric(c, 0, 1) },
		"hpersist":     cmdHpersist,
	}
	for _, rc := range hashFieldExpiryTable {
		c := &command{name: rc.name, arity: rc.arity, rflags: rc.flags, first: rc.first, last: rc.last, step: rc.step, exec: exec[rc.name]}
		if strings.Contains(rc.flags, "write") {
			c.flags |= flagWrite
		} else {
			c.flags |= flagReadonly
		}
		if strings.Contains(rc.flags, "denyoom") {
			c.flags |= flagDenyOOM
		}
		c.statIdx = len(statTable)
		c.readsKeys = keyReaders[rc.name]
		statTable = append(statTable, c)
		commandTable[rc.name] = c
		commandTable[strings.ToUpper(rc.name)] = c
	}
}

// fieldTTL is a field's expiry, unix ms (0: none).
func (h *hashValue) fieldTTL(f string) int64 { return h.ttl[f] }

func (h *hashValue) setFieldTTL(f string, at int64) {
	if at == 0 {
		delete(h.ttl, f)
		return
	}
	if h.ttl == nil {
		h.ttl = map[string]int64{}
	}
	h.ttl[f] = at
}

// visible is the hash's fields and values without those whose TTL has
// passed (hashTypeNext skipping expired fields; nothing is deleted).
func (h *hashValue) visible(now int64) []string {
	if len(h.ttl) == 0 {
		return h.kv
	}
	out := make([]string, 0, len(h.kv))
	for i := 0; i+1 < len(h.kv); i += 2 {
		if at := h.ttl[h.kv[i]]; at == 0 || at >= now {
			out = append(out, h.kv[i], h.kv[i+1])
		}
	}
	return out
}

// hashGet is hashTypeGetValue: a field's value, and the hash's entry as
// it is after the lookup (nil when its last field expired). A master
// deletes a field found expired and propagates HDEL; a replica answers
// as if it were gone; its master's stream sees every field.
func hashGet(c *cmdCtx, key string, e *entry, f string) (string, bool, *entry) {
	h := e.hash()
	v, ok := h.get(f)
	if !ok || len(h.ttl) == 0 {
		return v, ok, e
	}
	if at := h.ttl[f]; at == 0 || at >= c.now() || c.fromMaster {
		return v, true, e
	}
	if c.s.masterhost != "" {
		return "", false, e
	}
	return "", false, c.expireField(key, f)
}

// expireField deletes an expired field on a master and propagates HDEL
// (propagateHashFieldDeletion); the hash goes with its last field.
// It returns the hash's entry, nil once deleted.
func (c *cmdCtx) expireField(key, f string) *entry {
	e := c.s.ks.getMut(c.db, key)
	c.touchWatched(key)
	e.hash().del(f)
	c.s.stat.expiredSubkeys++
	c.ops = append(c.ops, propOp{db: c.db, argv: []string{"HDEL", key, f}})
	c.w.emit(Event{Kind: EvExpired, Node: c.s.name, Text: key, Argv: []string{"HDEL", f}, Func: "hashTypeGetValue"})
	if e.hash().len() == 0 {
		c.s.ks.del(c.db, key)
		return nil
	}
	return e
}

// hashExpireAll is hashTypeExpireIfNeeded (HRANDFIELD): a master deletes
// every expired field first; nil once the hash is gone.
func hashExpireAll(c *cmdCtx, key string, e *entry) *entry {
	if e == nil || len(e.hash().ttl) == 0 || c.s.masterhost != "" {
		return e
	}
	for _, f := range e.hash().due(c.now() - 1) {
		if e = c.expireField(key, f); e == nil {
			return nil
		}
	}
	return e
}

// due lists the fields whose TTL is at or before at, soonest first.
func (h *hashValue) due(at int64) []string {
	var out []string
	for i := 0; i < len(h.kv); i += 2 {
		if t := h.ttl[h.kv[i]]; t != 0 && t <= at {
			out = append(out, h.kv[i])
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return h.ttl[out[i]] < h.ttl[out[j]] })
	return out
}

// hfeArgs reads "[NX|XX|GT|LT] FIELDS numfields field ..." from argv[at:]
// as hexpireGenericCommand and httlGenericCommand do: the condition, the
// index of the first field, or the error to reply.
func hfeArgs(c *cmdCtx, at int, conds bool, countErr string) (string, int, Reply, bool) {
	cond := ""
	if conds {
		switch o := strings.ToUpper(c.argv[at]); o {
		case "NX", "XX", "GT", "LT":
			cond = o
			at++
		}
	}
	if !strings.EqualFold(c.argv[at], "FIELDS") {
		return "", 0, errReply("ERR Mandatory argument FIELDS is missing or not at the right position"), false
	}
	if at+1 >= len(c.argv) {
		return "", 0, errArity(c.argv[0]), false
	}
	// getRangeLongFromObjectOrReply: one message for both errors.
	if n, ok := parseInt(c.argv[at+1]); !ok || n < 1 {
		return "", 0, errReply("ERR " + countErr), false
	} else if n != int64(len(c.argv)-at-2) {
		return "", 0, errReply("ERR The `numfields` parameter must match the number of arguments"), false
	}
	return cond, at + 2, Reply{}, true
}

func intsReply(n int, v int64) Reply {
	out := Reply{Kind: '*', Array: make([]Reply, n)}
	for i := range out.Array {
		out.Array[i] = intReply(v)
	}
	return out
}

// hexpireGeneric is hexpireGenericCommand: basetime 0 for the *AT forms,
// unit 1000 for seconds.
func hexpireGeneric(c *cmdCtx, basetime, unit int64) Reply {
	e, r, ok := getTypedWrite(c, c.argv[1], typeHash)
	if !ok {
		return r
	}
	when, ok := parseInt(c.argv[2])
	if !ok {
		return errNotInt
	}
	if when < 0 {
		return errReply("ERR invalid expire time, must be >= 0")
	}
	invalid := errReply("ERR invalid expire time in '" + strings.ToLower(c.argv[0]) + "' command")
	if unit == 1000 {
		if when > hfeMaxMillis/1000 {
			return invalid
		}
		when *= 1000
	}
	if when > hfeMaxMillis-basetime {
		return invalid
	}
	when += basetime
	cond, first, r, ok := hfeArgs(c, 3, true, "Parameter `numFields` should be greater than 0")
	if !ok {
		return r
	}
	fields := c.argv[first:]
	if e == nil {
		return intsReply(len(fields), -2)
	}
	h := e.hash() // mutable: getTypedWrite
	h.ex = true   // hashTypeSetExInit: listpackex (or a dict with HFE metadata) from now on
	out := Reply{Kind: '*', Array: make([]Reply, 0, len(fields))}
	var set []string
	deleted := 0
	for _, f := range fields {
		res := int64(-2)
		if _, ok := h.get(f); ok {
			prev := h.ttl[f]
			switch {
			case prev == 0 && (cond == "XX" || cond == "GT"),
				prev != 0 && (cond == "NX" || cond == "GT" && prev >= when || cond == "LT" && prev <= when):
				res = 0
			case when <= c.now() && c.s.masterhost == "":
				// checkAlreadyExpired: deleted now, HDEL propagated
				// before the command.
				c.ops = append(c.ops, propOp{db: c.db, argv: []string{"HDEL", c.argv[1], f}})
				h.del(f)
				deleted++
				res = 2
			default:
				h.setFieldTTL(f, when)
				set = append(set, f)
				res = 1
			}
		}
		out.Array = append(out.Array, intReply(res))
	}
	if deleted+len(set) > 0 {
		c.touchWatched(c.argv[1])
	}
	if deleted > 0 && h.len() == 0 {
		c.delKey(c.argv[1])
	}
	if len(set) == 0 {
		// Only the HDELs, if any, are propagated
		// (preventCommandPropagation).
		return out
	}
	c.dirty += deleted + len(set)
	// hashTypeSetExDone registers the hash at its soonest field's time;
	// HPERSIST and deletions leave it registered until active expiry
	// finds nothing due (INFO keyspace's subexpiry counts it till then).
	h.reg = 0
	for _, at := range h.ttl {
		if h.reg == 0 || at < h.reg {
			h.reg = at
		}
	}
	argv := []string{"HPEXPIREAT", c.argv[1], itoa(when)}
	if cond != "" {
		argv = append(argv, c.argv[3])
	}
	argv = append(argv, "FIELDS", itoa(int64(len(set))))
	c.rewrite(append(argv, set...)...)
	return out
}

// httlGeneric is httlGenericCommand: HTTL, HPTTL (basetime now) and
// HEXPIRETIME, HPEXPIRETIME (basetime 0); seconds round up.
func httlGeneric(c *cmdCtx, basetime, unit int64) Reply {
	e, r, ok := getHash(c, c.argv[1])
	if !ok {
		return r
	}
	_, first, r, ok := hfeArgs(c, 2, false, "Number of fields must be a positive integer")
	if !ok {
		return r
	}
	fields := c.argv[first:]
	if e == nil {
		return intsReply(len(fields), -2)
	}
	h := e.hash()
	out := Reply{Kind: '*', Array: make([]Reply, 0, len(fields))}
	for _, f := range fields {
		_, ok := h.get(f)
		at := h.ttl[f]
		switch {
		case !ok:
			out.Array = append(out.Array, intReply(-2))
		case at == 0:
			out.Array = append(out.Array, intReply(-1))
		case at <= c.now(): // listpackex's test (a dict's is <)
			out.Array = append(out.Array, intReply(-2))
		case unit == 1000:
			out.Array = append(out.Array, intReply((at+999-basetime)/1000))
		default:
			out.Array = append(out.Array, intReply(at-basetime))
		}
	}
	return out
}

// cmdHpersist is hpersistCommand: propagated as written when it removed
// a TTL.
func cmdHpersist(c *cmdCtx) Reply {
	e, r, ok := getTypedWrite(c, c.argv[1], typeHash)
	if !ok {
		return r
	}
	_, first, r, ok := hfeArgs(c, 2, false, "Number of fields must be a positive integer")
	if !ok {
		return r
	}
	fields := c.argv[first:]
	if e == nil {
		return intsReply(len(fields), -2)
	}
	h := e.hash() // mutable: getTypedWrite
	out := Reply{Kind: '*', Array: make([]Reply, 0, len(fields))}
	changed := false
	for _, f := range fields {
		_, ok := h.get(f)
		at := h.ttl[f]
		switch {
		case !ok:
			out.Array = append(out.Array, intReply(-2))
		case at == 0:
			out.Array = append(out.Array, intReply(-1))
		case at < c.now():
			out.Array = append(out.Array, intReply(-2)) // already expired: as if gone
		default:
			h.setFieldTTL(f, 0)
			changed = true
			out.Array = append(out.Array, intReply(1))
		}
	}
	if changed {
		c.touchWatched(c.argv[1])
		c.dirty++
	}
	return out
}

// fieldExpiryTimes lists the times in (from, to] at which a master's hash
// fields expire (added to advance's ticks; none without HFE).
func (w *World) fieldExpiryTimes(s *Server, from, to int64) []int64 {
	if !w.Version().hashFieldExpiry {
		return nil
	}
	var out []int64
	seen := map[int64]bool{}
	for db := range numDBs {
		s.ks.each(db, func(_ string, e *entry) bool {
			if e.typ != typeHash {
				return true
			}
			for _, t := range e.hash().ttl {
				// Due once its millisecond has passed (expireAt < now).
				at := t + 1 - epochMillis
				if at <= from {
					at = from + 1
				}
				if at <= to && !seen[at] {
					seen[at] = true
					out = append(out, at)
				}
			}
			return true
		})
	}
	return out
}

// activeExpireFields is activeExpireCycle's hash field part on a master:
// each due field deleted and its HDEL propagated alone (hashes in key
// order, fields soonest first); a hash goes with its last field.
func (w *World) activeExpireFields(s *Server, db int, at int64) {
	if !w.Version().hashFieldExpiry {
		return
	}
	var keys []string
	s.ks.each(db, func(k string, e *entry) bool {
		if e.typ == typeHash && (len(e.hash().ttl) > 0 || e.hash().reg != 0) {
			keys = append(keys, k)
		}
		return true
	})
	sort.Strings(keys)
	for _, k := range keys {
		if h := s.ks.get(db, k).hash(); len(h.ttl) == 0 {
			if h.reg < epochMillis+at {
				s.ks.getMut(db, k).hash().reg = 0 // nothing left to expire: unregistered
			}
			continue
		}
		// A field is expired once its time has passed (hashTypeIsExpired:
		// expireAt < now), so at its own millisecond it is still there.
		for _, f := range s.ks.get(db, k).hash().due(epochMillis + at - 1) {
			e := s.ks.getMut(db, k)
			e.hash().del(f)
			s.stat.expiredSubkeys++
			if e.hash().len() == 0 {
				s.ks.del(db, k)
			}
			w.emit(Event{Kind: EvExpired, Node: s.name, Text: k, Argv: []string{"HDEL", f}, Func: "activeExpireCycle"})
			w.propagatePending(s, []propOp{{db: db, argv: []string{"HDEL", k, f}}})
		}
	}
}

// subexpiry is INFO keyspace's subexpiry (Redis 7.4): the db's hashes
// registered in db->hexpires (fields with a TTL, or a registration
// active expiry has not reached yet).
func subexpiry(s *Server, db int) int {
	n := 0
	s.ks.each(db, func(_ string, e *entry) bool {
		if e.typ == typeHash && (len(e.hash().ttl) > 0 || e.hash().reg != 0) {
			n++
		}
		return true
	})
	return n
}
