// Package report is the JSON shape of a played scenario, the one that
// `replsim run -json` prints and that the conformance harness records from
// real redis-server processes: one step per line that runs, and for every
// node started so far its INFO replication fields and the sync counters of
// INFO stats, all as strings, with the slaveN lines turned into replicas.
package report

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Run is a whole scenario's record.
type Run struct {
	Scenario     string `json:"scenario"`
	RedisVersion string `json:"redis_version,omitempty"`
	Steps        []Step `json:"steps"`
}

// Step is the settled state after one line.
type Step struct {
	Line  int              `json:"line"`
	Text  string           `json:"text"`
	Reply string           `json:"reply,omitempty"`
	Nodes map[string]*Node `json:"nodes"`
	// Clock is when the line started, in ms since the scenario did: the
	// wall clock on a real server (settling takes time there), virtual
	// time in the core. Replies that read a clock compare within the gap.
	Clock int64 `json:"clock_ms,omitempty"`
}

// stepJSON is a Step as written: a reply that is not UTF-8 (a DUMP
// payload) goes in reply_raw as base64, since JSON strings would replace
// its bytes.
type stepJSON struct {
	Line     int              `json:"line"`
	Text     string           `json:"text"`
	Reply    string           `json:"reply,omitempty"`
	ReplyRaw []byte           `json:"reply_raw,omitempty"`
	Nodes    map[string]*Node `json:"nodes"`
	Clock    int64            `json:"clock_ms,omitempty"`
}

func (s Step) MarshalJSON() ([]byte, error) {
	j := stepJSON{Line: s.Line, Text: s.Text, Reply: s.Reply, Nodes: s.Nodes, Clock: s.Clock}
	if !utf8.ValidString(s.Reply) {
		j.Reply, j.ReplyRaw = "", []byte(s.Reply)
	}
	return json.Marshal(j)
}

func (s *Step) UnmarshalJSON(b []byte) error {
	var j stepJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*s = Step{Line: j.Line, Text: j.Text, Reply: j.Reply, Nodes: j.Nodes, Clock: j.Clock}
	if j.ReplyRaw != nil {
		s.Reply = string(j.ReplyRaw)
	}
	return nil
}

// Replica is one slaveN line as the master reports it.
type Replica struct {
	State  string `json:"state"`
	Offset string `json:"offset"`
	// Omem and Oll are CLIENT LIST's figures, for a replica whose sync is
	// held or whose link is stalled (contract 1.1).
	Omem string `json:"omem,omitempty"`
	Oll  string `json:"oll,omitempty"`
}

// Node is one node's INFO fields (by Redis's own names) and its replicas
// keyed by node name.
type Node struct {
	Fields   map[string]string
	Replicas map[string]Replica
}

// MarshalJSON writes the fields flat beside "replicas", keys sorted.
func (n *Node) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(n.Fields)+1)
	for k, v := range n.Fields {
		m[k] = v
	}
	r := n.Replicas
	if r == nil {
		r = map[string]Replica{}
	}
	m["replicas"] = r
	return json.Marshal(m) // encoding/json sorts map keys
}

// UnmarshalJSON reads the flat form back.
func (n *Node) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	n.Fields = map[string]string{}
	n.Replicas = map[string]Replica{}
	for k, v := range raw {
		if k == "replicas" {
			if err := json.Unmarshal(v, &n.Replicas); err != nil {
				return err
			}
			continue
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return err
		}
		n.Fields[k] = s
	}
	return nil
}

// ComparedFields are the INFO fields the contract compares between the
// simulator and a real server (besides ids, compared by identity, and
// each replica's state and offset).
var ComparedFields = []string{
	"role", "connected_slaves", "master_repl_offset", "second_repl_offset",
	"repl_backlog_active", "repl_backlog_size", "repl_backlog_first_byte_offset",
	"repl_backlog_histlen", "master_link_status", "slave_repl_offset",
	"slave_read_repl_offset", "sync_full", "sync_partial_ok", "sync_partial_err",
}

// OptionalFields are compared where the recording has them (recordings
// made before contract 1.1 do not).
var OptionalFields = []string{"mem_total_replication_buffers"}

// IDFields are compared by identity, never by value.
var IDFields = []string{"master_replid", "master_replid2"}

// NodeNames returns a step's node names in a stable order.
func (s *Step) NodeNames() []string {
	names := make([]string, 0, len(s.Nodes))
	for n := range s.Nodes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// RandomReply reports whether a command's reply is random members (SPOP
// and SRANDMEMBER with a count): two real runs never agree on them, so
// recordings and the simulator both keep only how many there are.
func RandomReply(args []string) bool {
	return len(args) >= 3 && (strings.EqualFold(args[0], "spop") || strings.EqualFold(args[0], "srandmember"))
}

// RandomMembers is how such a reply is recorded.
func RandomMembers(n int) string { return fmt.Sprintf("(%d random members)", n) }
