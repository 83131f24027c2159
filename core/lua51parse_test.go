package core

import (
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// FuzzLua51Compile: no chunk may panic the checker (a panic that is not a
// syntax error is re-raised, and would stop the simulator), and a chunk
// the checker accepts is one gopher-lua accepts too (as the checker
// rewrites it for gopher-lua), but for gopher-lua's 200 registers:
// TestLuaSyntaxErrors proves the messages against a real server.
func FuzzLua51Compile(f *testing.F) {
	for _, s := range []string{
		"return 1", "retur 1", "local t = {1, 2, x = 3, [4] = 5; 6} return t", "x = [==[a]==] .. 'b\\n' .. \"\\65\"",
		"for i = 1, 10, 2 do if i > 3 then break end end", "local function f(...) return select('#', ...) end",
		"repeat local x = 1 until x", "while a and b or not c do end", "--[[ c ]] return -2^-3 % #t",
		"a.b.c:d(1)(2){3}'4'", "local a, b = ..., f()", "return 0x1F, 1e10, .5, 3.", "return \"\\300\"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		msg, gsrc := lua51Compile(src, "@user_script", true)
		if msg != "" && !strings.HasPrefix(msg, "user_script:") {
			t.Fatalf("%q: %q is not a Lua error", src, msg)
		}
		if msg != "" {
			return
		}
		L := lua.NewState(lua.Options{SkipOpenLibs: true})
		defer L.Close()
		if _, err := L.Load(strings.NewReader(gsrc), "@user_script"); err != nil && !strings.Contains(err.Error(), "register overflow") {
			t.Fatalf("%q: Lua 5.1 compiles it, gopher-lua says %v", src, err)
		}
	})
}
