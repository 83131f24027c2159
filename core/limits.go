package core

import (
	"strconv"
	"strings"

	"replscope/core/scenario"
)

// A scenario's cost is bounded and checked before anything runs, from its
// lines alone: a `repeat` times its payload, a backlog at its configured
// size, an `advance` at one cron tick per second per server. A scenario
// over a limit is refused with FILE:LINE:COL and the limit, so that no
// input can exhaust memory (which Go cannot recover from: a native fatal
// error, a dead browser tab). The estimates are upper bounds: what the
// servers could hold if every byte written were kept on every node.

// Limits are the most a scenario may cost.
type Limits struct {
	Name          string // where these apply ("replsim", "the page")
	StreamBytes   int64  // bytes of replication stream the masters may produce
	KeyspaceBytes int64  // bytes the servers may hold: written arguments on every node, and every backlog at its size
	Events        int64  // events the run may emit
	Nodes         int    // servers
	AdvanceTicks  int64  // cron ticks one `advance` may fire (a second per server)
}

// NativeLimits apply to replsim and the conformance suite.
var NativeLimits = Limits{Name: "replsim", StreamBytes: 8 << 30, KeyspaceBytes: 4 << 30, Events: 400_000_000, Nodes: 32, AdvanceTicks: 200_000}

// PageLimits apply in the browser, where a WebAssembly program has 4 GiB
// at most and a tab much less to be comfortable.
var PageLimits = Limits{Name: "the page", StreamBytes: 1 << 30, KeyspaceBytes: 512 << 20, Events: 40_000_000, Nodes: 16, AdvanceTicks: 100_000}

// Cost is what a scenario is estimated to use.
type Cost struct {
	StreamBytes, KeyspaceBytes, Events int64
	Nodes                              int
	Writes                             int64 // write commands run (an upper bound on keys made)
}

// costModel walks the lines once, tracking what it must to bound the rest:
// the nodes, who is a master, the backlog size each node is set to.
type costModel struct {
	lim      Limits
	file     string
	cost     Cost
	isMaster map[string]bool  // known roles (absent: unknown)
	backlog  map[string]int64 // configured repl-backlog-size
	diskOff  *scenario.Line   // a line that turned repl-diskless-sync off
	stalled  map[string]bool  // replicas whose link is stalled
	stallAt  *scenario.Line   // the line that stalled the first of them
	stallIn  int64            // stream bytes written since (an upper bound)
	defBack  int64            // the version's default repl-backlog-size
}

// perEntry is what holding one key costs beyond its bytes (dict entry,
// object header), so that a million tiny keys count too.
const perEntry = 96

func newCostModel(file string, lim Limits, version string) *costModel {
	def := int64(defaultReplBacklogCap)
	if v := VersionFor(version); v != nil {
		def = v.defaultConfig().backlogSize
	}
	return &costModel{lim: lim, file: file, isMaster: map[string]bool{}, backlog: map[string]int64{}, stalled: map[string]bool{}, defBack: def}
}

// CheckScript returns the first line that would take the scenario over a
// limit, or make a line impossible, as a *scenario.Error; nil if it can run.
func CheckScript(s *scenario.Script, lim Limits) error {
	_, err := CheckCost(s, lim)
	return err
}

// CheckCost is CheckScript that also returns the scenario's estimated cost,
// so that a run that checks and then sizes its servers walks the lines once.
func CheckCost(s *scenario.Script, lim Limits) (Cost, error) {
	m := newCostModel(s.Name, lim, s.Version)
	for i := range s.Lines {
		if err := m.line(&s.Lines[i]); err != nil {
			return m.cost, err
		}
	}
	return m.cost, nil
}

// Cost estimates a scenario's cost (for the README's and a page's figures).
func EstimateCost(s *scenario.Script) Cost {
	m := newCostModel(s.Name, Limits{StreamBytes: 1 << 62, KeyspaceBytes: 1 << 62, Events: 1 << 62, Nodes: 1 << 30, AdvanceTicks: 1 << 62}, s.Version)
	for i := range s.Lines {
		_ = m.line(&s.Lines[i])
	}
	return m.cost
}

// col is the column of word i of a line (1 when it cannot be found).
func col(l *scenario.Line, i int) int {
	if c := scenario.WordCol(l.Text, i); c > 0 {
		return c
	}
	return 1
}

func (m *costModel) errAt(l *scenario.Line, word int, msg string) error {
	return &scenario.Error{File: m.file, Line: l.Num, Col: col(l, word), Msg: msg}
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return strconv.FormatInt(n>>30, 10) + " GiB"
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// over reports the first limit the running cost has passed.
func (m *costModel) over(l *scenario.Line, word int, what string) error {
	c, lim := m.cost, m.lim
	switch {
	case c.StreamBytes > lim.StreamBytes:
		return m.errAt(l, word, what+" takes the replication stream to about "+strconv.FormatInt(c.StreamBytes, 10)+" bytes; the limit in "+lim.Name+" is "+sizeText(lim.StreamBytes))
	case c.KeyspaceBytes > lim.KeyspaceBytes:
		return m.errAt(l, word, what+" takes what the servers hold (keys on every node, backlogs at their size) to about "+strconv.FormatInt(c.KeyspaceBytes, 10)+" bytes; the limit in "+lim.Name+" is "+sizeText(lim.KeyspaceBytes))
	case c.Events > lim.Events:
		return m.errAt(l, word, what+" takes the run to about "+strconv.FormatInt(c.Events, 10)+" events; the limit in "+lim.Name+" is "+strconv.FormatInt(lim.Events, 10))
	}
	return nil
}

// backlogBytes is what node n's backlog may hold: its size and a block.
func (m *costModel) backlogBytes(n string) int64 {
	size := m.backlog[n]
	return size + max(size/16, protoReplyChunkBytes)
}

func (m *costModel) line(l *scenario.Line) error {
	nodes := int64(max(m.cost.Nodes, 1))
	switch l.Kind {
	case scenario.Node:
		m.cost.Nodes++
		if m.cost.Nodes > m.lim.Nodes {
			return m.errAt(l, 1, "a scenario has at most "+strconv.Itoa(m.lim.Nodes)+" nodes in "+m.lim.Name)
		}
		m.isMaster[l.Node] = l.Master == ""
		m.backlog[l.Node] = m.defBack
		m.cost.KeyspaceBytes += m.backlogBytes(l.Node)
		m.cost.Events += 40
	case scenario.Config:
		if err := m.config(l, l.Node, l.Param, l.Value, 3); err != nil {
			return err
		}
		m.cost.Events += 4
	case scenario.Link:
		if m.isMaster[l.Node] {
			return m.errAt(l, 1, "link "+l.Node+": "+l.Node+" is a master at this line, it has no link to its master to cut; `link` takes a replica")
		}
		m.cost.Events += 10 * nodes
	case scenario.Hold, scenario.Stall:
		verb := "sync"
		if l.Kind == scenario.Stall {
			verb = "link"
		}
		if l.Kind == scenario.Stall && m.isMaster[l.Node] {
			return m.errAt(l, 1, verb+" "+l.Node+": "+l.Node+" is a master at this line; `"+verb+"` takes a replica")
		}
		if m.diskOff != nil {
			return m.errAt(l, 0, "`"+l.Text+"` needs repl-diskless-sync yes (a full sync over the socket), but line "+strconv.Itoa(m.diskOff.Num)+" turned it off")
		}
		if l.Kind == scenario.Stall {
			if l.Up {
				delete(m.stalled, l.Node)
				if len(m.stalled) == 0 {
					m.stallAt, m.stallIn = nil, 0
				}
			} else if !m.stalled[l.Node] {
				m.stalled[l.Node] = true
				if m.stallAt == nil {
					m.stallAt, m.stallIn = l, 0
				}
			}
		}
		m.cost.Events += 10 * nodes
	case scenario.Restart:
		m.cost.Events += 40 * nodes
	case scenario.Advance:
		ticks := (l.Millis/1000 + 1) * nodes
		if ticks > m.lim.AdvanceTicks {
			return m.errAt(l, 1, "advance "+fmtMillis(l.Millis)+" fires about "+strconv.FormatInt(ticks, 10)+" cron ticks (one a second on each of "+strconv.FormatInt(nodes, 10)+" servers); the limit in "+m.lim.Name+" is "+strconv.FormatInt(m.lim.AdvanceTicks, 10))
		}
		m.cost.Events += ticks * 4
	case scenario.Command:
		if err := m.command(l, l.Node, l.Args, 1, 1); err != nil {
			return err
		}
	case scenario.Repeat:
		if err := m.command(l, l.Node, l.Args, int64(l.Count), 3); err != nil {
			return err
		}
	default:
		m.cost.Events++
	}
	return m.over(l, 0, "this line")
}

// config tracks the settings that change what a node may hold.
func (m *costModel) config(l *scenario.Line, node, param, value string, word int) error {
	if strings.EqualFold(param, "repl-diskless-sync") {
		if strings.EqualFold(value, "no") {
			m.diskOff = l
		}
		return nil
	}
	if strings.EqualFold(param, "repl-backlog-size") {
		v, ok := ParseMemory(value)
		if !ok {
			return nil // CONFIG SET refuses it when it runs
		}
		v = max(v, replBacklogMinSize)
		m.cost.KeyspaceBytes -= m.backlogBytes(node)
		m.backlog[node] = max(m.backlog[node], v)
		m.cost.KeyspaceBytes += m.backlogBytes(node)
		return m.over(l, word, "a "+sizeText(v)+" backlog")
	}
	return nil
}

// command adds count runs of a command (a repeat's arguments at their
// largest expansion).
func (m *costModel) command(l *scenario.Line, node string, args []string, count int64, firstWord int) error {
	nodes := int64(max(m.cost.Nodes, 1))
	// The table's own lower-case name: a million-line scenario is checked
	// line by line before it runs, so no per-line copies here.
	cmd := findCommand(args[0])
	var name string
	if cmd != nil {
		name = cmd.name
	} else {
		name = strings.ToLower(args[0])
	}
	var argBytes, written int64
	for _, a := range args[1:] {
		argBytes += scenario.ExpandedLen(a, int(count))
		written += int64(len(a))
	}
	stream := CommandLen(args) + argBytes - written + 64 // SELECT, MULTI/EXEC around it
	m.cost.StreamBytes += stream * count
	if m.stallAt != nil && (cmd == nil || cmd.flags&flagWrite != 0) {
		// What a stalled link may be sent: every write's bytes (and a
		// SELECT), an upper bound on its master's share.
		m.stallIn += (stream - 64 + 25) * count
		if m.stallIn > StallCap {
			return m.errAt(l, firstWord, "this line sends about "+strconv.FormatInt(m.stallIn, 10)+" bytes into the link stalled at line "+strconv.Itoa(m.stallAt.Num)+"; a stalled link may be sent at most 1 MiB (a real server's kernel buffers would absorb an unknown amount)")
		}
	}
	if cmd == nil || cmd.flags&flagWrite != 0 {
		// Every node may keep what a write writes.
		m.cost.KeyspaceBytes += (argBytes + perEntry) * count * nodes
		m.cost.Writes += count
	}
	m.cost.Events += (6 + 8*(nodes-1)) * count
	if i, ms, ok := blockingTimeoutArg(name, args); ok && count == 1 && ms > 0 {
		// On empty keys the client waits its timeout in virtual time, as
		// an advance does (blocked.go); repeat iterations do not wait.
		ticks := (ms/1000 + 1) * nodes
		if ticks > m.lim.AdvanceTicks {
			return m.errAt(l, firstWord+i, strings.ToUpper(name)+"'s timeout "+fmtMillis(ms)+" is waited in virtual time when its keys are empty, firing about "+strconv.FormatInt(ticks, 10)+" cron ticks (one a second on each of "+strconv.FormatInt(nodes, 10)+" servers); the limit in "+m.lim.Name+" is "+strconv.FormatInt(m.lim.AdvanceTicks, 10))
		}
		m.cost.Events += ticks * 4
	}
	switch name {
	case "replicaof", "slaveof":
		switch {
		case len(args) == 3 && strings.EqualFold(args[1], "no") && strings.EqualFold(args[2], "one"):
			m.isMaster[node] = true
		case len(args) == 2:
			m.isMaster[node] = false
		default:
			delete(m.isMaster, node) // host and port: not worth resolving here
		}
	case "failover":
		// Which node ends up master of which is known once it has run.
		clear(m.isMaster)
	case "debug":
		if len(args) >= 3 && strings.EqualFold(args[1], "populate") {
			n, _ := strconv.ParseInt(args[2], 10, 64)
			var size int64 = 16
			if len(args) > 4 {
				size, _ = strconv.ParseInt(args[4], 10, 64)
			}
			m.cost.KeyspaceBytes += max(n, 0) * (max(size, 16) + perEntry) * count
		}
	case "config":
		for j := 2; len(args) > j+1 && strings.EqualFold(args[1], "set"); j += 2 {
			if err := m.config(l, node, args[j], args[j+1], firstWord+j); err != nil {
				return err
			}
		}
	}
	return m.over(l, firstWord, "this line")
}

// blockingTimeoutArg finds a blocking command's timeout: its argument
// index and milliseconds (seconds as a double for the list and sorted-set
// commands, BLOCK's milliseconds for XREAD and XREADGROUP).
func blockingTimeoutArg(name string, args []string) (i int, ms int64, ok bool) {
	seconds := func(i int) (int, int64, bool) {
		if i <= 0 || i >= len(args) {
			return 0, 0, false
		}
		v, err := strconv.ParseFloat(args[i], 64)
		if err != nil || v < 0 || v > 1e12 {
			return 0, 0, false
		}
		return i, int64(v * 1000), true
	}
	switch name {
	case "blpop", "brpop", "brpoplpush", "blmove", "bzpopmin", "bzpopmax":
		return seconds(len(args) - 1)
	case "blmpop", "bzmpop":
		return seconds(1)
	case "xread", "xreadgroup":
		for j := 1; j+1 < len(args); j++ {
			if strings.EqualFold(args[j], "streams") {
				break
			}
			if strings.EqualFold(args[j], "block") {
				v, err := strconv.ParseInt(args[j+1], 10, 64)
				if err != nil || v < 0 {
					return 0, 0, false
				}
				return j + 1, v, true
			}
		}
	}
	return 0, 0, false
}
