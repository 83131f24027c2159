package core

import (
	"math"
	"sort"
	"strings"
)

// object.c's MEMORY USAGE: objectComputeSize with jemalloc's size classes
// and the sizes of 7.0's structures on a 64-bit build. The listpack,
// intset and string forms are exact; the hashtable forms assume a dict
// whose rehash has finished (a real one may be between two tables) and
// the skiplist assumes one-level nodes (a real node's level is random).

const (
	sizeofRobj          = 16
	sizeofDictEntry     = 24
	sizeofDict          = 56
	sizeofQuicklist     = 40
	sizeofQuicklistNode = 40
	sizeofZset          = 16
	sizeofZskiplist     = 32
	sizeofZslNode       = 24 // ele, score, backward; each level adds 16
	zskiplistMaxLevel   = 32
	objComputeSamples   = 5
)

// jemallocSize is zmalloc_size of an n-byte allocation: 8, then multiples
// of 16 up to 128, then four classes to a doubling.
func jemallocSize(n int) int {
	switch {
	case n <= 8:
		return 8
	case n <= 128:
		return (n + 15) / 16 * 16
	}
	return int(jemallocUsable(int64(n)))
}

// sdsAllocSize is sdsZmallocSize of an sds made by sdsnewlen: its header
// type is the smallest that holds the length.
func sdsAllocSize(n int) int {
	var hdr int
	switch {
	case n < 1<<5:
		hdr = 1
	case n < 1<<8:
		hdr = 3
	case n < 1<<16:
		hdr = 5
	case n < 1<<32:
		hdr = 9
	default:
		hdr = 17
	}
	return jemallocSize(hdr + n + 1)
}

// keySdsSize is the key's copy dbAdd makes (sdsdup of the argument).
func keySdsSize(n int) int {
	if n == 0 {
		return jemallocSize(3 + 1) // sdsnewlen makes an empty sds type 8
	}
	return sdsAllocSize(n)
}

func dictSlots(n int) int {
	s := 4
	for s < n {
		s *= 2
	}
	return s
}

// objectComputeSize is object.c's for e.
func objectComputeSize(e *entry, samples int, lim encLimits) int {
	switch e.typ {
	case typeString:
		switch objectEncoding(e, lim) {
		case "int":
			return sizeofRobj
		case "embstr":
			return jemallocSize(sizeofRobj + 3 + len(e.str) + 1)
		}
		return sdsAllocSize(len(e.str)) + sizeofRobj
	case typeList:
		// node->entry's allocation: the listpack, or a compressed node's
		// quicklistLZF.
		nodes := e.list().nodes
		size := sizeofRobj + sizeofQuicklist
		ele, n := 0, 0
		for _, nd := range nodes {
			if n >= samples {
				break
			}
			ele += sizeofQuicklistNode + nd.allocSize()
			n++
		}
		if n > 0 {
			size += int(float64(ele) / float64(n) * float64(len(nodes)))
		}
		return size
	case typeSet:
		s := e.set()
		if objectEncoding(e, lim) == "intset" {
			vals := make([]int64, 0, len(s.m))
			for m := range s.m {
				v, _ := parseInt(m)
				vals = append(vals, v)
			}
			return sizeofRobj + jemallocSize(len(intsetBlob(vals)))
		}
		size := sizeofRobj + sizeofDict + 8*dictSlots(len(s.m))
		ele, n := 0, 0
		for _, m := range setMembersSorted(s.m) {
			if n >= samples {
				break
			}
			ele += sizeofDictEntry + sdsAllocSize(len(m))
			n++
		}
		if n > 0 {
			size += int(float64(ele) / float64(n) * float64(len(s.m)))
		}
		return size
	case typeZset:
		z := e.zset().sorted()
		if objectEncoding(e, lim) == "listpack" {
			lp := newListpack()
			for _, m := range z {
				lp.append(m.member)
				lp.append(d2string(m.score))
			}
			return sizeofRobj + jemallocSize(lp.size())
		}
		size := sizeofRobj + sizeofZset + sizeofZskiplist + sizeofDict + 8*dictSlots(len(z)) + jemallocSize(sizeofZslNode+16*zskiplistMaxLevel)
		ele, n := 0, 0
		for _, m := range z {
			if n >= samples {
				break
			}
			ele += sdsAllocSize(len(m.member)) + sizeofDictEntry + jemallocSize(sizeofZslNode+16)
			n++
		}
		if n > 0 {
			size += int(float64(ele) / float64(n) * float64(len(z)))
		}
		return size
	case typeHash:
		h := e.hash()
		if objectEncoding(e, lim) == "listpack" {
			lp := newListpack()
			for _, s := range h.kv {
				lp.append(s)
			}
			return sizeofRobj + jemallocSize(lp.size())
		}
		size := sizeofRobj + sizeofDict + 8*dictSlots(h.len())
		ele, n := 0, 0
		for i := 0; i < len(h.kv) && n < samples; i += 2 {
			ele += sdsAllocSize(len(h.kv[i])) + sdsAllocSize(len(h.kv[i+1])) + sizeofDictEntry
			n++
		}
		if n > 0 {
			size += int(float64(ele) / float64(n) * float64(h.len()))
		}
		return size
	}
	return 0
}

func setMembersSorted(m map[string]struct{}) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// cmdMemoryUsage is memoryCommand's USAGE: the value, the key's sds and
// its dictEntry.
func cmdMemoryUsage(c *cmdCtx) Reply {
	samples := objComputeSamples
	for j := 3; j < len(c.argv); j++ {
		if !strings.EqualFold(c.argv[j], "samples") || j+1 >= len(c.argv) {
			return errSyntax
		}
		v, ok := parseInt(c.argv[j+1])
		if !ok {
			return errNotInt
		}
		if v < 0 {
			return errSyntax
		}
		if v == 0 || v > math.MaxInt32 {
			v = math.MaxInt32
		}
		samples = int(v)
		j++
	}
	e := c.s.ks.get(c.db, c.argv[2]) // dictFind: no expiry check, no touch
	if e == nil {
		return nilReply
	}
	if e.typ == typeStream {
		return errReply("ERR ReplScope cannot size a stream: its radix tree of listpacks is not modelled")
	}
	return intReply(int64(objectComputeSize(e, samples, c.s.cfg.encLimits()) + keySdsSize(len(c.argv[2])) + sizeofDictEntry))
}

// cmdMemoryStats is MEMORY STATS's reply shape (getMemoryOverheadData):
// the keyspace's figures are the model's (each database's main and
// expires dicts, as dictSize and dictSlots count them once their rehash
// is over; keys.count); the replication buffer is the model's blocks;
// the dataset is the values' objectComputeSize. The process's own
// figures (allocator, RSS, startup heap, client and script buffers) are 0:
// the model has no process, and comparisons leave them out
// (report.MemoryStatsProcess).
func cmdMemoryStats(c *cmdCtx) Reply {
	var dbs []Reply
	overhead, dataset, keys := keyspaceMemory(c.s, func(db int, main, exp int64) {
		dbs = append(dbs, bulkReply("db."+itoa(int64(db))), c.mapReply([]Reply{
			bulkReply("overhead.hashtable.main"), intReply(main),
			bulkReply("overhead.hashtable.expires"), intReply(exp),
			bulkReply("overhead.hashtable.slot-to-keys"), intReply(0),
		}))
	})
	backlog := c.s.memReplBuffers()
	overhead += backlog
	perKey := int64(0)
	if keys > 0 {
		perKey = (overhead + dataset) / keys
	}
	total := overhead + dataset
	pct := func(a, b int64) Reply {
		if b == 0 {
			return c.doubleText("0")
		}
		return c.doubleText(formatDouble(float64(float32(float64(a) * 100 / float64(b)))))
	}
	out := []Reply{
		bulkReply("peak.allocated"), intReply(total),
		bulkReply("total.allocated"), intReply(total),
		bulkReply("startup.allocated"), intReply(0),
		bulkReply("replication.backlog"), intReply(backlog),
		bulkReply("clients.slaves"), intReply(0),
		bulkReply("clients.normal"), intReply(0),
		bulkReply("cluster.links"), intReply(0),
		bulkReply("aof.buffer"), intReply(0),
		bulkReply("lua.caches"), intReply(0),
		bulkReply("functions.caches"), intReply(0),
	}
	out = append(out, dbs...)
	out = append(out,
		bulkReply("overhead.total"), intReply(overhead),
		bulkReply("keys.count"), intReply(keys),
		bulkReply("keys.bytes-per-key"), intReply(perKey),
		bulkReply("dataset.bytes"), intReply(dataset),
		bulkReply("dataset.percentage"), pct(dataset, total),
		bulkReply("peak.percentage"), pct(total, total),
	)
	for _, f := range []string{"allocator.allocated", "allocator.active", "allocator.resident"} {
		out = append(out, bulkReply(f), intReply(0))
	}
	for _, f := range []string{"allocator-fragmentation", "allocator-rss", "rss-overhead"} {
		out = append(out, bulkReply(f+".ratio"), c.doubleText("0"), bulkReply(f+".bytes"), intReply(0))
	}
	out = append(out, bulkReply("fragmentation"), c.doubleText("0"), bulkReply("fragmentation.bytes"), intReply(0))
	return c.mapReply(out)
}

// keyspaceMemory is getMemoryOverheadData's keyspace: each non-empty
// database's main and expires dicts (as dictSize and dictSlots count them
// once their rehash is over; each is handed to perDB when not nil), the
// values' objectComputeSize and the keys.
func keyspaceMemory(s *Server, perDB func(db int, main, exp int64)) (overhead, dataset, keys int64) {
	lim := s.cfg.encLimits()
	for db := range numDBs {
		n := s.ks.dbLen(db)
		if n == 0 {
			continue
		}
		expires := 0
		s.ks.each(db, func(k string, e *entry) bool {
			if e.expire != 0 {
				expires++
			}
			dataset += int64(objectComputeSize(e, objComputeSamples, lim) + keySdsSize(len(k)))
			return true
		})
		main := int64(n*sizeofDictEntry + dictSlots(n)*8 + n*sizeofRobj)
		exp := int64(0)
		if expires > 0 {
			exp = int64(expires*sizeofDictEntry + dictSlots(expires)*8)
		}
		keys += int64(n)
		overhead += main + exp
		if perDB != nil {
			perDB(db, main, exp)
		}
	}
	return overhead, dataset, keys
}
