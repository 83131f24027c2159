package core

import (
	"strings"
)

func cmdPing(c *cmdCtx) Reply {
	switch len(c.argv) {
	case 1:
		return statusReply("PONG")
	case 2:
		return bulkReply(c.argv[1])
	}
	return errArity("ping")
}

func cmdInfo(c *cmdCtx) Reply {
	section := ""
	if len(c.argv) > 1 {
		section = strings.ToLower(c.argv[1])
	}
	return bulkReply(c.w.info(c.s, section))
}

func cmdRole(c *cmdCtx) Reply {
	s := c.s
	if s.masterhost == "" {
		var reps []Reply
		for _, r := range s.slaves {
			if r.state != slaveOnline {
				continue
			}
			p := c.w.server(r.name)
			reps = append(reps, arrayReply([]string{"127.0.0.1", itoa(int64(p.port)), itoa(r.ackOff)}))
		}
		return Reply{Kind: '*', Array: []Reply{bulkReply("master"), intReply(s.masterReplOffset), {Kind: '*', Array: reps}}}
	}
	m := c.w.server(s.masterhost)
	state := map[replState]string{replConnect: "connect", replHandshake: "handshake", replTransfer: "sync", replConnected: "connected"}[s.replState]
	off := int64(-1)
	if s.master != nil {
		off = s.master.reploff
	}
	return Reply{Kind: '*', Array: []Reply{bulkReply("slave"), bulkReply("127.0.0.1"), intReply(int64(m.port)), bulkReply(state), intReply(off)}}
}

// goodReplicas is repl_good_slaves_count: replicas online whose last ack
// is at most min-replicas-max-lag seconds old (acks come every second, so
// in the model an online replica is a good one).
func (w *World) goodReplicas(s *Server) int {
	n := 0
	for _, r := range s.slaves {
		if r.state == slaveOnline {
			n++
		}
	}
	return n
}
