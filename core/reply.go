package core

import (
	"strconv"
	"strings"
)

// Reply is what a command answered, in the protocol its client speaks:
// RESP2's kinds, and RESP3's that a command builds only for a client that
// ran HELLO 3 (cmdCtx.resp3, as addReplyMapLen and friends look at
// c->resp). 'n' and 'N' are RESP3's null "_" for a RESP3 client.
type Reply struct {
	Kind  byte // '+' status, '-' error, ':' integer, '$' bulk, '*' array, 'n' nil bulk, 'N' nil array; RESP3: '%' map (Array holds key, value, ...), '~' set, ',' double (Str), '#' boolean (Int 0/1), '=' verbatim text (Str, format txt); 'x' where the server closed the connection before the rest of the reply (EXEC's replies after a CLIENT KILL of its own client)
	Str   string
	Int   int64
	Array []Reply
}

func statusReply(s string) Reply { return Reply{Kind: '+', Str: s} }
func errReply(s string) Reply    { return Reply{Kind: '-', Str: s} }
func intReply(i int64) Reply     { return Reply{Kind: ':', Int: i} }
func bulkReply(s string) Reply   { return Reply{Kind: '$', Str: s} }

var (
	okReply       = statusReply("OK")
	nilReply      = Reply{Kind: 'n'}
	nilArrayReply = Reply{Kind: 'N'}
	queuedReply   = statusReply("QUEUED")
)

func arrayReply(items []string) Reply {
	r := Reply{Kind: '*', Array: make([]Reply, len(items))}
	for i, s := range items {
		r.Array[i] = bulkReply(s)
	}
	return r
}

// String renders the reply as redis-cli prints it. A reply cut short by
// the connection's close is hiredis's read error, which redis-cli prints
// instead of the reply.
func (r Reply) String() string {
	if r.closed() {
		return "Error: Server closed the connection"
	}
	var b strings.Builder
	r.cli(&b, "")
	return b.String()
}

func (r Reply) cli(b *strings.Builder, indent string) {
	switch r.Kind {
	case '+':
		b.WriteString(r.Str)
	case '-':
		b.WriteString("(error) ")
		b.WriteString(r.Str)
	case ':':
		b.WriteString("(integer) ")
		b.WriteString(strconv.FormatInt(r.Int, 10))
	case '$':
		b.WriteString(strconv.Quote(r.Str))
	case 'n':
		b.WriteString("(nil)")
	case 'N':
		b.WriteString("(nil)")
	case ',':
		b.WriteString("(double) ")
		b.WriteString(r.Str)
	case '#':
		if r.Int != 0 {
			b.WriteString("(true)")
		} else {
			b.WriteString("(false)")
		}
	case '=':
		// A verbatim string is printed as it is: its lines as lines.
		b.WriteString(strings.TrimSuffix(strings.ReplaceAll(r.Str, "\r\n", "\n"), "\n"))
	case '*', '~', '%':
		r.cliAggregate(b, indent)
	}
}

// cliAggregate is cliFormatReplyTTY's array, set and map: "1)", "1~",
// and "1# key => value", a multi-line value starting on its own line.
func (r Reply) cliAggregate(b *strings.Builder, indent string) {
	if len(r.Array) == 0 {
		switch r.Kind {
		case '~':
			b.WriteString("(empty set)")
		case '%':
			b.WriteString("(empty hash)")
		default:
			b.WriteString("(empty array)")
		}
		return
	}
	n, sep, step := len(r.Array), ") ", 1
	switch r.Kind {
	case '~':
		sep = "~ "
	case '%':
		n, sep, step = n/2, "# ", 2
	}
	w := len(strconv.Itoa(n))
	inner := indent + strings.Repeat(" ", w+2)
	for i := 0; i < len(r.Array); i += step {
		if i > 0 {
			b.WriteString("\n")
			b.WriteString(indent)
		}
		num := strconv.Itoa(i/step + 1)
		b.WriteString(strings.Repeat(" ", w-len(num)))
		b.WriteString(num)
		b.WriteString(sep)
		r.Array[i].cli(b, inner)
		if step == 2 {
			b.WriteString(" => ")
			v := r.Array[i+1]
			if v.multiline() {
				b.WriteString("\n")
				b.WriteString(inner)
			}
			v.cli(b, inner)
		}
	}
}

// multiline is cliIsMultilineValueTTY.
func (r Reply) multiline() bool {
	switch r.Kind {
	case '*', '~':
		if len(r.Array) == 0 {
			return false
		}
		return len(r.Array) > 1 || r.Array[0].multiline()
	case '%':
		if len(r.Array) == 0 {
			return false
		}
		return len(r.Array) > 2 || r.Array[1].multiline()
	}
	return false
}

// Compact renders the reply on one line as the real-Redis recordings do:
// OK, 1, alice, [OK,1].
func (r Reply) Compact() string {
	switch r.Kind {
	case '+', '$':
		return r.Str
	case '-':
		return r.Str
	case ':':
		return strconv.FormatInt(r.Int, 10)
	case 'n', 'N':
		return "nil"
	case '*':
		return "[" + r.compactItems() + "]"
	case '%':
		return "{" + r.compactItems() + "}"
	case '~':
		return "~[" + r.compactItems() + "]"
	case ',':
		return "(double)" + r.Str
	case '#':
		if r.Int != 0 {
			return "(true)"
		}
		return "(false)"
	case '=':
		return "txt:" + r.Str
	case 'x':
		return "<closed>"
	}
	return ""
}

// closed says whether the server closed the connection inside the reply:
// only EXEC's array ends so, after a CLIENT KILL of its own client.
func (r *Reply) closed() bool {
	return r.Kind == '*' && len(r.Array) > 0 && r.Array[len(r.Array)-1].Kind == 'x'
}

// compactItems are an aggregate's items, a map's keys and values in turn
// (RESP3's recordings: {k,v}, ~[m], (double)1.5, (true), txt:text).
func (r Reply) compactItems() string {
	parts := make([]string, len(r.Array))
	for i, e := range r.Array {
		parts[i] = e.Compact()
	}
	return strings.Join(parts, ",")
}

// IsError reports whether the reply is a Redis error.
func (r Reply) IsError() bool { return r.Kind == '-' }

// ReplyIsError reports whether the step's command answered an error (the
// console keeps such a line out of the scenario's source).
func (s Step) ReplyIsError() bool { return s.replyErr }
