package conformance

import (
	"fmt"
	"math/rand"
	"strings"
)

// Differential testing: random scenarios that mix every command group with
// topology changes (outages, restarts, promotions, re-points) and backlog
// sizes from 16kb to 1mb, played against real redis-server and the core
// and compared field by field (INFO after every line, and every reply).
//
// The generator only writes commands whose replies a real server makes
// deterministic: set members are small integers (an intset keeps them in
// order), sets stay small enough that SPOP with a count empties them,
// nothing reads a TTL or the clock, and stream ids are compared without
// their milliseconds.

// GenerateScenario returns the scenario of one seed.
func GenerateScenario(seed int64) string {
	g := &gen{r: rand.New(rand.NewSource(seed)), master: map[string]string{}, cut: map[string]bool{}, direct: map[string]bool{}}
	return g.scenario(seed)
}

type gen struct {
	r      *rand.Rand
	b      strings.Builder
	nodes  []string
	master map[string]string // replica → its master ("" for a master)
	cut    map[string]bool   // replica whose link is down
	// direct: a former master that FAILOVER made a replica; the harness
	// has no proxy on that link, so `link` cannot cut it until a
	// REPLICAOF re-points it.
	direct map[string]bool
	funcs  bool
	// x draws the script-flag and stale-replica lines (extra), from a
	// source of its own so that a seed's other lines are what they were.
	x *rand.Rand
	// stale: a replica with replica-serve-stale-data no (staleData).
	stale map[string]bool
}

func (g *gen) line(format string, a ...any) { fmt.Fprintf(&g.b, format+"\n", a...) }

func (g *gen) pick(xs ...string) string { return xs[g.r.Intn(len(xs))] }

func (g *gen) scenario(seed int64) string {
	g.line("title Differential scenario, seed %d", seed)
	g.addNode("M", "")
	sizes := []string{"16kb", "32kb", "64kb", "100kb", "256kb", "1mb"}
	g.line("config M repl-backlog-size %s", g.pick(sizes...))
	for i := 0; i < 1+g.r.Intn(3); i++ {
		parent := g.nodes[g.r.Intn(len(g.nodes))]
		g.addNode(fmt.Sprintf("R%d", i+1), parent)
	}
	policy := g.policy(seed)
	g.x = rand.New(rand.NewSource(seed ^ 0x73686562))
	g.staleData()
	steps := 25 + g.r.Intn(20)
	mm := newMaxmemoryPhase(seed, steps, policy)
	for i := 0; i < steps; i++ {
		if i == mm.at {
			g.maxmemoryPhase(mm)
		}
		if g.x.Intn(6) == 0 {
			g.extra()
		}
		if g.r.Intn(8) == 0 {
			g.topology()
			continue
		}
		m := g.masters()
		node := m[g.r.Intn(len(m))]
		for _, cmd := range g.command() {
			g.line("%s %s", node, cmd)
		}
	}
	// End with everything reconnected so that the last lines compare
	// settled streams.
	for _, n := range g.nodes {
		if g.cut[n] {
			g.line("link %s up", n)
			g.cut[n] = false
		}
	}
	m := g.masters()
	g.line("%s SET final %d", m[0], seed)
	// Every node's command and error statistics and INFO stats: what the
	// whole mix counted, on masters and replicas (after the random draws,
	// so a seed's commands are what they were before these lines). INFO
	// stats comes with commandstats and errorstats, which give the calls
	// and errors its totals are compared less (report.NormalizeStepReply).
	for _, n := range g.nodes {
		g.line("%s INFO commandstats", n)
		g.line("%s INFO errorstats", n)
		g.line("%s INFO stats commandstats errorstats", n)
	}
	return g.b.String()
}

// policy gives a quarter of the seeds an LRU or LFU maxmemory policy on
// every node (maxmemory stays 0: nothing is evicted), so OBJECT FREQ and
// IDLETIME answer under it and full syncs carry the keys' idle times or
// counters (rdbSaveKeyValuePair). Under LFU the counter grows by one per
// access and never decays (lfu-log-factor 0, lfu-decay-time 0), as the
// real server's logarithmic raise is rand()'s and its decay the wall
// clock's minutes. It draws from a source of its own, so that the seed's
// other draws are what they were before it.
func (g *gen) policy(seed int64) string {
	r := rand.New(rand.NewSource(seed ^ 0x6c6675))
	if r.Intn(4) != 0 {
		return "noeviction"
	}
	p := []string{"allkeys-lru", "volatile-lru", "allkeys-lfu", "volatile-lfu"}[r.Intn(4)]
	for _, n := range g.nodes {
		g.line("config %s maxmemory-policy %s", n, p)
		if strings.HasSuffix(p, "lfu") {
			g.line("config %s lfu-log-factor 0", n)
			g.line("config %s lfu-decay-time 0", n)
		}
	}
	return p
}

// maxmemoryPhase is a stretch of a third of the seeds where one master
// runs with maxmemory 1: the model's used memory is an estimate, but at 1
// byte a real server is over the limit whatever it holds, so performEvictions
// evicts every key its policy may take and then fails, and denyoom
// commands (and anything queued in MULTI) are refused with OOM. It draws
// from a source of its own and its lines go between two steps, so the
// seed's other lines are what they were before it.
type maxmemoryPhase struct {
	r  *rand.Rand
	at int // the step it comes before (-1: none)
	// policy is the seed's maxmemory-policy (noeviction unless the policy
	// quarter chose one).
	policy string
}

func newMaxmemoryPhase(seed int64, steps int, policy string) maxmemoryPhase {
	r := rand.New(rand.NewSource(seed ^ 0x6d6178))
	p := maxmemoryPhase{r: r, at: -1, policy: policy}
	if r.Intn(3) == 0 {
		p.at = r.Intn(steps)
	}
	return p
}

// oneDB reports whether every key the scenario made so far is in db 0:
// real Redis evicts from the dbs in its samples' order (random), which
// decides where the DELs' SELECTs go; the model's order is by db.
func (g *gen) oneDB() bool {
	s := g.b.String()
	for _, db1 := range []string{"SELECT 1", "MOVE ", "SWAPDB", " DB 1"} {
		if strings.Contains(s, db1) {
			return false
		}
	}
	return true
}

// maxmemoryPhase writes the phase: noeviction in general; an evicting
// policy only where the keys are in one db (and only the seed's own LFU:
// switching to one would leave counters the logarithmic raise drew from
// rand() in the keys, which OBJECT reads later). Real Redis evicts at most
// 16 keys before it checks its eviction time limit; the seeds hold a few
// dozen small keys at most.
func (g *gen) maxmemoryPhase(p maxmemoryPhase) {
	r := p.r
	m := g.masters()
	node := m[r.Intn(len(m))]
	policy := p.policy
	if !g.oneDB() {
		if policy != "noeviction" {
			return // the seed's policy evicts: the dbs' order would matter
		}
	} else if policy == "noeviction" && r.Intn(2) == 0 {
		policy = []string{"allkeys-lru", "volatile-lru", "volatile-ttl", "allkeys-random", "volatile-random"}[r.Intn(5)]
		g.line("%s CONFIG SET maxmemory-policy %s", node, policy)
	}
	g.line("%s CONFIG SET maxmemory 1", node)
	key := func(p string) string { return fmt.Sprintf("%s%d", p, r.Intn(3)) }
	for i := 0; i < 2+r.Intn(4); i++ {
		cmds := [][]string{
			{"SET " + key("s") + " oom"},
			{"INCR " + key("n")},
			{"GET " + key("s")},
			{"MGET " + key("s") + " " + key("n")},
			{"DEL " + key("s")},
			{"EXPIRE " + key("s") + " 1000"},
			{"LPUSH " + key("l") + " a"},
			{"SADD " + key("t") + " 1"},
			{"PING"},
			{"DBSIZE"},
			{"MULTI", "INCR " + key("n"), "EXEC"},
			{"MULTI", "DISCARD"},
			{`EVAL "return redis.call('set',KEYS[1],ARGV[1])" 1 ` + key("s") + " lua"},
			{`EVAL "redis.call('del',KEYS[1]); return redis.call('set',KEYS[2],ARGV[1])" 2 ` + key("s") + " " + key("s") + " lua"},
			{`EVAL "return redis.pcall('incr',KEYS[1])" 1 ` + key("n")},
		}[r.Intn(15)]
		for _, c := range cmds {
			g.line("%s %s", node, c)
		}
	}
	g.line("%s CONFIG SET maxmemory 0", node)
	if policy != p.policy {
		g.line("%s CONFIG SET maxmemory-policy %s", node, p.policy)
	}
}

// staleData makes a quarter of the seeds' replicas refuse what has no
// stale flag while their link is down (replica-serve-stale-data no).
func (g *gen) staleData() {
	if g.x.Intn(4) != 0 {
		return
	}
	g.stale = map[string]bool{}
	for _, n := range g.nodes {
		if g.master[n] != "" && !g.feeds(n) && g.x.Intn(2) == 0 {
			g.line("config %s replica-serve-stale-data no", n)
			g.stale[n] = true
		}
	}
}

// serveStale sets replica-serve-stale-data back to yes on a node about
// to serve replicas. While its own link is down a stale replica refuses
// their handshake's PING with MASTERDOWN, and they try again every
// wall-clock second, so a real server counts as many refusals as seconds
// passed where the model's replica waits for the link (README).
func (g *gen) serveStale(n string) {
	if g.stale[n] {
		g.line("config %s replica-serve-stale-data yes", n)
		delete(g.stale, n)
	}
}

// feeds reports whether some node replicates from n.
func (g *gen) feeds(n string) bool {
	for _, m := range g.master {
		if m == n {
			return true
		}
	}
	return false
}

// extra is one line from g.x: a script that declares its flags (#!lua)
// on a master, or a read on a replica, stale or not.
func (g *gen) extra() {
	x := func(k int) int { return g.x.Intn(k) }
	pick := func(xs ...string) string { return xs[x(len(xs))] }
	key := func(p string) string { return fmt.Sprintf("%s%d", p, x(3)) }
	if reps := g.replicas(); len(reps) > 0 && x(2) == 0 {
		g.line("%s %s", reps[x(len(reps))], pick(
			"GET "+key("s"),
			"PING",
			"ECHO hi",
			"DBSIZE",
			`EVAL "return redis.call('get',KEYS[1])" 1 `+key("s"),
			`EVAL "#!lua\nreturn 1" 0`,
			`EVAL "#!lua flags=no-writes\nreturn redis.call('exists',KEYS[1])" 1 `+key("n"),
			`EVAL "#!lua flags=no-writes,allow-stale\nreturn redis.pcall('get',KEYS[1])" 1 `+key("s"),
			`EVAL_RO "#!lua flags=no-writes,allow-stale\nreturn redis.call('command','count') > 0" 0`,
		))
		return
	}
	m := g.masters()
	g.line("%s %s", m[x(len(m))], pick(
		`EVAL "#!lua\nreturn redis.call('incr',KEYS[1])" 1 `+key("n"),
		`EVAL "#!lua flags=no-writes\nreturn redis.call('get',KEYS[1])" 1 `+key("s"),
		`EVAL "#!lua flags=no-writes\nreturn redis.pcall('set',KEYS[1],'x')" 1 `+key("s"),
		`EVAL "#!lua flags=no-writes\nreturn redis.call('publish','news','x')" 0`,
		`EVAL "#!lua flags=allow-oom,allow-stale\nreturn redis.call('sadd',KEYS[1],ARGV[1])" 1 `+key("t")+" "+fmt.Sprint(1+x(5)),
		`EVAL_RO "#!lua\nreturn 1" 0`,
		`EVAL_RO "#!lua flags=no-writes\nreturn redis.call('type',KEYS[1])" 1 `+key("s"),
		`EVAL "#!lua flags=no-writes,bad\nreturn 1" 0`,
		`SCRIPT LOAD "#!lua flags=no-writes\nreturn redis.call('get',KEYS[1])"`,
		"EVALSHA f98531bf2373a3e0604dc44ced00e6b04598b3ed 1 "+key("s"),
	))
}

func (g *gen) addNode(name, master string) {
	g.nodes = append(g.nodes, name)
	g.master[name] = master
	if master == "" {
		g.line("node %s", name)
	} else {
		g.line("node %s replicaof %s", name, master)
	}
}

func (g *gen) masters() []string {
	var out []string
	for _, n := range g.nodes {
		if g.master[n] == "" {
			out = append(out, n)
		}
	}
	return out
}

func (g *gen) replicas() []string {
	var out []string
	for _, n := range g.nodes {
		if g.master[n] != "" {
			out = append(out, n)
		}
	}
	return out
}

// under reports whether n is in the subtree of root.
func (g *gen) under(n, root string) bool {
	for n != "" {
		if n == root {
			return true
		}
		n = g.master[n]
	}
	return false
}

func (g *gen) topology() {
	reps := g.replicas()
	switch k := g.r.Intn(6); {
	case k == 0 && len(reps) > 0:
		r := reps[g.r.Intn(len(reps))]
		if g.direct[r] {
			return
		}
		if g.cut[r] {
			g.line("link %s up", r)
		} else {
			g.line("link %s down", r)
		}
		g.cut[r] = !g.cut[r]
	case k == 1:
		n := g.nodes[g.r.Intn(len(g.nodes))]
		g.line("restart %s", n)
	case k == 2 && len(reps) > 0:
		// Promotion: a replica whose link is up becomes a master, and
		// its old master follows it (a failover by hand).
		r := reps[g.r.Intn(len(reps))]
		if g.cut[r] {
			return
		}
		old := g.master[r]
		if g.master[old] == "" && g.r.Intn(2) == 0 {
			// The same by FAILOVER: the master waits for r's ack, then
			// becomes its replica; its other replicas stay with it.
			g.serveStale(old)
			g.line("%s FAILOVER TO %s TIMEOUT 10000", old, r)
			g.master[r], g.master[old] = "", r
			g.direct[old] = true
			return
		}
		g.line("%s REPLICAOF NO ONE", r)
		g.master[r], g.direct[r] = "", false
		if g.master[old] == "" && !g.under(r, old) || g.master[old] == "" {
			g.serveStale(old)
			g.line("%s REPLICAOF %s", old, r)
			g.master[old], g.direct[old] = r, false
		}
	case k == 3 && len(reps) > 0:
		// Re-point a replica at another node outside its subtree. A cut
		// replica's new link is up (a cut belongs to the pair).
		r := reps[g.r.Intn(len(reps))]
		var targets []string
		for _, n := range g.nodes {
			if n != g.master[r] && !g.under(n, r) {
				targets = append(targets, n)
			}
		}
		if len(targets) == 0 {
			return
		}
		t := targets[g.r.Intn(len(targets))]
		g.serveStale(t)
		g.line("%s REPLICAOF %s", r, t)
		g.master[r] = t
		g.cut[r], g.direct[r] = false, false
	case k == 4:
		m := g.masters()
		if g.r.Intn(3) == 0 {
			g.line("config %s lazyfree-lazy-expire %s", m[g.r.Intn(len(m))], g.pick("yes", "no"))
			return
		}
		g.line("config %s repl-backlog-size %s", m[g.r.Intn(len(m))], g.pick("16kb", "64kb", "1mb"))
	default:
		m := g.masters()
		g.line("repeat %d %s SET big{i} {%s}", 1+g.r.Intn(20), m[g.r.Intn(len(m))], g.pick("100b", "1kb", "10kb"))
	}
}

// command returns the lines of one random group: a plain one, or one of
// the groups that change the client's state around a plain one (its user,
// its protocol, a pause) and put it back, so that the lines after them
// run as the default user, in RESP2, unpaused.
func (g *gen) command() []string {
	inner := func() []string {
		var out []string
		for i := 0; i < 1+g.r.Intn(3); i++ {
			out = append(out, g.plain()...)
		}
		return out
	}
	switch g.r.Intn(24) {
	case 0, 1: // ACL: a user of its own, refused what it may not do
		out := []string{g.pick(
			"ACL SETUSER dt reset on >pw ~s* ~n* ~t* &news +@read +@string +@set -getdel +select +publish",
			"ACL SETUSER dt reset on >pw >pw2 %R~s* %W~n* ~l* allchannels +@all -@dangerous -flushdb",
			"ACL SETUSER dt reset on nopass ~* +@read +eval +fcall +multi +exec",
			"ACL SETUSER dt reset on >pw ~n* +@all -@write (~s* +set +get) (%R~t* +smembers)",
		)}
		out = append(out, g.pick("AUTH dt pw", "AUTH dt pw2", "AUTH dt wrong", "HELLO 2 AUTH dt pw", "AUTH dt pw"))
		out = append(out, inner()...)
		out = append(out, g.pick("ACL WHOAMI", "PING"), "AUTH default x")
		return append(out, g.pick("ACL LOG 2", "ACL LOG", "ACL LOG RESET", "ACL DELUSER dt", "ACL WHOAMI", "ACL USERS", "ACL DRYRUN dt set s1 v", "ACL DRYRUN dt incr n1", "ACL DRYRUN dt smembers t0"))
	case 2: // RESP3 replies, then back to RESP2
		return append(append([]string{"HELLO 3"}, inner()...), "HELLO 2")
	case 3: // a short pause of writes or of everything, ended early or not
		out := []string{fmt.Sprintf("CLIENT PAUSE %d %s", 50+50*g.r.Intn(5), g.pick("WRITE", "ALL"))}
		out = append(out, g.plain()...)
		if g.r.Intn(3) > 0 {
			out = append(out, "CLIENT UNPAUSE")
		}
		// A write waits for the pause's end, so the lines after it run
		// unpaused.
		return append(out, "INCR paused")
	}
	return g.plain()
}

// plain returns one command (or a transaction) of a random group.
func (g *gen) plain() []string {
	n := func(k int) int { return g.r.Intn(k) }
	key := func(p string) string { return fmt.Sprintf("%s%d", p, n(3)) }
	member := func() string { return fmt.Sprint(1 + n(5)) }
	anykey := func() string { return key(g.pick("s", "n", "b", "l", "h", "t", "z", "p", "x", "g")) }
	switch n(21) {
	case 17: // CLIENT about itself
		if n(12) == 0 {
			// The commands after a kill of the caller run, their
			// replies are not written (CLIENT_CLOSE_AFTER_REPLY).
			return []string{"MULTI", "CLIENT KILL TYPE normal SKIPME no", "INCR n1", "EXEC"}
		}
		return []string{g.pick(
			"QUIT",
			"CLIENT KILL TYPE normal SKIPME no",
			"CLIENT KILL TYPE normal",
			"CLIENT SETNAME dt"+member(),
			"CLIENT GETNAME",
			"CLIENT ID",
			"CLIENT INFO",
			"CLIENT NO-EVICT "+g.pick("on", "off"),
			"CLIENT NO-TOUCH on",
			"CLIENT TRACKING off",
			"CLIENT TRACKINGINFO",
			"CLIENT GETREDIR",
		)}
	case 18: // OBJECT: encodings, sharing, the LRU clock
		return []string{g.pick("OBJECT ENCODING ", "OBJECT ENCODING ", "OBJECT REFCOUNT ", "OBJECT IDLETIME ", "OBJECT FREQ ") + anykey()}
	case 19: // DUMP and RESTORE
		a, b := anykey(), key(g.pick("s", "l", "h", "t", "z"))
		restore := g.pick("0, p, 'REPLACE'", "0, p, 'REPLACE', 'IDLETIME', 100", "4102444800000, p, 'REPLACE', 'ABSTTL'", "1, p, 'REPLACE', 'ABSTTL'", "0, p")
		// A stream's payload holds its ids' milliseconds: the wall clock
		// on a real server, and a RESTORE elsewhere propagates it (fresh
		// seed 683846583). A stream source is a string key's name instead,
		// without another draw, so the seed's other lines stay.
		src := a
		if strings.HasPrefix(src, "x") {
			src = "s" + src[1:]
		}
		return []string{g.pick(
			"DUMP "+key(g.pick("s", "n", "b", "l", "h", "t", "z", "p", "g")),
			`EVAL "local p = redis.call('dump', KEYS[1]); if not p then return 0 end; return redis.call('restore', KEYS[2], `+restore+`)" 2 `+src+" "+b,
			`EVAL "local p = redis.call('dump', KEYS[1]); if not p then return 0 end; return redis.pcall('restore', KEYS[1], 0, p)" 1 `+a,
		)}
	case 20: // scripts' libraries and RESP3 tables
		return []string{g.pick(
			`EVAL "return cjson.encode({a=1, b={1,2,3}, c='x', d={e=true}})" 0`,
			`EVAL "return cjson.encode(cjson.decode(ARGV[1]))" 0 "{\"k1\":1,\"k2\":[true,false],\"k3\":{\"z\":null,\"y\":2.5}}"`,
			`EVAL "local t = cjson.decode(ARGV[1]); return {t.a, t.b[2]}" 0 "{\"a\":\"x\",\"b\":[1,2]}"`,
			`EVAL "return {bit.band(ARGV[1], 12), bit.bor(1, 6), bit.bxor(5, 3), bit.lshift(1, 10), bit.tohex(255), bit.bnot(0)}" 0 `+fmt.Sprint(n(64)),
			`EVAL "redis.setresp(3); return redis.call('hgetall', KEYS[1])" 1 `+key("h"),
			`EVAL "redis.setresp(3); return redis.call('smembers', KEYS[1])" 1 `+key("t"),
			`EVAL "redis.setresp(3); local r = redis.call('hgetall', KEYS[1]); local out = {}; for k, v in pairs(r.map) do out[#out+1] = k end; return out" 1 `+key("h"),
			`EVAL "return {map={a=1, b=2, c=3, d={set={x=true, y=true, z=true}}}}" 0`,
			`EVAL "return {set={m1=true, m2=true, m3=true, m4=true, m5=true}}" 0`,
			`EVAL "local t = {}; for i = 1, tonumber(ARGV[1]) do t['k' .. i] = i end; return {map=t}" 0 `+fmt.Sprint(1+n(20)),
			`EVAL "local t = {a=1}; for i = 1, tonumber(ARGV[1]) do t['f' .. i] = true end; return cjson.encode(t)" 0 `+fmt.Sprint(n(12)),
			`EVAL "return redis.call('object', 'encoding', KEYS[1])" 1 `+anykey(),
		)}
	case 14: // geo and sort
		k := key("g")
		return []string{g.pick(
			"GEOADD "+k+" 13.361389 38.115556 p"+member()+" 15.087269 37.502669 c"+member(),
			"GEOSEARCHSTORE "+key("g")+" "+k+" FROMLONLAT 15 37 BYRADIUS 200 km ASC",
			"GEODIST "+k+" p1 c1 km",
			"GEOPOS "+k+" p2",
			"SORT "+key("l")+" ALPHA STORE "+key("l"),
			"SORT "+key("t")+" DESC",
		)}
	case 15: // stream claims
		k := key("x")
		return []string{g.pick("XCLAIM "+k+" g c3 0 0-1", "XAUTOCLAIM "+k+" g c4 0 0-0 COUNT 2", "XAUTOCLAIM "+k+" g c5 0 0-0 JUSTID", "XACK "+k+" g 0-1", "XINFO STREAM "+k, "XINFO STREAM "+k+" FULL COUNT 2", "XINFO CONSUMERS "+k+" g")}
	case 16: // deletions by expiry, lazily or not
		return []string{g.pick("EXPIRE "+key("s")+" -1", "GETEX "+key("s")+" PXAT 1", "WATCH "+key("s"), "UNWATCH", "SWAPDB 0 1", "COPY "+key("s")+" "+key("s")+" DB 1 REPLACE")}
	case 0: // strings
		k := key("s")
		return []string{g.pick(
			"SET "+k+" v"+member(),
			"SET "+k+" "+fmt.Sprint(n(20000)),
			"SET "+k+" "+strings.Repeat("w", 40+n(8)),
			"INCRBYFLOAT "+k+" 1",
			"SET "+k+" x GET",
			"SET "+k+" y NX",
			"SET "+k+" z XX GET",
			"SETNX "+k+" n",
			"GETSET "+k+" g",
			"APPEND "+k+" ab",
			"SETRANGE "+k+" 2 zz",
			"GETDEL "+k,
			"GET "+k,
			"MSET "+k+" 1 "+key("s")+" 2",
			"MSETNX "+k+" 1 "+key("s")+" 2",
			"STRLEN "+k,
			"SET "+k+" e EX 1000",
			"GETEX "+k+" PX 500000",
			"GETEX "+k+" PERSIST",
		)}
	case 1: // counters
		k := key("n")
		return []string{g.pick("INCR "+k, "DECRBY "+k+" 3", "INCRBY "+k+" 10", "INCRBYFLOAT "+k+" 1.5", "INCRBYFLOAT "+k+" 0.25")}
	case 2: // bitmaps
		k := key("b")
		return []string{g.pick("SETBIT "+k+" "+fmt.Sprint(n(40))+" "+fmt.Sprint(n(2)), "GETBIT "+k+" 3", "BITCOUNT "+k, "BITFIELD "+k+" INCRBY u8 0 100", "BITFIELD "+k+" OVERFLOW FAIL INCRBY u8 8 200", "BITOP OR "+key("b")+" "+k+" "+key("b"))}
	case 3: // lists
		k := key("l")
		return []string{g.pick("RPUSH "+k+" a b", "LPUSH "+k+" c", "LPOP "+k, "RPOP "+k+" 2", "LMOVE "+k+" "+key("l")+" LEFT RIGHT", "BLPOP "+k+" 0.01", "BRPOP "+key("l")+" "+k+" 0.01", "BLMOVE "+k+" "+key("l")+" RIGHT LEFT 0.01", "LTRIM "+k+" 0 2", "LREM "+k+" 0 a", "LRANGE "+k+" 0 -1", "LLEN "+k, "LINSERT "+k+" BEFORE a x", "LMPOP 2 "+k+" "+key("l")+" LEFT COUNT 2")}
	case 4: // hashes
		k := key("h")
		return []string{g.pick("HSET "+k+" f"+member()+" v", "HINCRBY "+k+" c 2", "HINCRBYFLOAT "+k+" fl 0.5", "HDEL "+k+" f1 f2", "HSETNX "+k+" f3 w", "HGETALL "+k, "HMGET "+k+" f1 c", "HLEN "+k)}
	case 5: // sets (small integers: an intset, members in order)
		k := key("t")
		return []string{g.pick("SADD "+k+" "+member()+" "+member(), "SREM "+k+" "+member(), "SPOP "+k+" 10", "SMEMBERS "+k, "SINTERSTORE "+key("t")+" "+k+" "+key("t"), "SUNIONSTORE "+key("t")+" "+k+" "+key("t"), "SDIFFSTORE "+key("t")+" "+k+" "+key("t"), "SMOVE "+k+" "+key("t")+" "+member(), "SISMEMBER "+k+" 2", "SCARD "+k)}
	case 6: // sorted sets
		k := key("z")
		return []string{g.pick("ZADD "+k+" "+member()+" m"+member(), "ZADD "+k+" GT CH 3 m1", "ZINCRBY "+k+" 1.5 m2", "ZREM "+k+" m1", "ZPOPMIN "+k, "ZPOPMAX "+k+" 2", "BZPOPMIN "+k+" 0.01", "ZRANGE "+k+" 0 -1 WITHSCORES", "ZUNIONSTORE "+key("z")+" 2 "+k+" "+key("z"), "ZREMRANGEBYSCORE "+k+" 0 2", "ZMPOP 1 "+k+" MAX")}
	case 7: // HyperLogLog
		k := key("p")
		return []string{g.pick("PFADD "+k+" a b "+member(), "PFCOUNT "+k, "PFMERGE "+key("p")+" "+k, "GET "+k, "PFDEBUG ENCODING "+k, "PFDEBUG DECODE "+k)}
	case 8: // streams
		k := key("x")
		return []string{g.pick("XADD "+k+" * f v", "XADD "+k+" MAXLEN 2 * f v", "XADD "+k+" MAXLEN ~ 1 * f v", "XGROUP CREATE "+k+" g 0 MKSTREAM", "XREADGROUP GROUP g c1 COUNT 1 STREAMS "+k+" >", "XREADGROUP GROUP g c2 NOACK STREAMS "+k+" >", "XTRIM "+k+" MAXLEN 1", "XLEN "+k)}
	case 9: // generic keys and expiry
		a, b := key(g.pick("s", "l", "h")), key(g.pick("s", "l", "h"))
		return []string{g.pick("RENAME "+a+" "+b, "RENAMENX "+a+" "+b, "COPY "+a+" "+b+" REPLACE", "MOVE "+a+" 1", "DEL "+a+" "+b, "UNLINK "+a, "EXISTS "+a+" "+b, "TYPE "+a, "EXPIRE "+a+" 1000 NX", "EXPIRE "+a+" 2000 GT", "PEXPIRE "+a+" 500000 LT", "PERSIST "+a, "EXPIREAT "+a+" 1")}
	case 10: // transactions
		return []string{"MULTI", "INCR " + key("n"), "SADD " + key("t") + " " + member(), "EXEC"}
	case 11: // scripts
		return []string{g.pick(
			`EVAL "redis.call('incr',KEYS[1]); return redis.call('sadd',KEYS[2],ARGV[1])" 2 `+key("n")+" "+key("t")+" "+member(),
			`EVAL "return redis.call('set',KEYS[1],ARGV[1])" 1 `+key("s")+" lua",
			`EVAL "return redis.call('get',KEYS[1])" 1 `+key("s"),
		)}
	case 12: // functions
		if !g.funcs {
			g.funcs = true
			return []string{`FUNCTION LOAD "#!lua name=dl\nredis.register_function('dincr', function(keys, args) return redis.call('incrby', keys[1], args[1]) end)"`}
		}
		return []string{g.pick(
			"FCALL dincr 1 "+key("n")+" "+fmt.Sprint(1+n(9)),
			"FCALL dincr 1 "+key("n")+" "+fmt.Sprint(1+n(9)),
			"FCALL_RO dincr 1 "+key("n")+" 1",
			// A library's functions, and the libraries, are listed in
			// the order of a dict with a random seed: one function each.
			"FUNCTION LIST LIBRARYNAME dl",
			"FUNCTION LIST WITHCODE LIBRARYNAME dr",
			`FUNCTION LOAD REPLACE "#!lua name=dl\nredis.register_function('dincr', function(keys, args) return redis.call('incrby', keys[1], args[1]) end)"`,
			`FUNCTION LOAD REPLACE "#!lua name=dr\nredis.register_function{function_name='dget', callback=function(keys) return redis.call('get', keys[1]) end, flags={'no-writes'}}"`,
			"FCALL_RO dget 1 "+key("n"),
			`FUNCTION LOAD "#!lua name=dl\nredis.register_function('dincr', function() return 0 end)"`,
		)}
	default: // pub/sub and db
		return []string{g.pick("PUBLISH news hi", "SELECT "+fmt.Sprint(n(2)), "FLUSHDB", "DBSIZE", "PING")}
	}
}
