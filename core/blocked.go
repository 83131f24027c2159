package core

import (
	"math"
	"strconv"
	"strings"
)

// blocked.c: a blocking command whose keys hold data is served at once as
// its non-blocking form (and propagated so). On empty keys, inside MULTI
// or a script it answers nil at once, as Redis does; with a timeout the
// line's client waits that long in virtual time while the world goes on
// (crons, pings, acks, expiry), then gets the timeout's nil: nothing else
// can write the key meanwhile, since the scenario's one client is the one
// waiting. With timeout 0 it would wait forever, which one scripted client
// cannot do, so it is refused.

// blockTimeout is getTimeoutFromObjectOrReply (seconds, as a double).
func blockTimeout(c *cmdCtx, s string) (Reply, bool) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || strings.TrimSpace(s) != s {
		return errReply("ERR timeout is not a float or out of range"), false
	}
	if v < 0 {
		return errReply("ERR timeout is negative"), false
	}
	c.timeout = v
	c.blockMs = int64(math.Ceil(v * 1000)) // getTimeoutFromObjectOrReply: ceil of the milliseconds
	return Reply{}, true
}

func blockedReply(c *cmdCtx) Reply {
	if c.timeout == 0 && !c.inExec && !c.inScript && !c.fromMaster {
		name := strings.ToUpper(c.argv[0])
		return errReply("ERR ReplScope cannot run " + name + " with timeout 0 on empty keys: it would block the scenario's only client forever; give a timeout, or fill the key first")
	}
	if c.blockMs > 0 && !c.inExec && !c.inScript && !c.fromMaster {
		c.w.blockClient(c.s, c.blockMs, c.argv)
	}
	return nilArrayReply
}

// blockClient makes the line's client wait ms of virtual time for its
// timeout (blockForKeys, then handleBlockedClientsTimeout): the rest of the
// world runs as during an advance. Inside a repeat line the iterations do
// not wait (the harness pipelines them).
func (w *World) blockClient(s *Server, ms int64, argv []string) {
	w.emit(Event{Kind: EvExecuted, Node: s.name, Argv: argv, Text: "blocked: its keys are empty; it waits its timeout, " + fmtMillis(ms) + " of virtual time", Func: "blockForKeys"})
	if w.repeat == nil {
		w.advance(ms)
	}
}
