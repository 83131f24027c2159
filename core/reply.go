package core

import (
	"strconv"
	"strings"
)

// Reply is what a command answered, in RESP2 terms.
type Reply struct {
	Kind  byte // '+' status, '-' error, ':' integer, '$' bulk, '*' array, 'n' nil bulk, 'N' nil array
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

// String renders the reply as redis-cli prints it.
func (r Reply) String() string {
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
	case '*':
		if len(r.Array) == 0 {
			b.WriteString("(empty array)")
			return
		}
		w := len(strconv.Itoa(len(r.Array)))
		for i, e := range r.Array {
			if i > 0 {
				b.WriteString("\n")
				b.WriteString(indent)
			}
			n := strconv.Itoa(i + 1)
			b.WriteString(strings.Repeat(" ", w-len(n)))
			b.WriteString(n)
			b.WriteString(") ")
			e.cli(b, indent+strings.Repeat(" ", w+2))
		}
	}
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
		parts := make([]string, len(r.Array))
		for i, e := range r.Array {
			parts[i] = e.Compact()
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	return ""
}

// IsError reports whether the reply is a Redis error.
func (r Reply) IsError() bool { return r.Kind == '-' }

// ReplyIsError reports whether the step's command answered an error (the
// console keeps such a line out of the scenario's source).
func (s Step) ReplyIsError() bool { return s.replyErr }
