package core

import (
	"math/bits"
	"sort"
	"strconv"
	"strings"
)

// Command and error statistics (server.c: call(), rejectCommand,
// incrCommandStatsOnError, afterErrorReply, incrementErrorCount,
// genRedisInfoStringCommandStats; latency.c: LATENCY HISTOGRAM).
//
// A command counts a call when call() has run it: the scenario's commands
// (a command queued by MULTI when EXEC runs it), the commands a script
// calls, what a replica applies from its master (SELECT, MULTI, EXEC,
// PING and REPLCONF GETACK included), and on a master the handshake of
// each replica (PING, REPLCONF listening-port and capa, PSYNC) and its
// REPLCONF ACKs. A command refused before call() (arity, NOPERM,
// READONLY, NOREPLICAS, not allowed in MULTI) counts rejected_calls; one
// whose reply is an error counts failed_calls. An unknown command or
// subcommand has no entry to count in: only its error counts.
//
// Time is virtual: a call lasts 0 µs, so usec and usec_per_call are 0 and
// every latency sample is the histogram's floor (1 ns).

// cmdStat is one command's figures (redisCommand's calls, microseconds,
// rejected_calls, failed_calls and latency_histogram).
type cmdStat struct {
	calls, usec, rejected, failed int64
	hist                          latencyHistogram // empty (total 0) until a call is recorded: hdr_init on first use
}

// serverStats is what CONFIG RESETSTAT clears: every command's figures
// and server.errors (the error codes' counts), with
// stat_total_error_replies.
type serverStats struct {
	frozen bool // shared with a clone: copy before writing
	// cmds is indexed by command.statIdx (statTable's order): counting
	// a call, which every command does on every server, is an index,
	// not a lookup by name.
	cmds              []cmdStat
	errors            map[string]int64
	totalErrorReplies int64
}

// statCounters are the server.stat_* counters of INFO stats the model
// keeps, besides the sync counters (Server.syncFull ...) and
// stat_total_error_replies (serverStats): resetServerStats clears them.
type statCounters struct {
	numCommands    int64 // stat_numcommands: every call()
	numConnections int64 // stat_numconnections: the model's are other servers' (a replica's, a MIGRATE source's); the harness takes its own out
	expiredKeys    int64 // stat_expiredkeys: deleteExpiredKeyAndPropagate, on lookup or in the active cycle
	expiredSubkeys int64 // 7.4's stat_expired_subkeys: hash fields
	keyspaceHits   int64 // lookupKey without LOOKUP_WRITE, found
	keyspaceMisses int64 // ... not found
	totalForks     int64 // stat_total_forks: a full sync's RDB, BGSAVE
	unexpected     int64 // stat_unexpected_error_replies: an error to the master link
	outbufLimit    int64 // 7.4's stat_client_outbuf_limit_disconnections
	evictedKeys    int64 // stat_evictedkeys: performEvictions
	// stat_total_eviction_exceeded_time and stat_last_eviction_exceeded_time
	// (evictionOver says it is set): the time performEvictions found memory
	// over maxmemory and could not bring it back, in virtual milliseconds.
	evictionTotal int64
	evictionSince int64
	evictionOver  bool
	aclDenied     [aclDeniedChannel + 1]int64 // 7.2's acl_info, by ACL check result
}

// keyReaders are the commands whose keys Redis 7.0 looks up for reading
// (lookupKeyRead*: every call of it in 7.0.15's source, by command): their
// lookups count keyspace_hits and keyspace_misses. The others look keys
// up for writing (lookupKeyWrite, LOOKUP_WRITE) or not at all (DEL,
// MEMORY USAGE, KEYS, WATCH), which counts nothing. A command here whose
// model also looks up a key it writes does so with lookupWrite or
// getTypedWrite, which never count.
var keyReaders = map[string]bool{
	// strings (GET's getGenericCommand also serves GETSET, GETDEL, SET ... GET)
	"get": true, "getset": true, "getdel": true, "set": true, "getex": true, "getrange": true, "substr": true,
	"mget": true, "strlen": true, "lcs": true,
	"getbit": true, "bitcount": true, "bitpos": true, "bitop": true, "bitfield": true, "bitfield_ro": true,
	// keyspace
	"exists": true, "type": true, "ttl": true, "pttl": true, "expiretime": true, "pexpiretime": true,
	"touch": true, "copy": true, "dump": true, "migrate": true, "scan": true, "sort": true, "sort_ro": true,
	"object|encoding": true, "object|freq": true, "object|idletime": true, "object|refcount": true,
	"pfcount": true, "pfmerge": true,
	// hashes (7.4's HTTL family too)
	"hget": true, "hmget": true, "hlen": true, "hstrlen": true, "hgetall": true, "hkeys": true, "hvals": true,
	"hexists": true, "hscan": true, "hrandfield": true,
	"httl": true, "hpttl": true, "hexpiretime": true, "hpexpiretime": true,
	// lists
	"llen": true, "lindex": true, "lrange": true, "lpos": true,
	// sets
	"sismember": true, "smismember": true, "scard": true, "srandmember": true, "smembers": true, "sscan": true,
	"sinter": true, "sintercard": true, "sinterstore": true, "sunion": true, "sunionstore": true, "sdiff": true, "sdiffstore": true,
	// sorted sets and geo
	"zunion": true, "zinter": true, "zdiff": true, "zunionstore": true, "zinterstore": true, "zdiffstore": true, "zintercard": true,
	"zcount": true, "zlexcount": true, "zrange": true, "zrangestore": true, "zrangebyscore": true, "zrevrangebyscore": true,
	"zrangebylex": true, "zrevrangebylex": true, "zrevrange": true, "zcard": true, "zscore": true, "zmscore": true,
	"zrank": true, "zrevrank": true, "zscan": true, "zrandmember": true,
	"georadius": true, "georadius_ro": true, "georadiusbymember": true, "georadiusbymember_ro": true,
	"geosearch": true, "geosearchstore": true, "geohash": true, "geopos": true, "geodist": true,
	// streams
	"xrange": true, "xrevrange": true, "xlen": true, "xread": true, "xreadgroup": true, "xack": true,
	"xpending": true, "xclaim": true, "xautoclaim": true, "xinfo|stream": true, "xinfo|groups": true, "xinfo|consumers": true,
}

// countLookup is lookupKey's keyspace hit or miss.
func (s *Server) countLookup(found bool) {
	if found {
		s.stat.keyspaceHits++
	} else {
		s.stat.keyspaceMisses++
	}
}

// statTable is every command and subcommand, by statIdx.
var statTable []*command

// statsForWrite returns the server's statistics, copied first when a
// clone shares them.
func (s *Server) statsForWrite() *serverStats {
	st := s.stats
	if st != nil && !st.frozen {
		return st
	}
	return s.unshareStats()
}

func (s *Server) unshareStats() *serverStats {
	st := s.stats
	c := &serverStats{cmds: make([]cmdStat, len(statTable)), errors: map[string]int64{}}
	if st != nil {
		copy(c.cmds, st.cmds)
		for k, v := range st.errors {
			c.errors[k] = v
		}
		c.totalErrorReplies = st.totalErrorReplies
	}
	s.stats = c
	return c
}

func (st *serverStats) cmd(c *command) *cmdStat { return &st.cmds[c.statIdx] }

// of is a command's figures by name (nil: no such command).
func (st *serverStats) of(name string) *cmdStat {
	if c := lookupName(name); c != nil {
		return st.cmd(c)
	}
	return nil
}

// errorCode is the key afterErrorReply counts an error under: its first
// word when a space comes within 32 bytes of the "-" that starts it, else
// ERR.
func errorCode(msg string) string {
	if i := strings.IndexByte(msg, ' '); i >= 0 && i+1 < 32 {
		return msg[:i]
	}
	return "ERR"
}

// countError is afterErrorReply without ERR_REPLY_FLAG_NO_STATS_UPDATE.
func (st *serverStats) countError(msg string) {
	st.totalErrorReplies++
	st.errors[errorCode(msg)]++
}

// errCounted marks an error reply (in its Int) that a script returns
// inside a table after redis.call or redis.pcall counted it: the table
// keeps Lua's ignore_error_stats_update, so afterErrorReply counts no
// error again (ERR_REPLY_FLAG_NO_STATS_UPDATE) and adds a failed call to
// the script's command instead, once for each such error.
const errCounted = 1

// errorsIn counts the error replies a reply carries (a script's array may
// hold some) and the failed calls of those already counted; it returns
// whether an error was counted (incrCommandStatsOnError then fails the
// call once more).
func (st *serverStats) errorsIn(r *Reply, cs *cmdStat) bool {
	switch r.Kind {
	case '-':
		if r.Int == errCounted {
			cs.failed++
			return false
		}
		st.countError(r.Str)
		return true
	case '*', '%', '~':
		found := false
		for i := range r.Array {
			if st.errorsIn(&r.Array[i], cs) {
				found = true
			}
		}
		return found
	}
	return false
}

// recordCall is the end of call() for cmd: its reply's errors are
// counted (unless noErrStats: a script's error already counted where
// redis.call raised it), a call is added, failed when the reply was an
// error, and its 0 µs go to the latency histogram when latency-tracking
// is on.
func (w *World) recordCall(s *Server, cmd *command, r *Reply, noErrStats bool) {
	st := s.statsForWrite()
	cs := st.cmd(cmd)
	failed := false
	switch {
	case noErrStats:
		failed = r.Kind == '-'
	case r.Kind == '-' || r.Kind == '*' || r.Kind == '%' || r.Kind == '~':
		// errorsIn's kinds, tested before the call: most replies hold no error.
		failed = st.errorsIn(r, cs)
	}
	if failed {
		cs.failed++
	}
	cs.calls++
	s.stat.numCommands++
	if s.cfg.latencyTracking() {
		cs.hist.recordLowest()
	}
}

// recordOK is a call whose reply is no error (a command the model runs
// with no reply of its own: the master link's, the replica handshake's).
func (w *World) recordOK(s *Server, cmd *command) { w.recordCall(s, cmd, &Reply{}, false) }

// The commands a replication link's own traffic counts under.
var cmdPingEntry, cmdReplconfEntry, cmdPsyncEntry, cmdConfigSetEntry, cmdAuthEntry *command

// recordRejected is rejectCommand: the error is counted, and the command,
// when it was found, counts a rejected call.
func (w *World) recordRejected(s *Server, cmd *command, r Reply) {
	st := s.statsForWrite()
	if r.Kind == '-' {
		st.countError(r.Str)
	}
	if cmd != nil {
		st.cmd(cmd).rejected++
	}
}

// lookupName finds a command by its full name ("get", "config|get").
func lookupName(name string) *command {
	parent, sub, ok := strings.Cut(name, "|")
	c := findCommand(parent)
	if !ok || c == nil {
		return c
	}
	return c.subs[strings.ToLower(sub)]
}

// resetStats is CONFIG RESETSTAT's resetCommandTableStats and
// resetErrorTableStats (histograms freed) and resetServerStats.
func (s *Server) resetStats() {
	s.stats = nil
	s.stat = statCounters{}
	s.syncFull, s.syncPartialOK, s.syncPartialErr = 0, 0, 0
}

// commandstatsInfo is INFO commandstats: every command with a call, a
// rejected or a failed call. Redis walks its command dict, whose order is
// its hash seed's; the model lists them by name.
func (s *Server) commandstatsInfo() []infoLine {
	if s.stats == nil {
		return nil
	}
	var out []infoLine
	for _, name := range s.stats.names() {
		cs := s.stats.of(name)
		if cs.calls == 0 && cs.failed == 0 && cs.rejected == 0 {
			continue
		}
		perCall := 0.0
		if cs.calls > 0 {
			perCall = float64(cs.usec) / float64(cs.calls)
		}
		out = append(out, infoLine{"cmdstat_" + name, "calls=" + itoa(cs.calls) + ",usec=" + itoa(cs.usec) +
			",usec_per_call=" + strconv.FormatFloat(perCall, 'f', 2, 64) +
			",rejected_calls=" + itoa(cs.rejected) + ",failed_calls=" + itoa(cs.failed)})
	}
	return out
}

func (st *serverStats) names() []string {
	var names []string
	for i := range st.cmds {
		if cs := &st.cmds[i]; cs.calls != 0 || cs.failed != 0 || cs.rejected != 0 || cs.hist.total != 0 {
			names = append(names, statTable[i].name)
		}
	}
	sort.Strings(names)
	return names
}

// errorstatsInfo is INFO errorstats: server.errors is a radix tree, so
// its codes come in byte order.
func (s *Server) errorstatsInfo() []infoLine {
	if s.stats == nil {
		return nil
	}
	codes := make([]string, 0, len(s.stats.errors))
	for c := range s.stats.errors {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	out := make([]infoLine, len(codes))
	for i, c := range codes {
		out[i] = infoLine{"errorstat_" + c, "count=" + itoa(s.stats.errors[c])}
	}
	return out
}

// latencystatsInfo is INFO latencystats (fillPercentileDistributionLatencies):
// latency-tracking-info-percentiles of every command with a histogram,
// in microseconds; none while latency-tracking is off.
func (s *Server) latencystatsInfo() []infoLine {
	if s.stats == nil || s.cfg.get("latency-tracking") != "yes" {
		return nil
	}
	var pcts []float64
	for _, f := range strings.Fields(s.cfg.get("latency-tracking-info-percentiles")) {
		if v, err := strconv.ParseFloat(f, 64); err == nil {
			pcts = append(pcts, v)
		}
	}
	var out []infoLine
	for _, name := range s.stats.names() {
		h := &s.stats.of(name).hist
		if h.total == 0 {
			continue
		}
		parts := make([]string, len(pcts))
		for i, p := range pcts {
			parts[i] = "p" + strconv.FormatFloat(p, 'f', -1, 64) + "=" + strconv.FormatFloat(float64(h.valueAtPercentile(p))/1000, 'f', 3, 64)
		}
		out = append(out, infoLine{"latency_percentiles_usec_" + name, strings.Join(parts, ",")})
	}
	return out
}

// cmdLatencyHistogram is LATENCY HISTOGRAM [command ...]: a map of each
// command with a histogram to its calls and cumulative distribution
// (fillCommandCDF). With no names it lists every command (Redis's dict
// order; the model's is by name); a container's name lists its
// subcommands, an unknown name is skipped.
func cmdLatencyHistogram(c *cmdCtx) Reply {
	st := c.s.stats
	var names []string
	seen := map[string]bool{}
	add := func(n string) {
		if st != nil && st.of(n) != nil && st.of(n).hist.total != 0 && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	if len(c.argv) == 2 {
		if st != nil {
			for _, n := range st.names() {
				add(n)
			}
		}
	} else {
		for _, a := range c.argv[2:] {
			cmd := lookupName(a)
			if cmd == nil {
				continue
			}
			add(cmd.name)
			subs := make([]string, 0, len(cmd.subs))
			for _, sub := range cmd.subs {
				subs = append(subs, sub.name)
			}
			sort.Strings(subs)
			for _, n := range subs {
				add(n)
			}
		}
	}
	var kv []Reply
	for _, n := range names {
		h := &st.of(n).hist
		var cdf []Reply
		for _, b := range h.cdf() {
			cdf = append(cdf, intReply(b[0]), intReply(b[1]))
		}
		kv = append(kv, bulkReply(n), c.mapReply([]Reply{bulkReply("calls"), intReply(h.total), bulkReply("histogram_usec"), c.mapReply(cdf)}))
	}
	return c.mapReply(kv)
}

// latencyHistogram is the hdr_histogram Redis keeps per command
// (hdr_init(1, 1000000000, 2)): 1 ns to 1 s at two significant figures,
// 256 sub-buckets per bucket. In virtual time every call lasts 0 ns,
// which updateCommandLatencyHistogram clamps to the lowest value, 1 ns:
// so every sample sits at that value's counts index, and the histogram
// is its count. The readers (percentiles, the CDF) walk the counts as
// hdr does.
type latencyHistogram struct {
	total int64
}

const (
	hdrLowest        = 1 // LATENCY_HISTOGRAM_MIN_VALUE, ns
	hdrSubBucketMag  = 8 // ceil(log2(2 * 10^2)): 256 sub-buckets
	hdrSubBucketHalf = 1 << (hdrSubBucketMag - 1)
	hdrSubBucketMask = (1 << hdrSubBucketMag) - 1
	hdrCountsLen     = 3072 // (23 buckets + 1) * 128, hdr_calculate_bucket_config for 1e9
)

// hdrLowIndex is the counts index of hdrLowest.
var hdrLowIndex = hdrCountsIndex(hdrLowest)

// at is counts[i].
func (h *latencyHistogram) at(i int32) int64 {
	if i == hdrLowIndex {
		return h.total
	}
	return 0
}

// recordLowest is updateCommandLatencyHistogram of a 0 ns call.
func (h *latencyHistogram) recordLowest() { h.total++ }

func hdrBucketIndex(v int64) int32 {
	return int32(64-bits.LeadingZeros64(uint64(v|hdrSubBucketMask))) - hdrSubBucketMag
}

func hdrCountsIndex(v int64) int32 {
	b := hdrBucketIndex(v)
	sb := int32(v >> b)
	return (b+1)<<(hdrSubBucketMag-1) + sb - hdrSubBucketHalf
}

// hdrValueAtIndex is hdr_value_at_index.
func hdrValueAtIndex(i int32) int64 {
	b := i>>(hdrSubBucketMag-1) - 1
	sb := i&(hdrSubBucketHalf-1) + hdrSubBucketHalf
	if b < 0 {
		sb -= hdrSubBucketHalf
		b = 0
	}
	return int64(sb) << b
}

// hdrRange is size_of_equivalent_value_range.
func hdrRange(v int64) int64 {
	b := hdrBucketIndex(v)
	sb := v >> b
	if sb >= 1<<hdrSubBucketMag {
		b++
	}
	return 1 << b
}

func hdrLowestEquivalent(v int64) int64 {
	b := hdrBucketIndex(v)
	return (v >> b) << b
}

func hdrHighestEquivalent(v int64) int64 { return hdrLowestEquivalent(v) + hdrRange(v) - 1 }

// valueAtPercentile is hdr_value_at_percentile.
func (h *latencyHistogram) valueAtPercentile(p float64) int64 {
	want := int64(min(p, 100)/100*float64(h.total) + 0.5)
	want = max(want, 1)
	var v, sum int64
	for i := int32(0); i < hdrCountsLen; i++ {
		sum += h.at(i)
		if sum >= want {
			v = hdrValueAtIndex(i)
			break
		}
	}
	if p == 0 {
		return hdrLowestEquivalent(v)
	}
	return hdrHighestEquivalent(v)
}

// cdf is fillCommandCDF: hdr's logarithmic iteration from 1024 ns, base
// 2, giving (microseconds, cumulative count) where the count grew.
func (h *latencyHistogram) cdf() [][2]int64 {
	var out [][2]int64
	idx := int32(-1)
	var value, cumulative, highest, previous int64
	level := int64(1024)
	levelLowest := hdrLowestEquivalent(level)
	moveNext := func() bool {
		idx++
		if idx >= hdrCountsLen {
			return false
		}
		cumulative += h.at(idx)
		value = hdrValueAtIndex(idx)
		highest = hdrHighestEquivalent(value)
		return true
	}
	for {
		if !(cumulative < h.total || idx < hdrCountsLen && hdrValueAtIndex(idx+1) > levelLowest) {
			break
		}
		for {
			if value >= levelLowest {
				level *= 2
				levelLowest = hdrLowestEquivalent(level)
				break
			}
			if !moveNext() {
				break
			}
		}
		if cumulative > previous {
			out = append(out, [2]int64{highest / 1000, cumulative})
		}
		previous = cumulative
		if idx >= hdrCountsLen {
			break
		}
	}
	return out
}
