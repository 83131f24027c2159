package core

import "strconv"

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
