package core

// crc64.c: Redis's CRC-64/Jones (reflected polynomial 0xad93d23594c935a9,
// no final xor), the checksum of DUMP payloads and RDB files. Redis starts
// it at 0 (crc64(0, ...)); hash/crc64 inverts the register at both ends, so
// it cannot compute this one.

var crc64Table = func() (t [256]uint64) {
	const poly = 0x95ac9329ac4bc9b5 // 0xad93d23594c935a9 bit-reversed
	for i := range t {
		c := uint64(i)
		for range 8 {
			if c&1 != 0 {
				c = c>>1 ^ poly
			} else {
				c >>= 1
			}
		}
		t[i] = c
	}
	return t
}()

func crc64(crc uint64, p []byte) uint64 {
	for _, b := range p {
		crc = crc64Table[byte(crc)^b] ^ crc>>8
	}
	return crc
}
