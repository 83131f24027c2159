package core

import (
	_ "embed"
	"encoding/json"
	"strings"
	"sync"
)

// COMMAND and COMMAND INFO answer what redis-server 7.0.15 answers: its
// replies are dumped by `go run ./core/internal/cmdgen dump` into
// core/testdata/command-info-7.0.json and embedded here.

//go:embed testdata/command-info-7.0.json
var commandInfoJSON []byte

type respTree struct {
	T string     `json:"t"`
	S string     `json:"s,omitempty"`
	I int64      `json:"i,omitempty"`
	A []respTree `json:"a,omitempty"`
}

func (t respTree) reply() Reply {
	switch t.T {
	case "*":
		r := Reply{Kind: '*', Array: make([]Reply, len(t.A))}
		for i, e := range t.A {
			r.Array[i] = e.reply()
		}
		return r
	case ":":
		return intReply(t.I)
	case "n":
		return nilReply
	case "+":
		return statusReply(t.S)
	}
	return bulkReply(t.S)
}

var (
	commandInfoOnce sync.Once
	commandInfo     map[string]Reply
)

func commandInfoReply(name string) (Reply, bool) {
	commandInfoOnce.Do(func() {
		var m map[string]respTree
		if err := json.Unmarshal(commandInfoJSON, &m); err != nil {
			panic("core/testdata/command-info-7.0.json: " + err.Error())
		}
		commandInfo = make(map[string]Reply, len(m))
		for k, v := range m {
			commandInfo[k] = v.reply()
		}
	})
	r, ok := commandInfo[strings.ToLower(name)]
	return r, ok
}

// cmdCommandInfo is COMMAND INFO [name ...]: without names, every command.
func cmdCommandInfo(c *cmdCtx) Reply {
	names := c.argv[2:]
	if len(names) == 0 {
		return cmdCommand(c)
	}
	out := Reply{Kind: '*', Array: []Reply{}}
	for _, n := range names {
		if r, ok := commandInfoReply(n); ok {
			out.Array = append(out.Array, r)
		} else {
			out.Array = append(out.Array, nilArrayReply)
		}
	}
	return out
}

// cmdCommand is COMMAND: every command, in name order (a real server's is
// its hash table's).
func cmdCommand(c *cmdCtx) Reply {
	out := Reply{Kind: '*', Array: []Reply{}}
	for _, rc := range redisTable {
		if strings.Contains(rc.name, "|") {
			continue
		}
		if r, ok := commandInfoReply(rc.name); ok {
			out.Array = append(out.Array, r)
		}
	}
	return out
}
