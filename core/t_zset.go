package core

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// t_zset.c: sorted sets. The value is a member → score map; its order
// (score, then member bytes) is computed when a command needs it.

type zsetValue struct{ m map[string]float64 }

func (z *zsetValue) cloneValue() value {
	c := make(map[string]float64, len(z.m))
	for k, v := range z.m {
		c[k] = v
	}
	return &zsetValue{c}
}

func (z *zsetValue) equalValue(o value) bool {
	b, ok := o.(*zsetValue)
	if !ok || len(b.m) != len(z.m) {
		return false
	}
	for k, v := range z.m {
		if w, ok := b.m[k]; !ok || w != v {
			return false
		}
	}
	return true
}

type zmember struct {
	member string
	score  float64
}

// sorted is the set in rank order.
func (z *zsetValue) sorted() []zmember {
	out := make([]zmember, 0, len(z.m))
	for k, v := range z.m {
		out = append(out, zmember{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score < out[j].score
		}
		return out[i].member < out[j].member
	})
	return out
}

func (e *entry) zset() *zsetValue { return e.obj.(*zsetValue) }

// formatDouble is addReplyDouble's %.17g.
func formatDouble(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	s := strconv.FormatFloat(v, 'g', 17, 64)
	if i := strings.IndexByte(s, 'e'); i >= 0 {
		// C prints at least two exponent digits: 1e+20, 1.5e-07.
		mant, exp := s[:i], s[i+1:]
		sign := exp[0]
		digits := exp[1:]
		if len(digits) < 2 {
			digits = "0" + digits
		}
		s = mant + "e" + string(sign) + digits
	}
	return s
}

// parseScore is getDoubleFromObject / zslParseRange's strtod.
func parseScore(s string) (float64, bool) {
	if s == "" || strings.TrimSpace(s) != s {
		return 0, false
	}
	switch strings.ToLower(s) {
	case "inf", "+inf", "infinity", "+infinity":
		return math.Inf(1), true
	case "-inf", "-infinity":
		return math.Inf(-1), true
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && !strings.Contains(err.Error(), "range") {
		return 0, false
	}
	if math.IsNaN(v) || strings.ContainsAny(s, "xXpP_") || strings.EqualFold(s, "nan") {
		return 0, false
	}
	return v, true
}

func getZset(c *cmdCtx, key string) (*entry, Reply, bool) { return getTyped(c, key, typeZset) }

// zaddGeneric is zaddGenericCommand (ZADD and ZINCRBY).
func zaddGeneric(c *cmdCtx, incrCmd bool) Reply {
	var nx, xx, gt, lt, ch, incr bool
	j := 2
	if !incrCmd {
		for ; j < len(c.argv); j++ {
			switch strings.ToLower(c.argv[j]) {
			case "nx":
				nx = true
			case "xx":
				xx = true
			case "gt":
				gt = true
			case "lt":
				lt = true
			case "ch":
				ch = true
			case "incr":
				incr = true
			default:
				goto done
			}
		}
	} else {
		incr = true
	}
done:
	rest := c.argv[j:]
	if len(rest)%2 != 0 || len(rest) == 0 {
		return errSyntax
	}
	if nx && xx {
		return errReply("ERR XX and NX options at the same time are not compatible")
	}
	if (gt && nx) || (lt && nx) || (gt && lt) {
		return errReply("ERR GT, LT, and/or NX options at the same time are not compatible")
	}
	if incr && len(rest) > 2 {
		return errReply("ERR INCR option supports a single increment-element pair")
	}
	scores := make([]float64, len(rest)/2)
	for i := range scores {
		v, ok := parseScore(rest[2*i])
		if !ok {
			return errNotFloat
		}
		scores[i] = v
	}
	e, r, ok := getZset(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		if xx {
			if incr {
				return nilReply
			}
			return intReply(0)
		}
	}
	added, updated, processed := 0, 0, 0
	var z *zsetValue
	if e != nil {
		z = c.lookupWrite(c.argv[1]).zset()
	}
	var score float64
	for i, sc := range scores {
		m := rest[2*i+1]
		cur, exists := 0.0, false
		if z != nil {
			cur, exists = z.m[m]
		}
		score = sc
		if exists {
			if nx {
				continue
			}
			if incr {
				score = cur + sc
				if math.IsNaN(score) {
					return errReply("ERR resulting score is not a number (NaN)")
				}
			}
			if (lt && score >= cur) || (gt && score <= cur) {
				processed++
				if incr {
					return nilReply
				}
				continue
			}
			processed++
			if score != cur {
				z.m[m] = score
				updated++
			}
			continue
		}
		if xx {
			continue
		}
		if z == nil {
			ne := &entry{typ: typeZset, obj: &zsetValue{m: map[string]float64{}}}
			c.setKey(c.argv[1], ne)
			z = ne.zset()
		}
		z.m[m] = score
		added++
		processed++
	}
	c.dirty += added + updated
	if incr {
		if processed == 0 {
			return nilReply
		}
		return c.doubleReply(score)
	}
	if ch {
		return intReply(int64(added + updated))
	}
	return intReply(int64(added))
}

func cmdZrem(c *cmdCtx) Reply {
	e, r, ok := getZset(c, c.argv[1])
	if !ok || e == nil {
		if !ok {
			return r
		}
		return intReply(0)
	}
	n := 0
	var z *zsetValue
	for _, m := range c.argv[2:] {
		if _, ok := e.zset().m[m]; !ok {
			continue
		}
		if z == nil {
			e = c.lookupWrite(c.argv[1])
			z = e.zset()
		}
		delete(z.m, m)
		n++
	}
	if z != nil && len(z.m) == 0 {
		c.delKey(c.argv[1])
	}
	c.dirty += n
	return intReply(int64(n))
}

func cmdZcard(c *cmdCtx) Reply {
	e, r, ok := getZset(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	return intReply(int64(len(e.zset().m)))
}

func cmdZscore(c *cmdCtx) Reply {
	e, r, ok := getZset(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return nilReply
	}
	if v, ok := e.zset().m[c.argv[2]]; ok {
		return c.doubleReply(v)
	}
	return nilReply
}

func cmdZmscore(c *cmdCtx) Reply {
	e, r, ok := getZset(c, c.argv[1])
	if !ok {
		return r
	}
	out := Reply{Kind: '*', Array: []Reply{}}
	for _, m := range c.argv[2:] {
		if e != nil {
			if v, ok := e.zset().m[m]; ok {
				out.Array = append(out.Array, c.doubleReply(v))
				continue
			}
		}
		out.Array = append(out.Array, nilReply)
	}
	return out
}

func zrankGeneric(c *cmdCtx, rev bool) Reply {
	e, r, ok := getZset(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return nilReply
	}
	s := e.zset().sorted()
	for i, m := range s {
		if m.member == c.argv[2] {
			if rev {
				return intReply(int64(len(s) - 1 - i))
			}
			return intReply(int64(i))
		}
	}
	return nilReply
}

// scoreRange is zrangespec.
type scoreRange struct {
	min, max     float64
	minex, maxex bool
}

func parseScoreBound(s string) (float64, bool, bool) {
	ex := false
	if strings.HasPrefix(s, "(") {
		s, ex = s[1:], true
	}
	v, ok := parseScore(s)
	return v, ex, ok
}

func parseScoreRange(a, b string) (scoreRange, bool) {
	var r scoreRange
	var ok1, ok2 bool
	r.min, r.minex, ok1 = parseScoreBound(a)
	r.max, r.maxex, ok2 = parseScoreBound(b)
	return r, ok1 && ok2
}

func (r scoreRange) gteMin(v float64) bool {
	if r.minex {
		return v > r.min
	}
	return v >= r.min
}

func (r scoreRange) lteMax(v float64) bool {
	if r.maxex {
		return v < r.max
	}
	return v <= r.max
}

// lexRange is zlexrangespec: "" with inf ±1 for - and +.
type lexRange struct {
	min, max       string
	mininf, maxinf int // -1 "-", +1 "+"
	minex, maxex   bool
}

func parseLexBound(s string) (string, int, bool, bool) {
	switch {
	case s == "-":
		return "", -1, false, true
	case s == "+":
		return "", 1, false, true
	case strings.HasPrefix(s, "("):
		return s[1:], 0, true, true
	case strings.HasPrefix(s, "["):
		return s[1:], 0, false, true
	}
	return "", 0, false, false
}

func parseLexRange(a, b string) (lexRange, bool) {
	var r lexRange
	var ok1, ok2 bool
	r.min, r.mininf, r.minex, ok1 = parseLexBound(a)
	r.max, r.maxinf, r.maxex, ok2 = parseLexBound(b)
	return r, ok1 && ok2
}

func (r lexRange) gteMin(s string) bool {
	switch r.mininf {
	case -1:
		return true
	case 1:
		return false
	}
	if r.minex {
		return s > r.min
	}
	return s >= r.min
}

func (r lexRange) lteMax(s string) bool {
	switch r.maxinf {
	case 1:
		return true
	case -1:
		return false
	}
	if r.maxex {
		return s < r.max
	}
	return s <= r.max
}

var errMinMaxFloat = errReply("ERR min or max is not a float")
var errMinMaxLex = errReply("ERR min or max not valid string range item")

// zsetReply is members, and with their scores (member, score) pairs:
// a flat array for RESP2, two-element arrays for RESP3.
func zsetReply(c *cmdCtx, ms []zmember, withScores bool) Reply {
	out := zsetFlat(c, ms, withScores)
	if withScores {
		return c.pairsReply(out.Array)
	}
	return out
}

// zsetFlat is members and scores in one array, the scores as doubles.
func zsetFlat(c *cmdCtx, ms []zmember, withScores bool) Reply {
	out := Reply{Kind: '*', Array: make([]Reply, 0, len(ms))}
	for _, m := range ms {
		out.Array = append(out.Array, bulkReply(m.member))
		if withScores {
			out.Array = append(out.Array, c.doubleReply(m.score))
		}
	}
	return out
}

// zrangeSpec is what zrangeGenericCommand parsed.
type zrangeSpec struct {
	by         byte // 'r' rank, 's' score, 'l' lex
	rev        bool
	withScores bool
	limit      bool
	offset     int64
	count      int64
	a, b       string
}

// zrangeSelect returns the members a ZRANGE-like spec selects.
func zrangeSelect(z *zsetValue, sp zrangeSpec) ([]zmember, Reply, bool) {
	all := []zmember{}
	if z != nil {
		all = z.sorted()
	}
	if sp.rev {
		for i, j := 0, len(all)-1; i < j; i, j = i+1, j-1 {
			all[i], all[j] = all[j], all[i]
		}
	}
	switch sp.by {
	case 'r':
		start, ok1 := parseInt(sp.a)
		end, ok2 := parseInt(sp.b)
		if !ok1 || !ok2 {
			return nil, errNotInt, false
		}
		n := int64(len(all))
		if start < 0 {
			start += n
		}
		if end < 0 {
			end += n
		}
		start = max(start, 0)
		if start > end || start >= n {
			return []zmember{}, Reply{}, true
		}
		end = min(end, n-1)
		return all[start : end+1], Reply{}, true
	case 's':
		lo, hi := sp.a, sp.b
		if sp.rev {
			lo, hi = sp.b, sp.a
		}
		rg, ok := parseScoreRange(lo, hi)
		if !ok {
			return nil, errMinMaxFloat, false
		}
		var out []zmember
		for _, m := range all {
			if rg.gteMin(m.score) && rg.lteMax(m.score) {
				out = append(out, m)
			}
		}
		return applyLimit(out, sp), Reply{}, true
	default:
		lo, hi := sp.a, sp.b
		if sp.rev {
			lo, hi = sp.b, sp.a
		}
		rg, ok := parseLexRange(lo, hi)
		if !ok {
			return nil, errMinMaxLex, false
		}
		var out []zmember
		for _, m := range all {
			if rg.gteMin(m.member) && rg.lteMax(m.member) {
				out = append(out, m)
			}
		}
		return applyLimit(out, sp), Reply{}, true
	}
}

func applyLimit(ms []zmember, sp zrangeSpec) []zmember {
	if !sp.limit {
		return ms
	}
	if sp.offset < 0 || sp.offset >= int64(len(ms)) {
		return []zmember{}
	}
	ms = ms[sp.offset:]
	if sp.count >= 0 && sp.count < int64(len(ms)) {
		ms = ms[:sp.count]
	}
	return ms
}

// parseZrange reads ZRANGE's options from argv[from:], for a command that
// has by and rev preset (ZRANGEBYSCORE ...) or not (ZRANGE).
func parseZrange(c *cmdCtx, from int, sp zrangeSpec, zrange bool) (zrangeSpec, Reply, bool) {
	for j := from; j < len(c.argv); j++ {
		a := strings.ToLower(c.argv[j])
		left := len(c.argv) - j - 1
		switch {
		case a == "withscores" && (sp.by != 'r' || true):
			sp.withScores = true
		case a == "limit" && left >= 2:
			o, ok1 := parseInt(c.argv[j+1])
			n, ok2 := parseInt(c.argv[j+2])
			if !ok1 || !ok2 {
				return sp, errNotInt, false
			}
			sp.limit, sp.offset, sp.count = true, o, n
			j += 2
		case zrange && a == "byscore" && sp.by == 'r':
			sp.by = 's'
		case zrange && a == "bylex" && sp.by == 'r':
			sp.by = 'l'
		case zrange && a == "rev":
			sp.rev = true
		default:
			return sp, errSyntax, false
		}
	}
	if sp.limit && sp.by == 'r' {
		return sp, errReply("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"), false
	}
	if sp.withScores && sp.by == 'l' {
		return sp, errReply("ERR syntax error, WITHSCORES not supported in combination with BYLEX"), false
	}
	return sp, Reply{}, true
}

func zrangeGeneric(c *cmdCtx, by byte, rev, zrange bool) Reply {
	sp := zrangeSpec{by: by, rev: rev, a: c.argv[2], b: c.argv[3], count: -1}
	sp, r, ok := parseZrange(c, 4, sp, zrange)
	if !ok {
		return r
	}
	if !zrange && by == 'l' && sp.withScores {
		return errSyntax
	}
	e, r, ok := getZset(c, c.argv[1])
	if !ok {
		return r
	}
	var z *zsetValue
	if e != nil {
		z = e.zset()
	}
	ms, r, ok := zrangeSelect(z, sp)
	if !ok {
		return r
	}
	return zsetReply(c, ms, sp.withScores)
}

func cmdZrangestore(c *cmdCtx) Reply {
	c.storesSources()
	sp := zrangeSpec{by: 'r', a: c.argv[3], b: c.argv[4], count: -1}
	// ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT o n]
	for j := 5; j < len(c.argv); j++ {
		a := strings.ToLower(c.argv[j])
		switch {
		case a == "byscore" && sp.by == 'r':
			sp.by = 's'
		case a == "bylex" && sp.by == 'r':
			sp.by = 'l'
		case a == "rev":
			sp.rev = true
		case a == "limit" && j+2 < len(c.argv):
			o, ok1 := parseInt(c.argv[j+1])
			n, ok2 := parseInt(c.argv[j+2])
			if !ok1 || !ok2 {
				return errNotInt
			}
			sp.limit, sp.offset, sp.count = true, o, n
			j += 2
		default:
			return errSyntax
		}
	}
	if sp.limit && sp.by == 'r' {
		return errReply("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX")
	}
	e, r, ok := getZset(c, c.argv[2])
	if !ok {
		return r
	}
	var z *zsetValue
	if e != nil {
		z = e.zset()
	}
	ms, r, ok := zrangeSelect(z, sp)
	if !ok {
		return r
	}
	return storeZset(c, c.argv[1], ms)
}

// storeZset writes a computed set to dst: setKey when non-empty, DEL
// otherwise (propagated only when something changed).
func storeZset(c *cmdCtx, dst string, ms []zmember) Reply {
	if len(ms) == 0 {
		if c.lookupKey(dst) != nil {
			c.delKey(dst)
			c.dirty++
		}
		return intReply(0)
	}
	z := &zsetValue{m: make(map[string]float64, len(ms))}
	for _, m := range ms {
		z.m[m.member] = m.score
	}
	c.setKey(dst, &entry{typ: typeZset, obj: z})
	c.dirty++
	return intReply(int64(len(ms)))
}

func cmdZcount(c *cmdCtx) Reply {
	rg, ok := parseScoreRange(c.argv[2], c.argv[3])
	if !ok {
		return errMinMaxFloat
	}
	e, r, ok := getZset(c, c.argv[1])
	if !ok || e == nil {
		if !ok {
			return r
		}
		return intReply(0)
	}
	n := 0
	for _, v := range e.zset().m {
		if rg.gteMin(v) && rg.lteMax(v) {
			n++
		}
	}
	return intReply(int64(n))
}

func cmdZlexcount(c *cmdCtx) Reply {
	rg, ok := parseLexRange(c.argv[2], c.argv[3])
	if !ok {
		return errMinMaxLex
	}
	e, r, ok := getZset(c, c.argv[1])
	if !ok || e == nil {
		if !ok {
			return r
		}
		return intReply(0)
	}
	n := 0
	for m := range e.zset().m {
		if rg.gteMin(m) && rg.lteMax(m) {
			n++
		}
	}
	return intReply(int64(n))
}

// zremrangeGeneric is ZREMRANGEBYRANK / BYSCORE / BYLEX.
func zremrangeGeneric(c *cmdCtx, by byte) Reply {
	sp := zrangeSpec{by: by, a: c.argv[2], b: c.argv[3], count: -1}
	switch by {
	case 's':
		if _, ok := parseScoreRange(sp.a, sp.b); !ok {
			return errMinMaxFloat
		}
	case 'l':
		if _, ok := parseLexRange(sp.a, sp.b); !ok {
			return errMinMaxLex
		}
	case 'r':
		_, ok1 := parseInt(sp.a)
		_, ok2 := parseInt(sp.b)
		if !ok1 || !ok2 {
			return errNotInt
		}
	}
	e, r, ok := getZset(c, c.argv[1])
	if !ok || e == nil {
		if !ok {
			return r
		}
		return intReply(0)
	}
	ms, r, ok := zrangeSelect(e.zset(), sp)
	if !ok {
		return r
	}
	if len(ms) == 0 {
		return intReply(0)
	}
	z := c.lookupWrite(c.argv[1]).zset()
	for _, m := range ms {
		delete(z.m, m.member)
	}
	if len(z.m) == 0 {
		c.delKey(c.argv[1])
	}
	c.dirty += len(ms)
	return intReply(int64(len(ms)))
}

// zpop pops count members (count < 0: one, flat reply) from the min or
// max end; it returns nil members when the key is missing.
func zpop(c *cmdCtx, key string, max bool, count int64) []zmember {
	e := c.lookupRead(key)
	if e == nil || count == 0 {
		return nil
	}
	s := e.zset().sorted()
	n := int64(1)
	if count > 0 {
		n = min(count, int64(len(s)))
	}
	var out []zmember
	z := c.lookupWrite(key).zset()
	for i := int64(0); i < n; i++ {
		m := s[i]
		if max {
			m = s[int64(len(s))-1-i]
		}
		out = append(out, m)
		delete(z.m, m.member)
	}
	if len(z.m) == 0 {
		c.delKey(key)
	}
	c.dirty++
	return out
}

func zpopGeneric(c *cmdCtx, max bool) Reply {
	if len(c.argv) > 3 {
		return errSyntax
	}
	count := int64(-1)
	if len(c.argv) == 3 {
		v, ok := parseInt(c.argv[2])
		if !ok {
			return errNotInt
		}
		if v < 0 {
			return errReply("ERR value is out of range, must be positive")
		}
		count = v
	}
	e, r, ok := getZset(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return arrayReply(nil)
	}
	if count == -1 {
		// One member without a count stays flat in RESP3 (use_nested_array).
		return zsetFlat(c, zpop(c, c.argv[1], max, count), true)
	}
	return zsetReply(c, zpop(c, c.argv[1], max, count), true)
}

// zsetSources reads numkeys key... [WEIGHTS w...] [AGGREGATE SUM|MIN|MAX]
// [WITHSCORES] for ZUNION/ZINTER/ZDIFF and their STORE forms.
func zsetCombine(c *cmdCtx, from int, op byte, store bool) ([]zmember, bool, Reply, bool) {
	if store {
		c.storesSources()
	}
	nk, ok := parseInt(c.argv[from])
	if !ok {
		return nil, false, errNotInt, false
	}
	if nk < 1 {
		name := strings.ToLower(c.argv[0])
		return nil, false, errReply("ERR at least 1 input key is needed for '" + name + "' command"), false
	}
	if int64(len(c.argv)-from-1) < nk {
		return nil, false, errSyntax, false
	}
	keys := c.argv[from+1 : from+1+int(nk)]
	weights := make([]float64, nk)
	for i := range weights {
		weights[i] = 1
	}
	agg := byte('s')
	withScores := false
	for j := from + 1 + int(nk); j < len(c.argv); j++ {
		a := strings.ToLower(c.argv[j])
		left := len(c.argv) - j - 1
		switch {
		case a == "weights" && op != 'd' && int64(left) >= nk:
			for i := range weights {
				v, ok := parseScore(c.argv[j+1+i])
				if !ok {
					return nil, false, errReply("ERR weight value is not a float"), false
				}
				weights[i] = v
			}
			j += int(nk)
		case a == "aggregate" && op != 'd' && left >= 1:
			switch strings.ToLower(c.argv[j+1]) {
			case "sum":
				agg = 's'
			case "min":
				agg = 'n'
			case "max":
				agg = 'x'
			default:
				return nil, false, errSyntax, false
			}
			j++
		case a == "withscores" && !store:
			withScores = true
		default:
			return nil, false, errSyntax, false
		}
	}
	var sets []map[string]float64
	for _, k := range keys {
		e := c.lookupRead(k)
		if e == nil {
			sets = append(sets, nil)
			continue
		}
		switch e.typ {
		case typeZset:
			sets = append(sets, e.zset().m)
		case typeSet:
			m := map[string]float64{}
			for s := range e.set().m {
				m[s] = 1
			}
			sets = append(sets, m)
		default:
			return nil, false, errWrongType, false
		}
	}
	combine := func(a, b float64) float64 {
		switch agg {
		case 'n':
			return math.Min(a, b)
		case 'x':
			return math.Max(a, b)
		}
		r := a + b
		if math.IsNaN(r) {
			return 0
		}
		return r
	}
	mul := func(v, w float64) float64 {
		r := v * w
		if math.IsNaN(r) {
			return 0
		}
		return r
	}
	res := map[string]float64{}
	switch op {
	case 'u':
		for i, s := range sets {
			for m, v := range s {
				x := mul(v, weights[i])
				if cur, ok := res[m]; ok {
					res[m] = combine(cur, x)
				} else {
					res[m] = x
				}
			}
		}
	case 'i':
		if sets[0] != nil {
		member:
			for m, v := range sets[0] {
				x := mul(v, weights[0])
				for i, s := range sets[1:] {
					w, ok := s[m]
					if !ok {
						continue member
					}
					x = combine(x, mul(w, weights[i+1]))
				}
				res[m] = x
			}
		}
	case 'd':
		for m, v := range sets[0] {
			found := false
			for _, s := range sets[1:] {
				if _, ok := s[m]; ok {
					found = true
					break
				}
			}
			if !found {
				res[m] = v
			}
		}
	}
	z := &zsetValue{m: res}
	return z.sorted(), withScores, Reply{}, true
}

func zcombineCmd(op byte) func(c *cmdCtx) Reply {
	return func(c *cmdCtx) Reply {
		ms, ws, r, ok := zsetCombine(c, 1, op, false)
		if !ok {
			return r
		}
		return zsetReply(c, ms, ws)
	}
}

func zcombineStoreCmd(op byte) func(c *cmdCtx) Reply {
	return func(c *cmdCtx) Reply {
		ms, _, r, ok := zsetCombine(c, 2, op, true)
		if !ok {
			return r
		}
		return storeZset(c, c.argv[1], ms)
	}
}

func cmdZintercard(c *cmdCtx) Reply {
	nk, ok := parseInt(c.argv[1])
	if !ok {
		return errNotInt
	}
	if nk < 1 {
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
	sub := &cmdCtx{}
	*sub = *c
	sub.argv = append([]string{"zinter"}, c.argv[1:2+nk]...)
	ms, _, r, ok := zsetCombine(sub, 1, 'i', false)
	if !ok {
		return r
	}
	n := int64(len(ms))
	if limit > 0 && n > limit {
		n = limit
	}
	return intReply(n)
}

func cmdZrandmember(c *cmdCtx) Reply {
	e, r, ok := getZset(c, c.argv[1])
	if !ok {
		return r
	}
	if len(c.argv) == 2 {
		if e == nil {
			return nilReply
		}
		s := e.zset().sorted()
		return bulkReply(s[c.w.randN(len(s))].member)
	}
	count, ok := parseInt(c.argv[2])
	if !ok {
		return errNotInt
	}
	withScores := false
	if len(c.argv) == 4 {
		if !strings.EqualFold(c.argv[3], "withscores") {
			return errSyntax
		}
		withScores = true
	} else if len(c.argv) > 4 {
		return errSyntax
	}
	if e == nil {
		return arrayReply(nil)
	}
	s := e.zset().sorted()
	return zsetReply(c, randomPick(c, s, count), withScores)
}

// randomPick draws count elements (negative: with repetition) with the
// world's generator.
func randomPick[T any](c *cmdCtx, all []T, count int64) []T {
	var out []T
	if count < 0 {
		for i := int64(0); i < -count; i++ {
			out = append(out, all[c.w.randN(len(all))])
		}
		return out
	}
	if count >= int64(len(all)) {
		return all
	}
	idx := make([]int, len(all))
	for i := range idx {
		idx[i] = i
	}
	for i := 0; i < int(count); i++ {
		j := i + c.w.randN(len(idx)-i)
		idx[i], idx[j] = idx[j], idx[i]
	}
	sel := idx[:count]
	sort.Ints(sel)
	for _, i := range sel {
		out = append(out, all[i])
	}
	return out
}

func cmdZscan(c *cmdCtx) Reply {
	if r, ok := parseCursor(c.argv[2]); !ok {
		return r
	}
	pat, _, r, ok := scanArgs(c, 3, false)
	if !ok {
		return r
	}
	e, r, ok := getZset(c, c.argv[1])
	if !ok {
		return r
	}
	out := []string{}
	if e != nil {
		for _, m := range e.zset().sorted() {
			if globMatch(pat, m.member, false) {
				out = append(out, m.member, c.double(m.score))
			}
		}
	}
	return Reply{Kind: '*', Array: []Reply{bulkReply("0"), arrayReply(out)}}
}

// zmpopGeneric is ZMPOP / BZMPOP: numkeys key... MIN|MAX [COUNT n],
// propagated as ZPOPMIN/ZPOPMAX key count.
func zmpopGeneric(c *cmdCtx, from int) Reply {
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
	var max bool
	switch strings.ToLower(rest[0]) {
	case "min":
	case "max":
		max = true
	default:
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
		e, r, ok := getZset(c, k)
		if !ok {
			return r
		}
		if e == nil {
			continue
		}
		ms := zpop(c, k, max, count)
		name := "ZPOPMIN"
		if max {
			name = "ZPOPMAX"
		}
		c.rewrite(name, k, itoa(count))
		var items []Reply
		for _, m := range ms {
			items = append(items, Reply{Kind: '*', Array: []Reply{bulkReply(m.member), c.doubleReply(m.score)}})
		}
		return Reply{Kind: '*', Array: []Reply{bulkReply(k), {Kind: '*', Array: items}}}
	}
	return nilArrayReply
}

// bzpopGeneric is BZPOPMIN/BZPOPMAX served at once: the first non-empty
// key, propagated as ZPOPMIN/ZPOPMAX key.
func bzpopGeneric(c *cmdCtx, max bool) Reply {
	if r, ok := blockTimeout(c, c.argv[len(c.argv)-1]); !ok {
		return r
	}
	for _, k := range c.argv[1 : len(c.argv)-1] {
		e, r, ok := getZset(c, k)
		if !ok {
			return r
		}
		if e == nil {
			continue
		}
		ms := zpop(c, k, max, -1)
		name := "ZPOPMIN"
		if max {
			name = "ZPOPMAX"
		}
		c.rewrite(name, k)
		return Reply{Kind: '*', Array: []Reply{bulkReply(k), bulkReply(ms[0].member), c.doubleReply(ms[0].score)}}
	}
	return blockedReply(c)
}

func cmdBzmpop(c *cmdCtx) Reply {
	if r, ok := blockTimeout(c, c.argv[1]); !ok {
		return r
	}
	r := zmpopGeneric(c, 2)
	if r.Kind == 'N' {
		return blockedReply(c)
	}
	return r
}
