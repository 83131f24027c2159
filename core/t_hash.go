package core

import (
	"math"
)

func cmdHset(c *cmdCtx) Reply {
	if len(c.argv)%2 != 0 {
		return errArity("hset")
	}
	e, r, ok := getTypedWrite(c, c.argv[1], typeHash)
	if !ok {
		return r
	}
	if e == nil {
		e = &entry{typ: typeHash, obj: &hashValue{}}
		c.setKey(c.argv[1], e)
	}
	n := 0
	for j := 2; j < len(c.argv); j += 2 {
		if e.hash().set(c.argv[j], c.argv[j+1]) {
			n++
		}
	}
	c.dirty += (len(c.argv) - 2) / 2
	return intReply(int64(n))
}

func cmdHget(c *cmdCtx) Reply {
	e, r, ok := getTyped(c, c.argv[1], typeHash)
	if !ok {
		return r
	}
	if e == nil {
		return nilReply
	}
	if v, ok := e.hash().get(c.argv[2]); ok {
		return bulkReply(v)
	}
	return nilReply
}

func cmdHdel(c *cmdCtx) Reply {
	e, r, ok := getTyped(c, c.argv[1], typeHash)
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	n := 0
	var h *hashValue
	for _, f := range c.argv[2:] {
		if _, ok := e.hash().get(f); !ok {
			continue
		}
		if h == nil {
			h = c.lookupWrite(c.argv[1]).hash()
		}
		h.del(f)
		n++
	}
	if h != nil && h.len() == 0 {
		c.delKey(c.argv[1])
	}
	c.dirty += n
	return intReply(int64(n))
}

func cmdHgetall(c *cmdCtx) Reply {
	e, r, ok := getTyped(c, c.argv[1], typeHash)
	if !ok {
		return r
	}
	if e == nil {
		return arrayReply(nil)
	}
	return arrayReply(e.hash().kv)
}

func cmdHincrby(c *cmdCtx) Reply {
	by, ok := parseInt(c.argv[3])
	if !ok {
		return errNotInt
	}
	e, r, ok := getTyped(c, c.argv[1], typeHash)
	if !ok {
		return r
	}
	var cur int64
	if e != nil {
		if v, ok := e.hash().get(c.argv[2]); ok {
			n, ok := parseInt(v)
			if !ok {
				return errReply("ERR hash value is not an integer")
			}
			cur = n
		}
	}
	if (by < 0 && cur < 0 && by < math.MinInt64-cur) || (by > 0 && cur > 0 && by > math.MaxInt64-cur) {
		return errOverflow
	}
	cur += by
	if e == nil {
		e = &entry{typ: typeHash, obj: &hashValue{}}
		c.setKey(c.argv[1], e)
	} else {
		e = c.lookupWrite(c.argv[1])
	}
	e.hash().set(c.argv[2], itoa(cur))
	c.dirty++
	return intReply(cur)
}

// hashValue keeps fields in insertion order, like a small listpack.
type hashValue struct{ kv []string }

func (h *hashValue) cloneValue() value { return &hashValue{append([]string(nil), h.kv...)} }
func (h *hashValue) equalValue(o value) bool {
	b, ok := o.(*hashValue)
	if !ok || len(b.kv) != len(h.kv) {
		return false
	}
	for i := 0; i < len(h.kv); i += 2 {
		v, ok := b.get(h.kv[i])
		if !ok || v != h.kv[i+1] {
			return false
		}
	}
	return true
}

func (h *hashValue) get(f string) (string, bool) {
	for i := 0; i+1 < len(h.kv); i += 2 {
		if h.kv[i] == f {
			return h.kv[i+1], true
		}
	}
	return "", false
}

// set sets a field and reports whether it is new.
func (h *hashValue) set(f, v string) bool {
	for i := 0; i+1 < len(h.kv); i += 2 {
		if h.kv[i] == f {
			h.kv[i+1] = v
			return false
		}
	}
	h.kv = append(h.kv, f, v)
	return true
}

func (h *hashValue) del(f string) bool {
	for i := 0; i+1 < len(h.kv); i += 2 {
		if h.kv[i] == f {
			h.kv = append(h.kv[:i], h.kv[i+2:]...)
			return true
		}
	}
	return false
}

func (h *hashValue) len() int { return len(h.kv) / 2 }
