//go:build !js

package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Loading a big scenario (app/loading.go). The scenarios here are small
// enough to load in a second; &slice=N (test-only) makes the page play
// them in slices of N events as it plays a million commands.

// watchLoading is run in the page: it records, at each change of the
// progress bar, its aria-valuenow, whether body[data-ready] was set and
// the scenario still shown (the title), in window.__loadSeen.
const watchLoading = `(() => {
	window.__loadSeen = [];
	const mo = new MutationObserver(() => {
		const pb = document.querySelector('[data-role=loading] [role=progressbar]');
		if (!pb) return;
		const last = window.__loadSeen[window.__loadSeen.length - 1];
		const now = pb.getAttribute('aria-valuenow');
		if (last && last.now === now) return;
		const title = document.querySelector('.rs-title');
		const h = document.querySelector('#rs-loading-title');
		window.__loadSeen.push({now, ready: document.body.dataset.ready || '', title: title ? title.textContent : '', events: pb.dataset.events, heading: h ? h.textContent : ''});
	});
	mo.observe(document, {childList: true, subtree: true, attributes: true});
})()`

type loadSeen struct {
	Now, Ready, Title, Events, Heading string
}

func bigSource(n int) string {
	return fmt.Sprintf("title Big %d\nnode M\nnode R1 replicaof M\nnode R2 replicaof M\nrepeat %d M SET key:{i} {16b}\n", n, n)
}

// goTo navigates within the page (a new fragment: go-app's OnNav, as the
// browser's back button or a shared link opened in the same tab).
func (b *browser) goTo(t *testing.T, frag string) {
	t.Helper()
	b.run(t, chromedp.Evaluate(watchLoading, nil), chromedp.Evaluate(`document.body.removeAttribute('data-ready'); location.hash = `+strconv.Quote(frag), nil))
}

func (b *browser) seen(t *testing.T) []loadSeen {
	t.Helper()
	var out []loadSeen
	b.run(t, chromedp.Evaluate(`window.__loadSeen`, &out))
	return out
}

// TestLoadingProgress: a big scenario opened over a lesson shows a
// progress bar that moves, keeps the lesson on screen while it plays, and
// ends ready with the new scenario.
func TestLoadingProgress(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1200, 900)
	b.open(t, base+"?lesson=partial-resync")
	lesson := b.text(t, ".rs-title")

	// About 36,000 events in slices of 600: sixty slices, each with a
	// yield to the browser (at least a timer's 4 ms), so the bar is drawn
	// many times over (go-app draws at most once a frame).
	src := bigSource(3000)
	b.goTo(t, "s="+base64.RawURLEncoding.EncodeToString([]byte(src))+"&slice=600")
	require.True(t, b.poll(t, `document.body.dataset.ready === "1"`, 60*time.Second), "the page never became ready again")
	assert.Equal(t, "Big 3000", b.text(t, ".rs-title"), "the new scenario is shown")
	var loading bool
	b.run(t, chromedp.Evaluate(`!!document.querySelector('[data-role=loading]')`, &loading))
	assert.False(t, loading, "the progress bar is gone once loaded")
	var total int
	b.run(t, chromedp.Evaluate(`+document.querySelector('.rs-scrub').max + 1`, &total))

	seen := b.seen(t)
	require.GreaterOrEqual(t, len(seen), 3, "the progress bar showed and moved: %v", seen)
	last := -1
	for _, s := range seen {
		n, err := strconv.Atoi(s.Now)
		require.NoError(t, err, "aria-valuenow %q", s.Now)
		assert.GreaterOrEqual(t, n, last, "progress only grows: %v", seen)
		assert.LessOrEqual(t, n, 100)
		last = n
		assert.Empty(t, s.Ready, "data-ready is set only once the load is done")
		assert.Equal(t, lesson, s.Title, "the lesson stays on screen while the new scenario plays")
		ev, err := strconv.Atoi(s.Events)
		require.NoError(t, err)
		assert.Less(t, ev, total+1)
	}
	assert.Empty(t, b.consoleErrors())
}

// TestLoadingCancel: Cancel drops the load and the page goes on with the
// lesson it showed, at the same event, its URL the lesson's again; in
// Chinese the bar speaks Chinese. Opened directly on a big scenario,
// Cancel opens the editor with its text.
func TestLoadingCancel(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1200, 900)
	b.open(t, base+"?lesson=partial-resync&at=5&lang=zh-CN")
	lesson := b.text(t, ".rs-title")
	var state string
	b.run(t, chromedp.Evaluate(`document.querySelector('[data-state]').dataset.state`, &state))

	// About 1.2 M events in slices of 500: minutes to load, cancelled
	// as soon as the bar shows.
	src := bigSource(100_000)
	b.goTo(t, "s="+base64.RawURLEncoding.EncodeToString([]byte(src))+"&slice=500&lang=zh-CN")
	b.run(t, chromedp.WaitVisible(`[data-role=loading] [data-action=cancel-load]`, chromedp.ByQuery))
	assert.Equal(t, "取消", b.text(t, `[data-action=cancel-load]`))
	b.run(t, chromedp.Click(`[data-action=cancel-load]`, chromedp.ByQuery))
	b.run(t, chromedp.WaitNotPresent(`[data-role=loading]`, chromedp.ByQuery))
	assert.Equal(t, lesson, b.text(t, ".rs-title"))
	var after, search, hash string
	b.run(t, chromedp.Evaluate(`document.querySelector('[data-state]').dataset.state`, &after),
		chromedp.Evaluate(`location.search`, &search), chromedp.Evaluate(`location.hash`, &hash))
	assert.Equal(t, state, after, "the lesson's position, dialogs and console are as they were")
	assert.Contains(t, search, "lesson=partial-resync")
	assert.NotContains(t, hash, "s=", "the URL is the lesson's again")
	// The page is live: a step moves the lesson on.
	b.click(t, `[data-action=step]`)
	b.waitPos(t, 6)

	// Opened directly on the big scenario: nothing to return to, so
	// Cancel opens the editor with the scenario's text.
	b2 := newBrowser(t, 1200, 900)
	b2.run(t, chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(watchLoading).Do(ctx)
		return err
	}), chromedp.Navigate(base+"#s="+base64.RawURLEncoding.EncodeToString([]byte(src))+"&slice=500"))
	b2.run(t, chromedp.WaitVisible(`[data-role=loading] [role=progressbar]`, chromedp.ByQuery))
	var ready string
	b2.run(t, chromedp.Evaluate(`document.body.dataset.ready || ""`, &ready))
	assert.Empty(t, ready)
	b2.run(t, chromedp.Click(`[data-action=cancel-load]`, chromedp.ByQuery),
		chromedp.WaitVisible(`body[data-ready="1"] .rs-dialog textarea`, chromedp.ByQuery))
	var text string
	b2.run(t, chromedp.Value(`.rs-dialog textarea`, &text, chromedp.ByQuery))
	assert.Equal(t, strings.TrimSpace(src), strings.TrimSpace(text), "a textarea drops the final newline")
	assert.Empty(t, append(b.consoleErrors(), b2.consoleErrors()...))
}

// TestLoadingFromEditor: a big scenario run from the editor plays under
// the progress bar too, over the lesson, and then replaces it.
func TestLoadingFromEditor(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1200, 900)
	b.open(t, base+"?lesson=offsets&at=5")
	lesson := b.text(t, ".rs-title")
	src := bigSource(5000) // about 60,000 events: over the 50,000 that load in one go
	b.click(t, `[data-action=edit]`)
	b.run(t,
		chromedp.SetValue(`[data-role=editor]`, src, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('[data-role=editor]').dispatchEvent(new Event('input', {bubbles: true}))`, nil),
		chromedp.Evaluate(watchLoading, nil),
		chromedp.Click(`[data-action=run-scenario]`, chromedp.ByQuery),
	)
	require.True(t, b.poll(t, `document.querySelector('.rs-title').textContent === "Big 5000"`, 60*time.Second), "the new scenario never showed")
	seen := b.seen(t)
	require.NotEmpty(t, seen, "the progress bar showed")
	for _, s := range seen {
		assert.Equal(t, lesson, s.Title, "the lesson stays on screen while the new scenario plays")
	}
	var loading bool
	b.run(t, chromedp.Evaluate(`!!document.querySelector('[data-role=loading]')`, &loading))
	assert.False(t, loading)
	assert.Equal(t, 0, b.pos(t), "the editor's scenario opens at its first event")
	assert.Empty(t, b.consoleErrors())
}

// TestLoadingAccessible: no axe-core violations while the progress bar
// is over a lesson, in both languages; the bar names itself and says how
// far it is.
func TestLoadingAccessible(t *testing.T) {
	src := axeSource(t)
	base := site(t, "/")
	big := base64.RawURLEncoding.EncodeToString([]byte(bigSource(100_000)))
	for _, lang := range []string{"en", "zh-CN"} {
		b := newBrowser(t, 1200, 900)
		b.open(t, base+"?lesson=partial-resync&at=11&lang="+lang)
		b.goTo(t, "s="+big+"&slice=500&lang="+lang)
		b.run(t, chromedp.WaitVisible(`[data-role=loading] [role=progressbar]`, chromedp.ByQuery))
		var label, text string
		b.run(t, chromedp.Evaluate(`document.querySelector('[role=progressbar]').getAttribute('aria-label')`, &label),
			chromedp.Evaluate(`document.querySelector('[role=progressbar]').getAttribute('aria-valuetext')`, &text))
		assert.NotEmpty(t, label, lang)
		assert.Contains(t, text, "%", lang)
		assert.Empty(t, b.axe(t, src), lang)
		b.run(t, chromedp.Click(`[data-action=cancel-load]`, chromedp.ByQuery), chromedp.WaitNotPresent(`[data-role=loading]`, chromedp.ByQuery))
	}
}

// TestCompareInSlices: a big scenario compared on a second version plays
// there in slices too, under a bar that names the version, with the
// scenario on screen and live; then the compare panel shows. Cancel
// during the compare's load ends the compare, the scenario stays.
func TestCompareInSlices(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1400, 1000)
	b.open(t, base+"?lesson=partial-resync")
	src := base64.RawURLEncoding.EncodeToString([]byte(bigSource(3000)))
	b.goTo(t, "s="+src+"&slice=600&cmp=redis-6.2")
	require.True(t, b.poll(t, `document.querySelector('[data-role=compare-view] tr[data-field="master_repl_offset"]') !== null`, 90*time.Second), "the compare panel never showed")
	var compared []loadSeen
	for _, s := range b.seen(t) {
		if strings.Contains(s.Heading, "redis-6.2") {
			compared = append(compared, s)
		}
	}
	require.GreaterOrEqual(t, len(compared), 2, "the compare played in slices under its own bar: %v", b.seen(t))
	for _, s := range compared {
		assert.Equal(t, "Big 3000", s.Title, "the scenario is on screen while the compare plays")
		assert.Equal(t, "1", s.Ready, "the page is live while the compare plays: %v", b.seen(t))
	}

	// Cancel while the compare plays: no compare, the scenario stays.
	b.goTo(t, "s="+src+"&slice=40&cmp=redis-7.2")
	require.True(t, b.poll(t, `(document.querySelector('#rs-loading-title') || {}).textContent?.includes('redis-7.2') === true`, 120*time.Second), "the compare's bar never showed: %v", b.seen(t))
	b.run(t, chromedp.Click(`[data-action=cancel-load]`, chromedp.ByQuery))
	b.run(t, chromedp.WaitNotPresent(`[data-role=loading]`, chromedp.ByQuery))
	assert.Equal(t, "Big 3000", b.text(t, ".rs-title"))
	require.True(t, b.poll(t, `!location.href.includes('cmp=') && document.querySelector('[data-role=compare-view]') === null`, 10*time.Second), "Cancel ends the compare")
	b.click(t, `[data-action=step]`)
	assert.Empty(t, b.consoleErrors())
	b.clean(t)
}
