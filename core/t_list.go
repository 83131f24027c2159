package core

import (
	"math"
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
		e = &entry{typ: typeList, obj: &listValue{}}
		c.setKey(c.argv[1], e)
	}
	l := e.list()
	for _, v := range c.argv[2:] {
		if head {
			l.items = append([]string{v}, l.items...)
		} else {
			l.items = append(l.items, v)
		}
	}
	c.dirty += len(c.argv) - 2
	return intReply(int64(len(l.items)))
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
	n := int64(1)
	if count > 0 {
		n = min(count, int64(len(l.items)))
	}
	var popped []string
	for i := int64(0); i < n; i++ {
		if head {
			popped = append(popped, l.items[0])
			l.items = l.items[1:]
		} else {
			popped = append(popped, l.items[len(l.items)-1])
			l.items = l.items[:len(l.items)-1]
		}
	}
	if len(l.items) == 0 {
		c.delKey(c.argv[1])
	}
	c.dirty++
	if count < 0 {
		return bulkReply(popped[0])
	}
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
	items := e.list().items
	n := int64(len(items))
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
	return arrayReply(items[start : stop+1])
}

func cmdLlen(c *cmdCtx) Reply {
	e, r, ok := getTyped(c, c.argv[1], typeList)
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	return intReply(int64(len(e.list().items)))
}

type listValue struct{ items []string }

func (l *listValue) cloneValue() value { return &listValue{append([]string(nil), l.items...)} }
func (l *listValue) equalValue(o value) bool {
	b, ok := o.(*listValue)
	if !ok || len(b.items) != len(l.items) {
		return false
	}
	for i := range l.items {
		if l.items[i] != b.items[i] {
			return false
		}
	}
	return true
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
	items := e.list().items
	if i < 0 {
		i += int64(len(items))
	}
	if i < 0 || i >= int64(len(items)) {
		return nilReply
	}
	return bulkReply(items[i])
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
	n := int64(len(e.list().items))
	if i < 0 {
		i += n
	}
	if i < 0 || i >= n {
		return errReply("ERR index out of range")
	}
	c.lookupWrite(c.argv[1]).list().items[i] = c.argv[3]
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
	items := e.list().items
	var keep []string
	removed := int64(0)
	if count >= 0 {
		for _, v := range items {
			if v == c.argv[3] && (count == 0 || removed < count) {
				removed++
				continue
			}
			keep = append(keep, v)
		}
	} else {
		keep = make([]string, 0, len(items))
		for i := len(items) - 1; i >= 0; i-- {
			if items[i] == c.argv[3] && removed < -count {
				removed++
				continue
			}
			keep = append(keep, items[i])
		}
		for i, j := 0, len(keep)-1; i < j; i, j = i+1, j-1 {
			keep[i], keep[j] = keep[j], keep[i]
		}
	}
	if removed == 0 {
		return intReply(0)
	}
	if len(keep) == 0 {
		c.delKey(c.argv[1])
	} else {
		c.lookupWrite(c.argv[1]).list().items = keep
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
	items := e.list().items
	n := int64(len(items))
	if start < 0 {
		start += n
	}
	if end < 0 {
		end += n
	}
	start = max(start, 0)
	var keep []string
	if start <= end && start < n {
		end = min(end, n-1)
		keep = items[start : end+1]
	}
	removed := int(n) - len(keep)
	if removed == 0 {
		return okReply
	}
	if len(keep) == 0 {
		c.delKey(c.argv[1])
	} else {
		c.lookupWrite(c.argv[1]).list().items = append([]string(nil), keep...)
	}
	c.dirty += removed
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
	items := e.list().items
	for i, v := range items {
		if v != c.argv[3] {
			continue
		}
		at := i
		if after {
			at = i + 1
		}
		l := c.lookupWrite(c.argv[1]).list()
		l.items = append(l.items[:at], append([]string{c.argv[4]}, l.items[at:]...)...)
		c.dirty++
		return intReply(int64(len(l.items)))
	}
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
	items := e.list().items
	var found []Reply
	matches := int64(0)
	n := len(items)
	for k := 0; k < n && (maxlen == 0 || int64(k) < maxlen); k++ {
		i := k
		if rank < 0 {
			i = n - 1 - k
		}
		if items[i] != c.argv[2] {
			continue
		}
		matches++
		if matches >= abs64(rank) {
			found = append(found, intReply(int64(i)))
			if count < 0 || (count > 0 && int64(len(found)) >= count) {
				break
			}
		}
	}
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
	var v string
	if fromHead {
		v, l.items = l.items[0], l.items[1:]
	} else {
		v, l.items = l.items[len(l.items)-1], l.items[:len(l.items)-1]
	}
	if len(l.items) == 0 && src != dst {
		c.delKey(src)
	}
	de := c.lookupWrite(dst)
	if de == nil {
		de = &entry{typ: typeList, obj: &listValue{}}
		c.setKey(dst, de)
	}
	dl := de.list()
	if toHead {
		dl.items = append([]string{v}, dl.items...)
	} else {
		dl.items = append(dl.items, v)
	}
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

// listPop pops n elements from a list that exists.
func listPop(c *cmdCtx, key string, head bool, n int64) []string {
	l := c.lookupWrite(key).list()
	n = min(n, int64(len(l.items)))
	var out []string
	for i := int64(0); i < n; i++ {
		if head {
			out = append(out, l.items[0])
			l.items = l.items[1:]
		} else {
			out = append(out, l.items[len(l.items)-1])
			l.items = l.items[:len(l.items)-1]
		}
	}
	if len(l.items) == 0 {
		c.delKey(key)
	}
	c.dirty++
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
		v := listPop(c, k, head, 1)
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
		vs := listPop(c, k, head, count)
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
