package conformance

import (
	"fmt"
	"strings"
	"time"
)

// The scenario's client and the harness's polling connection can be
// closed by the scenario itself: QUIT, a CLIENT KILL that matches the
// caller and ACL DELUSER of the caller's user close the scenario's
// connection once the reply is written (CLIENT_CLOSE_AFTER_REPLY), and a CLIENT KILL that matches the polling
// connection (TYPE normal, USER default) closes that one at once. The core
// has no polling connection, and its scenario client comes back on a new
// connection (newConnection): the harness connects again in both cases,
// and leaves the polling connection out of the kill's count.

// afterReply follows a scenario command's reply on n's connections, and
// gives the reply as the core would see it.
func (h *Harness) afterReply(n *rnode, args []string, v value) (value, error) {
	kind := closeKind(args)
	if v.kind == '+' && v.str == "QUEUED" {
		n.multi = append(n.multi, kind)
		return v, nil
	}
	var kills []int // the replies, in v or EXEC's array, of CLIENT KILLs
	switch kind {
	case "multi", "discard", "reset":
		n.multi = nil
		return v, nil
	case "quit":
		n.multi = nil
		if v.kind == '+' {
			return v, n.reconnect()
		}
		return v, nil
	case "client|kill", "acl|deluser":
		if v.kind == '-' {
			return v, nil
		}
		if kind == "client|kill" {
			kills = []int{-1}
		}
	case "exec":
		closing := false
		for i, q := range n.multi {
			closing = closing || q == "client|kill" || q == "acl|deluser"
			if q == "client|kill" && v.kind == '*' && i < len(v.array) {
				kills = append(kills, i)
			}
		}
		n.multi = nil
		if !closing {
			return v, nil
		}
	default:
		return v, nil
	}
	if len(kills) > 0 {
		if err := n.pollAfterKill(&v, kills); err != nil {
			return v, err
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

// pollAfterKill opens the polling connection again if a CLIENT KILL
// closed it, and takes it out of the first count it is in.
func (n *rnode) pollAfterKill(v *value, kills []int) error {
	if _, err := n.do(n.poll, cmdTimeout, "PING"); err == nil {
		return nil
	}
	p, err := dial(n.port, time.Second)
	if err != nil {
		return err
	}
	n.poll.Close()
	n.poll = p
	n.own.conns++ // total_connections_received: the harness's, as at start
	if r, err := n.do(n.poll, cmdTimeout, "PING"); err != nil || r.kind == '-' {
		return fmt.Errorf("%s: the scenario's CLIENT KILL closed the harness's polling connection, which cannot log in again (%s %v): a default user with a password is not for CLIENT KILL TYPE normal or USER default", n.name, r.str, err)
	}
	// The first kill that closed anything closed the polling connection
	// too (the one a scenario can match is its TYPE normal or USER
	// default).
	for _, i := range kills {
		c := v
		if i >= 0 {
			c = &v.array[i]
		}
		if c.kind == ':' && c.int > 0 {
			c.int--
			break
		}
	}
	return nil
}

// reconnect opens the scenario's connection to n again.
func (n *rnode) reconnect() error {
	c, err := dial(n.port, time.Second)
	if err != nil {
		return err
	}
	n.client.Close()
	n.client = c
	// total_connections_received: the scenario's connections are the
	// harness's, as the first one is (the core counts other servers').
	n.own.conns++
	return nil
}

// closeKind is what the harness follows of a command: "client|kill",
// "acl|deluser", "quit", "exec", "multi", "discard", "reset", or "".
func closeKind(args []string) string {
	switch name := fullName(args); name {
	case "client|kill", "quit", "exec", "multi", "discard", "reset":
		return name
	case "acl":
		if len(args) > 1 && strings.EqualFold(args[1], "deluser") {
			return "acl|deluser"
		}
	}
	return ""
}

// closes says whether a command may close the scenario's connection: a
// repeat of it is played one command at a time.
func closes(args []string) bool {
	switch closeKind(args) {
	case "quit", "client|kill", "acl|deluser", "exec":
		return true
	}
	return false
}
