package core

import (
	"strconv"
	"strings"

	"replscope/core/report"
)

// infoLine is one "name:value" of INFO.
type infoLine struct{ name, value string }

// replicationInfo is the # Replication section of genRedisInfoString, in
// its order.
func (w *World) replicationInfo(s *Server) []infoLine {
	var l []infoLine
	add := func(n, v string) { l = append(l, infoLine{n, v}) }
	role := "master"
	if s.masterhost != "" {
		role = "slave"
	}
	add("role", role)
	if s.masterhost != "" {
		m := w.server(s.masterhost)
		read, applied := int64(1), int64(1)
		lastIO := int64(-1)
		if s.master != nil {
			read, applied = s.master.readReploff, s.master.reploff
			lastIO = (w.now - s.master.lastIO) / 1000
		} else if s.cachedMaster != nil {
			read, applied = s.cachedMaster.readReploff, s.cachedMaster.reploff
		}
		link := "down"
		if s.replState == replConnected {
			link = "up"
		}
		sync := "0"
		if s.replState == replTransfer {
			sync = "1"
		}
		add("master_host", "127.0.0.1")
		add("master_port", strconv.Itoa(m.port))
		add("master_link_status", link)
		add("master_last_io_seconds_ago", itoa(lastIO))
		add("master_sync_in_progress", sync)
		add("slave_read_repl_offset", itoa(read))
		add("slave_repl_offset", itoa(applied))
		if w.Version().valkeyInfo {
			// The dual-channel sync's local buffer (pending_repl_data).
			add("replicas_repl_buffer_size", "0")
			add("replicas_repl_buffer_peak", "0")
		}
		if s.replState != replConnected {
			down := int64(-1)
			if s.downSince != 0 {
				down = (w.now - s.downSince) / 1000
			}
			add("master_link_down_since_seconds", itoa(down))
		}
		add("slave_priority", itoa(s.cfg.priority))
		add("slave_read_only", boolStr(s.cfg.readOnly))
		add("replica_announced", boolStr(s.cfg.flag("replica-announced")))
	}
	add("connected_slaves", strconv.Itoa(len(s.slaves)))
	if s.cfg.minReplicas > 0 && s.cfg.minReplicasLag > 0 {
		good := 0
		for _, r := range s.slaves {
			if r.state == slaveOnline {
				good++
			}
		}
		add("min_slaves_good_slaves", strconv.Itoa(good))
	}
	for i, r := range s.slaves {
		p := w.server(r.name)
		line := "ip=127.0.0.1,port=" + strconv.Itoa(p.port) + ",state=" + r.state.String() + ",offset=" + itoa(r.ackOff) + ",lag=0"
		if w.Version().valkeyInfo {
			line += ",type=replica" // Valkey 8 tells a dual-channel RDB link (rdb-channel) from a replica
		}
		add("slave"+strconv.Itoa(i), line)
	}
	if w.Version().valkeyInfo {
		// Dual-channel replicas between their RDB and PSYNC, after the
		// replicas' lines (measured).
		add("replicas_waiting_psync", "0")
	}
	add("master_failover_state", failoverStateString(s.failoverState))
	add("master_replid", s.replid)
	add("master_replid2", s.replid2)
	add("master_repl_offset", itoa(s.masterReplOffset))
	add("second_repl_offset", itoa(s.secondReplidOffset))
	var first, hist int64
	if s.backlog != nil {
		first, hist = s.backlog.FirstByteOffset(), s.backlog.HistLen()
	} else if w.Version().redis62 {
		// 6.2 prints repl_backlog_off and histlen, which freeing the
		// backlog leaves as they were.
		first, hist = s.freedBacklog[0], s.freedBacklog[1]
	}
	add("repl_backlog_active", boolStr(s.backlog != nil))
	add("repl_backlog_size", itoa(s.cfg.backlogSize))
	add("repl_backlog_first_byte_offset", itoa(first))
	add("repl_backlog_histlen", itoa(hist))
	return l
}

// syncInfo is the replication part of # Stats, which reports compare
// after every line.
func syncInfo(s *Server) []infoLine {
	return []infoLine{
		{"sync_full", itoa(s.syncFull)},
		{"sync_partial_ok", itoa(s.syncPartialOK)},
		{"sync_partial_err", itoa(s.syncPartialErr)},
	}
}

// statsInfo is # Stats in genRedisInfoString's order for the version.
// Byte counts, reads and writes, instantaneous rates and durations are a
// real server's network and wall clock: the model prints 0 and replies
// compare them by kind (report.StatsByKind). So are the figures of what
// the model does not run: active defrag, client tracking, io threads,
// pubsub (SUBSCRIBE is refused). The eviction times are virtual ones.
func (w *World) statsInfo(s *Server) []infoLine {
	v := w.Version()
	st := &s.stat
	var errs int64
	if s.stats != nil {
		errs = s.stats.totalErrorReplies
	}
	l := make([]infoLine, 0, 64)
	add := func(n, val string) { l = append(l, infoLine{n, val}) }
	addN := func(n string, val int64) { l = append(l, infoLine{n, itoa(val)}) }
	addN("total_connections_received", st.numConnections)
	addN("total_commands_processed", st.numCommands)
	add("instantaneous_ops_per_sec", "0")
	add("total_net_input_bytes", "0")
	add("total_net_output_bytes", "0")
	if !v.redis62 {
		add("total_net_repl_input_bytes", "0")
		add("total_net_repl_output_bytes", "0")
	}
	add("instantaneous_input_kbps", "0.00")
	add("instantaneous_output_kbps", "0.00")
	if !v.redis62 {
		add("instantaneous_input_repl_kbps", "0.00")
		add("instantaneous_output_repl_kbps", "0.00")
	}
	add("rejected_connections", "0")
	l = append(l, syncInfo(s)...)
	if v.hashFieldExpiry {
		addN("expired_subkeys", st.expiredSubkeys)
	}
	addN("expired_keys", st.expiredKeys)
	add("expired_stale_perc", "0.00")
	add("expired_time_cap_reached_count", "0")
	add("expire_cycle_cpu_milliseconds", "0")
	addN("evicted_keys", st.evictedKeys)
	if !v.redis62 {
		add("evicted_clients", "0")
	}
	if v.hashFieldExpiry || v.valkeyInfo {
		add("evicted_scripts", "0")
	}
	if !v.redis62 {
		total, current := w.evictionExceededTime(s)
		addN("total_eviction_exceeded_time", total)
		addN("current_eviction_exceeded_time", current)
	}
	addN("keyspace_hits", st.keyspaceHits)
	addN("keyspace_misses", st.keyspaceMisses)
	add("pubsub_channels", "0")
	add("pubsub_patterns", "0")
	if !v.redis62 {
		add("pubsubshard_channels", "0")
	}
	add("latest_fork_usec", "0")
	addN("total_forks", st.totalForks)
	addN("migrate_cached_sockets", int64(len(s.migrateConns)))
	add("slave_expires_tracked_keys", "0")
	for _, n := range []string{"active_defrag_hits", "active_defrag_misses", "active_defrag_key_hits", "active_defrag_key_misses"} {
		add(n, "0")
	}
	if !v.redis62 {
		add("total_active_defrag_time", "0")
		add("current_active_defrag_time", "0")
	}
	add("tracking_total_keys", "0")
	add("tracking_total_items", "0")
	add("tracking_total_prefixes", "0")
	addN("unexpected_error_replies", st.unexpected)
	addN("total_error_replies", errs)
	add("dump_payload_sanitizations", "0")
	add("total_reads_processed", "0")
	add("total_writes_processed", "0")
	add("io_threaded_reads_processed", "0")
	add("io_threaded_writes_processed", "0")
	if v.valkeyInfo {
		for _, n := range []string{"io_threaded_freed_objects", "io_threaded_poll_processed", "io_threaded_total_prefetch_batches", "io_threaded_total_prefetch_entries"} {
			add(n, "0")
		}
	}
	if v.hashFieldExpiry || v.valkeyInfo {
		add("client_query_buffer_limit_disconnections", "0")
		addN("client_output_buffer_limit_disconnections", st.outbufLimit)
	}
	if !v.redis62 {
		add("reply_buffer_shrinks", "0")
		add("reply_buffer_expands", "0")
	}
	if v.eventloopStats {
		for _, n := range []string{"eventloop_cycles", "eventloop_duration_sum", "eventloop_duration_cmd_sum", "instantaneous_eventloop_cycles_per_sec", "instantaneous_eventloop_duration_usec"} {
			add(n, "0")
		}
		addN("acl_access_denied_auth", st.aclDenied[aclDeniedAuth])
		addN("acl_access_denied_cmd", st.aclDenied[aclDeniedCmd])
		addN("acl_access_denied_key", st.aclDenied[aclDeniedKey])
		addN("acl_access_denied_channel", st.aclDenied[aclDeniedChannel])
	}
	return l
}

func boolStr(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// info renders INFO [section ...] as genRedisInfoString does (CRLF line
// ends, a blank line between sections, in its order): no section or
// default gives server, clients, memory, persistence, stats, replication,
// cpu, modules, errorstats, cluster and keyspace; all adds commandstats
// and latencystats (6.2 has none); everything adds the modules' sections
// (there are none). Unknown names print nothing.
func (w *World) info(s *Server, sections ...string) string {
	want := map[string]bool{}
	for _, sec := range sections {
		if sec != "" {
			want[strings.ToLower(sec)] = true
		}
	}
	all := want["all"] || want["everything"]
	def := all || len(want) == 0 || want["default"]
	has := func(name string) bool { return def || want[name] }
	var b strings.Builder
	write := func(title string, lines []infoLine) {
		if b.Len() > 0 {
			b.WriteString("\r\n")
		}
		b.WriteString("# " + title + "\r\n")
		for _, l := range lines {
			b.WriteString(l.name + ":" + l.value + "\r\n")
		}
	}
	if has("server") {
		write("Server", w.serverInfo(s))
	}
	if has("clients") {
		write("Clients", w.clientsInfo(s))
	}
	if has("memory") {
		write("Memory", w.memoryInfo(s))
	}
	if has("persistence") {
		write("Persistence", w.persistenceInfo(s))
	}
	if has("stats") {
		write("Stats", w.statsInfo(s))
	}
	if has("replication") {
		write("Replication", w.replicationInfo(s))
	}
	if has("cpu") {
		write("CPU", cpuInfo())
	}
	if has("modules") {
		write("Modules", nil)
	}
	if all || want["commandstats"] {
		write("Commandstats", s.commandstatsInfo())
	}
	if has("errorstats") {
		write("Errorstats", s.errorstatsInfo())
	}
	if (all || want["latencystats"]) && !w.Version().redis62 {
		write("Latencystats", s.latencystatsInfo())
	}
	if has("cluster") {
		write("Cluster", []infoLine{{"cluster_enabled", "0"}})
	}
	if has("keyspace") {
		write("Keyspace", w.keyspaceInfo(s))
	}
	return b.String()
}

// Info renders INFO for a node: "replication", "stats", or "" for both.
func (w *World) Info(name, section string) string {
	s := w.server(name)
	if s == nil {
		return ""
	}
	return w.info(s, strings.ToLower(section))
}

func (w *World) infoField(s *Server, field string) (string, bool) {
	for _, l := range append(append(w.replicationInfo(s), w.statsInfo(s)...), w.replMemoryInfo(s)[1]) {
		if l.name == field {
			return l.value, true
		}
	}
	return "", false
}

// timingFields change with wall-clock time on a real server; they are
// left out of reports, as the harness leaves them out.
var timingFields = map[string]bool{
	"master_host": true, "master_port": true, "master_last_io_seconds_ago": true,
	"master_link_down_since_seconds": true,
}

// reportNode is one node's INFO as the report shape.
func (w *World) reportNode(s *Server) *report.Node {
	n := &report.Node{Fields: map[string]string{}, Replicas: map[string]report.Replica{}}
	for _, l := range append(w.replicationInfo(s), syncInfo(s)...) {
		if timingFields[l.name] || strings.HasPrefix(l.name, "slave") && strings.HasPrefix(l.value, "ip=") {
			continue
		}
		n.Fields[l.name] = l.value
	}
	if !w.Version().redis62 { // INFO memory's field since 7.0
		n.Fields["mem_total_replication_buffers"] = itoa(s.memReplBuffers())
	}
	for _, r := range s.slaves {
		rep := report.Replica{State: r.state.String(), Offset: itoa(r.ackOff)}
		if w.held(s, r) {
			omem, oll := s.outputBuffer(r)
			rep.Omem, rep.Oll = itoa(omem), itoa(oll)
		}
		n.Replicas[r.name] = rep
	}
	return n
}

// ReportNodes returns every node's report fields.
func (w *World) ReportNodes() map[string]*report.Node {
	out := make(map[string]*report.Node, len(w.servers))
	for _, s := range w.servers {
		out[s.name] = w.reportNode(s)
	}
	return out
}

// keyspaceInfo is INFO keyspace: every non-empty db's keys and expires.
// avg_ttl is a sampled estimate on a real server (activeExpireCycle); the
// model reports 0, which is exact while no key has an expiry. Redis 7.4
// adds subexpiry, the hashes with field TTLs.
func (w *World) keyspaceInfo(s *Server) []infoLine {
	var out []infoLine
	for db := range numDBs {
		n := s.ks.dbLen(db)
		if n == 0 {
			continue
		}
		expires := 0
		s.ks.volatileKeys(db, func(string, *entry) { expires++ })
		line := "keys=" + itoa(int64(n)) + ",expires=" + itoa(int64(expires)) + ",avg_ttl=0"
		if w.Version().hashFieldExpiry {
			line += ",subexpiry=" + itoa(int64(subexpiry(s, db)))
		}
		out = append(out, infoLine{"db" + itoa(int64(db)), line})
	}
	return out
}
