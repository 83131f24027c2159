// Package scenario parses the scenario language (contract version 1, see
// the README): one step per line, words split as redis-cli splits them.
// It knows syntax and names only; what a Redis command means is the
// replication model's business (package core).
package scenario

import (
	"fmt"
	"strings"
)

// Word is one word of a line with the 1-based column where it starts.
type Word struct {
	Text string
	Col  int
}

// Error is a parse error: it names the file, the line and the column and
// says what was expected.
type Error struct {
	File string
	Line int
	Col  int
	Msg  string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// splitWords splits a line like redis-cli's sdssplitargs: spaces and tabs
// separate; "double quoted" words take \n \r \t \" \\ \xHH; 'single quoted'
// words are literal except \'. A '#' that starts a word outside quotes
// starts a comment. The error column is 1-based.
func splitWords(line string) ([]Word, int, string) {
	return appendWords(nil, line)
}

// appendWords is splitWords into dst's array (the parser reuses one).
func appendWords(words []Word, line string) ([]Word, int, string) {
	words = words[:0]
	i := 0
	n := len(line)
	for {
		for i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r') {
			i++
		}
		if i >= n {
			return words, 0, ""
		}
		if line[i] == '#' {
			return words, 0, ""
		}
		start := i
		// A plain word is a piece of the line: no copy.
		j := i
		for j < n && !wordEnds(line, j) && line[j] != '"' && line[j] != '\'' {
			j++
		}
		if wordEnds(line, j) {
			words = append(words, Word{Text: line[start:j], Col: start + 1})
			i = j
			continue
		}
		var b strings.Builder
		inDQ, inSQ := false, false
		for {
			if inDQ {
				if i >= n {
					return nil, start + 1, "unbalanced double quote: a closing \" was expected"
				}
				c := line[i]
				if c == '\\' && i+3 < n && line[i+1] == 'x' && isHex(line[i+2]) && isHex(line[i+3]) {
					b.WriteByte(hexVal(line[i+2])<<4 | hexVal(line[i+3]))
					i += 4
					continue
				}
				if c == '\\' && i+1 < n {
					i++
					switch line[i] {
					case 'n':
						b.WriteByte('\n')
					case 'r':
						b.WriteByte('\r')
					case 't':
						b.WriteByte('\t')
					case 'b':
						b.WriteByte('\b')
					case 'a':
						b.WriteByte('\a')
					default:
						b.WriteByte(line[i])
					}
					i++
					continue
				}
				if c == '"' {
					if i++; !wordEnds(line, i) {
						return nil, i + 1, errAfterQuote
					}
					break
				}
				b.WriteByte(c)
				i++
				continue
			}
			if inSQ {
				if i >= n {
					return nil, start + 1, "unbalanced single quote: a closing ' was expected"
				}
				c := line[i]
				if c == '\\' && i+1 < n && line[i+1] == '\'' {
					b.WriteByte('\'')
					i += 2
					continue
				}
				if c == '\'' {
					if i++; !wordEnds(line, i) {
						return nil, i + 1, errAfterQuote
					}
					break
				}
				b.WriteByte(c)
				i++
				continue
			}
			if wordEnds(line, i) {
				break
			}
			switch line[i] {
			case '"':
				inDQ = true
			case '\'':
				inSQ = true
			default:
				b.WriteByte(line[i])
			}
			i++
		}
		words = append(words, Word{Text: b.String(), Col: start + 1})
	}
}

const errAfterQuote = "a space or the end of the line was expected after a closing quote"

// wordEnds reports whether a word ends at i: the end of the line or a blank.
func wordEnds(line string, i int) bool {
	return i >= len(line) || line[i] == ' ' || line[i] == '\t' || line[i] == '\r'
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func hexVal(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// WordCol is the 1-based column of word i of a line (0 if it has fewer).
func WordCol(line string, i int) int {
	words, _, msg := splitWords(line)
	if msg != "" || i >= len(words) {
		return 0
	}
	return words[i].Col
}
