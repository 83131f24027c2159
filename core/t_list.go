package core

import (
	"math"
	"slices"
	"strings"
)

func (e *entry) list() *listValue { return e.obj.(*listValue) }
func (e *entry) hash() *hashValue { return e.obj.(*hashValue) }
func (e *entry) set() *setValue   { return e.obj.(*setValue) }

func pushGeneric(c *cmdCtx, head bool) Reply {
	e, r, ok := getTypedWrite(c, c.argv[1], typeList)
	if !ok {
		return r
	}
	if e == nil {
		e = &entry{typ: typeList, obj: newListFromConfig(c.s.cfg.encLimits())}
		c.setKey(c.argv[1], e)
	}
	l := e.list()
	for _, v := range c.argv[2:] {
		l.push(v, head)
	}
	c.dirty += len(c.argv) - 2
	return intReply(int64(l.count))
}

func popGeneric(c *cmdCtx, head bool) Reply {
	if len(c.argv) > 3 {
		return errArity(strings.ToLower(c.argv[0]))
	}
	count := int64(-1)
	if len(c.argv) == 3 {
		v, ok := parseInt(c.argv[2])
		if !ok || v < 0 {
			return errReply("ERR value is out of range, must be positive")
		}
		count = v
	}
	e, r, ok := getTyped(c, c.argv[1], typeList)
	if !ok {
		return r
	}
	if e == nil {
		if count >= 0 {
			return nilArrayReply
		}
		return nilReply
	}
	if count == 0 {
		return arrayReply(nil)
	}
	l := c.lookupWrite(c.argv[1]).list()
	if count < 0 {
		v := l.pop(head)
		if l.count == 0 {
			c.delKey(c.argv[1])
		}
		c.dirty++
		return bulkReply(v)
	}
	popped := l.popRange(head, int(min(count, int64(l.count))))
	n := int64(len(popped))
	if l.count == 0 {
		c.delKey(c.argv[1])
	}
	c.dirty += int(n)
	name := "RPOP"
	if head {
		name = "LPOP"
	}
	c.rewrite(name, c.argv[1], itoa(n))
	return arrayReply(popped)
}

func cmdLrange(c *cmdCtx) Reply {
	start, ok1 := parseInt(c.argv[2])
	stop, ok2 := parseInt(c.argv[3])
	if !ok1 || !ok2 {
		return errNotInt
	}
	e, r, ok := getTyped(c, c.argv[1], typeList)
	if !ok {
		return r
	}
	if e == nil {
		return arrayReply(nil)
	}
	l := e.list()
	n := int64(l.count)
	if start < 0 {
		start += n
	}
	if stop < 0 {
		stop += n
	}
	start = max(start, 0)
	if start > stop || start >= n {
		return arrayReply(nil)
	}
	stop = min(stop, n-1)
	return arrayReply(l.rangeRead(int(start), int(stop-start+1), false))
}

func cmdLlen(c *cmdCtx) Reply {
	e, r, ok := getTyped(c, c.argv[1], typeList)
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	return intReply(int64(e.list().count))
}

func getList(c *cmdCtx, key string) (*entry, Reply, bool) { return getTyped(c, key, typeList) }

func pushxGeneric(c *cmdCtx, head bool) Reply {
	e, r, ok := getList(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	return pushGeneric(c, head)
}

func cmdLindex(c *cmdCtx) Reply {
	i, ok := parseInt(c.argv[2])
	if !ok {
		return errNotInt
	}
	e, r, ok := getList(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return nilReply
	}
	v, ok := e.list().index(int(i))
	if !ok {
		return nilReply
	}
	return bulkReply(v)
}

func cmdLset(c *cmdCtx) Reply {
	i, ok := parseInt(c.argv[2])
	if !ok {
		return errNotInt
	}
	e, r, ok := getList(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return errReply("ERR no such key")
	}
	if _, _, ok := e.list().seek(int(i)); !ok {
		return errReply("ERR index out of range")
	}
	if !c.lookupWrite(c.argv[1]).list().replaceAtIndex(int(i), c.argv[3]) {
		return errReply("ERR index out of range")
	}
	c.dirty++
	return okReply
}

func cmdLrem(c *cmdCtx) Reply {
	count, ok := parseInt(c.argv[2])
	if !ok {
		return errNotInt
	}
	e, r, ok := getList(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	l := e.list()
	if !slices.Contains(l.elements(), c.argv[3]) {
		l.walk(count >= 0) // the iterator's compressions, and nothing removed
		return intReply(0)
	}
	l = c.lookupWrite(c.argv[1]).list()
	// lremCommand: from the head, or from the tail for a negative count,
	// quicklistDelEntry on each match.
	it := l.iterAt(0, true)
	if count < 0 {
		count = -count
		it = l.iterAt(-1, false)
	}
	removed := int64(0)
	for {
		v, ok := it.next()
		if !ok {
			break
		}
		if v == c.argv[3] {
			it.delEntry()
			removed++
			if count != 0 && removed == count {
				break
			}
		}
	}
	it.release()
	if l.count == 0 {
		c.delKey(c.argv[1])
	}
	c.dirty += int(removed)
	return intReply(removed)
}

func cmdLtrim(c *cmdCtx) Reply {
	start, ok1 := parseInt(c.argv[2])
	end, ok2 := parseInt(c.argv[3])
	if !ok1 || !ok2 {
		return errNotInt
	}
	e, r, ok := getList(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return okReply
	}
	l := e.list()
	n := int64(l.count)
	if start < 0 {
		start += n
	}
	if end < 0 {
		end += n
	}
	start = max(start, 0)
	ltrim, rtrim := n, int64(0)
	if start <= end && start < n {
		end = min(end, n-1)
		ltrim, rtrim = start, n-end-1
	}
	l = c.lookupWrite(c.argv[1]).list() // signalModifiedKey whatever it removes
	l.delRange(0, int(ltrim))
	l.delRange(int(-rtrim), int(rtrim))
	if l.count == 0 {
		c.delKey(c.argv[1])
	}
	c.dirty += int(ltrim + rtrim)
	return okReply
}

func cmdLinsert(c *cmdCtx) Reply {
	var after bool
	switch strings.ToLower(c.argv[2]) {
	case "after":
		after = true
	case "before":
	default:
		return errSyntax
	}
	e, r, ok := getList(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	l := e.list()
	if !slices.Contains(l.elements(), c.argv[3]) {
		l.walk(true) // the iterator's compressions, and nothing inserted
		return intReply(-1)
	}
	// linsertCommand seeks the pivot from the head.
	l = c.lookupWrite(c.argv[1]).list()
	it := l.iterAt(0, true)
	for {
		v, ok := it.next()
		if !ok {
			break
		}
		if v == c.argv[3] {
			l.insert(it.cur, it.pos, it.offset, c.argv[4], after)
			c.dirty++
			return intReply(int64(l.count))
		}
	}
	it.release()
	return intReply(-1)
}

func cmdLpos(c *cmdCtx) Reply {
	rank, count, maxlen := int64(1), int64(-1), int64(0)
	for j := 3; j < len(c.argv); j++ {
		if j+1 >= len(c.argv) {
			return errSyntax
		}
		v, ok := parseInt(c.argv[j+1])
		switch strings.ToLower(c.argv[j]) {
		case "rank":
			if !ok {
				return errNotInt
			}
			if v == 0 {
				return errReply("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list")
			}
			if v == math.MinInt64 {
				return errReply("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807")
			}
			rank = v
		case "count":
			if !ok {
				return errNotInt
			}
			if v < 0 {
				return errReply("ERR COUNT can't be negative")
			}
			count = v
		case "maxlen":
			if !ok {
				return errNotInt
			}
			if v < 0 {
				return errReply("ERR MAXLEN can't be negative")
			}
			maxlen = v
		default:
			return errSyntax
		}
		j++
	}
	e, r, ok := getList(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		if count >= 0 {
			return arrayReply(nil)
		}
		return nilReply
	}
	l := e.list()
	it := l.iterAt(0, true)
	if rank < 0 {
		it = l.iterAt(-1, false)
	}
	var found []Reply
	matches := int64(0)
	n := l.count
	for k := 0; ; k++ {
		v, ok := it.next()
		if !ok || maxlen != 0 && int64(k) >= maxlen {
			break
		}
		if v != c.argv[2] {
			continue
		}
		i := k
		if rank < 0 {
			i = n - 1 - k
		}
		matches++
		if matches >= abs64(rank) {
			found = append(found, intReply(int64(i)))
			if count < 0 || (count > 0 && int64(len(found)) >= count) {
				break
			}
		}
	}
	it.release()
	if count >= 0 {
		return Reply{Kind: '*', Array: append([]Reply{}, found...)}
	}
	if len(found) == 0 {
		return nilReply
	}
	return found[0]
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// lmoveGeneric moves one element between lists; it returns nil when the
// source is missing.
func lmoveGeneric(c *cmdCtx, src, dst string, fromHead, toHead bool) (Reply, bool) {
	e, r, ok := getList(c, src)
	if !ok {
		return r, false
	}
	if e == nil {
		return nilReply, false
	}
	d, r, ok := getList(c, dst)
	if !ok {
		return r, false
	}
	_ = d
	l := c.lookupWrite(src).list()
	v := l.pop(fromHead)
	if l.count == 0 && src != dst {
		c.delKey(src)
	}
	de := c.lookupWrite(dst)
	if de == nil {
		de = &entry{typ: typeList, obj: newListFromConfig(c.s.cfg.encLimits())}
		c.setKey(dst, de)
	}
	de.list().push(v, toHead)
	c.dirty++
	return bulkReply(v), true
}

func parseWhere(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "left":
		return true, true
	case "right":
		return false, true
	}
	return false, false
}

func cmdLmove(c *cmdCtx) Reply {
	from, ok1 := parseWhere(c.argv[3])
	to, ok2 := parseWhere(c.argv[4])
	if !ok1 || !ok2 {
		return errSyntax
	}
	r, _ := lmoveGeneric(c, c.argv[1], c.argv[2], from, to)
	return r
}

func cmdRpoplpush(c *cmdCtx) Reply {
	r, _ := lmoveGeneric(c, c.argv[1], c.argv[2], false, true)
	return r
}

func cmdBlmove(c *cmdCtx) Reply {
	from, ok1 := parseWhere(c.argv[3])
	to, ok2 := parseWhere(c.argv[4])
	if !ok1 || !ok2 {
		return errSyntax
	}
	if r, ok := blockTimeout(c, c.argv[5]); !ok {
		return r
	}
	r, moved := lmoveGeneric(c, c.argv[1], c.argv[2], from, to)
	if moved {
		c.rewrite("LMOVE", c.argv[1], c.argv[2], c.argv[3], c.argv[4])
	}
	if r.Kind == 'n' {
		if br := blockedReply(c); br.Kind == '-' {
			return br
		}
	}
	return r
}

func cmdBrpoplpush(c *cmdCtx) Reply {
	if r, ok := blockTimeout(c, c.argv[3]); !ok {
		return r
	}
	r, moved := lmoveGeneric(c, c.argv[1], c.argv[2], false, true)
	if moved {
		c.rewrite("RPOPLPUSH", c.argv[1], c.argv[2])
	}
	if r.Kind == 'n' {
		if br := blockedReply(c); br.Kind == '-' {
			return br
		}
	}
	return r
}

// listPop pops n elements from a list that exists: one with listTypePop
// (BLPOP, BRPOP), or a range (LMPOP, BLMPOP's listPopRangeAndReplyWithKey).
func listPop(c *cmdCtx, key string, head bool, n int64, single bool) []string {
	l := c.lookupWrite(key).list()
	n = min(n, int64(l.count))
	var out []string
	if single {
		out = []string{l.pop(head)}
	} else {
		out = l.popRange(head, int(n))
	}
	if l.count == 0 {
		c.delKey(key)
	}
	c.dirty += int(n)
	return out
}

func bpopGeneric(c *cmdCtx, head bool) Reply {
	if r, ok := blockTimeout(c, c.argv[len(c.argv)-1]); !ok {
		return r
	}
	for _, k := range c.argv[1 : len(c.argv)-1] {
		e, r, ok := getList(c, k)
		if !ok {
			return r
		}
		if e == nil {
			continue
		}
		v := listPop(c, k, head, 1, true)
		name := "RPOP"
		if head {
			name = "LPOP"
		}
		c.rewrite(name, k)
		return arrayReply([]string{k, v[0]})
	}
	return blockedReply(c)
}

// lmpopGeneric is LMPOP / BLMPOP from argv[from]: numkeys key... LEFT|RIGHT
// [COUNT n], propagated as LPOP/RPOP key popped.
func lmpopGeneric(c *cmdCtx, from int) Reply {
	nk, ok := parseInt(c.argv[from])
	if !ok {
		return errNotInt
	}
	if nk <= 0 {
		return errReply("ERR numkeys should be greater than 0")
	}
	if int64(len(c.argv)-from-1) <= nk {
		return errSyntax
	}
	keys := c.argv[from+1 : from+1+int(nk)]
	rest := c.argv[from+1+int(nk):]
	head, ok := parseWhere(rest[0])
	if !ok {
		return errSyntax
	}
	count := int64(1)
	if len(rest) == 3 && strings.EqualFold(rest[1], "count") {
		v, ok := parseInt(rest[2])
		if !ok || v <= 0 {
			return errReply("ERR count should be greater than 0")
		}
		count = v
	} else if len(rest) != 1 {
		return errSyntax
	}
	for _, k := range keys {
		e, r, ok := getList(c, k)
		if !ok {
			return r
		}
		if e == nil {
			continue
		}
		vs := listPop(c, k, head, count, false)
		name := "RPOP"
		if head {
			name = "LPOP"
		}
		c.rewrite(name, k, itoa(int64(len(vs))))
		return Reply{Kind: '*', Array: []Reply{bulkReply(k), arrayReply(vs)}}
	}
	return nilArrayReply
}

func cmdBlmpop(c *cmdCtx) Reply {
	if r, ok := blockTimeout(c, c.argv[1]); !ok {
		return r
	}
	r := lmpopGeneric(c, 2)
	if r.Kind == 'N' {
		return blockedReply(c)
	}
	return r
}
