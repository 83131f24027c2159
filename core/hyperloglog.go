package core

import (
	"encoding/binary"
	"math"
)

// hyperloglog.c: the registers, MurmurHash64A and the 7.0 estimator,
// so that PFADD's "changed" and PFCOUNT's number are Redis's. The value
// is a string, as in Redis; the model always keeps the dense encoding
// (Redis starts sparse, so GET on an HLL differs, the counts do not).

const (
	hllP         = 14
	hllQ         = 64 - hllP
	hllRegisters = 1 << hllP
	hllBits      = 6
	hllHdrSize   = 16
	hllDenseSize = hllHdrSize + (hllRegisters*hllBits+7)/8
)

var errNotHLL = errReply("WRONGTYPE Key is not a valid HyperLogLog string value.")

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

func newHLL() []byte {
	b := make([]byte, hllDenseSize)
	copy(b, "HYLL")
	b[15] = 0x80 // cache invalid
	return b
}

func isHLL(s string) bool { return len(s) == hllDenseSize && s[:4] == "HYLL" && s[4] == 0 }

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

func cmdPfadd(c *cmdCtx) Reply {
	e, r, ok := getHLL(c, c.argv[1])
	if !ok {
		return r
	}
	var b []byte
	changed := false
	if e == nil {
		b = newHLL()
		changed = true
	} else {
		b = []byte(e.str)
	}
	for _, ele := range c.argv[2:] {
		i, n := hllPatLen(ele)
		if hllGet(b, i) < n {
			hllSet(b, i, n)
			changed = true
		}
	}
	if !changed {
		return intReply(0)
	}
	b[15] |= 0x80
	if e == nil {
		c.setKey(c.argv[1], &entry{typ: typeString, str: string(b)})
	} else {
		c.lookupWrite(c.argv[1]).str = string(b)
	}
	c.dirty++
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
			if e == nil {
				continue
			}
			b := []byte(e.str)
			for i := range max {
				if v := hllGet(b, i); v > max[i] {
					max[i] = v
				}
			}
		}
		return intReply(int64(hllCountRegs(func(i int) uint8 { return max[i] })))
	}
	e, r, ok := getHLL(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	b := []byte(e.str)
	if b[15]&0x80 == 0 {
		return intReply(int64(binary.LittleEndian.Uint64(b[8:16])))
	}
	card := hllCountRegs(func(i int) uint8 { return hllGet(b, i) })
	binary.LittleEndian.PutUint64(b[8:16], card)
	c.lookupWrite(c.argv[1]).str = string(b)
	c.dirty++
	return intReply(int64(card))
}

func cmdPfmerge(c *cmdCtx) Reply {
	var max [hllRegisters]uint8
	for _, k := range c.argv[1:] {
		e, r, ok := getHLL(c, k)
		if !ok {
			return r
		}
		if e == nil {
			continue
		}
		b := []byte(e.str)
		for i := range max {
			if v := hllGet(b, i); v > max[i] {
				max[i] = v
			}
		}
	}
	b := newHLL()
	for i, v := range max {
		hllSet(b, i, v)
	}
	d := c.lookupWrite(c.argv[1])
	if d == nil {
		c.setKey(c.argv[1], &entry{typ: typeString, str: string(b)})
	} else {
		d.str = string(b)
	}
	c.dirty++
	return okReply
}
