package core

import "sync"

// lzf_c.c and lzf_d.c as Redis builds them (HLOG 16, VERY_FAST, offsets in
// the hash table), so that compressed strings in a DUMP payload are the
// bytes redis-server writes. Redis leaves its hash table uninitialised; a
// stale slot can only ever add a match that a clean table would miss, and
// the slots this model starts clean are what a fresh server process has in
// practice.

const (
	lzfHlog   = 16
	lzfHsize  = 1 << lzfHlog
	lzfMaxLit = 1 << 5
	lzfMaxOff = 1 << 13
	lzfMaxRef = (1 << 8) + (1 << 3)
)

// lzfTables are hash tables for lzfCompress to reuse (256 KiB each).
var lzfTables = sync.Pool{New: func() any { return new([lzfHsize]int32) }}

func lzfIdx(h uint32) uint32 { return ((h >> (3*8 - lzfHlog)) - h*5) & (lzfHsize - 1) }

// lzfCompress is lzf_compress: the compressed bytes, or nil when they would
// not fit in outLen bytes.
func lzfCompress(in []byte, outLen int) []byte {
	inLen := len(in)
	if inLen == 0 || outLen == 0 {
		return nil
	}
	htab := lzfTables.Get().(*[lzfHsize]int32) // ip - in_data, 0 = empty
	defer lzfTables.Put(htab)
	clear(htab[:])
	out := make([]byte, outLen)
	ip, op, lit := 0, 0, 0
	op++            // start run
	var hval uint32 // FRST(ip)
	if inLen >= 2 {
		hval = uint32(in[0])<<8 | uint32(in[1])
	}
	for ip < inLen-2 {
		hval = hval<<8 | uint32(in[ip+2])
		slot := lzfIdx(hval)
		ref := int(htab[slot])
		htab[slot] = int32(ip)
		off := ip - ref - 1
		if ref != 0 && ref < ip && off < lzfMaxOff && ref > 0 && in[ref+2] == in[ip+2] && in[ref] == in[ip] && in[ref+1] == in[ip+1] {
			l := 2
			maxlen := inLen - ip - l
			if maxlen > lzfMaxRef {
				maxlen = lzfMaxRef
			}
			if op+3+1 >= outLen {
				nl := 0
				if lit == 0 {
					nl = 1
				}
				if op-nl+3+1 >= outLen {
					return nil
				}
			}
			out[op-lit-1] = byte(lit - 1)
			if lit == 0 {
				op--
			}
			matched := false
			if maxlen > 16 { // lzf's unrolled loop: sixteen steps without the maxlen test
				for range 16 {
					l++
					if in[ref+l] != in[ip+l] {
						matched = true
						break
					}
				}
			}
			for !matched {
				l++
				if l >= maxlen || in[ref+l] != in[ip+l] {
					break
				}
			}
			l -= 2
			ip++
			if l < 7 {
				out[op] = byte(off>>8 + l<<5)
				op++
			} else {
				out[op] = byte(off>>8 + 7<<5)
				out[op+1] = byte(l - 7)
				op += 2
			}
			out[op] = byte(off)
			op++
			lit = 0
			op++
			ip += l + 1
			if ip >= inLen-2 {
				break
			}
			ip -= 2
			hval = uint32(in[ip])<<8 | uint32(in[ip+1])
			hval = hval<<8 | uint32(in[ip+2])
			htab[lzfIdx(hval)] = int32(ip)
			ip++
			hval = hval<<8 | uint32(in[ip+2])
			htab[lzfIdx(hval)] = int32(ip)
			ip++
		} else {
			if op >= outLen {
				return nil
			}
			lit++
			out[op] = in[ip]
			op++
			ip++
			if lit == lzfMaxLit {
				out[op-lit-1] = byte(lit - 1)
				lit = 0
				op++
			}
		}
	}
	if op+3 > outLen {
		return nil
	}
	for ip < inLen {
		lit++
		out[op] = in[ip]
		op++
		ip++
		if lit == lzfMaxLit {
			out[op-lit-1] = byte(lit - 1)
			lit = 0
			op++
		}
	}
	out[op-lit-1] = byte(lit - 1)
	if lit == 0 {
		op--
	}
	return out[:op]
}

// lzfDecompress is lzf_decompress into exactly outLen bytes (false: the
// data is corrupt or does not fill them).
func lzfDecompress(in []byte, outLen int) ([]byte, bool) {
	out := make([]byte, 0, outLen)
	ip := 0
	for ip < len(in) {
		ctrl := int(in[ip])
		ip++
		if ctrl < 1<<5 {
			ctrl++
			if len(out)+ctrl > outLen || ip+ctrl > len(in) {
				return nil, false
			}
			out = append(out, in[ip:ip+ctrl]...)
			ip += ctrl
			continue
		}
		l := ctrl >> 5
		ref := len(out) - (ctrl&0x1f)<<8 - 1
		if l == 7 {
			if ip >= len(in) {
				return nil, false
			}
			l += int(in[ip])
			ip++
		}
		if ip >= len(in) {
			return nil, false
		}
		ref -= int(in[ip])
		ip++
		l += 2
		if len(out)+l > outLen || ref < 0 {
			return nil, false
		}
		for range l {
			out = append(out, out[ref])
			ref++
		}
	}
	return out, len(out) == outLen
}
