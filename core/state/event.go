package state

import "fmt"

// EventKind names what happened. Every event carries the numbers that make
// its explanation, and the Redis function that does it.
type EventKind uint8

// The event kinds, in the order a command's bytes meet them.
const (
	EvExecuted       EventKind = iota + 1 // a client's command ran (A: dirty)
	EvQueued                              // a command was queued inside MULTI
	EvSelect                              // SELECT emitted into the stream
	EvFed                                 // bytes fed to the replication buffer
	EvBlockAdded                          // a new buffer block (A: id, B: size)
	EvBacklogTrimmed                      // blocks trimmed (A: blocks, B: bytes)
	EvSent                                // the master wrote bytes to a replica's socket
	EvRead                                // a replica read bytes from its master
	EvApplied                             // a replica applied one command from its master
	EvAck                                 // REPLCONF ACK reached the master (A: offset)
	EvLinkDown                            // a replica's link went down
	EvLinkUp                              // a replica's link is up and streaming
	EvPsyncAsked                          // the replica sent PSYNC
	EvPsyncAnswered                       // the master answered (Psync)
	EvRDBProduced                         // the master produced an RDB for a full sync
	EvRDBLoaded                           // the replica loaded it
	EvBacklogCreated                      // createReplicationBacklog
	EvBacklogFreed                        // freeReplicationBacklog
	EvReplIDChanged                       // a new replication id (Text: why)
	EvReplIDShifted                       // shiftReplicationId: old id kept as id2
	EvPing                                // replicationCron fed a PING
	EvGetAck                              // REPLCONF GETACK * fed for WAIT
	EvReplicaDropped                      // the master freed a replica's client
	EvReplicaOnline                       // the master put a replica online
	EvRestart                             // a server shut down and started again
	EvRoleChanged                         // REPLICAOF changed a server's role or master
	EvConfig                              // CONFIG SET
	EvExpired                             // a key expired on the master (DEL)
	EvExpect                              // an expect line was checked
	EvCron                                // virtual time reached a replicationCron tick
	EvStarted                             // a new server process started
	EvSyncHold                            // `sync R hold|release` (A: 1 hold, 0 release; B: 1 if a held sync continues)
	EvSyncHeld                            // R read +FULLRESYNC on a held link: the rest waits (A: the sync's offset)
	EvLinkStall                           // `link R stall|resume` (A: 1 stall, 0 resume; B: bytes waiting)
	EvOutputLimit                         // a replica's output buffer passed its limit (A: omem, B: limit; Argv: kind, blocks, how, seconds)
	EvCacheDropped                        // a replica discarded its cached master on +FULLRESYNC (Redis 6.2)
	EvFailover                            // master_failover_state changed (A: the new state, B: master_repl_offset; Peer: the target)
	EvClientClosed                        // the scenario's connection closed after its reply (QUIT, CLIENT KILL of itself; Text: the command)
	EvEvicted                             // maxmemory evicted a key (Text: the key; Argv: DEL or UNLINK, the policy; A: its db)
)

var eventNames = map[EventKind]string{
	EvExecuted: "executed", EvQueued: "queued", EvSelect: "select", EvFed: "fed",
	EvBlockAdded: "block-added", EvBacklogTrimmed: "backlog-trimmed", EvSent: "sent",
	EvRead: "read", EvApplied: "applied", EvAck: "ack", EvLinkDown: "link-down",
	EvLinkUp: "link-up", EvPsyncAsked: "psync-asked", EvPsyncAnswered: "psync-answered",
	EvRDBProduced: "rdb-produced", EvRDBLoaded: "rdb-loaded", EvBacklogCreated: "backlog-created",
	EvBacklogFreed: "backlog-freed", EvReplIDChanged: "replid-changed", EvReplIDShifted: "replid-shifted",
	EvPing: "ping", EvGetAck: "getack", EvReplicaDropped: "replica-dropped",
	EvReplicaOnline: "replica-online", EvRestart: "restart", EvRoleChanged: "role-changed",
	EvConfig: "config", EvExpired: "expired", EvExpect: "expect", EvCron: "cron", EvStarted: "started",
	EvSyncHold: "sync-hold", EvSyncHeld: "sync-held", EvLinkStall: "link-stall", EvOutputLimit: "output-limit",
	EvCacheDropped: "cache-dropped", EvFailover: "failover", EvClientClosed: "client-closed",
	EvEvicted: "evicted",
}

func (k EventKind) String() string {
	if s, ok := eventNames[k]; ok {
		return s
	}
	return fmt.Sprintf("event(%d)", uint8(k))
}

// Kinds lists every event kind.
func Kinds() []EventKind {
	out := make([]EventKind, 0, len(eventNames))
	for k := range eventNames {
		out = append(out, k)
	}
	return out
}
