package core

import (
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
