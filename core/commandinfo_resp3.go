package core

// COMMAND INFO and COMMAND DOCS for a RESP3 client. The embedded replies
// are a 7.0.15 server's RESP2 ones; server.c builds them with
// addReplyMapLen and addReplySetLen at known places, so their RESP3 form
// follows from their shape: flags, categories, tips, key specs and
// history are sets, docs, arguments and key specs are maps.

// asSet is an array reply as a set.
func asSet(r Reply) Reply {
	if r.Kind == '*' {
		r.Kind = '~'
	}
	return r
}

// asMap is a flat key, value array as a map, each value through fn.
func asMap(r Reply, fn func(key string, v Reply) Reply) Reply {
	if r.Kind != '*' {
		return r
	}
	out := Reply{Kind: '%', Array: make([]Reply, len(r.Array))}
	copy(out.Array, r.Array)
	for i := 0; i+1 < len(out.Array); i += 2 {
		out.Array[i+1] = fn(out.Array[i].Str, out.Array[i+1])
	}
	return out
}

// commandInfo3 is addReplyCommandInfo's entry: name, arity, flags, first,
// last, step, ACL categories, tips, key specs, subcommands.
func commandInfo3(r Reply) Reply {
	if r.Kind != '*' || len(r.Array) != 10 {
		return r // a nil for an unknown command
	}
	a := make([]Reply, 10)
	copy(a, r.Array)
	a[2], a[6], a[7] = asSet(a[2]), asSet(a[6]), asSet(a[7])
	specs := Reply{Kind: '~', Array: make([]Reply, len(a[8].Array))}
	for i, s := range a[8].Array {
		specs.Array[i] = asMap(s, keySpec3)
	}
	a[8] = specs
	if len(a[9].Array) == 0 {
		a[9] = asSet(a[9]) // addReplyCommandSubCommands: no subcommands, an empty set
	} else {
		subs := Reply{Kind: '*', Array: make([]Reply, len(a[9].Array))}
		for i, s := range a[9].Array {
			subs.Array[i] = commandInfo3(s)
		}
		a[9] = subs
	}
	return Reply{Kind: '*', Array: a}
}

// keySpec3 is a key spec's field: flags a set, begin_search and find_keys
// maps of type and spec (a map too).
func keySpec3(key string, v Reply) Reply {
	switch key {
	case "flags":
		return asSet(v)
	case "begin_search", "find_keys":
		return asMap(v, func(k string, v Reply) Reply {
			if k == "spec" {
				return asMap(v, keep)
			}
			return v
		})
	}
	return v
}

func keep(_ string, v Reply) Reply { return v }

// commandDocs3 is addReplyCommandDocs: a map whose doc_flags and history
// are sets, arguments maps, subcommands a map of name to docs.
func commandDocs3(r Reply) Reply {
	return asMap(r, func(key string, v Reply) Reply {
		switch key {
		case "doc_flags", "history":
			return asSet(v)
		case "arguments":
			return args3(v)
		case "subcommands":
			return asMap(v, func(_ string, d Reply) Reply { return commandDocs3(d) })
		}
		return v
	})
}

// args3 is addReplyCommandArgList: an array of maps, their flags sets.
func args3(r Reply) Reply {
	out := Reply{Kind: '*', Array: make([]Reply, len(r.Array))}
	for i, a := range r.Array {
		out.Array[i] = asMap(a, func(key string, v Reply) Reply {
			switch key {
			case "flags":
				return asSet(v)
			case "arguments":
				return args3(v)
			}
			return v
		})
	}
	return out
}

// commandInfo is an entry as the client's protocol has it.
func (c *cmdCtx) commandInfo(r Reply) Reply {
	if c.resp3 {
		return commandInfo3(r)
	}
	return r
}
