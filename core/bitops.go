package core

import (
	"math/bits"
	"strings"
)

// bitops.c: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD.

// bitOffset is getBitOffsetFromArgument: a bit offset, or with hash a
// #N multiple of the field width.
func bitOffset(s string, hash bool, width int64) (int64, bool) {
	mul := int64(1)
	if hash && strings.HasPrefix(s, "#") {
		s, mul = s[1:], width
	}
	v, ok := parseInt(s)
	if !ok || v < 0 {
		return 0, false
	}
	v *= mul
	if v>>3 >= maxStringSize {
		return 0, false
	}
	return v, true
}

var errBitOffset = errReply("ERR bit offset is not an integer or out of range")

func cmdSetbit(c *cmdCtx) Reply {
	off, ok := bitOffset(c.argv[2], false, 0)
	if !ok {
		return errBitOffset
	}
	on := c.argv[3]
	if on != "0" && on != "1" {
		return errReply("ERR bit is not an integer or out of range")
	}
	e, r, ok := getString(c, c.argv[1])
	if !ok {
		return r
	}
	byteIdx := off >> 3
	var b []byte
	grown := false
	if e == nil {
		b = make([]byte, byteIdx+1)
		grown = true
	} else {
		b = []byte(e.str)
		if int64(len(b)) <= byteIdx {
			b = append(b, make([]byte, byteIdx+1-int64(len(b)))...)
			grown = true
		}
	}
	bit := 7 - uint(off&7)
	old := (b[byteIdx] >> bit) & 1
	val := byte(0)
	if on == "1" {
		val = 1
	}
	if e != nil {
		c.unshareString(c.argv[1], e)
	}
	if grown || old != val {
		b[byteIdx] = b[byteIdx]&^(1<<bit) | val<<bit
		if e == nil {
			c.setKey(c.argv[1], &entry{typ: typeString, str: string(b), enc: encRaw})
		} else {
			c.lookupWrite(c.argv[1]).str = string(b)
		}
		c.dirty++
	}
	return intReply(int64(old))
}

func cmdGetbit(c *cmdCtx) Reply {
	off, ok := bitOffset(c.argv[2], false, 0)
	if !ok {
		return errBitOffset
	}
	v, _, r, ok := stringOf(c, c.argv[1])
	if !ok {
		return r
	}
	if off>>3 >= int64(len(v)) {
		return intReply(0)
	}
	return intReply(int64(v[off>>3]>>(7-uint(off&7))) & 1)
}

// rangeArgs reads start end [BYTE|BIT] as BITCOUNT and BITPOS do.
func rangeArgs(c *cmdCtx, from int, n int64) (start, end int64, isBit bool, r Reply, ok bool) {
	start, ok1 := parseInt(c.argv[from])
	end = -1
	ok2 := true
	hasEnd := from+1 < len(c.argv)
	if hasEnd {
		end, ok2 = parseInt(c.argv[from+1])
	}
	if from+2 < len(c.argv) {
		switch strings.ToLower(c.argv[from+2]) {
		case "bit":
			isBit = true
		case "byte":
		default:
			return 0, 0, false, errSyntax, false
		}
	}
	if from+3 < len(c.argv) {
		return 0, 0, false, errSyntax, false
	}
	if !ok1 || !ok2 {
		return 0, 0, false, errNotInt, false
	}
	return start, end, isBit, Reply{}, true
}

func cmdBitcount(c *cmdCtx) Reply {
	if len(c.argv) == 3 || len(c.argv) > 5 {
		return errSyntax
	}
	var start, end int64
	var isBit bool
	if len(c.argv) >= 4 {
		var r Reply
		var ok bool
		if start, end, isBit, r, ok = rangeArgs(c, 2, 0); !ok {
			return r
		}
	}
	v, _, r, ok := stringOf(c, c.argv[1])
	if !ok {
		return r
	}
	n := int64(len(v))
	if len(c.argv) < 4 {
		start, end = 0, n-1
	}
	total := n
	if isBit {
		total = n * 8
	}
	if start < 0 {
		start += total
	}
	if end < 0 {
		end += total
	}
	start, end = max(start, 0), max(end, 0)
	end = min(end, total-1)
	if start > end || n == 0 {
		return intReply(0)
	}
	cnt := 0
	if isBit {
		for i := start; i <= end; i++ {
			if v[i>>3]>>(7-uint(i&7))&1 == 1 {
				cnt++
			}
		}
	} else {
		for i := start; i <= end; i++ {
			cnt += bits.OnesCount8(v[i])
		}
	}
	return intReply(int64(cnt))
}

func cmdBitpos(c *cmdCtx) Reply {
	bit := c.argv[2]
	if bit != "0" && bit != "1" {
		return errReply("ERR The bit argument must be 1 or 0.")
	}
	want := bit == "1"
	var start, end int64
	var isBit, endGiven bool
	if len(c.argv) >= 4 {
		var r Reply
		var ok bool
		if start, end, isBit, r, ok = rangeArgs(c, 3, 0); !ok {
			return r
		}
		endGiven = len(c.argv) >= 5
	}
	v, found, r, ok := stringOf(c, c.argv[1])
	if !ok {
		return r
	}
	if !found {
		if want {
			return intReply(-1)
		}
		return intReply(0)
	}
	n := int64(len(v))
	total := n
	if isBit {
		total = n * 8
	}
	if !endGiven {
		end = total - 1
	}
	if start < 0 {
		start += total
	}
	if end < 0 {
		end += total
	}
	start, end = max(start, 0), max(end, 0)
	end = min(end, total-1)
	if start > end {
		return intReply(-1)
	}
	from, to := start, end
	if !isBit {
		from, to = start*8, end*8+7
	}
	for i := from; i <= to; i++ {
		if (v[i>>3]>>(7-uint(i&7))&1 == 1) == want {
			return intReply(i)
		}
	}
	if !want && !endGiven {
		return intReply(to + 1)
	}
	return intReply(-1)
}

func cmdBitop(c *cmdCtx) Reply {
	op := strings.ToLower(c.argv[1])
	if op != "and" && op != "or" && op != "xor" && op != "not" {
		return errSyntax
	}
	if op == "not" && len(c.argv) != 4 {
		return errReply("ERR BITOP NOT must be called with a single source key.")
	}
	var srcs []string
	maxLen := 0
	for _, k := range c.argv[3:] {
		e := c.lookupRead(k)
		if e == nil {
			srcs = append(srcs, "")
			continue
		}
		if e.typ != typeString {
			return errWrongType
		}
		srcs = append(srcs, e.str)
		maxLen = max(maxLen, len(e.str))
	}
	res := make([]byte, maxLen)
	for i := 0; i < maxLen; i++ {
		var out byte
		for j, s := range srcs {
			var b byte
			if i < len(s) {
				b = s[i]
			}
			switch {
			case op == "not":
				out = ^b
			case j == 0:
				out = b
			case op == "and":
				out &= b
			case op == "or":
				out |= b
			case op == "xor":
				out ^= b
			}
		}
		res[i] = out
	}
	if maxLen > 0 {
		c.setKey(c.argv[2], &entry{typ: typeString, str: string(res), enc: encRaw})
		c.dirty++
	} else if c.lookupKey(c.argv[2]) != nil {
		c.delKey(c.argv[2])
		c.dirty++
	}
	return intReply(int64(maxLen))
}

type bitfieldOp struct {
	kind   byte // 'g' get, 's' set, 'i' incrby
	signed bool
	width  int64
	offset int64
	value  int64
	ovf    byte // 'w' wrap, 's' sat, 'f' fail
}

func parseBitfieldType(s string) (bool, int64, bool) {
	if len(s) < 2 || (s[0] != 'i' && s[0] != 'u' && s[0] != 'I' && s[0] != 'U') {
		return false, 0, false
	}
	w, ok := parseInt(s[1:])
	signed := s[0] == 'i' || s[0] == 'I'
	if !ok || w < 1 || (signed && w > 64) || (!signed && w > 63) {
		return false, 0, false
	}
	return signed, w, true
}

func getBits(b []byte, off, width int64) uint64 {
	var v uint64
	for j := int64(0); j < width; j++ {
		i := off + j
		bit := uint64(0)
		if i>>3 < int64(len(b)) {
			bit = uint64(b[i>>3]>>(7-uint(i&7))) & 1
		}
		v = v<<1 | bit
	}
	return v
}

func setBits(b []byte, off, width int64, v uint64) {
	for j := width - 1; j >= 0; j-- {
		i := off + j
		bit := byte(v & 1)
		v >>= 1
		b[i>>3] = b[i>>3]&^(1<<(7-uint(i&7))) | bit<<(7-uint(i&7))
	}
}

func cmdBitfield(c *cmdCtx) Reply { return bitfieldGeneric(c, false) }

func cmdBitfieldRO(c *cmdCtx) Reply { return bitfieldGeneric(c, true) }

func bitfieldGeneric(c *cmdCtx, ro bool) Reply {
	var ops []bitfieldOp
	ovf := byte('w')
	writes := false
	for j := 2; j < len(c.argv); j++ {
		sub := strings.ToLower(c.argv[j])
		left := len(c.argv) - j - 1
		switch {
		case sub == "get" && left >= 2, (sub == "set" || sub == "incrby") && left >= 3:
			signed, width, ok := parseBitfieldType(c.argv[j+1])
			if !ok {
				return errReply("ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.")
			}
			off, ok := bitOffset(c.argv[j+2], true, width)
			if !ok {
				return errBitOffset
			}
			op := bitfieldOp{kind: sub[0], signed: signed, width: width, offset: off, ovf: ovf}
			if sub != "get" {
				v, ok := parseInt(c.argv[j+3])
				if !ok {
					return errNotInt
				}
				op.value = v
				writes = true
				j++
			}
			j += 2
			ops = append(ops, op)
		case sub == "overflow" && left >= 1:
			switch strings.ToLower(c.argv[j+1]) {
			case "wrap":
				ovf = 'w'
			case "sat":
				ovf = 's'
			case "fail":
				ovf = 'f'
			default:
				return errReply("ERR Invalid OVERFLOW type specified")
			}
			j++
		default:
			return errSyntax
		}
	}
	if ro && writes {
		return errReply("ERR BITFIELD_RO only supports the GET subcommand")
	}
	c.countReads = !writes // lookupStringForBitCommand looks up for writing
	e, r, ok := getString(c, c.argv[1])
	if !ok {
		return r
	}
	var b []byte
	if e != nil {
		b = []byte(e.str)
	}
	dirty := false // lookupStringForBitCommand made the key or grew it
	if writes {
		// lookupStringForBitCommand: the string is made (or unshared and
		// grown) up to the farthest bit a write reaches before any runs,
		// so it stays, zeros and all, when every write fails on overflow.
		// Not a change: nothing propagates.
		var highest int64
		for _, op := range ops {
			if op.kind != 'g' {
				highest = max(highest, (op.offset+op.width-1)>>3)
			}
		}
		if int64(len(b)) <= highest {
			b = append(b, make([]byte, highest+1-int64(len(b)))...)
			dirty = true
		}
		if e == nil {
			dirty = true
			// dbAdd: WATCH sees it only as the change it makes (below).
			e = &entry{typ: typeString, str: string(b), enc: encRaw}
			c.s.ks.put(c.db, c.argv[1], e)
		} else {
			e = c.unshareString(c.argv[1], e)
			if len(b) > len(e.str) {
				c.s.ks.getMut(c.db, c.argv[1]).str = string(b)
			}
		}
	}
	out := Reply{Kind: '*', Array: []Reply{}}
	changes := 0
	for _, op := range ops {
		if op.kind == 'g' {
			out.Array = append(out.Array, intReply(bfValue(getBits(b, op.offset, op.width), op.signed, op.width)))
			continue
		}
		need := (op.offset + op.width - 1) >> 3
		if int64(len(b)) <= need {
			b = append(b, make([]byte, need+1-int64(len(b)))...)
		}
		old := bfValue(getBits(b, op.offset, op.width), op.signed, op.width)
		res, overflow := bfClamp(old, op.value, op.kind == 'i', op.signed, op.width, op.ovf)
		if overflow && op.ovf == 'f' {
			out.Array = append(out.Array, nilReply)
			continue
		}
		setBits(b, op.offset, op.width, uint64(res))
		if dirty || old != res || c.w.Version().redis62 {
			changes++ // a write of the value already there changes nothing (since 7.0)
		}
		if op.kind == 's' {
			out.Array = append(out.Array, intReply(old))
		} else {
			out.Array = append(out.Array, intReply(res))
		}
	}
	if changes > 0 {
		c.lookupWrite(c.argv[1]).str = string(b)
		c.dirty += changes
	}
	return out
}

func bfValue(u uint64, signed bool, width int64) int64 {
	if !signed {
		return int64(u)
	}
	if width < 64 && u&(1<<uint(width-1)) != 0 {
		u |= ^uint64(0) << uint(width)
	}
	return int64(u)
}

// bfClamp is checkSignedBitfieldOverflow / checkUnsignedBitfieldOverflow:
// the value stored for SET (incr false) or INCRBY, and whether it
// overflowed.
func bfClamp(old, v int64, incr, signed bool, width int64, ovf byte) (int64, bool) {
	if signed {
		maxv := int64(1)<<uint(width-1) - 1
		if width == 64 {
			maxv = 1<<63 - 1
		}
		minv := -maxv - 1
		var res int64
		overflowUp, overflowDown := false, false
		if incr {
			res = old + v
			if (v > 0 && old > maxv-v) || (v > 0 && res > maxv) {
				overflowUp = true
			} else if (v < 0 && old < minv-v) || res < minv {
				overflowDown = true
			}
		} else {
			res = v
			overflowUp, overflowDown = v > maxv, v < minv
		}
		if !overflowUp && !overflowDown {
			return res, false
		}
		switch ovf {
		case 's':
			if overflowUp {
				return maxv, true
			}
			return minv, true
		case 'w':
			u := uint64(old)
			if incr {
				u += uint64(v)
			} else {
				u = uint64(v)
			}
			if width < 64 {
				u &= 1<<uint(width) - 1
			}
			return bfValue(u, true, width), true
		}
		return 0, true
	}
	maxv := uint64(1)<<uint(width) - 1
	var overflowUp, overflowDown bool
	var res uint64
	if incr {
		if v >= 0 {
			overflowUp = uint64(v) > maxv-uint64(old)
			res = uint64(old) + uint64(v)
		} else {
			overflowDown = uint64(-v) > uint64(old)
			res = uint64(old) - uint64(-v)
		}
	} else {
		if v < 0 {
			overflowDown = true
		} else {
			overflowUp = uint64(v) > maxv
		}
		res = uint64(v)
	}
	if !overflowUp && !overflowDown {
		return int64(res), false
	}
	switch ovf {
	case 's':
		if overflowUp {
			return int64(maxv), true
		}
		return 0, true
	case 'w':
		return int64(res & maxv), true
	}
	return 0, true
}
