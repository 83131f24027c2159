// Package conformance plays scenarios against real redis-server processes
// on 127.0.0.1, exactly as the scenario contract says, and reports what
// INFO said after every line in the same shape as the simulator's report,
// so that the two can be compared field by field.
package conformance

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"replscope/core/report"
	"replscope/core/scenario"
)

// errPortTaken: the port freePort chose was taken before the server bound it.
var errPortTaken = errors.New("the port was taken by another server")

// Timeouts: settling waits for acks, which replicas send once a second.
const (
	settleTimeout = 15 * time.Second
	// cmdTimeout bounds one reply. A CI run saw four replicas, started
	// at the same second beside sixteen scenarios, not answer INFO for
	// over 10 s while loading an empty RDB from disk.
	cmdTimeout = 30 * time.Second
	firstCron  = 1100 * time.Millisecond
)

// contractDefaults are the settings the contract sets on every server.
var contractDefaults = []string{
	"--repl-ping-replica-period", "3600",
	"--repl-diskless-sync-delay", "0",
	"--repl-timeout", "3600",
	"--appendonly", "no",
	"--save", "",
	"--bind", "127.0.0.1",
	"--protected-mode", "no",
	"--daemonize", "no",
}

// versionArgs are settings a version needs besides contractDefaults:
// 7.0 and later refuse DEBUG unless enable-debug-command allows it (6.2
// has no such setting and always allows it); the version probes use
// DEBUG SET-ACTIVE-EXPIRE 0 to see lazy expiry. Only loopback clients.
var versionArgs = map[string][]string{
	"redis-7.0":  {"--enable-debug-command", "local"},
	"redis-7.2":  {"--enable-debug-command", "local"},
	"redis-7.4":  {"--enable-debug-command", "local"},
	"valkey-8.0": {"--enable-debug-command", "local"},
}

// Harness is one play of one scenario: its servers, proxies and clients.
type Harness struct {
	bin     string
	version string // one of Versions
	dir     string
	// NoExpect plays expect lines as steps without asserting them: the
	// expectations are 7.0's, and a recording of another version is
	// what that server says.
	NoExpect bool
	nodes    map[string]*rnode
	order    []string
	omem     map[string]string // the last CLIENT LIST figures of held or stalled replicas, for stability
	noAck    bool              // inside a repeat's iterations: acks need not have arrived
}

type rnode struct {
	name    string
	port    int
	dir     string
	cmd     *exec.Cmd
	client  *conn // the scenario's single client connection
	poll    *conn // INFO is read on a connection of its own
	master  string
	proxy   *proxy // the link to master, when a replica
	config  [][2]string
	started time.Time
	hold    bool // sync NAME hold
	stall   bool // link NAME stall
	// direct: its link goes straight to its master's own port, with no
	// proxy: a master that FAILOVER turned into a replica of its target
	// connects to the address the target announced.
	direct bool
	// pausedUntil: a CLIENT PAUSE on it lasts until then (wall clock); on
	// a replica it holds back the master's stream, which settling allows.
	pausedUntil time.Time
	// own: the harness's own commands to this process (ownstats.go)
	own *ownStats
	// multi: the commands queued since MULTI, by full name (close.go)
	multi []string
}

// FindRedisServer returns redis-server's path (given, or on PATH).
func FindRedisServer(given string) (string, error) {
	if given != "" {
		return given, nil
	}
	return exec.LookPath("redis-server")
}

// ServerEnv is the environment variable that names the server binary of
// a version: REPLSCOPE_SERVER_REDIS_6_2 for redis-6.2, and so on.
func ServerEnv(version string) string {
	return "REPLSCOPE_SERVER_" + strings.NewReplacer("-", "_", ".", "_").Replace(strings.ToUpper(version))
}

// BuiltRedisDir is where scripts/build-redis.sh puts the servers it
// builds, one folder per tag (REDIS_BIN overrides it, as for the script).
func BuiltRedisDir() string {
	if d := os.Getenv("REDIS_BIN"); d != "" {
		return d
	}
	return "/work/redis-bin"
}

// FindServer returns the binary of a version, and checks that it is that
// version: the one ServerEnv names; else for redis-7.0 REDIS_SERVER or
// redis-server on PATH, for valkey-8.0 valkey-server on PATH, and for the
// others the newest build of scripts/build-redis.sh in BuiltRedisDir.
func FindServer(version string) (string, error) {
	if !KnownVersion(version) {
		return "", fmt.Errorf("unknown version %q (known: %s)", version, strings.Join(Versions, ", "))
	}
	var candidates []string
	if b := os.Getenv(ServerEnv(version)); b != "" {
		candidates = append(candidates, b)
	} else {
		switch version {
		case "redis-7.0":
			if b := os.Getenv("REDIS_SERVER"); b != "" {
				candidates = append(candidates, b)
			}
			if b, err := exec.LookPath("redis-server"); err == nil {
				candidates = append(candidates, b)
			}
		case "valkey-8.0":
			if b, err := exec.LookPath("valkey-server"); err == nil {
				candidates = append(candidates, b)
			}
		}
		tag := strings.TrimPrefix(version, "redis-")
		built, _ := filepath.Glob(filepath.Join(BuiltRedisDir(), tag+".*", "redis-server"))
		sort.Sort(sort.Reverse(sort.StringSlice(built)))
		candidates = append(candidates, built...)
	}
	var why []string
	for _, b := range candidates {
		name, err := VersionName(b)
		if err == nil && name == version {
			return b, nil
		}
		if err != nil {
			why = append(why, err.Error())
		} else {
			why = append(why, b+" is "+name)
		}
	}
	if len(why) == 0 {
		return "", fmt.Errorf("no %s server: set %s to its binary", version, ServerEnv(version))
	}
	return "", fmt.Errorf("no %s server (%s): set %s to its binary", version, strings.Join(why, "; "), ServerEnv(version))
}

// New prepares a harness for a binary, whose version it asks (a server
// that is none of Versions is played as DefaultVersion); servers start
// as the scenario declares them.
func New(bin string) (*Harness, error) {
	version, err := VersionName(bin)
	if err != nil {
		version = DefaultVersion
	}
	return NewVersion(bin, version)
}

// NewVersion prepares a harness for a binary of a known version.
func NewVersion(bin, version string) (*Harness, error) {
	if !KnownVersion(version) {
		return nil, fmt.Errorf("unknown version %q (known: %s)", version, strings.Join(Versions, ", "))
	}
	dir, err := os.MkdirTemp("", "replscope-conformance-")
	if err != nil {
		return nil, err
	}
	return &Harness{bin: bin, version: version, dir: dir, nodes: map[string]*rnode{}}, nil
}

// Version is the name of the harness's server version (one of Versions).
func (h *Harness) Version() string { return h.version }

// Close stops every server and proxy and removes the temporary files.
func (h *Harness) Close() {
	for _, n := range h.nodes {
		if n.proxy != nil {
			n.proxy.close()
		}
		h.stop(n)
	}
	os.RemoveAll(h.dir)
}

func (h *Harness) stop(n *rnode) {
	if n.client != nil {
		n.client.Close()
		n.client = nil
	}
	if n.poll != nil {
		n.poll.Close()
		n.poll = nil
	}
	if n.cmd != nil && n.cmd.Process != nil {
		kill(n.cmd)
		_ = n.cmd.Wait()
		n.cmd = nil
	}
}

// ports hands out server ports: each at most once per process, below
// the kernel's ephemeral range, so that between our check and the
// server's bind no outgoing connection (a proxy's, a browser's, another
// test's) and no listener on port 0 can take it.
var ports struct {
	sync.Mutex
	next int
	used map[int]bool
}

// ephemeralLow is the first port of the kernel's ephemeral range.
func ephemeralLow() int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return 32768
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 32768
	}
	lo, err := strconv.Atoi(f[0])
	if err != nil {
		return 32768
	}
	return lo
}

func freePort() (int, error) {
	const base = 10000
	top := ephemeralLow()
	if top-base >= 1000 {
		ports.Lock()
		defer ports.Unlock()
		if ports.used == nil {
			ports.used = map[int]bool{}
			// Start somewhere random, so that processes spread out.
			ports.next = base + int(time.Now().UnixNano()/1000%int64(top-base))
		}
		for tries := 0; tries < top-base; tries++ {
			p := ports.next
			if ports.next++; ports.next >= top {
				ports.next = base
			}
			if ports.used[p] {
				continue
			}
			l, err := net.Listen("tcp", "127.0.0.1:"+itoa(p))
			if err != nil {
				continue
			}
			l.Close()
			ports.used[p] = true
			return p, nil
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// start runs redis-server for a node with the contract's defaults, its
// `config` lines so far, and its master (through its proxy).
func (h *Harness) start(n *rnode) error {
	args := []string{"--port", itoa(n.port), "--dir", n.dir, "--logfile", filepath.Join(n.dir, "redis.log")}
	args = append(args, contractDefaults...)
	args = append(args, versionArgs[h.version]...)
	for _, kv := range n.config {
		// A value of several words (client-output-buffer-limit) is
		// several arguments on the command line.
		args = append(args, "--"+kv[0])
		args = append(args, strings.Fields(kv[1])...)
	}
	if n.master != "" && n.proxy != nil {
		args = append(args, "--replicaof", "127.0.0.1", itoa(n.proxy.port()))
	} else if n.master != "" && n.direct {
		args = append(args, "--replicaof", "127.0.0.1", itoa(h.nodes[n.master].port))
	}
	cmd := exec.Command(h.bin, args...)
	prepare(cmd)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start redis-server for %s: %w", n.name, err)
	}
	n.cmd = cmd
	n.started = time.Now()
	n.own = newOwnStats(h.version) // a new process counts from nothing
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := dial(n.port, time.Second)
		if err == nil {
			n.own.conns++
			v, err := n.do(c, time.Second, "PING")
			// A replica with replica-serve-stale-data no whose link is
			// down answers PING with MASTERDOWN: it is up all the same.
			if err == nil && (v.kind == '+' || v.kind == '-' && strings.HasPrefix(v.str, "MASTERDOWN")) {
				// Another scenario's server may have taken the port
				// between freePort and this server's bind: ours has our dir.
				d, err := n.do(c, time.Second, "CONFIG", "GET", "dir")
				if err == nil && len(d.array) == 2 && d.array[1].str != n.dir {
					c.Close()
					kill(cmd)
					_ = cmd.Wait()
					n.cmd = nil
					return errPortTaken
				}
				n.client = c
				break
			}
			c.Close()
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(n.dir, "redis.log"))
			return fmt.Errorf("redis-server for %s did not answer on port %d: %s", n.name, n.port, lastLines(string(log), 5))
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The server that answered must be ours, not another process that
	// holds the port (ours then failed to bind).
	v, err := n.do(n.client, cmdTimeout, "INFO", "server")
	if err != nil {
		return err
	}
	if pid := parseInfo(v.str)["process_id"]; pid != itoa(cmd.Process.Pid) {
		log, _ := os.ReadFile(filepath.Join(n.dir, "redis.log"))
		return fmt.Errorf("port %d of %s is answered by another process (pid %s, ours %d): %s", n.port, n.name, pid, cmd.Process.Pid, lastLines(string(log), 3))
	}
	p, err := dial(n.port, time.Second)
	if err != nil {
		return err
	}
	n.own.conns++
	n.poll = p
	// Replicas of a freshly started server wait for its first cron.
	for _, o := range h.nodes {
		if o.master == n.name && o.proxy != nil {
			o.proxy.hold(n.started.Add(firstCron))
		}
	}
	return nil
}

func lastLines(s string, k int) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	if len(l) > k {
		l = l[len(l)-k:]
	}
	return strings.Join(l, " | ")
}

// Play runs a whole scenario and records INFO after every line that runs.
// On an error other than a failed expect it adds the last lines of every
// server's log.
func (h *Harness) Play(s *scenario.Script) (*report.Run, error) {
	run, err := h.play(s)
	var e *expectError
	if err != nil && !errors.As(err, &e) {
		err = fmt.Errorf("%w%s", err, h.logTails())
	}
	return run, err
}

// expectError is an expect line that does not hold (the servers are fine).
type expectError struct{ msg string }

func (e *expectError) Error() string { return e.msg }

// logTails is the last lines of each server's log, for an error.
func (h *Harness) logTails() string {
	var b strings.Builder
	for _, name := range h.order {
		log, err := os.ReadFile(filepath.Join(h.nodes[name].dir, "redis.log"))
		if err == nil {
			fmt.Fprintf(&b, "\n  %s's log: %s", name, lastLines(string(log), 3))
		}
	}
	return b.String()
}

func (h *Harness) play(s *scenario.Script) (*report.Run, error) {
	run := &report.Run{Scenario: s.Name, RedisVersion: Version(h.bin)}
	start := time.Now()
	for i := range s.Lines {
		l := &s.Lines[i]
		if !l.Runs() {
			continue
		}
		clock := time.Since(start).Milliseconds()
		reply, err := h.step(l)
		if err == nil {
			err = h.proxyErr()
		}
		if err != nil {
			return run, fmt.Errorf("%s:%d: %s: %w", s.Name, l.Num, l.Text, err)
		}
		if err := h.settle(); err != nil {
			return run, fmt.Errorf("%s:%d: %s: settling: %w", s.Name, l.Num, l.Text, err)
		}
		nodes, err := h.report()
		if err != nil {
			return run, fmt.Errorf("%s:%d: %w", s.Name, l.Num, err)
		}
		if l.Kind == scenario.Expect && !h.NoExpect {
			got := nodes[l.Node].Fields[l.Param]
			if got != l.Value {
				return run, &expectError{fmt.Sprintf("%s:%d: expect %s %s %s: real redis-server says %q", s.Name, l.Num, l.Node, l.Param, l.Value, got)}
			}
		}
		run.Steps = append(run.Steps, report.Step{Line: l.Num, Text: l.Text, Reply: reply, Nodes: nodes, Clock: clock})
	}
	return run, nil
}

func (h *Harness) node(name string) (*rnode, error) {
	n := h.nodes[name]
	if n == nil {
		return nil, fmt.Errorf("unknown node %s", name)
	}
	return n, nil
}

// step does what the contract's table says the harness does for a line.
func (h *Harness) step(l *scenario.Line) (string, error) {
	switch l.Kind {
	case scenario.Node:
		port, err := freePort()
		if err != nil {
			return "", err
		}
		n := &rnode{name: l.Node, port: port, dir: filepath.Join(h.dir, l.Node)}
		if err := os.MkdirAll(n.dir, 0o755); err != nil {
			return "", err
		}
		if l.Master != "" {
			if err := h.link(n, l.Master); err != nil {
				return "", err
			}
		}
		h.nodes[n.name] = n
		h.order = append(h.order, n.name)
		for attempt := 0; ; attempt++ {
			err := h.start(n)
			if err != errPortTaken || attempt == 5 {
				return "", err
			}
			if n.port, err = freePort(); err != nil {
				return "", err
			}
		}
	case scenario.Config:
		n, err := h.node(l.Node)
		if err != nil {
			return "", err
		}
		v, err := n.client.do(cmdTimeout, "CONFIG", "SET", l.Param, l.Value)
		if err != nil {
			return "", err
		}
		if v.kind != '-' {
			n.config = append(n.config, [2]string{l.Param, l.Value})
		}
		return v.String(), nil
	case scenario.Command:
		n, err := h.node(l.Node)
		if err != nil {
			return "", err
		}
		args, err := h.replicaof(n, l.Args)
		if err != nil {
			return "", err
		}
		args = h.migrateAddr(args)
		args = h.failoverAddr(args)
		sent := time.Now()
		own := n.own.copy()
		v, err := n.client.do(cmdTimeout+blockingTimeout(args), args...)
		if err != nil {
			return "", err
		}
		n.notePause(args, v, sent)
		if v, err = h.afterReply(n, args, v); err != nil {
			return "", err
		}
		v = h.ownTaken(n, args, own, v)
		if strings.EqualFold(args[0], "config") && len(args) == 2 && strings.EqualFold(args[1], "resetstat") && v.kind == '+' {
			n.own = newOwnStats(h.version) // the server's figures start again from here
		}
		return replyText(args, v), nil
	case scenario.Repeat:
		n, err := h.node(l.Node)
		if err != nil {
			return "", err
		}
		if hold := h.holding(); hold || closes(l.Args) {
			// A held sync may be dropped and resynced in the middle: each
			// iteration settles, as in the simulator.
			// Between iterations only the data must have flowed (an ack
			// changes nothing a write depends on); the line settles fully.
			// A command that may close the connection goes one at a time.
			if hold {
				h.noAck = true
				defer func() { h.noAck = false }()
			}
			var last value
			for i := 1; i <= l.Count; i++ {
				args := scenario.Expand(l.Args, i)
				if last, err = n.client.do(cmdTimeout, args...); err != nil {
					return "", err
				}
				if last, err = h.afterReply(n, args, last); err != nil {
					return "", err
				}
				if !hold {
					continue
				}
				if err := h.settle(); err != nil {
					return "", fmt.Errorf("iteration %d: %w", i, err)
				}
			}
			return last.String(), nil
		}
		_ = n.client.c.SetDeadline(time.Now().Add(time.Minute))
		defer n.client.c.SetDeadline(time.Time{})
		for i := 1; i <= l.Count; i++ {
			if err := n.client.send(scenario.Expand(l.Args, i)...); err != nil {
				return "", err
			}
		}
		if err := n.client.flush(); err != nil {
			return "", err
		}
		var last value
		for i := 1; i <= l.Count; i++ {
			if last, err = n.client.read(); err != nil {
				return "", err
			}
			if last, err = h.afterReply(n, scenario.Expand(l.Args, i), last); err != nil {
				return "", err
			}
		}
		return last.String(), nil
	case scenario.Link:
		n, err := h.node(l.Node)
		if err != nil {
			return "", err
		}
		if n.direct {
			return "", fmt.Errorf("%s replicates %s through no proxy since a FAILOVER: its link cannot be cut", n.name, n.master)
		}
		if n.proxy == nil || n.master == "" {
			return "", fmt.Errorf("%s is not a replica", n.name)
		}
		n.proxy.setUp(l.Up)
		return "", nil
	case scenario.Hold:
		n, err := h.node(l.Node)
		if err != nil {
			return "", err
		}
		n.hold = !l.Up
		if n.proxy != nil {
			n.proxy.setHold(n.hold)
		}
		return "", nil
	case scenario.Stall:
		n, err := h.node(l.Node)
		if err != nil {
			return "", err
		}
		if n.direct {
			return "", fmt.Errorf("%s replicates %s through no proxy since a FAILOVER: its link cannot be stalled", n.name, n.master)
		}
		if n.proxy == nil || n.master == "" {
			return "", fmt.Errorf("%s is not a replica", n.name)
		}
		n.stall = !l.Up
		n.proxy.setStall(n.stall)
		return "", nil
	case scenario.Restart:
		return "", h.restart(l.Node)
	case scenario.Advance:
		time.Sleep(time.Duration(l.Millis) * time.Millisecond)
		return "", nil
	case scenario.Expect:
		return "", nil
	}
	return "", fmt.Errorf("the harness cannot play %s lines", l.Kind)
}

// blockingTimeout is how long a blocking command may wait on the real
// server before its timeout reply (the core waits as long in virtual
// time): BLPOP ... timeout, BLMPOP timeout ..., XREAD ... BLOCK ms.
func blockingTimeout(args []string) time.Duration {
	secs := func(s string) time.Duration {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v <= 0 || v > 3600 {
			return 0
		}
		return time.Duration(v * float64(time.Second))
	}
	switch strings.ToLower(args[0]) {
	case "blpop", "brpop", "brpoplpush", "blmove", "bzpopmin", "bzpopmax":
		return secs(args[len(args)-1])
	case "blmpop", "bzmpop":
		if len(args) > 1 {
			return secs(args[1])
		}
	case "xread", "xreadgroup":
		for i := 1; i+1 < len(args); i++ {
			if strings.EqualFold(args[i], "block") {
				if ms, err := strconv.ParseInt(args[i+1], 10, 64); err == nil && ms > 0 && ms <= 3600000 {
					return time.Duration(ms) * time.Millisecond
				}
			}
		}
	}
	return 0
}

// replyText is a reply as recorded. SPOP and SRANDMEMBER with a count
// answer random members, so that two real runs would never agree: their
// array replies are recorded as how many members they hold.
func replyText(args []string, v value) string {
	if (v.kind == '*' || v.kind == '~') && report.RandomReply(args) {
		return report.RandomMembers(len(v.array))
	}
	return v.String()
}

// link points a replica at master through a new proxy. The new link is
// up even when the old one was cut: a cut belongs to the pair
// (../shared/scenario-language.md, Clarifications).
func (h *Harness) link(n *rnode, master string) error {
	m, err := h.node(master)
	if err != nil {
		return err
	}
	if n.proxy != nil {
		n.proxy.close()
	}
	p, err := newProxy(m.port)
	if err != nil {
		return err
	}
	p.setUp(true)
	p.setHold(n.hold)
	p.setStall(n.stall)
	p.hold(m.started.Add(firstCron))
	n.proxy, n.master, n.direct = p, master, false
	return nil
}

// replicaof rewrites REPLICAOF NAME (or SLAVEOF NAME) to the host and
// port of a proxy in front of NAME; REPLICAOF NO ONE passes through.
func (h *Harness) replicaof(n *rnode, args []string) ([]string, error) {
	name := strings.ToLower(args[0])
	if name != "replicaof" && name != "slaveof" {
		return args, nil
	}
	if len(args) == 3 && strings.EqualFold(args[1], "no") && strings.EqualFold(args[2], "one") {
		n.master, n.direct = "", false
		if n.proxy != nil {
			n.proxy.close()
			n.proxy = nil
		}
		return args, nil
	}
	if len(args) == 2 {
		if _, ok := h.nodes[args[1]]; ok {
			if n.master == args[1] && n.direct {
				return []string{args[0], "127.0.0.1", itoa(h.nodes[args[1]].port)}, nil // already its master
			}
			if n.master == args[1] {
				return []string{args[0], "127.0.0.1", itoa(n.proxy.port())}, nil
			}
			if err := h.link(n, args[1]); err != nil {
				return nil, err
			}
			return []string{args[0], "127.0.0.1", itoa(n.proxy.port())}, nil
		}
	}
	return args, nil
}

// migrateAddr rewrites MIGRATE NAME ... to the host and port of NAME
// itself (the target is a server, not a replication link: no proxy).
func (h *Harness) migrateAddr(args []string) []string {
	if len(args) < 2 || !strings.EqualFold(args[0], "migrate") {
		return args
	}
	t, ok := h.nodes[args[1]]
	if !ok {
		return args
	}
	return append([]string{args[0], "127.0.0.1", itoa(t.port)}, args[2:]...)
}

// failoverAddr rewrites FAILOVER ... TO NAME ... to the host and port of
// NAME itself: the port its replica announces (REPLCONF listening-port),
// which is what findReplica matches.
func (h *Harness) failoverAddr(args []string) []string {
	if len(args) < 3 || !strings.EqualFold(args[0], "failover") {
		return args
	}
	for i := 1; i+1 < len(args); i++ {
		if t, ok := h.nodes[args[i+1]]; ok && strings.EqualFold(args[i], "to") {
			out := append(append([]string{}, args[:i+1]...), "127.0.0.1", itoa(t.port))
			return append(out, args[i+2:]...)
		}
	}
	return args
}

// followFailover brings the harness's topology to what a FAILOVER made
// of it, from INFO: a master that turned replica of its target (it
// connects to the target's own port, no proxy), a replica that a PSYNC
// FAILOVER promoted, and a failing-over master that an abort made a
// master again. It reports a failover still under way (the handshake
// takes a few event-loop turns): settling waits for it.
func (h *Harness) followFailover(infos map[string]map[string]string) string {
	busy := ""
	for _, name := range h.order {
		n, f := h.nodes[name], infos[name]
		if f["master_failover_state"] == "failover-in-progress" {
			busy = name + " is failing over"
		}
		switch {
		case f["role"] == "slave" && n.master == "":
			for _, o := range h.nodes {
				if itoa(o.port) == f["master_port"] {
					n.master, n.direct = o.name, true
				}
			}
		case f["role"] == "master" && n.master != "" && (n.direct || f["master_failover_state"] == "no-failover"):
			if n.proxy != nil {
				n.proxy.close()
				n.proxy = nil
			}
			n.master, n.direct = "", false
		}
	}
	return busy
}

// notePause remembers when a CLIENT PAUSE the server accepted ends
// (pauseClients keeps the furthest end), and that CLIENT UNPAUSE ended it.
func (n *rnode) notePause(args []string, v value, sent time.Time) {
	if len(args) < 2 || !strings.EqualFold(args[0], "client") || v.kind != '+' {
		return
	}
	switch {
	case strings.EqualFold(args[1], "unpause"):
		n.pausedUntil = time.Time{}
	case strings.EqualFold(args[1], "pause") && len(args) >= 3:
		if ms, err := strconv.ParseInt(args[2], 10, 64); err == nil {
			if end := sent.Add(time.Duration(ms) * time.Millisecond); end.After(n.pausedUntil) {
				n.pausedUntil = end
			}
		}
	}
}

// pauseMargin: around a pause's end settling waits, so that no INFO of
// one line is read on both sides of it.
const pauseMargin = 300 * time.Millisecond

// failingOver reports whether n's master refuses syncs now (syncCommand:
// -NOMASTERLINK Can't SYNC while failing over).
func failingOver(mf map[string]string) bool {
	st, ok := mf["master_failover_state"]
	return ok && st != "no-failover"
}

// restart is SHUTDOWN SAVE, then the same binary on the same port and dir.
func (h *Harness) restart(name string) error {
	n, err := h.node(name)
	if err != nil {
		return err
	}
	_, _ = n.client.do(cmdTimeout, "SHUTDOWN", "SAVE")
	done := make(chan error, 1)
	go func() { done <- n.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		return errors.New("redis-server did not exit after SHUTDOWN SAVE")
	}
	n.cmd = nil
	n.client.Close()
	n.poll.Close()
	n.client, n.poll = nil, nil
	n.pausedUntil = time.Time{}
	return h.start(n)
}

// info reads INFO replication and the sync counters of INFO stats, one
// section per command: Redis 6.2 takes one section only (INFO with
// several sections came in 7.0).
func (h *Harness) info(n *rnode) (map[string]string, error) {
	v, err := n.do(n.poll, cmdTimeout, "INFO", "replication")
	if err != nil {
		return nil, err
	}
	f := parseInfo(v.str)
	st, err := n.do(n.poll, cmdTimeout, "INFO", "stats")
	if err != nil {
		return nil, err
	}
	for k, v := range parseInfo(st.str) {
		if k == "sync_full" || k == "sync_partial_ok" || k == "sync_partial_err" {
			f[k] = v
		}
	}
	mem, err := n.do(n.poll, cmdTimeout, "INFO", "memory")
	if err != nil {
		return nil, err
	}
	if v, ok := parseInfo(mem.str)["mem_total_replication_buffers"]; ok {
		f["mem_total_replication_buffers"] = v
	}
	return f, nil
}

// expectedUp says whether a replica's link must come up: its proxy is up
// and its master is a top-level master or a replica expected up. A
// replica of a replica whose own link is down keeps a connection it
// already has (only new syncs are refused), so for it up is allowed but
// not required (maybe).
func (h *Harness) expectedUp(n *rnode, seen map[string]bool) (must, maybe bool) {
	if n.master == "" || (n.proxy == nil && !n.direct) || seen[n.name] || n.proxyDown() {
		return false, false
	}
	m := h.nodes[n.master]
	if m == nil || m == n {
		return false, false
	}
	if m.master == "" {
		return true, true
	}
	seen[n.name] = true
	if up, _ := h.expectedUp(m, seen); up {
		return true, true
	}
	return false, true
}

// settle polls INFO until every link that can be up is up, every replica
// has applied all its master has and its ack has arrived, and every cut
// replica has left its master's list.
func (h *Harness) settle() error {
	deadline := time.Now().Add(settleTimeout)
	for {
		why, err := h.unsettled()
		if err != nil {
			return err
		}
		if why == "" {
			return nil
		}
		if time.Now().After(deadline) {
			return errors.New("not settled after " + settleTimeout.String() + ": " + why)
		}
		if h.holding() {
			time.Sleep(5 * time.Millisecond) // a held sync settles without acks
			continue
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (h *Harness) unsettled() (string, error) {
	infos := map[string]map[string]string{}
	for _, name := range h.order {
		f, err := h.info(h.nodes[name])
		if err != nil {
			return "", err
		}
		infos[name] = f
	}
	if busy := h.followFailover(infos); busy != "" {
		return busy, nil
	}
	// A replica that was promoted or re-pointed leaves its old master's
	// list once that master has read the closed connection.
	for _, name := range h.order {
		seen := map[string]bool{}
		for k, v := range infos[name] {
			if !strings.HasPrefix(k, "slave") || !strings.HasPrefix(v, "ip=") {
				continue
			}
			port := slaveLine(v)["port"]
			// A restarted replica's old connection is listed until its
			// master reads the close.
			if seen[port] {
				return name + " lists port " + port + " twice", nil
			}
			seen[port] = true
			for _, o := range h.nodes {
				if itoa(o.port) == port && o.master != name {
					return name + " still lists " + o.name + ", which replicates another node now", nil
				}
			}
		}
	}
	for _, name := range h.order {
		n := h.nodes[name]
		if n.master == "" {
			continue
		}
		if why, handled, err := h.heldSettled(n, infos); err != nil {
			return "", err
		} else if handled {
			if why != "" {
				return why, nil
			}
			continue
		}
		f, mf := infos[name], infos[n.master]
		listed, state, off := h.listed(mf, n)
		if twice(mf, n.port) {
			// A killed connection not freed yet beside the new one
			// (CLIENT KILL, then PSYNC): which line INFO prints first is
			// luck, so wait until only one is left.
			return n.master + " lists " + name + " twice", nil
		}
		must, maybe := h.expectedUp(n, map[string]bool{})
		if failingOver(mf) && f["master_link_status"] != "up" {
			// Its master refuses syncs while failing over.
			if listed {
				return n.master + " still lists " + name, nil
			}
			continue
		}
		// A replica whose master is itself a replica with its link up
		// (it stayed connected while a link above it was cut) can sync.
		if maybe && !must && !n.proxyDown() && mf["master_link_status"] == "up" {
			must = true
		}
		if !must && !(maybe && f["master_link_status"] == "up") {
			if !maybe && f["master_link_status"] == "up" {
				return name + "'s link is still up", nil
			}
			if listed && state == "online" && n.proxyDown() {
				return n.master + " still lists " + name, nil
			}
			continue
		}
		if left := time.Until(n.pausedUntil); left > -pauseMargin && left < pauseMargin {
			return name + "'s CLIENT PAUSE is ending", nil
		} else if left > 0 {
			// Paused: its master's stream is read, not applied, and it acks
			// what it applied before the pause.
			switch {
			case f["master_link_status"] != "up":
				return name + "'s link is not up yet", nil
			case hasField(f, "slave_read_repl_offset") && f["slave_read_repl_offset"] != mf["master_repl_offset"]: // 7.0+
				return fmt.Sprintf("paused %s read %s of %s's %s", name, f["slave_read_repl_offset"], n.master, mf["master_repl_offset"]), nil
			case !listed || state != "online":
				return fmt.Sprintf("%s does not list %s online yet", n.master, name), nil
			case off != f["slave_repl_offset"] && !h.noAck:
				return fmt.Sprintf("%s's ack (%s) has not reached %s (%s)", name, f["slave_repl_offset"], n.master, off), nil
			}
			continue
		}
		switch {
		case f["master_link_status"] != "up":
			return name + "'s link is not up yet", nil
		case f["slave_repl_offset"] != mf["master_repl_offset"]:
			return fmt.Sprintf("%s applied %s of %s's %s", name, f["slave_repl_offset"], n.master, mf["master_repl_offset"]), nil
		case hasField(f, "slave_read_repl_offset") && f["slave_read_repl_offset"] != f["slave_repl_offset"]: // 7.0+
			return name + " has read more than it applied", nil
		case !listed || state != "online":
			return fmt.Sprintf("%s does not list %s online yet", n.master, name), nil
		case off != f["slave_repl_offset"] && !h.noAck:
			return fmt.Sprintf("%s's ack (%s) has not reached %s (%s)", name, f["slave_repl_offset"], n.master, off), nil
		}
	}
	return "", nil
}

func hasField(f map[string]string, k string) bool { _, ok := f[k]; return ok }

func (n *rnode) proxyDown() bool {
	if n.direct {
		return false
	}
	if n.proxy == nil {
		return true
	}
	n.proxy.mu.Lock()
	defer n.proxy.mu.Unlock()
	return !n.proxy.up
}

// listed finds replica n in its master's INFO (by its listening port).
func (h *Harness) listed(mf map[string]string, n *rnode) (bool, string, string) {
	for k, v := range mf {
		if !strings.HasPrefix(k, "slave") || !strings.HasPrefix(v, "ip=") {
			continue
		}
		s := slaveLine(v)
		if s["port"] == itoa(n.port) {
			return true, s["state"], s["offset"]
		}
	}
	return false, "", ""
}

// twice reports whether a master's INFO lists two replicas on one port.
func twice(mf map[string]string, port int) bool {
	n := 0
	for k, v := range mf {
		if strings.HasPrefix(k, "slave") && strings.HasPrefix(v, "ip=") && slaveLine(v)["port"] == itoa(port) {
			n++
		}
	}
	return n > 1
}

// timingFields change with wall-clock time; the report leaves them out.
var timingFields = map[string]bool{
	"master_host": true, "master_port": true, "master_last_io_seconds_ago": true,
	"master_link_down_since_seconds": true, "master_sync_total_bytes": true,
	"master_sync_read_bytes": true, "master_sync_left_bytes": true,
	"master_sync_perc": true, "master_sync_last_io_seconds_ago": true,
}

func (h *Harness) report() (map[string]*report.Node, error) {
	byPort := map[string]string{}
	for name, n := range h.nodes {
		byPort[itoa(n.port)] = name
	}
	out := map[string]*report.Node{}
	for _, name := range h.order {
		f, err := h.info(h.nodes[name])
		if err != nil {
			return nil, err
		}
		rn := &report.Node{Fields: map[string]string{}, Replicas: map[string]report.Replica{}}
		keys := make([]string, 0, len(f))
		for k := range f {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v := f[k]
			if strings.HasPrefix(k, "slave") && strings.HasPrefix(v, "ip=") {
				s := slaveLine(v)
				who := byPort[s["port"]]
				if who == "" {
					who = "port " + s["port"]
				}
				rn.Replicas[who] = report.Replica{State: s["state"], Offset: s["offset"]}
				continue
			}
			if !timingFields[k] {
				rn.Fields[k] = v
			}
		}
		out[name] = rn
	}
	// A held or stalled replica's entry carries its master's CLIENT LIST
	// figures (contract 1.1).
	for _, name := range h.order {
		n := h.nodes[name]
		if n.master == "" || n.proxy == nil || out[n.master] == nil {
			continue
		}
		port, _, held, stalled, _ := n.proxy.current()
		if !held && !stalled {
			continue
		}
		cl, err := h.clientList(h.nodes[n.master])
		if err != nil {
			return nil, err
		}
		c, ok := cl[port]
		r, listed := out[n.master].Replicas[name]
		if ok && listed {
			r.Omem, r.Oll = c["omem"], c["oll"]
			out[n.master].Replicas[name] = r
		}
	}
	return out, nil
}

func itoa(i int) string { return strconv.Itoa(i) }

// holding reports whether some replica's sync is held now or its link
// stalled (a hold that waits for the next full sync does not count: an
// online replica settles by its acks).
func (h *Harness) holding() bool {
	for _, n := range h.nodes {
		if n.stall {
			return true
		}
		if n.hold && n.proxy != nil {
			if _, _, held, _, _ := n.proxy.current(); held {
				return true
			}
		}
	}
	return false
}

// proxyErr is what a proxy found wrong (a stalled link over its cap).
func (h *Harness) proxyErr() error {
	for _, name := range h.order {
		if p := h.nodes[name].proxy; p != nil {
			if _, _, _, _, e := p.current(); e != "" {
				return fmt.Errorf("link %s: %s", name, e)
			}
		}
	}
	return nil
}

// clientList reads CLIENT LIST TYPE replica, keyed by the client's port.
func (h *Harness) clientList(n *rnode) (map[string]map[string]string, error) {
	v, err := n.do(n.poll, cmdTimeout, "CLIENT", "LIST", "TYPE", "replica")
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(v.str), "\n") {
		f := map[string]string{}
		for _, kv := range strings.Fields(line) {
			if k, val, ok := strings.Cut(kv, "="); ok {
				f[k] = val
			}
		}
		if a := f["addr"]; a != "" {
			out[a[strings.LastIndexByte(a, ':')+1:]] = f
		}
	}
	return out, nil
}

// heldSettled settles a replica whose sync is held or whose link is
// stalled, as the contract says: a held R is settled when its master
// lists it (on the proxy's current connection, online) and its output
// buffer is the same at two polls in a row; a stalled R when, besides,
// its ack of its frozen offset has reached its master. done is false for
// a replica that is neither (the usual rules apply).
func (h *Harness) heldSettled(n *rnode, infos map[string]map[string]string) (why string, handled bool, err error) {
	if n.proxy == nil || n.proxyDown() {
		return "", false, nil
	}
	port, open, held, stalled, _ := n.proxy.current()
	if !n.hold && !stalled {
		return "", false, nil
	}
	f, mf := infos[n.name], infos[n.master]
	if n.hold && !held && !stalled {
		// Hold is on: a sync in progress must reach +FULLRESYNC first; a
		// replica that is already streaming settles as usual.
		if must, _ := h.expectedUp(n, map[string]bool{}); f["master_link_status"] == "up" || !must {
			return "", false, nil // streaming, or unable to sync yet (its master's link is down)
		}
		return n.name + "'s held sync has not reached +FULLRESYNC yet", true, nil
	}
	if !open {
		return n.name + " is reconnecting", true, nil
	}
	cl, err := h.clientList(h.nodes[n.master])
	if err != nil {
		return "", true, err
	}
	c, ok := cl[port]
	if !ok {
		return n.master + " does not list " + n.name + "'s connection yet", true, nil
	}
	listed, state, off := h.listed(mf, n)
	if !listed || state != "online" {
		return fmt.Sprintf("%s lists %s as %q", n.master, n.name, state), true, nil
	}
	if stalled && !held {
		if f["master_link_status"] != "up" || off != f["slave_repl_offset"] || f["slave_read_repl_offset"] != f["slave_repl_offset"] {
			return n.name + "'s stalled link: its ack has not settled", true, nil
		}
		// The master has written everything into the link (the proxy
		// reads it all) once its reference is on the tail block: a busy
		// machine can leave it a block behind for a while.
		if oll, _ := strconv.Atoi(c["oll"]); oll > 1 {
			return fmt.Sprintf("%s has not written everything into %s's stalled link yet (oll=%d)", n.master, n.name, oll), true, nil
		}
	}
	key := n.name + "@" + port
	fig := c["omem"] + "/" + c["oll"] + "/" + mf["master_repl_offset"]
	if h.omem == nil {
		h.omem = map[string]string{}
	}
	if h.omem[key] != fig {
		h.omem[key] = fig
		return n.name + "'s output buffer is still changing", true, nil
	}
	return "", true, nil
}
