package core

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"sync"
)

// acl.c: the users of one server, their selectors (commands, keys,
// channels), ACL SETUSER's rules and the permission check processCommand
// makes. Users live in the process only: ACL commands are not propagated,
// and a restart (no ACL file) starts again with the default user alone.

// User flags, in ACLUserFlags' order (how GETUSER and LIST print them).
const (
	userOn uint8 = 1 << iota
	userOff
	userNopass
	userSkipSanitize
	userSanitize
)

var aclUserFlagNames = []struct {
	flag uint8
	name string
}{{userOn, "on"}, {userOff, "off"}, {userNopass, "nopass"}, {userSkipSanitize, "skip-sanitize-payload"}, {userSanitize, "sanitize-payload"}}

// Key pattern permissions (%R~, %W~; ~ is both).
const (
	aclRead uint8 = 1 << iota
	aclWrite
	aclAll = aclRead | aclWrite
)

type aclKeyPattern struct {
	pat   string
	flags uint8
}

// aclSelector is what a selector allows; the root one is the user's own.
// It is never changed once a server holds it (copy on write).
type aclSelector struct {
	allKeys, allChannels bool
	allCommands          bool // SELECTOR_FLAG_ALLCOMMANDS: no check at all
	future               bool // the reserved bit only +@all sets
	keys                 []aclKeyPattern
	channels             []string
	allowed              map[string]bool     // command bits, by full name
	firstArgs            map[string][]string // +select|0 (allowed_firstargs)
	rules                []string            // 7.2's command_rules: what ACL LIST says there
}

type aclUser struct {
	name      string
	flags     uint8
	passwords []string // SHA-256 hex, in the order added
	selectors []*aclSelector
}

// aclUsers is the Users rax; never changed in place (World clones share it).
type aclUsers map[string]*aclUser

func (s *aclSelector) copy() *aclSelector {
	c := *s
	c.keys = append([]aclKeyPattern(nil), s.keys...)
	c.channels = append([]string(nil), s.channels...)
	c.allowed = make(map[string]bool, len(s.allowed))
	for k, v := range s.allowed {
		c.allowed[k] = v
	}
	c.rules = append([]string(nil), s.rules...)
	c.firstArgs = make(map[string][]string, len(s.firstArgs))
	for k, v := range s.firstArgs {
		c.firstArgs[k] = append([]string(nil), v...)
	}
	return &c
}

func (u *aclUser) copy() *aclUser {
	c := *u
	c.passwords = append([]string(nil), u.passwords...)
	c.selectors = make([]*aclSelector, len(u.selectors))
	for i, s := range u.selectors {
		c.selectors[i] = s.copy()
	}
	return &c
}

func newSelector() *aclSelector {
	return &aclSelector{allowed: map[string]bool{}, firstArgs: map[string][]string{}}
}

// newACLUser is ACLCreateUser: off, no passwords, nothing allowed; the
// channels acl-pubsub-default says (resetchannels in 7.0).
func (s *Server) newACLUser(name string, v *Version) *aclUser {
	u := &aclUser{name: name, flags: userOff, selectors: []*aclSelector{newSelector()}}
	if v.sanitizePayload {
		u.flags |= userSanitize
	}
	if s.cfg.get("acl-pubsub-default") == "allchannels" {
		u.selectors[0].allChannels = true
	}
	return u
}

// defaultACLUser is ACLCreateDefaultUser.
func defaultACLUser(v *Version) *aclUser {
	root := newSelector()
	root.setAll(true)
	root.allKeys, root.allChannels = true, true
	u := &aclUser{name: "default", flags: userOn | userNopass, selectors: []*aclSelector{root}}
	if v.sanitizePayload {
		u.flags |= userSanitize
	}
	return u
}

// users is the server's Users: the default user alone until SETUSER.
func (s *Server) users(v *Version) aclUsers {
	if s.acl == nil {
		return aclUsers{"default": defaultACLUser(v)}
	}
	return s.acl
}

func (s *Server) aclUser(v *Version, name string) *aclUser { return s.users(v)[name] }

// defaultAuthenticates says whether a client is authenticated without
// AUTH: the default user is on and has nopass (authRequired,
// clientSetDefaultAuth).
func (s *Server) defaultAuthenticates(v *Version) bool {
	if s.acl == nil {
		return true // defaultACLUser: on and nopass, not built to be read
	}
	u := s.aclUser(v, "default")
	return u != nil && u.flags&userOn != 0 && u.flags&userNopass != 0
}

// updateRequirePass is ACLUpdateDefaultUserPassword: requirepass is the
// default user's one password, nopass when empty. Connections already
// authenticated stay so.
func (s *Server) updateRequirePass(v *Version, pass string) {
	users := s.users(v)
	u := users["default"].copy()
	u.setUser("resetpass", v, false)
	if pass != "" {
		u.setUser(">"+pass, v, false)
	} else {
		u.setUser("nopass", v, false)
	}
	next := make(aclUsers, len(users))
	for k, uu := range users {
		next[k] = uu
	}
	next["default"] = u
	s.acl = next
}

// clientUser is the user the scenario's client is authenticated as.
func (s *Server) clientUser() string {
	if s.client.user == "" {
		return "default"
	}
	return s.client.user
}

// The command table as ACL sees it (server.orig_commands): every command
// and subcommand of 7.0's table with its ACL categories, from the dumped
// COMMAND INFO.
type aclCmd struct {
	name string // full name
	cats map[string]bool
	subs []*aclCmd
}

var (
	aclTableOnce sync.Once
	aclTable     []*aclCmd          // top-level commands, by name
	aclByName    map[string]*aclCmd // full names
)

func aclCmdOf(r Reply) *aclCmd {
	c := &aclCmd{name: r.Array[0].Str, cats: map[string]bool{}}
	for _, cat := range r.Array[6].Array {
		c.cats[strings.TrimPrefix(cat.Str, "@")] = true
	}
	if len(r.Array) > 9 {
		for _, sr := range r.Array[9].Array {
			c.subs = append(c.subs, aclCmdOf(sr))
		}
		sort.Slice(c.subs, func(i, j int) bool { return c.subs[i].name < c.subs[j].name })
	}
	return c
}

func aclCommands() []*aclCmd {
	aclTableOnce.Do(func() {
		aclByName = map[string]*aclCmd{}
		for _, rc := range redisTable {
			if strings.Contains(rc.name, "|") {
				continue
			}
			r, ok := commandInfoReply(rc.name)
			if !ok {
				continue
			}
			c := aclCmdOf(r)
			aclTable = append(aclTable, c)
			aclByName[c.name] = c
			for _, sc := range c.subs {
				aclByName[sc.name] = sc
			}
		}
	})
	return aclTable
}

// aclLookupCommand is ACLLookupCommand: "name" or "container|sub".
func aclLookupCommand(name string) *aclCmd {
	aclCommands()
	name = strings.ToLower(name)
	if strings.Count(name, "|") > 1 {
		return nil
	}
	return aclByName[name]
}

func isACLCategory(name string) bool {
	for _, c := range aclCategories {
		if strings.EqualFold(c, name) {
			return true
		}
	}
	return false
}

// setAll is +@all (true) and -@all (false).
func (s *aclSelector) setAll(on bool) {
	s.allowed = map[string]bool{}
	if on {
		for _, c := range aclCommands() {
			s.allowed[c.name] = true
			for _, sc := range c.subs {
				s.allowed[sc.name] = true
			}
		}
	}
	s.allCommands, s.future = on, on
	s.firstArgs = map[string][]string{}
	s.rules = nil
}

// updateRules is 7.2's ACLUpdateCommandRules: the rule replaces an earlier
// one for the same command (or for one of its subcommands) and goes last.
func (s *aclSelector) updateRules(rule string, allow bool) {
	rule = strings.ToLower(rule)
	kept := s.rules[:0:0]
	for _, r := range s.rules {
		if r[1:] != rule && !strings.HasPrefix(r[1:], rule+"|") {
			kept = append(kept, r)
		}
	}
	sign := "-"
	if allow {
		sign = "+"
	}
	s.rules = append(kept, sign+rule)
}

// acl72 is 7.2's ACL (command rules kept as written, NOPERM and DRYRUN
// texts naming the user): it came with the sanitize-payload flag.
func (v *Version) acl72() bool { return v.sanitizePayload }

func (s *aclSelector) setBit(name string, on bool) {
	if on {
		s.allowed[name] = true
		return
	}
	delete(s.allowed, name)
	s.allCommands = false
}

// changePerm is ACLChangeSelectorPerm: a container's subcommands follow it.
func (s *aclSelector) changePerm(c *aclCmd, on bool) {
	s.setBit(c.name, on)
	delete(s.firstArgs, c.name)
	for _, sc := range c.subs {
		s.setBit(sc.name, on)
	}
}

// setCategory is ACLSetSelectorCommandBitsForCategory.
func (s *aclSelector) setCategory(cat string, on bool, cmds []*aclCmd) {
	for _, c := range cmds {
		if c.cats[cat] {
			s.changePerm(c, on)
		}
		s.setCategory(cat, on, c.subs)
	}
}

// aclErr is ACLSetUserStringError's text for a failed rule.
type aclErr string

const (
	aclErrSyntax      aclErr = "Syntax error"
	aclErrUnknown     aclErr = "Unknown command or category name in ACL"
	aclErrKeysAll     aclErr = "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns"
	aclErrChannelsAll aclErr = "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels"
	aclErrNoPass      aclErr = "The password you are trying to remove from the user does not exist"
	aclErrBadHash     aclErr = "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters"
	aclErrFirstArgSub aclErr = "Allowing first-arg of a subcommand is not supported"
)

func hasSpaces(s string) bool { return strings.ContainsAny(s, " \x00") }

// set is ACLSetSelector: one rule about commands, keys or channels.
func (s *aclSelector) set(op string) aclErr {
	switch {
	case strings.EqualFold(op, "allkeys") || op == "~*":
		s.allKeys, s.keys = true, nil
	case strings.EqualFold(op, "resetkeys"):
		s.allKeys, s.keys = false, nil
	case strings.EqualFold(op, "allchannels") || op == "&*":
		s.allChannels, s.channels = true, nil
	case strings.EqualFold(op, "resetchannels"):
		s.allChannels, s.channels = false, nil
	case strings.EqualFold(op, "allcommands") || strings.EqualFold(op, "+@all"):
		s.setAll(true)
	case strings.EqualFold(op, "nocommands") || strings.EqualFold(op, "-@all"):
		s.setAll(false)
	case op[0] == '~' || op[0] == '%':
		return s.addKeyPattern(op)
	case op[0] == '&':
		if s.allChannels {
			return aclErrChannelsAll
		}
		if hasSpaces(op[1:]) {
			return aclErrSyntax
		}
		found := false
		for _, c := range s.channels {
			found = found || c == op[1:]
		}
		if !found {
			s.channels = append(s.channels, op[1:])
		}
		s.allChannels = false
	case len(op) > 1 && (op[0] == '+' || op[0] == '-') && op[1] == '@':
		if !isACLCategory(op[2:]) {
			return aclErrUnknown
		}
		s.setCategory(strings.ToLower(op[2:]), op[0] == '+', aclCommands())
		s.updateRules(op[1:], op[0] == '+')
	case op[0] == '+' && strings.Contains(op, "|"):
		return s.allowSub(op[1:])
	case op[0] == '+' || op[0] == '-':
		c := aclLookupCommand(op[1:])
		if c == nil {
			return aclErrUnknown
		}
		s.changePerm(c, op[0] == '+')
		s.updateRules(c.name, op[0] == '+')
	default:
		return aclErrSyntax
	}
	return ""
}

// addKeyPattern is ~pattern and %R~, %W~, %RW~pattern.
func (s *aclSelector) addKeyPattern(op string) aclErr {
	if s.allKeys {
		return aclErrKeysAll
	}
	flags, off := aclAll, 1
	if op[0] == '%' {
		flags = 0
		for ; off < len(op); off++ {
			switch ch := op[off]; {
			case (ch == 'R' || ch == 'r') && flags&aclRead == 0:
				flags |= aclRead
				continue
			case (ch == 'W' || ch == 'w') && flags&aclWrite == 0:
				flags |= aclWrite
				continue
			case ch == '~' && flags != 0:
				off++
			default:
				return aclErrSyntax
			}
			break
		}
	}
	pat := op[off:]
	if hasSpaces(pat) {
		return aclErrSyntax
	}
	for i := range s.keys {
		if s.keys[i].pat == pat {
			s.keys[i].flags |= flags
			return ""
		}
	}
	s.keys = append(s.keys, aclKeyPattern{pat, flags})
	s.allKeys = false
	return ""
}

// allowSub is +container|sub, or the deprecated +command|first-arg.
func (s *aclSelector) allowSub(name string) aclErr {
	i := strings.LastIndexByte(name, '|')
	c := aclLookupCommand(name[:i])
	if c == nil {
		return aclErrUnknown
	}
	if strings.Contains(c.name, "|") {
		return aclErrFirstArgSub
	}
	sub := name[i+1:]
	if sub == "" {
		return aclErrSyntax
	}
	if len(c.subs) > 0 {
		sc := aclLookupCommand(name)
		if sc == nil {
			return aclErrUnknown
		}
		s.changePerm(sc, true)
		s.updateRules(name, true)
		return ""
	}
	s.updateRules(name, true)
	for _, a := range s.firstArgs[c.name] {
		if strings.EqualFold(a, sub) {
			return ""
		}
	}
	s.firstArgs[c.name] = append(s.firstArgs[c.name], sub)
	return ""
}

// setUser is ACLSetUser: user flags and passwords, selectors, or a rule
// of the root selector.
func (u *aclUser) setUser(op string, v *Version, pubsubAll bool) aclErr {
	switch {
	case op == "":
	case strings.EqualFold(op, "on"):
		u.flags = u.flags&^userOff | userOn
	case strings.EqualFold(op, "off"):
		u.flags = u.flags&^userOn | userOff
	case strings.EqualFold(op, "skip-sanitize-payload"):
		u.flags = u.flags&^userSanitize | userSkipSanitize
	case strings.EqualFold(op, "sanitize-payload"):
		u.flags = u.flags&^userSkipSanitize | userSanitize
	case strings.EqualFold(op, "nopass"):
		u.flags |= userNopass
		u.passwords = nil
	case strings.EqualFold(op, "resetpass"):
		u.flags &^= userNopass
		u.passwords = nil
	case op[0] == '>' || op[0] == '#':
		h := hashPassword(op[1:])
		if op[0] == '#' {
			if !validHash(op[1:]) {
				return aclErrBadHash
			}
			h = op[1:]
		}
		found := false
		for _, p := range u.passwords {
			found = found || p == h
		}
		if !found {
			u.passwords = append(u.passwords, h)
		}
		u.flags &^= userNopass
	case op[0] == '<' || op[0] == '!':
		h := hashPassword(op[1:])
		if op[0] == '!' {
			if !validHash(op[1:]) {
				return aclErrBadHash
			}
			h = op[1:]
		}
		for i, p := range u.passwords {
			if p == h {
				u.passwords = append(u.passwords[:i:i], u.passwords[i+1:]...)
				return ""
			}
		}
		return aclErrNoPass
	case op[0] == '(' && op[len(op)-1] == ')':
		sel := newSelector()
		for _, a := range strings.Fields(op[1 : len(op)-1]) {
			if e := sel.set(a); e != "" {
				return e
			}
		}
		u.selectors = append(u.selectors, sel)
	case strings.EqualFold(op, "clearselectors"):
		u.selectors = u.selectors[:1]
	case strings.EqualFold(op, "reset"):
		u.setUser("resetpass", v, pubsubAll)
		u.setUser("resetkeys", v, pubsubAll)
		u.setUser("resetchannels", v, pubsubAll)
		if pubsubAll {
			u.setUser("allchannels", v, pubsubAll)
		}
		u.setUser("off", v, pubsubAll)
		u.setUser("sanitize-payload", v, pubsubAll)
		u.setUser("clearselectors", v, pubsubAll)
		u.setUser("-@all", v, pubsubAll)
	default:
		return u.selectors[0].set(op)
	}
	return ""
}

func hashPassword(p string) string {
	h := sha256.Sum256([]byte(p))
	return hex.EncodeToString(h[:])
}

// validHash is ACLCheckPasswordHash: 64 lowercase hex digits.
func validHash(h string) bool {
	if len(h) != 64 {
		return false
	}
	for i := 0; i < len(h); i++ {
		if !(h[i] >= '0' && h[i] <= '9' || h[i] >= 'a' && h[i] <= 'f') {
			return false
		}
	}
	return true
}

// mergeSelectorArgs is ACLMergeSelectorArguments: "(~x" "+get)" is one
// selector; -1 and the index of an unclosed one.
func mergeSelectorArgs(argv []string) ([]string, int) {
	var out []string
	open, sel := -1, ""
	for j, op := range argv {
		if open == -1 && op != "" && op[0] == '(' && op[len(op)-1] != ')' {
			open, sel = j, op
			continue
		}
		if open != -1 {
			sel += " " + op
			if op != "" && op[len(op)-1] == ')' {
				open = -1
				out = append(out, sel)
			}
			continue
		}
		out = append(out, op)
	}
	return out, open
}

// describeCommands is ACLDescribeSelectorCommandRules (7.0): +@all or
// -@all, the categories that fit best, then single commands. Redis walks
// its command dict for the single commands, in an order its random hash
// seed picks; the model names them in alphabetical order. 7.2 says the
// rules as they were written.
func (s *aclSelector) describeCommands(v *Version) string {
	if v.acl72() {
		head := "-@all"
		if s.future {
			head = "+@all"
		}
		return strings.Join(append([]string{head}, s.rules...), " ")
	}
	cmds := aclCommands()
	additive := !s.future
	fake, temp := newSelector(), newSelector()
	rules := []string{"-@all"}
	if !additive {
		rules[0] = "+@all"
		fake.setAll(true)
	}
	for k, v := range s.allowed {
		temp.allowed[k] = v
	}
	applied := map[string]bool{}
	for {
		best, mindiff, maxsame := "", int(^uint(0)>>1), 0
		for _, cat := range aclCategories {
			if applied[cat] {
				continue
			}
			on, off := temp.countCategory(cat, cmds)
			diff, same := off, on
			if !additive {
				diff, same = on, off
			}
			if same > diff && (diff < mindiff || diff == mindiff && same > maxsame) {
				best, mindiff, maxsame = cat, diff, same
			}
		}
		if best == "" {
			break
		}
		fake.setCategory(best, additive, cmds)
		temp.setCategory(best, !additive, cmds)
		sign := "+@"
		if !additive {
			sign = "-@"
		}
		rules = append(rules, sign+best)
		applied[best] = true
	}
	return strings.Join(s.singleCommands(fake, rules, cmds), " ")
}

func (s *aclSelector) countCategory(cat string, cmds []*aclCmd) (on, off int) {
	for _, c := range cmds {
		if c.cats[cat] {
			if s.allowed[c.name] {
				on++
			} else {
				off++
			}
		}
		a, b := s.countCategory(cat, c.subs)
		on, off = on+a, off+b
	}
	return on, off
}

// singleCommands is ACLDescribeSelectorCommandRulesSingleCommands.
func (s *aclSelector) singleCommands(fake *aclSelector, rules []string, cmds []*aclCmd) []string {
	for _, c := range cmds {
		bit := s.allowed[c.name]
		if bit != fake.allowed[c.name] {
			sign := "-"
			if bit {
				sign = "+"
			}
			rules = append(rules, sign+c.name)
			fake.changePerm(c, bit)
		}
		rules = s.singleCommands(fake, rules, c.subs)
		if !bit {
			for _, a := range s.firstArgs[c.name] {
				rules = append(rules, "+"+c.name+"|"+a)
			}
		}
	}
	return rules
}

func (p aclKeyPattern) String() string {
	switch p.flags {
	case aclAll:
		return "~" + p.pat
	case aclRead:
		return "%R~" + p.pat
	case aclWrite:
		return "%W~" + p.pat
	}
	return "%~" + p.pat // Redis panics on a pattern without permissions
}

// keysText and channelsText are GETUSER's "keys" and "channels".
func (s *aclSelector) keysText() string {
	if s.allKeys {
		return "~*"
	}
	parts := make([]string, len(s.keys))
	for i, k := range s.keys {
		parts[i] = k.String()
	}
	return strings.Join(parts, " ")
}

func (s *aclSelector) channelsText() string {
	if s.allChannels {
		return "&*"
	}
	parts := make([]string, len(s.channels))
	for i, c := range s.channels {
		parts[i] = "&" + c
	}
	return strings.Join(parts, " ")
}

// describe is ACLDescribeSelector, ACL LIST's form.
func (s *aclSelector) describe(v *Version) string {
	var b strings.Builder
	if s.allKeys {
		b.WriteString("~* ")
	} else {
		for _, k := range s.keys {
			b.WriteString(k.String() + " ")
		}
	}
	if s.allChannels {
		b.WriteString("&* ")
	} else {
		b.WriteString("resetchannels ")
		for _, c := range s.channels {
			b.WriteString("&" + c + " ")
		}
	}
	b.WriteString(s.describeCommands(v))
	return b.String()
}

func (u *aclUser) flagNames() []string {
	var out []string
	for _, f := range aclUserFlagNames {
		if u.flags&f.flag != 0 {
			out = append(out, f.name)
		}
	}
	return out
}

// describe is ACLDescribeUser.
func (u *aclUser) describe(v *Version) string {
	var b strings.Builder
	for _, f := range u.flagNames() {
		b.WriteString(f + " ")
	}
	for _, p := range u.passwords {
		b.WriteString("#" + p + " ")
	}
	for i, s := range u.selectors {
		if i == 0 {
			b.WriteString(s.describe(v))
		} else {
			b.WriteString(" (" + s.describe(v) + ")")
		}
	}
	return b.String()
}

// ACL check results, as acl.c numbers them (the larger is reported).
const (
	aclOK = iota
	aclDeniedCmd
	aclDeniedKey
	aclDeniedAuth
	aclDeniedChannel
)

// checkCmd is ACLSelectorCheckCmd: the command bit (or first-arg), then
// every key against the patterns, then the channels; idx is the argument
// refused.
func (s *aclSelector) checkCmd(cmd *command, argv []string) (int, int) {
	if !s.allCommands && !strings.Contains(cmd.rflags, "no_auth") && !s.allowed[cmd.name] {
		idx := 1
		if cmd.parent != nil {
			idx = 2
		}
		ok := false
		for _, a := range s.firstArgs[cmd.name] {
			ok = ok || len(argv) > idx && strings.EqualFold(argv[idx], a)
		}
		if !ok {
			return aclDeniedCmd, 0
		}
	}
	if !s.allKeys {
		for _, k := range keysFromCommand(cmd, argv) {
			if !s.keyAllowed(argv[k.pos], k.flags) {
				return aclDeniedKey, k.pos
			}
		}
	}
	if !s.allChannels {
		for _, ch := range channelsOf(cmd, argv) {
			if !s.channelAllowed(argv[ch.pos], ch.pattern) {
				return aclDeniedChannel, ch.pos
			}
		}
	}
	return aclOK, 0
}

// keyAllowed is ACLSelectorCheckKey: access needs R, insert, update and
// delete need W.
func (s *aclSelector) keyAllowed(key string, specFlags []string) bool {
	var need uint8
	for _, f := range specFlags {
		switch f {
		case "access":
			need |= aclRead
		case "insert", "update", "delete":
			need |= aclWrite
		}
	}
	for _, p := range s.keys {
		if p.flags&need == need && globMatch(p.pat, key, false) {
			return true
		}
	}
	return false
}

// channelAllowed is ACLCheckChannelAgainstList: a pattern (PSUBSCRIBE)
// must be one of the user's patterns as written.
func (s *aclSelector) channelAllowed(ch string, pattern bool) bool {
	for _, p := range s.channels {
		if pattern && p == ch || !pattern && globMatch(p, ch, false) {
			return true
		}
	}
	return false
}

type channelRef struct {
	pos     int
	pattern bool
}

// channelsOf is getChannelsFromCommand for the commands that publish or
// subscribe.
func channelsOf(cmd *command, argv []string) []channelRef {
	var out []channelRef
	switch cmd.name {
	case "publish", "spublish":
		out = append(out, channelRef{pos: 1})
	case "subscribe", "ssubscribe", "psubscribe":
		for i := 1; i < len(argv); i++ {
			out = append(out, channelRef{pos: i, pattern: cmd.name == "psubscribe"})
		}
	}
	return out
}

// checkAll is ACLCheckAllUserCommandPerm: allowed when one selector
// allows it; else the most relevant refusal.
func (u *aclUser) checkAll(cmd *command, argv []string) (int, int) {
	relevant, last := aclDeniedCmd, 0
	for _, s := range u.selectors {
		r, idx := s.checkCmd(cmd, argv)
		if r == aclOK {
			return aclOK, 0
		}
		if r > relevant || r == relevant && idx > last {
			relevant, last = r, idx
		}
	}
	return relevant, last
}

// aclCheck is ACLCheckAllPerm for the scenario's client.
func (s *Server) aclCheck(cmd *command, argv []string) int {
	r, _ := s.aclCheckAt(cmd, argv)
	return r
}

// aclCheckAt is aclCheck with the position of the refused argument.
func (s *Server) aclCheckAt(cmd *command, argv []string) (int, int) {
	if s.acl == nil {
		return aclOK, 0 // the default user, untouched: everything
	}
	u := s.acl[s.clientUser()]
	if u == nil {
		return aclOK, 0
	}
	return u.checkAll(cmd, argv)
}

// aclLogDenied logs a refusal of cmd by the ACL checks (processCommand,
// EXEC, a script's call) in context.
func (w *World) aclLogDenied(s *Server, r, pos int, cmd *command, argv []string, context, lastcmd string) {
	w.aclLogAdd(s, r, context, aclDeniedObject(r, pos, cmd, argv), s.clientUser(), lastcmd)
}

// aclDenied is processCommand's ACL check for the scenario's client: the
// NOPERM reply, ok false when the command may run.
func (w *World) aclDenied(s *Server, cmd *command, argv []string) (Reply, bool) {
	if s.acl == nil {
		return Reply{}, false // the default user, untouched: inlined, as it runs before every command
	}
	return w.aclDeniedUser(s, cmd, argv)
}

func (w *World) aclDeniedUser(s *Server, cmd *command, argv []string) (Reply, bool) {
	r, pos := s.aclCheckAt(cmd, argv)
	if r == aclOK {
		return Reply{}, false
	}
	return w.aclDeny(s, r, pos, cmd, argv), true
}

// aclDeny logs a refusal and words its NOPERM.
func (w *World) aclDeny(s *Server, r, pos int, cmd *command, argv []string) Reply {
	context := "toplevel"
	if s.client.inMulti {
		context = "multi"
	}
	w.aclLogDenied(s, r, pos, cmd, argv, context, cmd.name)
	u := s.acl[s.clientUser()]
	if w.Version().acl72() {
		return errReply("NOPERM " + aclErrorMessage(r, u.name, cmd, "", false, true))
	}
	switch r {
	case aclDeniedCmd:
		return errReply("NOPERM this user has no permissions to run the '" + cmd.name + "' command")
	case aclDeniedKey:
		return errReply("NOPERM this user has no permissions to access one of the keys used as arguments")
	}
	return errReply("NOPERM this user has no permissions to access one of the channels used as arguments")
}

// aclErrorMessage is getAclErrorMessage: verbose names the key or
// channel; 7.2 names the user where 7.0 says "This user".
func aclErrorMessage(r int, user string, cmd *command, val string, verbose, v72 bool) string {
	who := "This user"
	if v72 {
		who = "User " + user
	}
	switch r {
	case aclDeniedCmd:
		return who + " has no permissions to run the '" + cmd.name + "' command"
	case aclDeniedKey:
		if verbose {
			return who + " has no permissions to access the '" + val + "' key"
		}
		return "No permissions to access a key"
	}
	if verbose {
		return who + " has no permissions to access the '" + val + "' channel"
	}
	return "No permissions to access a channel"
}

// aclExecReason is execCommand's reason for a queued command the rules
// refuse by the time EXEC runs it.
func aclExecReason(r int) string {
	switch r {
	case aclDeniedCmd:
		return "no permission to execute the command or subcommand"
	case aclDeniedKey:
		return "no permission to touch the specified keys"
	}
	return "no permission to access one of the channels used as arguments"
}

// scriptACLError is scriptVerifyACL's text for a command a script's user
// may not run (7.2: "ACL failure in script: " and getAclErrorMessage).
func scriptACLError(v *Version, r int, user string, cmd *command) string {
	if v.acl72() {
		return "ACL failure in script: " + aclErrorMessage(r, user, cmd, "", false, true)
	}
	switch r {
	case aclDeniedCmd:
		return "The user executing the script can't run this command or subcommand"
	case aclDeniedKey:
		return "The user executing the script can't access at least one of the keys mentioned in the command arguments"
	}
	return "The user executing the script can't publish to the channel mentioned in the command"
}
