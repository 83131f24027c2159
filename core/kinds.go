package core

import "replscope/core/state"

// The data types views draw live in core/state, which the page links
// without the core; the core's names for them are aliases.
type (
	EventKind     = state.EventKind
	InFlight      = state.InFlight
	PsyncDecision = state.PsyncDecision
	Check         = state.Check
)

// The event kinds (core/state's).
const (
	EvExecuted       = state.EvExecuted
	EvQueued         = state.EvQueued
	EvSelect         = state.EvSelect
	EvFed            = state.EvFed
	EvBlockAdded     = state.EvBlockAdded
	EvBacklogTrimmed = state.EvBacklogTrimmed
	EvSent           = state.EvSent
	EvRead           = state.EvRead
	EvApplied        = state.EvApplied
	EvAck            = state.EvAck
	EvLinkDown       = state.EvLinkDown
	EvLinkUp         = state.EvLinkUp
	EvPsyncAsked     = state.EvPsyncAsked
	EvPsyncAnswered  = state.EvPsyncAnswered
	EvRDBProduced    = state.EvRDBProduced
	EvRDBLoaded      = state.EvRDBLoaded
	EvBacklogCreated = state.EvBacklogCreated
	EvBacklogFreed   = state.EvBacklogFreed
	EvReplIDChanged  = state.EvReplIDChanged
	EvReplIDShifted  = state.EvReplIDShifted
	EvPing           = state.EvPing
	EvGetAck         = state.EvGetAck
	EvReplicaDropped = state.EvReplicaDropped
	EvReplicaOnline  = state.EvReplicaOnline
	EvRestart        = state.EvRestart
	EvRoleChanged    = state.EvRoleChanged
	EvConfig         = state.EvConfig
	EvExpired        = state.EvExpired
	EvExpect         = state.EvExpect
	EvCron           = state.EvCron
	EvStarted        = state.EvStarted
	EvSyncHold       = state.EvSyncHold
	EvSyncHeld       = state.EvSyncHeld
	EvLinkStall      = state.EvLinkStall
	EvOutputLimit    = state.EvOutputLimit
	EvCacheDropped   = state.EvCacheDropped
	EvFailover       = state.EvFailover
	EvClientClosed   = state.EvClientClosed
	EvEvicted        = state.EvEvicted
)
