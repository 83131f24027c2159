package core

import (
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// functions.c, function_lua.c: FUNCTION LOAD/DELETE/FLUSH/LIST, FCALL and
// FCALL_RO. FUNCTION LOAD, DELETE and FLUSH are write commands: they
// propagate as written. A library is kept as its code; FCALL runs the
// code again in a fresh interpreter to find the callback (the load was
// checked to register the same functions).

// loadLibrary runs a library's code with only redis.register_function
// (and redis.log) available and returns what it registered.
func loadLibrary(v *Version, code string) (*luaLib, *lua.LState, map[string]*lua.LFunction, string) {
	first, body, _ := strings.Cut(code, "\n")
	if !strings.HasPrefix(first, "#!") {
		return nil, nil, nil, "ERR Missing library metadata"
	}
	parts := strings.Fields(first[2:])
	if len(parts) == 0 {
		return nil, nil, nil, "ERR Missing library metadata"
	}
	if !strings.EqualFold(parts[0], "lua") { // engines are looked up case-insensitively
		return nil, nil, nil, "ERR Engine '" + parts[0] + "' not found"
	}
	name := ""
	for _, p := range parts[1:] {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k != "name" {
			return nil, nil, nil, "ERR Invalid metadata value given: " + p
		}
		name = v
	}
	if name == "" {
		return nil, nil, nil, "ERR Library name was not given"
	}
	if !validFuncName(name) {
		return nil, nil, nil, "ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long"
	}
	// The metadata line stays a line, so that errors count lines as Redis
	// (addReplyErrorSds sends the message as it is).
	msg, src := lua51Compile("\n"+body, "@user_function", v.luaNestingError)
	if msg != "" {
		return nil, nil, nil, "ERR Error compiling function: " + msg
	}
	L := newScriptState()
	lib := &luaLib{name: name, code: code}
	callbacks := map[string]*lua.LFunction{}
	var regErr string
	r := L.NewTable()
	L.SetGlobal("redis", r)
	L.SetField(r, "log", L.NewFunction(func(L *lua.LState) int { return 0 }))
	L.SetField(r, "register_function", L.NewFunction(func(L *lua.LState) int {
		fn, cb := luaRegisterFunctionReadArgs(L)
		fn.lib = name
		// functionLibCreateFunction (7.0 and 7.2 word a bad function
		// name as a library's).
		if !validFuncName(fn.name) {
			raiseRedisError(L, "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long")
		}
		if _, dup := callbacks[fn.name]; dup {
			raiseRedisError(L, "Function already exists in the library")
		}
		callbacks[fn.name] = cb
		lib.funcs = append(lib.funcs, fn)
		return 0
	}))
	// The metadata line stays a line, so that errors count lines as Redis.
	fn, err := L.Load(strings.NewReader(src), "@user_function")
	if err != nil {
		L.Close()
		return nil, nil, nil, "ERR Error compiling function: " + luaErrText(err)
	}
	markConstructors(fn.Proto)
	L.Push(fn)
	if err := L.PCall(0, 0, nil); err != nil {
		L.Close()
		return nil, nil, nil, "ERR Error registering functions: " + luaErrText(err)
	}
	if regErr != "" {
		L.Close()
		return nil, nil, nil, regErr
	}
	if len(lib.funcs) == 0 {
		L.Close()
		return nil, nil, nil, "ERR No functions registered"
	}
	return lib, L, callbacks, ""
}

func validFuncName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

func cmdFunctionLoad(c *cmdCtx) Reply {
	replace := false
	code := c.argv[2]
	if len(c.argv) == 4 {
		if !strings.EqualFold(c.argv[2], "replace") {
			return errReply("ERR Unknown option given: " + c.argv[2])
		}
		replace, code = true, c.argv[3]
	} else if len(c.argv) > 4 {
		return errSyntax
	}
	lib, L, _, msg := loadLibrary(c.w.Version(), code)
	if msg != "" {
		return errReply(c.w.Version().luaAPIText(msg))
	}
	L.Close()
	st := c.s.ks.lua.clone()
	if old, ok := st.libs[lib.name]; ok {
		if !replace {
			return errReply("ERR Library '" + lib.name + "' already exists")
		}
		for _, f := range old.funcs {
			delete(st.funcs, f.name)
		}
	}
	for _, f := range lib.funcs {
		if _, ok := st.funcs[f.name]; ok {
			return errReply("ERR Function " + f.name + " already exists")
		}
	}
	st.libs[lib.name] = lib
	for _, f := range lib.funcs {
		st.funcs[f.name] = f
	}
	c.s.ks.lua = st
	c.dirty++
	return bulkReply(lib.name)
}

func cmdFunctionDelete(c *cmdCtx) Reply {
	if c.s.ks.lua == nil || c.s.ks.lua.libs[c.argv[2]] == nil {
		return errReply("ERR Library not found")
	}
	st := c.s.ks.lua.clone()
	for _, f := range st.libs[c.argv[2]].funcs {
		delete(st.funcs, f.name)
	}
	delete(st.libs, c.argv[2])
	c.s.ks.lua = st
	c.dirty++
	return okReply
}

func cmdFunctionFlush(c *cmdCtx) Reply {
	if len(c.argv) > 3 || (len(c.argv) == 3 && !strings.EqualFold(c.argv[2], "sync") && !strings.EqualFold(c.argv[2], "async")) {
		return errReply("ERR FUNCTION FLUSH only supports SYNC|ASYNC option")
	}
	st := c.s.ks.lua.clone()
	st.libs, st.funcs = map[string]*luaLib{}, map[string]*luaFunc{}
	c.s.ks.lua = st
	c.dirty++
	return okReply
}

func cmdFunctionList(c *cmdCtx) Reply {
	withCode := false
	pattern := ""
	for j := 2; j < len(c.argv); j++ {
		switch strings.ToLower(c.argv[j]) {
		case "withcode":
			withCode = true
		case "libraryname":
			if j+1 >= len(c.argv) {
				return errReply("ERR library name argument was not given")
			}
			pattern = c.argv[j+1]
			j++
		default:
			return errReply("ERR Unknown argument " + c.argv[j])
		}
	}
	out := Reply{Kind: '*', Array: []Reply{}}
	if c.s.ks.lua == nil {
		return out
	}
	var names []string
	for n := range c.s.ks.lua.libs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if pattern != "" && !globMatch(pattern, n, false) {
			continue
		}
		lib := c.s.ks.lua.libs[n]
		var fs []Reply
		for _, f := range lib.funcs {
			fl := c.setReply([]Reply{})
			for _, x := range f.flags.names() {
				fl.Array = append(fl.Array, bulkReply(x))
			}
			desc := nilReply
			if f.desc != nil {
				desc = bulkReply(*f.desc)
			}
			fs = append(fs, c.mapReply([]Reply{bulkReply("name"), bulkReply(f.name), bulkReply("description"), desc, bulkReply("flags"), fl}))
		}
		item := []Reply{bulkReply("library_name"), bulkReply(n), bulkReply("engine"), bulkReply("LUA"), bulkReply("functions"), {Kind: '*', Array: fs}}
		if withCode {
			item = append(item, bulkReply("library_code"), bulkReply(lib.code))
		}
		out.Array = append(out.Array, c.mapReply(item))
	}
	return out
}

func fcallGeneric(c *cmdCtx, ro bool) Reply {
	var f *luaFunc
	if c.s.ks.lua != nil {
		f = c.s.ks.lua.funcs[c.argv[1]]
	}
	if f == nil {
		return errReply("ERR Function not found")
	}
	if _, ok := parseInt(c.argv[2]); !ok {
		return errReply("ERR Bad number of keys provided")
	}
	keys, args, r, ok := parseKeysArgs(c, 2)
	if !ok {
		return r
	}
	if r, ok := scriptPrepareForRun(c, f.flags, ro); !ok {
		return r
	}
	lib := c.s.ks.lua.libs[f.lib]
	_, L, callbacks, msg := loadLibrary(c.w.Version(), lib.code)
	if msg != "" {
		return errReply(msg)
	}
	defer L.Close()
	run := newScriptRun(c, f.flags, ro, f.name, "user_function")
	registerRedisAPI(L, run, false)
	seedRandom(L, c)
	protectGlobals(L)
	kt, at := L.NewTable(), L.NewTable()
	for _, k := range keys {
		kt.Append(lua.LString(k))
	}
	for _, a := range args {
		at.Append(lua.LString(a))
	}
	return run.call(L, callbacks[f.name], []lua.LValue{kt, at})
}

// luaRegisterFunctionReadArgs is function_lua.c's: redis.register_function
// takes a name and a callback, or one table of named arguments
// (function_name, callback, flags, description; keys in any case).
func luaRegisterFunctionReadArgs(L *lua.LState) (*luaFunc, *lua.LFunction) {
	fn := &luaFunc{}
	switch L.GetTop() {
	case 2: // luaRegisterFunctionReadPositionalArgs
		name, ok := luaGetString(L.Get(1))
		if !ok {
			raiseRedisError(L, "first argument to redis.register_function must be a string")
		}
		cb, ok := L.Get(2).(*lua.LFunction)
		if !ok {
			raiseRedisError(L, "second argument to redis.register_function must be a function")
		}
		fn.name = name
		return fn, cb
	case 1:
	default:
		raiseRedisError(L, "wrong number of arguments to redis.register_function")
	}
	t, ok := L.Get(1).(*lua.LTable)
	if !ok {
		raiseRedisError(L, "calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).")
	}
	var cb *lua.LFunction
	named := false
	t.ForEach(func(k, v lua.LValue) {
		key, isStr := luaGetString(k)
		if !isStr {
			raiseRedisError(L, "named argument key given to redis.register_function is not a string")
		}
		switch strings.ToLower(key) {
		case "function_name":
			if fn.name, named = luaGetString(v); !named {
				raiseRedisError(L, "function_name argument given to redis.register_function must be a string")
			}
		case "description":
			d, ok := luaGetString(v)
			if !ok {
				raiseRedisError(L, "description argument given to redis.register_function must be a string")
			}
			fn.desc = &d
		case "callback":
			if cb, ok = v.(*lua.LFunction); !ok {
				raiseRedisError(L, "callback argument given to redis.register_function must be a function")
			}
		case "flags":
			ft, ok := v.(*lua.LTable)
			if !ok {
				raiseRedisError(L, "flags argument to redis.register_function must be a table representing function flags")
			}
			// luaRegisterFunctionReadFlags: the array part, to its first nil.
			for i := 1; ; i++ {
				e := ft.RawGetInt(i)
				if e == lua.LNil {
					break
				}
				name, isStr := luaGetString(e)
				f, found := scriptFlagNamed(name, true)
				if !isStr || !found {
					raiseRedisError(L, "unknown flag given")
				}
				fn.flags |= f
			}
		default:
			raiseRedisError(L, "unknown argument given to redis.register_function")
		}
	})
	if !named {
		raiseRedisError(L, "redis.register_function must get a function name argument")
	}
	if cb == nil {
		raiseRedisError(L, "redis.register_function must get a callback argument")
	}
	return fn, cb
}

// luaGetString is lua_isstring and lua_tostring: a number is a string.
func luaGetString(v lua.LValue) (string, bool) {
	switch x := v.(type) {
	case lua.LString:
		return string(x), true
	case lua.LNumber:
		return formatLuaNumber(float64(x)), true
	}
	return "", false
}

// raiseRedisError is luaPushError then luaError: the error is a table
// whose err field has the "ERR " code, with no position.
func raiseRedisError(L *lua.LState, msg string) {
	L.Error(errTable(L, "ERR "+msg), 0)
}

// rdb.h's function opcodes: FUNCTION2 is a library's code; FUNCTION is the
// 7.0-rc form (name, engine, description, body).
const (
	rdbOpcodeFunction  = 246
	rdbOpcodeFunction2 = 245
)

// cmdFunctionDump is functionDumpCommand: rdbSaveFunctions (one FUNCTION2
// opcode and the code of each library) with DUMP's footer. Libraries are
// written in name order; a real server writes them in its dict's order,
// which its random seed decides.
func cmdFunctionDump(c *cmdCtx) Reply {
	w := &rdbWriter{}
	if st := c.s.ks.lua; st != nil {
		names := make([]string, 0, len(st.libs))
		for n := range st.libs {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			w.b = append(w.b, rdbOpcodeFunction2)
			w.saveRawString([]byte(st.libs[n].code))
		}
	}
	return bulkReply(string(dumpFooter(w.b, c.w.Version().rdb())))
}

// cmdFunctionRestore is functionRestoreCommand: the payload's libraries
// are loaded into a new set, then either take the place of every library
// (FLUSH) or join the current ones (APPEND, the default, refuses a library
// that exists; REPLACE replaces it); a function name both sides have
// refuses the whole restore.
func cmdFunctionRestore(c *cmdCtx) Reply {
	if len(c.argv) > 4 {
		return errReply("ERR unknown subcommand or wrong number of arguments for '" + c.argv[1] + "'. Try " + strings.ToUpper(c.argv[0]) + " HELP.")
	}
	policy := "append"
	if len(c.argv) == 4 {
		policy = strings.ToLower(c.argv[3])
		if policy != "append" && policy != "replace" && policy != "flush" {
			return errReply("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.")
		}
	}
	data := []byte(c.argv[2])
	if !verifyDumpPayload(data, c.w.Version().rdb()) {
		return errReply("ERR DUMP payload version or checksum are wrong")
	}
	libs, funcs := map[string]*luaLib{}, map[string]*luaFunc{}
	r := &rdbReader{b: data}
	for len(data)-r.off > 10 {
		t := r.byte1()
		if r.err != nil {
			return errReply("ERR can not read data type")
		}
		if t != rdbOpcodeFunction && t != rdbOpcodeFunction2 {
			return errReply("ERR given type is not a function")
		}
		var code string
		if t == rdbOpcodeFunction2 {
			if code = r.loadString(); r.err != nil {
				return errReply("ERR Failed loading library payload")
			}
		} else {
			if c.w.Version().preGAFunctionsRefused {
				return errReply("ERR Pre-GA function format not supported")
			}
			name, engine := r.loadString(), r.loadString()
			if hasDesc, _ := r.loadLen(); hasDesc != 0 {
				r.loadString()
			}
			body := r.loadString()
			if r.err != nil {
				return errReply("ERR failed loading the given functions payload")
			}
			code = "#!" + engine + " name=" + name + "\n" + body
		}
		lib, L, _, msg := loadLibrary(c.w.Version(), code)
		if msg != "" {
			return errReply(c.w.Version().luaAPIText(msg))
		}
		L.Close()
		if libs[lib.name] != nil {
			return errReply("ERR Library '" + lib.name + "' already exists")
		}
		for _, f := range lib.funcs {
			if funcs[f.name] != nil {
				return errReply("ERR Function " + f.name + " already exists")
			}
		}
		libs[lib.name] = lib
		for _, f := range lib.funcs {
			funcs[f.name] = f
		}
	}
	st := &luaStore{scripts: map[string]string{}, libs: libs, funcs: funcs}
	if c.s.ks.lua != nil {
		st.scripts = c.s.ks.lua.scripts
	}
	if policy != "flush" {
		st = c.s.ks.lua.clone()
		names := make([]string, 0, len(libs))
		for n := range libs {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			if old := st.libs[n]; old != nil {
				if policy != "replace" {
					return errReply("ERR Library " + n + " already exists")
				}
				for _, f := range old.funcs {
					delete(st.funcs, f.name)
				}
				delete(st.libs, n)
			}
		}
		for _, n := range names {
			for _, f := range libs[n].funcs {
				if st.funcs[f.name] != nil {
					return errReply("ERR Function " + f.name + " already exists")
				}
			}
		}
		for _, n := range names {
			st.libs[n] = libs[n]
			for _, f := range libs[n].funcs {
				st.funcs[f.name] = f
			}
		}
	}
	c.s.ks.lua = st
	c.dirty++
	return okReply
}
