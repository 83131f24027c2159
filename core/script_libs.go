package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// The Lua libraries Redis adds: cjson and bit (LuaBitOp, 32-bit).

func openCjson(L *lua.LState) {
	t := L.NewTable()
	L.SetGlobal("cjson", t)
	L.SetField(t, "encode", L.NewFunction(func(L *lua.LState) int {
		var b strings.Builder
		if err := cjsonEncode(L, &b, L.CheckAny(1), 0); err != nil {
			L.RaiseError("%s", err.Error())
		}
		L.Push(lua.LString(b.String()))
		return 1
	}))
	L.SetField(t, "decode", L.NewFunction(func(L *lua.LState) int {
		d := json.NewDecoder(strings.NewReader(L.CheckString(1)))
		d.UseNumber()
		v, err := jsonToLua(L, d)
		if err != nil {
			L.RaiseError("Expected value but found invalid token at character 1")
		}
		L.Push(v)
		return 1
	}))
	L.SetField(t, "null", &lua.LUserData{Value: cjsonNull{}})
}

// cjsonNull is cjson.null, the lightuserdata NULL that JSON's null
// decodes to: a value, so its key stays in the table.
type cjsonNull struct{}

func cjsonEncode(L *lua.LState, b *strings.Builder, v lua.LValue, depth int) error {
	if depth > 1000 {
		return fmt.Errorf("Cannot serialise, excessive nesting (1001)")
	}
	switch x := v.(type) {
	case lua.LString:
		q, _ := json.Marshal(string(x))
		b.Write(q)
	case lua.LNumber:
		f := float64(x)
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return fmt.Errorf("Cannot serialise number: must not be NaN or Inf")
		}
		b.WriteString(formatG14(f))
	case lua.LBool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case *lua.LTable:
		n := x.MaxN()
		count := 0
		x.ForEach(func(lua.LValue, lua.LValue) { count++ })
		if n > 0 && n == count {
			b.WriteByte('[')
			for i := 1; i <= n; i++ {
				if i > 1 {
					b.WriteByte(',')
				}
				if err := cjsonEncode(L, b, x.RawGetInt(i), depth+1); err != nil {
					return err
				}
			}
			b.WriteByte(']')
			return nil
		}
		type kv struct {
			k string
			v lua.LValue
		}
		var kvs []kv
		for _, k := range lua51Keys(L, x) { // lua_next's order
			switch kk := k.(type) {
			case lua.LString:
				kvs = append(kvs, kv{string(kk), x.RawGet(k)})
			case lua.LNumber:
				kvs = append(kvs, kv{formatG14(float64(kk)), x.RawGet(k)})
			default:
				return fmt.Errorf("Cannot serialise %s: table key must be a number or string", k.Type())
			}
		}
		b.WriteByte('{')
		for i, e := range kvs {
			if i > 0 {
				b.WriteByte(',')
			}
			q, _ := json.Marshal(e.k)
			b.Write(q)
			b.WriteByte(':')
			if err := cjsonEncode(L, b, e.v, depth+1); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case *lua.LNilType:
		b.WriteString("null")
	case *lua.LUserData:
		if _, ok := x.Value.(cjsonNull); !ok {
			return fmt.Errorf("Cannot serialise userdata: type not supported")
		}
		b.WriteString("null")
	default:
		return fmt.Errorf("Cannot serialise %s: type not supported", v.Type())
	}
	return nil
}

func formatG14(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e14 {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'g', 14, 64)
}

// jsonToLua is cjson.decode's: objects are filled key by key in the
// text's order (lua_rawset into lua_newtable), null is cjson.null.
func jsonToLua(L *lua.LState, d *json.Decoder) (lua.LValue, error) {
	tok, err := d.Token()
	if err != nil {
		return lua.LNil, err
	}
	switch x := tok.(type) {
	case nil:
		return L.GetField(L.GetGlobal("cjson"), "null"), nil
	case bool:
		return lua.LBool(x), nil
	case json.Number:
		f, _ := x.Float64()
		return lua.LNumber(f), nil
	case string:
		return lua.LString(x), nil
	case json.Delim:
		t := L.NewTable()
		if x == '[' {
			for d.More() {
				v, err := jsonToLua(L, d)
				if err != nil {
					return lua.LNil, err
				}
				t.Append(v)
			}
		} else {
			for d.More() {
				k, err := d.Token()
				if err != nil {
					return lua.LNil, err
				}
				v, err := jsonToLua(L, d)
				if err != nil {
					return lua.LNil, err
				}
				t.RawSetString(k.(string), v)
			}
		}
		_, err := d.Token() // the closing delimiter
		return t, err
	}
	return lua.LNil, errors.New("unexpected token")
}

func openBit(L *lua.LState) {
	t := L.NewTable()
	L.SetGlobal("bit", t)
	arg := func(L *lua.LState, i int) uint32 {
		f := float64(L.CheckNumber(i))
		// LuaBitOp's tobit: the number modulo 2^32.
		return uint32(int64(math.Mod(f, 4294967296)))
	}
	push := func(L *lua.LState, v uint32) int { L.Push(lua.LNumber(int32(v))); return 1 }
	fold := func(op func(a, b uint32) uint32) lua.LGFunction {
		return func(L *lua.LState) int {
			v := arg(L, 1)
			for i := 2; i <= L.GetTop(); i++ {
				v = op(v, arg(L, i))
			}
			return push(L, v)
		}
	}
	set := func(n string, f lua.LGFunction) { L.SetField(t, n, L.NewFunction(f)) }
	set("tobit", func(L *lua.LState) int { return push(L, arg(L, 1)) })
	set("bnot", func(L *lua.LState) int { return push(L, ^arg(L, 1)) })
	set("band", fold(func(a, b uint32) uint32 { return a & b }))
	set("bor", fold(func(a, b uint32) uint32 { return a | b }))
	set("bxor", fold(func(a, b uint32) uint32 { return a ^ b }))
	set("lshift", func(L *lua.LState) int { return push(L, arg(L, 1)<<(arg(L, 2)&31)) })
	set("rshift", func(L *lua.LState) int { return push(L, arg(L, 1)>>(arg(L, 2)&31)) })
	set("arshift", func(L *lua.LState) int { return push(L, uint32(int32(arg(L, 1))>>(arg(L, 2)&31))) })
	set("rol", func(L *lua.LState) int { return push(L, bits.RotateLeft32(arg(L, 1), int(arg(L, 2)&31))) })
	set("ror", func(L *lua.LState) int { return push(L, bits.RotateLeft32(arg(L, 1), -int(arg(L, 2)&31))) })
	set("bswap", func(L *lua.LState) int { return push(L, bits.ReverseBytes32(arg(L, 1))) })
	set("tohex", func(L *lua.LState) int {
		v := arg(L, 1)
		n := 8
		if L.GetTop() >= 2 {
			n = L.CheckInt(2)
		}
		digits := "0123456789abcdef"
		if n < 0 {
			n, digits = -n, "0123456789ABCDEF"
		}
		if n > 8 {
			n = 8
		}
		out := make([]byte, n)
		for i := n - 1; i >= 0; i-- {
			out[i] = digits[v&15]
			v >>= 4
		}
		L.Push(lua.LString(out))
		return 1
	})
}

// luaBudget stops a script after a fixed number of Lua instructions
// (gopher-lua asks the context's Done once per instruction), so that an
// endless script cannot hang the simulator; the count, not the clock,
// decides, so the model stays deterministic.
type luaBudget struct{ left int }

const luaInstructionBudget = 5_000_000

var closedChan = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

func (b *luaBudget) Deadline() (time.Time, bool) { return time.Time{}, false }
func (b *luaBudget) Value(any) any               { return nil }
func (b *luaBudget) Err() error                  { return errLuaBudget }
func (b *luaBudget) Done() <-chan struct{} {
	b.left--
	if b.left < 0 {
		return closedChan
	}
	return nil
}

var errLuaBudget = errors.New("ReplScope stopped the script after 5000000 Lua instructions: a real server keeps running it (other clients get -BUSY) until SCRIPT KILL or FUNCTION KILL")
