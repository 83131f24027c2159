package core

import (
	"crypto/sha1"
	"encoding/hex"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"
)

// script.c, eval.c, script_lua.c: EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and
// SCRIPT, run by gopher-lua (a pure-Go Lua 5.1: it builds for js/wasm and
// has no cgo) with Redis's API and conversions. 7.0 replicates effects:
// the script itself never propagates; every write it makes does, in its
// own (rewritten) form, several wrapped in MULTI/EXEC by propagatePending.
// Each call runs in a fresh interpreter, so nothing but the keyspace
// carries over from one call to the next (Redis's global protection has
// the same effect), and the only randomness is math.random's fixed seed.

// luaStore is a server's script cache and function libraries; it is
// replaced, never changed, so that a cloned world may share it.
type luaStore struct {
	scripts map[string]string   // sha1 → body
	libs    map[string]*luaLib  // library name → library
	funcs   map[string]*luaFunc // function name → function
}

type luaLib struct {
	name  string
	code  string
	funcs []*luaFunc
}

type luaFunc struct {
	name  string
	lib   string
	desc  *string // its description (nil: none given)
	flags scriptFlags
}

func (st *luaStore) clone() *luaStore {
	n := &luaStore{scripts: map[string]string{}, libs: map[string]*luaLib{}, funcs: map[string]*luaFunc{}}
	if st == nil {
		return n
	}
	for k, v := range st.scripts {
		n.scripts[k] = v
	}
	for k, v := range st.libs {
		n.libs[k] = v
	}
	for k, v := range st.funcs {
		n.funcs[k] = v
	}
	return n
}

func sha1hex(s string) string {
	h := sha1.Sum([]byte(s))
	return hex.EncodeToString(h[:])
}

// scriptRun is what one script call needs while it runs.
type scriptRun struct {
	c        *cmdCtx
	db       int
	readOnly bool // SCRIPT_READ_ONLY: EVAL_RO, FCALL_RO, or a script declaring no-writes
	allowOOM bool // SCRIPT_ALLOW_OOM: a script declaring allow-oom
	// writeDirty is SCRIPT_WRITE_DIRTY: a write command passed the
	// checks, after which the server's state can no longer fail one.
	writeDirty bool
	name       string
	chunk      string // "user_script", or "user_function" for FCALL
	wrote      bool
	repl       int         // redis.set_repl's flags: the writes that propagate (replReplica)
	resp3      bool        // redis.setresp(3): redis.call speaks RESP3
	raised     *lua.LTable // the error table redis.call raised last (6.2's texts tell it from error({err=...}))
}

// newScriptRun is scriptPrepareForRun's run context: read-only for the
// _RO commands and scripts that declare no-writes, allowed past maxmemory
// for those that declare allow-oom.
func newScriptRun(c *cmdCtx, f scriptFlags, ro bool, name, chunk string) *scriptRun {
	declared := f&scriptEvalCompat == 0
	return &scriptRun{c: c, db: c.db, name: name, chunk: chunk, repl: replAOF | replReplica,
		readOnly: ro || declared && f&scriptNoWrites != 0,
		allowOOM: declared && f&scriptAllowOOM != 0}
}

// parseKeysArgs reads numkeys key... arg... from argv[from].
func parseKeysArgs(c *cmdCtx, from int) ([]string, []string, Reply, bool) {
	n, ok := parseInt(c.argv[from])
	if !ok {
		return nil, nil, errNotInt, false
	}
	if n > int64(len(c.argv)-from-1) {
		return nil, nil, errReply("ERR Number of keys can't be greater than number of args"), false
	}
	if n < 0 {
		return nil, nil, errReply("ERR Number of keys can't be negative"), false
	}
	keys := c.argv[from+1 : from+1+int(n)]
	return keys, c.argv[from+1+int(n):], Reply{}, true
}

func evalGeneric(c *cmdCtx, sha, ro bool) Reply {
	if c.s.client.luaDebug && !c.fromMaster {
		return evalDebugging(c, sha)
	}
	keys, args, r, ok := parseKeysArgs(c, 2)
	if !ok {
		return r
	}
	var body, id string
	if sha {
		id = strings.ToLower(c.argv[1])
		found := false
		if c.s.lua != nil {
			body, found = c.s.lua.scripts[id]
		}
		if !found || len(id) != 40 {
			return c.w.Version().errText("NOSCRIPT No matching script. Please use EVAL.")
		}
	} else {
		body, id = c.argv[1], sha1hex(c.argv[1])
	}
	flags, shebang, e := scriptFlags(scriptEvalCompat), 0, ""
	if !c.w.Version().redis62 {
		flags, shebang, e = evalExtractShebangFlags(body)
	}
	if e != "" {
		return errReply("ERR " + e)
	}
	msg, src := lua51Compile(body[shebang:], "@user_script", c.w.Version().luaNestingError)
	if msg != "" {
		return scriptCompileError(msg)
	}
	L := newScriptState()
	defer L.Close()
	fn, err := L.Load(strings.NewReader(src), "@user_script")
	if err != nil {
		return scriptCompileError(luaErrText(err))
	}
	// luaCreateFunction: only a script that compiles is cached.
	if c.s.lua == nil || c.s.lua.scripts[id] == "" {
		st := c.s.lua.clone()
		st.scripts[id] = body
		c.s.lua = st
	}
	if r, ok := scriptPrepareForRun(c, flags, ro); !ok {
		return r
	}
	markConstructors(fn.Proto)
	run := newScriptRun(c, flags, ro, "f_"+id, "user_script")
	registerRedisAPI(L, run, false)
	seedRandom(L, c)
	setKeysArgs(L, keys, args)
	protectGlobals(L)
	return run.call(L, fn, nil)
}

// call runs fn (with extra arguments) and converts its result.
func (run *scriptRun) call(L *lua.LState, fn *lua.LFunction, extra []lua.LValue) Reply {
	L.SetContext(&luaBudget{left: luaInstructionBudget})
	L.Push(fn)
	for _, v := range extra {
		L.Push(v)
	}
	if err := L.PCall(len(extra), 1, nil); err != nil {
		return run.errorReply(err)
	}
	v := L.Get(-1)
	L.Pop(1)
	defer forgetWalks(L)
	r := luaToReply(L, v, run.c, run.resp3)
	if r.Kind == '-' && r.Int == errCounted {
		r.Int, run.c.noErrStats = 0, true
	}
	return r
}

// errorReply is luaCallFunction's error reply: the text of a table
// raised by redis.call or error({err=...}), or of a Lua error (which
// says where), then " script: NAME, on @user_script:LINE.".
func (run *scriptRun) errorReply(err error) Reply {
	ae, ok := err.(*lua.ApiError)
	if !ok {
		return errReply("ERR " + err.Error())
	}
	if v := run.c.w.Version(); v.redis62 {
		return scriptError62(run, ae)
	}
	suffix := " script: " + strings.TrimPrefix(run.name, "f_") + ", on @" + run.chunk + ":" + luaLine(ae, run.chunk) + "."
	if t, isT := ae.Object.(*lua.LTable); isT {
		if e, isS := t.RawGetString("err").(lua.LString); isS {
			run.c.noErrStats = lua.LVAsBool(t.RawGetString("ignore_error_stats_update"))
			return errReply(strings.TrimPrefix(string(e), "-") + suffix)
		}
	}
	return errReply("ERR " + luaErrText(err) + suffix)
}

// whereLine is the line of the running script's current call (lua_getinfo's
// currentline), "1" when unknown.
func whereLine(L *lua.LState) string {
	w := strings.TrimSuffix(L.Where(1), ":")
	if i := strings.LastIndexByte(w, ':'); i >= 0 && i+1 < len(w) {
		return w[i+1:]
	}
	return "1"
}

// scriptCompileError is luaCreateFunction's reply for a script that does
// not compile: addReplyErrorFormat trims the newlines at the end and
// turns the others into spaces (a string token in the message may hold
// some).
func scriptCompileError(msg string) Reply {
	s := strings.TrimRight("ERR Error compiling script (new function): "+msg, "\r\n")
	return errReply(strings.NewReplacer("\r", " ", "\n", " ").Replace(s))
}

func luaLine(ae *lua.ApiError, chunk string) string {
	s := ae.Error()
	if i := strings.Index(s, chunk+":"); i >= 0 {
		rest := s[i+len(chunk)+1:]
		j := 0
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		if j > 0 {
			return rest[:j]
		}
	}
	return "1"
}

// gopherMessages turns gopher-lua's runtime error texts into the
// reference Lua 5.1's (without the variable names 5.1 adds when it knows
// them).
// Compiled on the first script error, not at init.
var gopherMessages = sync.OnceValue(func() []gopherMessage {
	return []gopherMessage{
		{regexp.MustCompile(`cannot perform concat operation between (\w+) and (\w+)`), func(m []string) string {
			return "attempt to concatenate a " + nonType(m[1], m[2], "string") + " value"
		}},
		{regexp.MustCompile(`cannot perform \w+ operation between (\w+) and (\w+)`), func(m []string) string {
			return "attempt to perform arithmetic on a " + nonType(m[1], m[2], "number") + " value"
		}},
		{regexp.MustCompile(`attempt to index a non-table object\((\w+)\)( with key '[^']*')?`), func(m []string) string {
			return "attempt to index a " + m[1] + " value"
		}},
		{regexp.MustCompile(`attempt to call a non-function object`), func(m []string) string { return "attempt to call a nil value" }},
	}
})

type gopherMessage struct {
	re  *regexp.Regexp
	out func(m []string) string
}

func nonType(a, b, ok string) string {
	if a == ok {
		return b
	}
	return a
}

func luaErrText(err error) string {
	if ae, ok := err.(*lua.ApiError); ok {
		if s, ok := ae.Object.(lua.LString); ok {
			msg := string(s)
			msg = strings.TrimPrefix(msg, "@")
			for _, g := range gopherMessages() {
				msg = g.re.ReplaceAllStringFunc(msg, func(x string) string { return g.out(g.re.FindStringSubmatch(x)) })
			}
			return msg
		}
		if t, ok := ae.Object.(*lua.LTable); ok {
			if e, ok := t.RawGetString("err").(lua.LString); ok {
				return string(e) // raiseRedisError's
			}
		}
		return ae.Object.String()
	}
	return err.Error()
}

// newScriptState is a Lua 5.1 with the libraries Redis loads (base,
// table, string, math, cjson, bit), without file access.
func newScriptState() *lua.LState {
	L := lua.NewState(lua.Options{SkipOpenLibs: true, IncludeGoStackTrace: false})
	for _, lib := range []struct {
		n string
		f lua.LGFunction
	}{{lua.BaseLibName, lua.OpenBase}, {lua.TabLibName, lua.OpenTable}, {lua.StringLibName, lua.OpenString}, {lua.MathLibName, lua.OpenMath}} {
		L.Push(L.NewFunction(lib.f))
		L.Push(lua.LString(lib.n))
		L.Call(1, 0)
	}
	for _, n := range []string{"dofile", "loadfile", "require", "module", "collectgarbage", "newproxy"} {
		L.SetGlobal(n, lua.LNil)
	}
	openCjson(L)
	openBit(L)
	openLua51Next(L)
	return L
}

// rand48Start is rand.c's X2 X1 X0: the state a process starts with.
const rand48Start = 0x1234ABCD330E

// seedRandom is redis_math_random and redis_math_randomseed: math.random
// draws from rand.c's lrand48, whose state is the process's. 7.0 never
// reseeds it, so every script and function continues one sequence from
// the process's start; 6.2's evalGenericCommand reseeds it with 0 before
// every EVAL (redisSrand48(0)), so each call draws the same numbers.
func seedRandom(L *lua.LState, c *cmdCtx) {
	s := c.s
	if c.w.Version().redis62 {
		s.lrand48 = 0x330E // SEED(X0, LOW(0), HIGH(0))
	}
	rnd := func() float64 {
		s.lrand48 = (s.lrand48*0x5DEECE66D + 0xB) & (1<<48 - 1)
		return float64((s.lrand48>>17)%math.MaxInt32) / float64(math.MaxInt32)
	}
	m := L.GetGlobal("math")
	L.SetField(m, "random", L.NewFunction(func(L *lua.LState) int {
		r := rnd()
		// Lua 5.1's math_random: bounds are luaL_checkint's integers.
		switch L.GetTop() {
		case 0:
			L.Push(lua.LNumber(r))
		case 1:
			u := float64(L.CheckInt(1))
			L.Push(lua.LNumber(math.Floor(r*u) + 1))
		case 2:
			l, u := float64(L.CheckInt(1)), float64(L.CheckInt(2))
			L.Push(lua.LNumber(math.Floor(r*(u-l+1)) + l))
		default:
			L.RaiseError("wrong number of arguments")
		}
		return 1
	}))
	L.SetField(m, "randomseed", L.NewFunction(func(L *lua.LState) int {
		s.lrand48 = uint64(uint32(int32(L.CheckInt(1))))<<16 | 0x330E
		return 0
	}))
}

// protectGlobals is luaSetErrorMetatable + scriptingEnableGlobalsProtection:
// reading an unknown global or writing any global is an error.
func protectGlobals(L *lua.LState) {
	mt := L.NewTable()
	L.SetField(mt, "__index", L.NewFunction(func(L *lua.LState) int {
		L.RaiseError("Script attempted to access nonexistent global variable '%s'", L.ToString(2))
		return 0
	}))
	L.SetField(mt, "__newindex", L.NewFunction(func(L *lua.LState) int {
		L.RaiseError("Attempt to modify a readonly table")
		return 0
	}))
	L.SetMetatable(L.Get(lua.GlobalsIndex), mt)
}

func setKeysArgs(L *lua.LState, keys, args []string) {
	kt, at := L.NewTable(), L.NewTable()
	for _, k := range keys {
		kt.Append(lua.LString(k))
	}
	for _, a := range args {
		at.Append(lua.LString(a))
	}
	L.SetGlobal("KEYS", kt)
	L.SetGlobal("ARGV", at)
}

// registerRedisAPI installs the redis table: call, pcall, error_reply,
// status_reply, sha1hex, setresp, log, set_repl, replicate_commands.
// At FUNCTION LOAD only register_function may run.
func registerRedisAPI(L *lua.LState, run *scriptRun, loading bool) {
	r := L.NewTable()
	L.SetGlobal("redis", r)
	fn := func(name string, f lua.LGFunction) { L.SetField(r, name, L.NewFunction(f)) }
	callFn := func(protected bool) lua.LGFunction {
		return func(L *lua.LState) int {
			if loading || run == nil {
				L.RaiseError("attempt to call field 'call' (a nil value)")
				return 0
			}
			argv, msg := luaArgv(L)
			if msg != "" {
				return raiseOrReturn(L, protected, run.c.w.Version().errText(msg).Str)
			}
			reply := run.redisCall(argv)
			if reply.Kind == '-' {
				// The error was counted where the command raised it:
				// the table says so (ignore_error_stats_update).
				t := errTable(L, reply.Str)
				L.SetField(t, "ignore_error_stats_update", lua.LTrue)
				if protected && run.c.w.Version().redis62 {
					if own, ok := scriptRefusals62[reply.Str]; ok {
						// 6.2's luaPushError writes where the call is into the text.
						L.SetField(t, "err", lua.LString("@"+run.chunk+": "+whereLine(L)+": "+own))
					}
				}
				if protected {
					L.Push(t)
					return 1
				}
				run.raised = t
				L.Error(run.raised, 0)
				return 0
			}
			L.Push(replyToLua(L, reply, run.resp3))
			return 1
		}
	}
	fn("call", callFn(false))
	fn("pcall", callFn(true))
	fn("error_reply", func(L *lua.LState) int {
		t := L.NewTable()
		msg := L.CheckString(1)
		if !strings.HasPrefix(msg, "-") {
			msg = "-" + msg
		}
		L.SetField(t, "err", lua.LString(msg))
		L.Push(t)
		return 1
	})
	fn("status_reply", func(L *lua.LState) int {
		t := L.NewTable()
		L.SetField(t, "ok", lua.LString(L.CheckString(1)))
		L.Push(t)
		return 1
	})
	fn("sha1hex", func(L *lua.LState) int {
		if L.GetTop() != 1 {
			L.RaiseError("wrong number of arguments")
		}
		L.Push(lua.LString(sha1hex(L.ToString(1))))
		return 1
	})
	fn("setresp", func(L *lua.LState) int {
		v := L.CheckInt(1)
		if v != 2 && v != 3 {
			raiseLib(L, run, "RESP version must be 2 or 3.")
		}
		if run != nil {
			run.resp3 = v == 3
		}
		return 0
	})
	fn("log", func(L *lua.LState) int { return 0 })
	fn("set_repl", func(L *lua.LState) int {
		if loading || run == nil {
			raiseLib(L, nil, "redis.set_repl can only be called inside a script invocation")
		}
		if L.GetTop() != 1 {
			raiseLib(L, run, "redis.set_repl() requires two arguments.") // sic, 7.0's text
		}
		flags := int(lua.LVAsNumber(L.Get(1))) // lua_tonumber: a non-number is 0, REPL_NONE
		if flags&^(replAOF|replReplica) != 0 {
			raiseLib(L, run, "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.")
		}
		run.repl = flags
		return 0
	})
	fn("replicate_commands", func(L *lua.LState) int { L.Push(lua.LTrue); return 1 })
	// Outside SCRIPT DEBUG these do nothing: breakpoint says no debugger.
	fn("breakpoint", func(L *lua.LState) int { L.Push(lua.LFalse); return 1 })
	fn("debug", func(L *lua.LState) int { return 0 })
	if run != nil && !run.c.w.Version().redis62 {
		v := run.c.w.Version()
		// 7.0's redis.acl_check_cmd and version fields; Valkey reports
		// the Redis version it is compatible with, and its own.
		fn("acl_check_cmd", func(L *lua.LState) int {
			argv, msg := luaArgv(L)
			if msg != "" {
				raiseLib(L, run, strings.TrimPrefix(msg, "ERR "))
			}
			cmd, _ := lookupCommand(argv)
			if cmd == nil {
				raiseLib(L, run, "Invalid command passed to redis.acl_check_cmd()")
			}
			L.Push(lua.LBool(run.c.s.aclCheck(cmd, argv) == aclOK))
			return 1
		})
		redisVer := v.Tested
		if v.Server == "valkey" {
			redisVer = "7.2.4"
			L.SetField(r, "SERVER_NAME", lua.LString("valkey"))
			L.SetField(r, "VALKEY_VERSION", lua.LString(v.Tested))
			L.SetField(r, "VALKEY_VERSION_NUM", lua.LNumber(versionNum(v.Tested)))
			L.SetGlobal("server", r)
		}
		L.SetField(r, "REDIS_VERSION", lua.LString(redisVer))
		L.SetField(r, "REDIS_VERSION_NUM", lua.LNumber(versionNum(redisVer)))
	}
	for k, v := range map[string]int{"LOG_DEBUG": 0, "LOG_VERBOSE": 1, "LOG_NOTICE": 2, "LOG_WARNING": 3, "REPL_NONE": 0, "REPL_AOF": 1, "REPL_SLAVE": 2, "REPL_REPLICA": 2, "REPL_ALL": 3} {
		L.SetField(r, k, lua.LNumber(v))
	}
}

// set_repl's flags (PROPAGATE_AOF, PROPAGATE_REPL).
const (
	replAOF     = 1
	replReplica = 2
)

// versionNum is REDIS_VERSION_NUM: 0x00MMmmpp.
func versionNum(v string) int {
	n := 0
	for _, part := range strings.SplitN(v, ".", 3) {
		d, _ := strconv.Atoi(part)
		n = n<<8 | d
	}
	return n
}

// luaArgv is a redis lib call's arguments as a command's argv, or the
// error the call raises (luaArgsToRedisArgv).
func luaArgv(L *lua.LState) ([]string, string) {
	n := L.GetTop()
	if n == 0 {
		return nil, "ERR Please specify at least one argument for this redis lib call"
	}
	argv := make([]string, n)
	for i := 1; i <= n; i++ {
		switch v := L.Get(i).(type) {
		case lua.LString:
			argv[i-1] = string(v)
		case lua.LNumber:
			argv[i-1] = formatLuaNumber(float64(v))
		default:
			return nil, "ERR Lua redis lib command arguments must be strings or integers"
		}
	}
	return argv, ""
}

// raiseLib raises an error of the redis lib (luaPushError, luaError):
// since 7.0 a table whose err the reply prints as it is, in the version's
// words; in 6.2 a string, which the error handler prefixes with the
// script's position. run is nil where no script runs (FUNCTION LOAD).
func raiseLib(L *lua.LState, run *scriptRun, msg string) {
	if run == nil {
		L.Error(errTable(L, "ERR "+msg), 0)
		return
	}
	v := run.c.w.Version()
	if v.redis62 {
		L.Error(lua.LString(msg), 0)
		return
	}
	L.Error(errTable(L, v.errText("ERR "+msg).Str), 0)
}

func raiseOrReturn(L *lua.LState, protected bool, msg string) int {
	if protected {
		L.Push(errTable(L, msg))
		return 1
	}
	L.Error(errTable(L, msg), 0)
	return 0
}

func errTable(L *lua.LState, msg string) *lua.LTable {
	t := L.NewTable()
	L.SetField(t, "err", lua.LString(msg))
	return t
}

func formatLuaNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'g', 14, 64)
}

// redisCall is luaRedisGenericCommand → scriptCall: the command's checks
// in a script, then call() with its propagation gathered into the
// script's also_propagate.
func (run *scriptRun) redisCall(argv []string) Reply {
	c := run.c
	r, cmd, rejected := run.scriptCall(argv)
	switch {
	case rejected && c.w.Version().redis62:
		// 6.2's luaRedisGenericCommand refuses without counting.
	case rejected:
		// scriptCall's error: label: afterErrorReply, and rejected_calls
		// for a command that was found.
		c.w.recordRejected(c.s, cmd, r)
	case cmd != nil:
		c.w.recordCall(c.s, cmd, &r, false)
	}
	return r
}

// scriptCall is redisCall's checks and call: the reply, the command
// found, and whether a check refused it before call().
func (run *scriptRun) scriptCall(argv []string) (Reply, *command, bool) {
	c := run.c
	cmd, errr := lookupCommand(argv)
	if cmd != nil && c.w.Version().lacks(argv[0]) {
		cmd, errr = nil, unknownCommandError(argv)
	}
	if cmd == nil {
		if strings.HasPrefix(errr.Str, "ERR unknown command") {
			return c.w.Version().errText("ERR Unknown Redis command called from script"), nil, true
		}
		if strings.HasPrefix(errr.Str, "ERR wrong number") {
			return c.w.Version().errText("ERR Wrong number of args calling Redis command from script"), statsCommand(argv), true
		}
		return errr, statsCommand(argv), true
	}
	if cmd.flags&flagNoScript != 0 {
		return errReply("ERR This Redis command is not allowed from script"), cmd, true
	}
	if cmd.flags&flagStale == 0 && c.s.runningStale() {
		// scriptVerifyAllowStale: only a script that declared allow-stale
		// gets this far on a stale replica.
		return errReply("ERR Can not execute the command on a stale replica"), cmd, true
	}
	if r, pos := c.s.aclCheckAt(cmd, argv); r != aclOK {
		c.w.aclLogDenied(c.s, r, pos, cmd, argv, "lua", strings.ToLower(c.argv[0]))
		return errReply("ERR " + scriptACLError(c.w.Version(), r, c.s.clientUser(), cmd)), cmd, true
	}
	// scriptVerifyWriteCommandAllow: a read-only script may not even
	// publish; the server's state fails a write only before the first.
	if run.readOnly && mayReplicate(cmd) {
		return errReply("ERR Write commands are not allowed from read-only scripts."), cmd, true
	}
	if cmd.flags&flagWrite != 0 && !run.writeDirty {
		if c.s.masterhost != "" && c.s.cfg.readOnly && !c.fromMaster {
			return errReply("READONLY You can't write against a read only replica."), cmd, true
		}
		if c.w.noGoodReplicas(c.s) {
			return errNoReplicas, cmd, true
		}
	}
	if run.verifyOOM(cmd) {
		return errOOM, cmd, true
	}
	if cmd.flags&flagWrite != 0 {
		run.writeDirty = true
	}
	if cmd.exec == nil {
		return notModelled(cmd), cmd, false
	}
	sub := &cmdCtx{w: c.w, s: c.s, db: run.db, argv: argv, fromMaster: c.fromMaster, selectTo: -1, inScript: true, resp3: run.resp3, countReads: cmd.readsKeys}
	if c.w.ver != nil && c.w.ver.redis62 && cmd.flags&flagWrite != 0 {
		// 6.2 propagates MULTI before the script's first write command
		// runs, whatever it then does (luaRedisGenericCommand).
		c.w.txn, c.w.script, c.w.multi62 = true, true, true
	}
	r := cmd.exec(sub)
	sub.noteConversions()
	if sub.selectTo >= 0 {
		run.db = sub.selectTo
	}
	if sub.dirty > 0 || sub.force {
		out := argv
		if sub.rewritten != nil {
			out = sub.rewritten
		}
		ok := true
		if c.w.ver != nil && c.w.ver.redis62 {
			out, ok = rewrite62(sub, out)
		}
		if ok {
			sub.ops = append(sub.ops, propOp{db: sub.db, argv: out})
		}
	}
	if run.repl&replReplica == 0 {
		// set_repl(REPL_NONE or REPL_AOF): the command is called without
		// CMD_CALL_PROPAGATE_REPL; a key expired on the way still goes.
		kept := sub.ops[:0]
		for _, op := range sub.ops {
			if op.expired {
				kept = append(kept, op)
			}
		}
		sub.ops = kept
	}
	if len(sub.ops) > 0 {
		run.wrote = true
		c.w.txn, c.w.script = true, true // a script's writes go in MULTI/EXEC (6.2 even one)
	}
	c.ops = append(c.ops, sub.ops...)
	return r, cmd, false
}

// verifyOOM is scriptVerifyOOM: a denyoom command is refused when the
// script's command found memory over maxmemory as it started
// (preCommandOOM) and nothing was written yet; the master link's scripts
// always run (6.2: any script on a replica), and so does one that
// declares allow-oom (run.allowOOM).
func (run *scriptRun) verifyOOM(cmd *command) bool {
	c := run.c
	if run.allowOOM || c.s.cfg.maxmemory == 0 || run.writeDirty || !c.s.preCommandOOM || cmd.flags&flagDenyOOM == 0 {
		return false
	}
	if c.w.ver != nil && c.w.ver.redis62 {
		return c.s.masterhost == ""
	}
	return !c.fromMaster
}

// replyToLua is redisProtocolToLuaType: what redis.call returns, in the
// protocol the script chose with redis.setresp (RESP3's null is nil,
// RESP2's false; RESP3's map, set, double and verbatim text are tables
// with one field that says so).
func replyToLua(L *lua.LState, r Reply, resp3 bool) lua.LValue {
	switch r.Kind {
	case ':':
		return lua.LNumber(r.Int)
	case '$':
		return lua.LString(r.Str)
	case 'n', 'N':
		if resp3 {
			return lua.LNil
		}
		return lua.LFalse
	case '+':
		t := L.NewTable()
		L.SetField(t, "ok", lua.LString(r.Str))
		return t
	case '-':
		return errTable(L, r.Str)
	case '*':
		t := L.NewTable()
		for i, e := range r.Array {
			t.RawSetInt(i+1, replyToLua(L, e, resp3))
		}
		return t
	case '%':
		m := L.NewTable()
		for i := 0; i+1 < len(r.Array); i += 2 {
			m.RawSet(replyToLua(L, r.Array[i], resp3), replyToLua(L, r.Array[i+1], resp3))
		}
		return oneField(L, "map", m)
	case '~':
		m := L.NewTable()
		for _, e := range r.Array {
			m.RawSet(replyToLua(L, e, resp3), lua.LTrue)
		}
		return oneField(L, "set", m)
	case ',':
		f, _ := strconv.ParseFloat(r.Str, 64)
		return oneField(L, "double", lua.LNumber(f))
	case '#':
		return lua.LBool(r.Int != 0)
	case '=':
		v := L.NewTable()
		L.SetField(v, "string", lua.LString(r.Str))
		L.SetField(v, "format", lua.LString("txt"))
		return oneField(L, "verbatim_string", v)
	}
	return lua.LNil
}

func oneField(L *lua.LState, name string, v lua.LValue) *lua.LTable {
	t := L.NewTable()
	L.SetField(t, name, v)
	return t
}

// luaToReply is luaReplyToRedisReply: a script's result for its caller c.
// A boolean follows the script's protocol (setresp): under RESP2 true is
// 1 and false a null, under RESP3 a boolean, which a RESP2 caller reads
// as 1 or 0; tables with a double, verbatim_string, map or set field are
// those types, in the caller's protocol.
func luaToReply(L *lua.LState, v lua.LValue, c *cmdCtx, resp3 bool) Reply {
	switch x := v.(type) {
	case lua.LString:
		return bulkReply(string(x))
	case lua.LBool:
		if resp3 {
			return c.boolReply(bool(x))
		}
		if x {
			return intReply(1)
		}
		return nilReply
	case lua.LNumber:
		return intReply(int64(x))
	case *lua.LTable:
		if e, ok := x.RawGetString("err").(lua.LString); ok {
			r := errReply(strings.TrimPrefix(string(e), "-"))
			if lua.LVAsBool(x.RawGetString("ignore_error_stats_update")) {
				r.Int = errCounted // a redis.call/pcall error, counted as it arose
			}
			return r
		}
		if s, ok := x.RawGetString("ok").(lua.LString); ok {
			return statusReply(string(s))
		}
		if d, ok := x.RawGetString("double").(lua.LNumber); ok {
			return c.doubleReply(float64(d))
		}
		if vt, ok := x.RawGetString("verbatim_string").(*lua.LTable); ok && !c.w.Version().redis62 { // 6.2 reads it as an array
			_, fok := vt.RawGetString("format").(lua.LString)
			if str, sok := vt.RawGetString("string").(lua.LString); fok && sok {
				return c.verbatimReply(string(str))
			}
		}
		if m, ok := x.RawGetString("map").(*lua.LTable); ok {
			var kv []Reply
			for _, k := range lua51Keys(L, m) {
				kv = append(kv, luaToReply(L, k, c, resp3), luaToReply(L, m.RawGet(k), c, resp3))
			}
			return c.mapReply(kv)
		}
		if set, ok := x.RawGetString("set").(*lua.LTable); ok {
			var items []Reply
			for _, k := range lua51Keys(L, set) {
				items = append(items, luaToReply(L, k, c, resp3))
			}
			return c.setReply(items)
		}
		out := Reply{Kind: '*', Array: []Reply{}}
		for i := 1; ; i++ {
			e := x.RawGetInt(i)
			if e == lua.LNil {
				break
			}
			out.Array = append(out.Array, luaToReply(L, e, c, resp3))
		}
		return out
	}
	return nilReply
}

func cmdScriptLoad(c *cmdCtx) Reply {
	shebang := 0
	if !c.w.Version().redis62 {
		var e string
		if _, shebang, e = evalExtractShebangFlags(c.argv[2]); e != "" {
			return errReply("ERR " + e)
		}
	}
	msg, src := lua51Compile(c.argv[2][shebang:], "@user_script", c.w.Version().luaNestingError)
	if msg != "" {
		return scriptCompileError(msg)
	}
	L := newScriptState()
	defer L.Close()
	if _, err := L.Load(strings.NewReader(src), "@user_script"); err != nil {
		return scriptCompileError(luaErrText(err))
	}
	id := sha1hex(c.argv[2])
	st := c.s.lua.clone()
	st.scripts[id] = c.argv[2]
	c.s.lua = st
	c.force = c.w.Version().redis62 // 6.2 propagates a script it loaded
	return bulkReply(id)
}

func cmdScriptExists(c *cmdCtx) Reply {
	out := Reply{Kind: '*', Array: []Reply{}}
	for _, id := range c.argv[2:] {
		v := int64(0)
		if c.s.lua != nil {
			if _, ok := c.s.lua.scripts[strings.ToLower(id)]; ok {
				v = 1
			}
		}
		out.Array = append(out.Array, intReply(v))
	}
	return out
}

func cmdScriptFlush(c *cmdCtx) Reply {
	if len(c.argv) > 3 || (len(c.argv) == 3 && !strings.EqualFold(c.argv[2], "sync") && !strings.EqualFold(c.argv[2], "async")) {
		return errReply("ERR SCRIPT FLUSH only support SYNC|ASYNC option")
	}
	st := c.s.lua.clone()
	st.scripts = map[string]string{}
	c.s.lua = st
	return okReply
}

// cmdScriptDebug is SCRIPT DEBUG YES|SYNC|NO: it sets the client's debug
// mode (ldbEnable, ldbDisable), which the next EVAL would act on.
func cmdScriptDebug(c *cmdCtx) Reply {
	if c.inExec {
		// EXEC's reply array is already pending (clientHasPendingReplies).
		return errReply("ERR SCRIPT DEBUG must be called outside a pipeline")
	}
	switch strings.ToLower(c.argv[2]) {
	case "no":
		c.s.client.luaDebug = false
	case "yes", "sync":
		c.s.client.luaDebug = true
	default:
		return errReply("ERR Use SCRIPT DEBUG YES/SYNC/NO")
	}
	return okReply
}

// evalDebugging is evalCommand and evalShaCommand in debug mode: EVALSHA
// is refused by Redis itself; EVAL would start a debugging session (a fork
// that takes the connection over, or with SYNC a blocking one) whose
// prompt only an interactive client can answer.
func evalDebugging(c *cmdCtx, sha bool) Reply {
	if sha {
		if len(c.argv[1]) != 40 {
			return c.w.Version().errText("NOSCRIPT No matching script. Please use EVAL.")
		}
		return errReply("ERR Please use EVAL instead of EVALSHA for debugging")
	}
	return errReply("ERR ReplScope cannot run EVAL under SCRIPT DEBUG YES|SYNC: Redis would start the Lua debugger, an interactive session (redis-cli --ldb) that one scripted client cannot hold; SCRIPT DEBUG NO leaves debugging mode")
}
