package core

import (
	"math"
	"strconv"
	"strings"
)

// blocked.c: a blocking command whose keys hold data is served at once as
// its non-blocking form (and propagated so). On empty keys, inside MULTI
// or a script it answers nil at once, as Redis does; with a timeout it
// answers nil too (the model does not let a line's client wait: the time
// it would wait is not added to virtual time); with timeout 0 it would
// wait forever, which one scripted client cannot do, so it is refused.

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
	return Reply{}, true
}

func blockedReply(c *cmdCtx) Reply {
	if c.timeout == 0 && !c.inExec && !c.inScript && !c.fromMaster {
		name := strings.ToUpper(c.argv[0])
		return errReply("ERR ReplScope cannot run " + name + " with timeout 0 on empty keys: it would block the scenario's only client forever; give a timeout, or fill the key first")
	}
	return nilArrayReply
}
