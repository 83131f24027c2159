package core

import (
	"math"
	"strconv"
	"strings"
)

func getString(c *cmdCtx, key string) (*entry, Reply, bool) {
	e := c.lookupRead(key)
	if e == nil {
		return nil, Reply{}, true
	}
	if e.typ != typeString {
		return nil, errWrongType, false
	}
	return e, Reply{}, true
}

func cmdGet(c *cmdCtx) Reply {
	e, r, ok := getString(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return nilReply
	}
	return bulkReply(e.str)
}

// cmdSet parses SET's options as parseExtendedStringArgumentsOrReply does.
func cmdSet(c *cmdCtx) Reply {
	if len(c.argv) == 3 {
		// No option: setGeneric's last step alone, as most SETs are.
		c.setStringKey(c.argv[1], c.lookupWriteKey(c.argv[1]), c.argv[2], 0)
		c.dirty++
		return okReply
	}
	var nx, xx, get, keepttl bool
	unit := byte(0)
	var expire string
	for j := 3; j < len(c.argv); j++ {
		a := strings.ToUpper(c.argv[j])
		next := j+1 < len(c.argv)
		switch {
		case a == "NX" && !xx:
			nx = true
		case a == "XX" && !nx:
			xx = true
		case a == "GET":
			get = true
		case a == "KEEPTTL" && unit == 0:
			keepttl = true
		case (a == "EX" || a == "PX" || a == "EXAT" || a == "PXAT") && unit == 0 && !keepttl && next:
			unit = map[string]byte{"EX": 'E', "PX": 'P', "EXAT": 'e', "PXAT": 'p'}[a]
			j++
			expire = c.argv[j]
		default:
			return errSyntax
		}
	}
	var flags setFlags
	flags.nx, flags.xx, flags.get, flags.keepttl = nx, xx, get, keepttl
	return setGeneric(c, c.argv[1], c.argv[2], expire, unit, flags)
}

type setFlags struct{ nx, xx, get, keepttl bool }

// expireMillis is getExpireMillisecondsOrReply: unit 'E' seconds, 'P' ms,
// 'e' unix seconds, 'p' unix ms.
func expireMillis(c *cmdCtx, expire string, unit byte, cmd string) (int64, Reply, bool) {
	v, ok := parseInt(expire)
	if !ok {
		return 0, errNotInt, false
	}
	invalid := errReply("ERR invalid expire time in '" + cmd + "' command")
	if v <= 0 {
		return 0, invalid, false
	}
	if unit == 'E' || unit == 'e' {
		if v > math.MaxInt64/1000 {
			return 0, invalid, false
		}
		v *= 1000
	}
	if unit == 'E' || unit == 'P' {
		if v > math.MaxInt64-c.now() {
			return 0, invalid, false
		}
		v += c.now()
	}
	return v, Reply{}, true
}

func setGeneric(c *cmdCtx, key, val, expire string, unit byte, f setFlags) Reply {
	var ms int64
	if unit != 0 {
		name := strings.ToLower(c.argv[0])
		var r Reply
		var ok bool
		if ms, r, ok = expireMillis(c, expire, unit, name); !ok {
			return r
		}
	}
	var old Reply
	if f.get {
		e, r, ok := getString(c, key)
		if !ok {
			return r
		}
		old = nilReply
		if e != nil {
			old = bulkReply(e.str)
		}
	}
	e := c.lookupWriteKey(key)
	found := e != nil
	if (f.nx && found) || (f.xx && !found) {
		if f.get {
			return old
		}
		return nilReply
	}
	var keep int64
	if f.keepttl && e != nil {
		keep = e.expire
	}
	if unit != 0 {
		keep = ms
		c.rewrite("SET", key, val, "PXAT", itoa(ms))
	} else if f.get {
		// Propagated without GET: a replica has no one to answer.
		out := make([]string, 0, len(c.argv)-1)
		for j, a := range c.argv {
			if j < 3 || !strings.EqualFold(a, "get") {
				out = append(out, a)
			}
		}
		c.rewrite(out...)
	}
	c.setStringKey(key, e, val, keep)
	c.dirty++
	if f.get {
		return old
	}
	return okReply
}

func cmdMset(c *cmdCtx) Reply {
	if len(c.argv)%2 == 0 {
		return errArity("mset")
	}
	for j := 1; j < len(c.argv); j += 2 {
		c.setKey(c.argv[j], &entry{typ: typeString, str: c.argv[j+1]})
	}
	c.dirty += (len(c.argv) - 1) / 2
	return okReply
}

func incrByArg(c *cmdCtx, sign int64) Reply {
	v, ok := parseInt(c.argv[2])
	if !ok {
		return errNotInt
	}
	if sign < 0 {
		if v == math.MinInt64 {
			return errReply("ERR decrement would overflow")
		}
		v = -v
	}
	return incrBy(c, v)
}

func incrBy(c *cmdCtx, by int64) Reply {
	e, r, ok := getString(c, c.argv[1])
	if !ok {
		return r
	}
	var cur int64
	if e != nil {
		v, ok := parseInt(e.str)
		if !ok {
			return errNotInt
		}
		cur = v
	}
	if (by < 0 && cur < 0 && by < math.MinInt64-cur) || (by > 0 && cur > 0 && by > math.MaxInt64-cur) {
		return errOverflow
	}
	cur += by
	var exp int64
	if e != nil {
		exp = e.expire
	}
	c.setKey(c.argv[1], &entry{typ: typeString, str: itoa(cur), expire: exp})
	c.dirty++
	return intReply(cur)
}

func cmdIncrByFloat(c *cmdCtx) Reply {
	e, r, ok := getString(c, c.argv[1])
	if !ok {
		return r
	}
	var cur float64
	if e != nil {
		v, err := strconv.ParseFloat(e.str, 64)
		if err != nil || strings.TrimSpace(e.str) != e.str {
			return errNotFloat
		}
		cur = v
	}
	by, err := strconv.ParseFloat(c.argv[2], 64)
	if err != nil || math.IsNaN(by) {
		return errNotFloat
	}
	cur += by
	if math.IsInf(cur, 0) || math.IsNaN(cur) {
		return errReply("ERR increment would produce NaN or Infinity")
	}
	s := formatLongDouble(cur)
	var exp int64
	if e != nil {
		exp = e.expire
	}
	c.setKey(c.argv[1], &entry{typ: typeString, str: s, expire: exp, enc: encString})
	c.dirty++
	// Always replicate INCRBYFLOAT as a SET with KEEPTTL, so that float
	// precision or formatting differences cannot create a mismatch.
	c.rewrite("SET", c.argv[1], s, "KEEPTTL")
	return bulkReply(s)
}

// formatLongDouble approximates ld2string(LD_STR_HUMAN): up to 17
// significant digits, no exponent, trailing zeros trimmed.
func formatLongDouble(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

func cmdAppend(c *cmdCtx) Reply {
	e, r, ok := getString(c, c.argv[1])
	if !ok {
		return r
	}
	n := &entry{typ: typeString, str: c.argv[2]}
	if e != nil {
		n.str, n.expire, n.enc = e.str+c.argv[2], e.expire, encRaw
	}
	c.setKey(c.argv[1], n)
	c.dirty++
	return intReply(int64(len(n.str)))
}

func cmdGetex(c *cmdCtx) Reply {
	unit := byte(0)
	var expire string
	persist := false
	for j := 2; j < len(c.argv); j++ {
		a := strings.ToUpper(c.argv[j])
		next := j+1 < len(c.argv)
		switch {
		case a == "PERSIST" && unit == 0 && !persist:
			persist = true
		case (a == "EX" || a == "PX" || a == "EXAT" || a == "PXAT") && unit == 0 && !persist && next:
			unit = map[string]byte{"EX": 'E', "PX": 'P', "EXAT": 'e', "PXAT": 'p'}[a]
			j++
			expire = c.argv[j]
		default:
			return errSyntax
		}
	}
	e, r, ok := getString(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return nilReply
	}
	var ms int64
	if unit != 0 {
		if ms, r, ok = expireMillis(c, expire, unit, "getex"); !ok {
			return r
		}
	}
	out := bulkReply(e.str)
	switch {
	case (unit == 'e' || unit == 'p') && ms <= c.now():
		c.delKey(c.argv[1])
		c.rewrite(c.s.cfg.expiredDel(), c.argv[1])
		c.dirty++
	case unit != 0:
		c.setExpire(c.argv[1], c.lookupWrite(c.argv[1]), ms)
		c.rewrite("PEXPIREAT", c.argv[1], itoa(ms))
		c.dirty++
	case persist && e.expire != 0:
		c.setExpire(c.argv[1], c.lookupWrite(c.argv[1]), 0)
		c.rewrite("PERSIST", c.argv[1])
		c.dirty++
	}
	return out
}

func cmdGetdel(c *cmdCtx) Reply {
	e, r, ok := getString(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return nilReply
	}
	c.delKey(c.argv[1])
	del := "DEL"
	if c.s.cfg.flag("lazyfree-lazy-user-del") && !c.w.Version().getdelDel {
		del = "UNLINK"
	}
	c.rewrite(del, c.argv[1])
	c.dirty++
	return bulkReply(e.str)
}

// stringOf returns a string key's value (found false when missing).
func stringOf(c *cmdCtx, key string) (string, bool, Reply, bool) {
	e, r, ok := getString(c, key)
	if !ok || e == nil {
		return "", false, r, ok
	}
	return e.str, true, r, true
}

func cmdSetnx(c *cmdCtx) Reply {
	if c.lookupRead(c.argv[1]) != nil {
		return intReply(0)
	}
	c.setKey(c.argv[1], &entry{typ: typeString, str: c.argv[2]})
	c.dirty++
	return intReply(1)
}

// cmdGetset is getsetCommand: propagated as SET.
func cmdGetset(c *cmdCtx) Reply {
	old, found, r, ok := stringOf(c, c.argv[1])
	if !ok {
		return r
	}
	c.setKey(c.argv[1], &entry{typ: typeString, str: c.argv[2]})
	c.dirty++
	c.rewrite("SET", c.argv[1], c.argv[2])
	if !found {
		return nilReply
	}
	return bulkReply(old)
}

func cmdMget(c *cmdCtx) Reply {
	out := Reply{Kind: '*', Array: make([]Reply, 0, len(c.argv)-1)}
	for _, k := range c.argv[1:] {
		e := c.lookupRead(k)
		if e == nil || e.typ != typeString {
			out.Array = append(out.Array, nilReply)
			continue
		}
		out.Array = append(out.Array, bulkReply(e.str))
	}
	return out
}

func cmdMsetnx(c *cmdCtx) Reply {
	if len(c.argv)%2 == 0 {
		return errArity("msetnx")
	}
	for j := 1; j < len(c.argv); j += 2 {
		if c.lookupRead(c.argv[j]) != nil {
			return intReply(0)
		}
	}
	for j := 1; j < len(c.argv); j += 2 {
		c.setKey(c.argv[j], &entry{typ: typeString, str: c.argv[j+1]})
	}
	c.dirty += (len(c.argv) - 1) / 2
	return intReply(1)
}

func cmdStrlen(c *cmdCtx) Reply {
	v, _, r, ok := stringOf(c, c.argv[1])
	if !ok {
		return r
	}
	return intReply(int64(len(v)))
}

const maxStringSize = 512 << 20 // proto-max-bulk-len

func checkStringLength(size int64) (Reply, bool) {
	if size > maxStringSize {
		return errReply("ERR string exceeds maximum allowed size (proto-max-bulk-len)"), false
	}
	return Reply{}, true
}

func cmdSetrange(c *cmdCtx) Reply {
	off, ok := parseInt(c.argv[2])
	if !ok {
		return errNotInt
	}
	if off < 0 {
		return errReply("ERR offset is out of range")
	}
	val := c.argv[3]
	e, r, ok := getString(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		if val == "" {
			return intReply(0)
		}
		if r, ok := checkStringLength(off + int64(len(val))); !ok {
			return r
		}
		b := make([]byte, off+int64(len(val)))
		copy(b[off:], val)
		c.setKey(c.argv[1], &entry{typ: typeString, str: string(b), enc: encRaw})
		c.dirty++
		return intReply(int64(len(b)))
	}
	if val == "" {
		return intReply(int64(len(e.str)))
	}
	if r, ok := checkStringLength(off + int64(len(val))); !ok {
		return r
	}
	b := []byte(e.str)
	if need := off + int64(len(val)); need > int64(len(b)) {
		b = append(b, make([]byte, need-int64(len(b)))...)
	}
	copy(b[off:], val)
	m := c.lookupWrite(c.argv[1])
	m.str, m.enc = string(b), encRaw
	c.dirty++
	return intReply(int64(len(b)))
}

func cmdGetrange(c *cmdCtx) Reply {
	start, ok1 := parseInt(c.argv[2])
	end, ok2 := parseInt(c.argv[3])
	if !ok1 || !ok2 {
		return errNotInt
	}
	v, _, r, ok := stringOf(c, c.argv[1])
	if !ok {
		return r
	}
	n := int64(len(v))
	if start < 0 && end < 0 && start > end {
		return bulkReply("")
	}
	if start < 0 {
		start += n
	}
	if end < 0 {
		end += n
	}
	start, end = max(start, 0), max(end, 0)
	end = min(end, n-1)
	if start > end || n == 0 {
		return bulkReply("")
	}
	return bulkReply(v[start : end+1])
}

// lcs is LCS key1 key2 [LEN] [IDX] [MINMATCHLEN n] [WITHMATCHLEN].
func cmdLcs(c *cmdCtx) Reply {
	var getLen, getIdx, withLen bool
	minLen := int64(0)
	for j := 3; j < len(c.argv); j++ {
		switch strings.ToLower(c.argv[j]) {
		case "len":
			getLen = true
		case "idx":
			getIdx = true
		case "withmatchlen":
			withLen = true
		case "minmatchlen":
			if j+1 >= len(c.argv) {
				return errSyntax
			}
			v, ok := parseInt(c.argv[j+1])
			if !ok {
				return errNotInt
			}
			minLen = max(v, 0)
			j++
		default:
			return errSyntax
		}
	}
	a, _, r, ok := stringOf(c, c.argv[1])
	if !ok {
		return errReply("ERR The specified keys must contain string values")
	}
	b, _, r, ok := stringOf(c, c.argv[2])
	if !ok {
		_ = r
		return errReply("ERR The specified keys must contain string values")
	}
	if getLen && getIdx {
		return errReply("ERR If you want both the length and indexes, please just use IDX.")
	}
	la, lb := len(a), len(b)
	dp := make([]uint32, (la+1)*(lb+1))
	at := func(i, j int) *uint32 { return &dp[j*(la+1)+i] }
	for i := 0; i <= la; i++ {
		for j := 0; j <= lb; j++ {
			switch {
			case i == 0 || j == 0:
				*at(i, j) = 0
			case a[i-1] == b[j-1]:
				*at(i, j) = *at(i-1, j-1) + 1
			default:
				*at(i, j) = max(*at(i-1, j), *at(i, j-1))
			}
		}
	}
	idx := int(*at(la, lb))
	res := make([]byte, idx)
	var matches []Reply
	i, j := la, lb
	as, ae, bs, be := la, 0, 0, 0
	for i > 0 && j > 0 {
		emitRange := false
		if a[i-1] == b[j-1] {
			res[idx-1] = a[i-1]
			if as == la {
				as, ae, bs, be = i-1, i-1, j-1, j-1
			} else if as == i && bs == j {
				as--
				bs--
			} else {
				emitRange = true
			}
			if as == 0 || bs == 0 {
				emitRange = true
			}
			idx--
			i--
			j--
		} else {
			if *at(i-1, j) > *at(i, j-1) {
				i--
			} else {
				j--
			}
			if as != la {
				emitRange = true
			}
		}
		if emitRange {
			mlen := int64(ae - as + 1)
			if minLen == 0 || mlen >= minLen {
				m := []Reply{{Kind: '*', Array: []Reply{intReply(int64(as)), intReply(int64(ae))}}, {Kind: '*', Array: []Reply{intReply(int64(bs)), intReply(int64(be))}}}
				if withLen {
					m = append(m, intReply(mlen))
				}
				matches = append(matches, Reply{Kind: '*', Array: m})
			}
			as = la
		}
	}
	switch {
	case getIdx:
		if matches == nil {
			matches = []Reply{}
		}
		return c.mapReply([]Reply{bulkReply("matches"), {Kind: '*', Array: matches}, bulkReply("len"), intReply(int64(len(res)))})
	case getLen:
		return intReply(int64(len(res)))
	}
	return bulkReply(string(res))
}
