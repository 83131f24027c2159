package report

import "strings"

// How INFO's sections compare (normalizeInfoFields). A field the model
// knows compares exactly: versions, ports, config (hz, maxclients,
// maxmemory, maxmemory_policy), connected_clients (less the harness's
// polling connection, which the harness takes out), the dirty counter,
// rdb_saves, whether a BGSAVE has run (rdb_last_bgsave_time_sec -1 or
// not: its seconds are the wall clock's), the keys an RDB load brought,
// scripts', functions' and libraries' counts, the replication buffers,
// the constant fields (aof_enabled:0, loading:0 ...). The ones below
// belong to the process or the wall clock and compare by kind: InfoByKind
// as <n> (a number, the model's nominal), InfoAnyValue as <*> (present,
// any text).
var (
	InfoByKind = map[string]bool{
		// # Server: the process and the wall clock; ports are the
		// harness's choice (tcp_port, master_port, slaveN's port).
		"tcp_port": true, "master_port": true, "process_id": true, "server_time_usec": true, "uptime_in_seconds": true, "uptime_in_days": true, "lru_clock": true,
		// # Clients: query and reply buffers' sizes.
		"client_recent_max_input_buffer": true, "client_recent_max_output_buffer": true,
		// # Memory: the allocator's, the process's and the Lua VMs'.
		"used_memory": true, "used_memory_rss": true, "used_memory_peak": true, "used_memory_overhead": true,
		"used_memory_startup": true, "used_memory_dataset": true, "allocator_allocated": true, "allocator_active": true,
		"allocator_resident": true, "allocator_muzzy": true, "total_system_memory": true, "used_memory_lua": true,
		"used_memory_vm_eval": true, "used_memory_scripts_eval": true, "used_memory_vm_functions": true,
		"used_memory_vm_total": true, "used_memory_functions": true, "used_memory_scripts": true,
		"allocator_frag_bytes": true, "allocator_rss_bytes": true, "rss_overhead_bytes": true,
		"mem_fragmentation_bytes": true, "mem_clients_normal": true, "mem_clients_slaves": true, "lazyfreed_objects": true,
		"mem_overhead_db_hashtable_rehashing": true,
		// # Persistence: wall-clock times and copy-on-write sizes.
		"rdb_last_save_time": true, "rdb_last_cow_size": true,
		// # Replication: seconds of the wall clock.
		"master_last_io_seconds_ago": true, "master_link_down_since_seconds": true,
		// # CPU.
		"used_cpu_sys": true, "used_cpu_user": true, "used_cpu_sys_children": true, "used_cpu_user_children": true,
		"used_cpu_sys_main_thread": true, "used_cpu_user_main_thread": true,
	}
	InfoAnyValue = map[string]bool{
		"os": true, "gcc_version": true, "executable": true, "run_id": true, "redis_build_id": true, "redis_git_dirty": true,
		"used_memory_human": true, "used_memory_rss_human": true, "used_memory_peak_human": true, "used_memory_peak_perc": true,
		"used_memory_dataset_perc": true, "total_system_memory_human": true, "used_memory_lua_human": true,
		"used_memory_vm_total_human": true, "used_memory_scripts_human": true, "allocator_frag_ratio": true,
		"allocator_rss_ratio": true, "rss_overhead_ratio": true, "mem_fragmentation_ratio": true,
	}
)

// replicaPort is a slaveN line's port and lag (seconds since its ack).
var replicaPort = lazyRE(`,port=[0-9]+(,.*),lag=[0-9]+`)

// listenerPort is a listener's port (7.2's listener0).
var listenerPort = lazyRE(`,port=[0-9]+`)

// normalizeInfoFields is one line of INFO's server, clients, memory,
// persistence, stats, replication and cpu sections as compared: "" drops
// it. A replication id is random on a real server: ids other than the
// null one compare as <replid> (report.Compare matches them by identity).
func normalizeInfoFields(section, l string) string {
	name, value, ok := strings.Cut(l, ":")
	if !ok {
		return l
	}
	switch {
	case name == "listener0":
		return listenerPort().ReplaceAllString(l, ",port=<n>")
	case section == "replication" && strings.HasPrefix(value, "ip="):
		return replicaPort().ReplaceAllString(l, ",port=<n>$1,lag=<n>")
	case (name == "master_replid" || name == "master_replid2") && strings.Trim(value, "0") != "":
		return name + ":<replid>"
	case name == "rdb_last_bgsave_time_sec" && value != "-1":
		return name + ":<n>"
	case InfoByKind[name]:
		return name + ":<n>"
	case InfoAnyValue[name]:
		return name + ":<*>"
	}
	return l
}
