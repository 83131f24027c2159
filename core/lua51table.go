package core

import (
	"math"
	"reflect"
	"sync"

	lua "github.com/yuin/gopher-lua"
)

// Lua 5.1's table order. Real Redis walks a script's tables with lua_next
// (a RESP3 map or set a script returns, cjson.encode's objects), which
// visits the array part and then the hash part's nodes in node order; a
// key's node follows from its hash, the table's size when it was set and
// the collisions before it (ltable.c). gopher-lua keeps its keys in the
// order they were set instead, so the model replays those insertions on
// an emulation of ltable.c to learn the order Redis's Lua would give.
//
// How a table grew matters: one a table constructor built ({a=1, b=2})
// was sized for its fields at once (OP_NEWTABLE's C), one filled key by
// key from {} (a loop, a reply redis.call converted, a cjson.decode
// object) was rehashed at every power of two. gopher-lua keeps no trace of
// a constructor's sizes, so markConstructors has each constructor without
// positional fields say its C in the initial capacity of the table's
// array part, which only sizes an allocation: 1+2*C, an odd number, which
// gopher-lua's own allocations and growth never make.

// lua51Node is a hash node: its key (nil: free) and the next node of its
// chain (-1: none).
type lua51Node struct {
	key  lua.LValue
	next int
}

type lua51Table struct {
	array    []bool // which of 1..len(array) hold a value
	node     []lua51Node
	lastfree int
}

// lua51Keys returns t's keys in lua_next's order.
func lua51Keys(L *lua.LState, t *lua.LTable) []lua.LValue {
	var keys []lua.LValue
	for k, _ := t.Next(lua.LNil); k != lua.LNil; k, _ = t.Next(k) {
		keys = append(keys, k)
	}
	for _, k := range keys {
		switch k.(type) {
		case lua.LString, lua.LNumber, lua.LBool:
		default:
			return keys // a table or function key hashes by its address: no order to learn
		}
	}
	var e lua51Table
	e.resize(0, constructorHashSize(t))
	for _, k := range keys {
		e.set(k)
	}
	out := make([]lua.LValue, 0, len(keys))
	for i, ok := range e.array {
		if ok {
			out = append(out, lua.LNumber(i+1))
		}
	}
	for _, n := range e.node {
		if n.key != nil {
			out = append(out, n.key)
		}
	}
	return out
}

// markConstructors marks the constructors of fn and the functions it
// defines (see above); one with positional fields keeps an even capacity
// and is taken as filled from {}.
func markConstructors(p *lua.FunctionProto) {
	for i, inst := range p.Code {
		if int(inst>>26) != lua.OP_NEWTABLE {
			continue
		}
		b, c := inst&0x1ff, (inst>>9)&0x1ff
		if b == 0 && c <= 255 {
			b = 1 + 2*c
		} else {
			b &^= 1
		}
		p.Code[i] = inst&^0x1ff | b
	}
	for _, f := range p.FunctionPrototypes {
		markConstructors(f)
	}
}

var tableArrayField = sync.OnceValue(func() int {
	f, _ := reflect.TypeOf(lua.LTable{}).FieldByName("array")
	return f.Index[0]
})

// constructorHashSize is the hash part a marked constructor sized its
// table for (luaO_fb2int of its C), 0 for a table filled from {}.
func constructorHashSize(t *lua.LTable) int {
	c := reflect.ValueOf(t).Elem().Field(tableArrayField()).Cap()
	if c%2 == 0 {
		return 0
	}
	fb := (c - 1) / 2
	if e := fb >> 3 & 31; e != 0 {
		return (fb&7 + 8) << (e - 1)
	}
	return fb
}

// arrayIndex is the array slot of an integer key in 1..len(array).
func (t *lua51Table) arrayIndex(k lua.LValue) int {
	if n, ok := k.(lua.LNumber); ok {
		f := float64(n)
		if f == math.Trunc(f) && f >= 1 && f <= float64(len(t.array)) {
			return int(f) - 1
		}
	}
	return -1
}

func lua51StringHash(s string) uint32 {
	h := uint32(len(s)) // Redis's Lua hashes every byte (step 1)
	for l1 := len(s); l1 >= 1; l1-- {
		h ^= (h << 5) + (h >> 2) + uint32(s[l1-1])
	}
	return h
}

// mainPosition is ltable.c's mainposition.
func (t *lua51Table) mainPosition(k lua.LValue) int {
	size := len(t.node)
	switch x := k.(type) {
	case lua.LNumber:
		f := float64(x)
		if f == 0 {
			return 0
		}
		b := math.Float64bits(f)
		a := uint32(b) + uint32(b>>32)
		return int(a % uint32((size-1)|1))
	case lua.LString:
		return int(lua51StringHash(string(x)) & uint32(size-1))
	case lua.LBool:
		if x {
			return 1 & (size - 1)
		}
		return 0
	}
	return 0
}

func (t *lua51Table) find(k lua.LValue) bool {
	if t.arrayIndex(k) >= 0 {
		return t.array[t.arrayIndex(k)]
	}
	if len(t.node) == 0 {
		return false
	}
	for n := t.mainPosition(k); n >= 0; n = t.node[n].next {
		if t.node[n].key == k {
			return true
		}
	}
	return false
}

// set is luaH_set of a key with a value.
func (t *lua51Table) set(k lua.LValue) {
	if i := t.arrayIndex(k); i >= 0 {
		t.array[i] = true
		return
	}
	if t.find(k) {
		return
	}
	t.newKey(k)
}

func (t *lua51Table) getFreePos() int {
	for t.lastfree > 0 {
		t.lastfree--
		if t.node[t.lastfree].key == nil {
			return t.lastfree
		}
	}
	return -1
}

// newKey is ltable.c's newkey.
func (t *lua51Table) newKey(k lua.LValue) {
	if len(t.node) == 0 { // the dummy node
		t.rehash(k)
		t.set(k)
		return
	}
	mp := t.mainPosition(k)
	if t.node[mp].key != nil {
		n := t.getFreePos()
		if n < 0 {
			t.rehash(k)
			t.set(k)
			return
		}
		othern := t.mainPosition(t.node[mp].key)
		if othern != mp {
			// The colliding node is out of its main position: move it
			// to the free one, and take its place.
			for t.node[othern].next != mp {
				othern = t.node[othern].next
			}
			t.node[othern].next = n
			t.node[n] = t.node[mp]
			t.node[mp] = lua51Node{next: -1}
		} else {
			t.node[n].next = t.node[mp].next
			t.node[mp].next = n
			mp = n
		}
	}
	t.node[mp].key = k
}

const lua51MaxBits = 26

func ceilLog2(x int) int {
	l := 0
	for (1 << l) < x {
		l++
	}
	return l
}

// countInt is ltable.c's countint: an integer key that could live in the
// array part.
func countInt(k lua.LValue, nums *[lua51MaxBits + 1]int) int {
	if n, ok := k.(lua.LNumber); ok {
		f := float64(n)
		if f == math.Trunc(f) && f >= 1 && f <= 1<<lua51MaxBits {
			nums[ceilLog2(int(f))]++
			return 1
		}
	}
	return 0
}

// rehash is ltable.c's rehash: new sizes for every key and k.
func (t *lua51Table) rehash(k lua.LValue) {
	var nums [lua51MaxBits + 1]int
	nasize := 0
	for i, ok := range t.array {
		if ok {
			nums[ceilLog2(i+1)]++
			nasize++
		}
	}
	total := nasize
	for _, n := range t.node {
		if n.key != nil {
			nasize += countInt(n.key, &nums)
			total++
		}
	}
	nasize += countInt(k, &nums)
	total++
	// computesizes
	a, na, size := 0, 0, 0
	for i, twotoi := 0, 1; twotoi/2 < nasize; i, twotoi = i+1, twotoi*2 {
		if nums[i] > 0 {
			a += nums[i]
			if a > twotoi/2 {
				size, na = twotoi, a
			}
		}
		if a == nasize {
			break
		}
	}
	t.resize(size, total-na)
}

// resize is luaH_resize: the old keys go back in, the array's vanishing
// slice first, then the old nodes from the last.
func (t *lua51Table) resize(nasize, nhsize int) {
	oldArray, oldNode := t.array, t.node
	t.array = make([]bool, nasize)
	copy(t.array, oldArray)
	t.node = nil
	if nhsize > 0 {
		t.node = make([]lua51Node, 1<<ceilLog2(nhsize))
		for i := range t.node {
			t.node[i].next = -1
		}
	}
	t.lastfree = len(t.node)
	for i := nasize; i < len(oldArray); i++ {
		if oldArray[i] {
			t.set(lua.LNumber(i + 1))
		}
	}
	for i := len(oldNode) - 1; i >= 0; i-- {
		if oldNode[i].key != nil {
			t.set(oldNode[i].key)
		}
	}
}

// lua51Walk is one table's keys in lua_next's order, for next and pairs.
type lua51Walk struct {
	keys []lua.LValue
	pos  map[lua.LValue]int
}

const walksRegistry = "replscope.walks"

func lua51Walks(L *lua.LState) map[*lua.LTable]*lua51Walk {
	if ud, ok := L.G.Registry.RawGetString(walksRegistry).(*lua.LUserData); ok {
		return ud.Value.(map[*lua.LTable]*lua51Walk)
	}
	m := map[*lua.LTable]*lua51Walk{}
	L.G.Registry.RawSetString(walksRegistry, &lua.LUserData{Value: m})
	return m
}

// openLua51Next replaces the base library's next and pairs with ones that
// walk a table in Lua 5.1's order, as a script's pairs loop does on a
// real server. A walk's order is learnt when it starts (next(t, nil)).
func openLua51Next(L *lua.LState) {
	basePairs := L.GetGlobal("pairs")
	next := L.NewFunction(func(L *lua.LState) int {
		t := L.CheckTable(1)
		k := L.Get(2)
		walks := lua51Walks(L)
		w := walks[t]
		i := 0
		if k != lua.LNil || w == nil {
			if k == lua.LNil || w == nil {
				keys := lua51Keys(L, t)
				w = &lua51Walk{keys: keys, pos: make(map[lua.LValue]int, len(keys))}
				for j, key := range keys {
					w.pos[key] = j
				}
				walks[t] = w
			}
			if k != lua.LNil {
				j, ok := w.pos[k]
				if !ok {
					L.RaiseError("invalid key to 'next'")
				}
				i = j + 1
			}
		}
		for ; i < len(w.keys); i++ {
			// A field set to nil during the walk is skipped, as its
			// dead node is.
			if v := t.RawGet(w.keys[i]); v != lua.LNil {
				L.Push(w.keys[i])
				L.Push(v)
				return 2
			}
		}
		L.Push(lua.LNil)
		return 1
	})
	L.SetGlobal("next", next)
	L.SetGlobal("pairs", L.NewFunction(func(L *lua.LState) int {
		t, ok := L.Get(1).(*lua.LTable)
		if !ok {
			L.Push(basePairs)
			L.Push(L.Get(1))
			L.Call(1, 3)
			return 3
		}
		L.Push(next)
		L.Push(t)
		L.Push(lua.LNil)
		return 3
	}))
}

// forgetWalks drops the orders next learnt: a function library's state
// outlives a call.
func forgetWalks(L *lua.LState) { L.G.Registry.RawSetString(walksRegistry, lua.LNil) }
