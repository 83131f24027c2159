package core

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
	if e.typ != typeString || len(e.str) == 0 || len(e.str) > 4 || !s.sharesIntegers() {
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
	if v, ok := s.sharedInt(e); ok {
		if s.shared != nil {
			if lru, ok := s.shared.m[v]; ok {
				return lru
			}
		}
		return s.startLRU
	}
	return e.lru
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
// it returns replaces e: an entry older checkpoints share is copied first).
func (c *cmdCtx) touch(key string, e *entry) *entry {
	clock := c.w.lruClock()
	if c.s.objectLRU(e) == clock {
		return e
	}
	if _, ok := c.s.sharedInt(e); ok {
		c.s.setObjectLRU(e, clock)
		return e
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
	return intReply(idleSeconds(c.w.lruClock(), c.s.objectLRU(e)))
}

func lfuPolicy(s *Server) bool {
	p := s.cfg.get("maxmemory-policy")
	return p == "allkeys-lfu" || p == "volatile-lfu"
}
