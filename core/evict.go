package core

import (
	"sort"
	"strconv"
	"strings"
)

// Redis's LRU clock (evict.c): every object carries the clock of its last
// access in seconds (LRU_CLOCK_RESOLUTION 1000 ms, 24 bits), set when it is
// created and by every lookupKey without LOOKUP_NOTOUCH; OBJECT IDLETIME
// is the clock now less that. The model's clock is virtual time.

const lruClockMax = 1<<24 - 1

// lruClock is LRU_CLOCK(): the unix time in seconds, wrapped to 24 bits.
func (w *World) lruClock() int64 { return (w.unixMillis() / 1000) & lruClockMax }

// idleSeconds is estimateObjectIdleTime/1000, with the clock's wrap.
func idleSeconds(clock, lru int64) int64 {
	if clock >= lru {
		return clock - lru
	}
	return clock + (lruClockMax - lru)
}

// sharesIntegers is tryObjectEncoding's condition for replacing a small
// integer string by one of the shared objects 0..9999: no maxmemory, or a
// policy that does not evict by LRU or LFU (whose per-key clocks a shared
// object would mix up).
func (s *Server) sharesIntegers() bool {
	if s.cfg.get("maxmemory") == "0" {
		return true
	}
	p := s.cfg.get("maxmemory-policy")
	return p != "allkeys-lru" && p != "volatile-lru" && p != "allkeys-lfu" && p != "volatile-lfu"
}

// sharedInt is the shared integer object a string value is, if it is one.
func (s *Server) sharedInt(e *entry) (int64, bool) {
	v, ok := sharedIntValue(e)
	return v, ok && s.sharesIntegers()
}

// mayBeSharedInt is sharedIntValue's first test, inlined before the call
// where every key access passes: a shared integer is a string of 1 to 4
// bytes.
func mayBeSharedInt(e *entry) bool { return uint(len(e.str)-1) < 4 }

// sharedIntValue is the shared integer (0..9999) a string value is where
// integers are shared.
func sharedIntValue(e *entry) (int64, bool) {
	if e.typ != typeString || len(e.str) == 0 || len(e.str) > 4 {
		return 0, false
	}
	v, ok := parseInt(e.str)
	return v, ok && v >= 0 && v < 10000
}

// sharedLRU holds the clocks of the shared integer objects that were
// touched since the process started (createSharedObjects gave them all the
// start's clock). Server clones share it until one of them writes.
type sharedLRU struct {
	m      map[int64]int64
	frozen bool
}

// objectLRU is o->lru of a key's value.
func (s *Server) objectLRU(e *entry) int64 {
	if mayBeSharedInt(e) {
		return s.sharedObjectLRU(e)
	}
	return e.lru
}

func (s *Server) sharedObjectLRU(e *entry) int64 {
	if v, ok := s.sharedInt(e); ok {
		return s.shared.lruOf(v, s.startLRU)
	}
	return e.lru
}

// lruOf is o->lru of the shared integer v: its last touch's, or start's,
// the clock all shared integers got when the process started (l may be nil:
// none was touched).
func (l *sharedLRU) lruOf(v, start int64) int64 {
	if l != nil {
		if lru, ok := l.m[v]; ok {
			return lru
		}
	}
	return start
}

// setObjectLRU is val->lru = clock: on a shared integer it is every key
// holding that integer that was touched.
func (s *Server) setObjectLRU(e *entry, clock int64) {
	v, ok := s.sharedInt(e)
	if !ok {
		e.lru = clock
		return
	}
	if s.shared == nil || s.shared.frozen {
		n := &sharedLRU{m: map[int64]int64{}}
		if s.shared != nil {
			for k, l := range s.shared.m {
				n.m[k] = l
			}
		}
		s.shared = n
	}
	s.shared.m[v] = clock
}

// touch is lookupKey's access-time update of a key just found (the entry
// it returns replaces e: an entry older checkpoints share is copied first):
// under an LFU policy updateLFU, else the LRU clock.
func (c *cmdCtx) touch(key string, e *entry) *entry {
	clock := c.w.lruClock()
	if lfuPolicy(c.s) {
		clock = c.s.updateLFU(c.w, c.s.objectLRU(e))
	}
	if c.s.objectLRU(e) == clock {
		return e
	}
	if mayBeSharedInt(e) {
		if _, ok := c.s.sharedInt(e); ok {
			c.s.setObjectLRU(e, clock)
			return e
		}
	}
	e = c.s.ks.touchable(c.db, key, e)
	e.lru = clock
	return e
}

// cmdObjectIdletime is OBJECT IDLETIME: under an LFU policy the clock holds
// a frequency instead.
func cmdObjectIdletime(c *cmdCtx) Reply {
	e := c.lookupNoTouch(c.argv[2])
	if e == nil {
		return nilReply
	}
	if lfuPolicy(c.s) {
		return errReply("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.")
	}
	return intReply(idleSeconds(c.w.lruClock(), c.s.objectLRU(e)&lruClockMax))
}

// lfuPolicy is maxmemory_policy & MAXMEMORY_FLAG_LFU. It runs for every
// command (newObjectLRU), so it reads the field setExtra keeps for the
// parameter: no version's defaults choose an LFU policy.
func lfuPolicy(s *Server) bool { return s.cfg.lfu }

// Redis's LFU (evict.c): under an LFU policy o->lru holds the minute of the
// last access in its high 16 bits (LFUGetTimeInMinutes, wrapping) and a
// logarithmic access counter in its low 8, which a new object starts at
// LFU_INIT_VAL and every minute of lfu-decay-time without access lowers by
// one. A policy switched at runtime reads the other policy's bits as its
// own, as Redis does ("LRU and LFU data will take some time to adjust").
const lfuInitVal = 5

// lfuGuess marks a counter LFULogIncr may or may not have raised: past
// LFU_INIT_VAL it raises it with probability 1/((counter-5)*lfu-log-factor+1)
// drawn from rand(), which no model can follow (at probability 1 it always
// does: rand() reaching RAND_MAX is once in 2^31). It sits above Redis's
// 24 bits, so the minute and the counter read the same; a new object
// forgets it.
const lfuGuess = 1 << 32

// lfuMinutes is LFUGetTimeInMinutes: server.unixtime's minutes, 16 bits.
func (w *World) lfuMinutes() int64 { return w.unixMillis() / 60000 & 65535 }

// newObjectLRU is what createObject sets o->lru to, and whether the
// policy is an LFU one (which decides it).
func (s *Server) newObjectLRU(w *World) (lru int64, lfu bool) {
	if lfuPolicy(s) {
		return w.lfuMinutes()<<8 | lfuInitVal, true
	}
	return w.lruClock(), false
}

// lfuDecrAndReturn is LFUDecrAndReturn: the counter less one per
// lfu-decay-time minutes since its last access.
func (s *Server) lfuDecrAndReturn(w *World, lru int64) int64 {
	return lfuDecr(lru, w.lfuMinutes(), s.lfuDecayTime())
}

func (s *Server) lfuDecayTime() int64 {
	v, _ := strconv.ParseInt(s.cfg.get("lfu-decay-time"), 10, 64)
	return v
}

// lfuDecr is LFUDecrAndReturn at minute now with lfu-decay-time decay.
func lfuDecr(lru, now, decay int64) int64 {
	ldt, counter := lru>>8&65535, lru&255
	if decay == 0 {
		return counter
	}
	elapsed := now - ldt // LFUTimeElapsed: the clock wraps once at most
	if now < ldt {
		elapsed = 65535 - ldt + now
	}
	if periods := elapsed / decay; periods > 0 {
		counter = max(counter-periods, 0)
	}
	return counter
}

// rdbUsage is what rdbSaveKeyValuePair writes of each key's access: its
// idle seconds under an LRU policy (RDB_OPCODE_IDLE), its decayed LFU
// counter under an LFU one (RDB_OPCODE_FREQ), nothing under the others.
// It is computed when the RDB is loaded, from the snapshot's entries (later
// touches of the saving server go to newer ones) and the saver's clocks
// and settings as they were when it saved.
type rdbUsage struct {
	kind       byte // 'i' idle, 'f' freq, 0 nothing
	clock      int64
	minutes    int64
	decay      int64
	shared     *sharedLRU // frozen: the saver's next shared-integer touch copies it
	startLRU   int64
	sharesInts bool
}

// saveUsage is the rdbUsage of an RDB s saves now.
func (w *World) saveUsage(s *Server) rdbUsage {
	p := s.cfg.get("maxmemory-policy")
	u := rdbUsage{clock: w.lruClock(), minutes: w.lfuMinutes(), decay: s.lfuDecayTime(), shared: s.shared, startLRU: s.startLRU, sharesInts: s.sharesIntegers()}
	switch p {
	case "allkeys-lru", "volatile-lru":
		u.kind = 'i'
	case "allkeys-lfu", "volatile-lfu":
		u.kind = 'f'
	default:
		return rdbUsage{}
	}
	if s.shared != nil {
		s.shared.frozen = true
	}
	return u
}

// savedLRU is the saver's o->lru of an entry when it saved.
func (u *rdbUsage) savedLRU(e *entry) int64 {
	if v, ok := sharedIntValue(e); ok && u.sharesInts {
		return u.shared.lruOf(v, u.startLRU)
	}
	return e.lru
}

// loadedLRU is objectSetLRUOrLFU for the keys s loads from an RDB saved
// with u: o->lru of a loaded key given its entry in the RDB. Under an LFU
// policy a saved counter is stamped with the minute now, under any other a
// saved idle time is taken from the clock now; what the RDB does not carry
// is a new object's.
func (w *World) loadedLRU(s *Server, u *rdbUsage) func(*entry) int64 {
	fresh, lfu := s.newObjectLRU(w)
	if u.kind == 0 || lfu != (u.kind == 'f') {
		return func(*entry) int64 { return fresh }
	}
	clock, minutes := w.lruClock(), w.lfuMinutes()
	return func(e *entry) int64 {
		saved := u.savedLRU(e)
		if lfu {
			return saved&lfuGuess | minutes<<8 | lfuDecr(saved, u.minutes, u.decay)
		}
		abs := clock - idleSeconds(u.clock, saved&lruClockMax)
		if abs < 0 {
			abs += lruClockMax
		}
		return abs
	}
}

// updateLFU is updateLFU: the decayed counter, raised by LFULogIncr,
// stamped with the minute now; lfuGuess once the raise was a coin's.
func (s *Server) updateLFU(w *World, lru int64) int64 {
	counter, guess := s.lfuDecrAndReturn(w, lru), lru&lfuGuess
	if counter < 255 {
		factor, _ := strconv.ParseInt(s.cfg.get("lfu-log-factor"), 10, 64)
		if counter <= lfuInitVal || factor == 0 {
			counter++
		} else {
			guess = lfuGuess
		}
	}
	return guess | w.lfuMinutes()<<8 | counter
}

// Enforcing maxmemory (evict.c). The model's used memory is its estimate
// (zmallocUsedMemory), so its decisions match a real server's only far
// from the limit: scenarios use maxmemory 1 (always over: every evictable
// key goes and denyoom commands are refused) or a large limit (never
// over).

// evictResult is performEvictions' EVICT_OK or EVICT_FAIL. The model has
// no EVICT_RUNNING: Redis stops a cycle after eviction tenacity's time
// limit (500 us per 16 keys at the default 10) and goes on in a timer
// event, and a command it admitted meanwhile runs; the model evicts in
// one cycle, so scenarios evict fewer than ~50 keys at a time.
type evictResult int

const (
	evictOK evictResult = iota
	evictFail
)

var errOOM = errReply("OOM command not allowed when used memory > 'maxmemory'.")

// zmallocUsedMemory is the model's zmalloc_used_memory(), INFO memory's
// used_memory: the startup heap (nominal), the keyspace as MEMORY STATS
// counts it (its dicts' overhead and the dataset) and the replication
// buffers.
func (w *World) zmallocUsedMemory(s *Server) (used, overhead, dataset int64) {
	overhead, dataset = s.mem.update(s.ks, s.cfg.encLimits())
	backlog, _ := strconv.ParseInt(w.replMemoryInfo(s)[0].value, 10, 64)
	overhead += memStartup + backlog
	return overhead + dataset, overhead, dataset
}

// keyspaceMem is keyspaceMemory's figures for one keyspace view, kept up
// to date from the view's memLog: a key's size is counted again only when
// a write may have changed it, so that a command under a maxmemory costs
// what its writes cost, not a walk over every key.
type keyspaceMem struct {
	ks      *keyspace // the view counted (nil: none yet)
	sizes   map[dbKey]keyMem
	expires [numDBs]int
	dataset int64
}

type dbKey struct {
	db  int
	key string
}

// keyMem is one key's share of used_memory_dataset, and whether it has an
// expiry (an entry of the db's expires dict).
type keyMem struct {
	size     int64
	volatile bool
}

func entryMem(k string, e *entry, lim encLimits) keyMem {
	return keyMem{int64(objectComputeSize(e, objComputeSamples, lim) + keySdsSize(len(k))), e.expire != 0}
}

// update brings the figures to ks's keys and returns keyspaceMemory's
// overhead and dataset. A new view (a clone, a load, a restart) or a log
// longer than the keys is counted whole, into a map of its own (a
// clone's copy of the server shares the old one).
// The encodings' limits (lim) are the config's: a CONFIG SET counts whole
// again (applyConfig).
func (m *keyspaceMem) update(ks *keyspace, lim encLimits) (overhead, dataset int64) {
	if m.ks != ks || !ks.memTrack || len(ks.memLog) > len(m.sizes) {
		*m = keyspaceMem{ks: ks, sizes: make(map[dbKey]keyMem, ks.size())}
		for db := range numDBs {
			ks.each(db, func(k string, e *entry) bool {
				m.add(db, k, e, lim)
				return true
			})
		}
		ks.memTrack = true
	} else {
		for _, dk := range ks.memLog {
			if old, had := m.sizes[dk]; had {
				m.dataset -= old.size
				if old.volatile {
					m.expires[dk.db]--
				}
				delete(m.sizes, dk)
			}
			if e := ks.get(dk.db, dk.key); e != nil {
				m.add(dk.db, dk.key, e, lim)
			}
		}
	}
	ks.memLog = ks.memLog[:0]
	for db := range numDBs {
		n := ks.dbLen(db)
		if n == 0 {
			continue
		}
		overhead += int64(n*sizeofDictEntry + dictSlots(n)*8 + n*sizeofRobj)
		if x := m.expires[db]; x > 0 {
			overhead += int64(x*sizeofDictEntry + dictSlots(x)*8)
		}
	}
	return overhead, m.dataset
}

func (m *keyspaceMem) add(db int, k string, e *entry, lim encLimits) {
	km := entryMem(k, e, lim)
	m.sizes[dbKey{db, k}] = km
	m.dataset += km.size
	if km.volatile {
		m.expires[db]++
	}
}

// replBufBlockOverhead is sizeof(replBufBlock) + sizeof(listNode):
// freeMemoryGetNotCountedMemory's estimate of the headers of the
// backlog's blocks, one per PROTO_REPLY_CHUNK_BYTES.
const replBufBlockOverhead = replBufBlockHeader + 24

// freeMemoryGetNotCountedMemory is what maxmemory does not count: 7.0
// shares one replication buffer between the backlog and the replicas, and
// counts only the part beyond repl-backlog-size (with its blocks' headers)
// as the replicas'. The AOF buffer is never there (appendonly no). Redis
// 6.2 counts each replica's own output buffer, which the model reports as
// mem_clients_slaves.
func (w *World) freeMemoryGetNotCountedMemory(s *Server) int64 {
	if w.Version().redis62 {
		v, _ := strconv.ParseInt(w.replMemoryInfo(s)[2].value, 10, 64)
		return v
	}
	mem, size := s.memReplBuffers(), s.cfg.backlogSize
	if mem <= size {
		return 0
	}
	counted := size + (size/protoReplyChunkBytes+1)*replBufBlockOverhead
	return max(mem-counted, 0)
}

// getMaxmemoryState is getMaxmemoryState: whether the memory maxmemory
// counts is over it, and by how much (mem_tofree).
func (w *World) getMaxmemoryState(s *Server) (over bool, tofree int64) {
	limit := s.cfg.maxmemory
	if limit == 0 {
		return false, 0
	}
	used, _, _ := w.zmallocUsedMemory(s)
	if used <= limit {
		return false, 0
	}
	used = max(used-w.freeMemoryGetNotCountedMemory(s), 0)
	if used <= limit {
		return false, 0
	}
	return true, used - limit
}

// isSafeToPerformEvictions: a replica with replica-ignore-maxmemory yes
// (the default) is its master's exact copy, and a paused server's dataset
// stays still (expiry and eviction too). Nothing loads or times out
// between two of the model's commands.
func (w *World) isSafeToPerformEvictions(s *Server) bool {
	if s.masterhost != "" && s.cfg.flag("replica-ignore-maxmemory") {
		return false
	}
	return !w.paused(s)
}

// evictCandidate is a key the eviction pool could hold.
type evictCandidate struct {
	db    int
	key   string
	score int64 // the pool's idle: higher goes first
}

// performEvictions is performEvictions: when the memory maxmemory counts
// is over it, delete keys as the policy chooses until the freed estimate
// covers mem_tofree or nothing is left to evict (EVICT_FAIL, which makes
// processCommand refuse denyoom commands). Each key is deleted (lazily
// under lazyfree-lazy-eviction), counted in evicted_keys and propagated
// alone, DEL or UNLINK, never in MULTI (propagate_no_multi).
func (w *World) performEvictions(s *Server) evictResult {
	if !w.isSafeToPerformEvictions(s) {
		return evictOK // not even the metrics: as if it had not run
	}
	res := w.evict(s)
	st := &s.stat
	switch {
	case res == evictFail && !st.evictionOver:
		st.evictionOver, st.evictionSince = true, w.now
	case res == evictOK && st.evictionOver:
		st.evictionTotal += w.now - st.evictionSince
		st.evictionOver = false
	}
	return res
}

// evictionExceededTime is INFO's total_eviction_exceeded_time and
// current_eviction_exceeded_time in milliseconds. Redis measures them on
// the monotonic clock (the comparison takes them by kind); the model
// counts virtual time.
func (w *World) evictionExceededTime(s *Server) (total, current int64) {
	if s.stat.evictionOver {
		current = w.now - s.stat.evictionSince
	}
	return s.stat.evictionTotal + current, current
}

func (w *World) evict(s *Server) evictResult {
	over, tofree := w.getMaxmemoryState(s)
	if !over {
		return evictOK
	}
	policy := s.cfg.get("maxmemory-policy")
	if policy == "noeviction" {
		return evictFail
	}
	lazy := s.cfg.flag("lazyfree-lazy-eviction")
	del := "DEL"
	if lazy {
		del = "UNLINK"
	}
	var freed int64
	lim := s.cfg.encLimits()
	next := w.evictionOrder(s, policy)
	for freed < tofree {
		c, ok := next()
		if !ok {
			return evictFail // cant_free: nothing left to evict
		}
		e := s.ks.get(c.db, c.key)
		if e == nil {
			continue // a ghost: evicting an earlier key cannot make one, but the pool skips them
		}
		// Redis measures zmalloc_used_memory around the delete; the model
		// takes the key's estimate (its dict entries, robj, key and value).
		km := entryMem(c.key, e, lim)
		freed += km.size + sizeofDictEntry + sizeofRobj
		if km.volatile {
			freed += sizeofDictEntry
		}
		s.ks.del(c.db, c.key)
		s.stat.evictedKeys++
		s.touchWatchedKey(c.db, c.key) // signalModifiedKey
		w.emit(Event{Kind: EvEvicted, Node: s.name, Text: c.key, Argv: []string{del, policy}, A: int64(c.db), Func: "performEvictions"})
		// propagateDeletion; a replica feeds no replicas of its own
		// writes (replicationFeedSlaves), only its master's stream.
		w.propagatePending(s, []propOp{{db: c.db, argv: []string{del, c.key}}})
	}
	return evictOK
}

// evictionOrder gives the keys of s in the order the policy evicts them,
// one at a time.
// Real Redis samples: the LRU, LFU and TTL policies take maxmemory-samples
// random keys per db into the eviction pool and evict its best (largest
// idle time, lowest decayed LFU counter, nearest expiry), the random
// policies take a random key of the next non-empty db in turn. The model
// is deterministic: every candidate enters the pool, ties go by db then
// key name, and the random policies take each db's keys in name order.
// Between dbs Redis's order is the samples', so scenarios keep the keys
// they evict in one db.
func (w *World) evictionOrder(s *Server, policy string) func() (evictCandidate, bool) {
	allkeys := strings.HasPrefix(policy, "allkeys-")
	var out []evictCandidate
	each := func(db int, fn func(k string, e *entry)) {
		if allkeys {
			s.ks.each(db, func(k string, e *entry) bool { fn(k, e); return true })
		} else {
			s.ks.volatileKeys(db, fn)
		}
	}
	if strings.HasSuffix(policy, "-random") {
		// next_db, a static of performEvictions: each eviction takes a
		// key of the next db in turn that has one.
		perDB := make([][]string, numDBs)
		for db := range numDBs {
			each(db, func(k string, _ *entry) { perDB[db] = append(perDB[db], k) })
			sort.Strings(perDB[db])
		}
		return func() (evictCandidate, bool) {
			for range numDBs {
				s.evictNextDB = (s.evictNextDB + 1) % numDBs
				if j := s.evictNextDB; len(perDB[j]) > 0 {
					k := perDB[j][0]
					perDB[j] = perDB[j][1:]
					return evictCandidate{db: j, key: k}, true
				}
			}
			return evictCandidate{}, false
		}
	}
	clock := w.lruClock()
	for db := range numDBs {
		each(db, func(k string, e *entry) {
			var score int64
			switch policy {
			case "allkeys-lru", "volatile-lru":
				score = idleSeconds(clock, s.objectLRU(e)&lruClockMax)
			case "allkeys-lfu", "volatile-lfu":
				score = 255 - s.lfuDecrAndReturn(w, s.objectLRU(e))
			case "volatile-ttl":
				score = -e.expire
			}
			out = append(out, evictCandidate{db: db, key: k, score: score})
		})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.score != b.score {
			return a.score > b.score
		}
		if a.db != b.db {
			return a.db < b.db
		}
		return a.key < b.key
	})
	return func() (evictCandidate, bool) {
		if len(out) == 0 {
			return evictCandidate{}, false
		}
		c := out[0]
		out = out[1:]
		return c, true
	}
}
