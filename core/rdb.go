package core

import (
	"encoding/binary"
	"errors"
	"math"
	"sort"
	"strconv"
)

// rdb.c: the RDB serialisation of one value, as DUMP writes it and RESTORE
// reads it (RDB version 10, redis-server 7.0), with listpack.c's and
// intset.c's blobs inside. Encodings are the ones a 7.0 server picks under
// the default *-max-listpack-*, set-max-intset-entries and
// list-max-listpack-size -2 settings (objectEncoding in db.go).

const rdbVersion = 10

// RDB object types (rdb.h).
const (
	rdbTypeString         = 0
	rdbTypeList           = 1
	rdbTypeSet            = 2
	rdbTypeZset           = 3
	rdbTypeHash           = 4
	rdbTypeZset2          = 5
	rdbTypeListZiplist    = 10
	rdbTypeSetIntset      = 11
	rdbTypeZsetZiplist    = 12
	rdbTypeHashZiplist    = 13
	rdbTypeListQuicklist  = 14
	rdbTypeHashListpack   = 16
	rdbTypeZsetListpack   = 17
	rdbTypeListQuicklist2 = 18
)

const (
	rdbEncInt8  = 0
	rdbEncInt16 = 1
	rdbEncInt32 = 2
	rdbEncLzf   = 3
)

// quicklist.c's limit for list-max-listpack-size -2 and its per-entry
// estimate (SIZE_ESTIMATE_OVERHEAD).
const (
	quicklistNodeMax      = 8192
	quicklistSizeEstimate = 8
)

var errBadData = errors.New("Bad data format")

type rdbWriter struct {
	b   []byte
	lim encLimits // the small encodings' limits (objectEncoding)
}

func (w *rdbWriter) saveLen(n uint64) {
	switch {
	case n < 1<<6:
		w.b = append(w.b, byte(n))
	case n < 1<<14:
		w.b = append(w.b, byte(n>>8)|0x40, byte(n))
	case n <= math.MaxUint32:
		w.b = append(w.b, 0x80)
		w.b = binary.BigEndian.AppendUint32(w.b, uint32(n))
	default:
		w.b = append(w.b, 0x81)
		w.b = binary.BigEndian.AppendUint64(w.b, n)
	}
}

// encodeInteger is rdbEncodeInteger: false when v needs more than 32 bits.
func (w *rdbWriter) encodeInteger(v int64) bool {
	switch {
	case v >= math.MinInt8 && v <= math.MaxInt8:
		w.b = append(w.b, 0xc0|rdbEncInt8, byte(v))
	case v >= math.MinInt16 && v <= math.MaxInt16:
		w.b = append(w.b, 0xc0|rdbEncInt16, byte(v), byte(v>>8))
	case v >= math.MinInt32 && v <= math.MaxInt32:
		w.b = append(w.b, 0xc0|rdbEncInt32, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
	default:
		return false
	}
	return true
}

// saveRawString is rdbSaveRawString with rdbcompression yes: a short
// integer as itself, anything longer than 20 bytes LZF-compressed when that
// saves at least four bytes, else verbatim.
func (w *rdbWriter) saveRawString(s []byte) {
	if len(s) <= 11 {
		if v, ok := parseInt(string(s)); ok && w.encodeInteger(v) {
			return
		}
	}
	if len(s) > 20 {
		if c := lzfCompress(s, len(s)-4); c != nil {
			w.saveLzfBlob(c, len(s))
			return
		}
	}
	w.saveLen(uint64(len(s)))
	w.b = append(w.b, s...)
}

// saveLzfBlob is rdbSaveLzfBlob: compressed bytes of an original of n bytes.
func (w *rdbWriter) saveLzfBlob(c []byte, n int) {
	w.b = append(w.b, 0xc0|rdbEncLzf)
	w.saveLen(uint64(len(c)))
	w.saveLen(uint64(n))
	w.b = append(w.b, c...)
}

// listpack is a listpack.c blob being built by appends.
type listpack struct {
	b []byte
	n int
}

func newListpack() *listpack { return &listpack{b: make([]byte, 6, 64)} }

// lpEntrySize is how many bytes appending s adds (encoding, data, backlen).
func lpEntrySize(s string) int {
	enc := lpEncode(nil, s)
	return len(enc) + lpBacklenSize(len(enc))
}

func lpBacklenSize(l int) int {
	switch {
	case l <= 127:
		return 1
	case l < 16383:
		return 2
	case l < 2097151:
		return 3
	case l < 268435455:
		return 4
	}
	return 5
}

// lpEncode appends lpEncodeGetType's encoding of s: an integer when s is
// one (lpStringToInt64), else a string.
func lpEncode(b []byte, s string) []byte {
	if v, ok := parseInt(s); ok {
		switch {
		case v >= 0 && v <= 127:
			return append(b, byte(v))
		case v >= -4096 && v <= 4095:
			u := uint64(v) & (1<<13 - 1)
			return append(b, byte(u>>8)|0xc0, byte(u))
		case v >= math.MinInt16 && v <= math.MaxInt16:
			return append(b, 0xf1, byte(v), byte(v>>8))
		case v >= -8388608 && v <= 8388607:
			return append(b, 0xf2, byte(v), byte(v>>8), byte(v>>16))
		case v >= math.MinInt32 && v <= math.MaxInt32:
			return append(append(b, 0xf3), binary.LittleEndian.AppendUint32(nil, uint32(v))...)
		default:
			return append(append(b, 0xf4), binary.LittleEndian.AppendUint64(nil, uint64(v))...)
		}
	}
	n := len(s)
	switch {
	case n < 64:
		b = append(b, byte(n)|0x80)
	case n < 4096:
		b = append(b, byte(n>>8)|0xe0, byte(n))
	default:
		b = append(b, 0xf0, byte(n), byte(n>>8), byte(n>>16), byte(n>>24))
	}
	return append(b, s...)
}

func (lp *listpack) append(s string) {
	start := len(lp.b)
	lp.b = lpEncode(lp.b, s)
	l := uint64(len(lp.b) - start)
	switch lpBacklenSize(int(l)) {
	case 1:
		lp.b = append(lp.b, byte(l))
	case 2:
		lp.b = append(lp.b, byte(l>>7), byte(l&127)|128)
	case 3:
		lp.b = append(lp.b, byte(l>>14), byte((l>>7)&127)|128, byte(l&127)|128)
	case 4:
		lp.b = append(lp.b, byte(l>>21), byte((l>>14)&127)|128, byte((l>>7)&127)|128, byte(l&127)|128)
	default:
		lp.b = append(lp.b, byte(l>>28), byte((l>>21)&127)|128, byte((l>>14)&127)|128, byte((l>>7)&127)|128, byte(l&127)|128)
	}
	lp.n++
}

// bytes is the finished blob: total bytes, element count (65535 = unknown),
// entries, the 0xFF end.
func (lp *listpack) bytes() []byte {
	b := append(lp.b, 0xff)
	binary.LittleEndian.PutUint32(b[0:4], uint32(len(b)))
	n := lp.n
	if n > 65535 {
		n = 65535
	}
	binary.LittleEndian.PutUint16(b[4:6], uint16(n))
	return b
}

// size is lpBytes of the blob bytes() would return.
func (lp *listpack) size() int { return len(lp.b) + 1 }

// d2string is util.c's: how a sorted set listpack keeps a score.
func d2string(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case v == 0:
		if math.Signbit(v) {
			return "-0"
		}
		return "0"
	case !math.IsInf(v, 0) && v >= -float64(math.MaxInt64/2) && v <= float64(math.MaxInt64/2) && float64(int64(v)) == v:
		return strconv.FormatInt(int64(v), 10)
	}
	return formatDouble(v)
}

// intsetBlob is intset.c's blob: encoding width, length, sorted values,
// all little endian.
func intsetBlob(vals []int64) []byte {
	sort.Slice(vals, func(i, j int) bool { return vals[i] < vals[j] })
	width := 2
	for _, v := range vals {
		if v < math.MinInt32 || v > math.MaxInt32 {
			width = 8
			break
		}
		if v < math.MinInt16 || v > math.MaxInt16 {
			width = 4
		}
	}
	b := binary.LittleEndian.AppendUint32(nil, uint32(width))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(vals)))
	for _, v := range vals {
		switch width {
		case 2:
			b = binary.LittleEndian.AppendUint16(b, uint16(v))
		case 4:
			b = binary.LittleEndian.AppendUint32(b, uint32(v))
		default:
			b = binary.LittleEndian.AppendUint64(b, uint64(v))
		}
	}
	return b
}

// rdbSaveObject writes rdbSaveObjectType and rdbSaveObject of e. The
// hashtable encodings are written in the model's order (sorted): a real
// server's follows its dict's random seed, so only their length and what
// they restore to can be compared with it.
func rdbSaveObject(w *rdbWriter, e *entry) {
	switch e.typ {
	case typeString:
		w.b = append(w.b, rdbTypeString)
		w.saveRawString([]byte(e.str))
	case typeList:
		w.b = append(w.b, rdbTypeListQuicklist2)
		// Each node as it is: its container, then a compressed node's LZF
		// blob as it is kept (rdbSaveLzfBlob), or the listpack.
		nodes := e.list().nodes
		w.saveLen(uint64(len(nodes)))
		for _, n := range nodes {
			if n.plain {
				w.saveLen(1) // QUICKLIST_NODE_CONTAINER_PLAIN
			} else {
				w.saveLen(2) // QUICKLIST_NODE_CONTAINER_PACKED
			}
			if n.lzf != nil {
				w.saveLzfBlob(n.lzf, n.sz)
			} else {
				w.saveRawString(n.bytes())
			}
		}
	case typeSet:
		s := e.set()
		if objectEncoding(e, w.lim) == "intset" {
			w.b = append(w.b, rdbTypeSetIntset)
			vals := make([]int64, 0, len(s.m))
			for m := range s.m {
				v, _ := parseInt(m)
				vals = append(vals, v)
			}
			w.saveRawString(intsetBlob(vals))
			return
		}
		w.b = append(w.b, rdbTypeSet)
		members := make([]string, 0, len(s.m))
		for m := range s.m {
			members = append(members, m)
		}
		sort.Strings(members)
		w.saveLen(uint64(len(members)))
		for _, m := range members {
			w.saveRawString([]byte(m))
		}
	case typeZset:
		z := e.zset().sorted()
		if objectEncoding(e, w.lim) == "listpack" {
			w.b = append(w.b, rdbTypeZsetListpack)
			lp := newListpack()
			for _, m := range z {
				lp.append(m.member)
				lp.append(d2string(m.score))
			}
			w.saveRawString(lp.bytes())
			return
		}
		w.b = append(w.b, rdbTypeZset2)
		w.saveLen(uint64(len(z)))
		for i := len(z) - 1; i >= 0; i-- { // greatest first, as zsl->tail backwards
			w.saveRawString([]byte(z[i].member))
			w.b = binary.LittleEndian.AppendUint64(w.b, math.Float64bits(z[i].score))
		}
	case typeStream:
		rdbSaveStream(w, e.stream())
	case typeHash:
		h := e.hash()
		if objectEncoding(e, w.lim) == "listpack" {
			w.b = append(w.b, rdbTypeHashListpack)
			lp := newListpack()
			for _, s := range h.kv {
				lp.append(s)
			}
			w.saveRawString(lp.bytes())
			return
		}
		w.b = append(w.b, rdbTypeHash)
		idx := make([]int, 0, h.len())
		for i := 0; i < len(h.kv); i += 2 {
			idx = append(idx, i)
		}
		sort.Slice(idx, func(a, b int) bool { return h.kv[idx[a]] < h.kv[idx[b]] })
		w.saveLen(uint64(len(idx)))
		for _, i := range idx {
			w.saveRawString([]byte(h.kv[i]))
			w.saveRawString([]byte(h.kv[i+1]))
		}
	}
}

// createDumpPayload is cluster.c's: the object, the RDB version and the
// CRC64 of both, little endian.
func createDumpPayload(e *entry, ver uint16, lim encLimits) []byte {
	w := &rdbWriter{lim: lim}
	rdbSaveObject(w, e)
	return dumpFooter(w.b, ver)
}

// dumpFooter appends the RDB version and the CRC64 of everything before.
func dumpFooter(b []byte, ver uint16) []byte {
	b = binary.LittleEndian.AppendUint16(b, ver)
	return binary.LittleEndian.AppendUint64(b, crc64(0, b))
}

// verifyDumpPayload is cluster.c's: a version this server reads and a
// checksum that matches.
func verifyDumpPayload(p []byte, ver uint16) bool {
	if len(p) < 10 {
		return false
	}
	footer := p[len(p)-10:]
	if binary.LittleEndian.Uint16(footer) > ver {
		return false
	}
	return crc64(0, p[:len(p)-8]) == binary.LittleEndian.Uint64(footer[2:])
}

// rdbReader reads a payload; any short read is Bad data format.
type rdbReader struct {
	b   []byte
	off int
	err error
}

func (r *rdbReader) read(n int) []byte {
	if r.err != nil || n < 0 || r.off+n > len(r.b) {
		r.err = errBadData
		return nil
	}
	p := r.b[r.off : r.off+n]
	r.off += n
	return p
}

func (r *rdbReader) byte1() byte {
	p := r.read(1)
	if p == nil {
		return 0
	}
	return p[0]
}

// loadLen is rdbLoadLenByRef: a length, or an encoding when enc is true.
func (r *rdbReader) loadLen() (n uint64, enc bool) {
	b := r.byte1()
	switch b >> 6 {
	case 3:
		return uint64(b & 0x3f), true
	case 0:
		return uint64(b & 0x3f), false
	case 1:
		return uint64(b&0x3f)<<8 | uint64(r.byte1()), false
	}
	switch b {
	case 0x80:
		if p := r.read(4); p != nil {
			return uint64(binary.BigEndian.Uint32(p)), false
		}
	case 0x81:
		if p := r.read(8); p != nil {
			return binary.BigEndian.Uint64(p), false
		}
	default:
		r.err = errBadData
	}
	return 0, false
}

func (r *rdbReader) count() int {
	n, enc := r.loadLen()
	if enc || n > uint64(len(r.b)) {
		r.err = errBadData
		return 0
	}
	return int(n)
}

// loadString is rdbGenericLoadStringObject: plain, integer or LZF.
func (r *rdbReader) loadString() string {
	n, enc := r.loadLen()
	if r.err != nil {
		return ""
	}
	if !enc {
		return string(r.read(int(min(n, uint64(len(r.b))+1))))
	}
	switch n {
	case rdbEncInt8:
		return strconv.FormatInt(int64(int8(r.byte1())), 10)
	case rdbEncInt16:
		if p := r.read(2); p != nil {
			return strconv.FormatInt(int64(int16(binary.LittleEndian.Uint16(p))), 10)
		}
	case rdbEncInt32:
		if p := r.read(4); p != nil {
			return strconv.FormatInt(int64(int32(binary.LittleEndian.Uint32(p))), 10)
		}
	case rdbEncLzf:
		clen, _ := r.loadLen()
		ulen, _ := r.loadLen()
		if r.err != nil || clen > uint64(len(r.b)) || ulen > 1<<32 {
			r.err = errBadData
			return ""
		}
		c := r.read(int(clen))
		if c == nil {
			return ""
		}
		out, ok := lzfDecompress(c, int(ulen))
		if !ok {
			r.err = errBadData
			return ""
		}
		return string(out)
	default:
		r.err = errBadData
	}
	return ""
}

// listpackEntries decodes a listpack blob (lpValidateIntegrity's header
// checks, then lpGet of each entry).
func listpackEntries(b []byte) ([]string, error) {
	if len(b) < 7 || int(binary.LittleEndian.Uint32(b)) != len(b) || b[len(b)-1] != 0xff {
		return nil, errBadData
	}
	var out []string
	p := 6
	for p < len(b)-1 {
		c := b[p]
		var s string
		var l int // encoding + data
		need := func(n int) bool { return p+n <= len(b)-1 }
		switch {
		case c&0x80 == 0:
			s, l = strconv.Itoa(int(c)), 1
		case c&0xc0 == 0x80:
			n := int(c & 0x3f)
			if !need(1 + n) {
				return nil, errBadData
			}
			s, l = string(b[p+1:p+1+n]), 1+n
		case c&0xe0 == 0xc0:
			if !need(2) {
				return nil, errBadData
			}
			u := int64(c&0x1f)<<8 | int64(b[p+1])
			if u >= 1<<12 {
				u -= 1 << 13
			}
			s, l = strconv.FormatInt(u, 10), 2
		case c&0xf0 == 0xe0:
			if !need(2) {
				return nil, errBadData
			}
			n := int(c&0x0f)<<8 | int(b[p+1])
			if !need(2 + n) {
				return nil, errBadData
			}
			s, l = string(b[p+2:p+2+n]), 2+n
		case c == 0xf0:
			if !need(5) {
				return nil, errBadData
			}
			n := int(binary.LittleEndian.Uint32(b[p+1:]))
			if n < 0 || !need(5+n) {
				return nil, errBadData
			}
			s, l = string(b[p+5:p+5+n]), 5+n
		case c >= 0xf1 && c <= 0xf4:
			w := map[byte]int{0xf1: 2, 0xf2: 3, 0xf3: 4, 0xf4: 8}[c]
			if !need(1 + w) {
				return nil, errBadData
			}
			var u uint64
			for i := w - 1; i >= 0; i-- {
				u = u<<8 | uint64(b[p+1+i])
			}
			v := int64(u<<(64-8*w)) >> (64 - 8*w) // sign-extended
			s, l = strconv.FormatInt(v, 10), 1+w
		default:
			return nil, errBadData
		}
		p += l + lpBacklenSize(l)
		if p > len(b)-1 {
			return nil, errBadData
		}
		out = append(out, s)
	}
	return out, nil
}

// ziplistEntries decodes a ziplist blob (ziplist.c, the encoding RDB 9 and
// older wrote): zlbytes, zltail, zllen, then prevlen, encoding and data
// per entry, and the 0xFF end.
func ziplistEntries(b []byte) ([]string, error) {
	if len(b) < 11 || int(binary.LittleEndian.Uint32(b)) != len(b) || b[len(b)-1] != 0xff {
		return nil, errBadData
	}
	var out []string
	p := 10
	end := len(b) - 1
	for p < end {
		if b[p] == 0xfe {
			p += 5
		} else {
			p++
		}
		if p >= end {
			return nil, errBadData
		}
		c := b[p]
		need := func(n int) bool { return p+n <= end }
		switch {
		case c>>6 == 0:
			n := int(c & 0x3f)
			if !need(1 + n) {
				return nil, errBadData
			}
			out = append(out, string(b[p+1:p+1+n]))
			p += 1 + n
		case c>>6 == 1:
			if !need(2) {
				return nil, errBadData
			}
			n := int(c&0x3f)<<8 | int(b[p+1])
			if !need(2 + n) {
				return nil, errBadData
			}
			out = append(out, string(b[p+2:p+2+n]))
			p += 2 + n
		case c == 0x80:
			if !need(5) {
				return nil, errBadData
			}
			n := int(binary.BigEndian.Uint32(b[p+1:]))
			if n < 0 || !need(5+n) {
				return nil, errBadData
			}
			out = append(out, string(b[p+5:p+5+n]))
			p += 5 + n
		case c >= 0xf1 && c <= 0xfd:
			out = append(out, strconv.Itoa(int(c&0x0f)-1))
			p++
		default:
			w := map[byte]int{0xc0: 2, 0xd0: 4, 0xe0: 8, 0xf0: 3, 0xfe: 1}[c]
			if w == 0 || !need(1+w) {
				return nil, errBadData
			}
			var u uint64
			for i := w - 1; i >= 0; i-- {
				u = u<<8 | uint64(b[p+1+i])
			}
			out = append(out, strconv.FormatInt(int64(u<<(64-8*w))>>(64-8*w), 10))
			p += 1 + w
		}
	}
	return out, nil
}

func intsetValues(b []byte) ([]string, error) {
	if len(b) < 8 {
		return nil, errBadData
	}
	w, n := int(binary.LittleEndian.Uint32(b)), int(binary.LittleEndian.Uint32(b[4:]))
	if (w != 2 && w != 4 && w != 8) || len(b) != 8+w*n {
		return nil, errBadData
	}
	out := make([]string, n)
	for i := range n {
		q := b[8+i*w:]
		var v int64
		switch w {
		case 2:
			v = int64(int16(binary.LittleEndian.Uint16(q)))
		case 4:
			v = int64(int32(binary.LittleEndian.Uint32(q)))
		default:
			v = int64(binary.LittleEndian.Uint64(q))
		}
		out[i] = strconv.FormatInt(v, 10)
	}
	return out, nil
}

// rdbLoadObject is rdb.c's for the types a 7.0 server writes (and the
// pre-listpack RDB_TYPE_LIST/ZSET ones, which need no ziplist): the value
// as a new entry, or Bad data format. Empty collections are refused as
// 7.0 refuses them. A list takes lim's list options, the loading server's.
func rdbLoadObject(p []byte, lim encLimits) (*entry, error) {
	// rioInitWithBuffer gets the whole payload, footer included, and
	// nothing checks what is left after the object.
	r := &rdbReader{b: p}
	t := r.byte1()
	var e *entry
	switch t {
	case rdbTypeString:
		e = &entry{typ: typeString, str: r.loadString()}
	case rdbTypeList:
		n := r.count()
		l := newListFromConfig(lim)
		for range n {
			l.pushTail(r.loadString())
		}
		e = &entry{typ: typeList, obj: l}
	case rdbTypeListQuicklist2:
		// Each saved node is kept as a node (quicklistAppendListpack,
		// quicklistAppendPlainNode), compressed as this server's depth
		// says; nothing merges them.
		n := r.count()
		l := newListFromConfig(lim)
		for range n {
			container, _ := r.loadLen()
			s := r.loadString()
			if r.err != nil {
				break
			}
			if s == "" {
				return nil, errBadData
			}
			switch container {
			case 1: // PLAIN: one element
				l.appendNode([]string{s}, true)
			case 2:
				items, err := listpackEntries([]byte(s))
				if err != nil {
					return nil, errBadData
				}
				if len(items) > 0 { // an empty node is skipped
					l.appendNode(items, false)
				}
			default:
				return nil, errBadData
			}
		}
		e = &entry{typ: typeList, obj: l}
	case rdbTypeListQuicklist:
		// 6.2's lists: each ziplist node converted to a listpack node.
		n := r.count()
		l := newListFromConfig(lim)
		for range n {
			items, err := ziplistEntries([]byte(r.loadString()))
			if r.err != nil || err != nil {
				return nil, errBadData
			}
			if len(items) > 0 {
				l.appendNode(items, false)
			}
		}
		e = &entry{typ: typeList, obj: l}
	case rdbTypeListZiplist:
		// One ziplist, pushed entry by entry (_listZiplistEntryConvertAndValidate).
		items, err := ziplistEntries([]byte(r.loadString()))
		if r.err != nil || err != nil {
			return nil, errBadData
		}
		l := newListFromConfig(lim)
		for _, it := range items {
			l.pushTail(it)
		}
		e = &entry{typ: typeList, obj: l}
	case rdbTypeZsetZiplist:
		items, err := ziplistEntries([]byte(r.loadString()))
		if e, err = zsetFromPairs(items, err); err != nil {
			return nil, err
		}
	case rdbTypeHashZiplist:
		items, err := ziplistEntries([]byte(r.loadString()))
		if e, err = hashFromPairs(items, err); err != nil {
			return nil, err
		}
	case rdbTypeSet:
		n := r.count()
		s := &setValue{m: map[string]struct{}{}}
		for range n {
			s.m[r.loadString()] = struct{}{}
		}
		if len(s.m) != n && r.err == nil {
			return nil, errBadData // a duplicate member
		}
		e = &entry{typ: typeSet, obj: s}
	case rdbTypeSetIntset:
		vals, err := intsetValues([]byte(r.loadString()))
		if err != nil {
			return nil, err
		}
		s := &setValue{m: map[string]struct{}{}}
		for _, v := range vals {
			s.m[v] = struct{}{}
		}
		e = &entry{typ: typeSet, obj: s}
	case rdbTypeZset, rdbTypeZset2:
		n := r.count()
		z := &zsetValue{m: map[string]float64{}}
		for range n {
			m := r.loadString()
			var sc float64
			if t == rdbTypeZset2 {
				if q := r.read(8); q != nil {
					sc = math.Float64frombits(binary.LittleEndian.Uint64(q))
				}
			} else {
				q := r.read(int(r.byte1()))
				v, err := strconv.ParseFloat(string(q), 64)
				if err != nil {
					r.err = errBadData
				}
				sc = v
			}
			z.m[m] = sc
		}
		e = &entry{typ: typeZset, obj: z}
	case rdbTypeZsetListpack:
		items, err := listpackEntries([]byte(r.loadString()))
		if e, err = zsetFromPairs(items, err); err != nil {
			return nil, err
		}
	case rdbTypeHash:
		n := r.count()
		h := &hashValue{}
		for range n {
			f, v := r.loadString(), r.loadString()
			if r.err == nil && !h.set(f, v) {
				return nil, errBadData // a duplicate field
			}
		}
		e = &entry{typ: typeHash, obj: h}
	case rdbTypeHashListpack:
		items, err := listpackEntries([]byte(r.loadString()))
		if e, err = hashFromPairs(items, err); err != nil {
			return nil, err
		}
	case rdbTypeStreamListpacks2:
		st, err := rdbLoadStream(r)
		if err != nil {
			return nil, errBadData
		}
		e = &entry{typ: typeStream, obj: st}
	default:
		return nil, errBadData
	}
	if r.err != nil {
		return nil, errBadData
	}
	if e.typ != typeString && e.typ != typeStream && valueLen(e) == 0 {
		return nil, errBadData
	}
	return e, nil
}

func valueLen(e *entry) int {
	switch e.typ {
	case typeList:
		return e.list().count
	case typeSet:
		return len(e.set().m)
	case typeZset:
		return len(e.zset().m)
	case typeHash:
		return e.hash().len()
	}
	return 1
}

// zsetFromPairs is a sorted set from a ziplist's or listpack's entries
// (member, score, member, score ...): both encodings hold the same pairs.
func zsetFromPairs(items []string, err error) (*entry, error) {
	if err != nil || len(items)%2 != 0 {
		return nil, errBadData
	}
	z := &zsetValue{m: map[string]float64{}}
	for i := 0; i < len(items); i += 2 {
		v, err := strconv.ParseFloat(items[i+1], 64)
		if err != nil {
			return nil, errBadData
		}
		z.m[items[i]] = v
	}
	return &entry{typ: typeZset, obj: z}, nil
}

// hashFromPairs is a hash from a ziplist's or listpack's entries (field,
// value, field, value ...).
func hashFromPairs(items []string, err error) (*entry, error) {
	if err != nil || len(items)%2 != 0 {
		return nil, errBadData
	}
	h := &hashValue{}
	for i := 0; i < len(items); i += 2 {
		if !h.set(items[i], items[i+1]) {
			return nil, errBadData
		}
	}
	return &entry{typ: typeHash, obj: h}, nil
}
