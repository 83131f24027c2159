package core

import "strconv"

// lua51Compile checks a chunk as Lua 5.1.5's lexer and parser (llex.c,
// lparser.c, as bundled with Redis) do, and returns the message
// luaL_loadbuffer would leave ("user_script:1: '=' expected near '1'"), or
// "" when the chunk compiles. gopher-lua's own parser words its errors
// differently and accepts or rejects a few chunks 5.1 does not; scripts are
// checked here first so that the reply is the real server's. Code
// generation limits that depend on register allocation (lcode.c's
// "function or expression too complex") are not modelled.
//
// nestingError is LUA_COMPAT_LSTR 1, as Redis's bundled Lua has it: a
// [[ inside a long string or comment is "nesting of [[...]] is
// deprecated" (the 6.2, 7.2, 7.4 and Valkey 8 builds); the Debian build
// of 7.0.15 that the recordings come from reads it as text.
func lua51Compile(src, chunkname string, nestingError bool) string {
	ls := &lexState{src: src, source: chunkname, linenumber: 1, lastline: 1, nestingError: nestingError}
	ls.ahead.token = tkEOS
	return ls.parse()
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
	name  string // a TK_NAME's text, for scoping
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

func (ls *lexState) readNumeral() {
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
	if !luaOStr2d(ls.buff) {
		ls.lexError("malformed number", tkNumber)
	}
}

// luaOStr2d reports whether luaO_str2d accepts the numeral: glibc's
// strtod in the C locale must read all of it (decimal, or hexadecimal
// with an optional binary exponent); strtoul's hexadecimal fallback
// never reads more than strtod did on what read_numeral gathers.
func luaOStr2d(b []byte) bool {
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
		return i == n
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
		return false
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
	return i == n
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
				return luaToken{token: tkString}
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
			return luaToken{token: tkString}
		case '.':
			ls.saveAndNext()
			if ls.checkNext(".") {
				if ls.checkNext(".") {
					return luaToken{token: tkDots}
				}
				return luaToken{token: tkConcat}
			} else if !isDigit(ls.current) {
				return luaToken{token: '.'}
			}
			ls.readNumeral()
			return luaToken{token: tkNumber}
		case eoz:
			return luaToken{token: tkEOS}
		default:
			if isSpace(c) {
				ls.next()
				continue
			}
			if isDigit(c) {
				ls.readNumeral()
				return luaToken{token: tkNumber}
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

// Parser (lparser.c). Only what decides whether and where a chunk fails
// is kept: scopes (local and upvalue limits, "..."), loops (break),
// expression kinds (assignment targets, call statements).

type expKind int

const (
	vVoid  expKind = iota
	vValue         // a constant or a value in a register: not assignable
	vLocal
	vUpval
	vGlobal
	vIndexed
	vCall
	vVararg
)

type upvalDesc struct {
	k    expKind
	info int
}

type blockCnt struct {
	previous    *blockCnt
	nactvar     int
	isBreakable bool
}

type funcState struct {
	prev        *funcState
	actvar      []string // declared locals; the first nactvar are active
	nactvar     int
	upvalues    []upvalDesc
	isVararg    bool
	linedefined int
	bl          *blockCnt
}

func (ls *lexState) openFunc(fs *funcState) {
	fs.prev = ls.fs
	ls.fs = fs
}

func (ls *lexState) errorExpected(token int) {
	ls.syntaxError("'" + ls.token2str(token) + "' expected")
}

func (ls *lexState) errorLimit(fs *funcState, limit int, what string) {
	var msg string
	if fs.linedefined == 0 {
		msg = "main function has more than " + strconv.Itoa(limit) + " " + what
	} else {
		msg = "function at line " + strconv.Itoa(fs.linedefined) + " has more than " + strconv.Itoa(limit) + " " + what
	}
	ls.lexError(msg, 0)
}

func (ls *lexState) testNext(c int) bool {
	if ls.t.token == c {
		ls.luaXNext()
		return true
	}
	return false
}

func (ls *lexState) check(c int) {
	if ls.t.token != c {
		ls.errorExpected(c)
	}
}

func (ls *lexState) checkNextTok(c int) {
	ls.check(c)
	ls.luaXNext()
}

func (ls *lexState) checkMatch(what, who, where int) {
	if !ls.testNext(what) {
		if where == ls.linenumber {
			ls.errorExpected(what)
		}
		ls.syntaxError("'" + ls.token2str(what) + "' expected (to close '" + ls.token2str(who) + "' at line " + strconv.Itoa(where) + ")")
	}
}

func (ls *lexState) strCheckName() string {
	ls.check(tkName)
	n := ls.t.name
	ls.luaXNext()
	return n
}

func (ls *lexState) newLocalVar(name string, n int) {
	fs := ls.fs
	if fs.nactvar+n+1 > luaiMaxVars {
		ls.errorLimit(fs, luaiMaxVars, "local variables")
	}
	fs.actvar = append(fs.actvar[:fs.nactvar+n], name)
}

func (ls *lexState) adjustLocalVars(nvars int) { ls.fs.nactvar += nvars }

func (ls *lexState) removeVars(tolevel int) {
	ls.fs.nactvar = tolevel
	ls.fs.actvar = ls.fs.actvar[:tolevel]
}

func (ls *lexState) indexUpvalue(fs *funcState, k expKind, info int) int {
	for i, u := range fs.upvalues {
		if u.k == k && u.info == info {
			return i
		}
	}
	if len(fs.upvalues)+1 > luaiMaxUpvalues {
		ls.errorLimit(fs, luaiMaxUpvalues, "upvalues")
	}
	fs.upvalues = append(fs.upvalues, upvalDesc{k, info})
	return len(fs.upvalues) - 1
}

// singleVarAux resolves a name: a local of fs, an upvalue, or a global.
func (ls *lexState) singleVarAux(fs *funcState, n string) (expKind, int) {
	if fs == nil {
		return vGlobal, 0
	}
	for i := fs.nactvar - 1; i >= 0; i-- {
		if fs.actvar[i] == n {
			return vLocal, i
		}
	}
	k, info := ls.singleVarAux(fs.prev, n)
	if k == vGlobal {
		return vGlobal, 0
	}
	return vUpval, ls.indexUpvalue(fs, k, info)
}

func (ls *lexState) singleVar() expKind {
	k, _ := ls.singleVarAux(ls.fs, ls.strCheckName())
	return k
}

func (ls *lexState) enterLevel() {
	ls.nCcalls++
	if ls.nCcalls > luaiMaxCCalls {
		ls.lexError("chunk has too many syntax levels", 0)
	}
}

func (ls *lexState) leaveLevel() { ls.nCcalls-- }

func (ls *lexState) enterBlock(bl *blockCnt, isBreakable bool) {
	fs := ls.fs
	bl.isBreakable = isBreakable
	bl.nactvar = fs.nactvar
	bl.previous = fs.bl
	fs.bl = bl
}

func (ls *lexState) leaveBlock() {
	fs := ls.fs
	bl := fs.bl
	fs.bl = bl.previous
	ls.removeVars(bl.nactvar)
}

func (ls *lexState) field() {
	ls.luaXNext() // the dot or colon
	ls.strCheckName()
}

func (ls *lexState) yindex() {
	ls.luaXNext() // '['
	ls.expr()
	ls.checkNextTok(']')
}

func (ls *lexState) recField() {
	if ls.t.token == tkName {
		ls.strCheckName()
	} else {
		ls.yindex()
	}
	ls.checkNextTok('=')
	ls.expr()
}

func (ls *lexState) constructor() {
	line := ls.linenumber
	ls.checkNextTok('{')
	for {
		if ls.t.token == '}' {
			break
		}
		switch ls.t.token {
		case tkName:
			ls.lookahead()
			if ls.ahead.token != '=' {
				ls.expr()
			} else {
				ls.recField()
			}
		case '[':
			ls.recField()
		default:
			ls.expr()
		}
		if !ls.testNext(',') && !ls.testNext(';') {
			break
		}
	}
	ls.checkMatch('}', '{', line)
}

func (ls *lexState) parList() {
	fs := ls.fs
	nparams := 0
	fs.isVararg = false
	if ls.t.token != ')' {
		for {
			switch ls.t.token {
			case tkName:
				ls.newLocalVar(ls.strCheckName(), nparams)
				nparams++
			case tkDots:
				ls.luaXNext()
				ls.newLocalVar("arg", nparams) // LUA_COMPAT_VARARG
				nparams++
				fs.isVararg = true
			default:
				ls.syntaxError("<name> or '...' expected")
			}
			if fs.isVararg || !ls.testNext(',') {
				break
			}
		}
	}
	ls.adjustLocalVars(nparams)
}

func (ls *lexState) body(needself bool, line int) {
	fs := &funcState{linedefined: line}
	ls.openFunc(fs)
	ls.checkNextTok('(')
	if needself {
		ls.newLocalVar("self", 0)
		ls.adjustLocalVars(1)
	}
	ls.parList()
	ls.checkNextTok(')')
	ls.chunk()
	ls.checkMatch(tkEnd, tkFunction, line)
	ls.fs = fs.prev
}

func (ls *lexState) explist1() (int, expKind) {
	n := 1
	k := ls.expr()
	for ls.testNext(',') {
		k = ls.expr()
		n++
	}
	return n, k
}

func (ls *lexState) funcArgs() {
	line := ls.linenumber
	switch ls.t.token {
	case '(':
		if line != ls.lastline {
			ls.syntaxError("ambiguous syntax (function call x new statement)")
		}
		ls.luaXNext()
		if ls.t.token != ')' {
			ls.explist1()
		}
		ls.checkMatch(')', '(', line)
	case '{':
		ls.constructor()
	case tkString:
		ls.luaXNext()
	default:
		ls.syntaxError("function arguments expected")
	}
}

func (ls *lexState) prefixExp() expKind {
	switch ls.t.token {
	case '(':
		line := ls.linenumber
		ls.luaXNext()
		ls.expr()
		ls.checkMatch(')', '(', line)
		return vValue // luaK_dischargevars: no longer a variable
	case tkName:
		return ls.singleVar()
	}
	ls.syntaxError("unexpected symbol")
	return vVoid
}

func (ls *lexState) primaryExp() expKind {
	k := ls.prefixExp()
	for {
		switch ls.t.token {
		case '.':
			ls.field()
			k = vIndexed
		case '[':
			ls.yindex()
			k = vIndexed
		case ':':
			ls.luaXNext()
			ls.strCheckName()
			ls.funcArgs()
			k = vCall
		case '(', tkString, '{':
			ls.funcArgs()
			k = vCall
		default:
			return k
		}
	}
}

func (ls *lexState) simpleExp() expKind {
	switch ls.t.token {
	case tkNumber, tkString, tkNil, tkTrue, tkFalse:
	case tkDots:
		if !ls.fs.isVararg {
			ls.syntaxError("cannot use '...' outside a vararg function")
		}
		ls.luaXNext()
		return vVararg
	case '{':
		ls.constructor()
		return vValue
	case tkFunction:
		ls.luaXNext()
		ls.body(false, ls.linenumber)
		return vValue
	default:
		return ls.primaryExp()
	}
	ls.luaXNext()
	return vValue
}

func unaryOp(t int) bool { return t == tkNot || t == '-' || t == '#' }

// binaryPriority is lparser.c's priority table: left and right.
func binaryPriority(t int) (int, int, bool) {
	switch t {
	case '+', '-':
		return 6, 6, true
	case '*', '/', '%':
		return 7, 7, true
	case '^':
		return 10, 9, true
	case tkConcat:
		return 5, 4, true
	case tkNe, tkEq, '<', tkLe, '>', tkGe:
		return 3, 3, true
	case tkAnd:
		return 2, 2, true
	case tkOr:
		return 1, 1, true
	}
	return 0, 0, false
}

const unaryPriority = 8

// subExpr returns the expression's kind (vValue once an operator applies)
// and the first operator it left untreated.
func (ls *lexState) subExpr(limit int) (expKind, int) {
	ls.enterLevel()
	var k expKind
	if unaryOp(ls.t.token) {
		ls.luaXNext()
		ls.subExpr(unaryPriority)
		k = vValue
	} else {
		k = ls.simpleExp()
	}
	op := ls.t.token
	left, right, ok := binaryPriority(op)
	for ok && left > limit {
		ls.luaXNext()
		_, op = ls.subExpr(right)
		k = vValue
		left, right, ok = binaryPriority(op)
	}
	ls.leaveLevel()
	return k, op
}

func (ls *lexState) expr() expKind {
	k, _ := ls.subExpr(0)
	return k
}

func blockFollow(token int) bool {
	switch token {
	case tkElse, tkElseif, tkEnd, tkUntil, tkEOS:
		return true
	}
	return false
}

func (ls *lexState) block() {
	var bl blockCnt
	ls.enterBlock(&bl, false)
	ls.chunk()
	ls.leaveBlock()
}

func (ls *lexState) assignment(k expKind, nvars int) {
	if k < vLocal || k > vIndexed {
		ls.syntaxError("syntax error")
	}
	if ls.testNext(',') {
		nk := ls.primaryExp()
		if nvars > luaiMaxCCalls-ls.nCcalls {
			ls.errorLimit(ls.fs, luaiMaxCCalls-ls.nCcalls, "variables in assignment")
		}
		ls.assignment(nk, nvars+1)
		return
	}
	ls.checkNextTok('=')
	ls.explist1()
}

func (ls *lexState) breakStat() {
	bl := ls.fs.bl
	for bl != nil && !bl.isBreakable {
		bl = bl.previous
	}
	if bl == nil {
		ls.syntaxError("no loop to break")
	}
}

func (ls *lexState) whileStat(line int) {
	ls.luaXNext()
	ls.expr()
	var bl blockCnt
	ls.enterBlock(&bl, true)
	ls.checkNextTok(tkDo)
	ls.block()
	ls.checkMatch(tkEnd, tkWhile, line)
	ls.leaveBlock()
}

func (ls *lexState) repeatStat(line int) {
	var bl1, bl2 blockCnt
	ls.enterBlock(&bl1, true)
	ls.enterBlock(&bl2, false)
	ls.luaXNext()
	ls.chunk()
	ls.checkMatch(tkUntil, tkRepeat, line)
	ls.expr() // the condition sees the loop's locals
	ls.leaveBlock()
	ls.leaveBlock()
}

func (ls *lexState) forBody(nvars int) {
	ls.adjustLocalVars(3) // control variables
	ls.checkNextTok(tkDo)
	var bl blockCnt
	ls.enterBlock(&bl, false)
	ls.adjustLocalVars(nvars)
	ls.block()
	ls.leaveBlock()
}

func (ls *lexState) forNum(varname string) {
	ls.newLocalVar("(for index)", 0)
	ls.newLocalVar("(for limit)", 1)
	ls.newLocalVar("(for step)", 2)
	ls.newLocalVar(varname, 3)
	ls.checkNextTok('=')
	ls.expr()
	ls.checkNextTok(',')
	ls.expr()
	if ls.testNext(',') {
		ls.expr()
	}
	ls.forBody(1)
}

func (ls *lexState) forList(indexname string) {
	nvars := 0
	for _, n := range []string{"(for generator)", "(for state)", "(for control)", indexname} {
		ls.newLocalVar(n, nvars)
		nvars++
	}
	for ls.testNext(',') {
		ls.newLocalVar(ls.strCheckName(), nvars)
		nvars++
	}
	ls.checkNextTok(tkIn)
	ls.explist1()
	ls.forBody(nvars - 3)
}

func (ls *lexState) forStat(line int) {
	var bl blockCnt
	ls.enterBlock(&bl, true)
	ls.luaXNext()
	varname := ls.strCheckName()
	switch ls.t.token {
	case '=':
		ls.forNum(varname)
	case ',', tkIn:
		ls.forList(varname)
	default:
		ls.syntaxError("'=' or 'in' expected")
	}
	ls.checkMatch(tkEnd, tkFor, line)
	ls.leaveBlock()
}

func (ls *lexState) testThenBlock() {
	ls.luaXNext()
	ls.expr()
	ls.checkNextTok(tkThen)
	ls.block()
}

func (ls *lexState) ifStat(line int) {
	ls.testThenBlock()
	for ls.t.token == tkElseif {
		ls.testThenBlock()
	}
	if ls.t.token == tkElse {
		ls.luaXNext()
		ls.block()
	}
	ls.checkMatch(tkEnd, tkIf, line)
}

func (ls *lexState) localFunc() {
	ls.newLocalVar(ls.strCheckName(), 0)
	ls.adjustLocalVars(1)
	ls.body(false, ls.linenumber)
}

func (ls *lexState) localStat() {
	nvars := 0
	for {
		ls.newLocalVar(ls.strCheckName(), nvars)
		nvars++
		if !ls.testNext(',') {
			break
		}
	}
	if ls.testNext('=') {
		ls.explist1()
	}
	ls.adjustLocalVars(nvars)
}

func (ls *lexState) funcStat(line int) {
	ls.luaXNext()
	ls.singleVar()
	for ls.t.token == '.' {
		ls.field()
	}
	needself := false
	if ls.t.token == ':' {
		needself = true
		ls.field()
	}
	ls.body(needself, line)
}

func (ls *lexState) exprStat() {
	if k := ls.primaryExp(); k != vCall {
		ls.assignment(k, 1)
	}
}

func (ls *lexState) retStat() {
	ls.luaXNext()
	if !blockFollow(ls.t.token) && ls.t.token != ';' {
		ls.explist1()
	}
}

func (ls *lexState) statement() bool {
	line := ls.linenumber
	switch ls.t.token {
	case tkIf:
		ls.ifStat(line)
	case tkWhile:
		ls.whileStat(line)
	case tkDo:
		ls.luaXNext()
		ls.block()
		ls.checkMatch(tkEnd, tkDo, line)
	case tkFor:
		ls.forStat(line)
	case tkRepeat:
		ls.repeatStat(line)
	case tkFunction:
		ls.funcStat(line)
	case tkLocal:
		ls.luaXNext()
		if ls.testNext(tkFunction) {
			ls.localFunc()
		} else {
			ls.localStat()
		}
	case tkReturn:
		ls.retStat()
		return true
	case tkBreak:
		ls.luaXNext()
		ls.breakStat()
		return true
	default:
		ls.exprStat()
	}
	return false
}

func (ls *lexState) chunk() {
	islast := false
	ls.enterLevel()
	for !islast && !blockFollow(ls.t.token) {
		islast = ls.statement()
		ls.testNext(';')
	}
	ls.leaveLevel()
}
