package core

import "sort"

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
		return arrayReply(nil)
	}
	return arrayReply(e.set().members())
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
