package core

import (
	"strconv"
	"strings"
)

func cmdPing(c *cmdCtx) Reply {
	switch len(c.argv) {
	case 1:
		return statusReply("PONG")
	case 2:
		return bulkReply(c.argv[1])
	}
	return errArity("ping")
}

func cmdInfo(c *cmdCtx) Reply {
	if len(c.argv) > 2 && c.w.Version().redis62 {
		return errSyntax // one section at most before 7.0 (infoCommand's own check: MULTI queues it)
	}
	return c.verbatimReply(c.w.info(c.s, c.argv[1:]...))
}

func cmdRole(c *cmdCtx) Reply {
	s := c.s
	if s.masterhost == "" {
		var reps []Reply
		for _, r := range s.slaves {
			if r.state != slaveOnline {
				continue
			}
			p := c.w.server(r.name)
			reps = append(reps, arrayReply([]string{"127.0.0.1", itoa(int64(p.port)), itoa(r.ackOff)}))
		}
		return Reply{Kind: '*', Array: []Reply{bulkReply("master"), intReply(s.masterReplOffset), {Kind: '*', Array: reps}}}
	}
	m := c.w.server(s.masterhost)
	state := map[replState]string{replConnect: "connect", replHandshake: "handshake", replTransfer: "sync", replConnected: "connected"}[s.replState]
	off := int64(-1)
	if s.master != nil {
		off = s.master.reploff
	}
	return Reply{Kind: '*', Array: []Reply{bulkReply("slave"), bulkReply("127.0.0.1"), intReply(int64(m.port)), bulkReply(state), intReply(off)}}
}

// goodReplicas is repl_good_slaves_count: replicas online whose last ack
// is at most min-replicas-max-lag seconds old (acks come every second, so
// in the model an online replica is a good one).
func (w *World) goodReplicas(s *Server) int {
	n := 0
	for _, r := range s.slaves {
		if r.state == slaveOnline {
			n++
		}
	}
	return n
}

func cmdEcho(c *cmdCtx) Reply { return bulkReply(c.argv[1]) }

// cmdTime is TIME on virtual time.
func cmdTime(c *cmdCtx) Reply {
	ms := c.now()
	return arrayReply([]string{itoa(ms / 1000), itoa(ms % 1000 * 1000)})
}

// cmdLastsave is server.lastsave: the start, then the last save.
func cmdLastsave(c *cmdCtx) Reply { return intReply((epochMillis + c.s.lastSave) / 1000) }

// cmdSave writes dump.rdb (what a restart would load), propagating
// nothing.
func cmdSave(c *cmdCtx) Reply {
	c.s.rdb = c.w.saveRDB(c.s)
	c.w.saved(c.s)
	return okReply
}

func cmdBgsave(c *cmdCtx) Reply {
	if len(c.argv) > 2 || (len(c.argv) == 2 && !strings.EqualFold(c.argv[1], "schedule")) {
		return errSyntax
	}
	c.s.rdb = c.w.saveRDB(c.s)
	c.w.saved(c.s)
	c.s.fork()
	return statusReply("Background saving started")
}

// fork is what a background save's child leaves: stat_total_forks, and
// rdb_save_time_last (0: a child's save takes no virtual time), which
// CONFIG RESETSTAT keeps.
func (s *Server) fork() {
	s.forked = true
	s.stat.totalForks++
}

// saved is what a save to dump.rdb resets: rdbSave and a background
// save done (the dirty counter, lastsave), and saveCommand's and
// rdbSaveBackground's stat_rdb_saves.
func (w *World) saved(s *Server) {
	s.dirty, s.lastSave = 0, w.now
	s.rdbSaves++
}

// cmdDebug is debugCommand for the subcommands a scenario can use. The
// harness starts every server with enable-debug-command local (7.0 refuses
// DEBUG otherwise), and the scenario's client is a local connection.
func cmdDebug(c *cmdCtx) Reply {
	switch strings.ToLower(c.argv[1]) {
	case "sleep":
		if len(c.argv) != 3 {
			return errArity("debug|sleep")
		}
		if v, err := strconv.ParseFloat(c.argv[2], 64); err != nil || v != 0 {
			// Sleeping blocks the server in wall-clock time; virtual time
			// moves only through `advance`.
			return errReply("ERR ReplScope models DEBUG SLEEP 0 only: to let time pass, use the scenario line `advance " + c.argv[2] + "s`")
		}
		return okReply
	case "populate":
		return debugPopulate(c)
	case "set-active-expire":
		if len(c.argv) != 3 {
			return errArity("debug|set-active-expire")
		}
		c.s.activeExpireOff = c.argv[2] == "0"
		return okReply
	}
	return errReply("ERR ReplScope does not model DEBUG " + strings.ToUpper(c.argv[1]) + " (it models DEBUG POPULATE, DEBUG SLEEP 0 and DEBUG SET-ACTIVE-EXPIRE)")
}

func cmdCommandCount(c *cmdCtx) Reply {
	n := 0
	for _, rc := range redisTable {
		if !strings.Contains(rc.name, "|") {
			n++
		}
	}
	return intReply(int64(n))
}

func cmdCommandList(c *cmdCtx) Reply {
	if len(c.argv) > 2 {
		return errReply("ERR ReplScope models COMMAND LIST without FILTERBY")
	}
	var out []string
	for _, rc := range redisTable {
		out = append(out, rc.name)
	}
	return arrayReply(out)
}

// cmdConfigResetstat is resetServerStats: the sync counters go to 0.
func cmdConfigResetstat(c *cmdCtx) Reply {
	c.s.resetStats()
	c.w.emit(Event{Kind: EvConfig, Node: c.s.name, Argv: []string{"RESETSTAT"}, Text: "OK (INFO stats, commandstats and errorstats are 0 again)", Func: "resetServerStats"})
	return okReply
}

func cmdConfigRewrite(c *cmdCtx) Reply {
	return errReply("ERR The server is running without a config file")
}

// cmdClusterDisabled: cluster-enabled is no, so CLUSTER, ASKING,
// READONLY and READWRITE answer this.
func cmdClusterDisabled(c *cmdCtx) Reply {
	return errReply("ERR This instance has cluster support disabled")
}

// cmdHelp answers X HELP with Redis's own text (core/testdata/help-7.0.json),
// as addReplyHelp does: an array of status lines.
func cmdHelp(c *cmdCtx) Reply {
	lines := c.w.Version().help(strings.ToLower(c.argv[0]) + "|help")
	out := Reply{Kind: '*', Array: make([]Reply, len(lines))}
	for i, l := range lines {
		out.Array[i] = statusReply(l)
	}
	return out
}

func cmdClientSetname(c *cmdCtx) Reply {
	for _, r := range c.argv[2] {
		if r < '!' || r > '~' {
			return errReply("ERR Client names cannot contain spaces, newlines or special characters.")
		}
	}
	c.s.client.name = c.argv[2]
	return okReply
}

func cmdClientGetname(c *cmdCtx) Reply {
	if c.s.client.name == "" {
		return nilReply
	}
	return bulkReply(c.s.client.name)
}

// cmdClientOnOff is CLIENT NO-EVICT ON|OFF and CLIENT TRACKING OFF.
func cmdClientOnOff(c *cmdCtx) Reply {
	noEvict := strings.EqualFold(c.argv[1], "no-evict")
	switch strings.ToLower(c.argv[2]) {
	case "on":
		if !noEvict {
			return errReply("ERR ReplScope models CLIENT TRACKING OFF only")
		}
		c.s.client.noEvict = true
		return okReply
	case "off":
		if noEvict {
			c.s.client.noEvict = false
		}
		return okReply
	}
	return errSyntax
}

// No module is loaded and latency-monitor-threshold is 0: nothing recorded.
func cmdEmptyArray(c *cmdCtx) Reply   { return Reply{Kind: '*', Array: []Reply{}} }
func cmdLatencyReset(c *cmdCtx) Reply { return intReply(0) }

// Tracking is never on for the scenario's client.
func cmdClientTrackinginfo(c *cmdCtx) Reply {
	return c.mapReply([]Reply{bulkReply("flags"), c.setOf([]string{"off"}), bulkReply("redirect"), intReply(-1), bulkReply("prefixes"), {Kind: '*', Array: []Reply{}}})
}

func cmdClientCaching(c *cmdCtx) Reply {
	return errReply("ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled")
}

func cmdClientGetredir(c *cmdCtx) Reply { return intReply(-1) }

// cmdClientUnblock: no other client is ever blocked.
func cmdClientUnblock(c *cmdCtx) Reply {
	if _, ok := parseInt(c.argv[2]); !ok {
		return errNotInt
	}
	return intReply(0)
}

// cmdClientReply models CLIENT REPLY ON (OFF and SKIP would leave the
// scenario's client waiting for replies that never come).
func cmdClientReply(c *cmdCtx) Reply {
	if strings.EqualFold(c.argv[2], "on") {
		return okReply
	}
	return errReply("ERR ReplScope models CLIENT REPLY ON only: with OFF or SKIP the scenario's client would wait for replies that never come")
}

func cmdNotBusy(c *cmdCtx) Reply {
	return errReply("NOTBUSY No scripts in execution right now.")
}

// cmdFunctionStats: no script runs while a command is read.
func cmdFunctionStats(c *cmdCtx) Reply {
	libs, funcs := 0, 0
	if c.s.ks.lua != nil {
		libs, funcs = len(c.s.ks.lua.libs), len(c.s.ks.lua.funcs)
	}
	return c.mapReply([]Reply{bulkReply("running_script"), nilReply, bulkReply("engines"), c.mapReply([]Reply{
		bulkReply("LUA"), c.mapReply([]Reply{bulkReply("libraries_count"), intReply(int64(libs)), bulkReply("functions_count"), intReply(int64(funcs))}),
	})})
}

var aclCategories = strings.Fields("keyspace read write set sortedset list hash string bitmap hyperloglog geo stream pubsub admin fast slow blocking dangerous connection transaction scripting")

// cmdAclCat lists the categories (ACL CAT CATEGORY is not modelled: a real
// server lists its commands in hash table order).
func cmdAclCat(c *cmdCtx) Reply {
	if len(c.argv) > 2 {
		return errReply("ERR ReplScope models ACL CAT without a category")
	}
	return arrayReply(aclCategories)
}

// cmdLatencyDoctor: latency-monitor-threshold is 0 unless set.
func cmdLatencyDoctor(c *cmdCtx) Reply {
	if c.s.cfg.get("latency-monitor-threshold") != "0" {
		return errReply("ERR ReplScope models LATENCY DOCTOR with latency monitoring disabled only")
	}
	if t := c.w.Version().latencyDisabledText(); t != "" {
		return c.verbatimReply(t)
	}
	return c.verbatimReply(`I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use "CONFIG SET latency-monitor-threshold <milliseconds>." in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.` + "\n")
}

// SLOWLOG: no command of the model takes slowlog-log-slower-than (10 ms)
// of virtual time, so the log stays empty.
func cmdSlowlogGet(c *cmdCtx) Reply {
	if len(c.argv) == 3 {
		if _, ok := parseInt(c.argv[2]); !ok {
			return errNotInt
		}
	}
	return Reply{Kind: '*', Array: []Reply{}}
}

func cmdAclFile(c *cmdCtx) Reply {
	return c.w.Version().errText("ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.")
}

// cmdModuleDisabled: enable-module-command is "no" by default.
func cmdModuleDisabled(c *cmdCtx) Reply {
	return errReply(`ERR MODULE command not allowed. If the enable-module-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.`)
}

func cmdLatencyGraph(c *cmdCtx) Reply {
	return errReply("ERR No samples available for event '" + c.argv[2] + "'")
}

// cmdMemoryDoctor answers as a server using under 5 MB does (a dataset
// under 3 MB, on top of a fresh server's own memory).
func cmdMemoryDoctor(c *cmdCtx) Reply {
	size := 0
	for db := range numDBs {
		c.s.ks.each(db, func(k string, e *entry) bool {
			size += len(k) + len(e.str) + 64
			if e.obj != nil {
				size += 1024
			}
			return size < 3<<20
		})
	}
	if size >= 3<<20 {
		return errReply("ERR ReplScope models MEMORY DOCTOR for small datasets only")
	}
	return c.verbatimReply("Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n")
}

// cmdAclGenpass draws from the world's seeded generator (a real server
// from /dev/urandom): BITS bits as hex, 256 by default.
func cmdAclGenpass(c *cmdCtx) Reply {
	bits := int64(256)
	if len(c.argv) == 3 {
		v, ok := parseInt(c.argv[2])
		if !ok || v <= 0 || v > 4096 {
			return errReply("ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096")
		}
		bits = v
	} else if len(c.argv) > 3 {
		return errSyntax
	}
	const hex = "0123456789abcdef"
	n := (bits + 3) / 4
	b := make([]byte, n)
	for i := range b {
		b[i] = hex[c.w.randN(16)]
	}
	return bulkReply(string(b))
}
