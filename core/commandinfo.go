package core

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"io"
	"sort"
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

// COMMAND DOCS answers redis-server 7.0.15's docs, dumped by
// `go run ./core/internal/cmdgen docs` and embedded gzipped (24 KB for
// 370 KB of JSON; compress/gzip is in app.wasm already through net/http).
//
//go:embed testdata/command-docs-7.0.json.gz
var commandDocsGz []byte

var (
	commandDocsOnce sync.Once
	commandDocs     map[string]Reply
)

func commandDocsReply(name string) (Reply, bool) {
	commandDocsOnce.Do(func() {
		zr, err := gzip.NewReader(bytes.NewReader(commandDocsGz))
		if err != nil {
			panic("core/testdata/command-docs-7.0.json.gz: " + err.Error())
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			panic("core/testdata/command-docs-7.0.json.gz: " + err.Error())
		}
		var m map[string]respTree
		if err := json.Unmarshal(raw, &m); err != nil {
			panic("core/testdata/command-docs-7.0.json.gz: " + err.Error())
		}
		commandDocs = make(map[string]Reply, len(m))
		for k, v := range m {
			commandDocs[k] = sortSubcommands(v.reply())
		}
	})
	r, ok := commandDocs[strings.ToLower(name)]
	return r, ok
}

// cmdCommandDocs is commandDocsCommand: name and docs of each command
// found (lookupCommandBySds: "config|get" names a subcommand), unknown
// names left out; without names every command, in name order (a real
// server's is its hash table's).
func cmdCommandDocs(c *cmdCtx) Reply {
	names := c.argv[2:]
	if len(names) == 0 {
		for _, rc := range redisTable {
			if !strings.Contains(rc.name, "|") {
				names = append(names, rc.name)
			}
		}
	}
	out := Reply{Kind: '*', Array: []Reply{}}
	for _, n := range names {
		if r, ok := commandDocsReply(n); ok {
			out.Array = append(out.Array, bulkReply(strings.ToLower(n)), r)
		}
	}
	return out
}

// sortSubcommands puts a container's subcommands in name order: a real
// server lists them in its dict's order, which its random hash seed
// changes from one process to the next.
func sortSubcommands(docs Reply) Reply {
	for i := 0; i+1 < len(docs.Array); i += 2 {
		if docs.Array[i].Str != "subcommands" {
			continue
		}
		subs := docs.Array[i+1].Array
		type pair struct{ name, docs Reply }
		ps := make([]pair, 0, len(subs)/2)
		for j := 0; j+1 < len(subs); j += 2 {
			ps = append(ps, pair{subs[j], subs[j+1]})
		}
		sort.Slice(ps, func(a, b int) bool { return ps[a].name.Str < ps[b].name.Str })
		for j, p := range ps {
			subs[2*j], subs[2*j+1] = p.name, p.docs
		}
	}
	return docs
}
