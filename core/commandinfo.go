package core

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"io"
	"sort"
	"strconv"
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
			out.Array = append(out.Array, c.commandInfo(r))
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
			out.Array = append(out.Array, c.commandInfo(r))
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
			if c.resp3 {
				r = commandDocs3(r)
			}
			out.Array = append(out.Array, bulkReply(strings.ToLower(n)), r)
		}
	}
	return c.mapReply(out.Array)
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

// keySpec is one of a command's key specs as COMMAND INFO lists them.
type keySpec struct {
	flags     []string
	bsType    string // index, keyword, unknown
	bsIndex   int
	keyword   string
	startfrom int
	fkType    string // range, keynum, unknown
	lastkey   int
	keystep   int
	limit     int
	keynumidx int
	firstkey  int
}

// mapOf reads a RESP2 map (a flat array of names and values).
func mapOf(r Reply) map[string]Reply {
	m := map[string]Reply{}
	for i := 0; i+1 < len(r.Array); i += 2 {
		m[r.Array[i].Str] = r.Array[i+1]
	}
	return m
}

// commandInfoOf is COMMAND INFO's entry for a command or subcommand.
func commandInfoOf(cmd *command) (Reply, bool) {
	if cmd.parent == nil {
		return commandInfoReply(cmd.name)
	}
	p, ok := commandInfoReply(cmd.parent.name)
	if !ok || len(p.Array) < 10 {
		return Reply{}, false
	}
	for _, s := range p.Array[9].Array {
		if len(s.Array) > 0 && s.Array[0].Str == cmd.name {
			return s, true
		}
	}
	return Reply{}, false
}

func keySpecsOf(cmd *command) []keySpec {
	info, ok := commandInfoOf(cmd)
	if !ok || len(info.Array) < 9 {
		return nil
	}
	var out []keySpec
	for _, raw := range info.Array[8].Array {
		m := mapOf(raw)
		var ks keySpec
		for _, f := range m["flags"].Array {
			ks.flags = append(ks.flags, f.Str)
		}
		bs, fk := mapOf(m["begin_search"]), mapOf(m["find_keys"])
		ks.bsType, ks.fkType = bs["type"].Str, fk["type"].Str
		bspec, fspec := mapOf(bs["spec"]), mapOf(fk["spec"])
		ks.bsIndex = int(bspec["index"].Int)
		ks.keyword, ks.startfrom = bspec["keyword"].Str, int(bspec["startfrom"].Int)
		ks.lastkey, ks.keystep, ks.limit = int(fspec["lastkey"].Int), int(fspec["keystep"].Int), int(fspec["limit"].Int)
		ks.keynumidx, ks.firstkey = int(fspec["keynumidx"].Int), int(fspec["firstkey"].Int)
		if fk["type"].Str == "keynum" {
			ks.keystep = int(fspec["keystep"].Int)
		}
		out = append(out, ks)
	}
	return out
}

func (ks keySpec) has(flag string) bool {
	for _, f := range ks.flags {
		if f == flag {
			return true
		}
	}
	return false
}

// keyRef is a key's position in argv and its flags.
type keyRef struct {
	pos   int
	flags []string
}

// keysUsingKeySpecs is getKeysUsingKeySpecs (GET_KEYSPEC_DEFAULT): -1
// when a spec cannot say (unknown, incomplete, out of range).
func keysUsingKeySpecs(cmd *command, specs []keySpec, argv []string) ([]keyRef, int) {
	argc := len(argv)
	var keys []keyRef
	for _, sp := range specs {
		if sp.has("not_key") {
			continue
		}
		first := 0
		switch sp.bsType {
		case "index":
			first = sp.bsIndex
		case "keyword":
			start, end := sp.startfrom, 1
			if sp.startfrom > 0 {
				end = argc - 1
			} else {
				start = argc + sp.startfrom
			}
			for i := start; i != end; {
				if i >= argc || i < 1 {
					break
				}
				if strings.EqualFold(argv[i], sp.keyword) {
					first = i + 1
					break
				}
				if start <= end {
					i++
				} else {
					i--
				}
			}
			if first == 0 {
				continue
			}
		default:
			return nil, -1
		}
		var last, step int
		switch sp.fkType {
		case "range":
			step = sp.keystep
			switch {
			case sp.lastkey >= 0:
				last = first + sp.lastkey
			case sp.limit == 0:
				last = argc + sp.lastkey
			default:
				last = first + ((argc-first)/sp.limit + sp.lastkey)
			}
		case "keynum":
			step = sp.keystep
			if sp.keynumidx >= argc || first+sp.keynumidx >= argc {
				return nil, -1
			}
			n, err := strconv.ParseInt(argv[first+sp.keynumidx], 10, 64)
			if err != nil || n < 0 {
				return nil, -1
			}
			first += sp.firstkey
			last = first + int(n) - 1
		default:
			return nil, -1
		}
		if last >= argc || last < first || first >= argc {
			return nil, -1
		}
		for i := first; i <= last; i += max(step, 1) {
			keys = append(keys, keyRef{i, sp.flags})
		}
		if sp.has("incomplete") {
			return nil, -1
		}
	}
	return keys, len(keys)
}

// keysByProc are the getkeys_proc of the commands whose key specs cannot
// say (variable_flags, incomplete, unknown): SET, BITFIELD, SORT,
// SORT_RO, MIGRATE.
var keysByProc = map[string]func(argv []string) []keyRef{
	"set": func(argv []string) []keyRef {
		for _, a := range argv[3:] {
			if strings.EqualFold(a, "get") {
				return []keyRef{{1, []string{"RW", "access", "update"}}}
			}
		}
		return []keyRef{{1, []string{"OW", "update"}}}
	},
	"bitfield": func(argv []string) []keyRef {
		readonly := true
	scan:
		for i := 2; i < len(argv); i++ {
			rem := len(argv) - i - 1
			switch a := strings.ToLower(argv[i]); {
			case a == "get" && rem >= 2:
				i += 2
			case (a == "set" || a == "incrby") && rem >= 3:
				readonly = false
				break scan
			case a == "overflow" && rem >= 1:
				i++
			default:
				readonly = false // a syntax error: safer to assume a write
				break scan
			}
		}
		if readonly {
			return []keyRef{{1, []string{"RO", "access"}}}
		}
		return []keyRef{{1, []string{"RW", "access", "update"}}}
	},
	"sort": func(argv []string) []keyRef {
		keys := []keyRef{{1, []string{"RO", "access"}}}
		store := -1
		for i := 2; i < len(argv); i++ {
			switch a := strings.ToLower(argv[i]); {
			case a == "limit":
				i += 2
			case a == "get" || a == "by":
				i++
			case a == "store" && i+1 < len(argv):
				store = i + 1 // the last STORE counts, as in SORT
			}
		}
		if store > 0 {
			keys = append(keys, keyRef{store, []string{"OW", "update"}})
		}
		return keys
	},
	"sort_ro": func(argv []string) []keyRef { return []keyRef{{1, []string{"RO", "access"}}} },
	"migrate": func(argv []string) []keyRef {
		first, num := 3, 1
		if len(argv) > 6 {
			for i := 6; i < len(argv); i++ {
				a := strings.ToLower(argv[i])
				if a == "keys" {
					if argv[3] != "" {
						return nil // the KEYS form wants "" as the key
					}
					first, num = i+1, len(argv)-i-1
					break
				}
				switch a {
				case "auth":
					i++
				case "auth2":
					i += 2
				}
			}
		}
		var keys []keyRef
		for i := 0; i < num; i++ {
			keys = append(keys, keyRef{first + i, []string{"RW", "access", "delete"}})
		}
		return keys
	},
}

// keysFromCommand is getKeysFromCommandWithSpecs: the key specs where they
// can say, else the command's getkeys_proc.
func keysFromCommand(cmd *command, argv []string) []keyRef {
	specs := keySpecsOf(cmd)
	hasKeyspec, varFlags := false, false
	for _, sp := range specs {
		hasKeyspec = hasKeyspec || !sp.has("not_key")
		varFlags = varFlags || sp.has("variable_flags")
	}
	if hasKeyspec && !varFlags {
		if keys, n := keysUsingKeySpecs(cmd, specs, argv); n >= 0 {
			return keys
		}
	}
	if proc := keysByProc[cmd.name]; proc != nil {
		return proc(argv)
	}
	return nil
}

// getKeysSubcommand is getKeysSubcommandImpl: COMMAND GETKEYS
// (withFlags false) and COMMAND GETKEYSANDFLAGS.
func getKeysSubcommand(c *cmdCtx, withFlags bool) Reply {
	argv := c.argv[2:]
	cmd := findCommand(argv[0])
	if cmd != nil && cmd.subs != nil && len(argv) > 1 {
		cmd = cmd.subs[strings.ToLower(argv[1])]
	}
	if cmd == nil {
		return errReply("ERR Invalid command specified")
	}
	// doesCommandHaveKeys: a getkeys_proc (the movable-key commands and
	// keysByProc's) or a key spec that is a key.
	hasKeys := keysByProc[cmd.name] != nil || strings.Contains(cmd.rflags, "movablekeys")
	for _, sp := range keySpecsOf(cmd) {
		hasKeys = hasKeys || !sp.has("not_key")
	}
	if !hasKeys {
		return errReply("ERR The command has no key arguments")
	}
	if (cmd.arity > 0 && cmd.arity != len(argv)) || len(argv) < -cmd.arity {
		return errReply("ERR Invalid number of arguments specified for command")
	}
	keys := keysFromCommand(cmd, argv)
	if len(keys) == 0 {
		if strings.Contains(cmd.rflags, "no_mandatory_keys") {
			return Reply{Kind: '*', Array: []Reply{}}
		}
		return errReply("ERR Invalid arguments specified for command")
	}
	out := Reply{Kind: '*', Array: make([]Reply, 0, len(keys))}
	for _, k := range keys {
		if !withFlags {
			out.Array = append(out.Array, bulkReply(argv[k.pos]))
			continue
		}
		fl := make([]Reply, len(k.flags))
		for i, f := range k.flags {
			fl[i] = statusReply(f)
		}
		out.Array = append(out.Array, Reply{Kind: '*', Array: []Reply{bulkReply(argv[k.pos]), c.setReply(fl)}})
	}
	return out
}
