package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJemallocSizeClasses(t *testing.T) {
	// 16 KiB + the 40-byte header rounds to 20 KiB: 20440 usable (measured).
	assert.Equal(t, int64(20480), jemallocUsable(16384+40))
	assert.Equal(t, int64(20440), BlockSizeFor(1, 1<<20))
	assert.Equal(t, int64(20440), BlockSizeFor(16384, 16384))
	// Classes: 4 KiB apart between 16 and 32 KiB, 8 KiB up to 64, 16 KiB up to 128.
	assert.Equal(t, int64(24576), jemallocUsable(20481))
	assert.Equal(t, int64(32768), jemallocUsable(32768))
	assert.Equal(t, int64(40960), jemallocUsable(32769))
	assert.Equal(t, int64(81920), jemallocUsable(65536+40))
	// A 1 MiB backlog caps blocks at 64 KiB (size/16): a 100 KB piece
	// gets 64 KiB + 40 → 80 KiB.
	assert.Equal(t, int64(81920-40), BlockSizeFor(100000, 1<<20))
	// A 16 KiB backlog caps blocks at 16 KiB whatever the piece.
	assert.Equal(t, int64(20440), BlockSizeFor(100000, 16384))
	// A 20 KB piece in a 1 MiB backlog: 20000+40 → 20480.
	assert.Equal(t, int64(20440), BlockSizeFor(20000, 1<<20))
	assert.Equal(t, int64(24536), BlockSizeFor(20441, 1<<20))
}

// countHook counts what feed reports.
type countHook struct{ added, dropped int }

func (h *countHook) blockAdded(*block)      { h.added++ }
func (h *countHook) trimmed(n int, _ int64) { h.dropped += n }

// feedN feeds n bytes of 'x' as one piece.
func feedN(b *Backlog, off *int64, size int64, n int, readers ...*bufRef) countHook {
	p := make([]byte, n)
	for i := range p {
		p[i] = 'x'
	}
	var h countHook
	b.feed(p, off, size, readers, &h)
	return h
}

// sendAll sends a reader everything pending and returns the first offset.
func sendAll(b *Backlog, r *bufRef, off int64) (int64, []byte) {
	first := off - b.pending(r, off) + 1
	data, _ := b.send(r, nil)
	return first, data
}

func TestBacklogFeedAndTrim(t *testing.T) {
	const size = 16384
	var off int64
	b := newBacklog(off)
	assert.Equal(t, int64(1), b.FirstByteOffset())
	res := feedN(b, &off, size, 54)
	assert.Equal(t, 1, res.added)
	require.Len(t, b.blocks, 1)
	assert.Equal(t, int64(20440), b.blocks[0].size)
	assert.Equal(t, 1, b.blocks[0].refcount, "the backlog references its first block")
	// 1036-byte SETs after one 54-byte SET (the measured case): no trim up
	// to offset 36314; at 37350 the first block goes.
	for off < 36314 {
		feedN(b, &off, size, 1036)
		b.trim(640, off, size)
	}
	assert.Equal(t, int64(36314), off)
	assert.Equal(t, int64(1), b.FirstByteOffset())
	assert.Equal(t, int64(36314), b.HistLen())
	feedN(b, &off, size, 1036)
	b.trim(640, off, size)
	assert.Equal(t, int64(37350), off)
	assert.Equal(t, int64(20441), b.FirstByteOffset())
	assert.Equal(t, int64(16910), b.HistLen())
	assert.Equal(t, off-b.HistLen()+1, b.FirstByteOffset())
}

func TestBacklogNeverBelowOneBlockOrPastAPin(t *testing.T) {
	const size = 16384
	var off int64
	b := newBacklog(off)
	var pin bufRef
	feedN(b, &off, size, 100, &pin)
	assert.True(t, pin.ok)
	assert.Equal(t, 2, b.blocks[0].refcount, "backlog + replica")
	// 100 KB in 16 KiB blocks while the replica has been sent nothing.
	feedN(b, &off, size, 100000)
	b.trim(640, off, size)
	assert.Equal(t, int64(1), b.FirstByteOffset(), "a replica pins the first block")
	assert.Greater(t, b.HistLen(), int64(size))
	// The replica catches up: its reference moves block by block, and
	// the backlog trims behind it.
	first, data := sendAll(b, &pin, off)
	assert.Equal(t, int64(1), first)
	assert.Len(t, data, 100100)
	assert.Equal(t, b.blocks[len(b.blocks)-1].id, pin.block)
	b.trim(640, off, size)
	assert.LessOrEqual(t, b.HistLen()-b.blocks[0].size, int64(size), "trimmed as far as the rule allows")
	assert.Greater(t, b.HistLen(), int64(size), "histlen stays above repl-backlog-size")
	// Releasing and trimming never leaves zero blocks.
	b.release(&pin, off, size)
	b.trim(640, off, 1)
	assert.Len(t, b.blocks, 1)
	assert.Equal(t, off-b.HistLen()+1, b.FirstByteOffset())
}

func TestBacklogRefAtAndBytes(t *testing.T) {
	var off int64 = 100
	b := newBacklog(off)
	b.feed([]byte("hello world"), &off, 1<<20, nil, &countHook{})
	assert.Equal(t, int64(101), b.FirstByteOffset())
	assert.Equal(t, "world", string(b.Bytes(107, 111)))
	r := b.refAt(107)
	assert.Equal(t, int64(6), r.pos)
	first, data := sendAll(b, &r, off)
	assert.Equal(t, int64(107), first)
	assert.Equal(t, "world", string(data))
	c := b.clone()
	b.feed([]byte("!"), &off, 1<<20, nil, &countHook{})
	assert.Equal(t, "hello world", string(c.Bytes(101, 200)), "a clone does not see later writes")
	assert.Equal(t, "hello world!", string(b.Bytes(101, 200)))
}
