package core

import (
	"math"
	"strconv"
	"strings"

	"replscope/core/scenario"
)

// A scenario's `version NAME` line makes the world a model of that
// server. The model is Redis 7.0 (everything else in core) plus what a
// version does differently, written down here as data and a few rules,
// each proven against that version's recordings
// (core/testdata/versions/NAME, compared in
// core/conformance/models_test.go). The differences come from the
// recordings (core/testdata/versions/DIFFERENCES.txt) and the servers'
// source.

// Version is one server version's model: what it does differently from
// Redis 7.0.15. The zero value is not valid; use VersionFor.
type Version struct {
	Name   string // as the scenario language spells it: "redis-7.2"
	Server string // "redis" or "valkey"
	Tested string // the server release the recordings come from: "7.2.6"

	// defaults are CONFIG defaults that differ from Redis 7.0's
	// (redisConfigDefaults), by parameter name, as CONFIG GET prints them.
	defaults map[string]string
	// unknownParams are 7.0 parameters this version does not have.
	unknownParams map[string]bool

	// spopOneSrem: SPOP key count propagates as one SREM key m1 m2 ...
	// (per 1024 members), not MULTI, SREM per member, EXEC
	// (spopWithCountCommand since Redis 7.2, redis/redis#12082).
	spopOneSrem bool
	// groupSetID: XREADGROUP that delivers entries also propagates
	// XGROUP SETID key group last-id ENTRIESREAD n after its XCLAIMs
	// (so the whole is wrapped in MULTI/EXEC), not only with NOACK: seen
	// in Redis 7.4.1's and Valkey 8.0.1's recordings.
	groupSetID bool
	// readerConsumer: XREADGROUP ... > creates its consumer even when it
	// serves nothing, without propagating it (Redis 7.2, 7.4, Valkey 8:
	// XINFO GROUPS counts it; 7.0 creates it only when it serves).
	readerConsumer bool
	// spopUnlink: SPOP key count that empties the set propagates UNLINK
	// under lazyfree-lazy-server-del (Redis 7.2, 7.4, Valkey 8); 7.0
	// always writes DEL (spopWithCountCommand's shared.del, measured).
	spopUnlink bool
	// getdelDel: GETDEL propagates DEL even under lazyfree-lazy-user-del
	// (Redis 7.2.6, 7.4.1, Valkey 8.0.1, measured); 7.0 writes UNLINK then.
	getdelDel bool
	// shortestDoubles: scores are replied in the shortest form that reads
	// back as the same double (d2string's fpconv_dtoa since Redis 7.2),
	// 7.0's %.17g before.
	shortestDoubles bool
	// listpackLists: a small list is one listpack, OBJECT ENCODING
	// "listpack", until it outgrows list-max-listpack-size (Redis 7.2).
	listpackLists bool
	// hashFieldExpiry: Redis 7.4's HEXPIRE family exists
	// (t_hash_expire.go), and INFO keyspace says subexpiry.
	hashFieldExpiry bool
	// valkeyInfo: INFO replication has Valkey 8's replicas_waiting_psync,
	// replicas_repl_buffer_size and replicas_repl_buffer_peak.
	valkeyInfo bool
	// scanTypeUncounted: SCAN's TYPE filter counts no keyspace hit or
	// miss (Valkey 8.0.1, measured: 7.x looks each key up for reading).
	scanTypeUncounted bool
	// eventloopStats: INFO stats ends with the event loop's figures and
	// the ACL refusals (acl_access_denied_*), since Redis 7.2.
	eventloopStats bool
	// dualChannel: dual-channel-replication-enabled exists; when a
	// replica has it on, its full sync also counts the main channel's
	// PSYNC as a sync_partial_ok on the master.
	dualChannel bool
	// primaryWords: the server's log says primary/replica where Redis
	// says master/slave (explanations follow).
	primaryWords bool

	// commandCount is COMMAND COUNT on this version's server (0: the
	// model's table, Redis 7.0's).
	commandCount int64
	// readonlyOK: READONLY answers OK outside cluster mode (Valkey 8).
	readonlyOK bool
	// valkeyTexts: Valkey 8's wording of errors that name Redis (scripts'
	// "Unknown command called from script", "NOSCRIPT No matching
	// script."), and WATCH flagged no-multi: refused inside MULTI as any
	// such command, the transaction aborted.
	valkeyTexts bool
	// sanitizePayload: the default user has the sanitize-payload flag
	// (ACL GETUSER, ACL LIST: Redis 7.2, 7.4, Valkey 8).
	sanitizePayload bool

	// rdbVersion is RDB_VERSION: DUMP writes it, RESTORE refuses a
	// payload of a newer one (0: Redis 7.0's 10).
	rdbVersion uint16
	// restoreUnlink: RESTORE ... REPLACE whose TTL has passed propagates
	// UNLINK under lazyfree-lazy-server-del (Redis 7.2, 7.4, Valkey 8,
	// measured); 7.0's restoreCommand always writes DEL.
	restoreUnlink bool
	// preGAFunctionsRefused: FUNCTION RESTORE refuses the 7.0-rc
	// RDB_OPCODE_FUNCTION form (Redis 7.2, 7.4, Valkey 8, measured).
	preGAFunctionsRefused bool
	// dbAddInitsLRU: dbAdd gives the value a new access time and LFU
	// counter (initObjectLRUOrLFU: Redis 7.2, 7.4, Valkey 8, measured),
	// so RENAME and MOVE do not carry a key's; 7.0's dbAdd keeps the
	// object's.
	dbAddInitsLRU bool

	// oomDenyOOMOnly: memory over maxmemory refuses only denyoom
	// commands, inside MULTI too (Redis 7.4, Valkey 8: processCommand
	// dropped 7.0's refusal of every queued command, measured); 7.0 and
	// 7.2 refuse to queue anything but EXEC, DISCARD, QUIT and RESET.
	oomDenyOOMOnly bool
	// luaNestingError: Lua's LUA_COMPAT_LSTR 1, as Redis's bundled
	// deps/lua has it (the 6.2.16, 7.2.6, 7.4.1 and Valkey 8.0.1 builds):
	// a [[ inside a long string or comment fails to compile ("nesting of
	// [[...]] is deprecated"); the Debian build of 7.0.15 takes it as text
	// (measured).
	luaNestingError bool

	// redis62 is Redis 6.2: the backlog is a ring of exactly
	// repl-backlog-size bytes (ring.go), a restarted master starts a new
	// history, and its propagation and INFO differ (version62.go).
	redis62 bool
}

var versions = map[string]*Version{
	"redis-6.2": {
		Name: "redis-6.2", Server: "redis", Tested: "6.2.16", redis62: true, commandCount: 224, luaNestingError: true, rdbVersion: 9,
		unknownParams: map[string]bool{},
		// 6.2 syncs through an RDB on disk by default; the offsets are
		// the same.
		defaults: map[string]string{"repl-diskless-sync": "no"},
	},
	"redis-7.0": {Name: "redis-7.0", Server: "redis", Tested: "7.0.15"},
	"redis-7.2": {Name: "redis-7.2", Server: "redis", Tested: "7.2.6", eventloopStats: true, rdbVersion: 11, restoreUnlink: true, preGAFunctionsRefused: true, dbAddInitsLRU: true, spopOneSrem: true, spopUnlink: true, getdelDel: true, shortestDoubles: true, listpackLists: true, readerConsumer: true, sanitizePayload: true, commandCount: 241, luaNestingError: true},
	"redis-7.4": {Name: "redis-7.4", Server: "redis", Tested: "7.4.1", eventloopStats: true, rdbVersion: 12, restoreUnlink: true, preGAFunctionsRefused: true, dbAddInitsLRU: true, spopOneSrem: true, spopUnlink: true, getdelDel: true, shortestDoubles: true, listpackLists: true, readerConsumer: true, sanitizePayload: true, hashFieldExpiry: true, groupSetID: true, commandCount: 250, luaNestingError: true, oomDenyOOMOnly: true},
	"valkey-8.0": {
		Name: "valkey-8.0", Server: "valkey", Tested: "8.0.1",
		spopOneSrem: true, shortestDoubles: true, listpackLists: true, readerConsumer: true, sanitizePayload: true, valkeyInfo: true, eventloopStats: true, scanTypeUncounted: true, dualChannel: true, primaryWords: true, groupSetID: true, spopUnlink: true, getdelDel: true,
		commandCount: 241, readonlyOK: true, valkeyTexts: true, rdbVersion: 11, restoreUnlink: true, preGAFunctionsRefused: true, dbAddInitsLRU: true, luaNestingError: true, oomDenyOOMOnly: true,
		defaults: map[string]string{
			"repl-backlog-size":                "10485760",
			"lazyfree-lazy-eviction":           "yes",
			"lazyfree-lazy-expire":             "yes",
			"lazyfree-lazy-server-del":         "yes",
			"lazyfree-lazy-user-del":           "yes",
			"lazyfree-lazy-user-flush":         "yes",
			"replica-lazy-flush":               "yes",
			"dual-channel-replication-enabled": "no",
		},
	},
}

// rdb is the version's RDB_VERSION.
func (v *Version) rdb() uint16 {
	if v.rdbVersion == 0 {
		return rdbVersion
	}
	return v.rdbVersion
}

// VersionFor returns the model of a version named as the scenario
// language names it; "" is the default (redis-7.0). Unknown names are nil.
func VersionFor(name string) *Version {
	if name == "" {
		name = scenario.DefaultVersion
	}
	return versions[name]
}

var version70 = versions[scenario.DefaultVersion]

// SetVersion makes the world a model of a version (before any node is
// added); an unknown name is an error.
func (w *World) SetVersion(name string) error {
	v := VersionFor(name)
	if v == nil {
		return &unknownVersionError{name}
	}
	w.ver = v
	return nil
}

type unknownVersionError struct{ name string }

func (e *unknownVersionError) Error() string {
	return "unknown version " + e.name + " (one of " + strings.Join(scenario.Versions, ", ") + ")"
}

// Version is the model the world plays.
func (w *World) Version() *Version {
	if w.ver == nil {
		return version70
	}
	return w.ver
}

// defaultConfig is a fresh server's configuration in this version.
func (v *Version) defaultConfig() config {
	c := defaultConfig()
	c.base = v.defaults
	for name, d := range v.defaults {
		if findParam(name) != nil {
			c.set(name, d) // the parameters config keeps as fields
		}
	}
	c.noLatencyTracking = c.get("latency-tracking") != "yes"
	return c
}

// configDefault is a parameter's default in this version (ok false: the
// version has no such parameter).
func (v *Version) configDefault(name string) (string, bool) {
	if d, ok := v.defaults[name]; ok {
		return d, true
	}
	if v.unknownParams[name] {
		return "", false
	}
	d, ok := redisConfigDefaults[name]
	return d, ok
}

// Explain is the event's sentence in this version's words: Valkey's log
// says primary where Redis says master.
func (v *Version) Explain(e *Event) string {
	s := e.Explain()
	if v == nil || !v.primaryWords {
		return s
	}
	return primaryWording.Replace(s)
}

// primaryWording turns Redis's words into Valkey 8's, leaving Redis's
// names (INFO fields, functions, commands) as they are.
var primaryWording = strings.NewReplacer(
	"master_repl_offset", "master_repl_offset",
	"masterTryPartialResynchronization", "masterTryPartialResynchronization",
	"master_replid2", "master_replid2",
	"master_replid", "master_replid",
	"master_link_status", "master_link_status",
	"cached master", "cached primary",
	"caches the master", "caches the primary",
	"the master's", "the primary's",
	"The master", "The primary",
	"the master", "the primary",
	"a master", "a primary",
	"master", "primary",
)

// spopOps is what SPOP key count propagates for the members it popped
// (the set is left non-empty): one SREM per member in Redis 7.0 (wrapped
// in MULTI/EXEC by propagatePendingCommands), one SREM of up to 1024
// members at a time since 7.2 (spopWithCountCommand's batchsize).
func (v *Version) spopOps(db int, key string, picked []string) []propOp {
	var ops []propOp
	if !v.spopOneSrem {
		for _, m := range picked {
			ops = append(ops, propOp{db: db, argv: []string{"SREM", key, m}})
		}
		return ops
	}
	for len(picked) > 0 {
		n := min(len(picked), 1024)
		argv := append([]string{"SREM", key}, picked[:n]...)
		ops = append(ops, propOp{db: db, argv: argv})
		picked = picked[n:]
	}
	return ops
}

// dualChannelSync reports whether a full sync of replica r from master m
// is Valkey 8's dual-channel one (dual-channel-replication-enabled on
// both): the RDB comes on a second connection and the main channel then
// asks PSYNC from the snapshot's end, which the master counts as a
// sync_partial_ok besides the sync_full.
func (v *Version) dualChannelSync(m, r *Server) bool {
	return v.dualChannel && m.cfg.flag("dual-channel-replication-enabled") && r.cfg.flag("dual-channel-replication-enabled")
}

// hashFieldExpiryCommands are Redis 7.4's hash field expiry commands
// (t_hash_expire.go): unknown commands on the versions before it, and on
// Valkey 8.0.
var hashFieldExpiryCommands = map[string]bool{
	"hexpire": true, "hpexpire": true, "hexpireat": true, "hpexpireat": true, "hpersist": true,
	"httl": true, "hpttl": true, "hexpiretime": true, "hpexpiretime": true,
}

// lacks reports whether a command of the model's table is unknown on
// this version.
func (v *Version) lacks(name string) bool {
	if v.hashFieldExpiry || len(name) > 12 || len(name) == 0 || (name[0] != 'h' && name[0] != 'H') {
		return false
	}
	// Lower-cased on the stack: this runs before every command, and
	// strings.ToLower allocates for "SET".
	var b [12]byte
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return hashFieldExpiryCommands[string(b[:len(name)])]
}

// refuse is the reply this version gives before a command runs where
// the model's 7.0 table would answer otherwise: a command this version
// has and the model does not run (saying so), a command it lacks, and
// the few replies without effects that differ (COMMAND COUNT ...).
func (v *Version) refuse(argv []string) (Reply, bool) {
	if len(argv) == 2 && v.commandCount > 0 && strings.EqualFold(argv[0], "command") && strings.EqualFold(argv[1], "count") {
		return intReply(v.commandCount), true
	}
	if len(argv) == 1 && v.readonlyOK && strings.EqualFold(argv[0], "readonly") {
		return okReply, true
	}
	if v.redis62 && len(argv) > 0 {
		return refuse62(argv)
	}
	if len(argv) > 0 && v.lacks(argv[0]) {
		return unknownCommandError(argv), true
	}
	return Reply{}, false
}

// newBacklog is createReplicationBacklog in this version: 7.0's shared
// buffer of blocks, or 6.2's ring.
func (v *Version) newBacklog(masterReplOffset int64) replBacklog {
	if v.redis62 {
		return newRingBacklog(masterReplOffset)
	}
	return newBacklog(masterReplOffset)
}

// trimFunc is the Redis function that moves the backlog's window.
func (v *Version) trimFunc() string {
	if v.redis62 {
		return "feedReplicationBacklog"
	}
	return "incrementalTrimReplicationBacklog"
}

// expiredDel is the command an EvExpired event propagates: DEL, or
// UNLINK under lazyfree-lazy-expire (Valkey 8's default).
func (e *Event) expiredDel() string {
	if a := e.Argv0(); a != "" {
		return a
	}
	return "DEL"
}

// formatDouble is addReplyDouble (and d2string) in this version.
func (v *Version) formatDouble(f float64) string {
	if !v.shortestDoubles {
		return formatDouble(f)
	}
	return formatShortestDouble(f)
}

// double is a score as this version's server replies it.
func (c *cmdCtx) double(f float64) string { return c.w.Version().formatDouble(f) }

// formatShortestDouble is Redis 7.2's d2string: integers below 2^62 as
// integers (double2ll), others as fpconv_dtoa prints the shortest digits
// (plain when the exponent is small, else d.ddde+XX).
func formatShortestDouble(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	case f == 0:
		if math.Signbit(f) {
			return "-0"
		}
		return "0"
	case f >= -float64(math.MaxInt64/2) && f <= float64(math.MaxInt64/2) && f == math.Trunc(f):
		return strconv.FormatInt(int64(f), 10)
	}
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX: the shortest digits
	i := strings.IndexByte(e, 'e')
	digits := strings.Replace(e[:i], ".", "", 1)
	exp10, _ := strconv.Atoi(e[i+1:])
	nd := len(digits)
	k := exp10 - nd + 1 // digits * 10^k (emit_digits's K)
	exp := exp10
	if exp < 0 {
		exp = -exp
	}
	switch {
	case k >= 0 && exp < nd+7:
		return sign + digits + strings.Repeat("0", k)
	case k < 0 && (k > -7 || exp < 4):
		if off := nd + k; off <= 0 {
			return sign + "0." + strings.Repeat("0", -off) + digits
		} else {
			return sign + digits[:off] + "." + digits[off:]
		}
	}
	out := sign + digits[:1]
	if nd > 1 {
		out += "." + digits[1:]
	}
	if exp10 < 0 {
		return out + "e-" + strconv.Itoa(exp)
	}
	return out + "e+" + strconv.Itoa(exp)
}

// objectEncoding is OBJECT ENCODING in this version: since Redis 7.2 a
// list is one listpack while it fits list-max-listpack-size's default
// 8 kB (-2); 7.4's hashes that HEXPIRE touched are listpackex; 6.2's
// small hashes and sorted sets are ziplists.
func (v *Version) objectEncoding(e *entry, lim encLimits) string {
	enc := objectEncoding(e, lim)
	switch {
	case e.typ == typeList && v.listpackLists && listFitsListpack(e.list().elements()):
		return "listpack"
	case e.typ == typeHash && enc == "listpack" && e.hash().ex:
		return "listpackex"
	case v.redis62 && enc == "listpack":
		return "ziplist" // listpack replaced ziplist in Redis 7.0
	}
	return enc
}

// listFitsListpack is listTypeTryConvertListpack's test for a list pushed
// one item at a time: the listpack so far plus the new item's length
// within 8192 bytes. A list goes back from quicklist only below half the
// limit (listTypeTryConvertQuicklist's shrinking); the model keeps no
// history and answers as for a list that grew to its size.
func listFitsListpack(items []string) bool {
	if len(items) == 0 {
		return true
	}
	return listpackBytes(items[:len(items)-1])+len(items[len(items)-1]) <= 8192
}

// listpackBytes is lpBytes of a listpack holding items: its 6-byte
// header, each entry's encoding, data and backlen, the end byte.
func listpackBytes(items []string) int {
	n := 7
	for _, s := range items {
		n += lpEntryBytes(s)
	}
	return n
}

// watchInMulti is WATCH's reply inside MULTI, and whether it aborts the
// transaction (Valkey 8 flags WATCH CMD_NO_MULTI: processCommand refuses
// it and flagTransaction; Redis's watchCommand refuses it alone).
func (v *Version) watchInMulti() (Reply, bool) {
	if v.valkeyTexts {
		return errReply("ERR Command not allowed inside a transaction"), true
	}
	return errReply("ERR WATCH inside MULTI is not allowed"), false
}

// luaAPIText is a library's load error as the version words it: Valkey 8
// calls Redis's Lua API server.* (server.register_function).
func (v *Version) luaAPIText(msg string) string {
	if v.valkeyTexts {
		return strings.ReplaceAll(msg, "redis.register_function", "server.register_function")
	}
	return msg
}

// valkeyWording is Valkey 8's text of Redis's errors that name Redis.
var valkeyWording = map[string]string{
	errHelloNoAuth: "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time",
	"ERR Unknown Redis command called from script":                     "ERR Unknown command called from script",
	"ERR Wrong number of args calling Redis command from script":       "ERR Wrong number of args calling command from script",
	"NOSCRIPT No matching script. Please use EVAL.":                    "NOSCRIPT No matching script.",
	"ERR Please specify at least one argument for this redis lib call": "ERR Please specify at least one argument for this call",
	"ERR Lua redis lib command arguments must be strings or integers":  "ERR Command arguments must be strings or integers",
	"ERR Invalid command passed to redis.acl_check_cmd()":              "ERR Invalid command passed to server.acl_check_cmd()",
	"ERR redis.set_repl() requires two arguments.":                     "ERR server.set_repl() requires one argument.",
	"ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.": "ERR This instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a configuration file set) in order to store users in the configuration.",
}

// wording72 is Redis 7.2's (and 7.4's) text of 7.0's errors that 7.2
// reworded.
var wording72 = map[string]string{
	errHelloNoAuth: "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time",
	"ERR redis.set_repl() requires two arguments.": "ERR redis.set_repl() requires one argument.",
}

// errHelloNoAuth is helloCommand's refusal of a client not authenticated.
const errHelloNoAuth = "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time"

// wording62 is Redis 6.2's text of 7.0's errors that 7.0 reworded.
var wording62 = map[string]string{
	"ERR unsupported unit provided. please use M, KM, FT, MI": "ERR unsupported unit provided. please use m, km, ft, mi",
}

// errText is an error reply in this version's words.
func (v *Version) errText(msg string) Reply {
	words := map[string]string(nil)
	switch {
	case v.valkeyTexts:
		words = valkeyWording
	case v.redis62:
		words = wording62
	case v.sanitizePayload: // 7.2 and later (Valkey is above)
		words = wording72
	}
	if m, ok := words[msg]; ok {
		return errReply(m)
	}
	return errReply(msg)
}

// fullResyncDropsCache: the replica discards its cached master as soon as
// the master answers +FULLRESYNC (6.2's slaveTryPartialResynchronization),
// so until the RDB loads INFO says slave_repl_offset 1 and a retry asks
// PSYNC ? -1; 7.0 discards it only when the RDB loads
// (replicationAttachToNewMaster).
// resetClearsNoEvict: 7.2's clearClientConnectionState clears
// CLIENT_NO_EVICT (and NO_TOUCH); 7.0's keeps it through RESET.
func (v *Version) resetClearsNoEvict() bool { return !v.redis62 && v.Name != "redis-7.0" }

func (v *Version) fullResyncDropsCache() bool { return v.redis62 }

// setMasterDropsReplicas: REPLICAOF host port disconnects the server's own
// replicas, which then PSYNC it again (6.2's replicationSetMaster calls
// disconnectSlaves; 7.0 keeps them: "they may hopefully be able to
// partially resync with us", its comment says).
func (v *Version) setMasterDropsReplicas() bool { return v.redis62 }

// autoclaimKeepsDeleted: XAUTOCLAIM claims a deleted entry like any other
// (replied nil, kept pending) and replies without 7.0's list of deleted
// ids (6.2's xautoclaimCommand).
func (v *Version) autoclaimKeepsDeleted() bool { return v.redis62 }

// groupLag: XINFO GROUPS says entries-read and lag (since Redis 7.0).
func (v *Version) groupLag() bool { return !v.redis62 }

// help is X HELP's text on this version's server (help_versions_gen.go
// where it differs from 7.0's).
func (v *Version) help(name string) []string {
	if t, ok := versionHelp[v.Name][name]; ok {
		return t
	}
	return redisHelp[name]
}

// aclDescribeDefault is ACL LIST's line for the default user.
func (v *Version) aclDescribeDefault() string {
	if v.sanitizePayload {
		return "user default on nopass sanitize-payload ~* &* +@all"
	}
	return "user default on nopass ~* &* +@all"
}

// aclGetuserDefault is ACL GETUSER default where it differs from 7.0's
// (ok false: 7.0's): 7.2's sanitize-payload flag, 6.2's flags and its
// keys and channels as lists, without selectors.
func (v *Version) aclGetuserDefault() (Reply, bool) {
	empty := Reply{Kind: '*', Array: []Reply{}}
	switch {
	case v.redis62:
		return Reply{Kind: '*', Array: []Reply{
			bulkReply("flags"), arrayReply([]string{"on", "allkeys", "allchannels", "allcommands", "nopass"}), bulkReply("passwords"), empty,
			bulkReply("commands"), bulkReply("+@all"), bulkReply("keys"), arrayReply([]string{"*"}), bulkReply("channels"), arrayReply([]string{"*"}),
		}}, true
	case v.sanitizePayload:
		return Reply{Kind: '*', Array: []Reply{
			bulkReply("flags"), arrayReply([]string{"on", "nopass", "sanitize-payload"}), bulkReply("passwords"), empty,
			bulkReply("commands"), bulkReply("+@all"), bulkReply("keys"), bulkReply("~*"), bulkReply("channels"), bulkReply("&*"),
			bulkReply("selectors"), empty,
		}}, true
	}
	return Reply{}, false
}

// latencyDisabledText is LATENCY DOCTOR's answer with monitoring off
// where it differs from Redis's ("": Redis's).
func (v *Version) latencyDisabledText() string {
	if v.valkeyTexts {
		return `I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Valkey instance. You may use "CONFIG SET latency-monitor-threshold <milliseconds>." in order to enable it.` + "\n"
	}
	return ""
}
