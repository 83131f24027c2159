package core

import (
	"cmp"
	"strconv"
	"strings"
)

// cluster.c's MIGRATE between the scenario's nodes. The source dumps each
// key (createDumpPayload), sends AUTH, SELECT and one RESTORE per key on a
// connection it caches for MIGRATE_SOCKET_CACHE_TTL seconds, and deletes
// each key the target acknowledged, propagating one DEL for them. The
// target runs those commands as a client of its own, so its RESTOREs reach
// its replicas as any client's writes do. A node name stands for the
// target's host and port, as in REPLICAOF: MIGRATE NAME key db timeout.

// migrateSocketCacheTTL is MIGRATE_SOCKET_CACHE_TTL, in seconds.
const migrateSocketCacheTTL = 10

// migrateConn is a migrateCachedSocket: the source's connection to a
// target, which is a client of the target with its own db and user.
type migrateConn struct {
	client  clientState // the target's side: db, user
	lastDB  int64       // last_dbid: -1 until a SELECT succeeded
	lastUse int64       // last_use_time, unix seconds
	lastCmd string      // the last command it sent, as the target's CLIENT LIST says
}

// migrateClients are the MIGRATE connections other nodes hold to t: clients
// of t (INFO clients, CLIENT LIST), in the order of those nodes.
func (w *World) migrateClients(t *Server) []*migrateConn {
	var out []*migrateConn
	for _, o := range w.servers {
		if c := o.migrateConns[t.name]; c != nil {
			out = append(out, c)
		}
	}
	return out
}

// migrateTarget resolves MIGRATE's host and port: a node name (which takes
// both places), or 127.0.0.1/localhost and a node's port. rest is what
// follows them.
func (w *World) migrateTarget(argv []string) (t *Server, rest []string, ok bool) {
	if t = w.server(argv[1]); t != nil {
		return t, argv[2:], true
	}
	if len(argv) < 6 {
		return nil, nil, false
	}
	for _, o := range w.servers {
		if strconv.Itoa(o.port) == argv[2] && (argv[1] == "127.0.0.1" || argv[1] == "localhost") {
			return o, argv[3:], true
		}
	}
	return nil, argv[3:], true
}

// cmdMigrate is migrateCommand.
func cmdMigrate(c *cmdCtx) Reply {
	t, rest, ok := c.w.migrateTarget(c.argv)
	if !ok || len(rest) < 3 {
		return errArity("migrate")
	}
	copyKeys, replace := false, false
	var username, password string
	auth := false
	keys := rest[:1]
	for j := 3; j < len(rest); j++ {
		more := len(rest) - 1 - j
		switch strings.ToLower(rest[j]) {
		case "copy":
			copyKeys = true
		case "replace":
			replace = true
		case "auth":
			if more < 1 {
				return errSyntax
			}
			j++
			password, auth = rest[j], true
		case "auth2":
			if more < 2 {
				return errSyntax
			}
			username, password, auth = rest[j+1], rest[j+2], true
			j += 2
		case "keys":
			if rest[0] != "" {
				return errReply("ERR When using MIGRATE KEYS option, the key argument must be set to the empty string")
			}
			keys = rest[j+1:]
			j = len(rest)
		default:
			return errSyntax
		}
	}
	timeout, ok1 := parseInt(rest[2])
	dbid, ok2 := parseInt(rest[1])
	if !ok1 || !ok2 {
		return errNotInt
	}
	if timeout <= 0 {
		timeout = 1000
	}
	type found struct {
		key string
		e   *entry
	}
	var fs []found
	for _, k := range keys {
		if e := c.lookupRead(k); e != nil {
			fs = append(fs, found{k, e})
		}
	}
	if len(fs) == 0 {
		return statusReply("NOKEY")
	}
	if t == nil {
		return errReply("IOERR error or timeout connecting to the client")
	}
	if t == c.s || c.w.paused(t) {
		// The target would answer only after this command returns (itself)
		// or after its pause: Redis waits the timeout and gives up, and
		// the target runs the commands later. Not modelled.
		return errReply("ERR ReplScope cannot run MIGRATE to " + t.name + " now: it would answer only after MIGRATE's timeout (itself, or paused clients), which is not modelled")
	}
	// What goes over the connection: AUTH, SELECT, one RESTORE per key.
	var auths []string
	if auth {
		auths = []string{"AUTH", password}
		if username != "" {
			auths = []string{"AUTH", username, password}
		}
	}
	var restores [][]string
	var moved []string
	ver := c.w.Version().rdb()
	for _, f := range fs {
		var ttl int64
		if f.e.expire != 0 {
			if ttl = f.e.expire - c.now(); ttl < 0 {
				continue
			}
			ttl = max(ttl, 1)
		}
		r := []string{"RESTORE", f.key, itoa(ttl), string(createDumpPayload(f.e, ver, c.s.cfg.encLimits()))}
		if replace {
			r = append(r, "REPLACE")
		}
		restores = append(restores, r)
		moved = append(moved, f.key)
	}
	conn := c.s.migrateConn(t, c.w.unixMillis()/1000)
	authReply, selectReply, replies := c.w.migrateSend(c.s, t, conn, auths, dbid, restores)
	// Redis reads the replies key by key: an AUTH or SELECT error counts
	// for every key (none is deleted), the first error is the one reported.
	var header string
	switch {
	case authReply.IsError():
		header = authReply.Str
	case selectReply.IsError():
		header = selectReply.Str
	}
	var failed string
	del := []string{"DEL"}
	for j, r := range replies {
		switch {
		case header != "" || r.IsError():
			failed = cmp.Or(failed, header, r.Str)
		case !copyKeys:
			c.delKey(moved[j])
			c.dirty++
			del = append(del, moved[j])
		}
	}
	if len(del) > 1 {
		c.rewrite(del...)
	}
	if failed != "" {
		conn.lastDB = -1
		return errReply("ERR Target instance replied with error: " + failed)
	}
	conn.lastDB = dbid
	return okReply
}

// migrateConn is migrateGetSocket: the cached connection to a target, or
// a new one. Clones share the map and its connections: each use copies
// them (MIGRATE is rare; the cache holds a few).
func (s *Server) migrateConn(t *Server, now int64) *migrateConn {
	target := t.name
	m := make(map[string]*migrateConn, len(s.migrateConns)+1)
	for k, v := range s.migrateConns {
		m[k] = v
	}
	c := &migrateConn{lastDB: -1}
	if old := m[target]; old != nil {
		*c = *old
	} else {
		t.stat.numConnections++ // the target accepts a new connection
	}
	c.lastUse = now
	m[target] = c
	s.migrateConns = m
	return c
}

// expandNodeAddr rewrites MIGRATE NAME ... to MIGRATE 127.0.0.1 PORT ...
// and FAILOVER ... TO NAME ... to FAILOVER ... TO 127.0.0.1 PORT ...: a
// node name stands for its host and port, as in REPLICAOF, so that the
// rest (ACL key checks, COMMAND GETKEYS, a MULTI queue) sees Redis's form.
func (w *World) expandNodeAddr(argv []string) []string {
	// Lengths first: this runs before every command.
	if len(argv) >= 3 && len(argv[0]) == len("failover") && strings.EqualFold(argv[0], "failover") {
		for i := 1; i+1 < len(argv); i++ {
			if t := w.server(argv[i+1]); t != nil && strings.EqualFold(argv[i], "to") {
				out := make([]string, 0, len(argv)+1)
				out = append(append(out, argv[:i+1]...), "127.0.0.1", strconv.Itoa(t.port))
				return append(out, argv[i+2:]...)
			}
		}
		return argv
	}
	if len(argv) < 2 || len(argv[0]) != len("migrate") || !strings.EqualFold(argv[0], "migrate") {
		return argv
	}
	t := w.server(argv[1])
	if t == nil {
		return argv
	}
	out := make([]string, 0, len(argv)+1)
	return append(append(out, argv[0], "127.0.0.1", strconv.Itoa(t.port)), argv[2:]...)
}

// migrateSend runs what MIGRATE wrote on the target, as the connection's
// client: AUTH (if any), SELECT (unless the connection is already in that
// db), then each RESTORE, each propagated by the target as it runs. The
// replies come back in order; the source reads them after writing all.
func (w *World) migrateSend(src, t *Server, conn *migrateConn, auth []string, dbid int64, restores [][]string) (authReply, selectReply Reply, replies []Reply) {
	// The target's commands use the world's one command context, which
	// holds MIGRATE's own: kept aside, with its propagation list.
	ctx, saved, reply := w.ctx, t.client, w.reply
	txn, script, multi62 := w.txn, w.script, w.multi62
	w.ctx.ops = nil
	t.client = conn.client
	run := func(argv []string) Reply {
		w.emit(Event{Kind: EvExecuted, Node: t.name, Peer: src.name, Argv: argv, Text: "sent by " + src.name + "'s MIGRATE connection", Func: "migrateCommand"})
		w.clientCommand(t.index, argv)
		conn.lastCmd = strings.ToLower(argv[0])
		return w.reply
	}
	if auth != nil {
		authReply = run(auth)
	}
	if conn.lastDB != dbid {
		selectReply = run([]string{"SELECT", itoa(dbid)})
	}
	for _, r := range restores {
		replies = append(replies, run(r))
	}
	conn.client = t.client
	t.client, w.reply, w.ctx = saved, reply, ctx
	w.txn, w.script, w.multi62 = txn, script, multi62
	return authReply, selectReply, replies
}

// migrateCloseTimedoutSockets closes the cached connections idle for
// more than MIGRATE_SOCKET_CACHE_TTL seconds (serverCron, once a second).
func (w *World) migrateCloseTimedoutSockets(s *Server) {
	now := w.unixMillis() / 1000
	s.migrateCloseSockets(func(_ string, c *migrateConn) bool { return now-c.lastUse > migrateSocketCacheTTL })
}

// migrateCloseSockets drops the cached connections close says to, into a
// new map (clones share the old one).
func (s *Server) migrateCloseSockets(close func(target string, c *migrateConn) bool) {
	var m map[string]*migrateConn
	for k, v := range s.migrateConns {
		if !close(k, v) {
			if m == nil {
				m = make(map[string]*migrateConn, len(s.migrateConns))
			}
			m[k] = v
		}
	}
	s.migrateConns = m
}
