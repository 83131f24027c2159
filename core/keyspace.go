package core

import "sort"

// The keyspace is only as rich as replication needs: enough to decide what
// a command changes (and so what propagates), to answer a console, and to
// compare a replica's dataset with its master's.

type valueType uint8

const (
	typeString valueType = iota + 1
	typeList
	typeHash
	typeSet
)

// entry is one key's value and expiry (absolute Unix ms, 0 = none).
type entry struct {
	typ    valueType
	str    string
	list   []string
	hash   []string // field, value, field, value ... in insertion order, like a listpack
	set    map[string]struct{}
	expire int64
}

func (e *entry) clone() *entry {
	c := *e
	if e.list != nil {
		c.list = append([]string(nil), e.list...)
	}
	if e.hash != nil {
		c.hash = append([]string(nil), e.hash...)
	}
	if e.set != nil {
		c.set = make(map[string]struct{}, len(e.set))
		for k := range e.set {
			c.set[k] = struct{}{}
		}
	}
	return &c
}

// numDBs is Redis's default `databases 16`.
const numDBs = 16

// keyspace holds the 16 databases of one server.
type keyspace struct {
	dbs [numDBs]map[string]*entry
}

func newKeyspace() *keyspace {
	ks := &keyspace{}
	for i := range ks.dbs {
		ks.dbs[i] = map[string]*entry{}
	}
	return ks
}

func (ks *keyspace) clone() *keyspace {
	c := &keyspace{}
	for i, db := range ks.dbs {
		c.dbs[i] = make(map[string]*entry, len(db))
		for k, e := range db {
			c.dbs[i][k] = e.clone()
		}
	}
	return c
}

func (ks *keyspace) size() int {
	n := 0
	for _, db := range ks.dbs {
		n += len(db)
	}
	return n
}

// hashGet returns a hash field's value.
func (e *entry) hashGet(f string) (string, bool) {
	for i := 0; i+1 < len(e.hash); i += 2 {
		if e.hash[i] == f {
			return e.hash[i+1], true
		}
	}
	return "", false
}

// hashSet sets a field and reports whether it is new.
func (e *entry) hashSet(f, v string) bool {
	for i := 0; i+1 < len(e.hash); i += 2 {
		if e.hash[i] == f {
			e.hash[i+1] = v
			return false
		}
	}
	e.hash = append(e.hash, f, v)
	return true
}

func (e *entry) hashDel(f string) bool {
	for i := 0; i+1 < len(e.hash); i += 2 {
		if e.hash[i] == f {
			e.hash = append(e.hash[:i], e.hash[i+2:]...)
			return true
		}
	}
	return false
}

func (e *entry) setMembers() []string {
	out := make([]string, 0, len(e.set))
	for m := range e.set {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

// equalEntries compares two values (with their expiry).
func equalEntries(a, b *entry) bool {
	if a.typ != b.typ || a.expire != b.expire || a.str != b.str || len(a.list) != len(b.list) || len(a.hash) != len(b.hash) || len(a.set) != len(b.set) {
		return false
	}
	for i := range a.list {
		if a.list[i] != b.list[i] {
			return false
		}
	}
	for i := 0; i < len(a.hash); i += 2 {
		v, ok := b.hashGet(a.hash[i])
		if !ok || v != a.hash[i+1] {
			return false
		}
	}
	for m := range a.set {
		if _, ok := b.set[m]; !ok {
			return false
		}
	}
	return true
}

// DatasetEqual reports whether two servers hold the same data.
func datasetEqual(a, b *keyspace) bool {
	for i := range a.dbs {
		if len(a.dbs[i]) != len(b.dbs[i]) {
			return false
		}
		for k, e := range a.dbs[i] {
			o, ok := b.dbs[i][k]
			if !ok || !equalEntries(e, o) {
				return false
			}
		}
	}
	return true
}
