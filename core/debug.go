package core

import (
	"strconv"
)

// debugPopulateMax bounds DEBUG POPULATE (keys × value bytes) so that a
// typo cannot exhaust memory; the cost model counts it too (limits.go).
const debugPopulateMax = 256 << 20

// debugPopulate is DEBUG POPULATE count [prefix] [size] (debug.c): count keys
// prefix:0 ... prefix:count-1 (default prefix "key"), each "value:N", or,
// with size, "value:N" cut or padded with zero bytes to size; existing
// keys are kept. It changes no dirty counter, so nothing is propagated:
// the keys reach a replica only in an RDB.
func debugPopulate(c *cmdCtx) Reply {
	if len(c.argv) < 3 || len(c.argv) > 5 {
		return errReply("ERR wrong number of arguments for 'debug|populate' command")
	}
	count, err := strconv.ParseInt(c.argv[2], 10, 64)
	if err != nil || count < 0 {
		return errReply("ERR value is out of range, must be positive")
	}
	prefix := "key"
	if len(c.argv) > 3 {
		prefix = c.argv[3]
	}
	size := int64(0)
	if len(c.argv) > 4 {
		if size, err = strconv.ParseInt(c.argv[4], 10, 64); err != nil || size < 0 {
			return errReply("ERR value is out of range, must be positive")
		}
	}
	if count*(max(size, 16)+int64(len(prefix))+8) > debugPopulateMax {
		return errReply("ERR ReplScope's DEBUG POPULATE makes at most " + itoa(debugPopulateMax) + " bytes")
	}
	for j := int64(0); j < count; j++ {
		key := prefix + ":" + itoa(j)
		if c.lookupWrite(key) != nil {
			continue
		}
		val := "value:" + itoa(j)
		if size > 0 {
			b := make([]byte, size)
			copy(b, val)
			val = string(b)
		}
		c.setKey(key, &entry{typ: typeString, str: val, enc: encString})
	}
	return okReply
}
