package core

import (
	"encoding/binary"
	"math"
	"strings"
)

// hyperloglog.c: the registers, MurmurHash64A and the 7.0 estimator,
// so that PFADD's "changed" and PFCOUNT's number are Redis's. The value
// is a string, as in Redis, byte for byte: a new HLL is sparse (ZERO,
// XZERO and VAL opcodes, hllsparse.go) and turns dense past
// hll-sparse-max-bytes or a register above 32.

const (
	hllP         = 14
	hllQ         = 64 - hllP
	hllRegisters = 1 << hllP
	hllBits      = 6
	hllHdrSize   = 16
	hllDenseSize = hllHdrSize + (hllRegisters*hllBits+7)/8
	hllDense     = 0 // the header's encoding byte
	hllSparse    = 1
)

var (
	errNotHLL     = errReply("WRONGTYPE Key is not a valid HyperLogLog string value.")
	errInvalidHLL = errReply("INVALIDOBJ Corrupted HLL object detected")
)

func murmurHash64A(key []byte, seed uint64) uint64 {
	const m = 0xc6a4a7935bd1e995
	const r = 47
	h := seed ^ uint64(len(key))*m
	n := len(key) / 8
	for i := 0; i < n; i++ {
		k := binary.LittleEndian.Uint64(key[i*8:])
		k *= m
		k ^= k >> r
		k *= m
		h ^= k
		h *= m
	}
	tail := key[n*8:]
	switch len(tail) {
	case 7:
		h ^= uint64(tail[6]) << 48
		fallthrough
	case 6:
		h ^= uint64(tail[5]) << 40
		fallthrough
	case 5:
		h ^= uint64(tail[4]) << 32
		fallthrough
	case 4:
		h ^= uint64(tail[3]) << 24
		fallthrough
	case 3:
		h ^= uint64(tail[2]) << 16
		fallthrough
	case 2:
		h ^= uint64(tail[1]) << 8
		fallthrough
	case 1:
		h ^= uint64(tail[0])
		h *= m
	}
	h ^= h >> r
	h *= m
	h ^= h >> r
	return h
}

// hllPatLen is hllPatLen: the register index and the run length + 1.
func hllPatLen(ele string) (int, uint8) {
	hash := murmurHash64A([]byte(ele), 0xadc83b19)
	index := int(hash & (hllRegisters - 1))
	hash >>= hllP
	hash |= 1 << hllQ
	bit := uint64(1)
	count := uint8(1)
	for hash&bit == 0 {
		count++
		bit <<= 1
	}
	return index, count
}

func hllGet(b []byte, i int) uint8 {
	byteIdx := hllHdrSize + i*hllBits/8
	fb := uint(i * hllBits & 7)
	b0 := uint(b[byteIdx])
	var b1 uint
	if byteIdx+1 < len(b) {
		b1 = uint(b[byteIdx+1])
	}
	return uint8(((b0 >> fb) | (b1 << (8 - fb))) & 63)
}

func hllSet(b []byte, i int, v uint8) {
	byteIdx := hllHdrSize + i*hllBits/8
	fb := uint(i * hllBits & 7)
	b[byteIdx] &^= byte(63 << fb)
	b[byteIdx] |= byte(uint(v) << fb)
	if byteIdx+1 < len(b) {
		fb8 := 8 - fb
		b[byteIdx+1] &^= byte(63 >> fb8)
		b[byteIdx+1] |= byte(uint(v) >> fb8)
	}
}

func hllSigma(x float64) float64 {
	if x == 1 {
		return math.Inf(1)
	}
	y, z := 1.0, x
	for {
		x *= x
		zp := z
		z += x * y
		y += y
		if zp == z {
			return z
		}
	}
}

func hllTau(x float64) float64 {
	if x == 0 || x == 1 {
		return 0
	}
	y, z := 1.0, 1-x
	for {
		x = math.Sqrt(x)
		zp := z
		y *= 0.5
		z -= math.Pow(1-x, 2) * y
		if zp == z {
			return z / 3
		}
	}
}

func hllCountRegs(regs func(i int) uint8) uint64 {
	m := float64(hllRegisters)
	var histo [64]int
	for i := 0; i < hllRegisters; i++ {
		histo[regs(i)]++
	}
	z := m * hllTau((m-float64(histo[hllQ+1]))/m)
	for j := hllQ; j >= 1; j-- {
		z += float64(histo[j])
		z *= 0.5
	}
	z += m * hllSigma(float64(histo[0])/m)
	return uint64(math.Round(0.721347520444481703680 * m * m / z))
}

// getHLL reads a key as an HLL: nil when missing.
func getHLL(c *cmdCtx, key string) (*entry, Reply, bool) {
	e, r, ok := getString(c, key)
	if !ok {
		return nil, r, false
	}
	if e != nil && !isHLL(e.str) {
		return nil, errNotHLL, false
	}
	return e, Reply{}, true
}

// sparseMaxBytes is hll-sparse-max-bytes.
func sparseMaxBytes(c *cmdCtx) int {
	v, _ := parseInt(c.s.cfg.get("hll-sparse-max-bytes"))
	return int(v)
}

// hllAdd is hllAdd: 1 when a register grew, -1 for a corrupt sparse HLL.
func hllAdd(c *cmdCtx, b []byte, ele string) ([]byte, int) {
	i, n := hllPatLen(ele)
	if b[4] == hllDense {
		return b, hllDenseSet(b, i, n)
	}
	return hllSparseSet(b, i, n, sparseMaxBytes(c))
}

// hllMerge is hllMerge: max holds the larger of each register.
func hllMerge(max *[hllRegisters]uint8, b []byte) bool {
	if b[4] == hllDense {
		for i := range max {
			if v := hllGet(b, i); v > max[i] {
				max[i] = v
			}
		}
		return true
	}
	return sparseWalk(b, func(idx, n, val int) {
		for i := idx; i < idx+n; i++ {
			if uint8(val) > max[i] {
				max[i] = uint8(val)
			}
		}
	})
}

// storeHLL writes an HLL's new bytes to its key (e nil: a new key).
func storeHLL(c *cmdCtx, key string, e *entry, b []byte) {
	if e == nil {
		c.setKey(key, &entry{typ: typeString, str: string(b), enc: encRaw})
		return
	}
	c.unshareString(key, e)
	c.lookupWrite(key).str = string(b)
}

func cmdPfadd(c *cmdCtx) Reply {
	e, r, ok := getHLL(c, c.argv[1])
	if !ok {
		return r
	}
	var b []byte
	updated := 0
	if e == nil {
		b = newHLL()
		updated++
	} else {
		b = []byte(e.str)
		c.unshareString(c.argv[1], e)
	}
	for _, ele := range c.argv[2:] {
		var ret int
		b, ret = hllAdd(c, b, ele)
		switch ret {
		case 1:
			updated++
		case -1:
			// The registers already set stay set, unpropagated, as
			// they do in the object Redis changed in place.
			storeHLL(c, c.argv[1], e, b)
			return errInvalidHLL
		}
	}
	if updated == 0 {
		return intReply(0)
	}
	b[15] |= 0x80
	storeHLL(c, c.argv[1], e, b)
	c.dirty += updated
	return intReply(1)
}

// cmdPfcount: one key uses and refreshes the cached cardinality (the
// refresh is a write, so it propagates); several are merged on the fly.
func cmdPfcount(c *cmdCtx) Reply {
	if len(c.argv) > 2 {
		var max [hllRegisters]uint8
		for _, k := range c.argv[1:] {
			e, r, ok := getHLL(c, k)
			if !ok {
				return r
			}
			if e != nil && !hllMerge(&max, []byte(e.str)) {
				return errInvalidHLL
			}
		}
		return intReply(int64(hllCountRegs(func(i int) uint8 { return max[i] })))
	}
	c.storesSources() // its cached cardinality
	e, r, ok := getHLL(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	c.unshareString(c.argv[1], e)
	b := []byte(e.str)
	if b[15]&0x80 == 0 {
		return intReply(int64(binary.LittleEndian.Uint64(b[8:16])))
	}
	var card uint64
	if b[4] == hllDense {
		card = hllCountRegs(func(i int) uint8 { return hllGet(b, i) })
	} else {
		var regs [hllRegisters]uint8
		if !hllMerge(&regs, b) {
			return errInvalidHLL
		}
		card = hllCountRegs(func(i int) uint8 { return regs[i] })
	}
	binary.LittleEndian.PutUint64(b[8:16], card)
	c.lookupWrite(c.argv[1]).str = string(b)
	c.dirty++
	return intReply(int64(card))
}

// cmdPfmerge: the target is dense when any source is; otherwise it stays
// sparse as long as the registers set one by one let it.
func cmdPfmerge(c *cmdCtx) Reply {
	var max [hllRegisters]uint8
	useDense := false
	for _, k := range c.argv[1:] {
		e, r, ok := getHLL(c, k)
		if !ok {
			return r
		}
		if e == nil {
			continue
		}
		useDense = useDense || e.str[4] == hllDense
		if !hllMerge(&max, []byte(e.str)) {
			return errInvalidHLL
		}
	}
	d := c.lookupWrite(c.argv[1])
	var b []byte
	if d == nil {
		b = newHLL()
	} else {
		b = []byte(d.str)
	}
	if useDense {
		var ok bool
		if b, ok = hllSparseToDense(b); !ok {
			return errInvalidHLL
		}
	}
	maxBytes := sparseMaxBytes(c)
	for j, v := range max {
		if v == 0 {
			continue
		}
		if b[4] == hllDense {
			hllDenseSet(b, j, v)
		} else {
			b, _ = hllSparseSet(b, j, v, maxBytes)
		}
	}
	b[15] |= 0x80
	storeHLL(c, c.argv[1], d, b)
	c.dirty++
	return okReply
}

// cmdPfdebug is PFDEBUG GETREG|DECODE|ENCODING|TODENSE key; GETREG and
// TODENSE turn a sparse HLL dense, and that change is propagated.
func cmdPfdebug(c *cmdCtx) Reply {
	key := c.argv[2]
	e := c.lookupWrite(key)
	if e == nil {
		return errReply("ERR The specified key does not exist")
	}
	if e.typ != typeString {
		return errWrongType
	}
	if !isHLL(e.str) {
		return errNotHLL
	}
	c.unshareString(key, e)
	b := []byte(e.str)
	toDense := func() bool {
		if b[4] == hllDense {
			return false
		}
		d, ok := hllSparseToDense(b)
		if !ok {
			return false
		}
		e.str, b = string(d), d
		c.dirty++ // force propagation on encoding change
		return true
	}
	switch sub := c.argv[1]; strings.ToLower(sub) {
	case "getreg":
		if b[4] == hllSparse && !toDense() {
			return errInvalidHLL
		}
		regs := make([]Reply, hllRegisters)
		for j := range regs {
			regs[j] = intReply(int64(hllGet(b, j)))
		}
		return Reply{Kind: '*', Array: regs}
	case "decode":
		if b[4] != hllSparse {
			return errReply("ERR HLL encoding is not sparse")
		}
		return bulkReply(hllDecode(b))
	case "encoding":
		if b[4] == hllSparse {
			return statusReply("sparse")
		}
		return statusReply("dense")
	case "todense":
		if b[4] == hllSparse {
			if !toDense() {
				return errInvalidHLL
			}
			return intReply(1)
		}
		return intReply(0)
	default:
		return errReply("ERR Unknown PFDEBUG subcommand '" + sub + "'")
	}
}
