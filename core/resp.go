package core

import (
	"strconv"

	"replscope/core/state"
)

// The replication stream is RESP multibulk, exactly as replicationFeedSlaves
// writes it: "*<argc>\r\n" then "$<len>\r\n<arg>\r\n" per argument. Offsets
// are byte counts of this text, so every byte here is a byte of an offset.

// AppendCommand appends the RESP encoding of argv to dst.
func AppendCommand(dst []byte, argv []string) []byte {
	dst = appendHeader(dst, '*', len(argv))
	for _, a := range argv {
		dst = appendHeader(dst, '$', len(a))
		dst = append(dst, a...)
		dst = append(dst, '\r', '\n')
	}
	return dst
}

// appendHeader appends a multibulk or bulk header, "*3\r\n" or "$16\r\n":
// one append for the lengths a stream is made of, instead of four.
func appendHeader(dst []byte, kind byte, n int) []byte {
	switch {
	case n < 10:
		return append(dst, kind, byte('0'+n), '\r', '\n')
	case n < 100:
		return append(dst, kind, byte('0'+n/10), byte('0'+n%10), '\r', '\n')
	}
	dst = append(dst, kind)
	dst = strconv.AppendInt(dst, int64(n), 10)
	return append(dst, '\r', '\n')
}

// CommandLen is len(AppendCommand(nil, argv)) without building it.
func CommandLen(argv []string) int64 {
	n := 1 + digits(int64(len(argv))) + 2
	for _, a := range argv {
		n += 1 + digits(int64(len(a))) + 2 + len(a) + 2
	}
	return int64(n)
}

func digits(v int64) int {
	n := 1
	if v < 0 {
		n++
		v = -v
	}
	for v >= 10 {
		v /= 10
		n++
	}
	return n
}

// forEachPiece calls fn with the pieces replicationFeedSlaves hands to
// feedReplicationBuffer one by one: the header, and for each argument its
// "$len\r\n", its bytes and "\r\n". The pieces matter: a new buffer block
// is sized by the piece that did not fit in the tail block.
func forEachPiece(argv []string, scratch []byte, fn func([]byte)) []byte {
	scratch = append(scratch[:0], '*')
	scratch = strconv.AppendInt(scratch, int64(len(argv)), 10)
	scratch = append(scratch, '\r', '\n')
	fn(scratch)
	for _, a := range argv {
		scratch = append(scratch[:0], '$')
		scratch = strconv.AppendInt(scratch, int64(len(a)), 10)
		scratch = append(scratch, '\r', '\n')
		fn(scratch)
		if len(a) > 0 {
			fn(stringBytes(a))
		}
		fn(crlf)
	}
	return scratch
}

var crlf = []byte("\r\n")

// parseCommand reads one multibulk command from the front of buf, as
// processMultibulkBuffer does for the master client. It returns the
// arguments and the bytes consumed, or n == 0 when the command is not yet
// complete. A protocol error returns n < 0. The arguments share one string
// made from the command's bytes: one allocation per command.
func parseCommand(buf []byte, argv []string) ([]string, int) {
	argv = argv[:0]
	if len(buf) == 0 {
		return argv, 0
	}
	if buf[0] != '*' {
		// Inline commands: the master only sends "\n" keepalives this way
		// during a sync; nothing else reaches here.
		if buf[0] == '\n' {
			return argv, 1
		}
		return argv, -1
	}
	argc, p, ok := readInt(buf, 1)
	if !ok {
		return argv, 0
	}
	if p < 0 || argc < 0 || argc > 1<<20 {
		return argv, -1
	}
	pos := p
	// One pass records where each argument lies; then one string holds them
	// all.
	var spans [8][2]int
	var more [][2]int
	for i := int64(0); i < argc; i++ {
		if pos >= len(buf) {
			return argv, 0
		}
		if buf[pos] != '$' {
			return argv, -1
		}
		l, p, ok := readInt(buf, pos+1)
		if !ok {
			return argv, 0
		}
		if p < 0 || l < 0 {
			return argv, -1
		}
		if int64(len(buf)-p) < l+2 {
			return argv, 0
		}
		if i < int64(len(spans)) {
			spans[i] = [2]int{p, p + int(l)}
		} else {
			more = append(more, [2]int{p, p + int(l)})
		}
		pos = p + int(l) + 2
	}
	whole := string(buf[:pos])
	for i := int64(0); i < argc; i++ {
		sp := [2]int{}
		if i < int64(len(spans)) {
			sp = spans[i]
		} else {
			sp = more[i-int64(len(spans))]
		}
		if i == 0 {
			argv = append(argv, internName(buf[sp[0]:sp[1]]))
		} else {
			argv = append(argv, whole[sp[0]:sp[1]])
		}
	}
	return argv, pos
}

// internName returns the stream's frequent command names without
// allocating a string for each.
func internName(b []byte) string {
	switch string(b) {
	case "SET":
		return "SET"
	case "SELECT":
		return "SELECT"
	case "PING":
		return "PING"
	case "DEL":
		return "DEL"
	case "MULTI":
		return "MULTI"
	case "EXEC":
		return "EXEC"
	case "PEXPIREAT":
		return "PEXPIREAT"
	case "REPLCONF":
		return "REPLCONF"
	}
	return string(b)
}

// readInt reads digits up to "\r\n" starting at pos; it returns the value
// and the position after the CRLF; ok is false when more bytes are needed,
// and the position is -1 on a protocol error.
func readInt(buf []byte, pos int) (int64, int, bool) {
	var v int64
	neg := false
	start := pos
	for pos < len(buf) {
		c := buf[pos]
		switch {
		case c == '\r':
			if pos+1 >= len(buf) {
				return 0, 0, false
			}
			if buf[pos+1] != '\n' || pos == start {
				return 0, -1, true
			}
			if neg {
				v = -v
			}
			return v, pos + 2, true
		case c == '-' && pos == start:
			neg = true
		case c >= '0' && c <= '9':
			v = v*10 + int64(c-'0')
			if v > 1<<40 {
				return 0, -1, true
			}
		default:
			return 0, -1, true
		}
		pos++
	}
	return 0, 0, false
}

// RESPText renders stream bytes for people (core/state, which the page
// links without the core).
func RESPText(b []byte) string { return state.RESPText(b) }
