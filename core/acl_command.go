package core

import (
	"sort"
	"strings"
)

// aclCommand's subcommands and AUTH (acl.c), on the server's own users.

// cmdAclSetuser is ACL SETUSER: every rule is tried on a copy, and the
// user changes (or is created) only when all of them are valid.
func cmdAclSetuser(c *cmdCtx) Reply {
	v := c.w.Version()
	if v.redis62 {
		return errReply("ERR ReplScope models ACL SETUSER as Redis 7.0 and later do, not as 6.2 (no selectors, other GETUSER and LIST texts)")
	}
	name := c.argv[2]
	if hasSpaces(name) {
		return errReply("ERR Usernames can't contain spaces or null characters")
	}
	args, open := mergeSelectorArgs(c.argv[3:])
	if open >= 0 {
		return errReply("ERR Unmatched parenthesis in acl selector starting at '" + c.argv[3+open] + "'.")
	}
	users := c.s.users(v)
	var u *aclUser
	if old := users[name]; old != nil {
		u = old.copy()
	} else {
		u = c.s.newACLUser(name, v)
	}
	pubsubAll := c.s.cfg.get("acl-pubsub-default") == "allchannels"
	for _, op := range args {
		if e := u.setUser(op, v, pubsubAll); e != "" {
			return errReply("ERR Error in ACL SETUSER modifier '" + op + "': " + string(e))
		}
	}
	next := make(aclUsers, len(users)+1)
	for k, uu := range users {
		next[k] = uu
	}
	next[name] = u
	c.s.acl = next
	return okReply
}

// sortedUsers is the Users rax's order.
func (s *Server) sortedUsers(v *Version) []*aclUser {
	users := s.users(v)
	names := make([]string, 0, len(users))
	for n := range users {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]*aclUser, len(names))
	for i, n := range names {
		out[i] = users[n]
	}
	return out
}

func cmdAclUsers(c *cmdCtx) Reply {
	var names []string
	for _, u := range c.s.sortedUsers(c.w.Version()) {
		names = append(names, u.name)
	}
	return arrayReply(names)
}

func cmdAclList(c *cmdCtx) Reply {
	v := c.w.Version()
	var lines []string
	for _, u := range c.s.sortedUsers(v) {
		if c.s.acl == nil || u.name == "default" && isDefaultUntouched(u, v) {
			lines = append(lines, v.aclDescribeDefault())
			continue
		}
		lines = append(lines, "user "+u.name+" "+u.describe(v))
	}
	return arrayReply(lines)
}

// isDefaultUntouched: the default user as it starts (its texts per version
// are version.go's).
func isDefaultUntouched(u *aclUser, v *Version) bool {
	d := defaultACLUser(v)
	return u.describe(v) == d.describe(v)
}

func cmdAclWhoami(c *cmdCtx) Reply { return bulkReply(c.s.clientUser()) }

func cmdAclGetuser(c *cmdCtx) Reply {
	v := c.w.Version()
	u := c.s.aclUser(v, c.argv[2])
	if u == nil {
		return nilArrayReply
	}
	if u.name == "default" && isDefaultUntouched(u, v) {
		if r, ok := v.aclGetuserDefault(); ok {
			return c.userReply(r)
		}
	}
	root := u.selectors[0]
	out := []Reply{bulkReply("flags"), arrayReply(u.flagNames()), bulkReply("passwords"), arrayReply(u.passwords)}
	out = append(out, selectorFields(root, v)...)
	sels := Reply{Kind: '*', Array: []Reply{}}
	for _, s := range u.selectors[1:] {
		sels.Array = append(sels.Array, Reply{Kind: '*', Array: selectorFields(s, v)})
	}
	out = append(out, bulkReply("selectors"), sels)
	return c.userReply(Reply{Kind: '*', Array: out})
}

// selectorFields is aclAddReplySelectorDescription.
func selectorFields(s *aclSelector, v *Version) []Reply {
	return []Reply{bulkReply("commands"), bulkReply(s.describeCommands(v)), bulkReply("keys"), bulkReply(s.keysText()),
		bulkReply("channels"), bulkReply(s.channelsText())}
}

// cmdAclDeluser removes users, and closes the connection of the
// scenario's client if it is logged in as one of them.
func cmdAclDeluser(c *cmdCtx) Reply {
	for _, u := range c.argv[2:] {
		if u == "default" {
			return errReply("ERR The 'default' user cannot be removed")
		}
	}
	v := c.w.Version()
	users := c.s.users(v)
	for _, u := range c.argv[2:] {
		if u == c.s.clientUser() && users[u] != nil {
			// ACLFreeUserAndKillClients: the caller is flagged
			// CLIENT_CLOSE_AFTER_COMMAND, which call() turns into
			// CLIENT_CLOSE_AFTER_REPLY once DELUSER returns.
			c.closeAfterReply()
		}
	}
	next := make(aclUsers, len(users))
	for k, uu := range users {
		next[k] = uu
	}
	deleted := 0
	for _, u := range c.argv[2:] {
		if next[u] != nil {
			delete(next, u)
			deleted++
		}
	}
	if deleted > 0 {
		c.s.acl = next
	}
	return intReply(int64(deleted))
}

// cmdAclDryrun is ACL DRYRUN user command args: the refusal as text.
func cmdAclDryrun(c *cmdCtx) Reply {
	u := c.s.aclUser(c.w.Version(), c.argv[2])
	if u == nil {
		return errReply("ERR User '" + c.argv[2] + "' not found")
	}
	argv := c.argv[3:]
	cmd, r := lookupCommand(argv)
	if cmd == nil {
		if strings.HasPrefix(r.Str, "ERR unknown") {
			return errReply("ERR Command '" + c.argv[3] + "' not found")
		}
		return r
	}
	if res, idx := u.checkAll(cmd, argv); res != aclOK {
		return bulkReply(aclErrorMessage(res, u.name, cmd, argv[idx], true, c.w.Version().acl72()))
	}
	return okReply
}

// authenticate is ACLCheckUserCredentials: an enabled user, and nopass or
// one of its passwords.
func (s *Server) authenticate(v *Version, name, pass string) bool {
	u := s.aclUser(v, name)
	if u == nil || u.flags&userOff != 0 || u.flags&userOn == 0 {
		return false
	}
	if u.flags&userNopass != 0 {
		return true
	}
	h := hashPassword(pass)
	for _, p := range u.passwords {
		if p == h {
			return true
		}
	}
	return false
}

var errWrongPass = errReply("WRONGPASS invalid username-password pair or user is disabled.")

// cmdAuth is AUTH [user] password.
func cmdAuth(c *cmdCtx) Reply {
	if len(c.argv) > 3 {
		return errSyntax
	}
	v := c.w.Version()
	name, pass := "default", c.argv[1]
	if len(c.argv) == 2 {
		if c.s.aclUser(v, "default").flags&userNopass != 0 {
			return errReply("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?")
		}
	} else {
		name, pass = c.argv[1], c.argv[2]
	}
	if !c.s.authenticate(v, name, pass) {
		c.w.aclLogAuth(c.s, c.argv[0], name, "auth")
		return errWrongPass
	}
	c.s.client.user, c.s.client.noAuth = name, false
	return okReply
}
