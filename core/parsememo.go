package core

import "bytes"

// parseMemo remembers how the commands a master just encoded parse, by
// stream offset, so that its replicas, which read exactly those bytes a
// moment later, need not parse and copy them again: a memo of
// parseCommand, checked byte for byte, on the one path every replica
// takes. The strings are immutable, so a replica's keyspace may share
// them with its master's.
type parseMemo struct {
	slots [64]memoSlot
}

type memoSlot struct {
	offset int64
	enc    []byte
	argv   []string
}

func (p *parseMemo) remember(offset int64, enc []byte, argv []string) {
	s := &p.slots[offset%int64(len(p.slots))]
	s.offset = offset
	s.enc = append(s.enc[:0], enc...)
	s.argv = append(s.argv[:0], argv...)
}

// recall returns the arguments of the command at the head of buf when the
// memo holds those very bytes at that offset (nil otherwise).
func (p *parseMemo) recall(offset int64, buf []byte) ([]string, int) {
	s := &p.slots[offset%int64(len(p.slots))]
	if s.offset != offset || len(s.enc) == 0 || !bytes.HasPrefix(buf, s.enc) {
		return nil, 0
	}
	return s.argv, len(s.enc)
}
