package core

// The sparse HLL encoding (hyperloglog.c): after the 16-byte header, runs
// of registers as opcodes. ZERO 00xxxxxx is 1..64 zero registers, XZERO
// 01xxxxxx yyyyyyyy 1..16384 of them, VAL 1vvvvvxx 1..4 registers of value
// 1..32. A new HLL is one XZERO of all 16384 registers.

const (
	hllSparseValMaxValue = 32
	hllSparseValMaxLen   = 4
	hllSparseZeroMaxLen  = 64
	hllSparseXZeroMaxLen = 16384
)

func sparseIsZero(b byte) bool  { return b&0xc0 == 0 }
func sparseIsXZero(b byte) bool { return b&0xc0 == 0x40 }
func sparseIsVal(b byte) bool   { return b&0x80 != 0 }
func sparseZeroLen(b byte) int  { return int(b&0x3f) + 1 }
func sparseValValue(b byte) int { return int(b>>2&0x1f) + 1 }
func sparseValLen(b byte) int   { return int(b&0x3) + 1 }

// sparseXZeroLen reads the two-byte opcode at p (a truncated one reads a
// zero second byte, as the C code reads the string's terminator).
func sparseXZeroLen(b []byte, p int) int {
	lo := 0
	if p+1 < len(b) {
		lo = int(b[p+1])
	}
	return (int(b[p]&0x3f)<<8 | lo) + 1
}

func sparseVal(val, n int) byte { return byte((val-1)<<2|(n-1)) | 0x80 }
func sparseZero(n int) byte     { return byte(n - 1) }
func sparseXZero(n int) [2]byte { return [2]byte{byte((n-1)>>8) | 0x40, byte((n - 1) & 0xff)} }

// newHLL is createHLLObject: sparse, one XZERO, cached cardinality 0.
func newHLL() []byte {
	b := make([]byte, hllHdrSize, hllHdrSize+2)
	copy(b, "HYLL")
	b[4] = hllSparse
	x := sparseXZero(hllRegisters)
	return append(b, x[0], x[1])
}

// isHLL is isHLLObjectOrReply's check of a string value.
func isHLL(s string) bool {
	if len(s) < hllHdrSize || s[:4] != "HYLL" || s[4] > hllSparse {
		return false
	}
	return s[4] != hllDense || len(s) == hllDenseSize
}

// sparseWalk calls f for each opcode's run (value 0 for ZERO and XZERO)
// and reports whether the runs cover exactly the 16384 registers; a VAL
// run past the end stops it (hllSparseToDense, hllMerge).
func sparseWalk(b []byte, f func(idx, n, val int)) bool {
	idx := 0
	for p := hllHdrSize; p < len(b); {
		switch {
		case sparseIsZero(b[p]):
			n := sparseZeroLen(b[p])
			idx += n
			p++
		case sparseIsXZero(b[p]):
			n := sparseXZeroLen(b, p)
			idx += n
			p += 2
		default:
			n, v := sparseValLen(b[p]), sparseValValue(b[p])
			if idx+n > hllRegisters {
				return false
			}
			f(idx, n, v)
			idx += n
			p++
		}
	}
	return idx == hllRegisters
}

// hllSparseToDense is hllSparseToDense: the header (cached cardinality
// included) with the dense encoding, and every register set.
func hllSparseToDense(b []byte) ([]byte, bool) {
	if b[4] == hllDense {
		return b, true
	}
	d := make([]byte, hllDenseSize)
	copy(d, b[:hllHdrSize])
	d[4] = hllDense
	ok := sparseWalk(b, func(idx, n, val int) {
		for i := idx; i < idx+n; i++ {
			hllSet(d, i, uint8(val))
		}
	})
	return d, ok
}

// hllDenseSet is hllDenseSet: 1 when the register grew.
func hllDenseSet(b []byte, index int, count uint8) int {
	if hllGet(b, index) < count {
		hllSet(b, index, count)
		return 1
	}
	return 0
}

// hllSparseSet is hllSparseSet: the opcode covering index is split (or
// updated in place), adjacent equal VALs are merged, and the HLL turns
// dense when count needs more than a VAL holds or the string would pass
// maxBytes. It returns the new string and 1 (changed), 0 or -1 (corrupt).
func hllSparseSet(b []byte, index int, count uint8, maxBytes int) ([]byte, int) {
	if count > hllSparseValMaxValue {
		return hllPromote(b, index, count)
	}
	// Step 1: the opcode that covers the register.
	end := len(b)
	p, first, prev, span := hllHdrSize, 0, -1, 0
	for p < end {
		oplen := 1
		switch {
		case sparseIsZero(b[p]):
			span = sparseZeroLen(b[p])
		case sparseIsVal(b[p]):
			span = sparseValLen(b[p])
		default:
			span = sparseXZeroLen(b, p)
			oplen = 2
		}
		if index <= first+span-1 {
			break
		}
		prev = p
		p += oplen
		first += span
	}
	if span == 0 || p >= end {
		return b, -1
	}
	isZero, isXZero, isVal := sparseIsZero(b[p]), sparseIsXZero(b[p]), sparseIsVal(b[p])
	var runlen int
	switch {
	case isZero:
		runlen = sparseZeroLen(b[p])
	case isXZero:
		runlen = sparseXZeroLen(b, p)
	default:
		runlen = sparseValLen(b[p])
	}
	// Step 2: the cases updated in place, then the general split.
	updated := false
	if isVal {
		if sparseValValue(b[p]) >= int(count) {
			return b, 0
		}
		if runlen == 1 {
			b[p] = sparseVal(int(count), 1)
			updated = true
		}
	}
	if !updated && isZero && runlen == 1 {
		b[p] = sparseVal(int(count), 1)
		updated = true
	}
	if !updated {
		seq := make([]byte, 0, 5)
		last := first + span - 1
		zeros := func(n int) {
			if n > hllSparseZeroMaxLen {
				x := sparseXZero(n)
				seq = append(seq, x[0], x[1])
			} else {
				seq = append(seq, sparseZero(n))
			}
		}
		if isZero || isXZero {
			if index != first {
				zeros(index - first)
			}
			seq = append(seq, sparseVal(int(count), 1))
			if index != last {
				zeros(last - index)
			}
		} else {
			cur := sparseValValue(b[p])
			if index != first {
				seq = append(seq, sparseVal(cur, index-first))
			}
			seq = append(seq, sparseVal(int(count), 1))
			if index != last {
				seq = append(seq, sparseVal(cur, last-index))
			}
		}
		// Step 3: the new sequence replaces the opcode.
		oldlen := 1
		if isXZero {
			oldlen = 2
		}
		if delta := len(seq) - oldlen; delta > 0 && len(b)+delta > maxBytes {
			return hllPromote(b, index, count)
		}
		nb := make([]byte, 0, len(b)+len(seq)-oldlen)
		nb = append(append(append(nb, b[:p]...), seq...), b[p+oldlen:]...)
		b = nb
		end = len(b)
	}
	// Step 4: merge adjacent VALs of one value, up to 5 opcodes from prev.
	p = hllHdrSize
	if prev >= 0 {
		p = prev
	}
	for scan := 5; p < end && scan > 0; scan-- {
		if sparseIsXZero(b[p]) {
			p += 2
			continue
		}
		if sparseIsZero(b[p]) {
			p++
			continue
		}
		if p+1 < end && sparseIsVal(b[p+1]) {
			v1, v2 := sparseValValue(b[p]), sparseValValue(b[p+1])
			if n := sparseValLen(b[p]) + sparseValLen(b[p+1]); v1 == v2 && n <= hllSparseValMaxLen {
				b[p+1] = sparseVal(v1, n)
				b = append(b[:p], b[p+1:]...)
				end--
				continue // the merged VAL may merge with the next one
			}
		}
		p++
	}
	b[15] |= 0x80 // HLL_INVALIDATE_CACHE
	return b, 1
}

// hllPromote turns the HLL dense and sets the register there (a promotion
// always changes it, so PFADD propagates and every replica converts too).
func hllPromote(b []byte, index int, count uint8) ([]byte, int) {
	d, ok := hllSparseToDense(b)
	if !ok {
		return b, -1
	}
	return d, hllDenseSet(d, index, count)
}

// hllDecode is PFDEBUG DECODE's text of the opcodes.
func hllDecode(b []byte) string {
	var out []byte
	for p := hllHdrSize; p < len(b); {
		switch {
		case sparseIsZero(b[p]):
			out = append(append(out, "z:"...), itoa(int64(sparseZeroLen(b[p])))...)
			p++
		case sparseIsXZero(b[p]):
			out = append(append(out, "Z:"...), itoa(int64(sparseXZeroLen(b, p)))...)
			p += 2
		default:
			out = append(append(out, "v:"...), itoa(int64(sparseValValue(b[p])))...)
			out = append(append(out, ','), itoa(int64(sparseValLen(b[p])))...)
			p++
		}
		out = append(out, ' ')
	}
	return string(trimSpaces(out))
}

func trimSpaces(b []byte) []byte {
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	for len(b) > 0 && b[0] == ' ' {
		b = b[1:]
	}
	return b
}
