package state

import (
	"strconv"
	"strings"
)

// RESPText renders stream bytes for people: printable ASCII as is, CR and
// LF as \r and \n, other bytes as \xHH, the way redis-cli --no-raw quotes.
func RESPText(b []byte) string {
	var s strings.Builder
	for _, c := range b {
		switch {
		case c == '\r':
			s.WriteString(`\r`)
		case c == '\n':
			s.WriteString(`\n`)
		case c == '\\':
			s.WriteString(`\\`)
		case c >= 0x20 && c < 0x7f:
			s.WriteByte(c)
		default:
			s.WriteString(`\x`)
			s.WriteString(strconv.FormatInt(int64(c)>>4, 16))
			s.WriteString(strconv.FormatInt(int64(c)&15, 16))
		}
	}
	return s.String()
}
