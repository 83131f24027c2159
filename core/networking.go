package core

import (
	"strconv"
	"strings"
)

// networking.c: CLIENT ID/INFO/KILL and HELLO for the scenario's one
// connection per server, its master link and its replicas. Client ids
// follow CLIENT LIST's (outbuf.go): the scenario's client 1, the master
// link 2, replicas from 3.

// errSubcommandSyntax is addReplySubcommandSyntaxError.
func errSubcommandSyntax(argv []string) Reply {
	a := argv[1]
	if len(a) > 128 {
		a = a[:128]
	}
	return errReply("ERR unknown subcommand or wrong number of arguments for '" + a + "'. Try " + strings.ToUpper(argv[0]) + " HELP.")
}

const scenarioClientID = 1

func cmdClientID(c *cmdCtx) Reply { return intReply(scenarioClientID) }

// cmdClientInfo is the scenario client's CLIENT LIST line.
func cmdClientInfo(c *cmdCtx) Reply {
	return c.verbatimReply(c.s.clientInfoLine("client|info", c.resp3) + "\n")
}

// clientInfoLine is catClientInfoString for the scenario's client, whose
// last command is lastcmd.
func (s *Server) clientInfoLine(lastcmd string, resp3 bool) string {
	multi, flags := -1, ""
	switch {
	case s.client.inMulti:
		multi, flags = len(s.client.queue), "x"
	case s.client.execLen > 0:
		// execCommand sets c->cmd for each queued command, not lastcmd.
		multi, flags, lastcmd = s.client.execLen-1, "x", "exec"
	}
	// The other letters catClientInfoString writes, in its order, that
	// the scenario's client can have: a watched key changed (d), CLIENT
	// NO-EVICT ON (e).
	if s.client.dirtyCAS {
		flags += "d"
	}
	if s.client.noEvict {
		flags += "e"
	}
	if flags == "" {
		flags = "N"
	}
	return s.catClientInfo(scenarioClientID, 50000, s.client.name, flags, s.client.db, multi, 0, 0, lastcmd, s.clientUser(), resp3)
}

// catClientInfo is catClientInfoString: one CLIENT LIST line of a client
// of s (no newline), with the figures the model has (flags, db, the
// output buffer, the command, the user) and nominal ones for the rest.
func (s *Server) catClientInfo(id, port int, name, flags string, db, multi int, oll, omem int64, cmd, user string, resp3 bool) string {
	resp := "2"
	if resp3 {
		resp = "3"
	}
	return "id=" + strconv.Itoa(id) + " addr=127.0.0.1:" + strconv.Itoa(port) + " laddr=127.0.0.1:" + strconv.Itoa(s.port) + " fd=" + strconv.Itoa(id+4) + " name=" + name +
		" age=0 idle=0 flags=" + flags + " db=" + strconv.Itoa(db) + " sub=0 psub=0 ssub=0 multi=" + strconv.Itoa(multi) +
		" qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=" + itoa(oll) + " omem=" + itoa(omem) + " tot-mem=" + itoa(omem+22426) +
		" events=r cmd=" + cmd + " user=" + user + " redir=-1 resp=" + resp
}

// killTarget is one client CLIENT KILL may close.
type killTarget struct {
	id         int
	addr       string
	typ        string // normal, master, slave
	user       string // "": none (the master link runs as no user)
	replica    int    // the replica's server index (typ slave)
	scenarioCl bool
}

func (w *World) killTargets(s *Server) []killTarget {
	t := []killTarget{{id: scenarioClientID, addr: "127.0.0.1:50000", typ: "normal", user: s.clientUser(), scenarioCl: true}}
	if s.master != nil {
		t = append(t, killTarget{id: 2, addr: "127.0.0.1:" + strconv.Itoa(w.server(s.masterhost).port), typ: "master"})
	}
	for i, rc := range s.slaves {
		t = append(t, killTarget{id: 3 + i, addr: "127.0.0.1:" + strconv.Itoa(w.servers[rc.index].port), typ: "slave", user: "default", replica: rc.index})
	}
	return t
}

// cmdClientKill is clientKillCommand: CLIENT KILL addr, or the filters
// ID, TYPE, ADDR, LADDR, SKIPME, USER (7.0 has no MAXAGE). Killing the master link or a
// replica acts on replication as freeClient does: the replica caches its
// master and reconnects with PSYNC.
func cmdClientKill(c *cmdCtx) Reply {
	argv := c.argv
	var (
		id          int64 = -1
		typ, addr   string
		laddr, user string
		haveUser    bool
		skipme      = true
		oldForm     = len(argv) == 3
	)
	if oldForm {
		addr, skipme = argv[2], false // with the old form, you can kill yourself
	}
	for i := 2; !oldForm && i < len(argv); i += 2 {
		if i+1 >= len(argv) {
			return errSyntax
		}
		v := argv[i+1]
		switch strings.ToLower(argv[i]) {
		case "id":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				return errReply("ERR client-id should be greater than 0")
			}
			id = n
		case "type":
			switch t := strings.ToLower(v); t {
			case "normal", "master", "pubsub":
				typ = t
			case "replica", "slave":
				typ = "slave"
			default:
				return errReply("ERR Unknown client type '" + v + "'")
			}
		case "addr":
			addr = v
		case "laddr":
			laddr = v
		case "user":
			if v != "default" {
				return errReply("ERR No such user '" + v + "'")
			}
			user, haveUser = v, true
		case "skipme":
			switch strings.ToLower(v) {
			case "yes":
				skipme = true
			case "no":
				skipme = false
			default:
				return errSyntax
			}
		default:
			return errSyntax
		}
	}
	var kill []killTarget
	for _, t := range c.w.killTargets(c.s) {
		switch {
		case id != -1 && int64(t.id) != id,
			typ != "" && t.typ != typ,
			addr != "" && t.addr != addr,
			laddr != "" && laddr != "127.0.0.1:"+strconv.Itoa(c.s.port),
			haveUser && t.user != user,
			skipme && t.scenarioCl:
			continue
		}
		kill = append(kill, t)
	}
	for _, t := range kill {
		if t.scenarioCl {
			c.closeAfterReply()
		}
	}
	if oldForm && len(kill) == 0 {
		return errReply("ERR No such client")
	}
	why := "CLIENT KILL on " + c.s.name
	for _, t := range kill {
		switch t.typ {
		case "master":
			c.w.breakLink(c.s, why)
		case "slave":
			if i, _ := c.s.findSlave(c.w.servers[t.replica].name); i >= 0 {
				r := c.w.servers[t.replica]
				c.w.dropReplica(c.s, i, why)
				c.w.linkLoss(r, why)
			}
		}
	}
	if oldForm {
		return okReply
	}
	return intReply(int64(len(kill)))
}

// closeAfterReply flags the scenario's client CLIENT_CLOSE_AFTER_REPLY,
// as quitCommand and clientKillCommand do: the connection closes once the
// reply is written, and the scenario's next command comes on a new
// connection (newConnection).
func (c *cmdCtx) closeAfterReply() { c.s.client.closing = true }

// cmdQuit is quitCommand.
func cmdQuit(c *cmdCtx) Reply {
	c.closeAfterReply()
	return okReply
}

// newConnection is the scenario's client after a close: freeClient, then
// a new connection whose state is a new client's (createClient), logged
// in as the default user if it needs no password (clientSetDefaultAuth).
func (w *World) newConnection(s *Server, argv []string) {
	s.client = clientState{noAuth: !s.defaultAuthenticates(w.Version())}
	w.emit(Event{Kind: EvClientClosed, Node: s.name, Text: strings.ToUpper(argv[0]), Func: "freeClient"})
}

// cmdHello is helloCommand: the protocol (RESP2, or RESP3 until RESET,
// HELLO 2 or a restart), AUTH for the default user, SETNAME.
func cmdHello(c *cmdCtx) Reply {
	argv := c.argv
	next, ver := 1, int64(0)
	if len(argv) >= 2 {
		v, err := strconv.ParseInt(argv[1], 10, 64)
		ver = v
		if err != nil {
			return errReply("ERR Protocol version is not an integer or out of range")
		}
		if ver < 2 || ver > 3 {
			return errReply("NOPROTO unsupported protocol version")
		}
		next = 2
	}
	var authUser, authPass, name string
	auth, setname := false, false
	for j := next; j < len(argv); j++ {
		more := len(argv) - 1 - j
		switch opt := argv[j]; {
		case strings.EqualFold(opt, "auth") && more >= 2:
			auth, authUser, authPass = true, argv[j+1], argv[j+2]
			j += 2
		case strings.EqualFold(opt, "setname") && more >= 1:
			setname, name = true, argv[j+1]
			j++
		default:
			return errReply("ERR Syntax error in HELLO option '" + opt + "'")
		}
	}
	if auth {
		if !c.s.authenticate(c.w.Version(), authUser, authPass) {
			c.w.aclLogAuth(c.s, c.argv[0], authUser, "hello")
			return errWrongPass
		}
		c.s.client.user, c.s.client.noAuth = authUser, false
	}
	if setname {
		for _, r := range name {
			if r < '!' || r > '~' {
				return errReply("ERR Client names cannot contain spaces, newlines or special characters.")
			}
		}
		c.s.client.name = name
	}
	if c.s.client.noAuth {
		return c.w.Version().errText(errHelloNoAuth)
	}
	if ver != 0 {
		// The switch comes first: HELLO's own reply is in the new protocol.
		c.s.client.resp3, c.resp3 = ver == 3, ver == 3
	}
	proto := int64(2)
	if c.resp3 {
		proto = 3
	}
	role := "master"
	if c.s.masterhost != "" {
		role = "replica"
	}
	return c.mapReply([]Reply{
		bulkReply("server"), bulkReply(c.w.Version().Server), bulkReply("version"), bulkReply(c.w.Version().Tested),
		bulkReply("proto"), intReply(proto), bulkReply("id"), intReply(scenarioClientID),
		bulkReply("mode"), bulkReply("standalone"), bulkReply("role"), bulkReply(role),
		bulkReply("modules"), {Kind: '*', Array: []Reply{}},
	})
}

// cmdBgrewriteaof answers as a server with no rewrite running: the model
// keeps no append-only file, so the rewrite changes nothing it shows.
func cmdBgrewriteaof(c *cmdCtx) Reply {
	return statusReply("Background append only file rewriting started")
}
