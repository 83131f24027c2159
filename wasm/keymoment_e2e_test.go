//go:build !js

package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/core"
)

// lineEvents finds a line's step in a lesson's timeline and the first
// event of a kind in it (-1: none).
func lineEvents(t *testing.T, tl *core.Timeline, text string, kind core.EventKind) (core.Step, int) {
	t.Helper()
	for _, st := range tl.Steps() {
		if st.Line.Text != text {
			continue
		}
		for k := st.First; k <= st.Last; k++ {
			if tl.Event(k).Kind == kind {
				return st, k
			}
		}
		return st, -1
	}
	t.Fatalf("no line %q", text)
	return core.Step{}, -1
}

// nextLineTo presses Next line until the position is at line n's settled
// end (the readout on line n, no key-moment note): Next line stops at a
// line's key moment first when it comes before the end.
func (b *browser) nextLineTo(t *testing.T, n int) {
	t.Helper()
	for i := 0; i < 100; i++ {
		var at bool
		b.run(t, chromedp.Evaluate(fmt.Sprintf(`document.querySelector('[data-role=position]').dataset.line === '%d' && !document.querySelector('[data-role=key-moment]')`, n), &at))
		if at {
			return
		}
		b.click(t, `[data-action=next-line]`)
	}
	t.Fatalf("Next line never reached the end of line %d", n)
}

// TestNextLineKeyMoment: in Chromium, Next line stops at the line's key
// moment (the +CONTINUE of partial-resync's reconnection, the 100 KB
// write's pinned blocks in backlog-blocks) with the line's prose and a
// note, and pressed again reaches the line's settled end.
func TestNextLineKeyMoment(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1366, 900)

	tl := lessonTimeline(t, "partial-resync")
	st, answer := lineEvents(t, tl, "link R up", core.EvPsyncAnswered)
	require.Greater(t, answer, st.First)
	b.open(t, base+fmt.Sprintf("?lesson=partial-resync&at=%d", st.First-1))
	b.waitPos(t, st.First-1)
	b.click(t, `[data-action=next-line]`)
	b.waitPos(t, answer)
	require.True(t, b.poll(t, `!!document.querySelector('[data-psync="continue"]')`, 10*time.Second), "the PSYNC card shows +CONTINUE")
	assert.Contains(t, b.text(t, `[data-role=narration]`), "R comes back and asks PSYNC")
	assert.Contains(t, b.text(t, `[data-role=result]`), "+CONTINUE: M sent only the 61 bytes")
	assert.NotEmpty(t, b.text(t, `[data-role=key-moment]`), "the note says how to reach the settled end")
	b.click(t, `[data-action=next-line]`)
	b.waitPos(t, st.Last)
	assert.True(t, b.poll(t, `!document.querySelector('[data-role=key-moment]')`, 5*time.Second), "no note at the settled end")
	assert.Equal(t, "115", b.fields(t)["R"]["slave_repl_offset"], "settled: R has applied everything")
	b.click(t, `[data-action=prev-line]`)
	b.waitPos(t, answer)

	tl = lessonTimeline(t, "backlog-blocks")
	st, sent := lineEvents(t, tl, "repeat 1 M SET big {100kb}", core.EvSent)
	require.Greater(t, sent, st.First)
	b.open(t, base+fmt.Sprintf("?lesson=backlog-blocks&at=%d", st.First-1))
	b.waitPos(t, st.First-1)
	b.click(t, `[data-action=next-line]`)
	key := b.pos(t)
	assert.Greater(t, key, st.First, "past the line's first event")
	assert.Less(t, key, sent, "before M writes the blocks to R's socket")
	// R's unsent bytes start in an old block: it is pinned, not the tail.
	const pinnedOld = `(() => { const bl = [...document.querySelectorAll('[data-block]')]; const p = document.querySelectorAll('[data-c~="rs-block-pinned"]'); return p.length === 1 && bl.length > 5 && p[0] !== bl[bl.length - 1]; })()`
	require.True(t, b.poll(t, pinnedOld, 10*time.Second), "the old blocks stay, one pinned by R")
	var blocks int
	b.run(t, chromedp.Evaluate(`document.querySelectorAll('[data-block]').length`, &blocks))
	b.click(t, `[data-action=next-line]`)
	b.waitPos(t, st.Last)
	assert.True(t, b.poll(t, fmt.Sprintf(`document.querySelectorAll('[data-block]').length < %d`, blocks), 5*time.Second), "trimmed once R has everything")
	b.clean(t)
}
