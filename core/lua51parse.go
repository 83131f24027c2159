package core

import (
	"math"
	"strconv"
)

// Parser (lparser.c) with lcode.c's bookkeeping of registers and
// constants: whether and where a chunk fails depends on scopes (local and
// upvalue limits, "..."), loops (break), expression kinds (assignment
// targets, call statements) and how many registers an expression holds
// at once ("function or expression too complex" at MAXSTACK); which
// constants fit an RK operand decides the last. No code is emitted: an
// instruction is only a tag where a later step looks at it (OP_NOT,
// OP_CONCAT).

type expKind int

// ORDER as lparser.h's expkind; assignment targets are vLocal..vIndexed.
const (
	vVoid expKind = iota
	vNil
	vTrue
	vFalse
	vK
	vKNum
	vLocal
	vUpval
	vGlobal
	vIndexed
	vJmp
	vRelocable
	vNonReloc
	vCall
	vVararg
)

// relocOp is the instruction a vRelocable expression stands for, where
// lcode.c looks at it.
type relocOp int

const (
	opOther relocOp = iota
	opNot
	opConcat
)

type expDesc struct {
	k         expKind
	info, aux int
	nval      float64
	op        relocOp
	t, f      bool // the true and false jump lists are not empty
}

func (e *expDesc) hasJumps() bool   { return e.t || e.f }
func (e *expDesc) hasMultRet() bool { return e.k == vCall || e.k == vVararg }
func (e *expDesc) isNumeral() bool  { return e.k == vKNum && !e.t && !e.f }

const (
	luaMultRet      = -1
	maxStack        = 250
	maxIndexRK      = 255
	bitRK           = 256
	lfieldsPerFlush = 50
)

func isK(x int) bool { return x&bitRK != 0 }

type upvalDesc struct {
	k    expKind
	info int
}

type blockCnt struct {
	previous    *blockCnt
	nactvar     int
	isBreakable bool
}

type nilKey struct{}

type funcState struct {
	prev        *funcState
	actvar      []string // declared locals; the first nactvar are active
	nactvar     int
	upvalues    []upvalDesc
	isVararg    bool
	linedefined int
	bl          *blockCnt
	freereg     int
	k           map[any]int // addk's table: constant -> index
}

func (ls *lexState) openFunc(fs *funcState) {
	fs.prev = ls.fs
	fs.k = map[any]int{}
	ls.fs = fs
}

// lcode.c, registers and constants.

func (ls *lexState) checkStack(n int) {
	if ls.fs.freereg+n >= maxStack {
		ls.syntaxError("function or expression too complex")
	}
}

func (ls *lexState) reserveRegs(n int) {
	ls.checkStack(n)
	ls.fs.freereg += n
}

func (ls *lexState) freeReg(reg int) {
	if !isK(reg) && reg >= ls.fs.nactvar {
		ls.fs.freereg--
	}
}

func (ls *lexState) freeExp(e *expDesc) {
	if e.k == vNonReloc {
		ls.freeReg(e.info)
	}
}

func (ls *lexState) addK(key any) int {
	fs := ls.fs
	if i, ok := fs.k[key]; ok {
		return i
	}
	fs.k[key] = len(fs.k)
	return len(fs.k) - 1
}

func (ls *lexState) stringK(s string) int { return ls.addK(s) }

func (ls *lexState) numberK(r float64) int { return ls.addK(r) }

func (ls *lexState) setReturns(e *expDesc, nresults int) {
	if e.k == vVararg {
		ls.reserveRegs(1)
	}
}

func (ls *lexState) setMultRet(e *expDesc) { ls.setReturns(e, luaMultRet) }

func (ls *lexState) setOneRet(e *expDesc) {
	switch e.k {
	case vCall:
		e.k = vNonReloc // info is the call's base register
	case vVararg:
		e.k, e.op = vRelocable, opOther
	}
}

func (ls *lexState) dischargeVars(e *expDesc) {
	switch e.k {
	case vLocal:
		e.k = vNonReloc
	case vUpval, vGlobal:
		e.k, e.op = vRelocable, opOther
	case vIndexed:
		ls.freeReg(e.aux)
		ls.freeReg(e.info)
		e.k, e.op = vRelocable, opOther
	case vVararg, vCall:
		ls.setOneRet(e)
	}
}

func (ls *lexState) discharge2Reg(e *expDesc, reg int) {
	ls.dischargeVars(e)
	switch e.k {
	case vKNum:
		ls.numberK(e.nval)
	case vNil, vFalse, vTrue, vK, vRelocable, vNonReloc:
	default:
		return // vVoid, vJmp
	}
	e.info, e.k = reg, vNonReloc
}

func (ls *lexState) discharge2AnyReg(e *expDesc) {
	if e.k != vNonReloc {
		ls.reserveRegs(1)
		ls.discharge2Reg(e, ls.fs.freereg-1)
	}
}

func (ls *lexState) exp2Reg(e *expDesc, reg int) {
	ls.discharge2Reg(e, reg)
	e.t, e.f = false, false
	e.info, e.k = reg, vNonReloc
}

func (ls *lexState) exp2NextReg(e *expDesc) {
	ls.dischargeVars(e)
	ls.freeExp(e)
	ls.reserveRegs(1)
	ls.exp2Reg(e, ls.fs.freereg-1)
}

func (ls *lexState) exp2AnyReg(e *expDesc) int {
	ls.dischargeVars(e)
	if e.k == vNonReloc {
		if !e.hasJumps() {
			return e.info
		}
		if e.info >= ls.fs.nactvar {
			ls.exp2Reg(e, e.info)
			return e.info
		}
	}
	ls.exp2NextReg(e)
	return e.info
}

func (ls *lexState) exp2Val(e *expDesc) {
	if e.hasJumps() {
		ls.exp2AnyReg(e)
	} else {
		ls.dischargeVars(e)
	}
}

func (ls *lexState) exp2RK(e *expDesc) int {
	ls.exp2Val(e)
	switch e.k {
	case vKNum, vTrue, vFalse, vNil:
		if len(ls.fs.k) <= maxIndexRK {
			switch e.k {
			case vNil:
				e.info = ls.addK(nilKey{})
			case vKNum:
				e.info = ls.numberK(e.nval)
			default:
				e.info = ls.addK(e.k == vTrue)
			}
			e.k = vK
			return e.info | bitRK
		}
	case vK:
		if e.info <= maxIndexRK {
			return e.info | bitRK
		}
	}
	return ls.exp2AnyReg(e)
}

func (ls *lexState) storeVar(v, ex *expDesc) {
	switch v.k {
	case vLocal:
		ls.freeExp(ex)
		ls.exp2Reg(ex, v.info)
		return
	case vUpval, vGlobal:
		ls.exp2AnyReg(ex)
	case vIndexed:
		ls.exp2RK(ex)
	}
	ls.freeExp(ex)
}

func (ls *lexState) self(e, key *expDesc) {
	ls.exp2AnyReg(e)
	ls.freeExp(e)
	fn := ls.fs.freereg
	ls.reserveRegs(2)
	ls.exp2RK(key)
	ls.freeExp(key)
	e.info, e.k = fn, vNonReloc
}

// jumpOnCond: a value under OP_NOT is tested as it is (the NOT goes).
func (ls *lexState) jumpOnCond(e *expDesc) {
	if e.k == vRelocable && e.op == opNot {
		return
	}
	ls.discharge2AnyReg(e)
	ls.freeExp(e)
}

func (ls *lexState) goIfTrue(e *expDesc) {
	ls.dischargeVars(e)
	switch e.k {
	case vK, vKNum, vTrue:
	default: // vJmp and the rest: a jump on false
		if e.k != vJmp {
			ls.jumpOnCond(e)
		}
		e.f = true
	}
	e.t = false
}

func (ls *lexState) goIfFalse(e *expDesc) {
	ls.dischargeVars(e)
	switch e.k {
	case vNil, vFalse:
	default:
		if e.k != vJmp {
			ls.jumpOnCond(e)
		}
		e.t = true
	}
	e.f = false
}

func (ls *lexState) codeNot(e *expDesc) {
	ls.dischargeVars(e)
	switch e.k {
	case vNil, vFalse:
		e.k = vTrue
	case vK, vKNum, vTrue:
		e.k = vFalse
	case vRelocable, vNonReloc:
		ls.discharge2AnyReg(e)
		ls.freeExp(e)
		e.k, e.op = vRelocable, opNot
	}
	e.t, e.f = e.f, e.t
}

func (ls *lexState) indexed(t, k *expDesc) {
	t.aux = ls.exp2RK(k)
	t.k = vIndexed
}

type binOpr int

const (
	oprAdd binOpr = iota
	oprSub
	oprMul
	oprDiv
	oprMod
	oprPow
	oprConcat
	oprNe
	oprEq
	oprLt
	oprLe
	oprGt
	oprGe
	oprAnd
	oprOr
	oprNoBinOpr
	oprMinus // unary
	oprLen
)

// constFolding: arithmetic on two numerals is done at compile time
// (not into NaN, nor by zero).
func constFolding(op binOpr, e1, e2 *expDesc) bool {
	if !e1.isNumeral() || !e2.isNumeral() {
		return false
	}
	v1, v2 := e1.nval, e2.nval
	var r float64
	switch op {
	case oprAdd:
		r = v1 + v2
	case oprSub:
		r = v1 - v2
	case oprMul:
		r = v1 * v2
	case oprDiv:
		if v2 == 0 {
			return false
		}
		r = v1 / v2
	case oprMod:
		if v2 == 0 {
			return false
		}
		r = v1 - math.Floor(v1/v2)*v2
	case oprPow:
		r = math.Pow(v1, v2)
	case oprMinus:
		r = -v1
	default:
		return false
	}
	if math.IsNaN(r) {
		return false
	}
	e1.nval = r
	return true
}

func (ls *lexState) codeArith(op binOpr, e1, e2 *expDesc) {
	if constFolding(op, e1, e2) {
		return
	}
	o2 := 0
	if op != oprMinus && op != oprLen {
		o2 = ls.exp2RK(e2)
	}
	o1 := ls.exp2RK(e1)
	if o1 > o2 {
		ls.freeExp(e1)
		ls.freeExp(e2)
	} else {
		ls.freeExp(e2)
		ls.freeExp(e1)
	}
	e1.k, e1.op = vRelocable, opOther
	if op == oprConcat {
		e1.op = opConcat
	}
}

func (ls *lexState) codeComp(e1, e2 *expDesc) {
	ls.exp2RK(e1)
	ls.exp2RK(e2)
	ls.freeExp(e2)
	ls.freeExp(e1)
	e1.k = vJmp
}

func (ls *lexState) prefix(op int, e *expDesc) {
	e2 := expDesc{k: vKNum}
	switch op {
	case '-':
		if !e.isNumeral() {
			ls.exp2AnyReg(e)
		}
		ls.codeArith(oprMinus, e, &e2)
	case tkNot:
		ls.codeNot(e)
	case '#':
		ls.exp2AnyReg(e)
		ls.codeArith(oprLen, e, &e2)
	}
}

func (ls *lexState) infix(op binOpr, v *expDesc) {
	switch op {
	case oprAnd:
		ls.goIfTrue(v)
	case oprOr:
		ls.goIfFalse(v)
	case oprConcat:
		ls.exp2NextReg(v)
	case oprAdd, oprSub, oprMul, oprDiv, oprMod, oprPow:
		if !v.isNumeral() {
			ls.exp2RK(v)
		}
	default:
		ls.exp2RK(v)
	}
}

func (ls *lexState) posfix(op binOpr, e1, e2 *expDesc) {
	switch op {
	case oprAnd:
		ls.dischargeVars(e2)
		e2.f = e2.f || e1.f
		*e1 = *e2
	case oprOr:
		ls.dischargeVars(e2)
		e2.t = e2.t || e1.t
		*e1 = *e2
	case oprConcat:
		ls.exp2Val(e2)
		if e2.k == vRelocable && e2.op == opConcat {
			ls.freeExp(e1)
			e1.k, e1.op, e1.info = vRelocable, opConcat, e2.info
		} else {
			ls.exp2NextReg(e2)
			ls.codeArith(oprConcat, e1, e2)
		}
	case oprEq, oprNe, oprLt, oprLe, oprGt, oprGe:
		ls.codeComp(e1, e2)
	default:
		ls.codeArith(op, e1, e2)
	}
}

// setList flushes a constructor's pending items.
func (ls *lexState) setList(base int) { ls.fs.freereg = base + 1 }

// lparser.c.

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

func (ls *lexState) codeString(e *expDesc, s string) {
	*e = expDesc{k: vK, info: ls.stringK(s)}
}

func (ls *lexState) checkName(e *expDesc) { ls.codeString(e, ls.strCheckName()) }

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

func (ls *lexState) singleVar(v *expDesc) {
	name := ls.strCheckName()
	k, info := ls.singleVarAux(ls.fs, name)
	if k == vGlobal {
		info = ls.stringK(name)
	}
	*v = expDesc{k: k, info: info}
}

func (ls *lexState) adjustAssign(nvars, nexps int, e *expDesc) {
	extra := nvars - nexps
	if e.hasMultRet() {
		extra++
		if extra < 0 {
			extra = 0
		}
		ls.setReturns(e, extra)
		if extra > 1 {
			ls.reserveRegs(extra - 1)
		}
		return
	}
	if e.k != vVoid {
		ls.exp2NextReg(e)
	}
	if extra > 0 {
		ls.reserveRegs(extra)
	}
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
	fs.freereg = fs.nactvar
}

func (ls *lexState) field(v *expDesc) {
	ls.exp2AnyReg(v)
	ls.luaXNext() // the dot or colon
	var key expDesc
	ls.checkName(&key)
	ls.indexed(v, &key)
}

func (ls *lexState) yindex(v *expDesc) {
	ls.luaXNext() // '['
	ls.expr(v)
	ls.exp2Val(v)
	ls.checkNextTok(']')
}

type consControl struct {
	v       expDesc
	t       *expDesc
	tostore int
}

func (ls *lexState) recField(cc *consControl) {
	reg := ls.fs.freereg
	var key, val expDesc
	if ls.t.token == tkName {
		ls.checkName(&key)
	} else {
		ls.yindex(&key)
	}
	ls.checkNextTok('=')
	ls.exp2RK(&key)
	ls.expr(&val)
	ls.exp2RK(&val)
	ls.fs.freereg = reg
}

func (ls *lexState) closeListField(cc *consControl) {
	if cc.v.k == vVoid {
		return
	}
	ls.exp2NextReg(&cc.v)
	cc.v.k = vVoid
	if cc.tostore == lfieldsPerFlush {
		ls.setList(cc.t.info)
		cc.tostore = 0
	}
}

func (ls *lexState) lastListField(cc *consControl) {
	if cc.tostore == 0 {
		return
	}
	if cc.v.hasMultRet() {
		ls.setMultRet(&cc.v)
	} else if cc.v.k != vVoid {
		ls.exp2NextReg(&cc.v)
	}
	ls.setList(cc.t.info)
}

func (ls *lexState) listField(cc *consControl) {
	ls.expr(&cc.v)
	cc.tostore++
}

func (ls *lexState) constructor(t *expDesc) {
	line := ls.linenumber
	*t = expDesc{k: vRelocable}
	cc := consControl{t: t}
	ls.exp2NextReg(t) // the table at the stack's top
	ls.checkNextTok('{')
	for {
		if ls.t.token == '}' {
			break
		}
		ls.closeListField(&cc)
		switch ls.t.token {
		case tkName:
			ls.lookahead()
			if ls.ahead.token != '=' {
				ls.listField(&cc)
			} else {
				ls.recField(&cc)
			}
		case '[':
			ls.recField(&cc)
		default:
			ls.listField(&cc)
		}
		if !ls.testNext(',') && !ls.testNext(';') {
			break
		}
	}
	ls.checkMatch('}', '{', line)
	ls.lastListField(&cc)
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
	ls.reserveRegs(fs.nactvar)
}

func (ls *lexState) body(e *expDesc, needself bool, line int) {
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
	*e = expDesc{k: vRelocable} // OP_CLOSURE
}

func (ls *lexState) explist1(v *expDesc) int {
	n := 1
	ls.expr(v)
	for ls.testNext(',') {
		ls.exp2NextReg(v)
		ls.expr(v)
		n++
	}
	return n
}

func (ls *lexState) funcArgs(f *expDesc) {
	var args expDesc
	line := ls.linenumber
	switch ls.t.token {
	case '(':
		if line != ls.lastline {
			ls.syntaxError("ambiguous syntax (function call x new statement)")
		}
		ls.luaXNext()
		if ls.t.token == ')' {
			args.k = vVoid
		} else {
			ls.explist1(&args)
			ls.setMultRet(&args)
		}
		ls.checkMatch(')', '(', line)
	case '{':
		ls.constructor(&args)
	case tkString:
		ls.codeString(&args, ls.t.name)
		ls.luaXNext()
	default:
		ls.syntaxError("function arguments expected")
	}
	base := f.info
	if !args.hasMultRet() && args.k != vVoid {
		ls.exp2NextReg(&args)
	}
	*f = expDesc{k: vCall, info: base}
	ls.fs.freereg = base + 1
}

func (ls *lexState) prefixExp(v *expDesc) {
	switch ls.t.token {
	case '(':
		line := ls.linenumber
		ls.luaXNext()
		ls.expr(v)
		ls.checkMatch(')', '(', line)
		ls.dischargeVars(v)
		return
	case tkName:
		ls.singleVar(v)
		return
	}
	ls.syntaxError("unexpected symbol")
}

func (ls *lexState) primaryExp(v *expDesc) {
	ls.prefixExp(v)
	for {
		switch ls.t.token {
		case '.':
			ls.field(v)
		case '[':
			var key expDesc
			ls.exp2AnyReg(v)
			ls.yindex(&key)
			ls.indexed(v, &key)
		case ':':
			var key expDesc
			ls.luaXNext()
			ls.checkName(&key)
			ls.self(v, &key)
			ls.funcArgs(v)
		case '(', tkString, '{':
			ls.exp2NextReg(v)
			ls.funcArgs(v)
		default:
			return
		}
	}
}

func (ls *lexState) simpleExp(v *expDesc) {
	switch ls.t.token {
	case tkNumber:
		*v = expDesc{k: vKNum, nval: ls.t.num}
	case tkString:
		ls.codeString(v, ls.t.name)
	case tkNil:
		*v = expDesc{k: vNil}
	case tkTrue:
		*v = expDesc{k: vTrue}
	case tkFalse:
		*v = expDesc{k: vFalse}
	case tkDots:
		if !ls.fs.isVararg {
			ls.syntaxError("cannot use '...' outside a vararg function")
		}
		*v = expDesc{k: vVararg}
	case '{':
		ls.constructor(v)
		return
	case tkFunction:
		ls.luaXNext()
		ls.body(v, false, ls.linenumber)
		return
	default:
		ls.primaryExp(v)
		return
	}
	ls.luaXNext()
}

func binaryOp(t int) binOpr {
	switch t {
	case '+':
		return oprAdd
	case '-':
		return oprSub
	case '*':
		return oprMul
	case '/':
		return oprDiv
	case '%':
		return oprMod
	case '^':
		return oprPow
	case tkConcat:
		return oprConcat
	case tkNe:
		return oprNe
	case tkEq:
		return oprEq
	case '<':
		return oprLt
	case tkLe:
		return oprLe
	case '>':
		return oprGt
	case tkGe:
		return oprGe
	case tkAnd:
		return oprAnd
	case tkOr:
		return oprOr
	}
	return oprNoBinOpr
}

// priority is lparser.c's table, ORDER OPR: left and right.
var priority = [...][2]int{
	{6, 6}, {6, 6}, {7, 7}, {7, 7}, {7, 7},
	{10, 9}, {5, 4},
	{3, 3}, {3, 3},
	{3, 3}, {3, 3}, {3, 3}, {3, 3},
	{2, 2}, {1, 1},
}

const unaryPriority = 8

// subExpr returns the first binary operator it left untreated.
func (ls *lexState) subExpr(v *expDesc, limit int) binOpr {
	ls.enterLevel()
	if u := ls.t.token; u == tkNot || u == '-' || u == '#' {
		ls.luaXNext()
		ls.subExpr(v, unaryPriority)
		ls.prefix(u, v)
	} else {
		ls.simpleExp(v)
	}
	op := binaryOp(ls.t.token)
	for op != oprNoBinOpr && priority[op][0] > limit {
		var v2 expDesc
		ls.luaXNext()
		ls.infix(op, v)
		nextop := ls.subExpr(&v2, priority[op][1])
		ls.posfix(op, v, &v2)
		op = nextop
	}
	ls.leaveLevel()
	return op
}

func (ls *lexState) expr(v *expDesc) { ls.subExpr(v, 0) }

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

type lhsAssign struct {
	prev *lhsAssign
	v    expDesc
}

// checkConflict: a local assigned in a multiple assignment that an
// earlier target indexes with is copied first (one more register).
func (ls *lexState) checkConflict(lh *lhsAssign, v *expDesc) {
	conflict := false
	for ; lh != nil; lh = lh.prev {
		if lh.v.k == vIndexed {
			if lh.v.info == v.info {
				conflict = true
				lh.v.info = ls.fs.freereg
			}
			if lh.v.aux == v.info {
				conflict = true
				lh.v.aux = ls.fs.freereg
			}
		}
	}
	if conflict {
		ls.reserveRegs(1)
	}
}

func (ls *lexState) assignment(lh *lhsAssign, nvars int) {
	var e expDesc
	if lh.v.k < vLocal || lh.v.k > vIndexed {
		ls.syntaxError("syntax error")
	}
	if ls.testNext(',') {
		nv := lhsAssign{prev: lh}
		ls.primaryExp(&nv.v)
		if nv.v.k == vLocal {
			ls.checkConflict(lh, &nv.v)
		}
		if nvars > luaiMaxCCalls-ls.nCcalls {
			ls.errorLimit(ls.fs, luaiMaxCCalls-ls.nCcalls, "variables in assignment")
		}
		ls.assignment(&nv, nvars+1)
	} else {
		ls.checkNextTok('=')
		nexps := ls.explist1(&e)
		if nexps != nvars {
			ls.adjustAssign(nvars, nexps, &e)
			if nexps > nvars {
				ls.fs.freereg -= nexps - nvars
			}
		} else {
			ls.setOneRet(&e)
			ls.storeVar(&lh.v, &e)
			return
		}
	}
	e = expDesc{k: vNonReloc, info: ls.fs.freereg - 1}
	ls.storeVar(&lh.v, &e)
}

func (ls *lexState) cond() {
	var v expDesc
	ls.expr(&v)
	if v.k == vNil {
		v.k = vFalse
	}
	ls.goIfTrue(&v)
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
	ls.cond()
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
	ls.cond() // the condition sees the loop's locals
	ls.leaveBlock()
	ls.leaveBlock()
}

func (ls *lexState) exp1() {
	var e expDesc
	ls.expr(&e)
	ls.exp2NextReg(&e)
}

func (ls *lexState) forBody(nvars int) {
	ls.adjustLocalVars(3) // control variables
	ls.checkNextTok(tkDo)
	var bl blockCnt
	ls.enterBlock(&bl, false)
	ls.adjustLocalVars(nvars)
	ls.reserveRegs(nvars)
	ls.block()
	ls.leaveBlock()
}

func (ls *lexState) forNum(varname string) {
	ls.newLocalVar("(for index)", 0)
	ls.newLocalVar("(for limit)", 1)
	ls.newLocalVar("(for step)", 2)
	ls.newLocalVar(varname, 3)
	ls.checkNextTok('=')
	ls.exp1()
	ls.checkNextTok(',')
	ls.exp1()
	if ls.testNext(',') {
		ls.exp1()
	} else {
		ls.numberK(1)
		ls.reserveRegs(1)
	}
	ls.forBody(1)
}

func (ls *lexState) forList(indexname string) {
	var e expDesc
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
	ls.adjustAssign(3, ls.explist1(&e), &e)
	ls.checkStack(3) // to call the generator
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
	ls.cond()
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
	var b expDesc
	ls.newLocalVar(ls.strCheckName(), 0)
	v := expDesc{k: vLocal, info: ls.fs.freereg}
	ls.reserveRegs(1)
	ls.adjustLocalVars(1)
	ls.body(&b, false, ls.linenumber)
	ls.storeVar(&v, &b)
}

func (ls *lexState) localStat() {
	var e expDesc
	nvars, nexps := 0, 0
	for {
		ls.newLocalVar(ls.strCheckName(), nvars)
		nvars++
		if !ls.testNext(',') {
			break
		}
	}
	if ls.testNext('=') {
		nexps = ls.explist1(&e)
	} else {
		e.k = vVoid
	}
	ls.adjustAssign(nvars, nexps, &e)
	ls.adjustLocalVars(nvars)
}

func (ls *lexState) funcStat(line int) {
	var v, b expDesc
	ls.luaXNext()
	ls.singleVar(&v)
	for ls.t.token == '.' {
		ls.field(&v)
	}
	needself := false
	if ls.t.token == ':' {
		needself = true
		ls.field(&v)
	}
	ls.body(&b, needself, line)
	ls.storeVar(&v, &b)
}

func (ls *lexState) exprStat() {
	var v lhsAssign
	ls.primaryExp(&v.v)
	if v.v.k != vCall {
		ls.assignment(&v, 1)
	}
}

func (ls *lexState) retStat() {
	var e expDesc
	ls.luaXNext()
	if blockFollow(ls.t.token) || ls.t.token == ';' {
		return
	}
	nret := ls.explist1(&e)
	switch {
	case e.hasMultRet():
		ls.setMultRet(&e)
	case nret == 1:
		ls.exp2AnyReg(&e)
	default:
		ls.exp2NextReg(&e)
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
		ls.fs.freereg = ls.fs.nactvar
	}
	ls.leaveLevel()
}
