package report

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Diff is one field that differs between a real run and a simulated one.
type Diff struct {
	Scenario  string
	Line      int
	Text      string
	Node      string
	Field     string
	Real, Sim string
}

func (d Diff) String() string {
	return fmt.Sprintf("%s:%d (%s) node %s field %s: real %s, simulated %s", d.Scenario, d.Line, d.Text, d.Node, d.Field, d.Real, d.Sim)
}

// IDLabels names each distinct replication id of a run by the order it
// first appears (steps in order, nodes by name, master_replid before
// master_replid2), so that random ids compare by identity.
func IDLabels(r *Run) map[string]string {
	labels := map[string]string{}
	for _, s := range r.Steps {
		for _, n := range s.NodeNames() {
			for _, f := range IDFields {
				v := s.Nodes[n].Fields[f]
				if _, ok := labels[v]; ok {
					continue
				}
				if v == "0000000000000000000000000000000000000000" {
					labels[v] = "none"
				} else {
					labels[v] = fmt.Sprintf("id#%d", len(labels)+1)
				}
			}
		}
	}
	return labels
}

// Compare lists every compared field that differs after every step: the
// contract's fields, each replica's state and offset, and the ids by
// identity. Steps are matched by line number.
func Compare(real, sim *Run) []Diff {
	var out []Diff
	lr, ls := IDLabels(real), IDLabels(sim)
	simSteps := map[int]*Step{}
	for i := range sim.Steps {
		simSteps[sim.Steps[i].Line] = &sim.Steps[i]
	}
	for i := range real.Steps {
		rs := &real.Steps[i]
		d := func(node, field, r, s string) {
			out = append(out, Diff{Scenario: real.Scenario, Line: rs.Line, Text: rs.Text, Node: node, Field: field, Real: r, Sim: s})
		}
		ss := simSteps[rs.Line]
		if ss == nil {
			d("-", "step", "present", "missing")
			continue
		}
		for _, n := range UnionKeys(rs.Nodes, ss.Nodes) {
			rn, sn := rs.Nodes[n], ss.Nodes[n]
			if rn == nil || sn == nil {
				d(n, "node", fmt.Sprint(rn != nil), fmt.Sprint(sn != nil))
				continue
			}
			for _, f := range ComparedFields {
				rv, rok := rn.Fields[f]
				sv, sok := sn.Fields[f]
				if rv != sv || rok != sok {
					d(n, f, show(rv, rok), show(sv, sok))
				}
			}
			for _, f := range OptionalFields {
				if rv, ok := rn.Fields[f]; ok && rv != sn.Fields[f] {
					d(n, f, rv, show(sn.Fields[f], sn.Fields[f] != ""))
				}
			}
			for _, f := range IDFields {
				if a, b := lr[rn.Fields[f]], ls[sn.Fields[f]]; a != b {
					d(n, f, a, b)
				}
			}
			for _, r := range UnionKeys(rn.Replicas, sn.Replicas) {
				a, aok := rn.Replicas[r]
				b, bok := sn.Replicas[r]
				if aok != bok {
					d(n, "slave "+r, show(a.State, aok), show(b.State, bok))
					continue
				}
				if a.State != b.State {
					d(n, "slave "+r+" state", a.State, b.State)
				}
				if a.Offset != b.Offset {
					d(n, "slave "+r+" offset", a.Offset, b.Offset)
				}
				if a.Omem != "" && a.Omem != b.Omem {
					d(n, "slave "+r+" omem", a.Omem, show(b.Omem, b.Omem != ""))
				}
				if a.Oll != "" && a.Oll != b.Oll {
					d(n, "slave "+r+" oll", a.Oll, show(b.Oll, b.Oll != ""))
				}
			}
		}
	}
	if len(sim.Steps) != len(real.Steps) {
		out = append(out, Diff{Scenario: real.Scenario, Node: "-", Field: "steps", Real: fmt.Sprint(len(real.Steps)), Sim: fmt.Sprint(len(sim.Steps))})
	}
	return out
}

// UnionKeys is the sorted union of two maps' keys.
func UnionKeys[V any](a, b map[string]V) []string {
	seen := make(map[string]bool, len(a)+len(b))
	var out []string
	for _, m := range []map[string]V{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// CountCompared is how many values Compare looked at.
func CountCompared(real *Run) int {
	n := 0
	for _, s := range real.Steps {
		for _, node := range s.Nodes {
			n += len(ComparedFields) + len(IDFields) + 2*len(node.Replicas)
		}
	}
	return n
}

func show(v string, ok bool) string {
	if !ok {
		return "(absent)"
	}
	return v
}

// CompareReplies lists the lines whose command reply differs (the
// replies as the recordings have them: OK, 1, nil, [a,b], error text).
// Replies whose order a real server leaves to its hash tables (KEYS,
// SMEMBERS of a large set ...) are compared as given: scenarios that
// compare replies use what is deterministic.
func CompareReplies(real, sim *Run) []Diff {
	var out []Diff
	simSteps := map[int]*Step{}
	for i := range sim.Steps {
		simSteps[sim.Steps[i].Line] = &sim.Steps[i]
	}
	for _, rs := range real.Steps {
		ss := simSteps[rs.Line]
		if ss == nil {
			continue
		}
		if idleWithin(&rs, ss) {
			continue
		}
		if NormalizeStepReply(rs.Text, rs.Reply) != NormalizeStepReply(ss.Text, ss.Reply) {
			out = append(out, Diff{Scenario: real.Scenario, Line: rs.Line, Text: rs.Text, Node: "-", Field: "reply", Real: rs.Reply, Sim: ss.Reply})
		}
	}
	return out
}

// streamID is an auto-generated stream id: its milliseconds are the wall
// clock on a real server and virtual time in the core.
// The comparisons' regexps are compiled on first use: the page links
// this package and would compile them at every start.
var streamID = lazyRE(`\b1[0-9]{12}-[0-9]+`)

func normalizeIDs(s string) string { return streamID().ReplaceAllString(s, "<id>") }

// Process-dependent reply fields: a client's id in HELLO's reply, unix
// times in milliseconds (XINFO STREAM FULL's seen-time and delivery
// times: the wall clock on a real server, virtual time in the core) and
// XINFO CONSUMERS' idle (how long the harness took between lines).
var (
	helloID    = lazyRE(`\bproto,([23]),id,[0-9]+`)
	unixMillis = lazyRE(`\b1[0-9]{12}\b`)
	idleField  = lazyRE(`([\[{])name,([^,\[\]{}]*),pending,([0-9]+),idle,[0-9]+`)
	inactive   = lazyRE(`,inactive,[0-9]+`) // 7.2+; -1 (never active) stays
)

func normalizeProcess(s string) string {
	s = helloID().ReplaceAllString(s, "proto,$1,id,<client-id>")
	s = unixMillis().ReplaceAllString(s, "<ms>")
	s = idleField().ReplaceAllString(s, "${1}name,$2,pending,$3,idle,<ms>")
	return inactive().ReplaceAllString(s, ",inactive,<ms>")
}

// NormalizeStepReply is a line's reply as every comparison sees it:
// NormalizeReply, and CLIENT ID's integer as <client-id> (the real
// server numbers its connections, the harness's own among them).
func NormalizeStepReply(text, reply string) string {
	f := strings.Fields(text)
	if len(f) == 3 && strings.EqualFold(f[1], "client") && strings.EqualFold(f[2], "id") && !strings.HasPrefix(reply, "ERR") {
		return "<client-id>"
	}
	if len(f) >= 2 && (strings.EqualFold(f[1], "info") || repliesInfoInside(f[1]) && strings.Contains(reply, "\r\n")) {
		reply = normalizeInfoStats(reply)
	}
	if len(f) >= 3 && strings.EqualFold(f[1], "latency") && strings.EqualFold(f[2], "histogram") && !strings.HasPrefix(reply, "ERR") {
		return normalizeLatencyHistogram(reply)
	}
	return normalizeReply(reply)
}

// repliesInfoInside: the command's reply may hold INFO's text (EXEC of a
// queued INFO, a script returning redis.call('info', ...)).
func repliesInfoInside(cmd string) bool {
	switch strings.ToLower(cmd) {
	case "exec", "eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro":
		return true
	}
	return false
}

// ByKindCommands are the commands whose call counts are a server's wall
// clock's: a master counts each replica's REPLCONF ACK once a second,
// and a replica's handshake (PING, REPLCONF, PSYNC) again each second
// while the replica it syncs from has no master link of its own and
// refuses it (-NOMASTERLINK), where the model waits for that link
// instead. ByKindErrors are the error codes those refusals count: their
// errorstats lines are left out of the comparison (the model has none
// where a real server counted some).
var (
	ByKindCommands = map[string]bool{"replconf": true, "ping": true, "psync": true}
	ByKindErrors   = map[string]bool{"NOMASTERLINK": true}
)

// StatsByKind are the INFO stats fields compared by kind: a real
// server's network traffic (bytes, reads and writes: the harness's
// polling among them, in TCP segments of its own), its rates and
// durations on the wall clock, the event loop's figures, and the reply
// buffers clientsCron resizes each wall-clock second. The model prints 0.
var StatsByKind = map[string]bool{
	"instantaneous_ops_per_sec": true, "total_net_input_bytes": true, "total_net_output_bytes": true,
	"total_net_repl_input_bytes": true, "total_net_repl_output_bytes": true,
	"instantaneous_input_kbps": true, "instantaneous_output_kbps": true,
	"instantaneous_input_repl_kbps": true, "instantaneous_output_repl_kbps": true,
	"expired_stale_perc": true, "expired_time_cap_reached_count": true, "expire_cycle_cpu_milliseconds": true,
	"total_eviction_exceeded_time": true, "current_eviction_exceeded_time": true, "latest_fork_usec": true,
	"total_reads_processed": true, "total_writes_processed": true,
	"reply_buffer_shrinks": true, "reply_buffer_expands": true,
	"eventloop_cycles": true, "eventloop_duration_sum": true, "eventloop_duration_cmd_sum": true,
	"instantaneous_eventloop_cycles_per_sec": true, "instantaneous_eventloop_duration_usec": true,
}

// normalizeInfoStats is INFO as compared: the process's fields by kind
// (normalizeInfoFields); commandstats, errorstats and latencystats in
// name order (a real server walks its command dict in its random hash
// seed's order), with the durations (usec, usec_per_call, the latency
// percentiles: real microseconds on a real server, 0 in virtual time) as
// <n>, and the calls of ByKindCommands as <n>; stats with StatsByKind as
// <n>, and total_commands_processed less the calls of ByKindCommands,
// which the same reply's commandstats gives (without it the total is
// <n>), so that "total_commands_processed:17+<n>" says 17 calls of the
// others. The errors of ByKindErrors come out of total_error_replies
// likewise when the reply has errorstats, and total_connections_received
// is compared less the PINGs (calls and refusals) when it has
// commandstats: each handshake of a replica, which a real one retries
// each wall-clock second where the model's waits, is a connection that
// starts with a PING (without commandstats, less the ByKindErrors).
func normalizeInfoStats(s string) string {
	verbatim := strings.HasPrefix(s, "txt:")
	lines := strings.Split(strings.TrimPrefix(s, "txt:"), "\r\n")
	lines = normalizeStatsSection(lines)
	section := ""
	var out, group []string
	flush := func() {
		sort.Strings(group)
		out = append(out, group...)
		group = nil
	}
	for _, l := range lines {
		if name, ok := infoHeader(l); ok {
			flush()
			section = name
			out = append(out, l)
			continue
		}
		switch section {
		case "commandstats", "errorstats", "latencystats":
			if l == "" || !strings.Contains(l, ":") {
				// The end of the section, or of an INFO text inside
				// EXEC's or a script's reply ("]", ",OK]").
				flush()
				out = append(out, l)
				continue
			}
			if n := normalizeStatLine(l); n != "" {
				group = append(group, n)
			}
		case "server", "clients", "memory", "persistence", "stats", "replication", "cpu":
			if n := normalizeInfoFields(section, l); n != "" || l == "" {
				out = append(out, n)
			}
		default:
			out = append(out, l)
		}
	}
	flush()
	s = strings.Join(out, "\r\n")
	if verbatim {
		return "txt:" + s
	}
	return s
}

// infoHeader is the section name of an INFO line "# Name", also as it
// comes inside a compact array (EXEC's or a script's reply holding INFO's
// text: "[OK,# Stats").
func infoHeader(l string) (string, bool) {
	i := strings.Index(l, "# ")
	if i < 0 || i > 0 && l[i-1] != '[' && l[i-1] != ',' && l[i-1] != '{' {
		return "", false
	}
	name := l[i+2:]
	for _, r := range name {
		if r < 'A' || r > 'z' || r > 'Z' && r < 'a' {
			return "", false
		}
	}
	return strings.ToLower(name), name != ""
}

// normalizeStatsSection rewrites # Stats's lines (see normalizeInfoStats).
func normalizeStatsSection(lines []string) []string {
	section := ""
	stats := -1
	byKindCalls, byKindErrors, pings := int64(0), int64(0), int64(0)
	haveCmds, haveErrs := false, false
	for i, l := range lines {
		if name, ok := infoHeader(l); ok {
			section = name
			haveCmds = haveCmds || section == "commandstats"
			haveErrs = haveErrs || section == "errorstats"
			if section == "stats" && stats < 0 {
				stats = i
			}
			continue
		}
		name, fields, _ := strings.Cut(l, ":")
		switch section {
		case "commandstats":
			cmd := strings.TrimPrefix(name, "cmdstat_")
			if ByKindCommands[cmd] {
				for _, p := range strings.Split(fields, ",") {
					k, v, _ := strings.Cut(p, "=")
					n, _ := strconv.ParseInt(v, 10, 64)
					if k == "calls" {
						byKindCalls += n
					}
					if cmd == "ping" && (k == "calls" || k == "rejected_calls") {
						pings += n
					}
				}
			}
		case "errorstats":
			if ByKindErrors[strings.TrimPrefix(name, "errorstat_")] {
				n, _ := strconv.ParseInt(strings.TrimPrefix(fields, "count="), 10, 64)
				byKindErrors += n
			}
		}
	}
	if stats < 0 {
		return lines
	}
	out := append([]string(nil), lines...)
	for i := stats + 1; i < len(out) && strings.Contains(out[i], ":") && !strings.Contains(out[i], "# "); i++ {
		name, v, ok := strings.Cut(out[i], ":")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(v, 10, 64)
		switch {
		case StatsByKind[name]:
			v = "<n>"
		case name == "total_commands_processed" && haveCmds:
			v = strconv.FormatInt(n-byKindCalls, 10) + "+<n>"
		case name == "total_commands_processed":
			v = "<n>"
		case name == "total_connections_received" && haveCmds:
			// A replica's handshake is a connection that starts with a
			// PING, and how many a real server took while a replica
			// retried each wall-clock second is the clock's: the
			// connections less the PINGs (the scenario's own PINGs come
			// off both sides alike).
			v = strconv.FormatInt(n-pings, 10) + "+<n>"
		case (name == "total_error_replies" || name == "total_connections_received") && haveErrs:
			v = strconv.FormatInt(n-byKindErrors, 10) + "+<n>"
		default:
			continue
		}
		out[i] = name + ":" + v
	}
	return out
}

func normalizeStatLine(l string) string {
	name, fields, ok := strings.Cut(l, ":")
	if !ok {
		return l
	}
	if ByKindErrors[strings.TrimPrefix(name, "errorstat_")] {
		return ""
	}
	cmd := strings.TrimPrefix(strings.TrimPrefix(name, "cmdstat_"), "latency_percentiles_usec_")
	if ByKindCommands[cmd] && strings.HasPrefix(name, "cmdstat_") && strings.Contains(fields, ",rejected_calls=0,") {
		// Its calls and failed calls are by kind, and so is whether it has
		// a line at all: a replica refused with NOMASTERLINK just before a
		// REPLICAOF re-points it may have made its handshake on a real
		// server and never in the model (differential seed 18722352).
		return ""
	}
	parts := strings.Split(fields, ",")
	for i, p := range parts {
		k, _, ok := strings.Cut(p, "=")
		if !ok {
			continue
		}
		if k == "usec" || k == "usec_per_call" || strings.HasPrefix(name, "latency_percentiles_usec_") ||
			(k == "calls" || k == "failed_calls") && ByKindCommands[cmd] {
			parts[i] = k + "=<n>"
		}
	}
	return name + ":" + strings.Join(parts, ",")
}

// normalizeLatencyHistogram is LATENCY HISTOGRAM's reply as compared:
// its commands in name order (Redis's dict order is its hash seed's),
// each one's histogram_usec buckets as <n> (a real server's calls take
// real microseconds, the core's none: its every call is in the first
// bucket), the calls exact; ByKindCommands are left out (their calls,
// and so whether they have an entry at all, are the wall clock's: a
// handshake PING that came or not).
func normalizeLatencyHistogram(s string) string {
	t, rest := parseCompact(s)
	if rest != "" || t.open == 0 || len(t.items)%2 != 0 {
		return s
	}
	type entry struct {
		name string
		body compactTree
	}
	var es []entry
	for i := 0; i < len(t.items); i += 2 {
		name, body := t.items[i].leaf, t.items[i+1]
		if ByKindCommands[name] {
			continue
		}
		for j := 0; j+1 < len(body.items); j += 2 {
			if body.items[j].leaf == "histogram_usec" {
				body.items[j+1] = compactTree{leaf: "<n>"}
			}
		}
		es = append(es, entry{name, body})
	}
	sort.Slice(es, func(i, j int) bool { return es[i].name < es[j].name })
	t.items = t.items[:0]
	for _, e := range es {
		t.items = append(t.items, compactTree{leaf: e.name}, e.body)
	}
	return t.String()
}

// compactTree is a reply as Compact writes it: a leaf, or an aggregate
// ("[...]", "{...}", "~[...]") of items separated by commas.
type compactTree struct {
	leaf  string
	open  byte // '[' or '{', 0 for a leaf
	set   bool // "~[": a RESP3 set
	items []compactTree
}

func parseCompact(s string) (compactTree, string) {
	set := strings.HasPrefix(s, "~[")
	if set {
		s = s[1:]
	}
	if s == "" || s[0] != '[' && s[0] != '{' {
		i := strings.IndexAny(s, ",]}")
		if i < 0 {
			i = len(s)
		}
		return compactTree{leaf: s[:i]}, s[i:]
	}
	open, close := s[0], byte(']')
	if open == '{' {
		close = '}'
	}
	t := compactTree{open: open, set: set}
	s = s[1:]
	if s != "" && s[0] == close {
		return t, s[1:]
	}
	for {
		var item compactTree
		item, s = parseCompact(s)
		t.items = append(t.items, item)
		if s == "" {
			return t, s
		}
		if s[0] == close {
			return t, s[1:]
		}
		if s[0] != ',' {
			return t, s
		}
		s = s[1:]
	}
}

func (t compactTree) String() string {
	if t.open == 0 {
		return t.leaf
	}
	parts := make([]string, len(t.items))
	for i, it := range t.items {
		parts[i] = it.String()
	}
	close := "]"
	if t.open == '{' {
		close = "}"
	}
	prefix := ""
	if t.set {
		prefix = "~"
	}
	return prefix + string(t.open) + strings.Join(parts, ",") + close
}

// clientField is a CLIENT LIST field the contract compares: a client's
// kind, its output buffer, its command. The others (id, ports, fd, age,
// idle, buffer free space, tot-mem) are the process's and the clock's.
var clientField = lazyRE(`^(flags|db|oll|omem|cmd)=`)

// normalizeReply is a reply as compared: stream ids as <id>, and CLIENT
// LIST lines reduced to the fields the contract compares.
// NormalizeReply is a reply as every comparison sees it (normalizeReply).
func NormalizeReply(s string) string { return normalizeReply(s) }

// MemoryStatsProcess are MEMORY STATS's figures that belong to a server
// process (its allocator and RSS, the heap at startup, client, script and
// replication buffers with their allocator overhead, and what is derived
// from them): no two processes agree on them, so replies compare them as
// <n>. keys.count and each db.N's dict overheads are compared.
var MemoryStatsProcess = []string{"peak.allocated", "total.allocated", "startup.allocated", "replication.backlog", "clients.slaves", "clients.normal", "cluster.links", "aof.buffer", "lua.caches", "functions.caches", "overhead.total", "keys.bytes-per-key", "dataset.bytes", "dataset.percentage", "peak.percentage", "allocator.allocated", "allocator.active", "allocator.resident", "allocator-fragmentation.ratio", "allocator-fragmentation.bytes", "allocator-rss.ratio", "allocator-rss.bytes", "rss-overhead.ratio", "rss-overhead.bytes", "fragmentation", "fragmentation.bytes"}

var memoryStatsField = sync.OnceValue(func() *regexp.Regexp {
	names := make([]string, len(MemoryStatsProcess))
	for i, n := range MemoryStatsProcess {
		names[i] = regexp.QuoteMeta(n)
	}
	return regexp.MustCompile(`([\[{,])(` + strings.Join(names, "|") + `),[^,\[\]{}]*`)
})

// ACL LOG's entries: an age in wall (or virtual) seconds, and the refused
// client's CLIENT LIST line, compared by the fields the contract compares
// and the user.
var (
	aclLogAge    = lazyRE(`\bage-seconds,(\(double\))?[0-9.eE+-]+`)
	aclLogClient = lazyRE(`client-info,id=[^,\]}]*`)
	aclLogField  = lazyRE(`^(flags|db|oll|omem|cmd|user)=`)
)

func normalizeACLLog(s string) string {
	s = aclLogAge().ReplaceAllString(s, "age-seconds,<s>")
	return aclLogClient().ReplaceAllStringFunc(s, func(m string) string {
		var keep []string
		for _, f := range strings.Fields(strings.TrimPrefix(m, "client-info,")) {
			if aclLogField().MatchString(f) {
				keep = append(keep, f)
			}
		}
		return "client-info," + strings.Join(keep, " ")
	})
}

func normalizeReply(s string) string {
	if isMallocStats(s) {
		return normalizeMallocStats(s)
	}
	s = normalizeProcess(normalizeIDs(s))
	if strings.Contains(s, "client-info,id=") {
		return normalizeACLLog(s)
	}
	if strings.HasPrefix(s, "[peak.allocated,") || strings.HasPrefix(s, "{peak.allocated,") {
		return memoryStatsField().ReplaceAllString(s, "$1$2,<n>")
	}
	if !strings.Contains(s, " omem=") || !strings.Contains(s, " laddr=") {
		return s
	}
	verbatim := strings.HasPrefix(s, "txt:") // RESP3's CLIENT LIST and INFO
	lines := strings.Split(strings.TrimRight(strings.TrimPrefix(s, "txt:"), "\n"), "\n")
	for i, l := range lines {
		var keep []string
		for _, f := range strings.Fields(l) {
			if clientField().MatchString(f) {
				keep = append(keep, f)
			}
		}
		lines[i] = strings.Join(keep, " ")
	}
	if verbatim {
		return "txt:" + strings.Join(lines, "\n")
	}
	return strings.Join(lines, "\n")
}

// lazyRE is a regexp compiled the first time it is used.
func lazyRE(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// IdleAgrees is idleWithin either way round: two real runs' OBJECT
// IDLETIME replies agree as far as their wall clocks allow.
func IdleAgrees(a, b *Step) bool { return idleWithin(a, b) || idleWithin(b, a) }

// idleWithin says whether an OBJECT IDLETIME reply (seconds on Redis's LRU
// clock) agrees as far as the two clocks allow: a real server's seconds
// are at least the virtual ones less one (the clock is sampled every
// 100 ms and rounded down), and at most two more plus the seconds the
// harness's settling has added to the wall clock by this line (the gap
// only grows, so it bounds the gap since the key was touched). A recording
// without clocks compares exactly.
func idleWithin(real, sim *Step) bool {
	f := strings.Fields(real.Text)
	if len(f) != 4 || !strings.EqualFold(f[1], "object") || !strings.EqualFold(f[2], "idletime") || real.Clock == 0 {
		return false
	}
	r, err1 := strconv.ParseInt(real.Reply, 10, 64)
	v, err2 := strconv.ParseInt(sim.Reply, 10, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	gap := max(real.Clock-sim.Clock, 0) / 1000
	return r >= v-1 && r <= v+2+gap
}
