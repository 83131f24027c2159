package core

import (
	"crypto/sha1"
	"encoding/hex"
	"strconv"
)

// genRedisInfoString's sections besides replication, stats and the
// per-command ones, per version as each tested server prints them. What a
// simulation cannot know (the process: pids, run_id, RSS, the allocator's
// figures, CPU times, the wall clock, paths and the build) is nominal here
// and compared by kind (report.InfoByKind); what the model knows (ports,
// config, counters, the dirty counter, scripts and functions counts, the
// replication buffers) is computed when INFO is asked and compared exactly.

// infoBuild is what the tested build of a version prints about itself
// (measured on the binaries the recordings come from).
type infoBuild struct {
	version, buildID, gitDirty, allocator, executable string
}

func (v *Version) infoBuild() infoBuild {
	switch v.Name {
	case "redis-6.2":
		return infoBuild{"6.2.16", "b092a82d227d1cc2", "0", "jemalloc-5.1.0", "/work/redis-bin/6.2.16/redis-server"}
	case "redis-7.2":
		return infoBuild{"7.2.6", "89ca16a4c8a82a78", "0", "jemalloc-5.3.0", "/work/redis-bin/7.2.6/redis-server"}
	case "redis-7.4":
		return infoBuild{"7.4.1", "e93643d09752d774", "1", "jemalloc-5.3.0", "/work/redis-bin/7.4.1/redis-server"}
	case "valkey-8.0":
		// Valkey reports Redis OSS 7.2.4 as redis_version for clients.
		return infoBuild{"7.2.4", "39f7c371e0a96e3d", "0", "jemalloc-5.3.0", "/usr/bin/valkey-server"}
	}
	return infoBuild{"7.0.15", "ae4d7c971a948f0", "0", "jemalloc-5.3.0", "/usr/bin/redis-server"}
}

// runID is the process's run_id: random on a real server; here a hash of
// the node and its start, so that a restart changes it.
func (s *Server) runID() string {
	h := sha1.Sum([]byte(s.name + "@" + itoa(s.bornAt)))
	return hex.EncodeToString(h[:])
}

// serverInfo is # Server.
func (w *World) serverInfo(s *Server) []infoLine {
	v := w.Version()
	b := v.infoBuild()
	valkey := v.Server == "valkey"
	l := []infoLine{{"redis_version", b.version}}
	add := func(n, val string) { l = append(l, infoLine{n, val}) }
	mode := "redis_mode"
	if valkey {
		add("server_name", "valkey")
		add("valkey_version", v.Tested)
		mode = "server_mode"
	}
	add("redis_git_sha1", "00000000")
	add("redis_git_dirty", b.gitDirty)
	add("redis_build_id", b.buildID)
	add(mode, "standalone")
	add("os", "Linux 6.1.0 x86_64")
	add("arch_bits", "64")
	add("monotonic_clock", "POSIX clock_gettime")
	add("multiplexing_api", "epoll")
	if !valkey {
		add("atomicvar_api", "c11-builtin")
	}
	add("gcc_version", "12.2.0")
	add("process_id", strconv.Itoa(1000+s.index))
	add("process_supervised", "no")
	add("run_id", s.runID())
	add("tcp_port", strconv.Itoa(s.port))
	add("server_time_usec", itoa(w.unixMillis()*1000))
	up := (w.now - s.bornAt) / 1000
	add("uptime_in_seconds", itoa(up))
	add("uptime_in_days", itoa(up/86400))
	hz := s.cfg.get("hz")
	add("hz", hz)
	add("configured_hz", hz)
	add("lru_clock", itoa(w.lruClock()))
	add("executable", b.executable)
	add("config_file", "") // the harness passes its settings as arguments
	add("io_threads_active", "0")
	if valkey {
		add("availability_zone", "")
	}
	if !v.redis62 && v.Name != "redis-7.0" {
		add("listener0", "name=tcp,bind=127.0.0.1,port="+strconv.Itoa(s.port))
	}
	return l
}

// clientsInfo is # Clients: the scenario's client, a master link and
// MIGRATE's cached connections (replicas are not counted, as in Redis).
func (w *World) clientsInfo(s *Server) []infoLine {
	v := w.Version()
	n := 1 + len(w.migrateClients(s))
	if s.master != nil {
		n++
	}
	newer := v.hashFieldExpiry || v.Server == "valkey" // 7.4's layout
	watched := len(s.client.watched)
	l := []infoLine{
		{"connected_clients", strconv.Itoa(n)},
		{"cluster_connections", "0"},
		{"maxclients", s.cfg.get("maxclients")},
		{"client_recent_max_input_buffer", "0"},
		{"client_recent_max_output_buffer", "0"},
		{"blocked_clients", strconv.Itoa(len(w.waits))},
		{"tracking_clients", "0"},
	}
	if newer {
		l = append(l, infoLine{"pubsub_clients", "0"}, infoLine{"watching_clients", boolStr(watched > 0)})
	}
	l = append(l, infoLine{"clients_in_timeout_table", "0"})
	if newer {
		l = append(l, infoLine{"total_watched_keys", strconv.Itoa(watched)})
	}
	if !v.redis62 && v.Name != "redis-7.0" {
		l = append(l, infoLine{"total_blocking_keys", "0"}, infoLine{"total_blocking_keys_on_nokey", "0"})
	}
	return l
}

// Nominal process figures: 7.0.15's as the harness's servers print them
// at start (used_memory_startup, the Lua VMs) and a machine's memory.
const (
	memStartup       = 876704
	memLuaVM         = 32768
	memFunctionsVM   = 33792
	memSystem        = 25276071936
	memFunctionsBase = 200
)

// memoryInfo is # Memory. used_memory is zmallocUsedMemory, what
// maxmemory compares too.
func (w *World) memoryInfo(s *Server) []infoLine {
	v := w.Version()
	used, overhead, dataset := w.zmallocUsedMemory(s)
	repl := w.replMemoryInfo(s)
	scripts, funcs, libs := 0, 0, 0
	if s.lua != nil {
		scripts = len(s.lua.scripts)
	}
	if s.ks.lua != nil { // the libraries live with the data (function.go)
		funcs, libs = len(s.ks.lua.funcs), len(s.ks.lua.libs)
	}
	maxmem, _ := strconv.ParseInt(s.cfg.get("maxmemory"), 10, 64)
	pct := func(a, b int64) string {
		if b <= 0 {
			return "0.00%"
		}
		return strconv.FormatFloat(float64(a)*100/float64(b), 'f', 2, 64) + "%"
	}
	var l []infoLine
	add := func(n, val string) { l = append(l, infoLine{n, val}) }
	addN := func(n string, x int64) { add(n, itoa(x)) }
	addN("used_memory", used)
	add("used_memory_human", bytesToHuman(used))
	addN("used_memory_rss", used)
	add("used_memory_rss_human", bytesToHuman(used))
	addN("used_memory_peak", used)
	add("used_memory_peak_human", bytesToHuman(used))
	add("used_memory_peak_perc", pct(used, used))
	addN("used_memory_overhead", overhead)
	addN("used_memory_startup", memStartup)
	addN("used_memory_dataset", dataset)
	add("used_memory_dataset_perc", pct(dataset, used-memStartup))
	addN("allocator_allocated", used)
	addN("allocator_active", used)
	addN("allocator_resident", used)
	if v.hashFieldExpiry || v.Server == "valkey" {
		add("allocator_muzzy", "0")
	}
	addN("total_system_memory", memSystem)
	add("total_system_memory_human", bytesToHuman(memSystem))
	if v.redis62 {
		addN("used_memory_lua", memLuaVM)
		add("used_memory_lua_human", bytesToHuman(memLuaVM))
		add("used_memory_scripts", "0")
		add("used_memory_scripts_human", "0B")
		add("number_of_cached_scripts", strconv.Itoa(scripts))
	} else {
		addN("used_memory_lua", memLuaVM)
		addN("used_memory_vm_eval", memLuaVM)
		add("used_memory_lua_human", bytesToHuman(memLuaVM))
		add("used_memory_scripts_eval", "0")
		add("number_of_cached_scripts", strconv.Itoa(scripts))
		add("number_of_functions", strconv.Itoa(funcs))
		add("number_of_libraries", strconv.Itoa(libs))
		addN("used_memory_vm_functions", memFunctionsVM)
		addN("used_memory_vm_total", memLuaVM+memFunctionsVM)
		add("used_memory_vm_total_human", bytesToHuman(memLuaVM+memFunctionsVM))
		addN("used_memory_functions", memFunctionsBase)
		addN("used_memory_scripts", memFunctionsBase)
		add("used_memory_scripts_human", bytesToHuman(memFunctionsBase))
	}
	addN("maxmemory", maxmem)
	add("maxmemory_human", bytesToHuman(maxmem))
	add("maxmemory_policy", s.cfg.get("maxmemory-policy"))
	for _, r := range []string{"allocator_frag", "allocator_rss", "rss_overhead", "mem_fragmentation"} {
		add(r+"_ratio", "1.00")
		add(r+"_bytes", "0")
	}
	slaves := repl[2].value
	addN("mem_not_counted_for_evict", w.freeMemoryGetNotCountedMemory(s))
	add("mem_replication_backlog", repl[0].value)
	if !v.redis62 {
		add("mem_total_replication_buffers", repl[1].value)
	}
	add("mem_clients_slaves", slaves)
	add("mem_clients_normal", "0")
	if !v.redis62 {
		add("mem_cluster_links", "0")
	}
	add("mem_aof_buffer", "0")
	add("mem_allocator", v.infoBuild().allocator)
	if v.hashFieldExpiry || v.Server == "valkey" {
		add("mem_overhead_db_hashtable_rehashing", "0")
	}
	add("active_defrag_running", "0")
	add("lazyfree_pending_objects", "0")
	add("lazyfreed_objects", "0")
	return l
}

// bytesToHuman is server.c's: B, then K, M, G ... with two decimals.
func bytesToHuman(n int64) string {
	if n < 1024 {
		return itoa(n) + "B"
	}
	d := float64(n)
	for _, u := range []string{"K", "M", "G", "T", "P"} {
		d /= 1024
		if d < 1024 || u == "P" {
			return strconv.FormatFloat(d, 'f', 2, 64) + u
		}
	}
	return ""
}

// persistenceInfo is # Persistence: nothing is ever loading, forking or
// writing an AOF between two lines; the RDB figures are the model's.
func (w *World) persistenceInfo(s *Server) []infoLine {
	v := w.Version()
	var l []infoLine
	add := func(n, val string) { l = append(l, infoLine{n, val}) }
	add("loading", "0")
	if !v.redis62 {
		add("async_loading", "0")
		add("current_cow_peak", "0")
	}
	add("current_cow_size", "0")
	add("current_cow_size_age", "0")
	add("current_fork_perc", "0.00")
	add("current_save_keys_processed", "0")
	add("current_save_keys_total", "0")
	add("rdb_changes_since_last_save", itoa(s.dirty))
	add("rdb_bgsave_in_progress", "0")
	add("rdb_last_save_time", itoa((epochMillis+s.lastSave)/1000))
	add("rdb_last_bgsave_status", "ok")
	bgsave := "-1" // rdb_save_time_last: no child has saved since the start
	if s.forked {
		bgsave = "0" // a child's save takes no virtual time
	}
	add("rdb_last_bgsave_time_sec", bgsave)
	add("rdb_current_bgsave_time_sec", "-1")
	if !v.redis62 {
		add("rdb_saves", itoa(s.rdbSaves))
	}
	add("rdb_last_cow_size", "0")
	if !v.redis62 {
		add("rdb_last_load_keys_expired", "0")
		add("rdb_last_load_keys_loaded", itoa(s.loadedKeys))
	}
	add("aof_enabled", "0")
	add("aof_rewrite_in_progress", "0")
	add("aof_rewrite_scheduled", "0")
	add("aof_last_rewrite_time_sec", "-1")
	add("aof_current_rewrite_time_sec", "-1")
	add("aof_last_bgrewrite_status", "ok")
	if !v.redis62 {
		add("aof_rewrites", "0")
		add("aof_rewrites_consecutive_failures", "0")
	}
	add("aof_last_write_status", "ok")
	add("aof_last_cow_size", "0")
	add("module_fork_in_progress", "0")
	add("module_fork_last_cow_size", "0")
	return l
}

// cpuInfo is # CPU: the process's times, nominal.
func cpuInfo() []infoLine {
	var l []infoLine
	for _, n := range []string{"used_cpu_sys", "used_cpu_user", "used_cpu_sys_children", "used_cpu_user_children", "used_cpu_sys_main_thread", "used_cpu_user_main_thread"} {
		l = append(l, infoLine{n, "0.000000"})
	}
	return l
}
