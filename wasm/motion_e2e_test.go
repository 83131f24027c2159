//go:build !js

package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/core"
)

// chip reads the chips on replica r's link: kind → bytes.
func (b *browser) chips(t *testing.T, r string) map[string]string {
	t.Helper()
	var out map[string]string
	b.run(t, chromedp.Evaluate(fmt.Sprintf(`(() => { const o = {}; for (const c of document.querySelectorAll('[data-link=%q] [data-chip]')) o[c.dataset.chip] = c.dataset.bytes; return o; })()`, r), &out))
	return out
}

// svgText is an SVG element's text (SVG has no innerText).
func (b *browser) svgText(t *testing.T, sel string) string {
	t.Helper()
	var s string
	b.run(t, chromedp.Evaluate(fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ""`, sel), &s))
	return s
}

// TestBytesInMotion: stepping a write puts its bytes on the link as a
// RESP chip with their count, then in R's read buffer, then nowhere once
// applied; a cut link shows the bytes M holds back, a stalled one the
// bytes held on it; playing shows chips too; each link says its lag.
func TestBytesInMotion(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1366, 900)
	tl := lessonTimeline(t, "partial-resync")
	st, sent := lineEvents(t, tl, "M SET a hello", core.EvSent)
	n := tl.Event(sent).Len
	b.open(t, base+fmt.Sprintf("?lesson=partial-resync&at=%d", sent-1))
	b.waitPos(t, sent-1)
	assert.Empty(t, b.chips(t, "R"), "nothing on the link before M writes")
	b.click(t, `[data-action=step]`)
	b.waitPos(t, sent)
	assert.Equal(t, map[string]string{"flight": fmt.Sprint(n)}, b.chips(t, "R"))
	chip := b.svgText(t, `[data-link=R] [data-chip=flight] text`)
	assert.Contains(t, chip, `*2\r\n$6\r\nSELECT…`, "the bytes, abbreviated")
	assert.Contains(t, chip, fmt.Sprintf("%d B", n), "and their count")
	var anim string
	b.run(t, chromedp.Evaluate(`getComputedStyle(document.querySelector('[data-chip=flight] [data-c~="rs-chip-body"]')).animationName`, &anim))
	assert.Equal(t, "rs-chip-travel", anim, "the chip travels along the link")
	b.shot(t, "motion-in-flight")
	b.click(t, `[data-action=step]`)
	b.waitPos(t, sent+1)
	assert.Equal(t, map[string]string{"buffer": fmt.Sprint(n)}, b.chips(t, "R"), "read: in R's read buffer")
	b.open(t, base+fmt.Sprintf("?lesson=partial-resync&at=%d", st.Last))
	b.waitPos(t, st.Last)
	assert.Empty(t, b.chips(t, "R"), "applied and acknowledged: nothing left")

	// A cut link: M's new bytes wait in its backlog.
	st, _ = lineEvents(t, tl, "M APPEND b !", core.EvFed)
	b.open(t, base+fmt.Sprintf("?lesson=partial-resync&at=%d", st.Last))
	b.waitPos(t, st.Last)
	w := tl.At(st.Last)
	back := w.State("M").MasterReplOffset - w.State("R").SlaveReplOffset
	require.Greater(t, back, int64(0))
	assert.Equal(t, map[string]string{"back": fmt.Sprint(back)}, b.chips(t, "R"))
	assert.Contains(t, b.svgText(t, `[data-link=R] [data-chip=back] text`), "held")
	var lag string
	b.run(t, chromedp.Evaluate(`document.querySelector('[data-link=R]').dataset.lag`, &lag))
	assert.Equal(t, fmt.Sprint(back), lag, "the link shows its lag")
	assert.Contains(t, b.svgText(t, `[data-link=R] [data-c~="rs-link-label"]`), fmt.Sprintf("%d B", back))

	// A stalled link: the bytes M wrote wait on it.
	stl := lessonTimeline(t, "stalled-replica")
	st, _ = lineEvents(t, stl, "repeat 40 M SET k{i} {10kb}", core.EvFed)
	held := stl.At(st.Last).InFlight("R").StreamBytes
	require.Greater(t, held, int64(0))
	b.open(t, base+fmt.Sprintf("?lesson=stalled-replica&at=%d", st.Last))
	b.waitPos(t, st.Last)
	assert.Equal(t, fmt.Sprint(held), b.chips(t, "R")["held"])

	// Playing: a MutationObserver notes every chip that appears.
	b.open(t, base+"?lesson=partial-resync&at=-1")
	b.waitPos(t, -1)
	b.run(t, chromedp.Evaluate(`window.__chips = new Set(); new MutationObserver(() => { for (const c of document.querySelectorAll('[data-chip]')) window.__chips.add(c.dataset.chip); }).observe(document.body, {subtree: true, childList: true, attributes: true})`, nil))
	b.run(t, chromedp.Evaluate(`document.querySelector('.rs-speed').value = '60'; document.querySelector('.rs-speed').dispatchEvent(new Event('change', {bubbles: true}))`, nil))
	b.click(t, `[data-action=play]`)
	require.True(t, b.poll(t, `window.__chips.has('flight') && window.__chips.has('buffer') && window.__chips.has('back')`, 30*time.Second), "playing shows bytes in flight, in the read buffer and held back")
	b.clean(t)
}

// TestBytesInMotionReducedMotion: with prefers-reduced-motion the chip is
// there, in place, without animation.
func TestBytesInMotionReducedMotion(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1366, 900)
	b.run(t, emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}))
	tl := lessonTimeline(t, "partial-resync")
	_, sent := lineEvents(t, tl, "M SET a hello", core.EvSent)
	b.open(t, base+fmt.Sprintf("?lesson=partial-resync&at=%d", sent-1))
	b.waitPos(t, sent-1)
	var reduced bool
	b.run(t, chromedp.Evaluate(`matchMedia('(prefers-reduced-motion: reduce)').matches`, &reduced))
	require.True(t, reduced, "the emulation applies")
	b.click(t, `[data-action=step]`)
	b.waitPos(t, sent)
	require.Contains(t, b.chips(t, "R"), "flight")
	var anim, transform string
	b.run(t, chromedp.Evaluate(`getComputedStyle(document.querySelector('[data-chip=flight] [data-c~="rs-chip-body"]')).animationName`, &anim))
	b.run(t, chromedp.Evaluate(`getComputedStyle(document.querySelector('[data-chip=flight] [data-c~="rs-chip-body"]')).transform`, &transform))
	assert.Equal(t, "none", anim)
	assert.Equal(t, "none", transform, "the chip sits in place")
	b.clean(t)
}
