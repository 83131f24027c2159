package conformance

import "time"

// The scenario's client and the harness's polling connection can be
// closed by the scenario itself: QUIT and a CLIENT KILL that matches the
// caller close the scenario's connection once the reply is written
// (CLIENT_CLOSE_AFTER_REPLY), and a CLIENT KILL that matches the polling
// connection (TYPE normal, USER default) closes that one at once. The core
// has no polling connection, and its scenario client comes back on a new
// connection (newConnection): the harness connects again in both cases,
// and leaves the polling connection out of the kill's count.

// afterReply follows a scenario command's reply on n's connections, and
// gives the reply as the core would see it.
func (h *Harness) afterReply(n *rnode, args []string, v value) (value, error) {
	name := fullName(args)
	if v.kind == '+' && v.str == "QUEUED" {
		n.multi = append(n.multi, name)
		return v, nil
	}
	var kills []int // the replies, in v or EXEC's array, of CLIENT KILLs
	switch name {
	case "multi", "discard", "reset":
		n.multi = nil
		return v, nil
	case "quit":
		n.multi = nil
		if v.kind == '+' {
			return v, n.reconnect()
		}
		return v, nil
	case "client|kill":
		if v.kind == '-' {
			return v, nil
		}
		kills = []int{-1}
	case "exec":
		for i, q := range n.multi {
			if q == "client|kill" && v.kind == '*' && i < len(v.array) {
				kills = append(kills, i)
			}
		}
		n.multi = nil
	}
	if len(kills) == 0 {
		return v, nil
	}
	if _, err := n.do(n.poll, cmdTimeout, "PING"); err != nil {
		p, err := dial(n.port, time.Second)
		if err != nil {
			return v, err
		}
		n.poll.Close()
		n.poll = p
		// The first kill that closed anything closed the polling
		// connection too (the one a scenario can match is its TYPE
		// normal or USER default).
		for _, i := range kills {
			c := &v
			if i >= 0 {
				c = &v.array[i]
			}
			if c.kind == ':' && c.int > 0 {
				c.int--
				break
			}
		}
	}
	if n.client.closed {
		return v, n.reconnect()
	}
	if _, err := n.do(n.client, cmdTimeout, "PING"); err != nil {
		return v, n.reconnect()
	}
	return v, nil
}

// reconnect opens the scenario's connection to n again.
func (n *rnode) reconnect() error {
	c, err := dial(n.port, time.Second)
	if err != nil {
		return err
	}
	n.client.Close()
	n.client = c
	return nil
}

// closes says whether a command may close the scenario's connection: a
// repeat of it is played one command at a time.
func closes(args []string) bool {
	switch fullName(args) {
	case "quit", "client|kill", "exec":
		return true
	}
	return false
}
