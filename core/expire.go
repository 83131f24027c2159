package core

import (
	"math"
	"strings"
)

// expireGeneric is expireGenericCommand: basetime 0 for *AT commands.
func expireGeneric(c *cmdCtx, basetime, unit int64) Reply {
	when, ok := parseInt(c.argv[2])
	if !ok {
		return errNotInt
	}
	var nx, xx, gt, lt bool
	for _, a := range c.argv[3:] {
		switch strings.ToUpper(a) {
		case "NX":
			nx = true
		case "XX":
			xx = true
		case "GT":
			gt = true
		case "LT":
			lt = true
		default:
			return errReply("ERR Unsupported option " + a)
		}
	}
	if nx && (xx || gt || lt) {
		return errReply("ERR NX and XX, GT or LT options at the same time are not compatible")
	}
	if gt && lt {
		return errReply("ERR GT and LT options at the same time are not compatible")
	}
	name := strings.ToLower(c.argv[0])
	invalid := errReply("ERR invalid expire time in '" + name + "' command")
	if unit == 1000 {
		if when > math.MaxInt64/1000 || when < math.MinInt64/1000 {
			return invalid
		}
		when *= 1000
	}
	if (when > 0 && basetime > math.MaxInt64-when) || (when < 0 && basetime < math.MinInt64-when) {
		return invalid
	}
	when += basetime
	e := c.lookupWrite(c.argv[1])
	if e == nil {
		return intReply(0)
	}
	cur := int64(-1)
	if e.expire != 0 {
		cur = e.expire
	}
	if (nx && cur != -1) || (xx && cur == -1) || (gt && (when <= cur || cur == -1)) || (lt && cur != -1 && when >= cur) {
		return intReply(0)
	}
	if when <= c.now() && !c.fromMaster {
		c.delKey(c.argv[1])
		c.dirty++
		c.rewrite(c.s.cfg.expiredDel(), c.argv[1])
		return intReply(1)
	}
	c.setExpire(c.argv[1], e, when)
	out := append([]string(nil), c.argv...)
	if name != "pexpireat" {
		out[0] = "PEXPIREAT"
	}
	if basetime != 0 || unit == 1000 {
		out[2] = itoa(when)
	}
	c.rewrite(out...)
	c.dirty++
	return intReply(1)
}

func cmdPersist(c *cmdCtx) Reply {
	e := c.lookupRead(c.argv[1])
	if e == nil || e.expire == 0 {
		return intReply(0)
	}
	c.setExpire(c.argv[1], c.lookupWrite(c.argv[1]), 0)
	c.dirty++
	return intReply(1)
}

func ttlGeneric(c *cmdCtx, seconds bool) Reply {
	e := c.lookupNoTouch(c.argv[1])
	if e == nil {
		return intReply(-2)
	}
	if e.expire == 0 {
		return intReply(-1)
	}
	ttl := max(e.expire-c.now(), 0)
	if seconds {
		return intReply((ttl + 500) / 1000)
	}
	return intReply(ttl)
}
