// Command cmdgen keeps the simulator's command table equal to Redis's.
//
//	go run ./core/internal/cmdgen dump -addr 127.0.0.1:6379   # COMMAND from a live redis-server 7.0.15 → core/testdata/commands-7.0.json
//	go run ./core/internal/cmdgen docs -addr 127.0.0.1:6379   # COMMAND DOCS → core/testdata/command-docs-7.0.json.gz
//	go run ./core/internal/cmdgen gen                         # core/testdata/commands-7.0.json → core/commands_gen.go
//	go run ./core/internal/cmdgen helpdump -addr 127.0.0.1:PORT -out core/testdata/versions/redis-6.2/help.json
//	                                                          # X HELP of every 7.0 container on another version's server, where it differs
//	go run ./core/internal/cmdgen infodump -addr 127.0.0.1:PORT -out core/testdata/versions/redis-6.2/command-info.json
//
// The JSON is checked in (what the real server said); the Go file is
// generated from it, and a test in core checks that it still is.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"sort"
	"strconv"
	"strings"

	"replscope/core/internal/cmdtable"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: cmdgen dump -addr HOST:PORT | docs -addr HOST:PORT | gen")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:6379", "a running redis-server 7.0.15")
	jsonPath := fs.String("json", "core/testdata/commands-7.0.json", "the checked-in dump")
	goPath := fs.String("go", "core/commands_gen.go", "the generated table")
	cfgJSON := fs.String("config-json", "core/testdata/config-7.0.json", "the checked-in CONFIG GET * dump")
	cfgGo := fs.String("config-go", "core/configdefaults_gen.go", "the generated defaults")
	helpJSON := fs.String("help-json", "core/testdata/help-7.0.json", "the checked-in HELP texts")
	helpGo := fs.String("help-go", "core/help_gen.go", "the generated HELP texts")
	infoJSON := fs.String("info-json", "core/testdata/command-info-7.0.json", "COMMAND INFO of every command, as the server answers it")
	out := fs.String("out", "", "helpdump: the version's help.json")
	versionsGo := fs.String("versions-go", "core/help_versions_gen.go", "the generated HELP texts of the other versions")
	docsGz := fs.String("docs-json-gz", "core/testdata/command-docs-7.0.json.gz", "COMMAND DOCS of every command and subcommand, gzipped")
	_ = fs.Parse(os.Args[2:])
	switch os.Args[1] {
	case "infodump":
		// COMMAND of another version's server, by name (6.2's COMMAND
		// INFO entries are these).
		c, err := net.Dial("tcp", *addr)
		var all val
		if err == nil {
			all, err = do(c, bufio.NewReader(c), "COMMAND")
		}
		m := map[string]respTree{}
		for _, v := range all.arr {
			m[v.arr[0].str] = tree(v)
		}
		var raw []byte
		if err == nil {
			raw, err = json.Marshal(m)
		}
		if err == nil {
			err = os.WriteFile(*out, append(raw, '\n'), 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("%s: COMMAND INFO of %d commands\n", *out, len(m))
		return
	case "helpdump":
		raw, err := os.ReadFile(*helpJSON)
		var base cmdtable.Help
		if err == nil {
			err = json.Unmarshal(raw, &base)
		}
		var help map[string][]string
		var version string
		if err == nil {
			help, version, err = dumpVersionHelp(*addr, base.Texts)
		}
		if err == nil {
			raw, err = cmdtable.EncodeHelp(version, help)
		}
		if err == nil {
			err = os.WriteFile(*out, raw, 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("%s: %d HELP texts of %s differ from 7.0's\n", *out, len(help), version)
		return
	case "docs":
		// COMMAND DOCS is large (most of it prose): kept apart from dump
		// and gzipped, as the core embeds it.
		raw, err := os.ReadFile(*jsonPath)
		var tab *cmdtable.Table
		if err == nil {
			tab, err = cmdtable.Decode(raw)
		}
		var cmds []cmdtable.Command
		if err == nil {
			cmds = tab.Commands
		}
		var docs map[string]respTree
		if err == nil {
			docs, err = dumpCommandDocs(*addr, cmds)
		}
		var b []byte
		if err == nil {
			b, err = json.Marshal(docs)
		}
		if err == nil {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			_, err = zw.Write(append(b, '\n'))
			if err == nil {
				err = zw.Close()
			}
			if err == nil {
				err = os.WriteFile(*docsGz, buf.Bytes(), 0o644)
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("%s: COMMAND DOCS of %d commands and subcommands\n", *docsGz, len(docs))
	case "dump":
		cmds, version, err := dump(*addr)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		b, err := cmdtable.Encode(version, cmds)
		if err == nil {
			err = os.WriteFile(*jsonPath, b, 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("%s: %d commands of redis-server %s\n", *jsonPath, len(cmds), version)
		params, err := dumpConfig(*addr)
		var immutable []string
		var enums map[string][]string
		if err == nil {
			immutable, enums, err = probeConfig(*addr, params)
		}
		if err == nil {
			b, err = cmdtable.EncodeConfig(version, params, immutable, enums)
		}
		if err == nil {
			err = os.WriteFile(*cfgJSON, b, 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("%s: %d parameters\n", *cfgJSON, len(params))
		help, err := dumpHelp(*addr, cmds)
		if err == nil {
			b, err = cmdtable.EncodeHelp(version, help)
		}
		if err == nil {
			err = os.WriteFile(*helpJSON, b, 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("%s: %d HELP texts\n", *helpJSON, len(help))
		info, err := dumpCommandInfo(*addr, cmds)
		if err == nil {
			b, err = json.Marshal(info)
		}
		if err == nil {
			err = os.WriteFile(*infoJSON, append(b, '\n'), 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("%s: COMMAND INFO of %d commands\n", *infoJSON, len(info))
	case "gen":
		raw, err := os.ReadFile(*jsonPath)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		src, err := cmdtable.GenerateGo(raw)
		if err == nil {
			err = os.WriteFile(*goPath, src, 0o644)
		}
		if err == nil {
			raw, err = os.ReadFile(*cfgJSON)
		}
		if err == nil {
			src, err = cmdtable.GenerateConfigGo(raw)
		}
		if err == nil {
			err = os.WriteFile(*cfgGo, src, 0o644)
		}
		if err == nil {
			raw, err = os.ReadFile(*helpJSON)
		}
		if err == nil {
			src, err = cmdtable.GenerateHelpGo(raw)
		}
		if err == nil {
			err = os.WriteFile(*helpGo, src, 0o644)
		}
		if err == nil {
			src, err = cmdtable.GenerateVersionHelpGo("core/testdata/versions")
		}
		if err == nil {
			err = os.WriteFile(*versionsGo, src, 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	default:
		fmt.Fprintln(os.Stderr, "usage: cmdgen dump -addr HOST:PORT | docs -addr HOST:PORT | gen")
		os.Exit(2)
	}
}

type val struct {
	kind byte
	str  string
	n    int64
	arr  []val
}

func read(r *bufio.Reader) (val, error) {
	line, err := r.ReadString('\n')
	if err != nil {
		return val{}, err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return val{}, fmt.Errorf("empty line")
	}
	v := val{kind: line[0]}
	switch line[0] {
	case '+', '-':
		v.str = line[1:]
	case ':':
		v.n, _ = strconv.ParseInt(line[1:], 10, 64)
	case '$':
		n, _ := strconv.Atoi(line[1:])
		if n < 0 {
			v.kind = 'n'
			return v, nil
		}
		b := make([]byte, n+2)
		if _, err := io_ReadFull(r, b); err != nil {
			return v, err
		}
		v.str = string(b[:n])
	case '*':
		n, _ := strconv.Atoi(line[1:])
		for i := 0; i < n; i++ {
			e, err := read(r)
			if err != nil {
				return v, err
			}
			v.arr = append(v.arr, e)
		}
	}
	return v, nil
}

func io_ReadFull(r *bufio.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := r.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func do(c net.Conn, r *bufio.Reader, args ...string) (val, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	if _, err := c.Write([]byte(b.String())); err != nil {
		return val{}, err
	}
	return read(r)
}

func conv(v val) cmdtable.Command {
	// COMMAND's reply: name, arity, flags, first, last, step, acl
	// categories, tips, key specs, subcommands.
	c := cmdtable.Command{Name: v.arr[0].str, Arity: int(v.arr[1].n), First: int(v.arr[3].n), Last: int(v.arr[4].n), Step: int(v.arr[5].n), Flags: []string{}, ACL: []string{}}
	for _, f := range v.arr[2].arr {
		c.Flags = append(c.Flags, f.str)
	}
	for _, f := range v.arr[6].arr {
		c.ACL = append(c.ACL, strings.TrimPrefix(f.str, "@"))
	}
	if len(v.arr) > 9 {
		for _, s := range v.arr[9].arr {
			c.Subcommands = append(c.Subcommands, conv(s))
		}
	}
	return c
}

func dump(addr string) ([]cmdtable.Command, string, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, "", err
	}
	defer c.Close()
	r := bufio.NewReader(c)
	info, err := do(c, r, "INFO", "server")
	if err != nil {
		return nil, "", err
	}
	version := ""
	for _, l := range strings.Split(info.str, "\r\n") {
		if v, ok := strings.CutPrefix(l, "redis_version:"); ok {
			version = v
		}
	}
	all, err := do(c, r, "COMMAND")
	if err != nil {
		return nil, "", err
	}
	var out []cmdtable.Command
	for _, v := range all.arr {
		out = append(out, conv(v))
	}
	return out, version, nil
}

// instanceParams depend on how the dumped server was started, not on
// Redis's defaults: they are recorded as a fresh `redis-server` with no
// arguments has them.
var instanceParams = map[string]string{
	"port": "6379", "dir": "", "logfile": "", "save": "3600 1 300 100 60 10000", "appendonly": "no",
	"daemonize": "no", "pidfile": "", "bind": "* -::*", "protected-mode": "yes",
}

func dumpConfig(addr string) (map[string]string, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	r := bufio.NewReader(c)
	v, err := do(c, r, "CONFIG", "GET", "*")
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for i := 0; i+1 < len(v.arr); i += 2 {
		out[v.arr[i].str] = v.arr[i+1].str
		if d, ok := instanceParams[v.arr[i].str]; ok {
			out[v.arr[i].str] = d
		}
	}
	return out, nil
}

// noProbe are parameters whose CONFIG SET would disturb the dumped server.
var noProbe = map[string]bool{"port": true, "bind": true, "dir": true, "tls-port": true, "requirepass": true, "masterauth": true, "masteruser": true, "logfile": true, "unixsocket": true, "save": true}

// probeConfig finds the immutable parameters (CONFIG SET of the current
// value fails) and the enums (CONFIG SET of a bogus word lists the
// choices), restoring what it changed.
func probeConfig(addr string, params map[string]string) (immutable []string, enums map[string][]string, err error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, nil, err
	}
	defer c.Close()
	r := bufio.NewReader(c)
	enums = map[string][]string{}
	names := make([]string, 0, len(params))
	for n := range params {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if noProbe[n] {
			continue
		}
		cur, err := do(c, r, "CONFIG", "GET", n)
		if err != nil || len(cur.arr) < 2 {
			continue
		}
		v, err := do(c, r, "CONFIG", "SET", n, cur.arr[1].str)
		if err != nil {
			return nil, nil, err
		}
		if v.kind == '-' && strings.Contains(v.str, "can't set immutable config") {
			immutable = append(immutable, n)
			continue
		}
		d := params[n]
		if d == "" || d == "yes" || d == "no" || strings.ContainsAny(d, "0123456789/ ") {
			continue
		}
		v, err = do(c, r, "CONFIG", "SET", n, "replscope-bogus")
		if err != nil {
			return nil, nil, err
		}
		if v.kind == '-' {
			if _, list, ok := strings.Cut(v.str, "must be one of the following: "); ok {
				enums[n] = strings.Split(list, ", ")
			}
			continue
		}
		_, _ = do(c, r, "CONFIG", "SET", n, cur.arr[1].str)
	}
	return immutable, enums, nil
}

// dumpHelp asks every container command for its HELP text.
func dumpHelp(addr string, cmds []cmdtable.Command) (map[string][]string, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	r := bufio.NewReader(c)
	out := map[string][]string{}
	for _, cmd := range cmds {
		for _, s := range cmd.Subcommands {
			if !strings.HasSuffix(s.Name, "|help") {
				continue
			}
			v, err := do(c, r, cmd.Name, "HELP")
			if err != nil {
				return nil, err
			}
			var lines []string
			for _, l := range v.arr {
				lines = append(lines, l.str)
			}
			out[s.Name] = lines
		}
	}
	return out, nil
}

// respTree is a reply as JSON: {"t":"*","a":[...]}, {"t":"$","s":...},
// {"t":":","i":...}, {"t":"+","s":...}, {"t":"n"}.
type respTree struct {
	T string     `json:"t"`
	S string     `json:"s,omitempty"`
	I int64      `json:"i,omitempty"`
	A []respTree `json:"a,omitempty"`
}

func tree(v val) respTree {
	switch v.kind {
	case '*':
		out := respTree{T: "*", A: []respTree{}}
		for _, e := range v.arr {
			out.A = append(out.A, tree(e))
		}
		return out
	case ':':
		return respTree{T: ":", I: v.n}
	case 'n':
		return respTree{T: "n"}
	}
	return respTree{T: string(v.kind), S: v.str}
}

// dumpCommandDocs is COMMAND DOCS NAME of every command and subcommand:
// the docs of each (the reply's second element), by name.
func dumpCommandDocs(addr string, cmds []cmdtable.Command) (map[string]respTree, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	r := bufio.NewReader(c)
	out := map[string]respTree{}
	var walk func(cmds []cmdtable.Command) error
	walk = func(cmds []cmdtable.Command) error {
		for _, cmd := range cmds {
			v, err := do(c, r, "COMMAND", "DOCS", cmd.Name)
			if err != nil {
				return err
			}
			if len(v.arr) != 2 {
				return fmt.Errorf("COMMAND DOCS %s: %d elements", cmd.Name, len(v.arr))
			}
			out[cmd.Name] = tree(v.arr[1])
			if err := walk(cmd.Subcommands); err != nil {
				return err
			}
		}
		return nil
	}
	return out, walk(cmds)
}

func dumpCommandInfo(addr string, cmds []cmdtable.Command) (map[string]respTree, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	r := bufio.NewReader(c)
	out := map[string]respTree{}
	for _, cmd := range cmds {
		v, err := do(c, r, "COMMAND", "INFO", cmd.Name)
		if err != nil {
			return nil, err
		}
		if len(v.arr) == 1 {
			out[cmd.Name] = tree(v.arr[0])
		}
	}
	return out, nil
}

// dumpVersionHelp asks a server X HELP for every container whose text
// 7.0 has, keeping the texts that differ (a container the server lacks
// answers an error and is left out) and the server's version.
func dumpVersionHelp(addr string, base map[string][]string) (map[string][]string, string, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, "", err
	}
	defer c.Close()
	r := bufio.NewReader(c)
	info, err := do(c, r, "INFO", "server")
	if err != nil {
		return nil, "", err
	}
	version := ""
	for _, l := range strings.Split(info.str, "\r\n") {
		if v, ok := strings.CutPrefix(l, "redis_version:"); ok && version == "" {
			version = v
		}
		if v, ok := strings.CutPrefix(l, "valkey_version:"); ok {
			version = v
		}
	}
	out := map[string][]string{}
	for name, want := range base {
		v, err := do(c, r, strings.TrimSuffix(name, "|help"), "HELP")
		if err != nil {
			return nil, "", err
		}
		if v.kind != '*' {
			continue
		}
		var lines []string
		for _, l := range v.arr {
			lines = append(lines, l.str)
		}
		if strings.Join(lines, "\n") != strings.Join(want, "\n") {
			out[name] = lines
		}
	}
	return out, version, nil
}
