package core

// RESP3 for the scenario's client after HELLO 3: the reply builders that
// look at the client's protocol as networking.c's addReplyMapLen,
// addReplySetLen, addReplyDouble, addReplyBool and addReplyVerbatim look
// at c->resp. A RESP2 client gets what those send it: a flat array, a
// bulk string, an integer. Scripts' redis.call runs as a RESP2 client until
// the script calls redis.setresp(3) (scriptRun.resp3).

// mapReply is addReplyMapLen with its keys and values in turn.
func (c *cmdCtx) mapReply(kv []Reply) Reply {
	if c.resp3 {
		return Reply{Kind: '%', Array: kv}
	}
	return Reply{Kind: '*', Array: kv}
}

// setReply is addReplySetLen with its members.
func (c *cmdCtx) setReply(items []Reply) Reply {
	if c.resp3 {
		return Reply{Kind: '~', Array: items}
	}
	return Reply{Kind: '*', Array: items}
}

// doubleReply is addReplyDouble.
func (c *cmdCtx) doubleReply(f float64) Reply { return c.doubleText(c.double(f)) }

// doubleText is a double already formatted as the command formats it
// (addReplyHumanLongDouble's ld2string, the same text in both protocols).
func (c *cmdCtx) doubleText(s string) Reply {
	if c.resp3 {
		return Reply{Kind: ',', Str: s}
	}
	return bulkReply(s)
}

// boolReply is addReplyBool.
func (c *cmdCtx) boolReply(b bool) Reply {
	kind := byte(':')
	if c.resp3 {
		kind = '#'
	}
	if b {
		return Reply{Kind: kind, Int: 1}
	}
	return Reply{Kind: kind}
}

// verbatimReply is addReplyVerbatim with the format "txt".
func (c *cmdCtx) verbatimReply(s string) Reply {
	if c.resp3 {
		return Reply{Kind: '=', Str: s}
	}
	return bulkReply(s)
}

// pairsReply is a reply of (member, score) or (field, value) pairs, flat
// for a RESP2 client and as two-element arrays for RESP3 (ZRANGE
// WITHSCORES, ZRANDMEMBER and HRANDFIELD with their values: the sites
// that test c->resp > 2).
func (c *cmdCtx) pairsReply(flat []Reply) Reply {
	if !c.resp3 {
		return Reply{Kind: '*', Array: flat}
	}
	out := make([]Reply, len(flat)/2)
	for i := range out {
		out[i] = Reply{Kind: '*', Array: flat[2*i : 2*i+2 : 2*i+2]}
	}
	return Reply{Kind: '*', Array: out}
}

// setOf is addReplySetLen with members as bulk strings.
func (c *cmdCtx) setOf(members []string) Reply { return c.setReply(arrayReply(members).Array) }

// streamsReply is XREAD's streams, key and entries in turn: a map for
// RESP3, an array of [key, entries] pairs for RESP2 (xreadCommand).
func (c *cmdCtx) streamsReply(kv []Reply) Reply {
	if c.resp3 {
		return Reply{Kind: '%', Array: kv}
	}
	out := make([]Reply, len(kv)/2)
	for i := range out {
		out[i] = Reply{Kind: '*', Array: kv[2*i : 2*i+2 : 2*i+2]}
	}
	return Reply{Kind: '*', Array: out}
}

// userReply is ACL GETUSER's user for the client's protocol: a map whose
// flags are a set (aclCommand's setDeferredSetLen and setDeferredMapLen).
func (c *cmdCtx) userReply(r Reply) Reply {
	if !c.resp3 {
		return r
	}
	return asMap(r, func(key string, v Reply) Reply {
		switch key {
		case "flags":
			return asSet(v)
		case "selectors": // each a map too (aclAddReplySelectorDescription)
			out := Reply{Kind: '*', Array: make([]Reply, len(v.Array))}
			for i, sel := range v.Array {
				out.Array[i] = asMap(sel, func(_ string, v Reply) Reply { return v })
			}
			return out
		}
		return v
	})
}
