package core

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// config holds the replication parameters a scenario may set. Defaults are
// Redis 7.0's except where the contract makes wall-clock time unable to
// leak into offsets (ping period and timeout 3600, diskless delay 0).
type config struct {
	backlogSize       int64 // repl-backlog-size
	backlogTTL        int64 // repl-backlog-ttl, seconds (0 = never free)
	pingPeriod        int64 // repl-ping-replica-period, seconds
	timeout           int64 // repl-timeout, seconds
	disklessSync      bool  // repl-diskless-sync
	disklessSyncDelay int64 // repl-diskless-sync-delay
	readOnly          bool  // replica-read-only
	serveStale        bool  // replica-serve-stale-data
	priority          int64 // replica-priority
	minReplicas       int64 // min-replicas-to-write
	minReplicasLag    int64 // min-replicas-max-lag
	// Every other parameter of Redis's table that was set (name → value);
	// the rest have redisConfigDefaults' value. Copied on write: configs
	// are copied by value with their server.
	extra map[string]string
	// lfu is maxmemory-policy being allkeys-lfu or volatile-lfu, kept
	// beside extra because every key access reads it.
	lfu bool
	// maxmemory is server.maxmemory in bytes (0: no limit), beside extra
	// because processCommand reads it for every command.
	maxmemory int64
	// noLatencyTracking is latency-tracking no (its default is yes),
	// beside extra because every call reads it.
	noLatencyTracking bool
	obuf              obufLimits // client-output-buffer-limit (outbuf.go)
	// base is the version's defaults that differ from Redis 7.0's
	// (version.go); never changed.
	base map[string]string
	// enc are the small encodings' limits (db.go), beside extra because
	// every write to a hash, set or sorted set reads them.
	enc encLimits
}

func defaultConfig() config {
	return config{
		backlogSize:       defaultReplBacklogCap,
		backlogTTL:        3600,
		pingPeriod:        3600,
		timeout:           3600,
		disklessSync:      true,
		disklessSyncDelay: 0,
		readOnly:          true,
		serveStale:        true,
		priority:          100,
		minReplicasLag:    10,
		obuf:              defaultObufLimits,
		enc:               defaultEncLimits,
	}
}

type configParam struct {
	name    string
	aliases []string
	kind    byte // 'm' memory, 'i' integer, 'b' yes/no
	min     int64
	max     int64
	field   func(*config) any
}

var configParams = []configParam{
	{"repl-backlog-size", nil, 'm', 1, math.MaxInt64, func(c *config) any { return &c.backlogSize }},
	{"repl-backlog-ttl", nil, 'i', 0, 1<<31 - 1, func(c *config) any { return &c.backlogTTL }},
	{"repl-ping-replica-period", []string{"repl-ping-slave-period"}, 'i', 1, 1<<31 - 1, func(c *config) any { return &c.pingPeriod }},
	{"repl-timeout", nil, 'i', 1, 1<<31 - 1, func(c *config) any { return &c.timeout }},
	{"repl-diskless-sync", nil, 'b', 0, 0, func(c *config) any { return &c.disklessSync }},
	{"repl-diskless-sync-delay", nil, 'i', 0, 1<<31 - 1, func(c *config) any { return &c.disklessSyncDelay }},
	{"replica-read-only", []string{"slave-read-only"}, 'b', 0, 0, func(c *config) any { return &c.readOnly }},
	{"replica-serve-stale-data", []string{"slave-serve-stale-data"}, 'b', 0, 0, func(c *config) any { return &c.serveStale }},
	{"replica-priority", []string{"slave-priority"}, 'i', 0, 1<<31 - 1, func(c *config) any { return &c.priority }},
	{"min-replicas-to-write", []string{"min-slaves-to-write"}, 'i', 0, 1<<31 - 1, func(c *config) any { return &c.minReplicas }},
	{"min-replicas-max-lag", []string{"min-slaves-max-lag"}, 'i', 0, 1<<31 - 1, func(c *config) any { return &c.minReplicasLag }},
	{"client-output-buffer-limit", nil, 'o', 0, 0, func(c *config) any { return &c.obuf }},
}

func findParam(name string) *configParam {
	name = strings.ToLower(name)
	for i := range configParams {
		p := &configParams[i]
		if p.name == name {
			return p
		}
		for _, a := range p.aliases {
			if a == name {
				return p
			}
		}
	}
	return nil
}

// ParseMemory reads a size as Redis's memtoull does: plain bytes, or a
// number with b, k, kb, m, mb, g, gb (case-insensitive; k = 1000, kb = 1024).
func ParseMemory(s string) (int64, bool) {
	l := strings.ToLower(s)
	mul := int64(1)
	for _, u := range []struct {
		suf string
		m   int64
	}{{"kb", 1024}, {"mb", 1024 * 1024}, {"gb", 1024 * 1024 * 1024}, {"k", 1000}, {"m", 1000 * 1000}, {"g", 1000 * 1000 * 1000}, {"b", 1}} {
		if strings.HasSuffix(l, u.suf) {
			l = strings.TrimSuffix(l, u.suf)
			mul = u.m
			break
		}
	}
	if l == "" || strings.TrimLeft(l, "0123456789") != "" || len(l) > 15 {
		return 0, false
	}
	n, err := strconv.ParseInt(l, 10, 64)
	if err != nil {
		return 0, false
	}
	return n * mul, true
}

// set applies CONFIG SET name value, returning Redis's error text on failure.
func (c *config) set(name, value string) string {
	p := findParam(name)
	fail := func(why string) string {
		return "ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + why
	}
	if p == nil {
		return c.setExtra(strings.ToLower(name), value, fail)
	}
	switch f := p.field(c).(type) {
	case *obufLimits:
		if why := f.set(value); why != "" {
			return fail(why)
		}
	case *bool:
		switch strings.ToLower(value) {
		case "yes":
			*f = true
		case "no":
			*f = false
		default:
			return fail("argument must be 'yes' or 'no'")
		}
	case *int64:
		var v int64
		var ok bool
		if p.kind == 'm' {
			v, ok = ParseMemory(value)
			if !ok {
				return fail("argument must be a memory value")
			}
		} else {
			n, err := strconv.ParseInt(value, 10, 64)
			if err != nil {
				return fail("argument couldn't be parsed into an integer")
			}
			v, ok = n, true
		}
		if v < p.min || v > p.max {
			return fail("argument must be between " + strconv.FormatInt(p.min, 10) + " and " + strconv.FormatInt(p.max, 10) + " inclusive")
		}
		*f = v
	}
	return ""
}

func (c *config) get(name string) string {
	p := findParam(name)
	if p == nil {
		return c.extraValue(strings.ToLower(name))
	}
	switch f := p.field(c).(type) {
	case *obufLimits:
		return f.String()
	case *bool:
		if *f {
			return "yes"
		}
		return "no"
	case *int64:
		return strconv.FormatInt(*f, 10)
	}
	return ""
}

// matching returns name, value pairs for CONFIG GET patterns, in name
// order (a real server's is its dict's).
func (c *config) matching(patterns []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, pat := range patterns {
		pat = strings.ToLower(pat)
		for _, n := range allParamNames() {
			if globMatch(pat, n, true) && !seen[n] {
				seen[n] = true
				out = append(out, n, c.get(n))
			}
		}
	}
	return out
}

var paramNames []string

func allParamNames() []string {
	if paramNames == nil {
		for n := range redisConfigDefaults {
			paramNames = append(paramNames, n)
		}
		for _, p := range configParams {
			for _, n := range append([]string{p.name}, p.aliases...) {
				if _, ok := redisConfigDefaults[n]; !ok {
					paramNames = append(paramNames, n)
				}
			}
		}
		sort.Strings(paramNames)
	}
	return paramNames
}

func (c *config) extraValue(name string) string {
	if n, ok := configAliases[name]; ok {
		name = n
	}
	if v, ok := c.extra[name]; ok {
		return v
	}
	if v, ok := c.base[name]; ok {
		return v
	}
	return redisConfigDefaults[name]
}

// latencyTracking is latency-tracking on.
func (c *config) latencyTracking() bool { return !c.noLatencyTracking }

// flag reads a yes/no parameter (lazyfree-lazy-server-del ...).
func (c *config) flag(name string) bool { return c.get(name) == "yes" }

// setExtra sets a parameter the model keeps only as a value, checked by
// the kind its default shows (yes/no, a number, a memory size).
func (c *config) setExtra(name, value string, fail func(string) string) string {
	if n, ok := configAliases[name]; ok {
		name = n // one value under both names
	}
	def, ok := c.base[name]
	if !ok {
		def, ok = redisConfigDefaults[name]
	}
	if !ok {
		return "ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'"
	}
	if redisConfigImmutable[name] {
		return fail("can't set immutable config")
	}
	if choices, ok := redisConfigEnums[name]; ok {
		v := strings.ToLower(value)
		found := false
		for _, ch := range choices {
			found = found || ch == v
		}
		if !found {
			return fail("argument(s) must be one of the following: " + strings.Join(choices, ", "))
		}
		value = v
	}
	switch {
	case def == "yes" || def == "no":
		v := strings.ToLower(value)
		if v != "yes" && v != "no" {
			return fail("argument must be 'yes' or 'no'")
		}
		value = v
	case memoryParams[name]:
		v, ok := ParseMemory(value)
		if !ok {
			return fail("argument must be a memory value")
		}
		value = strconv.FormatInt(v, 10)
	case isNumber(def):
		if _, err := strconv.ParseInt(value, 10, 64); err != nil {
			return fail("argument couldn't be parsed into an integer")
		}
	}
	m := make(map[string]string, len(c.extra)+1)
	for k, v := range c.extra {
		m[k] = v
	}
	m[name] = value
	c.extra = m
	if name == "latency-tracking" {
		c.noLatencyTracking = value != "yes"
	}
	if name == "maxmemory-policy" {
		c.lfu = value == "allkeys-lfu" || value == "volatile-lfu"
	}
	if _, ok := encParams[name]; ok {
		c.enc = c.readEncLimits()
	}
	if name == "maxmemory" {
		c.maxmemory, _ = strconv.ParseInt(value, 10, 64)
	}
	return ""
}

// configAliases are config.c's alias names (createXConfig's second name)
// of the parameters kept as values, to their names: CONFIG SET of either
// sets what CONFIG GET of both reads. (The typed ones are configParams'.)
var configAliases = map[string]string{
	"cluster-slave-no-failover": "cluster-replica-no-failover", "slave-lazy-flush": "replica-lazy-flush",
	"slave-ignore-maxmemory": "replica-ignore-maxmemory", "slave-announce-ip": "replica-announce-ip",
	"cluster-slave-validity-factor": "cluster-replica-validity-factor", "list-max-ziplist-size": "list-max-listpack-size",
	"slave-announce-port": "replica-announce-port", "lua-time-limit": "busy-reply-threshold",
	"hash-max-ziplist-entries": "hash-max-listpack-entries", "zset-max-ziplist-entries": "zset-max-listpack-entries",
	"hash-max-ziplist-value": "hash-max-listpack-value", "zset-max-ziplist-value": "zset-max-listpack-value",
	"slaveof": "replicaof",
}

// memoryParams are the MEMORY_CONFIG parameters (sizes take units).
var memoryParams = map[string]bool{
	"maxmemory": true, "maxmemory-clients": true, "proto-max-bulk-len": true, "client-query-buffer-limit": true,
	"hash-max-listpack-value": true, "hash-max-ziplist-value": true, "zset-max-listpack-value": true, "zset-max-ziplist-value": true,
	"stream-node-max-bytes": true, "active-defrag-ignore-bytes": true, "auto-aof-rewrite-min-size": true,
}

func isNumber(s string) bool {
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}

func cmdConfigGet(c *cmdCtx) Reply {
	return c.mapReply(arrayReply(c.s.cfg.matching(c.argv[2:])).Array)
}

func cmdConfigSet(c *cmdCtx) Reply {
	if len(c.argv)%2 != 0 {
		return errArity("config|set")
	}
	for j := 2; j < len(c.argv); j += 2 {
		if msg := c.w.applyConfig(c.s, c.argv[j], c.argv[j+1]); msg != "" {
			return errReply(msg)
		}
	}
	return okReply
}

// expiredDel is what a deleted expired key propagates as
// (propagateDeletion): UNLINK with lazyfree-lazy-expire, else DEL.
func (c *config) expiredDel() string {
	if c.flag("lazyfree-lazy-expire") {
		return "UNLINK"
	}
	return "DEL"
}
