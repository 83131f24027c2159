package core

// pubsub.c: the scenario's clients never subscribe (SUBSCRIBE is refused),
// so a message reaches no one; PUBLISH and SPUBLISH are still propagated
// (forceCommandPropagation), which is what replication shows.

func cmdPublish(c *cmdCtx) Reply {
	c.force = true
	return intReply(0)
}

func cmdPubsubChannels(c *cmdCtx) Reply { return arrayReply(nil) }

func cmdPubsubNumsub(c *cmdCtx) Reply {
	var out []Reply
	for _, ch := range c.argv[2:] {
		out = append(out, bulkReply(ch), intReply(0))
	}
	return Reply{Kind: '*', Array: append([]Reply{}, out...)}
}

func cmdPubsubNumpat(c *cmdCtx) Reply { return intReply(0) }
