package core

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// t_stream.c: streams and consumer groups. XADD * propagates the id it
// generated; XREADGROUP propagates what it changed as XCLAIM ... FORCE
// JUSTID LASTID per delivered entry and XGROUP SETID ... ENTRIESREAD, as
// 7.0 does. The live entries are kept in a slice in id order, beside the
// radix tree's listpack nodes that hold them and the ones XDEL and exact
// trims flagged deleted (t_stream_nodes.go).

type streamID struct{ ms, seq uint64 }

func (a streamID) less(b streamID) bool {
	return a.ms < b.ms || (a.ms == b.ms && a.seq < b.seq)
}

func (a streamID) String() string {
	return strconv.FormatUint(a.ms, 10) + "-" + strconv.FormatUint(a.seq, 10)
}

type streamEntry struct {
	id     streamID
	fields []string
}

type streamPending struct {
	consumer string
	time     int64
	count    int64
}

type streamConsumer struct {
	seen int64
}

type streamGroup struct {
	lastID      streamID
	entriesRead int64 // -1: unknown
	pel         map[streamID]*streamPending
	consumers   map[string]*streamConsumer
}

type streamValue struct {
	entries      []streamEntry
	lastID       streamID
	entriesAdded int64
	maxDeleted   streamID
	nodes        []*streamNode // the rax's listpacks, in key order (t_stream_nodes.go)
	groups       map[string]*streamGroup
}

func (s *streamValue) cloneValue() value {
	n := *s
	n.entries = append([]streamEntry(nil), s.entries...)
	n.nodes = make([]*streamNode, len(s.nodes))
	for i, nd := range s.nodes {
		n.nodes[i] = nd.clone()
	}
	n.groups = map[string]*streamGroup{}
	for k, g := range s.groups {
		ng := *g
		ng.pel = map[streamID]*streamPending{}
		for id, p := range g.pel {
			pp := *p
			ng.pel[id] = &pp
		}
		ng.consumers = map[string]*streamConsumer{}
		for cn, c := range g.consumers {
			cc := *c
			ng.consumers[cn] = &cc
		}
		n.groups[k] = &ng
	}
	return &n
}

func (s *streamValue) equalValue(o value) bool {
	b, ok := o.(*streamValue)
	if !ok || len(b.entries) != len(s.entries) || b.lastID != s.lastID || len(b.groups) != len(s.groups) || !s.equalNodes(b) {
		return false
	}
	for i := range s.entries {
		if s.entries[i].id != b.entries[i].id || strings.Join(s.entries[i].fields, "\x00") != strings.Join(b.entries[i].fields, "\x00") {
			return false
		}
	}
	for k, g := range s.groups {
		h, ok := b.groups[k]
		if !ok || h.lastID != g.lastID || len(h.pel) != len(g.pel) {
			return false
		}
	}
	return true
}

func (e *entry) stream() *streamValue { return e.obj.(*streamValue) }

var errStreamID = errReply("ERR Invalid stream ID specified as stream command argument")

// parseStreamID is streamGenericParseIDOrReply: "ms-seq", "ms" (seq
// missingSeq), "-" and "+".
func parseStreamID(s string, missingSeq uint64) (streamID, bool) {
	switch s {
	case "-":
		return streamID{0, 0}, true
	case "+":
		return streamID{math.MaxUint64, math.MaxUint64}, true
	}
	ms, seq, hasSeq := strings.Cut(s, "-")
	m, err := strconv.ParseUint(ms, 10, 64)
	if err != nil {
		return streamID{}, false
	}
	if !hasSeq {
		return streamID{m, missingSeq}, true
	}
	q, err := strconv.ParseUint(seq, 10, 64)
	if err != nil {
		return streamID{}, false
	}
	return streamID{m, q}, true
}

// parseRangeID reads a range bound, with "(" for exclusive.
func parseRangeID(s string, missingSeq uint64) (streamID, bool, bool) {
	ex := false
	if strings.HasPrefix(s, "(") {
		s, ex = s[1:], true
	}
	id, ok := parseStreamID(s, missingSeq)
	return id, ex, ok
}

func getStream(c *cmdCtx, key string) (*entry, Reply, bool) { return getTyped(c, key, typeStream) }

func entryReply(e streamEntry) Reply {
	return Reply{Kind: '*', Array: []Reply{bulkReply(e.id.String()), arrayReply(e.fields)}}
}

// trimSpec is streamAddTrimArgs: the XADD and XTRIM options.
type trimSpec struct {
	strategy byte // 0 none, 'm' maxlen, 'i' minid
	approx   bool
	maxlen   int64
	minid    streamID
	argIdx   int   // trim_strategy_arg_idx: the threshold's index in argv
	limit    int64 // entries streamTrim may remove, 0 unlimited
	// XADD's
	id                streamID
	idGiven, seqGiven bool
	noMkstream        bool
}

var (
	errXaddTopItem   = errReply("ERR The ID specified in XADD is equal or smaller than the target stream top item")
	errLimitNoApprox = errReply("ERR syntax error, LIMIT cannot be used without the special ~ option")
)

// parseStrictStreamID is streamParseStrictIDOrReply: "-" and "+" are
// refused; with seqGiven (XADD's id) "ms-*" leaves the sequence to
// streamAppendItem.
func parseStrictStreamID(s string, seqGiven *bool) (streamID, bool) {
	if len(s) > 127 || s == "-" || s == "+" {
		return streamID{}, false
	}
	if seqGiven != nil {
		*seqGiven = true
		if ms, seq, ok := strings.Cut(s, "-"); ok && seq == "*" {
			m, err := strconv.ParseUint(ms, 10, 64)
			if err != nil {
				return streamID{}, false
			}
			*seqGiven = false
			return streamID{m, 0}, true
		}
	}
	return parseStreamID(s, 0)
}

// parseAddOrTrim is streamParseAddOrTrimArgsOrReply: it returns the
// index of XADD's id (len(argv) when there is none). LIMIT is only with
// ~; without one an approximate trim may remove 100 *
// stream-node-max-entries entries (7.0 keeps that within 10000 for no
// limit and 1000000; 6.2 takes it as it is), and the master's commands
// (rewritten to exact trims) have no limit.
func parseAddOrTrim(c *cmdCtx, xadd bool) (trimSpec, int, Reply, bool) {
	var t trimSpec
	limitGiven := false
	i := 2
loop:
	for ; i < len(c.argv); i++ {
		more := len(c.argv) - 1 - i
		opt := c.argv[i]
		switch {
		case xadd && opt == "*":
			break loop
		case (strings.EqualFold(opt, "maxlen") || strings.EqualFold(opt, "minid")) && more > 0:
			if t.strategy != 0 {
				return t, 0, errReply("ERR syntax error, MAXLEN and MINID options at the same time are not compatible"), false
			}
			t.approx = false
			if next := c.argv[i+1]; more >= 2 && (next == "~" || next == "=") {
				t.approx = next == "~"
				i++
			}
			if strings.EqualFold(opt, "maxlen") {
				v, ok := parseInt(c.argv[i+1])
				if !ok {
					return t, 0, errNotInt, false
				}
				if v < 0 {
					return t, 0, errReply("ERR The MAXLEN argument must be >= 0."), false
				}
				t.strategy, t.maxlen = 'm', v
			} else {
				id, ok := parseStrictStreamID(c.argv[i+1], nil)
				if !ok {
					return t, 0, errStreamID, false
				}
				t.strategy, t.minid = 'i', id
			}
			i++
			t.argIdx = i
		case strings.EqualFold(opt, "limit") && more > 0:
			v, ok := parseInt(c.argv[i+1])
			if !ok {
				return t, 0, errNotInt, false
			}
			if v < 0 {
				return t, 0, errReply("ERR The LIMIT argument must be >= 0."), false
			}
			t.limit, limitGiven = v, true
			i++
		case xadd && strings.EqualFold(opt, "nomkstream"):
			t.noMkstream = true
		case xadd:
			id, ok := parseStrictStreamID(opt, &t.seqGiven)
			if !ok {
				return t, 0, errStreamID, false
			}
			t.id, t.idGiven = id, true
			break loop
		default:
			return t, 0, errSyntax, false
		}
	}
	if t.limit != 0 && t.strategy == 0 {
		return t, 0, errReply("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy"), false
	}
	if !xadd && t.strategy == 0 {
		return t, 0, errReply("ERR syntax error, XTRIM must be called with a trimming strategy"), false
	}
	switch {
	case c.fromMaster:
		t.limit = 0
	case limitGiven:
		if !t.approx {
			return t, 0, errLimitNoApprox, false
		}
	case t.approx:
		t.limit = 100 * c.s.cfg.encLimits().streamEntries
		if !c.w.Version().redis62 {
			t.limit = min(max(t.limit, 0), 1000000)
			if t.limit == 0 {
				t.limit = 10000
			}
		}
	default:
		t.limit = 0
	}
	return t, i, Reply{}, true
}

// rewriteTrim is streamRewriteApproxSpecifier and
// streamRewriteTrimArgument: an approximate trim propagates as the exact
// one that leaves what it left, MAXLEN = the length or MINID = the first
// node's first entry's id, flagged deleted or not (streamGetEdgeID
// without skipping tombstones, 6.2's lpGetEdgeStreamID of the first
// node; the largest id when no node is left), which the replica's exact
// trim stops at.
func (c *cmdCtx) rewriteTrim(s *streamValue, t trimSpec) {
	if !t.approx {
		return
	}
	argv := c.rewritten
	if argv == nil {
		argv = append([]string(nil), c.argv...)
	}
	argv[t.argIdx-1] = "="
	if t.strategy == 'm' {
		argv[t.argIdx] = itoa(int64(len(s.entries)))
	} else {
		argv[t.argIdx] = s.firstItemID().String()
	}
	c.rewritten = argv
}

// cmdXadd is xaddCommand.
func cmdXadd(c *cmdCtx) Reply {
	t, idpos, r, ok := parseAddOrTrim(c, true)
	if !ok {
		return r
	}
	fieldPos := idpos + 1
	if n := len(c.argv) - fieldPos; n < 2 || n%2 == 1 {
		return errArity("xadd")
	}
	fields := c.argv[fieldPos:]
	if t.idGiven && t.seqGiven && t.id == (streamID{}) {
		return errReply("ERR The ID specified in XADD must be greater than 0-0")
	}
	e, r, ok := getStream(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil && t.noMkstream {
		return nilReply
	}
	var last streamID
	if e != nil {
		last = e.stream().lastID
	}
	if last == (streamID{math.MaxUint64, math.MaxUint64}) {
		return errReply("ERR The stream has exhausted the last possible ID, unable to add more items")
	}
	// streamAppendItem's id.
	id := t.id
	switch {
	case !t.idGiven:
		// streamNextID: the time, or the last id incremented.
		if ms := uint64(c.now()); ms > last.ms {
			id = streamID{ms, 0}
		} else if id = last; id.seq == math.MaxUint64 {
			id = streamID{id.ms + 1, 0}
		} else {
			id.seq++
		}
	case !t.seqGiven && id.ms == last.ms:
		if last.seq == math.MaxUint64 {
			return errXaddTopItem
		}
		id = streamID{last.ms, last.seq + 1}
	}
	if !last.less(id) {
		return errXaddTopItem
	}
	if e == nil {
		e = &entry{typ: typeStream, obj: &streamValue{groups: map[string]*streamGroup{}}}
		c.setKey(c.argv[1], e)
	} else {
		e = c.lookupWrite(c.argv[1])
	}
	s := e.stream()
	fields = append([]string(nil), fields...)
	s.appendItem(id, fields, c.s.cfg.encLimits())
	s.entries = append(s.entries, streamEntry{id: id, fields: fields})
	s.lastID = id
	s.entriesAdded++
	c.dirty++
	if t.strategy != 0 {
		s.trim(t)
		c.rewriteTrim(s, t)
	}
	if !t.idGiven || !t.seqGiven {
		argv := c.rewritten
		if argv == nil {
			argv = append([]string(nil), c.argv...)
		}
		argv[idpos] = id.String()
		c.rewritten = argv
	}
	return bulkReply(id.String())
}

func cmdXlen(c *cmdCtx) Reply {
	e, r, ok := getStream(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	return intReply(int64(len(e.stream().entries)))
}

func xrangeGeneric(c *cmdCtx, rev bool) Reply {
	a, b := c.argv[2], c.argv[3]
	if rev {
		a, b = b, a
	}
	start, sx, ok1 := parseRangeID(a, 0)
	end, ex, ok2 := parseRangeID(b, math.MaxUint64)
	if !ok1 || !ok2 {
		return errStreamID
	}
	if sx {
		if start.seq == math.MaxUint64 {
			start = streamID{start.ms + 1, 0}
		} else {
			start.seq++
		}
	}
	if ex {
		if end.seq == 0 {
			end = streamID{end.ms - 1, math.MaxUint64}
		} else {
			end.seq--
		}
	}
	count := int64(-1)
	if len(c.argv) > 4 {
		if len(c.argv) != 6 || !strings.EqualFold(c.argv[4], "count") {
			return errSyntax
		}
		v, ok := parseInt(c.argv[5])
		if !ok {
			return errNotInt
		}
		count = max(v, 0)
	}
	e, r, ok := getStream(c, c.argv[1])
	if !ok {
		return r
	}
	out := Reply{Kind: '*', Array: []Reply{}}
	if e == nil || count == 0 {
		return out
	}
	es := e.stream().entries
	for k := range es {
		i := k
		if rev {
			i = len(es) - 1 - k
		}
		id := es[i].id
		if id.less(start) || end.less(id) {
			continue
		}
		out.Array = append(out.Array, entryReply(es[i]))
		if count > 0 && int64(len(out.Array)) >= count {
			break
		}
	}
	return out
}

// cmdXdel is xdelCommand: the key's type first, then the ids (strict),
// each deleted as streamDeleteItem does (an entry already flagged
// deleted is not found again).
func cmdXdel(c *cmdCtx) Reply {
	e, r, ok := getStream(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	var ids []streamID
	for _, a := range c.argv[2:] {
		id, ok := parseStrictStreamID(a, nil)
		if !ok {
			return errStreamID
		}
		ids = append(ids, id)
	}
	var s *streamValue
	n := 0
	for _, id := range ids {
		if e.stream().find(id) == nil {
			continue
		}
		if s == nil {
			s = c.lookupWrite(c.argv[1]).stream()
		}
		s.deleteItem(id)
		if s.maxDeleted.less(id) {
			s.maxDeleted = id
		}
		n++
	}
	c.dirty += n
	return intReply(int64(n))
}

// cmdXtrim is xtrimCommand: what it removed counts as that many changes.
func cmdXtrim(c *cmdCtx) Reply {
	t, _, r, ok := parseAddOrTrim(c, false)
	if !ok {
		return r
	}
	e, r, ok := getStream(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return intReply(0)
	}
	probe := e.stream().cloneValue().(*streamValue)
	if probe.trim(t) == 0 {
		return intReply(0)
	}
	s := c.lookupWrite(c.argv[1]).stream()
	n := s.trim(t)
	c.dirty += int(n)
	c.rewriteTrim(s, t)
	return intReply(n)
}

// xreadGeneric is XREAD and XREADGROUP.
func xreadGeneric(c *cmdCtx, group bool) Reply {
	count := int64(0)
	var gname, consumer string
	noack := false
	blockGiven := false
	j := 1
	for ; j < len(c.argv); j++ {
		a := strings.ToLower(c.argv[j])
		left := len(c.argv) - j - 1
		switch {
		case a == "block" && left >= 1:
			v, ok := parseInt(c.argv[j+1])
			if !ok {
				return errReply("ERR timeout is not an integer or out of range")
			}
			if v < 0 {
				return errReply("ERR timeout is negative")
			}
			c.timeout = float64(v) / 1000
			c.blockMs = v
			blockGiven = true
			j++
		case a == "count" && left >= 1:
			v, ok := parseInt(c.argv[j+1])
			if !ok {
				return errNotInt
			}
			count = max(v, 0)
			j++
		case a == "group" && group && left >= 2:
			gname, consumer = c.argv[j+1], c.argv[j+2]
			j += 2
		case a == "noack" && group:
			noack = true
		case a == "streams":
			goto streams
		default:
			return errSyntax
		}
	}
	return errSyntax
streams:
	rest := c.argv[j+1:]
	if len(rest) == 0 || len(rest)%2 != 0 {
		return errReply("ERR Unbalanced '" + strings.ToLower(c.argv[0]) + "' list of streams: for each stream key an ID or '$' must be specified.")
	}
	if group && gname == "" {
		return errReply("ERR Missing GROUP option for XREADGROUP")
	}
	n := len(rest) / 2
	keys, idArgs := rest[:n], rest[n:]
	out := Reply{Kind: '*', Array: []Reply{}}
	for i, k := range keys {
		e, r, ok := getStream(c, k)
		if !ok {
			return r
		}
		var s *streamValue
		if e != nil {
			s = e.stream()
		}
		var g *streamGroup
		if group {
			if s != nil {
				g = s.groups[gname]
			}
			if g == nil {
				return errReply("NOGROUP No such key '" + k + "' or consumer group '" + gname + "' in XREADGROUP with GROUP option")
			}
		}
		idArg := idArgs[i]
		if group && idArg == ">" {
			// 7.0 looks the consumer up (and creates it) only when it
			// serves at once: a read with nothing new creates nobody.
			if !g.lastID.less(s.lastID) || len(s.entries) == 0 || !g.lastID.less(s.entries[len(s.entries)-1].id) {
				if c.w.Version().readerConsumer && g.consumers[consumer] == nil {
					g = c.lookupWrite(k).stream().groups[gname]
					g.consumers[consumer] = &streamConsumer{seen: c.now()}
				}
				continue
			}
			ws := c.lookupWrite(k).stream()
			g = ws.groups[gname]
			if g.consumers[consumer] == nil {
				g.consumers[consumer] = &streamConsumer{}
				if noack {
					// streamPropagateConsumerCreation: with NOACK no XCLAIM
					// would create it on the replicas.
					c.ops = append(c.ops, propOp{db: c.db, argv: []string{"XGROUP", "CREATECONSUMER", k, gname, consumer}})
				}
			}
			g.consumers[consumer].seen = c.now()
			var items []Reply
			for _, en := range ws.entries {
				if !g.lastID.less(en.id) {
					continue
				}
				items = append(items, entryReply(en))
				g.lastID = en.id
				if g.entriesRead >= 0 && !ws.hasTombstonesFrom(en.id) {
					g.entriesRead++
				} else if ws.entriesAdded > 0 {
					g.entriesRead = ws.distanceFromFirst(en.id)
				}
				if !noack {
					p := &streamPending{consumer: consumer, time: c.now(), count: 1}
					g.pel[en.id] = p
					c.ops = append(c.ops, propOp{db: c.db, argv: []string{"XCLAIM", k, gname, consumer, "0", en.id.String(), "TIME", itoa(p.time), "RETRYCOUNT", "1", "FORCE", "JUSTID", "LASTID", en.id.String()}})
				}
				if count > 0 && int64(len(items)) >= count {
					break
				}
			}
			if len(items) > 0 {
				if noack || c.w.Version().groupSetID {
					c.ops = append(c.ops, propOp{db: c.db, argv: []string{"XGROUP", "SETID", k, gname, g.lastID.String(), "ENTRIESREAD", itoa(g.entriesRead)}})
				}
				out.Array = append(out.Array, bulkReply(k), Reply{Kind: '*', Array: items})
			}
			continue
		}
		if group {
			// History: the consumer's pending entries after the id.
			from, ok := parseStreamID(idArg, 0)
			if !ok {
				return errStreamID
			}
			ws := c.lookupWrite(k).stream()
			g = ws.groups[gname]
			if g.consumers[consumer] == nil {
				g.consumers[consumer] = &streamConsumer{}
			}
			g.consumers[consumer].seen = c.now()
			var ids []streamID
			for id, p := range g.pel {
				if p.consumer == consumer && !id.less(from) {
					ids = append(ids, id)
				}
			}
			sort.Slice(ids, func(a, b int) bool { return ids[a].less(ids[b]) })
			items := []Reply{}
			for _, id := range ids {
				found := false
				for _, en := range ws.entries {
					if en.id == id {
						items = append(items, entryReply(en))
						found = true
						break
					}
				}
				if !found {
					items = append(items, Reply{Kind: '*', Array: []Reply{bulkReply(id.String()), nilArrayReply}})
				}
				if count > 0 && int64(len(items)) >= count {
					break
				}
			}
			out.Array = append(out.Array, bulkReply(k), Reply{Kind: '*', Array: items})
			continue
		}
		var from streamID
		if idArg == "$" {
			if s != nil {
				from = s.lastID
			}
			continue // nothing newer without blocking
		}
		from, ok = parseStreamID(idArg, 0)
		if !ok {
			return errStreamID
		}
		if s == nil {
			continue
		}
		var items []Reply
		for _, en := range s.entries {
			if from.less(en.id) {
				items = append(items, entryReply(en))
				if count > 0 && int64(len(items)) >= count {
					break
				}
			}
		}
		if len(items) > 0 {
			out.Array = append(out.Array, bulkReply(k), Reply{Kind: '*', Array: items})
		}
	}
	if c.countReads {
		// xreadCommand looks every key up again as it tries to serve
		// (after the first loop's checks, which the loop above counted).
		for _, k := range keys {
			c.s.countLookup(c.lookupKey(k) != nil)
		}
	}
	if len(out.Array) == 0 {
		if blockGiven {
			if br := blockedReply(c); br.Kind == '-' {
				return br
			}
		}
		return nilArrayReply
	}
	return c.streamsReply(out.Array)
}

func cmdXgroupCreate(c *cmdCtx) Reply {
	k, gname, idArg := c.argv[2], c.argv[3], c.argv[4]
	mkstream := false
	entriesRead := int64(-1)
	for j := 5; j < len(c.argv); j++ {
		switch strings.ToLower(c.argv[j]) {
		case "mkstream":
			mkstream = true
		case "entriesread":
			if j+1 >= len(c.argv) {
				return errSyntax
			}
			v, ok := parseInt(c.argv[j+1])
			if !ok {
				return errNotInt
			}
			entriesRead = v
			j++
		default:
			return errSyntax
		}
	}
	e, r, ok := getStream(c, k)
	if !ok {
		return r
	}
	if e == nil && !mkstream {
		return errReply("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.")
	}
	var id streamID
	if idArg == "$" {
		if e != nil {
			id = e.stream().lastID
		}
	} else {
		var ok bool
		if id, ok = parseStreamID(idArg, 0); !ok {
			return errStreamID
		}
	}
	if e != nil {
		if _, ok := e.stream().groups[gname]; ok {
			return errReply("BUSYGROUP Consumer Group name already exists")
		}
		e = c.lookupWrite(k)
	} else {
		e = &entry{typ: typeStream, obj: &streamValue{groups: map[string]*streamGroup{}}}
		c.setKey(k, e)
	}
	s := e.stream()
	s.groups[gname] = &streamGroup{lastID: id, entriesRead: entriesRead, pel: map[streamID]*streamPending{}, consumers: map[string]*streamConsumer{}}
	c.dirty++
	return okReply
}

func groupFor(c *cmdCtx, k, gname string) (*entry, *streamGroup, Reply, bool) {
	e, r, ok := getStream(c, k)
	if !ok {
		return nil, nil, r, false
	}
	if e == nil {
		return nil, nil, errReply("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically."), false
	}
	g := e.stream().groups[gname]
	if g == nil {
		return nil, nil, errReply("NOGROUP No such consumer group '" + gname + "' for key name '" + k + "'"), false
	}
	return e, g, Reply{}, true
}

func cmdXgroupSetid(c *cmdCtx) Reply {
	k, gname := c.argv[2], c.argv[3]
	e, _, r, ok := groupFor(c, k, gname)
	if !ok {
		return r
	}
	entriesRead := int64(-1)
	if len(c.argv) == 7 && strings.EqualFold(c.argv[5], "entriesread") {
		v, ok := parseInt(c.argv[6])
		if !ok {
			return errNotInt
		}
		entriesRead = v
	} else if len(c.argv) != 5 {
		return errSyntax
	}
	var id streamID
	if c.argv[4] == "$" {
		id = e.stream().lastID
	} else if id, ok = parseStreamID(c.argv[4], 0); !ok {
		return errStreamID
	}
	g := c.lookupWrite(k).stream().groups[gname]
	g.lastID, g.entriesRead = id, entriesRead
	c.dirty++
	return okReply
}

func cmdXgroupDestroy(c *cmdCtx) Reply {
	e, r, ok := getStream(c, c.argv[2])
	if !ok {
		return r
	}
	if e == nil {
		return errReply("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.")
	}
	if _, ok := e.stream().groups[c.argv[3]]; !ok {
		return intReply(0)
	}
	delete(c.lookupWrite(c.argv[2]).stream().groups, c.argv[3])
	c.dirty++
	return intReply(1)
}

func cmdXgroupCreateconsumer(c *cmdCtx) Reply {
	_, g, r, ok := groupFor(c, c.argv[2], c.argv[3])
	if !ok {
		return r
	}
	if g.consumers[c.argv[4]] != nil {
		return intReply(0)
	}
	wg := c.lookupWrite(c.argv[2]).stream().groups[c.argv[3]]
	wg.consumers[c.argv[4]] = &streamConsumer{seen: c.now()}
	c.dirty++
	return intReply(1)
}

func cmdXgroupDelconsumer(c *cmdCtx) Reply {
	_, g, r, ok := groupFor(c, c.argv[2], c.argv[3])
	if !ok {
		return r
	}
	if g.consumers[c.argv[4]] == nil {
		return intReply(0)
	}
	wg := c.lookupWrite(c.argv[2]).stream().groups[c.argv[3]]
	n := 0
	for id, p := range wg.pel {
		if p.consumer == c.argv[4] {
			delete(wg.pel, id)
			n++
		}
	}
	delete(wg.consumers, c.argv[4])
	c.dirty++
	return intReply(int64(n))
}

// cmdXack is xackCommand: no key or group acks nothing before the ids
// are parsed.
func cmdXack(c *cmdCtx) Reply {
	e, r, ok := getStream(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil || e.stream().groups[c.argv[2]] == nil {
		return intReply(0)
	}
	var ids []streamID
	for _, a := range c.argv[3:] {
		id, ok := parseStreamID(a, 0)
		if !ok {
			return errStreamID
		}
		ids = append(ids, id)
	}
	n := 0
	var g *streamGroup
	for _, id := range ids {
		if _, ok := e.stream().groups[c.argv[2]].pel[id]; !ok {
			continue
		}
		if g == nil {
			g = c.lookupWrite(c.argv[1]).stream().groups[c.argv[2]]
		}
		if _, ok := g.pel[id]; ok {
			delete(g.pel, id)
			n++
		}
	}
	c.dirty += n
	return intReply(int64(n))
}

func cmdXpending(c *cmdCtx) Reply {
	e, r, ok := getStream(c, c.argv[1])
	if !ok {
		return r
	}
	var g *streamGroup
	if e != nil {
		g = e.stream().groups[c.argv[2]]
	}
	if g == nil {
		return errReply("NOGROUP No such key '" + c.argv[1] + "' or consumer group '" + c.argv[2] + "'")
	}
	var ids []streamID
	for id := range g.pel {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(a, b int) bool { return ids[a].less(ids[b]) })
	if len(c.argv) == 3 {
		if len(ids) == 0 {
			return Reply{Kind: '*', Array: []Reply{intReply(0), nilReply, nilReply, nilArrayReply}}
		}
		per := map[string]int64{}
		for _, id := range ids {
			per[g.pel[id].consumer]++
		}
		var names []string
		for n := range per {
			names = append(names, n)
		}
		sort.Strings(names)
		var cs []Reply
		for _, n := range names {
			cs = append(cs, arrayReply([]string{n, itoa(per[n])}))
		}
		return Reply{Kind: '*', Array: []Reply{intReply(int64(len(ids))), bulkReply(ids[0].String()), bulkReply(ids[len(ids)-1].String()), {Kind: '*', Array: cs}}}
	}
	j := 3
	minIdle := int64(0)
	if strings.EqualFold(c.argv[j], "idle") && j+1 < len(c.argv) {
		v, ok := parseInt(c.argv[j+1])
		if !ok {
			return errNotInt
		}
		minIdle = v
		j += 2
	}
	if len(c.argv)-j < 3 {
		return errSyntax
	}
	start, sx, ok1 := parseRangeID(c.argv[j], 0)
	end, ex, ok2 := parseRangeID(c.argv[j+1], math.MaxUint64)
	if !ok1 || !ok2 || sx || ex {
		return errStreamID
	}
	count, ok := parseInt(c.argv[j+2])
	if !ok {
		return errNotInt
	}
	who := ""
	if len(c.argv) > j+3 {
		who = c.argv[j+3]
	}
	out := Reply{Kind: '*', Array: []Reply{}}
	for _, id := range ids {
		if int64(len(out.Array)) >= count {
			break
		}
		p := g.pel[id]
		if id.less(start) || end.less(id) || (who != "" && p.consumer != who) || c.now()-p.time < minIdle {
			continue
		}
		out.Array = append(out.Array, Reply{Kind: '*', Array: []Reply{bulkReply(id.String()), bulkReply(p.consumer), intReply(c.now() - p.time), intReply(p.count)}})
	}
	return out
}

// cmdXclaim is XCLAIM key group consumer min-idle id... [IDLE ms] [TIME
// ms] [RETRYCOUNT n] [FORCE] [JUSTID] [LASTID id] (a replica applies the
// XCLAIMs its master propagates for XREADGROUP).
func cmdXclaim(c *cmdCtx) Reply {
	k, gname, consumer := c.argv[1], c.argv[2], c.argv[3]
	c.readFirst(k)
	minIdle, ok := parseInt(c.argv[4])
	if !ok {
		return errReply("ERR Invalid min-idle-time argument for XCLAIM")
	}
	var ids []streamID
	j := 5
	for ; j < len(c.argv); j++ {
		id, ok := parseStreamID(c.argv[j], 0)
		if !ok {
			break
		}
		ids = append(ids, id)
	}
	deliveryTime := c.now()
	retry := int64(-1)
	force, justid := false, false
	var lastID *streamID
	for ; j < len(c.argv); j++ {
		a := strings.ToLower(c.argv[j])
		left := len(c.argv) - j - 1
		switch {
		case a == "force":
			force = true
		case a == "justid":
			justid = true
		case a == "idle" && left >= 1:
			v, ok := parseInt(c.argv[j+1])
			if !ok {
				return errNotInt
			}
			deliveryTime = c.now() - v
			j++
		case a == "time" && left >= 1:
			v, ok := parseInt(c.argv[j+1])
			if !ok {
				return errNotInt
			}
			deliveryTime = v
			j++
		case a == "retrycount" && left >= 1:
			v, ok := parseInt(c.argv[j+1])
			if !ok {
				return errNotInt
			}
			retry = v
			j++
		case a == "lastid" && left >= 1:
			id, ok := parseStreamID(c.argv[j+1], 0)
			if !ok {
				return errStreamID
			}
			lastID = &id
			j++
		default:
			return errReply("ERR Unrecognized XCLAIM option '" + c.argv[j] + "'")
		}
	}
	_, g, r, ok := groupFor(c, k, gname)
	if !ok {
		if r.Str != errWrongType.Str {
			return errReply("NOGROUP No such key '" + k + "' or consumer group '" + gname + "'")
		}
		return r
	}
	_ = g
	s := c.lookupWrite(k).stream()
	wg := s.groups[gname]
	lastMoved := false
	if lastID != nil && wg.lastID.less(*lastID) {
		wg.lastID = *lastID
		lastMoved = true
	}
	out := Reply{Kind: '*', Array: []Reply{}}
	propagated := false
	for _, id := range ids {
		en := s.find(id)
		p := wg.pel[id]
		if en == nil {
			if p != nil {
				c.propagateXclaim(k, gname, id, p, wg)
				propagated = true
				delete(wg.pel, id)
			}
			continue
		}
		if p == nil {
			if !force {
				continue
			}
			p = &streamPending{}
			wg.pel[id] = p
		} else if minIdle > 0 && c.now()-p.time < minIdle {
			continue
		}
		wg.claimingConsumer(consumer, c.now())
		p.consumer, p.time = consumer, deliveryTime
		if retry >= 0 {
			p.count = retry
		} else if !justid {
			p.count++
		}
		if justid {
			out.Array = append(out.Array, bulkReply(id.String()))
		} else {
			out.Array = append(out.Array, entryReply(*en))
		}
		c.propagateXclaim(k, gname, id, p, wg)
		propagated = true
	}
	if lastMoved && !propagated {
		c.ops = append(c.ops, propOp{db: c.db, argv: []string{"XGROUP", "SETID", k, gname, wg.lastID.String(), "ENTRIESREAD", itoa(wg.entriesRead)}})
	}
	return out
}

// claimingConsumer is XCLAIM's and XAUTOCLAIM's streamLookupConsumer /
// streamCreateConsumer: done at the first entry actually claimed, so a
// claim of nothing creates no consumer and refreshes no seen-time.
func (g *streamGroup) claimingConsumer(name string, now int64) {
	if g.consumers[name] == nil {
		g.consumers[name] = &streamConsumer{}
	}
	g.consumers[name].seen = now
}

// propagateXclaim is streamPropagateXCLAIM: what a claim (or the removal
// of a deleted entry's pending record) becomes on the replicas.
func (c *cmdCtx) propagateXclaim(key, group string, id streamID, p *streamPending, g *streamGroup) {
	c.ops = append(c.ops, propOp{db: c.db, argv: []string{"XCLAIM", key, group, p.consumer, "0", id.String(), "TIME", itoa(p.time), "RETRYCOUNT", itoa(p.count), "FORCE", "JUSTID", "LASTID", g.lastID.String()}})
}

func (s *streamValue) find(id streamID) *streamEntry {
	i := sort.Search(len(s.entries), func(i int) bool { return !s.entries[i].id.less(id) })
	if i < len(s.entries) && s.entries[i].id == id {
		return &s.entries[i]
	}
	return nil
}

// cmdXautoclaim is XAUTOCLAIM key group consumer min-idle start [COUNT n]
// [JUSTID]: each claim (and each deleted entry it drops) propagates as
// XCLAIM.
func cmdXautoclaim(c *cmdCtx) Reply {
	k, gname, consumer := c.argv[1], c.argv[2], c.argv[3]
	c.readFirst(k)
	minIdle, ok := parseInt(c.argv[4])
	if !ok {
		return errReply("ERR Invalid min-idle-time argument for XAUTOCLAIM")
	}
	minIdle = max(minIdle, 0)
	start, sx, ok := parseRangeID(c.argv[5], 0)
	if !ok {
		return errStreamID
	}
	if sx {
		if start.seq == math.MaxUint64 {
			start = streamID{start.ms + 1, 0}
		} else {
			start.seq++
		}
	}
	count := int64(100)
	justid := false
	for j := 6; j < len(c.argv); j++ {
		switch a := strings.ToLower(c.argv[j]); {
		case a == "count" && j+1 < len(c.argv):
			v, ok := parseInt(c.argv[j+1])
			if !ok || v < 1 || v > math.MaxInt64/10 {
				return errReply("ERR COUNT must be > 0")
			}
			count = v
			j++
		case a == "justid":
			justid = true
		default:
			return errSyntax
		}
	}
	_, g, r, ok := groupFor(c, k, gname)
	if !ok {
		if r.Str != errWrongType.Str {
			return errReply("NOGROUP No such key '" + k + "' or consumer group '" + gname + "'")
		}
		return r
	}
	_ = g
	s := c.lookupWrite(k).stream()
	wg := s.groups[gname]
	var ids []streamID
	for id := range wg.pel {
		if !id.less(start) {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(a, b int) bool { return ids[a].less(ids[b]) })
	attempts := count * 10
	claimed := Reply{Kind: '*', Array: []Reply{}}
	deleted := Reply{Kind: '*', Array: []Reply{}}
	i := 0
	for ; i < len(ids) && attempts > 0 && count > 0; i++ {
		attempts--
		id := ids[i]
		p := wg.pel[id]
		en := s.find(id)
		keep := c.w.Version().autoclaimKeepsDeleted()
		if en == nil && !keep {
			c.propagateXclaim(k, gname, id, p, wg)
			delete(wg.pel, id)
			deleted.Array = append(deleted.Array, bulkReply(id.String()))
			continue
		}
		if minIdle > 0 && c.now()-p.time < minIdle {
			continue
		}
		wg.claimingConsumer(consumer, c.now())
		p.consumer, p.time = consumer, c.now()
		if !justid {
			p.count++
		}
		switch {
		case justid:
			claimed.Array = append(claimed.Array, bulkReply(id.String()))
		case en == nil:
			claimed.Array = append(claimed.Array, nilReply)
		default:
			claimed.Array = append(claimed.Array, entryReply(*en))
		}
		c.propagateXclaim(k, gname, id, p, wg)
		count--
	}
	next := "0-0"
	if i < len(ids) {
		next = ids[i].String()
	}
	if c.w.Version().autoclaimKeepsDeleted() {
		return Reply{Kind: '*', Array: []Reply{bulkReply(next), claimed}}
	}
	return Reply{Kind: '*', Array: []Reply{bulkReply(next), claimed, deleted}}
}

func cmdXsetid(c *cmdCtx) Reply {
	id, ok := parseStreamID(c.argv[2], 0)
	if !ok {
		return errStreamID
	}
	e, r, ok := getStream(c, c.argv[1])
	if !ok {
		return r
	}
	if e == nil {
		return errReply("ERR no such key")
	}
	s := e.stream()
	if len(s.entries) > 0 && id.less(s.entries[len(s.entries)-1].id) {
		return errReply("ERR The ID specified in XSETID is smaller than the target stream top item")
	}
	ws := c.lookupWrite(c.argv[1]).stream()
	ws.lastID = id
	c.dirty++
	return okReply
}

// hasTombstonesFrom is streamRangeHasTombstones(s, id, NULL).
func (s *streamValue) hasTombstonesFrom(id streamID) bool {
	if len(s.entries) == 0 || s.maxDeleted == (streamID{}) {
		return false
	}
	if s.maxDeleted.less(s.entries[0].id) {
		return false
	}
	return !s.maxDeleted.less(id)
}

// distanceFromFirst is streamEstimateDistanceFromFirstEverEntry.
func (s *streamValue) distanceFromFirst(id streamID) int64 {
	if s.entriesAdded == 0 {
		return 0
	}
	if len(s.entries) == 0 && !s.lastID.less(id) {
		return s.entriesAdded
	}
	if id == s.lastID {
		return s.entriesAdded
	}
	if s.lastID.less(id) {
		return -1
	}
	first := s.entries[0].id
	if s.maxDeleted == (streamID{}) || s.maxDeleted.less(first) {
		if id.less(first) {
			return s.entriesAdded - int64(len(s.entries))
		}
		if id == first {
			return s.entriesAdded - int64(len(s.entries)) + 1
		}
	}
	return -1
}

// cmdXinfoGroups is XINFO GROUPS: name, consumers, pending,
// last-delivered-id, entries-read and lag (streamReplyWithCGLag).
func cmdXinfoGroups(c *cmdCtx) Reply {
	e, r, ok := getStream(c, c.argv[2])
	if !ok {
		return r
	}
	if e == nil {
		return errReply("ERR no such key")
	}
	s := e.stream()
	var names []string
	for n := range s.groups {
		names = append(names, n)
	}
	sort.Strings(names)
	out := Reply{Kind: '*', Array: []Reply{}}
	for _, n := range names {
		g := s.groups[n]
		read := nilReply
		if g.entriesRead >= 0 {
			read = intReply(g.entriesRead)
		}
		lag := nilReply
		switch {
		case s.entriesAdded == 0:
			lag = intReply(0)
		case g.entriesRead >= 0 && !s.hasTombstonesFrom(g.lastID):
			lag = intReply(s.entriesAdded - g.entriesRead)
		default:
			if er := s.distanceFromFirst(g.lastID); er >= 0 {
				lag = intReply(s.entriesAdded - er)
			}
		}
		fields := []Reply{
			bulkReply("name"), bulkReply(n), bulkReply("consumers"), intReply(int64(len(g.consumers))),
			bulkReply("pending"), intReply(int64(len(g.pel))), bulkReply("last-delivered-id"), bulkReply(g.lastID.String()),
			bulkReply("entries-read"), read, bulkReply("lag"), lag,
		}
		if !c.w.Version().groupLag() {
			fields = fields[:8]
		}
		out.Array = append(out.Array, c.mapReply(fields))
	}
	return out
}

// raxNodes is rax->numnodes of a rax holding keys (sorted, distinct, all
// of one length): one node where keys diverge or end, one compressed node
// for each run they share.
func raxNodes(keys [][]byte, d int) int {
	if len(keys) == 0 {
		return 1
	}
	if len(keys) == 1 && len(keys[0]) == d {
		return 1
	}
	if keys[0][d] == keys[len(keys)-1][d] {
		p := d + 1
		for p < len(keys[0]) && keys[0][p] == keys[len(keys)-1][p] {
			p++
		}
		return 1 + raxNodes(keys, p)
	}
	n := 1
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j][d] == keys[i][d] {
			j++
		}
		n += raxNodes(keys[i:j], d+1)
		i = j
	}
	return n
}

func (s *streamValue) firstID() streamID {
	if len(s.entries) == 0 {
		return streamID{}
	}
	return s.entries[0].id
}

func (s *streamValue) groupNames() []string {
	names := make([]string, 0, len(s.groups))
	for n := range s.groups {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// groupLag is streamReplyWithCGLag.
func (s *streamValue) groupLag(g *streamGroup) Reply {
	switch {
	case s.entriesAdded == 0:
		return intReply(0)
	case g.entriesRead >= 0 && !s.hasTombstonesFrom(g.lastID):
		return intReply(s.entriesAdded - g.entriesRead)
	}
	if er := s.distanceFromFirst(g.lastID); er >= 0 {
		return intReply(s.entriesAdded - er)
	}
	return nilReply
}

// cmdXinfoStream is xinfoReplyWithStreamInfo: XINFO STREAM key [FULL [COUNT n]].
func cmdXinfoStream(c *cmdCtx) Reply {
	full, count := false, int64(10)
	switch opts := c.argv[3:]; {
	case len(opts) == 0:
	case (len(opts) == 1 || len(opts) == 3) && strings.EqualFold(opts[0], "full"):
		full = true
		if len(opts) == 3 {
			if !strings.EqualFold(opts[1], "count") {
				return errSubcommandSyntax(c.argv)
			}
			n, err := strconv.ParseInt(opts[2], 10, 64)
			if err != nil {
				return errReply("ERR value is not an integer or out of range")
			}
			if n < 0 {
				n = 10
			}
			count = n
		}
	default:
		return errSubcommandSyntax(c.argv)
	}
	e, r, ok := getStream(c, c.argv[2])
	if !ok {
		return r
	}
	if e == nil {
		return errReply("ERR no such key")
	}
	s := e.stream()
	keys := s.nodeKeys()
	out := []Reply{
		bulkReply("length"), intReply(int64(len(s.entries))),
		bulkReply("radix-tree-keys"), intReply(int64(len(keys))),
		bulkReply("radix-tree-nodes"), intReply(int64(raxNodes(keys, 0))),
		bulkReply("last-generated-id"), bulkReply(s.lastID.String()),
		bulkReply("max-deleted-entry-id"), bulkReply(s.maxDeleted.String()),
		bulkReply("entries-added"), intReply(s.entriesAdded),
		bulkReply("recorded-first-entry-id"), bulkReply(s.firstID().String()),
	}
	if !full {
		first, last := nilReply, nilReply
		if n := len(s.entries); n > 0 {
			first, last = entryReply(s.entries[0]), entryReply(s.entries[n-1])
		}
		out = append(out, bulkReply("groups"), intReply(int64(len(s.groups))),
			bulkReply("first-entry"), first, bulkReply("last-entry"), last)
		return c.mapReply(out)
	}
	entries := []Reply{}
	for i := range s.entries {
		if count > 0 && int64(i) >= count {
			break
		}
		entries = append(entries, entryReply(s.entries[i]))
	}
	groups := []Reply{}
	for _, name := range s.groupNames() {
		g := s.groups[name]
		read := nilReply
		if g.entriesRead >= 0 {
			read = intReply(g.entriesRead)
		}
		ids := g.pendingIDs("")
		pel := []Reply{}
		for _, id := range ids {
			if count > 0 && int64(len(pel)) >= count {
				break
			}
			p := g.pel[id]
			pel = append(pel, Reply{Kind: '*', Array: []Reply{bulkReply(id.String()), bulkReply(p.consumer), intReply(p.time), intReply(p.count)}})
		}
		consumers := []Reply{}
		for _, cn := range g.consumerNames() {
			cids := g.pendingIDs(cn)
			cpel := []Reply{}
			for _, id := range cids {
				if count > 0 && int64(len(cpel)) >= count {
					break
				}
				p := g.pel[id]
				cpel = append(cpel, Reply{Kind: '*', Array: []Reply{bulkReply(id.String()), intReply(p.time), intReply(p.count)}})
			}
			consumers = append(consumers, c.mapReply([]Reply{
				bulkReply("name"), bulkReply(cn), bulkReply("seen-time"), intReply(g.consumers[cn].seen),
				bulkReply("pel-count"), intReply(int64(len(cids))), bulkReply("pending"), {Kind: '*', Array: cpel},
			}))
		}
		groups = append(groups, c.mapReply([]Reply{
			bulkReply("name"), bulkReply(name), bulkReply("last-delivered-id"), bulkReply(g.lastID.String()),
			bulkReply("entries-read"), read, bulkReply("lag"), s.groupLag(g),
			bulkReply("pel-count"), intReply(int64(len(g.pel))), bulkReply("pending"), {Kind: '*', Array: pel},
			bulkReply("consumers"), {Kind: '*', Array: consumers},
		}))
	}
	out = append(out, bulkReply("entries"), Reply{Kind: '*', Array: entries}, bulkReply("groups"), Reply{Kind: '*', Array: groups})
	return c.mapReply(out)
}

// pendingIDs are the group's pending ids (a consumer's only, when named),
// in the PEL's order.
func (g *streamGroup) pendingIDs(consumer string) []streamID {
	var ids []streamID
	for id, p := range g.pel {
		if consumer == "" || p.consumer == consumer {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i].less(ids[j]) })
	return ids
}

func (g *streamGroup) consumerNames() []string {
	names := make([]string, 0, len(g.consumers))
	for n := range g.consumers {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// cmdXinfoConsumers is XINFO CONSUMERS key group: idle on virtual time.
func cmdXinfoConsumers(c *cmdCtx) Reply {
	e, r, ok := getStream(c, c.argv[2])
	if !ok {
		return r
	}
	if e == nil {
		return errReply("ERR no such key")
	}
	g := e.stream().groups[c.argv[3]]
	if g == nil {
		return errReply("NOGROUP No such consumer group '" + c.argv[3] + "' for key name '" + c.argv[2] + "'")
	}
	out := Reply{Kind: '*', Array: []Reply{}}
	now := c.now()
	for _, cn := range g.consumerNames() {
		idle := now - g.consumers[cn].seen
		if idle < 0 {
			idle = 0
		}
		out.Array = append(out.Array, c.mapReply([]Reply{
			bulkReply("name"), bulkReply(cn), bulkReply("pending"), intReply(int64(len(g.pendingIDs(cn)))), bulkReply("idle"), intReply(idle),
		}))
	}
	return out
}
