package core

import "sort"

// The keyspace is only as rich as replication needs: enough to decide what
// a command changes (and so what propagates), to answer a console, and to
// compare a replica's dataset with its master's.
//
// It is multi-version, so that time travel costs memory linear in the
// history instead of history times keyspace: a checkpoint of a world is a
// generation number, not a copy. Each key holds its newest entry, and each
// entry the one it replaced at an older generation (prev). A view at
// generation g sees, for each key, the newest entry of generation <= g.
// Writes made at the store's current generation replace entries in place;
// a write to an entry an older view can see makes a new entry first
// (copy on write), so older views never change. Views that are replayed
// from a checkpoint write into a private overlay instead, so the shared
// history is only ever written by the world that owns it.

type valueType uint8

const (
	typeString valueType = iota + 1
	typeList
	typeHash
	typeSet
	typeZset
	typeStream
)

// value is a collection: each type copies itself for copy on write.
type value interface {
	cloneValue() value
	equalValue(value) bool
}

// strEnc is how a string value was made, which is what OBJECT ENCODING
// shows: most commands store their argument through tryObjectEncoding, so
// its form decides (int, embstr up to 44 bytes, raw); a string changed in
// place is first unshared into a raw sds (dbUnshareStringValue), and a
// few build one directly.
type strEnc uint8

const (
	encAuto   strEnc = iota // tryObjectEncoding: SET, MSET, INCR, RESTORE, an RDB's strings
	encRaw                  // APPEND, SETRANGE, SETBIT, BITFIELD, BITOP, PFADD, PFCOUNT, PFDEBUG
	encString               // createStringObject: embstr up to 44 bytes (INCRBYFLOAT, DEBUG POPULATE)
)

// entry is one key's value and expiry (absolute Unix ms, 0 = none). A nil
// typ marks a deletion in a key's history.
type entry struct {
	typ     valueType
	gen     uint32 // generation that wrote it
	expire  int64
	lru     int64 // the LRU clock of its last access (evict.go)
	shallow bool  // obj is shared with the older entry it was touched from
	// converted: a hash, set or sorted set that a write took past its
	// small encoding's limits; Redis never converts one back (db.go).
	converted bool
	str       string // typeString
	enc       strEnc // typeString: how the string was made (OBJECT ENCODING)
	obj       value  // collections
	prev      *entry // the entry this one replaced, of an older generation
}

func (e *entry) clone() *entry {
	c := *e
	if e.obj != nil {
		c.obj = e.obj.cloneValue()
	}
	c.prev, c.shallow = nil, false
	return &c
}

// unshare gives a touched entry a value of its own before it is changed.
func (e *entry) unshare() *entry {
	if e.shallow {
		e.obj, e.shallow = e.obj.cloneValue(), false
	}
	return e
}

// numDBs is Redis's default `databases 16`.
const numDBs = 16

// keyIndex numbers a world's keys, per database, for every store of the
// world: each server's, each checkpoint's, each full sync's and restart's.
// A store keeps its keys' histories in slots indexed by these numbers, so
// a replicated write looks its key up once in one map instead of once per
// server in a map each (at a million keys each lookup is a cache miss).
// Append-only: a number is never reused, so the stores and checkpoints
// that share the index never disagree on what a number means. The order
// of the numbers is never seen: whatever lists keys sorts them.
type keyIndex struct {
	ids   [numDBs]map[string]uint32
	names [numDBs][]string
	// last is the latest lookup: a replicated command's replicas look up
	// the very key (the same string, parsememo.go) their master just did.
	last struct {
		db    int
		key   string
		id    uint32
		found bool
		valid bool
	}
}

func newKeyIndex() *keyIndex { return &keyIndex{} }

// reserve sizes a database's index for about n keys: a map that grows a
// million keys at a time rehashes every one of them along the way.
func (x *keyIndex) reserve(db, n int) {
	if len(x.ids[db]) == 0 && n > 0 {
		x.ids[db] = make(map[string]uint32, n)
		x.names[db] = make([]string, 0, n)
	}
}

// find returns a key's number, if it has one.
func (x *keyIndex) find(db int, key string) (uint32, bool) {
	l := &x.last
	if l.valid && l.db == db && l.key == key {
		return l.id, l.found
	}
	id, ok := x.ids[db][key]
	l.db, l.key, l.id, l.found, l.valid = db, key, id, ok, true
	return id, ok
}

// intern returns a key's number, numbering it if it has none.
func (x *keyIndex) intern(db int, key string) uint32 {
	if id, ok := x.find(db, key); ok {
		return id
	}
	if x.ids[db] == nil {
		x.ids[db] = map[string]uint32{}
	}
	id := uint32(len(x.names[db]))
	x.ids[db][key] = id
	x.names[db] = append(x.names[db], key)
	x.last.id, x.last.found = id, true
	return id
}

// store is one server's keyspace history, shared by the server and every
// checkpoint of it.
type store struct {
	gen      uint32
	keys     *keyIndex
	slots    [numDBs][]*entry // by key number: the key's history head
	counts   [numDBs]int
	volatile [numDBs]map[string]struct{} // keys that ever had an expiry
}

// head is a key's history head (nil: it has none).
func (st *store) head(db int, key string) *entry {
	id, ok := st.keys.find(db, key)
	if !ok || int(id) >= len(st.slots[db]) {
		return nil
	}
	return st.slots[db][id]
}

// setHead makes e a key's history head (nil: the key has none left).
func (st *store) setHead(db int, key string, e *entry) {
	if e == nil {
		if id, ok := st.keys.find(db, key); ok && int(id) < len(st.slots[db]) {
			st.slots[db][id] = nil
		}
		return
	}
	st.setHeadID(db, st.keys.intern(db, key), e)
}

func (st *store) setHeadID(db int, id uint32, e *entry) {
	s := st.slots[db]
	if int(id) >= len(s) {
		s = append(s, make([]*entry, int(id)+1-len(s))...)
		st.slots[db] = s
	}
	s[id] = e
}

// keyspace is a server's view of its store: the live one (gen is the
// store's current generation, overlay nil) or a frozen or replayed one.
type keyspace struct {
	st      *store
	gen     uint32
	live    bool
	counts  [numDBs]int
	overlay *[numDBs]map[string]*entry // replayed views: private writes
	// lua holds the function libraries (function.go): like the data they
	// are saved in the RDB, so they travel with a full sync and a restart.
	// Replaced, never changed.
	lua *luaStore
	// clock is what a new object's lru is now (createObject); under an LFU
	// policy (lfu) a key's new value keeps its old one's lru instead
	// (dbOverwrite), so overwriting does not reset its counter.
	clock int64
	lfu   bool
	// memLog lists the keys whose value or expiry may have changed
	// (getMut, put, replaceString, setExpire, del) since the server's
	// keyspaceMem last read it, while memTrack says one keeps this view's
	// sizes (evict.go).
	memLog   []dbKey
	memTrack bool
}

// logWrite notes that a key may change, for keyspaceMem.
func (ks *keyspace) logWrite(db int, key string) {
	if !ks.memTrack {
		return
	}
	if len(ks.memLog) == maxMemLog {
		// Nobody reads it (maxmemory went back to 0): count whole next time.
		ks.memTrack, ks.memLog = false, nil
		return
	}
	ks.memLog = append(ks.memLog, dbKey{db, key})
}

const maxMemLog = 1 << 16

// newKeyspaceSized makes a keyspace numbering its keys in keys, with db 0
// ready for about n keys.
func newKeyspaceSized(keys *keyIndex, n int) *keyspace {
	st := &store{keys: keys}
	for i := range st.volatile {
		st.volatile[i] = map[string]struct{}{}
	}
	if n > 0 {
		st.slots[0] = make([]*entry, 0, n)
	}
	return &keyspace{st: st, live: true}
}

// snapshot freezes the keyspace as it is now, in O(1): later writes of the
// live keyspace go to a newer generation.
func (ks *keyspace) snapshot() *keyspace {
	if !ks.live {
		return ks.fork()
	}
	v := &keyspace{st: ks.st, gen: ks.st.gen, counts: ks.st.counts, lua: ks.lua}
	ks.st.gen++
	return v
}

// fork is a writable copy of a view that shares its history: its writes go
// to a private overlay.
func (ks *keyspace) fork() *keyspace {
	if ks.live {
		return ks.snapshot().fork()
	}
	v := &keyspace{st: ks.st, gen: ks.gen, counts: ks.counts, lua: ks.lua}
	if ks.overlay != nil {
		o := new([numDBs]map[string]*entry)
		for i, m := range ks.overlay {
			if len(m) == 0 {
				continue
			}
			o[i] = make(map[string]*entry, len(m))
			for k, e := range m {
				o[i][k] = e.clone()
			}
		}
		v.overlay = o
	}
	return v
}

// own copies a view into a new store of its own (a server loading an RDB):
// O(keys), as loading an RDB is, and as new objects; the keys keep their
// numbers. lru is each loaded object's o->lru, given its entry in the view.
// A list is built again from its nodes with lim's list options, the
// loading server's (rdbLoadObject).
func (ks *keyspace) own(hint int, lim encLimits, lru func(*entry) int64) *keyspace {
	n := newKeyspaceSized(ks.st.keys, max(hint, ks.dbLen(0)))
	n.lua = ks.lua
	for db := range n.st.slots {
		ks.eachID(db, func(id uint32, k string, e *entry) bool {
			var c *entry
			if e.typ == typeList {
				c = &entry{}
				*c = *e
				c.obj, c.prev, c.shallow = e.list().loaded(lim), nil, false
			} else {
				c = e.clone()
			}
			c.enc = encAuto     // rdbLoadObject passes every string through tryObjectEncoding
			c.converted = false // and builds each collection's encoding from its size
			c.gen, c.lru = 0, lru(e)
			n.st.setHeadID(db, id, c)
			n.st.counts[db]++
			if c.expire != 0 {
				n.st.volatile[db][k] = struct{}{}
			}
			return true
		})
	}
	return n
}

// visible is the newest entry of generation <= gen in a key's history.
func visible(e *entry, gen uint32) *entry {
	for e != nil && e.gen > gen {
		e = e.prev
	}
	if e == nil || e.typ == 0 {
		return nil
	}
	return e
}

// get returns a key's entry, read-only (no expiry check).
func (ks *keyspace) get(db int, key string) *entry {
	if ks.live {
		e := ks.st.head(db, key)
		if e == nil || e.typ == 0 {
			return nil
		}
		return e
	}
	if ks.overlay != nil {
		if e, ok := ks.overlay[db][key]; ok {
			if e.typ == 0 {
				return nil
			}
			return e
		}
	}
	return visible(ks.st.head(db, key), ks.gen)
}

// getMut returns a key's entry that may be changed in place.
func (ks *keyspace) getMut(db int, key string) *entry {
	ks.logWrite(db, key)
	if ks.live {
		e := ks.st.head(db, key)
		if e == nil || e.typ == 0 {
			return nil
		}
		if e.gen == ks.st.gen {
			return e.unshare()
		}
		c := e.clone()
		c.gen, c.prev = ks.st.gen, e
		ks.st.setHead(db, key, c)
		return c
	}
	if ks.overlay != nil {
		if e, ok := ks.overlay[db][key]; ok {
			if e.typ == 0 {
				return nil
			}
			return e.unshare()
		}
	}
	e := visible(ks.st.head(db, key), ks.gen)
	if e == nil {
		return nil
	}
	c := e.clone()
	ks.overlayDB(db)[key] = c
	return c
}

func (ks *keyspace) overlayDB(db int) map[string]*entry {
	if ks.overlay == nil {
		ks.overlay = new([numDBs]map[string]*entry)
	}
	if ks.overlay[db] == nil {
		ks.overlay[db] = map[string]*entry{}
	}
	return ks.overlay[db]
}

// touchable is a key's entry e (just looked up) as one whose lru may be
// set: older checkpoints keep theirs, so an entry they share is copied,
// its value shared until it is changed (getMut unshares it).
func (ks *keyspace) touchable(db int, key string, e *entry) *entry {
	if ks.live {
		if e.gen == ks.st.gen {
			return e
		}
		c := *e
		c.shallow = e.obj != nil
		c.gen, c.prev = ks.st.gen, e
		ks.st.setHead(db, key, &c)
		return &c
	}
	if ks.overlay != nil && ks.overlay[db][key] == e {
		return e
	}
	c := *e
	c.shallow, c.prev = e.obj != nil, nil
	ks.overlayDB(db)[key] = &c
	return &c
}

// put stores a new entry for a key (a new key or a replaced value), a new
// object whose lru is now.
func (ks *keyspace) put(db int, key string, e *entry) {
	ks.logWrite(db, key)
	e.lru = ks.clock
	if !ks.live {
		if old := ks.get(db, key); old == nil {
			ks.counts[db]++
		} else if ks.lfu {
			e.lru = old.lru
		}
		ks.st.keys.intern(db, key) // numbered when written, as eachID needs
		e.prev = nil
		ks.overlayDB(db)[key] = e
		return
	}
	id := ks.st.keys.intern(db, key)
	var old *entry
	if int(id) < len(ks.st.slots[db]) {
		old = ks.st.slots[db][id]
	}
	if old == nil || old.typ == 0 {
		ks.st.counts[db]++
	} else if ks.lfu {
		e.lru = old.lru
	}
	e.gen = ks.st.gen
	e.prev = nil
	if old != nil {
		if old.gen == ks.st.gen {
			e.prev = old.prev
		} else {
			e.prev = old
		}
	}
	ks.st.setHeadID(db, id, e)
	if e.expire != 0 {
		ks.st.volatile[db][key] = struct{}{}
	}
}

// replaceString is put of a string for a key whose current entry the
// caller just looked up (nil: none): an entry of the live generation is
// overwritten in place, saving the allocation and the slot write of the
// hot path (SET).
func (ks *keyspace) replaceString(db int, key string, cur *entry, str string, expire int64) {
	ks.logWrite(db, key)
	if ks.live && cur != nil && cur.gen == ks.st.gen && cur.typ != 0 {
		lru := ks.clock
		if ks.lfu {
			lru = cur.lru
		}
		// Field by field: gen and prev stay, and a string's obj is nil.
		if cur.typ != typeString || cur.obj != nil {
			cur.typ, cur.obj = typeString, nil
		}
		cur.str, cur.enc, cur.expire, cur.lru, cur.shallow = str, 0, expire, lru, false
		if expire != 0 {
			ks.st.volatile[db][key] = struct{}{}
		}
		return
	}
	ks.put(db, key, &entry{typ: typeString, str: str, expire: expire})
}

// setExpire records that a key has an expiry (the entry is already mutable).
func (ks *keyspace) setExpire(db int, key string, e *entry, at int64) {
	ks.logWrite(db, key)
	e.expire = at
	if at != 0 && ks.live {
		ks.st.volatile[db][key] = struct{}{}
	}
}

// del deletes a key and reports whether it existed.
func (ks *keyspace) del(db int, key string) bool {
	ks.logWrite(db, key)
	if ks.get(db, key) == nil {
		return false
	}
	if !ks.live {
		ks.counts[db]--
		ks.overlayDB(db)[key] = &entry{}
		return true
	}
	ks.st.counts[db]--
	old := ks.st.head(db, key)
	prev := old
	if old.gen == ks.st.gen {
		prev = old.prev
	}
	if prev == nil {
		ks.st.setHead(db, key, nil)
		delete(ks.st.volatile[db], key)
		return true
	}
	ks.st.setHead(db, key, &entry{gen: ks.st.gen, prev: prev})
	return true
}

// dbLen is the number of keys in one database.
func (ks *keyspace) dbLen(db int) int {
	if ks.live {
		return ks.st.counts[db]
	}
	return ks.counts[db]
}

func (ks *keyspace) size() int {
	n := 0
	for db := range numDBs {
		n += ks.dbLen(db)
	}
	return n
}

// each calls fn for every key of a database until fn returns false. The
// order is the key numbers': callers that show keys sort them.
func (ks *keyspace) each(db int, fn func(key string, e *entry) bool) {
	ks.eachID(db, func(_ uint32, k string, e *entry) bool { return fn(k, e) })
}

// eachID is each with the keys' numbers (an overlay's keys were numbered
// when put).
func (ks *keyspace) eachID(db int, fn func(id uint32, key string, e *entry) bool) {
	names := ks.st.keys.names[db]
	if ks.live {
		for id, e := range ks.st.slots[db] {
			if e != nil && e.typ != 0 && !fn(uint32(id), names[id], e) {
				return
			}
		}
		return
	}
	var over map[string]*entry
	if ks.overlay != nil {
		over = ks.overlay[db]
	}
	for id, h := range ks.st.slots[db] {
		if h == nil {
			continue
		}
		k := names[id]
		if _, ok := over[k]; ok {
			continue
		}
		if e := visible(h, ks.gen); e != nil && !fn(uint32(id), k, e) {
			return
		}
	}
	for k, e := range over {
		if id, _ := ks.st.keys.find(db, k); e.typ != 0 && !fn(id, k, e) {
			return
		}
	}
}

// sortedKeys lists a database's keys in order.
func (ks *keyspace) sortedKeys(db int) []string {
	out := make([]string, 0, ks.dbLen(db))
	ks.each(db, func(k string, _ *entry) bool { out = append(out, k); return true })
	sort.Strings(out)
	return out
}

// flush deletes every key of a database and returns how many there were.
func (ks *keyspace) flush(db int) int {
	n := ks.dbLen(db)
	for _, k := range ks.sortedKeys(db) {
		ks.del(db, k)
	}
	return n
}

// volatileKeys calls fn for each key of db that has an expiry now.
func (ks *keyspace) volatileKeys(db int, fn func(key string, e *entry)) {
	for k := range ks.st.volatile[db] {
		if e := ks.get(db, k); e != nil && e.expire != 0 {
			fn(k, e)
		}
	}
	if ks.overlay != nil {
		for k, e := range ks.overlay[db] {
			if _, ok := ks.st.volatile[db][k]; !ok && e.typ != 0 && e.expire != 0 {
				fn(k, e)
			}
		}
	}
}

// equalEntries compares two values (with their expiry).
func equalEntries(a, b *entry) bool {
	if a.typ != b.typ || a.expire != b.expire || a.str != b.str {
		return false
	}
	if a.obj == nil || b.obj == nil {
		return a.obj == nil && b.obj == nil
	}
	return a.obj.equalValue(b.obj)
}

// datasetEqual reports whether two servers hold the same data.
func datasetEqual(a, b *keyspace) bool {
	for db := range numDBs {
		if a.dbLen(db) != b.dbLen(db) {
			return false
		}
		same := true
		a.each(db, func(k string, e *entry) bool {
			o := b.get(db, k)
			same = o != nil && equalEntries(e, o)
			return same
		})
		if !same {
			return false
		}
	}
	return true
}
