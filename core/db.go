package core

import (
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
		if c.lookupRead(k) != nil {
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

// getTypedWrite is getTyped for a command that changes the value.
func getTypedWrite(c *cmdCtx, key string, t valueType) (*entry, Reply, bool) {
	e, r, ok := getTyped(c, key, t)
	if e != nil {
		e = c.s.ks.getMut(c.db, key)
	}
	return e, r, ok
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
