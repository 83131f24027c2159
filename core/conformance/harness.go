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
	"time"

	"replscope/core/report"
	"replscope/core/scenario"
)

// errPortTaken: the port freePort chose was taken before the server bound it.
var errPortTaken = errors.New("the port was taken by another server")

// Timeouts: settling waits for acks, which replicas send once a second.
const (
	settleTimeout = 15 * time.Second
	cmdTimeout    = 10 * time.Second
	firstCron     = 1100 * time.Millisecond
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

// Harness is one play of one scenario: its servers, proxies and clients.
type Harness struct {
	bin   string
	dir   string
	nodes map[string]*rnode
	order []string
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
}

// FindRedisServer returns redis-server's path (given, or on PATH).
func FindRedisServer(given string) (string, error) {
	if given != "" {
		return given, nil
	}
	return exec.LookPath("redis-server")
}

// New prepares a harness; servers start as the scenario declares them.
func New(bin string) (*Harness, error) {
	dir, err := os.MkdirTemp("", "replscope-conformance-")
	if err != nil {
		return nil, err
	}
	return &Harness{bin: bin, dir: dir, nodes: map[string]*rnode{}}, nil
}

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

func freePort() (int, error) {
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
	for _, kv := range n.config {
		args = append(args, "--"+kv[0], kv[1])
	}
	if n.master != "" && n.proxy != nil {
		args = append(args, "--replicaof", "127.0.0.1", itoa(n.proxy.port()))
	}
	cmd := exec.Command(h.bin, args...)
	prepare(cmd)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start redis-server for %s: %w", n.name, err)
	}
	n.cmd = cmd
	n.started = time.Now()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := dial(n.port, time.Second)
		if err == nil {
			v, err := c.do(time.Second, "PING")
			if err == nil && v.kind == '+' {
				// Another scenario's server may have taken the port
				// between freePort and this server's bind: ours has our dir.
				d, err := c.do(time.Second, "CONFIG", "GET", "dir")
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
	p, err := dial(n.port, time.Second)
	if err != nil {
		return err
	}
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
func (h *Harness) Play(s *scenario.Script) (*report.Run, error) {
	run := &report.Run{Scenario: s.Name}
	for i := range s.Lines {
		l := &s.Lines[i]
		if !l.Runs() {
			continue
		}
		reply, err := h.step(l)
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
		if l.Kind == scenario.Expect {
			got := nodes[l.Node].Fields[l.Param]
			if got != l.Value {
				return run, fmt.Errorf("%s:%d: expect %s %s %s: real redis-server says %q", s.Name, l.Num, l.Node, l.Param, l.Value, got)
			}
		}
		run.Steps = append(run.Steps, report.Step{Line: l.Num, Text: l.Text, Reply: reply, Nodes: nodes})
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
		v, err := n.client.do(cmdTimeout, args...)
		if err != nil {
			return "", err
		}
		return v.String(), nil
	case scenario.Repeat:
		n, err := h.node(l.Node)
		if err != nil {
			return "", err
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
		for i := 0; i < l.Count; i++ {
			if last, err = n.client.read(); err != nil {
				return "", err
			}
		}
		return last.String(), nil
	case scenario.Link:
		n, err := h.node(l.Node)
		if err != nil {
			return "", err
		}
		if n.proxy == nil || n.master == "" {
			return "", fmt.Errorf("%s is not a replica", n.name)
		}
		n.proxy.setUp(l.Up)
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

// link points a replica at master through a new proxy.
func (h *Harness) link(n *rnode, master string) error {
	m, err := h.node(master)
	if err != nil {
		return err
	}
	up := true
	if n.proxy != nil {
		n.proxy.mu.Lock()
		up = n.proxy.up
		n.proxy.mu.Unlock()
		n.proxy.close()
	}
	p, err := newProxy(m.port)
	if err != nil {
		return err
	}
	p.setUp(up)
	p.hold(m.started.Add(firstCron))
	n.proxy, n.master = p, master
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
		n.master = ""
		if n.proxy != nil {
			n.proxy.close()
			n.proxy = nil
		}
		return args, nil
	}
	if len(args) == 2 {
		if _, ok := h.nodes[args[1]]; ok {
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
	return h.start(n)
}

func (h *Harness) info(n *rnode) (map[string]string, error) {
	v, err := n.poll.do(cmdTimeout, "INFO", "replication")
	if err != nil {
		return nil, err
	}
	f := parseInfo(v.str)
	st, err := n.poll.do(cmdTimeout, "INFO", "stats")
	if err != nil {
		return nil, err
	}
	for k, v := range parseInfo(st.str) {
		if k == "sync_full" || k == "sync_partial_ok" || k == "sync_partial_err" {
			f[k] = v
		}
	}
	return f, nil
}

// expectedUp says whether a replica's link must come up: its proxy is up
// and its master is a top-level master or a replica expected up. A
// replica of a replica whose own link is down keeps a connection it
// already has (only new syncs are refused), so for it up is allowed but
// not required (maybe).
func (h *Harness) expectedUp(n *rnode, seen map[string]bool) (must, maybe bool) {
	if n.master == "" || n.proxy == nil || seen[n.name] || n.proxyDown() {
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
		f, mf := infos[name], infos[n.master]
		listed, state, off := h.listed(mf, n)
		must, maybe := h.expectedUp(n, map[string]bool{})
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
		switch {
		case f["master_link_status"] != "up":
			return name + "'s link is not up yet", nil
		case f["slave_repl_offset"] != mf["master_repl_offset"]:
			return fmt.Sprintf("%s applied %s of %s's %s", name, f["slave_repl_offset"], n.master, mf["master_repl_offset"]), nil
		case f["slave_read_repl_offset"] != f["slave_repl_offset"]:
			return name + " has read more than it applied", nil
		case !listed || state != "online":
			return fmt.Sprintf("%s does not list %s online yet", n.master, name), nil
		case off != f["slave_repl_offset"]:
			return fmt.Sprintf("%s's ack (%s) has not reached %s (%s)", name, f["slave_repl_offset"], n.master, off), nil
		}
	}
	return "", nil
}

func (n *rnode) proxyDown() bool {
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
	return out, nil
}

func itoa(i int) string { return strconv.Itoa(i) }
