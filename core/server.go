package core

// Server is one redis-server process: its keyspace, its one scenario
// client, and its replication state, with the field names of server.h.
type Server struct {
	name  string
	index int
	port  int
	up    bool
	cfg   config
	// cfgLines are the scenario's successful `config` lines for this
	// server, in order: what it starts with again after `restart` (the
	// harness passes them on the command line; a CONFIG SET command is
	// lost, as on a server without a config file). Never appended in
	// place: clones share it.
	cfgLines [][2]string
	ks       *keyspace

	client      clientState   // the scenario's single connection to this server
	acl         aclUsers      // ACL SETUSER's users (nil: the default user alone); copied on write
	aclLog      []aclLogEntry // ACL LOG, newest first (acl_log.go); replaced, never changed
	aclLogCount int64         // entries ever made (7.2's entry-id)

	// Replication, master side (server.replid ... server.slaves).
	replid             string
	replid2            string
	secondReplidOffset int64
	masterReplOffset   int64
	backlog            replBacklog // nil: repl_backlog_active:0
	slaveseldb         int
	slaves             []*replicaClient
	noSlavesSince      int64    // ms; repl_no_slaves_since
	freedBacklog       [2]int64 // first byte and histlen of the backlog last freed (6.2's INFO keeps them)

	// Replication, replica side.
	masterhost          string // the master's node name; "" for a master
	masterIdx           int    // its index, kept with masterhost
	replState           replState
	master              *masterClient // server.master
	cachedMaster        *masterClient // server.cached_master
	masterInitialOffset int64
	pendingReplid       string // the id of +FULLRESYNC, until the RDB is loaded
	downSince           int64
	syncHold            bool // `sync NAME hold`: its full syncs stop after +FULLRESYNC (outbuf.go)

	// INFO stats.
	syncFull, syncPartialOK, syncPartialErr int64
	stats                                   *serverStats // commandstats, errorstats, latency histograms (stats.go); nil: none yet
	stat                                    statCounters // the other counters of INFO stats (stats.go)

	// INFO persistence (info_sections.go): server.dirty, lastsave (ms),
	// stat_rdb_saves, whether a child has saved since the start
	// (rdb_save_time_last is -1 until then) and the keys the last RDB
	// load brought.
	dirty, lastSave, rdbSaves, loadedKeys int64
	forked                                bool

	activeExpireOff bool // DEBUG SET-ACTIVE-EXPIRE 0: expiry only when a key is read

	// maxmemory (evict.go). preCommandOOM is server.pre_command_oom_state:
	// performEvictions failed when processCommand ran the command now
	// running (a script's first denyoom redis.call is refused then).
	// evictionTimer is startEvictionTimeProc's timer event, which CONFIG
	// SET maxmemory starts. evictNextDB is the random policies' next_db.
	preCommandOOM bool
	evictionTimer bool
	evictNextDB   int
	// mem is keyspaceMemory kept up to date key by key (evict.go): every
	// command under a maxmemory asks for it.
	mem keyspaceMem
	// syncLoaded: a full sync's RDB was loaded since the process started
	// (its bio threads then hold arenas of their own: jemalloc_stats.go).
	syncLoaded bool

	cronLoops int64 // replication_cron_loops
	bornAt    int64 // ms when the process started; crons fire each second after
	startLRU  int64 // the LRU clock at the start: the shared integers' (evict.go)
	// lrand48 is rand.c's 48-bit state behind math.random: one per
	// process, from rand48Start at its start (script.go).
	lrand48   uint64
	shared    *sharedLRU // shared integers touched since (nil: none)
	pauseType int8       // CLIENT PAUSE (pause.go)
	pauseEnd  int64      // unix ms when the pause ends

	// FAILOVER (failover.go): server.failover_state, failover_end_time
	// (unix ms, 0: none), force_failover, and the target (its index + 1;
	// 0: any replica, not chosen yet).
	failoverState  int8
	forceFailover  bool
	failoverEnd    int64
	failoverTarget int
	failoverNews   bool // begun in this event-loop turn: its event is still to come

	rdb *rdbFile // dump.rdb on disk, for restart

	migrateConns map[string]*migrateConn // MIGRATE's cached connections by target (migrate.go); copied on write

	lua *luaStore // scripts and functions (script.go); replaced, never changed
}

// replState is server.repl_state on a replica.
type replState uint8

const (
	replNone      replState = iota // a master
	replConnect                    // must connect (REPL_STATE_CONNECT)
	replHandshake                  // connected, PSYNC sent, waiting for the answer
	replTransfer                   // +FULLRESYNC received, RDB on its way
	replConnected                  // streaming
)

func (s replState) String() string {
	return [...]string{"none", "connect", "handshake", "sync", "connected"}[s]
}

// clientState is the scenario's client: selected db, MULTI queue, and the
// offset of its last write (c->woff, for WAIT).
type clientState struct {
	db       int
	inMulti  bool
	multiErr bool
	queue    [][]string
	execLen  int // while EXEC runs its queue: its length + 1, as CLIENT_MULTI stays set (0: not in EXEC)
	woff     int64
	watched  []watchedKey // WATCH (multi.go); copied on write
	dirtyCAS bool         // a watched key changed: EXEC fails
	name     string       // CLIENT SETNAME
	resp3    bool         // HELLO 3: replies in RESP3 (resp3.go)
	user     string       // AUTH's user ("": default)
	noEvict  bool         // CLIENT NO-EVICT ON (RESET keeps it)
	luaDebug bool         // SCRIPT DEBUG YES|SYNC (CLIENT_LUA_DEBUG; RESET keeps it)
	// noAuth: c->authenticated is 0 (a new connection, or RESET, while
	// the default user has a password or is off): authRequired refuses
	// every command but AUTH, HELLO, QUIT and RESET.
	noAuth bool
	// closing: CLIENT_CLOSE_AFTER_REPLY (QUIT, CLIENT KILL of itself): the
	// connection closes once the reply is written; EXEC's later replies
	// are dropped.
	closing bool
}

// masterClient is server.master (or server.cached_master) on a replica.
type masterClient struct {
	replid      string
	reploff     int64 // applied: slave_repl_offset
	readReploff int64 // read: slave_read_repl_offset
	db          int
	querybuf    []byte
	qbpos       int
	applied     int // repl_applied: bytes of querybuf already proxied
	inMulti     bool
	multiErr    bool // CLIENT_DIRTY_EXEC: a queued command was refused (maxmemory)
	multiQueue  [][]string
	ackSent     int64
	lastIO      int64 // ms of the last byte read
	postponed   bool  // its next command waits for a CLIENT PAUSE's end (pause.go)
}

func (m *masterClient) clone() *masterClient {
	if m == nil {
		return nil
	}
	c := *m
	c.querybuf = append([]byte(nil), m.querybuf...)
	c.multiQueue = append([][]string(nil), m.multiQueue...)
	return &c
}

// slaveState is client->replstate for a replica client on the master.
type slaveState uint8

const (
	slaveWaitBgsaveStart slaveState = iota + 1
	slaveWaitBgsaveEnd
	slaveSendBulk
	slaveOnline
)

func (s slaveState) String() string {
	switch s {
	case slaveWaitBgsaveStart, slaveWaitBgsaveEnd:
		return "wait_bgsave"
	case slaveSendBulk:
		return "send_bulk"
	case slaveOnline:
		return "online"
	}
	return ""
}

// replicaClient is a connected replica as its master sees it.
type replicaClient struct {
	name               string
	index              int // the replica's server index
	state              slaveState
	ref                bufRef // ref_repl_buf_node / ref_block_pos
	ackOff             int64  // repl_ack_off
	psyncInitialOffset int64
	writeQueued        bool     // a tWrite for it is in the queue
	waitAck            bool     // online, but the stream waits for its first ACK (a held sync)
	closeASAP          bool     // over its output-buffer limit: freed in beforeSleep
	softSince          int64    // obuf_soft_limit_reached_time, unix seconds (0: not reached)
	acked              bool     // it has sent REPLCONF ACK (CLIENT LIST's cmd=replconf)
	rdb                *rdbFile // the RDB being sent during a full sync
}

// rdbFile is an RDB: the dataset and the replication info saved with it
// (rdbPopulateSaveInfo): repl-id, repl-offset, repl-stream-db.
type rdbFile struct {
	ks         *keyspace
	hasInfo    bool
	replid     string
	offset     int64
	streamDB   int
	keys       int
	wasReplica string // the master it replicated at shutdown, for restart
	usage      rdbUsage
}

// slaveAt finds a replica client by the replica's server index.
func (s *Server) slaveAt(index int) *replicaClient {
	for _, r := range s.slaves {
		if r.index == index {
			return r
		}
	}
	return nil
}

func (s *Server) findSlave(name string) (int, *replicaClient) {
	for i, r := range s.slaves {
		if r.name == name {
			return i, r
		}
	}
	return -1, nil
}

// clone deep-copies the server; the keyspace and backlog copy themselves.
func (s *Server) clone() *Server {
	c := *s
	c.ks = s.ks.snapshot()
	if s.stats != nil {
		s.stats.frozen = true // both copies write a copy of their own
	}
	if s.shared != nil {
		s.shared.frozen = true // both copies write a copy of their own
	}
	if s.backlog != nil {
		c.backlog = s.backlog.clone()
	}
	c.client.queue = append([][]string(nil), s.client.queue...)
	c.slaves = make([]*replicaClient, len(s.slaves))
	for i, r := range s.slaves {
		rc := *r
		c.slaves[i] = &rc
	}
	c.master = s.master.clone()
	c.cachedMaster = s.cachedMaster.clone()
	return &c
}

// isMaster is iAmMaster: no masterhost.
func (s *Server) isMaster() bool { return s.masterhost == "" }
