package conformance

import (
	"math/rand"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"replscope/core"
	"replscope/core/scenario"
)

// luaSyntaxCorpus is one broken script (at least) for each of Lua 5.1's
// lexer and parser messages, plus edge cases of how they render tokens.
var luaSyntaxCorpus = []string{
	"retur 1",
	"return 1 2",
	"return return",
	"x =",
	"x = = 1",
	"local",
	"local 1 = 2",
	"local function 1() end",
	"function() end",
	"function f( end",
	"function f(a, 1) end",
	"function f(a, ...,b) end",
	"function f(...) return ... end return f(1)",
	"function f() return ... end",
	"return function() return ... end",
	"return function(...) local t = {...} return #t end",
	"if true then return 1",
	"if true then\nreturn 1\n",
	"if true return 1 end",
	"if x then elseif y return end",
	"while true do",
	"while true\ndo\nlocal x = 1\n",
	"while true end",
	"for i = 1 do end",
	"for i = 1, 2 end",
	"for i do end",
	"for i, j = 1, 2 do end",
	"for 1 = 1, 2 do end",
	"for k, v in pairs({}) end",
	"for k, in pairs({}) do end",
	"repeat local x = 1",
	"repeat\nlocal x = 1\nuntil",
	"do local x = 1",
	"do\nlocal x = 1\n\n",
	"return (1",
	"return (1\n+ 2",
	"return {1, 2",
	"return {\n1,\n2\n",
	"return {a = }",
	"return {[1] 2}",
	"return {x y}",
	"return {x\n(1)}",
	"return f(1,",
	"return f(1\n, 2",
	"local t = {} t:m",
	"local t = {} t:m.x()",
	"local t = {} t.1 = 2",
	"local t = {} t[1 = 2",
	"x.y:z = 1",
	"f() = 1",
	"(x) = 1",
	"x, f() = 1, 2",
	"x, (y) = 1, 2",
	"x",
	"x y",
	"1 + 1",
	"return 1 +",
	"return not",
	"return - - ",
	"return 1 .. ",
	"local x = f\n(1)",
	"local x = (f)\n(1)",
	"x = \"abc",
	"x = 'abc\ndef'",
	"x = \"abc\\",
	"x = [[abc",
	"x = [==[abc]=]",
	"--[[ comment",
	"--[==[ comment ]]",
	"x = [=abc",
	"x = [==",
	"x = [[ a [[ b ]] ]]",
	"--[[ a [[ b ]]",
	"x = [==[ a [==[ b ]==]",
	"return \"\\300\"",
	"return \"\\256\"",
	"return \"\\255\" \"x\"",
	"return \"\\q\"",
	"return \"a\\nb\" \"c\"",
	"return \"a\\0b\" \"c\"",
	"return \"a\\\nb\" x",
	"return 'x' 'y'",
	"return [[a\nb]] [[c]]",
	"return 3..2",
	"return 1e",
	"return 1e+",
	"return 1.2.3",
	"return 0x",
	"return 0xg",
	"return 0x1p4",
	"return 0x1p",
	"return 0x1.8",
	"return 12abc",
	"return 1_000",
	"return .5 x",
	"return 1 .5",
	"return 08",
	"return 1e5e",
	"return @",
	"return $x",
	"x = 1 ! 2",
	"return \x01",
	"return 1\x00",
	"return \x00",
	"return a\x00b",
	"return \xc3\xa9",
	"return 0x1p4",
	"return 0x1P-1",
	"return 1\x00",
	"return 1\x00 + 2",
	"\freturn\v1\f",
	"return '\f\v' .. \"\\f\"",
	"return 1 ~ 2",
	"return a::b",
	"break",
	"if x then break end",
	"while x do if y then break end end return 1",
	"return function() break end",
	"goto done",
	"x = 1 ;; y = 2",
	"return;",
	"return 1;",
	"return 1; 2",
	"local x <const> = 1",
	"return 1 // 2",
	"return 1 & 2",
	"return 1 >> 2",
	"local a = {} a.b.c:d(1):e [[x]] ' '",
	"return #",
	"return ...",
	"local t = ... return t",
	"return {...}",
	"local function f(a, b, ...) return arg end return f(1)",
	"\n\n\nreturn 1 1",
	"return 1\r\nreturn 2",
	"x = 1\r\r\ny = \n\r 2 3",
	"return redis.call('GET', KEYS[1]",
	"return redis.call('SET' KEYS[1], ARGV[1])",
	"local v = redis.call('GET', KEYS[1]) if v == false then return nil els return v end",
	"return 'x' .. ",
	"return a.b.c.",
	"return a[",
	"return a[1",
	"return a]",
	"return }",
	"return )",
	"return end",
	"end",
	"else",
	"until x",
	"elseif",
	"then",
	"in",
	"x = function",
	"x = function(",
	"x = function()",
	"local function",
	"local function f",
	"function a.b.c:d:e() end",
	"function a:b.c() end",
	"function 1() end",
	"function a.1() end",
	"local x, = 1",
	"local x, y z",
	"return nil nil",
	"return true false",
	"return f{1}{2}'x'\"y\"",
	"return f{1}{2}'x'\"y\" z",
	"return (...)",
}

// gopherLuaRejects are chunks Lua 5.1 compiles and gopher-lua does not:
// the model answers gopher-lua's compile error for them.
var gopherLuaRejects = map[string]string{}

// gopherRejected counts the corpus's chunks that only gopher-lua rejects.
var gopherRejected int

// lua51CompileProbe is the core's checker's verdict on a chunk: its
// messages are Lua's, "user_script:LINE: ..." (gopher-lua's are not).
func lua51CompileProbe(w *core.World, src string) string {
	w.Run(&scenario.Line{Num: 3, Kind: scenario.Command, Node: "M", Args: []string{"SCRIPT", "LOAD", src}})
	if r := w.Reply(); strings.HasPrefix(r.Str, "ERR Error compiling script (new function): user_script:") {
		return r.Str
	}
	return ""
}

// luaSyntaxSeeds are valid scripts for mutation: deleted, inserted and
// swapped characters and tokens make them fail in many places.
var luaSyntaxSeeds = []string{
	"local current = redis.call('GET', KEYS[1])\nif current == ARGV[1] then\n  return redis.call('DEL', KEYS[1])\nend\nreturn 0",
	"local n = tonumber(redis.call('INCR', KEYS[1]))\nif n == 1 then redis.call('EXPIRE', KEYS[1], 10) end\nreturn n",
	"local t = {}\nfor i = 1, #KEYS do\n  t[#t+1] = redis.call('GET', KEYS[i]) or 'nil'\nend\nreturn t",
	"local function add(a, b) return a + b end\nlocal s = 0\nfor _, v in ipairs(ARGV) do s = add(s, tonumber(v)) end\nreturn s",
	"local r = {a = 1, ['b'] = 2; 3, 4}\nlocal k = next(r)\nwhile k ~= nil do k = next(r, k) end\nreturn #r",
	"repeat\n  local x = redis.call('LPOP', KEYS[1])\nuntil not x\nreturn 'done'",
	"local s = [[long\nstring]] .. \"esc\\n\\65\" .. 'q'\nreturn string.len(s) * 2 ^ 3 % 7",
	"local o = {}\nfunction o.m(self, x) return x end\nfunction o:n(y) return self.m(self, y) end\nreturn o:n(5)",
	"local a, b, c = 1, 2.5e3, 0x1F\nif a < b and b >= c or not a then return -a else return a .. b end",
	"-- a comment\n--[[ a long\ncomment ]]\nreturn cjson.encode({1, 2, {x = true, y = false, z = nil}})",
	"local f = function(...) local t = {...} return select('#', ...) end\nreturn f(1, nil, 3)",
	"do local x = 1; local y = x; x = y end\nfor k, v in pairs({}) do break end\nreturn redis.status_reply('OK')",
}

var luaToken = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9.xXa-fA-F]*|\.\.\.|\.\.|==|~=|<=|>=|\[\[|\]\]|'[^']*'|"[^"]*"|\s+|.`)

// luaSyntaxMutations are n seeded mutations of the seeds.
func luaSyntaxMutations(seed int64, n int) []string {
	rnd := rand.New(rand.NewSource(seed))
	pieces := []string{"(", ")", "{", "}", "[", "]", "=", ",", ";", ":", ".", "..", "...", "'", "\"", "[[", "]]", "--", "end", "then", "do", "local", "function", "return", "if", "for", "in", "until", "1", "x", "\n", " ", "#", "-", "[=[", "\\", "0x", "e"}
	out := make([]string, 0, n)
	for len(out) < n {
		s := luaSyntaxSeeds[rnd.Intn(len(luaSyntaxSeeds))]
		toks := luaToken.FindAllString(s, -1)
		for k := 1 + rnd.Intn(2); k > 0; k-- {
			i := rnd.Intn(len(toks))
			switch rnd.Intn(6) {
			case 0: // delete a token
				toks = append(toks[:i], toks[i+1:]...)
			case 1: // insert a piece
				toks = append(toks[:i], append([]string{pieces[rnd.Intn(len(pieces))]}, toks[i:]...)...)
			case 2: // swap two tokens
				j := rnd.Intn(len(toks))
				toks[i], toks[j] = toks[j], toks[i]
			case 3: // duplicate a token
				toks = append(toks[:i], append([]string{toks[i]}, toks[i:]...)...)
			case 4: // delete a character
				j := strings.Join(toks, "")
				p := rnd.Intn(len(j))
				toks = luaToken.FindAllString(j[:p]+j[p+1:], -1)
			default: // insert a character
				j := strings.Join(toks, "")
				p := rnd.Intn(len(j) + 1)
				c := string(rune(32 + rnd.Intn(95)))
				toks = luaToken.FindAllString(j[:p]+c+j[p:], -1)
			}
			if len(toks) == 0 {
				toks = []string{"x"}
			}
		}
		out = append(out, strings.Join(toks, ""))
	}
	return out
}

// luaSyntaxLimits reach the parser's limits: syntax levels, local
// variables, upvalues, variables in an assignment.
func luaSyntaxLimits() []string {
	var out []string
	for _, n := range []int{196, 197, 198, 199, 200} {
		out = append(out, "return "+strings.Repeat("(", n)+"1"+strings.Repeat(")", n))
	}
	for _, n := range []int{98, 99, 100} {
		out = append(out, strings.Repeat("do ", n)+strings.Repeat("end ", n))
	}
	for _, n := range []int{199, 200, 201} {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString("local v" + itoa(i) + " = 1\n")
		}
		out = append(out, b.String())
	}
	for _, n := range []int{60, 61} {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString("local u" + itoa(i) + " = 1\n")
		}
		b.WriteString("return function()\nreturn ")
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(" + ")
			}
			b.WriteString("u" + itoa(i))
		}
		b.WriteString("\nend")
		out = append(out, b.String())
	}
	out = append(out, "local function f(...)\n"+strings.Repeat("local a = 1\n", 199)+"end",
		"local function f(x, ...)\n"+strings.Repeat("local a = 1\n", 198)+"end",
		"local function f(x, ...)\n"+strings.Repeat("local a = 1\n", 199)+"end")
	for _, n := range []int{198, 199, 200} {
		names := make([]string, n)
		for i := range names {
			names[i] = "a" + itoa(i)
		}
		out = append(out, strings.Join(names, ", ")+" = 1", "function f()\n"+strings.Join(names, ", ")+" = 1 end")
	}
	for _, n := range []int{197, 198, 199, 246, 247, 248, 249, 250, 300} {
		args := make([]string, n)
		for i := range args {
			args[i] = "'k" + itoa(i) + "'"
		}
		out = append(out, "return redis.call("+strings.Join(args, ", ")+")",
			"local a, b = 1, 2\nreturn f(a, b, "+strings.Join(args, ", ")+")",
			"return "+strings.Join(args, " .. "))
	}
	return out
}

// luaRegisterShapes hold more and more registers at once, around
// MAXSTACK (250), in the ways lcode.c allocates them: call arguments,
// concatenations, indexed assignment targets, method calls, locals,
// constructors' pending items, and/or chains.
func luaRegisterShapes() []string {
	list := func(n int, f func(i int) string, sep string) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = f(i)
		}
		return strings.Join(parts, sep)
	}
	var locals strings.Builder
	for i := 0; i < 150; i++ {
		locals.WriteString("local l" + itoa(i) + " = " + itoa(i) + "\n")
	}
	var out []string
	for _, n := range []int{48, 49, 50, 51, 97, 98, 99, 100, 123, 124, 125, 126, 246, 247, 248, 249, 250} {
		out = append(out,
			"return "+list(n, func(i int) string { return "a" + itoa(i) }, " .. "),
			"return x .. ("+list(n, func(i int) string { return "'s" + itoa(i) + "'" }, " .. ")+")",
			locals.String()+"return f("+list(n, func(i int) string { return "l" + itoa(i%150) }, ", ")+")",
			"local o = {}\nreturn o:m("+list(n, func(i int) string { return itoa(i) }, ", ")+")",
			"local t = {}\n"+list(n/2, func(i int) string { return "t[x" + itoa(i) + "]" }, ", ")+" = 1",
			"return {"+list(n, func(i int) string { return "{" + itoa(i) + "}" }, ", ")+"}",
			"return {f("+list(n, func(i int) string { return "g(" + itoa(i) + ")" }, ", ")+")}",
			"return x and f("+list(n, func(i int) string { return "y" + itoa(i) + " or 1" }, ", ")+")",
			"return f("+list(n, func(i int) string { return "-x" + itoa(i) + " + #y" }, ", ")+")",
			"return f("+list(n, func(i int) string { return "not a" + itoa(i) + " == b" }, ", ")+")",
			"return f("+list(n, func(i int) string { return "a.b[c" + itoa(i) + "]" }, ", ")+", ...)",
			"return f(...,"+list(n, func(i int) string { return "(" + itoa(i) + "+2)*3" }, ", ")+")",
			"for k, v in "+list(n, func(i int) string { return "a" + itoa(i) }, ", ")+" do end",
			"local function g(...)\nlocal a, b, c = ...\nreturn {"+list(n, func(i int) string { return "..." }, ", ")+"}\nend",
		)
	}
	// Constants past MAXINDEXRK (255) go through registers.
	for _, n := range []int{240, 250, 256, 260} {
		out = append(out, "local t = {"+list(300, func(i int) string { return "'c" + itoa(i) + "'" }, ", ")+"}\nreturn f("+
			list(n, func(i int) string { return "t.k" + itoa(i) + " + " + itoa(i) + ".5" }, ", ")+")")
	}
	return out
}

// TestLuaSyntaxErrors compiles every script of the corpus on a real
// redis-server 7.0.15 and on the core: SCRIPT LOAD must agree on which
// compile, and a failing one's EVAL reply must be the server's, byte for
// byte.
func TestLuaSyntaxErrors(t *testing.T) {
	bin := redisOrSkip(t)
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--port", itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	var c *conn
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if c, err = dial(port, time.Second); err == nil {
			if v, err := c.do(time.Second, "PING"); err == nil && v.kind == '+' {
				break
			}
			c.Close()
		}
		if time.Now().After(deadline) {
			t.Fatal("redis-server did not answer")
		}
	}
	defer c.Close()
	w := core.NewWorld(1)
	node, err := scenario.ParseLine("luasyntax", 1, "node M", nil)
	if err != nil {
		t.Fatal(err)
	}
	w.Run(node)
	model := func(args ...string) core.Reply {
		w.Run(&scenario.Line{Num: 2, Kind: scenario.Command, Node: "M", Args: args})
		return w.Reply()
	}
	corpus := append(append(append(append([]string{}, luaSyntaxCorpus...), luaSyntaxLimits()...), luaRegisterShapes()...), luaSyntaxMutations(mutationSeed, mutationCount)...)
	failed, mismatched := 0, 0
	for _, src := range corpus {
		real, err := c.do(5*time.Second, "SCRIPT", "LOAD", src)
		if err != nil {
			t.Fatal(err)
		}
		got := model("SCRIPT", "LOAD", src)
		why, ok := gopherLuaRejects[src]
		if !ok && strings.Contains(got.Str, "register overflow") {
			why, ok = "gopher-lua has 200 registers (maxRegisters), Lua 5.1 250 (MAXSTACK)", true
		}
		if ok {
			// Lua 5.1 compiles it; so must the checker, and gopher-lua
			// is what fails.
			if real.kind == '-' || lua51CompileProbe(w, src) != "" || !got.IsError() {
				t.Errorf("%q (%s): real %q, model %q: no longer a gopher-lua gap?", src, why, real.reply().Compact(), got.Compact())
			}
			gopherRejected++
			continue
		}
		if (real.kind == '-') != got.IsError() {
			mismatched++
			t.Errorf("%q: SCRIPT LOAD real %q, model %q", src, real.reply().Compact(), got.Compact())
			continue
		}
		if real.kind != '-' {
			continue
		}
		failed++
		real, err = c.do(5*time.Second, "EVAL", src, "0")
		if err != nil {
			t.Fatal(err)
		}
		got = model("EVAL", src, "0")
		if real.kind != got.Kind || real.str != got.Str {
			mismatched++
			t.Errorf("%q: EVAL\n real  %q\n model %q", src, real.str, got.Str)
		}
		// FUNCTION LOAD compiles the body after its shebang line
		// (addReplyErrorSds: a newline in the message is sent as is, so
		// those are left out).
		lib := "#!lua name=lib\n" + src
		got = model("FUNCTION", "LOAD", lib)
		if strings.ContainsAny(got.Str, "\r\n") {
			continue
		}
		real, err = c.do(5*time.Second, "FUNCTION", "LOAD", lib)
		if err != nil {
			t.Fatal(err)
		}
		if real.kind != got.Kind || real.str != got.Str {
			mismatched++
			t.Errorf("%q: FUNCTION LOAD\n real  %q\n model %q", src, real.str, got.Str)
		}
	}
	// What gopher-lua reads rewritten must run as the server runs it.
	for _, src := range []string{"return 0x1p4", "return 1\x00 + 2", "\freturn\v1\f", "return '\f\v' .. \"\\f\"", "return 0x10 + 0x1p-2 * 4", "return 'a' .\x00 'b'", "return select('#', ..\x00)", "return 2 .\x00\x00 3"} {
		real, err := c.do(5*time.Second, "EVAL", src, "0")
		if err != nil {
			t.Fatal(err)
		}
		if got := model("EVAL", src, "0"); real.reply().Compact() != got.Compact() {
			t.Errorf("%q: EVAL real %q, model %q", src, real.reply().Compact(), got.Compact())
		}
	}
	if os.Getenv("LUASYNTAX_VERBOSE") != "" || testing.Verbose() {
		t.Logf("%d scripts, %d fail to compile on the server (each compared as EVAL and FUNCTION LOAD), %d compile there but not in gopher-lua, %d mismatched", len(corpus), failed, gopherRejected, mismatched)
	}
}

// The mutations: LUASYNTAX_SEED and LUASYNTAX_MUTATIONS draw others for
// a longer hunt than the 400 of seed 1 each run has.
var mutationSeed, mutationCount = envInt("LUASYNTAX_SEED", 1), int(envInt("LUASYNTAX_MUTATIONS", 400))

func envInt(name string, def int64) int64 {
	if v, err := strconv.ParseInt(os.Getenv(name), 10, 64); err == nil {
		return v
	}
	return def
}
