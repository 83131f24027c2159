package core

import (
	"sort"
	"strings"
)

// sort.c: SORT and SORT_RO. SORT ... STORE propagates as written when it
// stored a list or deleted the destination.

type sortItem struct {
	v      string
	score  float64
	weight string
	hasW   bool
}

// sortLookup is lookupKeyByPattern: the first * of pattern replaced by
// subst, "->field" reading a hash field; "#" is the element itself.
func sortLookup(c *cmdCtx, pattern, subst string) (string, bool) {
	if pattern == "#" {
		return subst, true
	}
	star := strings.IndexByte(pattern, '*')
	if star < 0 {
		return "", false
	}
	field := ""
	keyPat := pattern
	if arrow := strings.LastIndex(pattern, "->"); arrow > star && arrow+2 < len(pattern) {
		field = pattern[arrow+2:]
		keyPat = pattern[:arrow]
	}
	key := keyPat[:star] + subst + keyPat[star+1:]
	e := c.lookupRead(key)
	if e == nil {
		return "", false
	}
	if field != "" {
		if e.typ != typeHash {
			return "", false
		}
		return e.hash().get(field)
	}
	if e.typ != typeString {
		return "", false
	}
	return e.str, true
}

func sortGeneric(c *cmdCtx, ro bool) Reply {
	var desc, alpha, dontsort bool
	var by, store string
	var gets []string
	offset, count := int64(0), int64(-1)
	for j := 2; j < len(c.argv); j++ {
		a := strings.ToLower(c.argv[j])
		left := len(c.argv) - j - 1
		switch {
		case a == "asc":
			desc = false
		case a == "desc":
			desc = true
		case a == "alpha":
			alpha = true
		case a == "limit" && left >= 2:
			o, ok1 := parseInt(c.argv[j+1])
			n, ok2 := parseInt(c.argv[j+2])
			if !ok1 || !ok2 {
				return errNotInt
			}
			offset, count = o, n
			j += 2
		case a == "store" && left >= 1 && !ro:
			store = c.argv[j+1]
			c.storesSources()
			j++
		case a == "by" && left >= 1:
			by = c.argv[j+1]
			if !strings.Contains(by, "*") {
				dontsort = true
			}
			j++
		case a == "get" && left >= 1:
			gets = append(gets, c.argv[j+1])
			j++
		default:
			return errSyntax
		}
	}
	e := c.lookupRead(c.argv[1])
	var items []string
	if e != nil {
		switch e.typ {
		case typeList:
			// sortCommand's iterator over the list (its compressions
			// are the ones a whole walk makes; a BY nosort LIMIT walks
			// only the range on a real server).
			items = e.list().elements()
			e.list().walk(true)
		case typeSet:
			items = e.set().sortedMembers()
			if store != "" {
				dontsort, alpha, by = false, true, ""
			}
		case typeZset:
			for _, m := range e.zset().sorted() {
				items = append(items, m.member)
			}
		default:
			return errWrongType
		}
	}
	list := make([]sortItem, len(items))
	for i, v := range items {
		list[i].v = v
	}
	if !dontsort {
		for i := range list {
			src := list[i].v
			if by != "" {
				w, ok := sortLookup(c, by, list[i].v)
				list[i].weight, list[i].hasW = w, ok
				src = w
				if !ok {
					src = ""
				}
			}
			if !alpha {
				if by != "" && !list[i].hasW {
					continue
				}
				v, ok := parseScore(src)
				if !ok {
					return errReply("ERR One or more scores can't be converted into double")
				}
				list[i].score = v
			}
		}
		sort.SliceStable(list, func(i, j int) bool {
			a, b := list[i], list[j]
			var cmp int
			switch {
			case !alpha:
				switch {
				case a.score < b.score:
					cmp = -1
				case a.score > b.score:
					cmp = 1
				default:
					cmp = strings.Compare(a.v, b.v)
				}
			case by != "":
				switch {
				case !a.hasW && !b.hasW:
					cmp = 0
				case !a.hasW:
					cmp = -1
				case !b.hasW:
					cmp = 1
				default:
					cmp = strings.Compare(a.weight, b.weight)
				}
			default:
				cmp = strings.Compare(a.v, b.v)
			}
			if desc {
				cmp = -cmp
			}
			return cmp < 0
		})
	}
	n := int64(len(list))
	start := max(offset, 0)
	end := n - 1
	if count >= 0 {
		end = start + count - 1
	}
	if start >= n {
		start, end = 0, -1
	}
	end = min(end, n-1)
	var sel []sortItem
	if start <= end {
		sel = list[start : end+1]
	}
	var out []Reply
	var stored []string
	for _, it := range sel {
		if len(gets) == 0 {
			out = append(out, bulkReply(it.v))
			stored = append(stored, it.v)
			continue
		}
		for _, g := range gets {
			v, ok := sortLookup(c, g, it.v)
			if ok {
				out = append(out, bulkReply(v))
			} else {
				out = append(out, nilReply)
			}
			stored = append(stored, v)
		}
	}
	if store == "" {
		return Reply{Kind: '*', Array: append([]Reply{}, out...)}
	}
	if len(stored) > 0 {
		l := newListDefault() // createQuicklistObject: fill -2, whatever the configuration
		for _, v := range stored {
			l.pushTail(v)
		}
		c.setKey(store, &entry{typ: typeList, obj: l})
		c.dirty += len(stored)
	} else if c.lookupKey(store) != nil {
		c.delKey(store)
		c.dirty++
	}
	return intReply(int64(len(stored)))
}
