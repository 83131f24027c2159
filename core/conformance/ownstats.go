package conformance

import (
	"maps"
	"strconv"
	"strings"
	"time"
)

// The harness sends commands of its own to every server: PING, CONFIG GET
// dir and INFO server when it starts one, INFO replication, stats and
// memory and CLIENT LIST TYPE replica while it settles, LATENCY HISTOGRAM
// to read what latencystats lists. A real server counts them in INFO
// commandstats, errorstats and latencystats and in LATENCY HISTOGRAM like
// the scenario's own, and in INFO stats's total_commands_processed,
// total_error_replies and, with the connections the harness opens (the
// scenario's client among them: the model's connections are those of
// other servers), total_connections_received: ownStats tallies them per
// process, and the scenario's replies to those commands are given with
// them taken out, so that what is recorded is the scenario's alone, as
// the core counts it. INFO's text inside EXEC's reply or a script's
// loses them too.

// ownStats is what the harness sent one server process since it started
// or since the scenario's last CONFIG RESETSTAT there.
type ownStats struct {
	// containers: the server counts a subcommand under its container
	// (6.2 has no per-subcommand stats: cmdstat_config)
	containers bool
	calls      map[string]int64 // command full name → calls
	rejected   map[string]int64 // refused before call() (a LOADING PING)
	errors     map[string]int64 // error code → count
	conns      int64            // connections opened to the process
}

func newOwnStats(version string) *ownStats {
	return &ownStats{containers: version == "redis-6.2", calls: map[string]int64{}, rejected: map[string]int64{}, errors: map[string]int64{}}
}

// name is the command's name as this server's commandstats writes it.
func (o *ownStats) name(args []string) string {
	if o.containers {
		return strings.ToLower(args[0])
	}
	return fullName(args)
}

func (o *ownStats) copy() *ownStats {
	if o == nil {
		return nil
	}
	// newOwnStats made the maps, so their clones are never nil.
	return &ownStats{containers: o.containers, calls: maps.Clone(o.calls), rejected: maps.Clone(o.rejected), errors: maps.Clone(o.errors), conns: o.conns}
}

// fullName is the command's name as commandstats writes it: a container's
// subcommand as "config|get".
func fullName(args []string) string {
	name := strings.ToLower(args[0])
	switch name {
	case "config", "client", "latency":
		if len(args) > 1 {
			return name + "|" + strings.ToLower(args[1])
		}
	}
	return name
}

// errorCode is afterErrorReply's key: the first word of the error.
func errorCode(msg string) string {
	if i := strings.IndexByte(msg, ' '); i >= 0 && i+1 < 32 {
		return msg[:i]
	}
	return "ERR"
}

// do sends one of the harness's own commands to n's process on c and
// tallies it: a call, or an error reply refused before call() (the only
// errors these commands meet are processCommand's, such as LOADING).
func (n *rnode) do(c *conn, timeout time.Duration, args ...string) (value, error) {
	v, err := c.do(timeout, args...)
	if err != nil {
		return v, err
	}
	if n.own == nil {
		n.own = newOwnStats("")
	}
	name := n.own.name(args)
	if v.kind == '-' {
		n.own.rejected[name]++
		n.own.errors[errorCode(v.str)]++
	} else {
		n.own.calls[name]++
	}
	return v, nil
}

// ownTaken is the scenario's reply to args with the harness's commands
// taken out: own is the tally as the command was sent. INFO's
// connected_clients loses the polling connection; its
// commandstats and errorstats lose the harness's calls and errors (a line
// left with none goes); a latencystats line of a command the harness
// sends stays only if the scenario called it too, which LATENCY
// HISTOGRAM (asked on the polling connection) tells. LATENCY HISTOGRAM's
// calls lose the harness's.
func (h *Harness) ownTaken(n *rnode, args []string, own *ownStats, v value) value {
	if own == nil || len(args) == 0 || v.kind == '-' {
		return v
	}
	switch fullName(args) {
	case "exec", "eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro":
		return ownTakenNested(v, own)
	case "info":
		if v.kind != '$' && v.kind != '=' {
			return v
		}
		var hist map[string]int64
		if strings.Contains(v.str, "# Latencystats\r\n") {
			hist = n.histogramCalls(own)
		}
		v.str = ownTakenInfo(v.str, own, hist)
	case "latency|histogram":
		if v.kind != '*' && v.kind != '%' || len(v.array)%2 != 0 {
			return v
		}
		var kept []value
		for i := 0; i+1 < len(v.array); i += 2 {
			name, body := v.array[i].str, v.array[i+1]
			calls := int64(-1)
			for j := 0; j+1 < len(body.array); j += 2 {
				if body.array[j].str == "calls" {
					body.array[j+1].int -= own.calls[name]
					calls = body.array[j+1].int
				}
			}
			if calls == 0 {
				continue // the harness's calls alone
			}
			kept = append(kept, v.array[i], body)
		}
		v.array = kept
		if v.array == nil {
			v.array = []value{}
		}
	}
	return v
}

// ownTakenNested is EXEC's or a script's reply with the harness's figures
// taken out of every INFO text in it (a queued INFO, redis.call('info')).
// Its latencystats lines of the harness's commands go: no histogram is
// read for them.
func ownTakenNested(v value, own *ownStats) value {
	switch v.kind {
	case '$', '=':
		if strings.HasPrefix(v.str, "# ") {
			v.str = ownTakenInfo(v.str, own, nil)
		}
	case '*', '%', '~':
		arr := make([]value, len(v.array))
		for i, e := range v.array {
			arr[i] = ownTakenNested(e, own)
		}
		v.array = arr
	}
	return v
}

// totals is the harness's calls and errors, as INFO stats counts them.
func (o *ownStats) totals() (calls, errors int64) {
	for _, n := range o.calls {
		calls += n
	}
	for _, n := range o.errors {
		errors += n
	}
	return calls, errors
}

// histogramCalls reads LATENCY HISTOGRAM of the commands the harness
// sent: how many calls each has had, the scenario's and the harness's.
func (n *rnode) histogramCalls(own *ownStats) map[string]int64 {
	args := []string{"LATENCY", "HISTOGRAM"}
	for name := range own.calls {
		args = append(args, name)
	}
	v, err := n.do(n.poll, cmdTimeout, args...)
	out := map[string]int64{}
	if err != nil || len(v.array)%2 != 0 {
		return out
	}
	for i := 0; i+1 < len(v.array); i += 2 {
		body := v.array[i+1]
		for j := 0; j+1 < len(body.array); j += 2 {
			if body.array[j].str == "calls" {
				out[v.array[i].str] = body.array[j+1].int
			}
		}
	}
	return out
}

// ownTakenInfo is INFO's text less the harness's figures. hist holds the
// histogram calls read after the scenario's INFO ran (so its own call is
// among them).
func ownTakenInfo(text string, own *ownStats, hist map[string]int64) string {
	lines := strings.Split(text, "\r\n")
	out := lines[:0]
	section := ""
	for _, l := range lines {
		if strings.HasPrefix(l, "# ") {
			section = strings.ToLower(strings.TrimPrefix(l, "# "))
			out = append(out, l)
			continue
		}
		name, fields, ok := strings.Cut(l, ":")
		if !ok {
			out = append(out, l)
			continue
		}
		switch section {
		case "clients", "stats":
			var mine int64
			switch name {
			case "connected_clients":
				mine = 1 // the harness's polling connection is a normal client
			case "total_commands_processed":
				mine, _ = own.totals()
			case "total_error_replies":
				_, mine = own.totals()
			case "total_connections_received":
				mine = own.conns
			}
			if n, err := strconv.ParseInt(fields, 10, 64); mine != 0 && err == nil {
				l = name + ":" + strconv.FormatInt(n-mine, 10)
			}
		case "commandstats":
			cmd := strings.TrimPrefix(name, "cmdstat_")
			if own.calls[cmd] == 0 && own.rejected[cmd] == 0 {
				break
			}
			parts := strings.Split(fields, ",")
			var calls, rejected, failed int64
			for i, p := range parts {
				k, val, _ := strings.Cut(p, "=")
				x, _ := strconv.ParseInt(val, 10, 64)
				switch k {
				case "calls":
					x -= own.calls[cmd]
					calls = x
				case "rejected_calls":
					x -= own.rejected[cmd]
					rejected = x
				case "failed_calls":
					failed = x
				default:
					continue
				}
				parts[i] = k + "=" + strconv.FormatInt(x, 10)
			}
			if calls == 0 && rejected == 0 && failed == 0 {
				continue
			}
			l = name + ":" + strings.Join(parts, ",")
		case "errorstats":
			code := strings.TrimPrefix(name, "errorstat_")
			if own.errors[code] == 0 {
				break
			}
			count, _ := strconv.ParseInt(strings.TrimPrefix(fields, "count="), 10, 64)
			count -= own.errors[code]
			if count <= 0 {
				continue
			}
			l = name + ":count=" + strconv.FormatInt(count, 10)
		case "latencystats":
			cmd := strings.TrimPrefix(name, "latency_percentiles_usec_")
			if own.calls[cmd] == 0 {
				break
			}
			scenario := hist[cmd] - own.calls[cmd]
			if cmd == "info" {
				scenario-- // the INFO that printed this line
			}
			if scenario <= 0 {
				continue
			}
		}
		out = append(out, l)
	}
	return strings.Join(out, "\r\n")
}
