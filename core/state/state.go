// Package state holds the data the simulator shows: node states, link
// traffic, PSYNC decisions and event kinds. It imports nothing heavy, so
// that the page (app.wasm) can hold what the simulator (sim.wasm, in a
// Web Worker) sends without linking the simulator; the core aliases
// these types and keeps its API.
package state

// NodeState is what the visualizer draws for one server.
type NodeState struct {
	Name, Role          string // Role is "master" or "slave", as INFO says
	Up                  bool
	Master              string // the node it replicates ("" for a master)
	LinkStatus          string // "up", "down", or "" for a master
	LinkCut             bool   // `link NAME down` is in force
	Syncing             bool   // a full sync is in progress
	InFlight            int64  // bytes its master wrote that it has not read
	ReplID, ReplID2     string
	SecondReplOffset    int64
	MasterReplOffset    int64
	SlaveReadReplOffset int64
	SlaveReplOffset     int64
	Backlog             *BacklogState // nil when repl_backlog_active:0
	Replicas            []ReplicaState
	SyncFull            int64
	SyncPartialOK       int64
	SyncPartialErr      int64
	Keys                int
	SyncHold            bool  // `sync NAME hold` is in force
	SyncHeld            bool  // its full sync is held after +FULLRESYNC now
	LinkStalled         bool  // `link NAME stall` is in force
	MemReplBuffers      int64 // mem_total_replication_buffers
	ObufHard, ObufSoft  int64 // client-output-buffer-limit replica: the hard limit as applied (raised to repl-backlog-size), the soft one
	// FailoverState is master_failover_state as the events have told it:
	// a FAILOVER's state is set by the command, its event comes in
	// beforeSleep (failoverNews), and the view changes with the event.
	FailoverState string
}

// BacklogState is the backlog window and its blocks.
type BacklogState struct {
	Size, FirstByteOffset, HistLen int64
	Blocks                         []BlockState
}

// BlockState is one buffer block.
type BlockState struct {
	ID, Offset int64 // Offset: replication offset of its first byte
	Size, Used int64
	Refcount   int
	PinnedBy   []string // replicas whose unsent bytes start in it
}

// ReplicaState is a replica as its master sees it.
type ReplicaState struct {
	Name, State string
	AckOffset   int64 // the last REPLCONF ACK
	SentOffset  int64 // the last byte written to its socket
	Omem, Oll   int64 // its output buffer as CLIENT LIST reports it (outbuf.go)
	Closing     bool  // over its output-buffer limit, to be freed
}

// InFlight is what a view shows of a link: the stream bytes written by the
// master and not yet read by the replica, and other messages on the way.
type InFlight struct {
	Replica, Master string
	StreamFrom      int64 // replication offset of the first stream byte in flight
	StreamBytes     int64
	Messages        []string // one line per message, oldest first
}

// PsyncDecision is masterTryPartialResynchronization's verdict with every
// condition it checks, in its order, with the values it compared. The UI's
// card and the event's sentence are both drawn from it.
type PsyncDecision struct {
	Replica, Master string
	ReqID           string // "?" for a replica with no cached master
	ReqOffset       int64  // -1 with "?"
	Checks          []Check
	Continue        bool
	Reply           string // "+CONTINUE <id>" or "+FULLRESYNC <id> <offset>"
	Reason          string // one sentence

	// The master's side of the comparison.
	ReplID, ReplID2    string
	SecondReplOffset   int64
	HasBacklog         bool
	BacklogFirst       int64
	BacklogHistlen     int64
	MasterReplOffset   int64
	CountsAsPartialErr bool // sync_partial_err grows (a refused PSYNC that was not "?")
}

// Check is one condition and whether it held.
type Check struct {
	Name   string
	Detail string
	Holds  bool
}
