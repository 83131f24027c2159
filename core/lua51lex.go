package core

import (
	"math"
	"strconv"
	"strings"
)

// lua51Compile checks a chunk as Lua 5.1.5's lexer and parser (llex.c,
// lparser.c, as bundled with Redis) do, and returns the message
// luaL_loadbuffer would leave ("user_script:1: '=' expected near '1'"), or
// "" when the chunk compiles. gopher-lua's own parser words its errors
// differently and accepts or rejects a few chunks 5.1 does not; scripts are
// checked here first so that the reply is the real server's. The parser
// (lua51parse.go) keeps lcode.c's register and constant accounting, for
// "function or expression too complex"; it emits no code, so the limits of
// code size and jump length are not checked.
//
// nestingError is LUA_COMPAT_LSTR 1, as Redis's bundled Lua has it: a
// [[ inside a long string or comment is "nesting of [[...]] is
// deprecated" (the 6.2, 7.2, 7.4 and Valkey 8 builds); the Debian build
// of 7.0.15 that the recordings come from reads it as text.
//
// gopherSrc is the chunk as gopher-lua should read it: the same, but for
// what 5.1 reads and gopher-lua's lexer refuses (\v and \f as spaces; a
// hexadecimal float; a NUL that check_next took into a numeral or a ".."),
// rewritten to what gopher-lua reads the same way, on the same lines.
func lua51Compile(src, chunkname string, nestingError bool) (msg, gopherSrc string) {
	ls := &lexState{src: src, source: chunkname, linenumber: 1, lastline: 1, nestingError: nestingError}
	ls.ahead.token = tkEOS
	if msg = ls.parse(); msg != "" || len(ls.fixes) == 0 {
		return msg, src
	}
	var b strings.Builder
	at := 0
	for _, f := range ls.fixes {
		b.WriteString(src[at:f.start])
		b.WriteString(f.text)
		at = f.end
	}
	b.WriteString(src[at:])
	return "", b.String()
}

// gopherFix replaces src[start:end] for gopher-lua.
type gopherFix struct {
	start, end int
	text       string
}

// at is the current character's offset in the source.
func (ls *lexState) at() int {
	if ls.current == eoz {
		return len(ls.src)
	}
	return ls.pos - 1
}

// numeralFix rewrites a numeral that gopher-lua does not read as 5.1 does.
func (ls *lexState) numeralFix(start int, v float64) {
	text := ls.src[start:ls.at()]
	if !strings.ContainsAny(text, "pP\x00") || math.IsInf(v, 0) {
		return
	}
	ls.fixes = append(ls.fixes, gopherFix{start, ls.at(), strconv.FormatFloat(v, 'g', -1, 64)})
}

// Tokens: a single character is its own byte; reserved words and the
// multi-character symbols follow (llex.h's ORDER RESERVED).
const (
	tkAnd = 257 + iota
	tkBreak
	tkDo
	tkElse
	tkElseif
	tkEnd
	tkFalse
	tkFor
	tkFunction
	tkIf
	tkIn
	tkLocal
	tkNil
	tkNot
	tkOr
	tkRepeat
	tkReturn
	tkThen
	tkTrue
	tkUntil
	tkWhile
	tkConcat
	tkDots
	tkEq
	tkGe
	tkLe
	tkNe
	tkNumber
	tkName
	tkString
	tkEOS
)

var luaXTokens = [...]string{
	"and", "break", "do", "else", "elseif",
	"end", "false", "for", "function", "if",
	"in", "local", "nil", "not", "or", "repeat",
	"return", "then", "true", "until", "while",
	"..", "...", "==", ">=", "<=", "~=",
	"<number>", "<name>", "<string>", "<eof>",
}

var luaReserved = func() map[string]int {
	m := map[string]int{}
	for i := 0; i <= tkWhile-tkAnd; i++ {
		m[luaXTokens[i]] = tkAnd + i
	}
	return m
}()

const (
	eoz             = -1
	luaiMaxCCalls   = 200
	luaiMaxVars     = 200
	luaiMaxUpvalues = 60
)

type luaToken struct {
	token int
	name  string  // a TK_NAME's or TK_STRING's text: scopes and constants
	num   float64 // a TK_NUMBER's value
}

type lexState struct {
	src        string
	pos        int
	current    int
	linenumber int
	lastline   int
	t, ahead   luaToken
	buff       []byte // the token being read, as llex.c's Mbuffer
	source     string
	fs         *funcState
	nCcalls    int

	nestingError bool
	fixes        []gopherFix
}

// luaSyntaxError carries a finished message out of the recursive descent
// (luaD_throw).
type luaSyntaxError struct{ msg string }

func (ls *lexState) parse() (msg string) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(luaSyntaxError)
			if !ok {
				panic(r)
			}
			msg = e.msg
		}
	}()
	ls.next()
	fs := &funcState{isVararg: true} // the main function is always vararg
	ls.openFunc(fs)
	ls.luaXNext()
	ls.chunk()
	ls.check(tkEOS)
	ls.fs = fs.prev
	return ""
}

// next is llex.c's next: the byte after the current one, or EOZ.
func (ls *lexState) next() {
	if ls.pos < len(ls.src) {
		ls.current = int(ls.src[ls.pos])
		ls.pos++
	} else {
		ls.current = eoz
	}
}

func (ls *lexState) save(c int) { ls.buff = append(ls.buff, byte(c)) }

func (ls *lexState) saveAndNext() {
	ls.save(ls.current)
	ls.next()
}

func (ls *lexState) currIsNewline() bool { return ls.current == '\n' || ls.current == '\r' }

// C locale <ctype.h>.
func isDigit(c int) bool { return c >= '0' && c <= '9' }
func isAlpha(c int) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isAlnum(c int) bool { return isDigit(c) || isAlpha(c) }
func isSpace(c int) bool { return c == ' ' || c >= '\t' && c <= '\r' }
func isCntrl(c int) bool { return c >= 0 && c < 32 || c == 127 }

func (ls *lexState) token2str(token int) string {
	if token < 257 {
		if isCntrl(token) {
			return "char(" + strconv.Itoa(token) + ")"
		}
		return string([]byte{byte(token)})
	}
	return luaXTokens[token-257]
}

// txtToken: a name, string or number is shown as the buffer holds it,
// up to its first NUL (it is a C string there).
func (ls *lexState) txtToken(token int) string {
	switch token {
	case tkName, tkString, tkNumber:
		b := ls.buff
		for i, c := range b {
			if c == 0 {
				b = b[:i]
				break
			}
		}
		return string(b)
	}
	return ls.token2str(token)
}

// chunkID is luaO_chunkid for a "@name" source.
func (ls *lexState) chunkID() string {
	s := ls.source
	if len(s) > 0 && s[0] == '@' {
		s = s[1:]
		if max := 80 - len(" '...' ") - 1; len(s) > max {
			s = "..." + s[len(s)-max:]
		}
	}
	return s
}

// lexError is luaX_lexerror: token 0 adds no "near" part (so a NUL
// character, token 0, is never shown).
func (ls *lexState) lexError(msg string, token int) {
	msg = ls.chunkID() + ":" + strconv.Itoa(ls.linenumber) + ": " + msg
	if token != 0 {
		msg += " near '" + ls.txtToken(token) + "'"
	}
	panic(luaSyntaxError{msg})
}

func (ls *lexState) syntaxError(msg string) { ls.lexError(msg, ls.t.token) }

func (ls *lexState) inclinenumber() {
	old := ls.current
	ls.next()
	if ls.currIsNewline() && ls.current != old {
		ls.next()
	}
	ls.linenumber++
}

// checkNext is check_next, with strchr's quirk: a NUL byte is found in
// any set (the string's terminator).
func (ls *lexState) checkNext(set string) bool {
	if ls.current == eoz {
		return false
	}
	found := ls.current == 0
	for i := 0; i < len(set); i++ {
		if int(set[i]) == ls.current {
			found = true
		}
	}
	if !found {
		return false
	}
	ls.saveAndNext()
	return true
}

func (ls *lexState) readNumeral() float64 {
	for {
		ls.saveAndNext()
		if !isDigit(ls.current) && ls.current != '.' {
			break
		}
	}
	if ls.checkNext("Ee") {
		ls.checkNext("+-")
	}
	for isAlnum(ls.current) || ls.current == '_' {
		ls.saveAndNext()
	}
	ls.save(0)
	v, ok := luaOStr2d(ls.buff)
	if !ok {
		ls.lexError("malformed number", tkNumber)
	}
	return v
}

// luaOStr2d reports whether luaO_str2d accepts the numeral: glibc's
// strtod in the C locale must read all of it (decimal, or hexadecimal
// with an optional binary exponent); strtoul's hexadecimal fallback
// never reads more than strtod did on what read_numeral gathers.
func luaOStr2d(b []byte) (float64, bool) {
	for i, c := range b {
		if c == 0 {
			b = b[:i]
			break
		}
	}
	n := len(b)
	i := 0
	isHex := func(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
	if n >= 3 && b[0] == '0' && (b[1] == 'x' || b[1] == 'X') && isHex(b[2]) {
		i = 2
		for i < n && isHex(b[i]) {
			i++
		}
		if i+1 < n && (b[i] == 'p' || b[i] == 'P') && b[i+1] >= '0' && b[i+1] <= '9' {
			i++
			for i < n && b[i] >= '0' && b[i] <= '9' {
				i++
			}
		}
		if i != n {
			return 0, false
		}
		if strings.ContainsAny(string(b), "pP") {
			return parseFloatInf(string(b))
		}
		return parseFloatInf(string(b) + "p0")
	}
	digits := 0
	for i < n && b[i] >= '0' && b[i] <= '9' {
		i++
		digits++
	}
	if i < n && b[i] == '.' {
		i++
		for i < n && b[i] >= '0' && b[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0, false
	}
	if i < n && (b[i] == 'e' || b[i] == 'E') {
		j := i + 1
		if j < n && (b[j] == '+' || b[j] == '-') {
			j++
		}
		if j < n && b[j] >= '0' && b[j] <= '9' {
			for j < n && b[j] >= '0' && b[j] <= '9' {
				j++
			}
			i = j
		}
	}
	if i != n {
		return 0, false
	}
	return parseFloatInf(string(b))
}

// parseFloatInf is strtod's value of a numeral already checked: out of
// range is infinity (or zero), as strtod gives.
func parseFloatInf(s string) (float64, bool) {
	v, _ := strconv.ParseFloat(s, 64)
	return v, true
}

func (ls *lexState) skipSep() int {
	count := 0
	s := ls.current
	ls.saveAndNext()
	for ls.current == '=' {
		ls.saveAndNext()
		count++
	}
	if ls.current == s {
		return count
	}
	return -count - 1
}

// readLongString reads [[...]] (comment: the text is not kept).
func (ls *lexState) readLongString(comment bool, sep int) {
	ls.saveAndNext()
	if ls.currIsNewline() {
		ls.inclinenumber()
	}
	for {
		switch ls.current {
		case eoz:
			if comment {
				ls.lexError("unfinished long comment", tkEOS)
			}
			ls.lexError("unfinished long string", tkEOS)
		case '[':
			if !ls.nestingError {
				if comment {
					ls.next()
				} else {
					ls.saveAndNext()
				}
			} else if ls.skipSep() == sep {
				ls.saveAndNext()
				if sep == 0 {
					ls.lexError("nesting of [[...]] is deprecated", '[')
				}
			}
		case ']':
			if ls.skipSep() == sep {
				ls.saveAndNext()
				return
			}
		case '\n', '\r':
			ls.save('\n')
			ls.inclinenumber()
			if comment {
				ls.buff = ls.buff[:0]
			}
		default:
			if comment {
				ls.next()
			} else {
				ls.saveAndNext()
			}
		}
	}
}

func (ls *lexState) readString(del int) {
	ls.saveAndNext()
	for ls.current != del {
		switch ls.current {
		case eoz:
			ls.lexError("unfinished string", tkEOS)
		case '\n', '\r':
			ls.lexError("unfinished string", tkString)
		case '\\':
			ls.next() // the backslash is not kept
			c := 0
			switch ls.current {
			case 'a':
				c = '\a'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'v':
				c = '\v'
			case '\n', '\r':
				ls.save('\n')
				ls.inclinenumber()
				continue
			case eoz:
				continue // unfinished string, next round
			default:
				if !isDigit(ls.current) {
					ls.saveAndNext() // \\, \", \' and any other character as itself
				} else {
					i := 0
					for {
						c = 10*c + (ls.current - '0')
						ls.next()
						i++
						if i >= 3 || !isDigit(ls.current) {
							break
						}
					}
					if c > 255 {
						ls.lexError("escape sequence too large", tkString)
					}
					ls.save(c)
				}
				continue
			}
			ls.save(c)
			ls.next()
		default:
			ls.saveAndNext()
		}
	}
	ls.saveAndNext()
}

func (ls *lexState) llex() luaToken {
	ls.buff = ls.buff[:0]
	for {
		switch c := ls.current; c {
		case '\n', '\r':
			ls.inclinenumber()
		case '-':
			ls.next()
			if ls.current != '-' {
				return luaToken{token: '-'}
			}
			ls.next()
			if ls.current == '[' {
				sep := ls.skipSep()
				ls.buff = ls.buff[:0]
				if sep >= 0 {
					ls.readLongString(true, sep)
					ls.buff = ls.buff[:0]
					continue
				}
			}
			for !ls.currIsNewline() && ls.current != eoz {
				ls.next()
			}
		case '[':
			sep := ls.skipSep()
			if sep >= 0 {
				ls.readLongString(false, sep)
				return luaToken{token: tkString, name: string(ls.buff[2+sep : len(ls.buff)-2-sep])}
			} else if sep == -1 {
				return luaToken{token: '['}
			}
			ls.lexError("invalid long string delimiter", tkString)
		case '=', '<', '>', '~':
			ls.next()
			if ls.current != '=' {
				return luaToken{token: c}
			}
			ls.next()
			switch c {
			case '=':
				return luaToken{token: tkEq}
			case '<':
				return luaToken{token: tkLe}
			case '>':
				return luaToken{token: tkGe}
			}
			return luaToken{token: tkNe}
		case '"', '\'':
			ls.readString(c)
			return luaToken{token: tkString, name: string(ls.buff[1 : len(ls.buff)-1])}
		case '.':
			start := ls.at()
			ls.saveAndNext()
			if ls.checkNext(".") {
				tok, text := tkConcat, ".."
				if ls.checkNext(".") {
					tok, text = tkDots, "..."
				}
				if strings.IndexByte(ls.src[start:ls.at()], 0) >= 0 {
					ls.fixes = append(ls.fixes, gopherFix{start, ls.at(), text}) // a NUL taken as a dot
				}
				return luaToken{token: tok}
			} else if !isDigit(ls.current) {
				return luaToken{token: '.'}
			}
			v := ls.readNumeral()
			ls.numeralFix(start, v)
			return luaToken{token: tkNumber, num: v}
		case eoz:
			return luaToken{token: tkEOS}
		default:
			if isSpace(c) {
				if c == '\v' || c == '\f' {
					ls.fixes = append(ls.fixes, gopherFix{ls.at(), ls.at() + 1, " "})
				}
				ls.next()
				continue
			}
			if isDigit(c) {
				start := ls.at()
				v := ls.readNumeral()
				ls.numeralFix(start, v)
				return luaToken{token: tkNumber, num: v}
			}
			if isAlpha(c) || c == '_' {
				for {
					ls.saveAndNext()
					if !isAlnum(ls.current) && ls.current != '_' {
						break
					}
				}
				if r, ok := luaReserved[string(ls.buff)]; ok {
					return luaToken{token: r}
				}
				return luaToken{token: tkName, name: string(ls.buff)}
			}
			ls.next()
			return luaToken{token: c}
		}
	}
}

func (ls *lexState) luaXNext() {
	ls.lastline = ls.linenumber
	if ls.ahead.token != tkEOS {
		ls.t = ls.ahead
		ls.ahead.token = tkEOS
	} else {
		ls.t = ls.llex()
	}
}

func (ls *lexState) lookahead() { ls.ahead = ls.llex() }
