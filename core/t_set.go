package core

import (
	"sort"
	"strings"
)

func cmdSadd(c *cmdCtx) Reply {
	e, r, ok := getTyped(c, c.argv[1], typeSet)
	if !ok {
		return r
	}
	var set *setValue
	n := 0
	for _, m := range c.argv[2:] {
		if e != nil {
			if _, ok := e.set().m[m]; ok {
				continue
			}
		}
		if set == nil {
			if e == nil {
				e = &entry{typ: typeSet, obj: &setValue{m: map[string]struct{}{}}}
				c.setKey(c.argv[1], e)
			} else {
				e = c.lookupWrite(c.argv[1])
			}
			set = e.set()
		}
		set.m[m] = struct{}{}
		n++
	}
	c.dirty += n
	return intReply(int64(n))
}

func cmdSrem(c *cmdCtx) Reply {
	e, r, ok := getTyped(c, c.argv[1], typeSet)
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	n := 0
	var set *setValue
	for _, m := range c.argv[2:] {
		if _, ok := e.set().m[m]; !ok {
			continue
		}
		if set == nil {
			e = c.lookupWrite(c.argv[1])
			set = e.set()
		}
		delete(set.m, m)
		n++
	}
	if set != nil && len(set.m) == 0 {
		c.delKey(c.argv[1])
	}
	c.dirty += n
	return intReply(int64(n))
}

func cmdSmembers(c *cmdCtx) Reply {
	e, r, ok := getTyped(c, c.argv[1], typeSet)
	if !ok {
		return r
	}
	if e == nil {
		return c.setOf(nil)
	}
	return c.setOf(e.set().sortedMembers())
}

func cmdScard(c *cmdCtx) Reply {
	e, r, ok := getTyped(c, c.argv[1], typeSet)
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	return intReply(int64(len(e.set().m)))
}

type setValue struct{ m map[string]struct{} }

func (s *setValue) cloneValue() value {
	c := make(map[string]struct{}, len(s.m))
	for k := range s.m {
		c[k] = struct{}{}
	}
	return &setValue{c}
}
func (s *setValue) equalValue(o value) bool {
	b, ok := o.(*setValue)
	if !ok || len(b.m) != len(s.m) {
		return false
	}
	for k := range s.m {
		if _, ok := b.m[k]; !ok {
			return false
		}
	}
	return true
}

func (s *setValue) members() []string {
	out := make([]string, 0, len(s.m))
	for m := range s.m {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

func getSet(c *cmdCtx, key string) (*entry, Reply, bool) { return getTyped(c, key, typeSet) }

// sortedMembers is SMEMBERS' order: an intset's is numeric; a hash
// table's is random on a real server, sorted here.
func (s *setValue) sortedMembers() []string {
	out := s.members()
	allInt := len(out) <= 512
	nums := make(map[string]int64, len(out))
	for _, m := range out {
		v, ok := parseInt(m)
		if !ok {
			allInt = false
			break
		}
		nums[m] = v
	}
	if allInt {
		sort.Slice(out, func(i, j int) bool { return nums[out[i]] < nums[out[j]] })
	}
	return out
}

func cmdSismember(c *cmdCtx) Reply {
	e, r, ok := getSet(c, c.argv[1])
	if !ok {
		return r
	}
	if e != nil {
		if _, ok := e.set().m[c.argv[2]]; ok {
			return intReply(1)
		}
	}
	return intReply(0)
}

func cmdSmismember(c *cmdCtx) Reply {
	e, r, ok := getSet(c, c.argv[1])
	if !ok {
		return r
	}
	out := Reply{Kind: '*', Array: []Reply{}}
	for _, m := range c.argv[2:] {
		v := int64(0)
		if e != nil {
			if _, ok := e.set().m[m]; ok {
				v = 1
			}
		}
		out.Array = append(out.Array, intReply(v))
	}
	return out
}

// cmdSpop is spopCommand / spopWithCountCommand: one member propagates as
// SREM; a count that empties the set as DEL (also with
// lazyfree-lazy-server-del on Redis, measured; Valkey writes UNLINK then);
// a smaller count as one SREM per
// member, which propagatePending wraps in MULTI/EXEC.
func cmdSpop(c *cmdCtx) Reply {
	count := int64(-1)
	if len(c.argv) == 3 {
		v, ok := parseInt(c.argv[2])
		if !ok || v < 0 {
			return errReply("ERR value is out of range, must be positive")
		}
		count = v
	} else if len(c.argv) > 3 {
		return errSyntax
	}
	e, r, ok := getSet(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		if count >= 0 {
			return c.setOf(nil)
		}
		return nilReply
	}
	if count == 0 {
		return c.setOf(nil)
	}
	members := e.set().sortedMembers()
	if count < 0 {
		m := members[c.w.randN(len(members))]
		s := c.lookupWrite(c.argv[1]).set()
		delete(s.m, m)
		if len(s.m) == 0 {
			c.delKey(c.argv[1])
		}
		c.dirty++
		c.rewrite("SREM", c.argv[1], m)
		return bulkReply(m)
	}
	if count >= int64(len(members)) {
		// The whole set is the reply of sunionDiffGenericCommand, whose
		// lookupKeyRead counts a keyspace hit (SPOP's own lookup is a
		// write's).
		c.s.countLookup(true)
		c.delKey(c.argv[1])
		c.dirty++
		del := "DEL"
		if c.w.Version().spopUnlink && c.s.cfg.flag("lazyfree-lazy-server-del") {
			del = "UNLINK"
		}
		c.rewrite(del, c.argv[1])
		return c.setOf(members)
	}
	picked := randomPick(c, members, count)
	s := c.lookupWrite(c.argv[1]).set()
	for _, m := range picked {
		delete(s.m, m)
	}
	c.ops = append(c.ops, c.w.Version().spopOps(c.db, c.argv[1], picked)...)
	return c.setOf(picked)
}

func cmdSrandmember(c *cmdCtx) Reply {
	e, r, ok := getSet(c, c.argv[1])
	if !ok {
		return r
	}
	if len(c.argv) == 2 {
		if e == nil {
			return nilReply
		}
		ms := e.set().sortedMembers()
		return bulkReply(ms[c.w.randN(len(ms))])
	}
	if len(c.argv) > 3 {
		return errSyntax
	}
	count, ok := parseInt(c.argv[2])
	if !ok {
		return errNotInt
	}
	if e == nil {
		return arrayReply(nil)
	}
	return arrayReply(randomPick(c, e.set().sortedMembers(), count))
}

func cmdSmove(c *cmdCtx) Reply {
	src, dst, m := c.argv[1], c.argv[2], c.argv[3]
	se, r, ok := getSet(c, src)
	if !ok {
		return r
	}
	de, r, ok := getSet(c, dst)
	if !ok {
		return r
	}
	if se == nil {
		return intReply(0)
	}
	if _, ok := se.set().m[m]; !ok {
		return intReply(0)
	}
	if src == dst {
		return intReply(1)
	}
	s := c.lookupWrite(src).set()
	delete(s.m, m)
	if len(s.m) == 0 {
		c.delKey(src)
	}
	if de == nil {
		de = &entry{typ: typeSet, obj: &setValue{m: map[string]struct{}{}}}
		c.setKey(dst, de)
	} else {
		de = c.lookupWrite(dst)
	}
	de.set().m[m] = struct{}{}
	c.dirty++
	return intReply(1)
}

// setOp computes SINTER ('i'), SUNION ('u'), SDIFF ('d') of keys; missing
// keys are empty sets.
func setOp(c *cmdCtx, keys []string, op byte) (map[string]struct{}, bool, Reply, bool) {
	var sets []map[string]struct{}
	anyMissing := false
	for _, k := range keys {
		e, r, ok := getSet(c, k)
		if !ok {
			return nil, false, r, false
		}
		if e == nil {
			sets = append(sets, nil)
			anyMissing = true
			continue
		}
		sets = append(sets, e.set().m)
	}
	res := map[string]struct{}{}
	switch op {
	case 'i':
		if anyMissing {
			return res, true, Reply{}, true
		}
	member:
		for m := range sets[0] {
			for _, s := range sets[1:] {
				if _, ok := s[m]; !ok {
					continue member
				}
			}
			res[m] = struct{}{}
		}
	case 'u':
		for _, s := range sets {
			for m := range s {
				res[m] = struct{}{}
			}
		}
	case 'd':
		for m := range sets[0] {
			found := false
			for _, s := range sets[1:] {
				if _, ok := s[m]; ok {
					found = true
					break
				}
			}
			if !found {
				res[m] = struct{}{}
			}
		}
	}
	return res, anyMissing, Reply{}, true
}

func setOpCmd(op byte) func(c *cmdCtx) Reply {
	return func(c *cmdCtx) Reply {
		res, _, r, ok := setOp(c, c.argv[1:], op)
		if !ok {
			return r
		}
		return c.setOf((&setValue{res}).sortedMembers())
	}
}

// setOpStoreCmd is SINTERSTORE / SUNIONSTORE / SDIFFSTORE: propagated
// when it stored a set or deleted the destination.
func setOpStoreCmd(op byte) func(c *cmdCtx) Reply {
	return func(c *cmdCtx) Reply {
		dst := c.argv[1]
		c.storesSources()
		res, _, r, ok := setOp(c, c.argv[2:], op)
		if !ok {
			return r
		}
		if len(res) == 0 {
			if c.lookupKey(dst) != nil {
				c.delKey(dst)
				c.dirty++
			}
			return intReply(0)
		}
		c.setKey(dst, &entry{typ: typeSet, obj: &setValue{res}})
		c.dirty++
		return intReply(int64(len(res)))
	}
}

func cmdSintercard(c *cmdCtx) Reply {
	nk, ok := parseInt(c.argv[1])
	if !ok {
		return errNotInt
	}
	if nk <= 0 {
		return errReply("ERR numkeys should be greater than 0")
	}
	if int64(len(c.argv)-2) < nk {
		return errReply("ERR Number of keys can't be greater than number of args")
	}
	limit := int64(0)
	rest := c.argv[2+nk:]
	for j := 0; j < len(rest); j++ {
		if strings.EqualFold(rest[j], "limit") && j+1 < len(rest) {
			v, ok := parseInt(rest[j+1])
			if !ok || v < 0 {
				return errReply("ERR LIMIT can't be negative")
			}
			limit = v
			j++
			continue
		}
		return errSyntax
	}
	res, _, r, ok := setOp(c, c.argv[2:2+nk], 'i')
	if !ok {
		return r
	}
	n := int64(len(res))
	if limit > 0 && n > limit {
		n = limit
	}
	return intReply(n)
}

func cmdSscan(c *cmdCtx) Reply {
	if r, ok := parseCursor(c.argv[2]); !ok {
		return r
	}
	pat, _, r, ok := scanArgs(c, 3, false)
	if !ok {
		return r
	}
	e, r, ok := getSet(c, c.argv[1])
	if !ok {
		return r
	}
	out := []string{}
	if e != nil {
		for _, m := range e.set().sortedMembers() {
			if globMatch(pat, m, false) {
				out = append(out, m)
			}
		}
	}
	return Reply{Kind: '*', Array: []Reply{bulkReply("0"), arrayReply(out)}}
}
