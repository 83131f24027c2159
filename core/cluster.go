package core

import (
	"strings"
)

// cluster.c's DUMP, RESTORE and MIGRATE (a server without cluster mode
// runs them too).

// cmdDump is dumpCommand.
func cmdDump(c *cmdCtx) Reply {
	e := c.lookupRead(c.argv[1])
	if e == nil {
		return nilReply
	}
	return bulkReply(string(createDumpPayload(e, c.w.Version().rdb(), c.s.cfg.encLimits())))
}

// cmdRestore is restoreCommand (RESTORE-ASKING too: without cluster mode it
// is the same command). IDLETIME and FREQ are checked as Redis checks them;
// IDLETIME sets the key's LRU clock under an LRU or no policy, FREQ its LFU
// counter under an LFU policy (objectSetLRUOrLFU).
func cmdRestore(c *cmdCtx) Reply {
	var lfuFreq, lruIdle int64 = -1, -1
	replace, absttl := false, false
	for j := 4; j < len(c.argv); j++ {
		additional := len(c.argv) - j - 1
		switch a := strings.ToLower(c.argv[j]); {
		case a == "replace":
			replace = true
		case a == "absttl":
			absttl = true
		case a == "idletime" && additional >= 1 && lfuFreq == -1:
			v, ok := parseInt(c.argv[j+1])
			if !ok {
				return errNotInt
			}
			if v < 0 {
				return errReply("ERR Invalid IDLETIME value, must be >= 0")
			}
			lruIdle = v
			j++
		case a == "freq" && additional >= 1 && lruIdle == -1:
			v, ok := parseInt(c.argv[j+1])
			if !ok {
				return errNotInt
			}
			if v < 0 || v > 255 {
				return errReply("ERR Invalid FREQ value, must be >= 0 and <= 255")
			}
			lfuFreq = v
			j++
		default:
			return errSyntax
		}
	}
	key := c.argv[1]
	if !replace && c.lookupRead(key) != nil {
		return errReply("BUSYKEY Target key name already exists.")
	}
	ttl, ok := parseInt(c.argv[2])
	if !ok {
		return errNotInt
	}
	if ttl < 0 {
		return errReply("ERR Invalid TTL value, must be >= 0")
	}
	payload := []byte(c.argv[3])
	if !verifyDumpPayload(payload, c.w.Version().rdb()) {
		return errReply("ERR DUMP payload version or checksum are wrong")
	}
	e, err := rdbLoadObject(payload, c.s.cfg.encLimits())
	if err != nil {
		return errReply("ERR Bad data format")
	}
	deleted := false
	if replace && c.s.ks.get(c.db, key) != nil {
		deleted = c.delKey(key)
	}
	if ttl != 0 && !absttl {
		ttl += c.now()
	}
	if ttl != 0 && ttl <= c.now() && c.s.masterhost == "" { // checkAlreadyExpired
		if deleted {
			del := "DEL"
			if c.w.Version().restoreUnlink && c.s.cfg.flag("lazyfree-lazy-server-del") {
				del = "UNLINK"
			}
			c.rewrite(del, key)
			c.dirty++
		}
		return okReply
	}
	c.setKey(key, e)
	if lfuFreq >= 0 && lfuPolicy(c.s) { // objectSetLRUOrLFU
		c.s.setObjectLRU(e, c.w.lfuMinutes()<<8|lfuFreq)
	}
	if lruIdle >= 0 && !lfuPolicy(c.s) {
		abs := c.w.lruClock() - lruIdle
		if abs < 0 {
			abs += lruClockMax
		}
		c.s.setObjectLRU(e, abs)
	}
	if ttl != 0 {
		c.setExpire(key, e, ttl)
	}
	if ttl != 0 && !absttl {
		// Propagated with the absolute time, so a replica expires it when
		// its master does.
		argv := append([]string(nil), c.argv...)
		argv[2] = itoa(ttl)
		c.rewrite(append(argv, "ABSTTL")...)
	}
	c.dirty++
	return okReply
}
