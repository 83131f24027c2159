package core

// multi.c: MULTI, DISCARD, WATCH, UNWATCH (EXEC is in call.go).

func (w *World) multiCommand(s *Server, argv []string) {
	cl := &s.client
	if cl.inMulti {
		w.setReply(s, argv, errReply("ERR MULTI calls can not be nested"), 0)
		return
	}
	cl.inMulti, cl.multiErr, cl.queue = true, false, nil
	w.setReply(s, argv, okReply, 0)
}

func (w *World) discardCommand(s *Server, argv []string) {
	cl := &s.client
	if !cl.inMulti {
		w.setReply(s, argv, errReply("ERR DISCARD without MULTI"), 0)
		return
	}
	cl.inMulti, cl.multiErr, cl.queue = false, false, nil
	cl.watched, cl.dirtyCAS = nil, false
	w.setReply(s, argv, okReply, 0)
}

// execAborted is EXEC's checks after the queue's own errors: a watched key
// was touched (nil reply), or min-replicas-to-write refuses the writes
// queued (execCommandAbort). It unwatches every key either way.
func (w *World) execAborted(s *Server, argv []string, queue [][]string) bool {
	cl := &s.client
	dirty := cl.dirtyCAS
	// isWatchedKeyExpired: a key that expired since WATCH fails EXEC, also
	// when the active expiry cycle deleted it.
	for _, wk := range cl.watched {
		if wk.expireAt != 0 && wk.expireAt <= w.unixMillis() {
			dirty = true
		}
	}
	cl.watched, cl.dirtyCAS = nil, false
	if dirty {
		w.setReply(s, argv, nilArrayReply, 0)
		return true
	}
	return false
}

type watchedKey struct {
	db       int
	key      string
	expireAt int64 // its expiry when watched (0: none or missing)
}

func (w *World) watchCommand(s *Server, argv []string) {
	cl := &s.client
	if cl.inMulti {
		r, abort := w.Version().watchInMulti()
		cl.multiErr = cl.multiErr || abort
		// Where WATCH is a no-multi command (Valkey), processCommand
		// refuses it (rejectCommand); 7.0's watchCommand runs and fails.
		w.rejected = abort
		w.setReply(s, argv, r, 0)
		return
	}
	// The slice may be shared with a clone of the world: copy on write.
	ws := append([]watchedKey(nil), cl.watched...)
next:
	for _, k := range argv[1:] {
		for _, o := range ws {
			if o.db == cl.db && o.key == k {
				continue next
			}
		}
		wk := watchedKey{db: cl.db, key: k}
		if e := s.ks.get(cl.db, k); e != nil && (e.expire == 0 || e.expire > w.unixMillis()) {
			wk.expireAt = e.expire
		}
		ws = append(ws, wk)
	}
	cl.watched = ws
	w.setReply(s, argv, okReply, 0)
}

func (w *World) unwatchCommand(s *Server, argv []string) {
	s.client.watched, s.client.dirtyCAS = nil, false
	w.setReply(s, argv, okReply, 0)
}

// touchWatched is touchWatchedKey: a change to a watched key makes the
// client's next EXEC fail (its own changes too).
func (c *cmdCtx) touchWatched(key string) { c.s.touchWatchedKey(c.db, key) }

// touchWatchedKey is touchWatchedKey for a key of db, whoever changed it
// (a command, an eviction).
func (s *Server) touchWatchedKey(db int, key string) {
	cl := &s.client
	if len(cl.watched) == 0 || cl.dirtyCAS {
		return
	}
	for _, o := range cl.watched {
		if o.db == db && o.key == key {
			cl.dirtyCAS = true
			return
		}
	}
}

// touchWatchedDB is touchAllWatchedKeysInDb: FLUSHDB, FLUSHALL, SWAPDB.
func (c *cmdCtx) touchWatchedDB(db int) {
	cl := &c.s.client
	for _, o := range cl.watched {
		if o.db == db && c.s.ks.get(db, o.key) != nil {
			cl.dirtyCAS = true
		}
	}
}

// resetCommand is RESET: out of MULTI, no watched keys, db 0, no name.
func (w *World) resetCommand(s *Server, argv []string) {
	cl := &s.client
	cl.inMulti, cl.multiErr, cl.queue = false, false, nil
	cl.watched, cl.dirtyCAS = nil, false
	cl.db, cl.name, cl.resp3 = 0, "", false
	// clientSetDefaultAuth: back to the default user, authenticated only
	// if it needs no password.
	cl.user, cl.noAuth = "", !s.defaultAuthenticates(w.Version())
	if w.Version().resetClearsNoEvict() {
		cl.noEvict = false
	}
	w.setReply(s, argv, statusReply("RESET"), 0)
}
