package core

import (
	"fmt"
	"strconv"
	"strings"
)

// MEMORY MALLOC-STATS is memoryCommand's je_malloc_stats_print into a
// verbatim string: jemalloc's stats.c report, laid out as the version the
// server links prints it (stats_print: the header, the version and
// option settings, the general figures, the global mutexes, then each
// arena's decay, small/large/total, mutexes, bins, large and extents
// tables and, from 5.3.0, its HPA shard). What the build fixes (version
// string, options, quantum, size classes) is the real server's; the
// figures are the model's where it has one (the keyspace's allocations
// by size class, the replication buffer's blocks as large extents,
// uptime on virtual time, rates per virtual second) on top of a fresh
// server's nominal heap. A real report is the process's own, so replies
// compare its figures and its history-dependent rows by kind
// (report.normalizeMallocStats).

// jemallocBuild is what one server's jemalloc prints the same in every
// process.
type jemallocBuild struct {
	version        string // stats_print's "Version:", VERSION's text
	lgQuantum      int    // 4 as Debian builds it, 3 in Redis's bundled copy (--with-lg-quantum=3)
	cacheOblivious bool   // Debian's default; Redis's Makefile builds --disable-cache-oblivious
	prof           bool   // built --enable-prof (Debian's): prof options and "Profiling settings"
	cxx            bool   // built with C++ support: opt.experimental_infallible_new
	luaArena       bool   // Redis 7.4 gives Lua its own arena (script.c's arenas.create)
	// syncArenas are the arenas a replica has once it has loaded a full
	// sync: a thread that first calls the allocator then (a bio thread)
	// gets an arena of its own, with a thread and a tcache but nothing
	// allocated. Measured: one on Redis 7.2.6 and 7.4.1, two on Valkey
	// 8.0.1, none on 7.0.15 and 6.2.16.
	syncArenas int
	// v51 is jemalloc 5.1.0 (Redis 6.2's bundled copy): fewer options,
	// no rates, no extents or HPA tables, and every bin printed.
	v51 bool
}

var (
	jemallocDebian = &jemallocBuild{version: "5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c", lgQuantum: 4, cacheOblivious: true, prof: true, cxx: true}
	jemallocValkey = &jemallocBuild{version: "5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c", lgQuantum: 4, cacheOblivious: true, prof: true, cxx: true, syncArenas: 2}
	jemallocRedis  = &jemallocBuild{version: "5.3.0-0-g0", lgQuantum: 3, syncArenas: 1}
	jemallocRedis4 = &jemallocBuild{version: "5.3.0-0-g0", lgQuantum: 3, luaArena: true, syncArenas: 1}
	jemallocRedis6 = &jemallocBuild{version: "5.1.0-0-g0", lgQuantum: 3, cacheOblivious: true, v51: true}
)

// jemallocFor is the jemalloc the version's tested server links: Debian's
// libjemalloc 5.3.0 for Redis 7.0.15 and Valkey 8.0.1, Redis's bundled
// 5.3.0 (deps/jemalloc) for the builds from source, 5.1.0 in 6.2's.
func jemallocFor(v *Version) *jemallocBuild {
	switch v.Name {
	case "redis-6.2":
		return jemallocRedis6
	case "valkey-8.0":
		return jemallocValkey
	case "redis-7.2":
		return jemallocRedis
	case "redis-7.4":
		return jemallocRedis4
	}
	return jemallocDebian
}

const (
	jePage      = 4096
	jeNarenas   = 8 // opt.narenas: 4 per CPU, on the project's 2-core machines
	jeSmallMax  = 14336
	jeTcacheMax = 32768
)

// smallClasses are the bin sizes (sc.c): 8 below a 16-byte quantum, the
// quantum's first four multiples, then four classes to a doubling up to
// 14 KiB.
func (b *jemallocBuild) smallClasses() []int {
	q := 1 << b.lgQuantum
	var out []int
	if q > 8 {
		out = append(out, 8)
	}
	for s := q; s <= 4*q; s += q {
		out = append(out, s)
	}
	for base := 4 * q; ; base *= 2 {
		for i := 1; i <= 4; i++ {
			s := base + i*base/4
			if s > jeSmallMax {
				return out
			}
			out = append(out, s)
		}
	}
}

// largeClass is a large size class's index among the lextents: 16 KiB,
// then four to a doubling.
func largeClass(size int64) (int, int64) {
	if size <= 16384 {
		return 0, 16384
	}
	ind := 0
	for base := int64(16384); ; base *= 2 {
		for i := int64(1); i <= 4; i++ {
			ind++
			if s := base + i*base/4; size <= s {
				return ind, s
			}
		}
	}
}

// slabPages is slab_size: the fewest pages that the size divides.
func slabPages(size int) int {
	pgs := 1
	for pgs*jePage%size != 0 {
		pgs++
	}
	return pgs
}

type jeBin struct{ curregs, nmalloc, ndalloc int64 }

// jeArena is one arena's figures.
type jeArena struct {
	nthreads int
	bins     []jeBin
	large    map[int]int64 // lextent index -> current extents
	retained int64
	base     int64
	internal int64
	tcache   int64
	// resident and mapped above active: nominal
	resident, mapped int64
	lua              bool // 7.4's Lua arena, made by arenas.create
}

// startupBins are a fresh server's small allocations (regions by size),
// nominal: what a real 7.0 server holds once it has started.
var startupBins = map[int]int64{8: 700, 16: 11900, 32: 5000, 48: 700, 64: 384, 80: 200, 96: 100, 112: 100, 128: 640, 160: 100,
	192: 64, 224: 100, 256: 128, 320: 65, 384: 32, 448: 64, 512: 10, 640: 32, 768: 16, 1024: 10, 1280: 16, 1536: 10, 1792: 16,
	2048: 10, 2560: 10, 3072: 10, 4096: 10, 8192: 10}

// startupLarge are its large allocations (bytes, one extent each).
var startupLarge = []int64{16384, 16384, 16384, 20480, 28672, 65536, 81920, 81920, 131072, 327680}

// mallocArenas is the server's arenas: arena 0 holds the startup heap
// and the keyspace (each key's dictEntry, key sds and value, the dict
// tables), the replication buffer's blocks as large extents; Redis 7.4's
// Lua arena its interpreter's heap.
func (b *jemallocBuild) mallocArenas(s *Server) []jeArena {
	classes := b.smallClasses()
	bin := func(size int) int {
		for i, c := range classes {
			if size <= c {
				return i
			}
		}
		return -1
	}
	a := jeArena{nthreads: 1, bins: make([]jeBin, len(classes)), large: map[int]int64{}, retained: 176128, base: 2663408, internal: 94208, tcache: 373216,
		resident: 2670592, mapped: 6291456}
	alloc := func(size int64, n int64) {
		if size > jeSmallMax {
			ind, _ := largeClass(size)
			a.large[ind] += n
			return
		}
		a.bins[bin(int(size))].curregs += n
	}
	for size, n := range startupBins {
		alloc(int64(size), n)
	}
	for _, size := range startupLarge {
		alloc(size, 1)
	}
	lim := s.cfg.encLimits()
	for db := range numDBs {
		n := s.ks.dbLen(db)
		if n == 0 {
			continue
		}
		alloc(int64(dictSlots(n)*8), 1)
		expires := 0
		s.ks.each(db, func(k string, e *entry) bool {
			alloc(sizeofDictEntry, 1)
			alloc(int64(keySdsSize(len(k))), 1)
			alloc(int64(objectComputeSize(e, objComputeSamples, lim)), 1)
			if e.expire != 0 {
				expires++
				alloc(sizeofDictEntry, 1)
			}
			return true
		})
		if expires > 0 {
			alloc(int64(dictSlots(expires)*8), 1)
		}
	}
	// The replication buffer's blocks: 16 KiB and their header, a 20 KiB
	// class each.
	if mem := s.memReplBuffers(); mem > 0 {
		alloc(20480, (mem+20479)/20480)
	}
	for i := range a.bins {
		a.bins[i].nmalloc = a.bins[i].curregs
	}
	arenas := []jeArena{a}
	if s.syncLoaded {
		for range b.syncArenas {
			arenas = append(arenas, jeArena{nthreads: 1, bins: make([]jeBin, len(classes)), large: map[int]int64{}, base: 91856, tcache: 48, resident: 94208, mapped: 2097152})
		}
	}
	if b.luaArena {
		lua := jeArena{bins: make([]jeBin, len(classes)), large: map[int]int64{}, retained: 1548288, base: 98640, resident: 102400, mapped: 1097728, lua: true}
		for _, sz := range []int{8, 16, 32, 40, 48, 56, 64, 80, 128, 160, 224, 256, 320, 512, 640, 768, 1024, 1280, 1536, 2048, 2560} {
			if i := bin(sz); i >= 0 && classes[i] == sz {
				lua.bins[i] = jeBin{curregs: 200, nmalloc: 200}
			}
		}
		arenas = append(arenas, lua)
	}
	return arenas
}

// jeCol is an emitter column: its width, right-justified unless left.
type jeCol struct {
	w    int
	left bool
}

func jeRow(sb *strings.Builder, cols []jeCol, vals ...string) {
	for i, v := range vals {
		if cols[i].left {
			fmt.Fprintf(sb, "%-*s", cols[i].w, v)
		} else {
			fmt.Fprintf(sb, "%*s", cols[i].w, v)
		}
	}
	sb.WriteByte('\n')
}

func u(n int64) string { return strconv.FormatInt(n, 10) }

// ratePerSecond is rate_per_second: the count itself within the first
// second of uptime.
func ratePerSecond(v, uptimeNs int64) int64 {
	switch {
	case uptimeNs == 0 || v == 0:
		return 0
	case uptimeNs < 1e9:
		return v
	}
	return v / (uptimeNs / 1e9)
}

// rateStr is get_rate_str: x.yyy, "1" when full.
func rateStr(n, d int64) string {
	if d == 0 || n > d {
		return ""
	}
	r := n * 1000 / d
	switch {
	case r < 10:
		return "0.00" + u(r)
	case r < 100:
		return "0.0" + u(r)
	case r < 1000:
		return "0." + u(r)
	}
	return "1"
}

// Column layouts (stats.c 5.3.0's COL_HDR widths).
var (
	jeMutexCols   = []jeCol{{21, true}, {16, false}, {8, false}, {16, false}, {8, false}, {16, false}, {8, false}, {16, false}, {8, false}, {16, false}, {10, false}, {16, false}, {12, false}}
	jeMutexHeader = []string{"", "n_lock_ops", "(#/sec)", "n_waiting", "(#/sec)", "n_spin_acq", "(#/sec)", "n_owner_switch", "(#/sec)", "total_wait_ns", "(#/sec)", "max_wait_ns", "max_n_thds"}
	jeCountCols   = []jeCol{{21, true}, {16, false}, {16, false}, {10, false}, {16, false}, {10, false}, {16, false}, {10, false}, {16, false}, {10, false}, {16, false}, {10, false}}
	jeBinCols     = []jeCol{{20, false}, {4, false}, {13, false}, {13, false}, {8, false}, {13, false}, {8, false}, {13, false}, {10, false}, {9, false}, {13, false}, {13, false}, {15, false}, {5, false}, {4, false}, {1, false}, {6, false}, {13, false}, {8, false}, {13, false}, {8, false}, {13, false}, {13, false}, {8, false}}
	jeLargeCols   = []jeCol{{20, false}, {4, false}, {13, false}, {13, false}, {8, false}, {13, false}, {8, false}, {13, false}, {8, false}, {13, false}}
	jeExtentCols  = []jeCol{{20, false}, {4, false}, {13, false}, {13, false}, {13, false}, {13, false}, {13, false}, {13, false}, {13, false}, {13, false}}
	jeHPACols     = []jeCol{{20, false}, {4, false}, {16, false}, {16, false}, {16, false}, {20, false}, {20, false}, {20, false}, {20, false}}
)

// 5.1.0's mutex counters have no rates.
var (
	jeMutexCols51   = []jeCol{{21, true}, {16, false}, {16, false}, {16, false}, {16, false}, {16, false}, {16, false}, {12, false}}
	jeMutexHeader51 = []string{"", "n_lock_ops", "n_waiting", "n_spin_acq", "n_owner_switch", "total_wait_ns", "max_wait_ns", "max_n_thds"}
)

func (b *jemallocBuild) mutexHeader(sb *strings.Builder) {
	if b.v51 {
		jeRow(sb, jeMutexCols51, jeMutexHeader51...)
		return
	}
	jeRow(sb, jeMutexCols, jeMutexHeader...)
}

// mutexCounters are one mutex's counters, nominal: ops taken once each,
// never contended.
func (b *jemallocBuild) mutexCounters(ops, switches, uptime int64) []string {
	if b.v51 {
		return []string{u(ops), "0", "0", u(switches), "0", "0", "0"}
	}
	return []string{u(ops), u(ratePerSecond(ops, uptime)), "0", "0", "0", "0", u(switches), u(ratePerSecond(switches, uptime)), "0", "0", "0", "0"}
}

func (b *jemallocBuild) mutexRow(sb *strings.Builder, name string, ops, switches, uptime int64) {
	cols := jeMutexCols
	if b.v51 {
		cols = jeMutexCols51
	}
	jeRow(sb, cols, append([]string{name}, b.mutexCounters(ops, switches, uptime)...)...)
}

type jeMutex struct {
	name          string
	ops, switches int64
}

// cmdMemoryMallocStats is memoryCommand's MALLOC-STATS.
func cmdMemoryMallocStats(c *cmdCtx) Reply {
	return c.verbatimReply(jemallocFor(c.w.Version()).statsPrint(c.s, (c.w.now-c.s.bornAt)*1e6))
}

// statsPrint is stats_print with no options: everything, as a table.
func (b *jemallocBuild) statsPrint(s *Server, uptime int64) string {
	var sb strings.Builder
	arenas := b.mallocArenas(s)
	classes := b.smallClasses()
	bg := s.cfg.flag("jemalloc-bg-thread")
	nbg := int64(0)
	if bg {
		nbg = int64(len(arenas))
	}
	sb.WriteString("___ Begin jemalloc statistics ___\n")
	b.generalPrint(&sb, bg, len(classes))

	merged := mergeArenas(arenas)
	am := b.arenaFigures(merged, classes)
	fmt.Fprintf(&sb, "Allocated: %d, active: %d, metadata: %d (n_thp 0), resident: %d, mapped: %d, retained: %d\n",
		am.allocated, am.active, am.metadata, am.resident, am.mapped, merged.retained)
	if !b.v51 {
		sb.WriteString("Count of realloc(non-null-ptr, 0) calls: 0\n")
	}
	fmt.Fprintf(&sb, "Background threads: %d, num_runs: %d, run_interval: 0 ns\n", nbg, nbg)
	b.mutexHeader(&sb)
	global := []jeMutex{{"background_thread", 17, 1}, {"max_per_bg_thd", 9 * nbg, 3 * nbg}, {"ctl", 27, 1}, {"prof", 0, 0}, {"prof_thds_data", 0, 0}, {"prof_dump", 0, 0}, {"prof_recent_alloc", 0, 0}, {"prof_recent_dump", 0, 0}, {"prof_stats", 0, 0}}
	if b.v51 {
		global = []jeMutex{{"background_thread", 21, 1}, {"ctl", 35, 1}, {"prof", 0, 0}}
	}
	for _, m := range global {
		b.mutexRow(&sb, m.name, m.ops, m.switches, uptime)
	}
	if len(arenas) > 1 { // ninitialized > 1
		sb.WriteString("Merged arenas stats:\n")
		b.arenaPrint(&sb, merged, classes, uptime, true)
	}
	for i, a := range arenas {
		ind := i
		if a.lua {
			ind = jeNarenas + 1 // arenas.create numbers after the automatic ones and the huge arena
		}
		fmt.Fprintf(&sb, "arenas[%d]:\n", ind)
		b.arenaPrint(&sb, a, classes, uptime, false)
	}
	sb.WriteString("--- End jemalloc statistics ---\n")
	return sb.String()
}

func mergeArenas(arenas []jeArena) jeArena {
	m := jeArena{bins: make([]jeBin, len(arenas[0].bins)), large: map[int]int64{}}
	for _, a := range arenas {
		m.nthreads += a.nthreads
		for i, bn := range a.bins {
			m.bins[i].curregs += bn.curregs
			m.bins[i].nmalloc += bn.nmalloc
			m.bins[i].ndalloc += bn.ndalloc
		}
		for k, v := range a.large {
			m.large[k] += v
		}
		m.retained += a.retained
		m.base += a.base
		m.internal += a.internal
		m.tcache += a.tcache
		m.resident += a.resident
		m.mapped += a.mapped
	}
	return m
}

// generalPrint is stats_general_print: the version, the build-time and
// run-time options and the size-class counts.
func (b *jemallocBuild) generalPrint(sb *strings.Builder, bg bool, nbins int) {
	tf := func(v bool) string { return strconv.FormatBool(v) }
	fmt.Fprintf(sb, "Version: %q\n", b.version)
	if b.v51 {
		b.generalPrint51(sb, bg, nbins)
		return
	}
	sb.WriteString("Build-time option settings\n")
	for _, kv := range [][2]string{{"cache_oblivious", tf(b.cacheOblivious)}, {"debug", "false"}, {"fill", "true"}, {"lazy_lock", "false"}, {"malloc_conf", `""`},
		{"opt_safety_checks", "false"}, {"prof", tf(b.prof)}, {"prof_libgcc", tf(b.prof)}, {"prof_libunwind", "false"}, {"stats", "true"}, {"utrace", "false"}, {"xmalloc", "false"}} {
		fmt.Fprintf(sb, "  config.%s: %s\n", kv[0], kv[1])
	}
	sb.WriteString("Run-time option settings\n")
	opts := [][2]string{{"abort", "false"}, {"abort_conf", "false"}, {"cache_oblivious", tf(b.cacheOblivious)}, {"confirm_conf", "false"}, {"retain", "true"},
		{"dss", `"secondary"`}, {"narenas", strconv.Itoa(jeNarenas)}, {"percpu_arena", `"disabled"`}, {"oversize_threshold", "8388608"}, {"hpa", "false"},
		{"hpa_slab_max_alloc", "65536"}, {"hpa_hugification_threshold", "1992294"}, {"hpa_hugify_delay_ms", "10000"}, {"hpa_min_purge_interval_ms", "5000"},
		{"hpa_dirty_mult", `"0.25"`}, {"hpa_sec_nshards", "4"}, {"hpa_sec_max_alloc", "32768"}, {"hpa_sec_max_bytes", "262144"},
		{"hpa_sec_bytes_after_flush", "131072"}, {"hpa_sec_batch_fill_extra", "0"}, {"metadata_thp", `"disabled"`}, {"mutex_max_spin", "600"},
		{"background_thread", "false (background_thread: " + tf(bg) + ")"}, {"dirty_decay_ms", "10000 (arenas.dirty_decay_ms: 10000)"},
		{"muzzy_decay_ms", "0 (arenas.muzzy_decay_ms: 0)"}, {"lg_extent_max_active_fit", "6"}, {"junk", `"false"`}, {"zero", "false"}}
	if b.cxx {
		opts = append(opts, [2]string{"experimental_infallible_new", "false"})
	}
	opts = append(opts, [][2]string{{"tcache", "true"}, {"tcache_max", "32768"}, {"tcache_nslots_small_min", "20"}, {"tcache_nslots_small_max", "200"},
		{"tcache_nslots_large", "20"}, {"lg_tcache_nslots_mul", "1"}, {"tcache_gc_incr_bytes", "65536"}, {"tcache_gc_delay_bytes", "0"},
		{"lg_tcache_flush_small_div", "1"}, {"lg_tcache_flush_large_div", "1"}, {"thp", `"default"`}}...)
	if b.prof {
		opts = append(opts, [][2]string{{"prof", "false"}, {"prof_prefix", `"jeprof"`}, {"prof_active", "true (prof.active: false)"},
			{"prof_thread_active_init", "true (prof.thread_active_init: false)"}, {"lg_prof_sample", "19 (prof.lg_sample: 0)"}, {"prof_accum", "false"},
			{"lg_prof_interval", "-1"}, {"prof_gdump", "false"}, {"prof_final", "false"}, {"prof_leak", "false"}, {"prof_leak_error", "false"}}...)
	}
	// stats.c writes stats_print and its options twice.
	opts = append(opts, [][2]string{{"stats_print", "false"}, {"stats_print_opts", `""`}, {"stats_print", "false"}, {"stats_print_opts", `""`},
		{"stats_interval", "-1"}, {"stats_interval_opts", `""`}, {"zero_realloc", `"free"`}}...)
	for _, kv := range opts {
		fmt.Fprintf(sb, "  opt.%s: %s\n", kv[0], kv[1])
	}
	if b.prof {
		sb.WriteString("Profiling settings\n  prof.thread_active_init: false\n  prof.active: false\n  prof.gdump: false\n  prof.interval: 0\n  prof.lg_sample: 0\n")
	}
	narenas := jeNarenas + 1 // and the huge arena
	if b.luaArena {
		narenas++
	}
	fmt.Fprintf(sb, "Arenas: %d\nQuantum size: %d\nPage size: %d\nMaximum thread-cached size class: %d\n", narenas, 1<<b.lgQuantum, jePage, jeTcacheMax)
	fmt.Fprintf(sb, "Number of bin size classes: %d\nNumber of thread-cache bin size classes: %d\nNumber of large size classes: 196\n", nbins, nbins+5)
}

// generalPrint51 is 5.1.0's stats_general_print.
func (b *jemallocBuild) generalPrint51(sb *strings.Builder, bg bool, nbins int) {
	sb.WriteString("Build-time option settings\n")
	for _, kv := range [][2]string{{"cache_oblivious", "true"}, {"debug", "false"}, {"fill", "true"}, {"lazy_lock", "false"}, {"malloc_conf", `""`},
		{"prof", "false"}, {"prof_libgcc", "false"}, {"prof_libunwind", "false"}, {"stats", "true"}, {"utrace", "false"}, {"xmalloc", "false"}} {
		fmt.Fprintf(sb, "  config.%s: %s\n", kv[0], kv[1])
	}
	sb.WriteString("Run-time option settings\n")
	for _, kv := range [][2]string{{"abort", "false"}, {"abort_conf", "false"}, {"retain", "true"}, {"dss", `"secondary"`}, {"narenas", strconv.Itoa(jeNarenas)},
		{"percpu_arena", `"disabled"`}, {"metadata_thp", `"disabled"`}, {"background_thread", "false (background_thread: " + strconv.FormatBool(bg) + ")"},
		{"dirty_decay_ms", "10000 (arenas.dirty_decay_ms: 10000)"}, {"muzzy_decay_ms", "10000 (arenas.muzzy_decay_ms: 10000)"}, {"junk", `"false"`},
		{"zero", "false"}, {"tcache", "true"}, {"lg_tcache_max", "15"}, {"thp", `"default"`}, {"stats_print", "false"}, {"stats_print_opts", `""`}} {
		fmt.Fprintf(sb, "  opt.%s: %s\n", kv[0], kv[1])
	}
	// 5.1.0 has no huge arena.
	fmt.Fprintf(sb, "Arenas: %d\nQuantum size: %d\nPage size: %d\nMaximum thread-cached size class: %d\n", jeNarenas, 1<<b.lgQuantum, jePage, jeTcacheMax)
	fmt.Fprintf(sb, "Number of bin size classes: %d\nNumber of thread-cache bin size classes: %d\nNumber of large size classes: 196\n", nbins, nbins+5)
}

// arenaFigures are an arena's byte totals.
type arenaFigures struct {
	small, large, allocated, active, metadata, resident, mapped int64
	smallN, largeN, fills                                       int64
}

func (b *jemallocBuild) arenaFigures(a jeArena, classes []int) arenaFigures {
	var f arenaFigures
	for i, bn := range a.bins {
		if bn.curregs == 0 {
			continue
		}
		size := classes[i]
		nregs := int64(slabPages(size) * jePage / size)
		slabs := (bn.curregs + nregs - 1) / nregs
		f.small += bn.curregs * int64(size)
		f.active += slabs * int64(slabPages(size)*jePage)
		f.smallN += bn.nmalloc
		f.fills += bn.nmalloc/100 + 1
	}
	for ind, n := range a.large {
		_, size := largeClassSize(ind)
		f.large += n * size
		f.largeN += n
	}
	f.active += f.large
	f.allocated = f.small + f.large
	f.metadata = a.base + a.internal
	f.resident = f.active + a.resident
	f.mapped = f.active + a.mapped
	return f
}

// largeClassSize is the size of lextent ind.
func largeClassSize(ind int) (int, int64) {
	if ind == 0 {
		return 0, 16384
	}
	base := int64(16384) << ((ind - 1) / 4)
	return ind, base + int64((ind-1)%4+1)*base/4
}

// arenaPrint is stats_arena_print.
func (b *jemallocBuild) arenaPrint(sb *strings.Builder, a jeArena, classes []int, uptime int64, merged bool) {
	f := b.arenaFigures(a, classes)
	rate := func(v int64) string { return u(ratePerSecond(v, uptime)) }
	dss, dirty, muzzy := `"secondary"`, "10000", "0"
	if b.v51 {
		muzzy = "10000"
	}
	if merged {
		dss, dirty, muzzy = `"N/A"`, "N/A", "N/A"
	}
	fmt.Fprintf(sb, "assigned threads: %d\nuptime: %d\ndss allocation precedence: %s\n", a.nthreads, uptime, dss)
	decay := []jeCol{{9, false}, {6, false}, {13, false}, {13, false}, {13, false}, {13, false}}
	jeRow(sb, decay, "decaying:", "time", "npages", "sweeps", "madvises", "purged")
	jeRow(sb, decay, "dirty:", dirty, "0", "0", "0", "0")
	jeRow(sb, decay, "muzzy:", muzzy, "0", "0", "0", "0")
	total := f.smallN + f.largeN
	mem := []jeCol{{21, true}, {16, false}}
	type kv struct {
		k string
		v int64
	}
	mems := []kv{{"active", f.active}, {"mapped", f.mapped}, {"retained", a.retained}, {"base", a.base}, {"internal", a.internal}, {"metadata_thp", 0},
		{"tcache_bytes", a.tcache}, {"tcache_stashed_bytes", 0}, {"resident", f.resident}, {"abandoned_vm", 0}, {"extent_avail", 0}}
	mutexes := []jeMutex{{"large", 8, 1}, {"extent_avail", 71, 1}, {"extents_dirty", 71, 1}, {"extents_muzzy", 8, 1}, {"extents_retained", 71, 1}, {"decay_dirty", 9, 3},
		{"decay_muzzy", 9, 3}, {"base", 92, 1}, {"tcache_list", 8, 1}, {"hpa_shard", 0, 0}, {"hpa_shard_grow", 0, 0}, {"hpa_sec", 0, 0}}
	if b.v51 {
		// 5.1.0: no rates, fills or flushes; a 25-wide title.
		count := []jeCol{{25, true}, {12, false}, {12, false}, {12, false}, {12, false}}
		jeRow(sb, count, "", "allocated", "nmalloc", "ndalloc", "nrequests")
		jeRow(sb, count, "small:", u(f.small), u(f.smallN), "0", u(f.smallN))
		jeRow(sb, count, "large:", u(f.large), u(f.largeN), "0", u(f.largeN))
		jeRow(sb, count, "total:", u(f.allocated), u(total), "0", u(total))
		mem = []jeCol{{25, true}, {12, false}}
		mems = append(mems[:7:7], kv{"resident", f.resident})
		mutexes = mutexes[:9]
	} else {
		jeRow(sb, jeCountCols, "", "allocated", "nmalloc", "(#/sec)", "ndalloc", "(#/sec)", "nrequests", "(#/sec)", "nfill", "(#/sec)", "nflush", "(#/sec)")
		jeRow(sb, jeCountCols, "small:", u(f.small), u(f.smallN), rate(f.smallN), "0", "0", u(f.smallN), rate(f.smallN), u(f.fills), rate(f.fills), "0", "0")
		jeRow(sb, jeCountCols, "large:", u(f.large), u(f.largeN), rate(f.largeN), "0", "0", u(f.largeN), rate(f.largeN), u(f.largeN), rate(f.largeN), "0", "0")
		jeRow(sb, jeCountCols, "total:", u(f.allocated), u(total), rate(total), "0", "0", u(total), rate(total), u(f.fills+f.largeN), rate(f.fills+f.largeN), "0", "0")
	}
	jeRow(sb, mem, "", "")
	for _, m := range mems {
		jeRow(sb, mem, m.k+":", u(m.v))
	}
	b.mutexHeader(sb)
	for _, m := range mutexes {
		b.mutexRow(sb, m.name, m.ops, m.switches, uptime)
	}
	b.binsPrint(sb, a, classes, uptime)
	b.largePrint(sb, a, len(classes), uptime)
	if !b.v51 {
		b.extentsPrint(sb, a)
		hpaPrint(sb)
	}
}

const jeGap = "                     ---\n"

// binsPrint is stats_arena_bins_print: a row per bin that has slabs, a
// gap line where unused bins were skipped.
func (b *jemallocBuild) binsPrint(sb *strings.Builder, a jeArena, classes []int, uptime int64) {
	if b.v51 {
		b.binsPrint51(sb, a, classes)
		return
	}
	rate := func(v int64) string { return u(ratePerSecond(v, uptime)) }
	cols := append(append([]jeCol{}, jeBinCols...), jeMutexCols[1:]...)
	hdr := append([]jeCol{{15, false}}, cols[1:]...)
	sb.WriteString("bins:")
	jeRow(sb, hdr, append([]string{"size", "ind", "allocated", "nmalloc", "(#/sec)", "ndalloc", "(#/sec)", "nrequests", "(#/sec)", "nshards", "curregs", "curslabs",
		"nonfull_slabs", "regs", "pgs", " ", "util", "nfills", "(#/sec)", "nflushes", "(#/sec)", "nslabs", "nreslabs", "(#/sec)"}, jeMutexHeader[1:]...)...)
	gap := false
	for i, bn := range a.bins {
		prev := gap
		gap = bn.curregs == 0
		if prev && !gap {
			sb.WriteString(jeGap)
		}
		if gap {
			continue
		}
		size := classes[i]
		pgs := slabPages(size)
		nregs := int64(pgs * jePage / size)
		slabs := (bn.curregs + nregs - 1) / nregs
		nonfull := int64(0)
		if bn.curregs%nregs != 0 {
			nonfull = 1
		}
		fills := bn.nmalloc/100 + 1
		ops := fills + 2
		jeRow(sb, cols, u(int64(size)), strconv.Itoa(i), u(bn.curregs*int64(size)), u(bn.nmalloc), rate(bn.nmalloc), u(bn.ndalloc), rate(bn.ndalloc),
			u(bn.nmalloc), rate(bn.nmalloc), "1", u(bn.curregs), u(slabs), u(nonfull), u(nregs), strconv.Itoa(pgs), " ", rateStr(bn.curregs, slabs*nregs),
			u(fills), rate(fills), "0", "0", u(slabs), "0", "0",
			u(ops), rate(ops), "0", "0", "0", "0", "1", rate(1), "0", "0", "0", "0")
	}
	if gap {
		sb.WriteString(jeGap)
	}
}

// binsPrint51 is 5.1.0's stats_arena_bins_print, which prints the bins
// it counts as a gap too (its loop has no continue), all zeros.
func (b *jemallocBuild) binsPrint51(sb *strings.Builder, a jeArena, classes []int) {
	cols := []jeCol{{20, false}, {4, false}, {13, false}, {13, false}, {13, false}, {13, false}, {13, false}, {13, false}, {5, false}, {4, false}, {1, false}, {6, false},
		{13, false}, {13, false}, {13, false}, {13, false}}
	cols = append(cols, jeMutexCols51[1:]...)
	hdr := append([]jeCol{{15, false}}, cols[1:]...)
	sb.WriteString("bins:")
	jeRow(sb, hdr, append([]string{"size", "ind", "allocated", "nmalloc", "ndalloc", "nrequests", "curregs", "curslabs", "regs", "pgs", " ", "util",
		"nfills", "nflushes", "nslabs", "nreslabs"}, jeMutexHeader51[1:]...)...)
	gap := false
	for i, bn := range a.bins {
		prev := gap
		gap = bn.curregs == 0
		if prev && !gap {
			sb.WriteString(jeGap)
		}
		size := classes[i]
		pgs := slabPages(size)
		nregs := int64(pgs * jePage / size)
		slabs := (bn.curregs + nregs - 1) / nregs
		util := rateStr(bn.curregs, slabs*nregs)
		if slabs == 0 {
			util = "1"
		}
		fills := int64(0)
		if bn.nmalloc > 0 {
			fills = bn.nmalloc/100 + 1
		}
		jeRow(sb, cols, append([]string{u(int64(size)), strconv.Itoa(i), u(bn.curregs * int64(size)), u(bn.nmalloc), u(bn.ndalloc), u(bn.nmalloc), u(bn.curregs),
			u(slabs), u(nregs), strconv.Itoa(pgs), " ", util, u(fills), "0", u(slabs), "0"}, b.mutexCounters(fills+10, min(fills, 1), 0)...)...)
	}
	if gap {
		sb.WriteString(jeGap)
	}
}

// largePrint is stats_arena_lextents_print.
func (b *jemallocBuild) largePrint(sb *strings.Builder, a jeArena, nbins int, uptime int64) {
	rate := func(v int64) string { return u(ratePerSecond(v, uptime)) }
	cols := jeLargeCols
	if b.v51 {
		cols = []jeCol{{20, false}, {4, false}, {13, false}, {13, false}, {13, false}, {13, false}, {13, false}}
	}
	hdr := append([]jeCol{{14, false}}, cols[1:]...)
	sb.WriteString("large:")
	if b.v51 {
		jeRow(sb, hdr, "size", "ind", "allocated", "nmalloc", "ndalloc", "nrequests", "curlextents")
	} else {
		jeRow(sb, hdr, "size", "ind", "allocated", "nmalloc", "(#/sec)", "ndalloc", "(#/sec)", "nrequests", "(#/sec)", "curlextents")
	}
	top := -1
	for ind := range a.large {
		top = max(top, ind)
	}
	gap := false
	for ind := 0; ind <= top; ind++ {
		n := a.large[ind]
		prev := gap
		gap = n == 0
		if prev && !gap {
			sb.WriteString(jeGap)
		}
		if gap {
			continue
		}
		_, size := largeClassSize(ind)
		if b.v51 {
			jeRow(sb, cols, u(size), strconv.Itoa(nbins+ind), u(n*size), u(n), "0", u(n), u(n))
			continue
		}
		jeRow(sb, cols, u(size), strconv.Itoa(nbins+ind), u(n*size), u(n), rate(n), "0", "0", u(n), rate(n), u(n))
	}
	// The classes past the largest in use are a gap to the end.
	sb.WriteString(jeGap)
}

// extentsPrint is stats_arena_extents_print: the retained extent, in its
// page-size class.
func (b *jemallocBuild) extentsPrint(sb *strings.Builder, a jeArena) {
	hdr := append([]jeCol{{12, false}}, jeExtentCols[1:]...)
	sb.WriteString("extents:")
	jeRow(sb, hdr, "size", "ind", "ndirty", "dirty", "nmuzzy", "muzzy", "nretained", "retained", "ntotal", "total")
	if a.retained > 0 {
		ind, size := pageClass(a.retained)
		sb.WriteString(jeGap)
		jeRow(sb, jeExtentCols, u(size), strconv.Itoa(ind), "0", "0", "0", "0", "1", u(a.retained), "1", u(a.retained))
	}
	sb.WriteString(jeGap)
}

// pageClass is the first page-size class (4 KiB, 8 KiB, 12 KiB, 16 KiB,
// then four to a doubling) above n bytes, and its index.
func pageClass(n int64) (int, int64) {
	ind := 0
	for s := int64(jePage); s <= 4*jePage; s += jePage {
		if n <= s {
			return ind, s
		}
		ind++
	}
	for base := int64(4 * jePage); ; base *= 2 {
		for i := int64(1); i <= 4; i++ {
			if s := base + i*base/4; n <= s {
				return ind, s
			}
			ind++
		}
	}
}

// hpaPrint is stats_arena_hpa_shard_print: opt.hpa is off, so all zero.
func hpaPrint(sb *strings.Builder) {
	sb.WriteString("Bytes in small extent cache: 0\nHPA shard stats:\n  Purge passes: 0 (0 / sec)\n  Purges: 0 (0 / sec)\n  Hugeifies: 0 (0 / sec)\n  Dehugifies: 0 (0 / sec)\n\n")
	for _, kind := range []string{"full", "empty"} {
		fmt.Fprintf(sb, "  In %s slabs:\n      npageslabs: 0 huge, 0 nonhuge\n      nactive: 0 huge, 0 nonhuge \n      ndirty: 0 huge, 0 nonhuge \n      nretained: 0 huge, 0 nonhuge \n", kind)
	}
	sb.WriteString("\n")
	jeRow(sb, jeHPACols, "size", "ind", "npageslabs_huge", "nactive_huge", "ndirty_huge", "npageslabs_nonhuge", "nactive_nonhuge", "ndirty_nonhuge", "nretained_nonhuge")
	sb.WriteString(jeGap)
}
