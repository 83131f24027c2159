package core

import (
	"math"
	"strconv"
	"strings"
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
	if v, ok, _ := hashGet(c, c.argv[1], e, c.argv[2]); ok {
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
		return c.mapReply([]Reply{})
	}
	return c.mapReply(arrayReply(e.hash().visible(c.now())).Array)
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
		var v string
		if v, ok, e = hashGet(c, c.argv[1], e, c.argv[2]); ok {
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
	e.hash().setKeepTTL(c.argv[2], itoa(cur))
	c.dirty++
	return intReply(cur)
}

// hashValue keeps fields in insertion order, like a small listpack.
// ttl and ex are Redis 7.4's hash field expiry (t_hash_expire.go).
type hashValue struct {
	kv  []string
	ttl map[string]int64 // field -> expiry, unix ms
	ex  bool             // HEXPIRE ran on it: OBJECT ENCODING listpackex
	reg int64            // its time in db->hexpires (0: not registered)
}

func (h *hashValue) cloneValue() value {
	c := &hashValue{kv: append([]string(nil), h.kv...), ex: h.ex, reg: h.reg}
	if len(h.ttl) > 0 {
		c.ttl = make(map[string]int64, len(h.ttl))
		for f, at := range h.ttl {
			c.ttl[f] = at
		}
	}
	return c
}
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

// set sets a field and reports whether it is new; the field loses its
// TTL (HSET), as setKeepTTL's does not (HINCRBY).
func (h *hashValue) set(f, v string) bool {
	if h.ttl != nil {
		delete(h.ttl, f)
	}
	return h.setKeepTTL(f, v)
}

func (h *hashValue) setKeepTTL(f, v string) bool {
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
	if h.ttl != nil {
		delete(h.ttl, f)
	}
	for i := 0; i+1 < len(h.kv); i += 2 {
		if h.kv[i] == f {
			h.kv = append(h.kv[:i], h.kv[i+2:]...)
			return true
		}
	}
	return false
}

func (h *hashValue) len() int { return len(h.kv) / 2 }

func getHash(c *cmdCtx, key string) (*entry, Reply, bool) { return getTyped(c, key, typeHash) }

func cmdHsetnx(c *cmdCtx) Reply {
	e, r, ok := getHash(c, c.argv[1])
	if !ok {
		return r
	}
	if e != nil {
		if _, ok, e = hashGet(c, c.argv[1], e, c.argv[2]); ok {
			return intReply(0)
		}
	}
	if e != nil {
		e = c.lookupWrite(c.argv[1])
	} else {
		e = &entry{typ: typeHash, obj: &hashValue{}}
		c.setKey(c.argv[1], e)
	}
	e.hash().set(c.argv[2], c.argv[3])
	c.dirty++
	return intReply(1)
}

func cmdHmset(c *cmdCtx) Reply {
	if len(c.argv)%2 != 0 {
		return errArity("hmset")
	}
	r := cmdHset(c)
	if r.Kind == '-' {
		return r
	}
	return okReply
}

func cmdHmget(c *cmdCtx) Reply {
	e, r, ok := getHash(c, c.argv[1])
	if !ok {
		return r
	}
	out := Reply{Kind: '*', Array: []Reply{}}
	for _, f := range c.argv[2:] {
		if e != nil {
			var v string
			if v, ok, e = hashGet(c, c.argv[1], e, f); ok {
				out.Array = append(out.Array, bulkReply(v))
				continue
			}
		}
		out.Array = append(out.Array, nilReply)
	}
	return out
}

func hashPart(c *cmdCtx, keys, vals bool) Reply {
	e, r, ok := getHash(c, c.argv[1])
	if !ok {
		return r
	}
	out := []string{}
	if e != nil {
		kv := e.hash().visible(c.now())
		for i := 0; i < len(kv); i += 2 {
			if keys {
				out = append(out, kv[i])
			}
			if vals {
				out = append(out, kv[i+1])
			}
		}
	}
	return arrayReply(out)
}

func cmdHlen(c *cmdCtx) Reply {
	e, r, ok := getHash(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	return intReply(int64(e.hash().len()))
}

func cmdHexists(c *cmdCtx) Reply {
	e, r, ok := getHash(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	if _, ok, _ := hashGet(c, c.argv[1], e, c.argv[2]); ok {
		return intReply(1)
	}
	return intReply(0)
}

func cmdHstrlen(c *cmdCtx) Reply {
	e, r, ok := getHash(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	v, _, _ := hashGet(c, c.argv[1], e, c.argv[2])
	return intReply(int64(len(v)))
}

// cmdHincrbyfloat is hincrbyfloatCommand: propagated as HSET with the
// value it computed.
func cmdHincrbyfloat(c *cmdCtx) Reply {
	by, err := strconv.ParseFloat(c.argv[3], 64)
	if err != nil || math.IsNaN(by) || math.IsInf(by, 0) || strings.TrimSpace(c.argv[3]) != c.argv[3] {
		return errNotFloat
	}
	e, r, ok := getHash(c, c.argv[1])
	if !ok {
		return r
	}
	var cur float64
	if e != nil {
		var v string
		if v, ok, e = hashGet(c, c.argv[1], e, c.argv[2]); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || strings.TrimSpace(v) != v {
				return errReply("ERR hash value is not a float")
			}
			cur = f
		}
	}
	cur += by
	if math.IsNaN(cur) || math.IsInf(cur, 0) {
		return errReply("ERR increment would produce NaN or Infinity")
	}
	s := formatLongDouble(cur)
	if e == nil {
		e = &entry{typ: typeHash, obj: &hashValue{}}
		c.setKey(c.argv[1], e)
	} else {
		e = c.lookupWrite(c.argv[1])
	}
	e.hash().setKeepTTL(c.argv[2], s)
	c.dirty++
	c.rewrite("HSET", c.argv[1], c.argv[2], s)
	return bulkReply(s)
}

func cmdHrandfield(c *cmdCtx) Reply {
	e, r, ok := getHash(c, c.argv[1])
	if !ok {
		return r
	}
	if len(c.argv) == 2 {
		if e = hashExpireAll(c, c.argv[1], e); e == nil {
			return nilReply
		}
		kv := e.hash().kv
		return bulkReply(kv[2*c.w.randN(len(kv)/2)])
	}
	count, ok := parseInt(c.argv[2])
	if !ok {
		return errNotInt
	}
	withValues := false
	if len(c.argv) == 4 {
		if !strings.EqualFold(c.argv[3], "withvalues") {
			return errSyntax
		}
		withValues = true
	} else if len(c.argv) > 4 {
		return errSyntax
	}
	if e = hashExpireAll(c, c.argv[1], e); e == nil {
		return arrayReply(nil)
	}
	kv := e.hash().kv
	idx := make([]int, len(kv)/2)
	for i := range idx {
		idx[i] = i
	}
	out := []string{}
	for _, i := range randomPick(c, idx, count) {
		out = append(out, kv[2*i])
		if withValues {
			out = append(out, kv[2*i+1])
		}
	}
	if withValues {
		return c.pairsReply(arrayReply(out).Array)
	}
	return arrayReply(out)
}

func cmdHscan(c *cmdCtx) Reply {
	if r, ok := parseCursor(c.argv[2]); !ok {
		return r
	}
	pat, _, r, ok := scanArgs(c, 3, false)
	if !ok {
		return r
	}
	e, r, ok := getHash(c, c.argv[1])
	if !ok {
		return r
	}
	out := []string{}
	if e != nil {
		kv := e.hash().visible(c.now())
		for i := 0; i < len(kv); i += 2 {
			if globMatch(pat, kv[i], false) {
				out = append(out, kv[i], kv[i+1])
			}
		}
	}
	return Reply{Kind: '*', Array: []Reply{bulkReply("0"), arrayReply(out)}}
}
