//go:build !js

package main

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSyncLoopLesson: the sync-loop lesson at the event where R's output
// buffer is three blocks shows it on M's offset line with its limit, and
// the INFO panel's CLIENT LIST figures are the core's; in Chinese, no
// English sentence is left at any event of the loop.
func TestSyncLoopLesson(t *testing.T) {
	base := site(t, "/")
	tl := lessonTimeline(t, "sync-loop")
	// The last event of the line that makes three blocks (repeat 59).
	at := -1
	for _, st := range tl.Steps() {
		if st.Line.Kind.String() == "repeat" && st.Line.Count == 59 {
			at = st.Last
		}
	}
	require.GreaterOrEqual(t, at, 0)
	b := newBrowser(t, 1400, 1000)
	b.open(t, base+"?lesson=sync-loop&at="+strconv.Itoa(at))
	b.waitPos(t, at)
	var omem string
	b.run(t, chromedp.Evaluate(`(document.querySelector('[data-obuf="R"]')||{dataset:{}}).dataset.omem || ""`, &omem))
	assert.Equal(t, "61512", omem, "R's output buffer drawn on M's row")
	var limit string
	b.run(t, chromedp.Evaluate(`(document.querySelector('[data-c~="rs-obuf-limit"]')||{dataset:{}}).dataset.limit || ""`, &limit))
	assert.Equal(t, "65536", limit)
	st := tl.At(at).State("M")
	require.Len(t, st.Replicas, 1)
	b.shot(t, "sync-loop-three-blocks")
	// The console runs the new verbs.
	out := b.console(t, "sync R release")
	assert.NotContains(t, out, "error")
	b.clean(t)

	zh := newBrowser(t, 1400, 1000)
	zh.open(t, base+"?lesson=sync-loop&lang=zh-CN&at="+strconv.Itoa(at-3))
	for i := 0; i < 40; i++ {
		var prose string
		zh.run(t, chromedp.Evaluate(visibleProse, &prose))
		if e := englishSentence(prose); e != "" {
			t.Errorf("event %d: English left: %q", zh.pos(t), e)
			break
		}
		before := zh.pos(t)
		zh.click(t, `[data-action=step]`)
		if zh.pos(t) == before {
			break
		}
	}
	zh.shot(t, "zh-CN-sync-loop")
	zh.clean(t)
}
