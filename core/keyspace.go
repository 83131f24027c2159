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
	lru     int64  // the LRU clock of its last access (evict.go)
	shallow bool   // obj is shared with the older entry it was touched from
	str     string // typeString
	enc     strEnc // typeString: how the string was made (OBJECT ENCODING)
	obj     value  // collections
	prev    *entry // the entry this one replaced, of an older generation
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

// store is one server's keyspace history, shared by the server and every
// checkpoint of it.
type store struct {
	gen      uint32
	dbs      [numDBs]map[string]*entry
	counts   [numDBs]int
	volatile [numDBs]map[string]struct{} // keys that ever had an expiry
	// last is the live view's latest lookup of a key's history head: a
	// write follows its lookup (SET: lookupKeyWrite, then setKey), and in
	// a map of a million keys each lookup is a cache miss, so put takes
	// the head from here instead of a second lookup. Any change of the
	// maps forgets it.
	last struct {
		db  int
		key string
		raw *entry
		ok  bool
	}
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
	// clock is the LRU clock now: what a new value's lru is.
	clock int64
}

func newKeyspace() *keyspace { return newKeyspaceSized(0) }

// newKeyspaceSized makes db 0 ready for about keys keys: a map that grows
// a million keys at a time rehashes every one of them along the way.
func newKeyspaceSized(keys int) *keyspace {
	st := &store{}
	for i := range st.dbs {
		st.dbs[i] = map[string]*entry{}
		st.volatile[i] = map[string]struct{}{}
	}
	if keys > 0 {
		st.dbs[0] = make(map[string]*entry, keys)
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
// O(keys), as loading an RDB is, and as new objects.
func (ks *keyspace) own(hint int, clock int64) *keyspace {
	n := newKeyspaceSized(max(hint, ks.dbLen(0)))
	n.clock = clock // loaded objects are new ones
	n.lua = ks.lua
	for db := range n.st.dbs {
		ks.each(db, func(k string, e *entry) bool {
			c := e.clone()
			c.enc = encAuto // rdbLoadObject passes every string through tryObjectEncoding
			n.put(db, k, c)
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
		e := ks.st.dbs[db][key]
		l := &ks.st.last
		l.db, l.key, l.raw, l.ok = db, key, e, true
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
	return visible(ks.st.dbs[db][key], ks.gen)
}

// getMut returns a key's entry that may be changed in place.
func (ks *keyspace) getMut(db int, key string) *entry {
	if ks.live {
		e := ks.st.dbs[db][key]
		if e == nil || e.typ == 0 {
			return nil
		}
		if e.gen == ks.st.gen {
			return e.unshare()
		}
		c := e.clone()
		c.gen, c.prev = ks.st.gen, e
		ks.st.last.ok = false
		ks.st.dbs[db][key] = c
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
	e := visible(ks.st.dbs[db][key], ks.gen)
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
		ks.st.last.ok = false
		ks.st.dbs[db][key] = &c
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
	e.lru = ks.clock
	if !ks.live {
		if ks.get(db, key) == nil {
			ks.counts[db]++
		}
		e.prev = nil
		ks.overlayDB(db)[key] = e
		return
	}
	var old *entry
	if l := &ks.st.last; l.ok && l.db == db && l.key == key {
		old = l.raw
	} else {
		old = ks.st.dbs[db][key]
	}
	if old == nil || old.typ == 0 {
		ks.st.counts[db]++
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
	ks.st.last.ok = false
	ks.st.dbs[db][key] = e
	if e.expire != 0 {
		ks.st.volatile[db][key] = struct{}{}
	}
}

// replace is put for a key whose current entry the caller just looked up
// (nil: none): an entry of the live generation is overwritten in place,
// saving the allocation and the map write of the hot path (SET).
func (ks *keyspace) replace(db int, key string, cur *entry, e entry) {
	if ks.live && cur != nil && cur.gen == ks.st.gen && cur.typ != 0 {
		e.gen, e.prev, e.lru = cur.gen, cur.prev, ks.clock
		*cur = e
		if e.expire != 0 {
			ks.st.volatile[db][key] = struct{}{}
		}
		return
	}
	n := new(entry)
	*n = e
	ks.put(db, key, n)
}

// setExpire records that a key has an expiry (the entry is already mutable).
func (ks *keyspace) setExpire(db int, key string, e *entry, at int64) {
	e.expire = at
	if at != 0 && ks.live {
		ks.st.volatile[db][key] = struct{}{}
	}
}

// del deletes a key and reports whether it existed.
func (ks *keyspace) del(db int, key string) bool {
	if ks.get(db, key) == nil {
		return false
	}
	if !ks.live {
		ks.counts[db]--
		ks.overlayDB(db)[key] = &entry{}
		return true
	}
	ks.st.counts[db]--
	old := ks.st.dbs[db][key]
	prev := old
	if old.gen == ks.st.gen {
		prev = old.prev
	}
	if prev == nil {
		ks.st.last.ok = false
		delete(ks.st.dbs[db], key)
		delete(ks.st.volatile[db], key)
		return true
	}
	ks.st.last.ok = false
	ks.st.dbs[db][key] = &entry{gen: ks.st.gen, prev: prev}
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
	for db := range ks.st.dbs {
		n += ks.dbLen(db)
	}
	return n
}

// each calls fn for every key of a database until fn returns false. The
// order is a map's: callers that show keys sort them.
func (ks *keyspace) each(db int, fn func(key string, e *entry) bool) {
	if ks.live {
		for k, e := range ks.st.dbs[db] {
			if e.typ != 0 && !fn(k, e) {
				return
			}
		}
		return
	}
	var over map[string]*entry
	if ks.overlay != nil {
		over = ks.overlay[db]
	}
	for k, h := range ks.st.dbs[db] {
		if _, ok := over[k]; ok {
			continue
		}
		if e := visible(h, ks.gen); e != nil && !fn(k, e) {
			return
		}
	}
	for k, e := range over {
		if e.typ != 0 && !fn(k, e) {
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
