//go:build !js

package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"replscope/core"
	"replscope/core/scenario"
	"replscope/web"
)

// The end-to-end tests drive the built site (dist/) in headless Chromium
// served on 127.0.0.1, through the public DOM hooks: data-node,
// data-field, data-action, data-psync, data-role.

func (b *browser) run(t *testing.T, actions ...chromedp.Action) {
	t.Helper()
	require.NoError(t, chromedp.Run(b.ctx, actions...))
}

// open loads a page and waits until the WebAssembly app is live.
func (b *browser) open(t *testing.T, u string) {
	t.Helper()
	b.run(t, chromedp.Navigate(u), chromedp.WaitVisible(`body[data-ready="1"]`, chromedp.ByQuery))
}

func (b *browser) pos(t *testing.T) int {
	t.Helper()
	var v string
	var ok bool
	b.run(t, chromedp.AttributeValue(`[data-role=position]`, "data-event", &v, &ok, chromedp.ByQuery))
	n, err := strconv.Atoi(v)
	require.NoError(t, err)
	return n
}

// waitPos waits until the position readout says event n.
func (b *browser) waitPos(t *testing.T, n int) {
	t.Helper()
	b.run(t, chromedp.WaitVisible(fmt.Sprintf(`[data-role=position][data-event="%d"]`, n), chromedp.ByQuery))
}

// click clicks and waits until the player has rendered the result (the
// page's data-state, a summary of what it shows, changes), so reads that
// follow see it.
func (b *browser) click(t *testing.T, sel string) {
	t.Helper()
	var before string
	b.run(t, chromedp.Evaluate(`(document.querySelector('[data-state]')||{dataset:{}}).dataset.state || ""`, &before))
	b.run(t, chromedp.Click(sel, chromedp.ByQuery, chromedp.NodeVisible))
	// A click that changes nothing (a control at its limit) is allowed.
	b.poll(t, fmt.Sprintf(`((document.querySelector('[data-state]')||{dataset:{}}).dataset.state || "") !== %q`, before), 5*time.Second)
}

// poll waits, inside the page, until js is true or the time is up: the
// page re-checks the condition every few milliseconds (a DOM condition,
// not a fixed sleep).
func (b *browser) poll(t *testing.T, js string, limit time.Duration) bool {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, limit)
	defer cancel()
	var ok bool
	err := chromedp.Run(ctx, chromedp.Evaluate(fmt.Sprintf(`new Promise(res => { const f = () => { let v = false; try { v = !!(%s); } catch (e) {} if (v) res(true); else setTimeout(f, 10); }; f(); })`, js), &ok, awaitPromise))
	return err == nil && ok
}

func (b *browser) text(t *testing.T, sel string) string {
	t.Helper()
	var s string
	b.run(t, chromedp.Text(sel, &s, chromedp.ByQuery))
	return strings.TrimSpace(s)
}

// fields reads every data-field value of every node card at once.
func (b *browser) fields(t *testing.T) map[string]map[string]string {
	t.Helper()
	var out map[string]map[string]string
	b.run(t, chromedp.Evaluate(`(() => {
		const o = {};
		for (const card of document.querySelectorAll('[data-node]')) {
			const f = {};
			for (const el of card.querySelectorAll('[data-field]')) f[el.dataset.field] = el.textContent.trim();
			o[card.dataset.node] = f;
		}
		return o;
	})()`, &out))
	return out
}

func (b *browser) shot(t *testing.T, name string) {
	t.Helper()
	var buf []byte
	b.run(t, chromedp.FullScreenshot(&buf, 100))
	dir := filepath.Join("..", "testout")
	_ = os.MkdirAll(dir, 0o755)
	require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644))
}

func (b *browser) clean(t *testing.T) {
	t.Helper()
	assert.Empty(t, b.consoleErrors(), "console errors")
	assert.Empty(t, b.offsite(), "requests to hosts other than loopback")
}

func lessonTimeline(t *testing.T, name string) *core.Timeline {
	les, ok := web.Find(name)
	require.True(t, ok)
	s, err := scenario.Parse(name+".scenario", les.Source)
	require.NoError(t, err)
	tl, err := core.Play(s, core.Options{Seed: 1, Report: true})
	require.NoError(t, err)
	return tl
}

// TestPageLoadsClean: the default page loads with no console error and no
// request to a host other than loopback; screenshots at three widths.
func TestPageLoadsClean(t *testing.T) {
	base := site(t, "/")
	for _, size := range [][2]int{{1400, 1000}, {360, 780}} {
		b := newBrowser(t, size[0], size[1])
		b.open(t, base)
		b.click(t, `[data-action=next-line]`)
		b.shot(t, fmt.Sprintf("home-%dpx", size[0]))
		var sw, cw int
		b.run(t, chromedp.Evaluate(`document.documentElement.scrollWidth`, &sw), chromedp.Evaluate(`document.documentElement.clientWidth`, &cw))
		assert.Equal(t, size[0], cw)
		assert.LessOrEqual(t, sw, cw, "no horizontal scroll at %d px", size[0])
		b.clean(t)
	}
}

// TestAnyStaticHost: the generated site works on a plain static server
// (http.FileServer and nothing else), at the root and under a sub-path:
// the home page, the guide by its file name, an old ?s= link and a #s=
// link; every request stays under the sub-path.
func TestAnyStaticHost(t *testing.T) {
	site(t, "/") // skips or fails as the others do when dist/ is missing
	root := t.TempDir()
	require.NoError(t, generateSite(filepath.Join(root, "replscope"), "/replscope/", filepath.Join("..", "web")))
	src := "title Shared\nnode M\nnode R replicaof M\nM SET a 1\n"
	enc := base64.RawURLEncoding.EncodeToString([]byte(src))
	for _, c := range []struct{ dir, path string }{{filepath.Join("..", "dist"), "/"}, {root, "/replscope/"}} {
		base := plainSite(t, c.dir, c.path)
		b := newBrowser(t, 1400, 1000)
		b.open(t, base+"?lesson=offsets&at=3")
		b.waitPos(t, 3)
		b.open(t, base+"guide.html")
		var frames int
		b.run(t, chromedp.Evaluate(`document.querySelectorAll('iframe[data-lesson]').length`, &frames))
		assert.GreaterOrEqual(t, frames, 5, "the guide at %s", base)
		b.open(t, base+"?s="+enc)
		assert.Equal(t, "Shared", b.text(t, `.rs-title`))
		b.open(t, base+"?at=2#s="+enc)
		b.waitPos(t, 2)
		assert.Equal(t, "Shared", b.text(t, `.rs-title`))
		// From the home page's lesson list to the guide, by a click.
		b.open(t, base)
		b.run(t, chromedp.Click(`a[href="./guide.html"]`, chromedp.ByQuery))
		require.True(t, b.poll(t, `!!document.querySelector('.rs-article h1')`, 20*time.Second), "the guide opens from the home page")
		for _, r := range b.requests {
			u, err := url.Parse(r)
			require.NoError(t, err)
			if u.Scheme == "http" {
				assert.True(t, strings.HasPrefix(u.Path, c.path), "request outside %s: %s", c.path, r)
			}
		}
		b.clean(t)
	}
}

// TestStepMatchesCore steps through a lesson event by event and checks that
// the offsets on every node card are the core's at that event.
func TestStepMatchesCore(t *testing.T) {
	base := site(t, "/")
	tl := lessonTimeline(t, "partial-resync")
	b := newBrowser(t, 1400, 1000)
	b.open(t, base+"?lesson=partial-resync&at=-1")
	b.waitPos(t, -1)
	for k := 0; k < tl.Len(); k++ {
		b.click(t, `[data-action=step]`)
		b.waitPos(t, k)
		got := b.fields(t)
		w := tl.At(k)
		for _, n := range w.Nodes() {
			st := w.State(n)
			require.Contains(t, got, n, "event %d", k)
			assert.Equal(t, strconv.FormatInt(st.MasterReplOffset, 10), got[n]["master_repl_offset"], "event %d node %s master_repl_offset", k, n)
			if st.Role == "slave" {
				assert.Equal(t, strconv.FormatInt(st.SlaveReplOffset, 10), got[n]["slave_repl_offset"], "event %d node %s slave_repl_offset", k, n)
				assert.Equal(t, strconv.FormatInt(st.SlaveReadReplOffset, 10), got[n]["slave_read_repl_offset"], "event %d node %s slave_read_repl_offset", k, n)
			}
		}
	}
	b.shot(t, "stepped-to-end")
	b.clean(t)
}

// console runs a line in the console and waits for its output.
func (b *browser) console(t *testing.T, line string) string {
	t.Helper()
	var n int
	b.run(t, chromedp.Evaluate(`document.querySelectorAll('[data-role=console-output]').length`, &n))
	b.run(t,
		chromedp.Evaluate(fmt.Sprintf(`(() => { const el = document.querySelector('[data-role=console]');
			el.value = %q; el.dispatchEvent(new Event('input', {bubbles: true})); el.form.requestSubmit(); })()`, line), nil),
		chromedp.WaitVisible(fmt.Sprintf(`.rs-console-out > div:nth-child(%d) [data-role=console-output]`, n+1), chromedp.ByQuery),
	)
	return b.text(t, fmt.Sprintf(`.rs-console-out > div:nth-child(%d) [data-role=console-output]`, n+1))
}

// TestConsolePartialAndFullResync: link down, writes and link up typed in
// the console give a +CONTINUE card; overflowing a small backlog gives
// +FULLRESYNC with its reason.
func TestConsolePartialAndFullResync(t *testing.T) {
	base := site(t, "/")
	src := "title Console\nnode M\nconfig M repl-backlog-size 16kb\nnode R replicaof M\nM SET a 1\n"
	b := newBrowser(t, 1400, 1000)
	b.open(t, base+"?s="+base64.RawURLEncoding.EncodeToString([]byte(src)))
	assert.Equal(t, "OK", b.console(t, "M SET b 2"))
	b.console(t, "link R down")
	b.console(t, "M SET c 3")
	b.console(t, "link R up")
	b.run(t, chromedp.WaitVisible(`[data-psync=continue]`, chromedp.ByQuery))
	assert.Contains(t, b.text(t, `[data-psync=continue]`), "+CONTINUE")
	b.shot(t, "psync-continue")
	b.console(t, "link R down")
	b.console(t, "repeat 40 M SET key:{i} {1kb}")
	b.console(t, "link R up")
	b.run(t, chromedp.WaitVisible(`[data-psync=fullresync]`, chromedp.ByQuery))
	card := b.text(t, `[data-psync=fullresync]`)
	assert.Contains(t, card, "+FULLRESYNC")
	assert.Contains(t, card, "lack of backlog")
	b.shot(t, "psync-fullresync")
	// A Redis error and a parse error appear in place; nothing else moves.
	before := b.pos(t)
	assert.Contains(t, b.console(t, "R SET x 1"), "READONLY You can't write against a read only replica.")
	assert.Contains(t, b.console(t, "M SET \"unterminated"), "console:")
	assert.Equal(t, before, b.pos(t), "neither the READONLY line nor the parse error is added")
	b.clean(t)
}

// TestConsoleLikeRedisCli: a prompt per node, bare commands on the
// prompt's node, :R and a click switch, replies as redis-cli prints them,
// history, Tab completion, output scrolled to the newest, failed commands
// not added to the scenario, hints for the usual mistakes.
func TestConsoleLikeRedisCli(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1400, 1000)
	b.open(t, base+"?lesson=partial-resync")
	assert.Equal(t, "M>", b.text(t, `[data-role=prompt]`)[:2])
	assert.Equal(t, "OK", b.console(t, "SET a 1"))
	assert.Equal(t, `"1"`, b.console(t, "GET a"))
	assert.Equal(t, "(integer) 2", b.console(t, "INCR a"))
	assert.Equal(t, "(nil)", b.console(t, "GET nothing"))
	info := b.console(t, "INFO replication")
	assert.Contains(t, info, "# Replication\nrole:master\n")
	assert.NotContains(t, info, `\r\n`)
	b.console(t, ":R")
	assert.True(t, strings.HasPrefix(b.text(t, `[data-role=prompt]`), "R>"))
	assert.Contains(t, b.console(t, "SET b 2"), "(error) READONLY")
	b.click(t, `[data-node=M]`)
	assert.True(t, strings.HasPrefix(b.text(t, `[data-role=prompt]`), "M>"))
	assert.Contains(t, b.console(t, "LINK R down"), "link R down", "a verb in caps gets a hint")
	assert.Contains(t, b.console(t, "FROB x"), "(error) ERR unknown command 'FROB'")
	// Failed lines are not in the scenario: the share link does not carry them.
	b.click(t, `[data-action=share]`)
	var link string
	b.run(t, chromedp.Value(`[data-role=share-link]`, &link, chromedp.ByQuery))
	frag := link[strings.Index(link, "#s=")+3:]
	src, err := base64.RawURLEncoding.DecodeString(frag)
	require.NoError(t, err)
	assert.Contains(t, string(src), "M SET a 1")
	assert.NotContains(t, string(src), "SET b 2")
	assert.NotContains(t, string(src), "FROB")
	b.run(t, chromedp.KeyEvent(kb.Escape))
	require.True(t, b.poll(t, `!document.querySelector('.rs-dialog') && document.activeElement.dataset.action === 'share'`, 5*time.Second), "Escape closes the dialog and focus returns")
	// History and Tab.
	b.run(t, chromedp.Focus(`[data-role=console]`, chromedp.ByQuery), chromedp.KeyEvent(kb.ArrowUp))
	require.True(t, b.poll(t, `document.querySelector('[data-role=console]').value === 'FROB x'`, 5*time.Second), "up recalls the last line")
	b.run(t, chromedp.SetValue(`[data-role=console]`, "GETD", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('[data-role=console]').dispatchEvent(new KeyboardEvent('keydown', {key: 'Tab', bubbles: true, cancelable: true}))`, nil))
	require.True(t, b.poll(t, `document.querySelector('[data-role=console]').value === 'GETDEL '`, 5*time.Second), "Tab completes")
	for i := 0; i < 12; i++ {
		b.console(t, "GET a")
	}
	var scrolled bool
	b.run(t, chromedp.Evaluate(`(() => { const o = document.querySelector('.rs-console-out'); return o.scrollHeight > o.clientHeight && o.scrollTop + o.clientHeight >= o.scrollHeight - 2; })()`, &scrolled))
	assert.True(t, scrolled, "the output shows the newest entry")
	b.shot(t, "console")
	b.clean(t)
}

// TestBadScenarioKeepsOldOne: a pasted scenario with an error shows
// line:col and the running scenario stays.
func TestBadScenarioKeepsOldOne(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1400, 1000)
	b.open(t, base+"?lesson=offsets&at=5")
	b.waitPos(t, 5)
	title := b.text(t, `.rs-title`)
	b.click(t, `[data-action=edit]`)
	b.run(t,
		chromedp.SetValue(`[data-role=editor]`, "node M\nnode R replicaof X\n", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('[data-role=editor]').dispatchEvent(new Event('input', {bubbles: true}))`, nil),
	)
	b.click(t, `[data-action=run-scenario]`)
	b.run(t, chromedp.WaitVisible(`[data-role=editor-error]`, chromedp.ByQuery))
	assert.Contains(t, b.text(t, `[data-role=editor-error]`), "scenario:2:18: unknown node \"X\"")
	b.shot(t, "bad-scenario")
	assert.Equal(t, title, b.text(t, `.rs-title`))
	assert.Equal(t, 5, b.pos(t))
	b.clean(t)
}

// TestUntrustedTextIsText: a scenario's title and values render as text.
func TestUntrustedTextIsText(t *testing.T) {
	base := site(t, "/")
	evil := `<img src=x onerror=alert(1)>`
	src := "title " + evil + "\nsay " + evil + "\nnode M\nnode R replicaof M\nM SET k \"" + evil + "\"\n"
	b := newBrowser(t, 1400, 1000)
	alerted := make(chan string, 1)
	chromedp.ListenTarget(b.ctx, func(ev any) {
		if e, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			alerted <- e.Message
			go chromedp.Run(b.ctx, page.HandleJavaScriptDialog(false))
		}
	})
	b.open(t, base+"?s="+base64.RawURLEncoding.EncodeToString([]byte(src))+"&at=0")
	b.run(t, chromedp.WaitVisible(`.rs-say`, chromedp.ByQuery))
	assert.Contains(t, b.text(t, `[data-role=narration]`), evil)
	b.click(t, `[data-action=next-line]`)
	b.click(t, `[data-action=next-line]`)
	b.click(t, `[data-action=next-line]`)
	b.click(t, `[data-node=R]`)
	var imgs int
	b.run(t, chromedp.Evaluate(`document.querySelectorAll('img[src=x]').length`, &imgs))
	assert.Zero(t, imgs)
	assert.Equal(t, evil, b.text(t, `.rs-title`))
	assert.Contains(t, b.text(t, `[data-role=narration]`), "onerror")
	b.shot(t, "untrusted-text")
	select {
	case m := <-alerted:
		t.Fatalf("a dialog opened: %q", m)
	default:
	}
	b.clean(t)
}

// TestShareReopensSameEvent: the Share dialog's link reopens this view.
func TestShareReopensSameEvent(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1400, 1000)
	b.open(t, base+"?lesson=failover")
	b.click(t, `[data-action=next-line]`)
	b.click(t, `[data-action=next-line]`)
	b.click(t, `[data-action=next-line]`)
	b.click(t, `[data-action=step]`)
	want := b.pos(t)
	wantFields := b.fields(t)
	b.click(t, `[data-action=share]`)
	var link, snippet string
	b.run(t,
		chromedp.WaitVisible(`[data-role=share-link]`, chromedp.ByQuery),
		chromedp.Value(`[data-role=share-link]`, &link, chromedp.ByQuery),
		chromedp.Value(`[data-role=embed-snippet]`, &snippet, chromedp.ByQuery),
	)
	b.shot(t, "share-dialog")
	assert.Contains(t, link, "lesson=failover")
	assert.Contains(t, link, "at="+strconv.Itoa(want))
	assert.Contains(t, snippet, `<iframe src="`)
	assert.Contains(t, snippet, "embed=1")
	b2 := newBrowser(t, 1400, 1000)
	b2.open(t, link)
	b2.waitPos(t, want)
	assert.Equal(t, wantFields, b2.fields(t))
	b.clean(t)
	b2.clean(t)
}

// TestKeyboard: arrows step, Shift+arrows jump by line, Home resets,
// Space plays and pauses.
func TestKeyboard(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1400, 1000)
	b.open(t, base+"?lesson=offsets&at=-1")
	b.waitPos(t, -1)
	key := func(k string, mods input.Modifier) {
		b.run(t, chromedp.KeyEvent(k, chromedp.KeyModifiers(mods)))
	}
	// moved presses a key that moves the position and waits for the
	// readout to change (a key event returns before the app has acted).
	moved := func(k string, mods input.Modifier) int {
		before := b.pos(t)
		key(k, mods)
		require.True(t, b.poll(t, fmt.Sprintf(`+document.querySelector('[data-role=position]').dataset.event !== %d`, before), 10*time.Second), "%q moves from event %d", k, before)
		return b.pos(t)
	}
	key(kb.ArrowRight, 0)
	b.waitPos(t, 0)
	key(kb.ArrowRight, 0)
	b.waitPos(t, 1)
	key(kb.ArrowLeft, 0)
	b.waitPos(t, 0)
	first := moved(kb.ArrowRight, input.ModifierShift)
	assert.Greater(t, first, 0)
	assert.Greater(t, moved(kb.ArrowRight, input.ModifierShift), first)
	assert.Equal(t, first, moved(kb.ArrowLeft, input.ModifierShift))
	key(kb.Home, 0)
	b.waitPos(t, -1)
	key(" ", 0)
	b.run(t, chromedp.WaitVisible(`[data-action=pause]`, chromedp.ByQuery))
	require.True(t, b.poll(t, `+document.querySelector('[data-role=position]').dataset.event >= 1`, 20*time.Second), "playing moves forward")
	key(" ", 0)
	b.run(t, chromedp.WaitVisible(`[data-action=play]`, chromedp.ByQuery))
	assert.Greater(t, b.pos(t), -1, "playing moved forward")
	b.clean(t)
}

// TestExerciseMode: the player stops at a question, takes the answer,
// reveals the truth with the explanation, and keeps score.
func TestExerciseMode(t *testing.T) {
	parallelBrowser(t) // a long one: beside the other long browser tests
	base := site(t, "/")
	b := newBrowserWithin(t, 1400, 1000, 10*time.Minute)
	b.open(t, base+"?lesson=failover&mode=exercise")
	b.run(t, chromedp.WaitVisible(`[data-role=question]`, chromedp.ByQuery))
	// Stepping cannot pass the unanswered question: line by line, the
	// position stops just before B's REPLICAOF.
	tl := lessonTimeline(t, "failover")
	qs, err := core.Questions(tl)
	require.NoError(t, err)
	limit := tl.Steps()[qs[0].Step].First - 1
	for i := 0; i < 12; i++ {
		b.click(t, `[data-action=next-line]`)
	}
	assert.Equal(t, limit, b.pos(t), "the player waits for the answer")
	b.click(t, `[data-action=step]`)
	assert.Equal(t, limit, b.pos(t), "even one event")
	assert.Contains(t, b.text(t, `[data-role=question]`), "Will B get +CONTINUE or +FULLRESYNC?")
	b.shot(t, "exercise-question")
	b.click(t, `[data-answer="+CONTINUE"]`)
	b.run(t, chromedp.WaitVisible(`[data-role=reveal][data-correct=true]`, chromedp.ByQuery))
	assert.Contains(t, b.text(t, `[data-role=reveal]`), "Right!")
	assert.Contains(t, b.text(t, `[data-role=score]`), "Score: 1 / 1")
	// The second question (M): answer wrong.
	b.run(t, chromedp.WaitVisible(`[data-question="2"] [data-answer="+FULLRESYNC"]`, chromedp.ByQuery))
	b.click(t, `[data-question="2"] [data-answer="+FULLRESYNC"]`)
	b.run(t, chromedp.WaitVisible(`[data-role=reveal][data-correct=false]`, chromedp.ByQuery))
	reveal := b.text(t, `[data-role=reveal]`)
	assert.Contains(t, reveal, "Not quite")
	assert.Contains(t, reveal, "replication id")
	assert.Contains(t, b.text(t, `[data-role=score]`), "Score: 1 / 2")
	b.shot(t, "exercise-reveal")
	b.clean(t)
}

// TestEmbedMode: minimal chrome, fills a 640x420 frame, never scrolls.
func TestEmbedMode(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 640, 420)
	b.open(t, base+"?lesson=partial-resync&embed=1&at=20")
	b.waitPos(t, 20)
	var m struct {
		SH, CH, SW, CW  int
		Header, Console int
	}
	b.run(t, chromedp.Evaluate(`({SH: document.documentElement.scrollHeight, CH: document.documentElement.clientHeight,
		SW: document.documentElement.scrollWidth, CW: document.documentElement.clientWidth,
		Header: document.querySelectorAll('.rs-header').length, Console: document.querySelectorAll('[data-role=console]').length})`, &m))
	assert.LessOrEqual(t, m.SH, m.CH, "no vertical scroll in a 640x420 frame")
	assert.LessOrEqual(t, m.SW, m.CW, "no horizontal scroll")
	assert.Zero(t, m.Header)
	assert.Zero(t, m.Console)
	assert.Contains(t, b.text(t, `h1`), "A short outage ends in +CONTINUE")
	var full string
	b.run(t, chromedp.Evaluate(`document.querySelector('.rs-open-full').href`, &full))
	assert.Contains(t, full, "lesson=partial-resync")
	assert.Contains(t, full, "at=20")
	assert.NotContains(t, full, "embed=1")
	// The link opens a new tab; the frame stays where it is (checked
	// after the next step has been rendered, so the click was handled).
	b.run(t, chromedp.Click(`.rs-open-full`, chromedp.ByQuery))
	b.click(t, `[data-action=step]`)
	b.waitPos(t, 21)
	var here string
	var embeds int
	b.run(t, chromedp.Evaluate(`location.href`, &here), chromedp.Evaluate(`document.querySelectorAll('.rs-embed').length`, &embeds))
	assert.Contains(t, here, "embed=1")
	assert.Equal(t, 1, embeds, "the frame still shows the embed")
	b.shot(t, "embed-640x420")
	b.clean(t)
}

// TestEmbedExampleAndGuide: the example page's two iframes show two
// lessons at their PSYNC, step independently, and post ready and step
// messages the host page receives; the guide's embeds load.
func TestEmbedExampleAndGuide(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1400, 1000)
	b.run(t, chromedp.Navigate(base+"web/embed-example.html"))
	ready := `(() => { const f = document.getElementById(%q); return !!(f && f.contentDocument && f.contentDocument.body && f.contentDocument.body.dataset.ready === "1"); })()`
	event := `document.getElementById(%q).contentDocument.querySelector('[data-role=position]').dataset.event`
	waitTrue := func(js string) {
		require.True(t, b.poll(t, js, 60*time.Second), "timed out: %s", js)
	}
	waitTrue(fmt.Sprintf(ready, "left"))
	waitTrue(fmt.Sprintf(ready, "right"))
	var l0, r0, lPsync, rPsync string
	b.run(t, chromedp.Evaluate(fmt.Sprintf(event, "left"), &l0), chromedp.Evaluate(fmt.Sprintf(event, "right"), &r0),
		chromedp.Evaluate(`document.getElementById('left').contentDocument.querySelector('[data-psync]').dataset.psync`, &lPsync),
		chromedp.Evaluate(`document.getElementById('right').contentDocument.querySelector('[data-role=narration]').textContent.includes('FULLRESYNC') ? 'fullresync' : ''`, &rPsync))
	assert.Equal(t, "continue", lPsync, "the left frame shows +CONTINUE")
	assert.Equal(t, "fullresync", rPsync, "the right frame narrates the +FULLRESYNC")
	assert.NotEqual(t, l0, r0)
	waitTrue(`window.__messages.filter(m => m.type === 'ready').length >= 2`)
	b.run(t, chromedp.Evaluate(`document.getElementById('left').contentDocument.querySelector('[data-action=step]').click()`, nil))
	waitTrue(fmt.Sprintf(`%s !== %q`, fmt.Sprintf(event, "left"), l0))
	waitTrue(fmt.Sprintf(`window.__messages.some(m => m.frame === 'left' && m.type === 'step' && m.event === %s + 1 && m.line > 0)`, l0))
	waitTrue(`window.__messages.some(m => m.type === 'resize' && m.height > 0)`)
	var r1 string
	b.run(t, chromedp.Evaluate(fmt.Sprintf(event, "right"), &r1))
	assert.Equal(t, r0, r1, "the right frame did not move")
	b.shot(t, "embed-example")
	b.open(t, base+"guide.html")
	var frames int
	b.run(t, chromedp.Evaluate(`document.querySelectorAll('iframe[data-lesson]').length`, &frames))
	require.GreaterOrEqual(t, frames, 5)
	for i := 0; i < frames; i++ {
		b.run(t, chromedp.Evaluate(fmt.Sprintf(`document.querySelectorAll('iframe[data-lesson]')[%d].scrollIntoView()`, i), nil))
		waitTrue(fmt.Sprintf(`(() => { const f = document.querySelectorAll('iframe[data-lesson]')[%d]; return !!(f.contentDocument && f.contentDocument.body && f.contentDocument.body.dataset.ready === "1" && f.contentDocument.querySelector('[data-node]')); })()`, i))
	}
	b.shot(t, "guide")
	b.clean(t)
}

// TestEmbedExercise: an embedded exercise posts answer and complete to
// its host, and offers the results as JSON and CSV.
func TestEmbedExercise(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1400, 1000)
	b.run(t, chromedp.Navigate(base+"web/embed-example.html"))
	require.True(t, b.poll(t, `window.__messages.filter(m => m.type === 'ready').length >= 2`, 60*time.Second))
	b.run(t, chromedp.Evaluate(`document.getElementById('left').src = '../?lesson=failover&embed=1&mode=exercise'`, nil))
	frame := `document.getElementById('left').contentDocument`
	require.True(t, b.poll(t, frame+`.querySelector('[data-answer="+CONTINUE"]') !== null`, 60*time.Second))
	b.run(t, chromedp.Evaluate(frame+`.querySelector('[data-answer="+CONTINUE"]').click()`, nil))
	require.True(t, b.poll(t, `window.__messages.some(m => m.type === 'answer' && m.right === true)`, 20*time.Second), "answer right")
	// The first question offers the same buttons: wait for the second.
	require.True(t, b.poll(t, frame+`.querySelector('[data-role=quiz][data-question="2"] [data-answer="+FULLRESYNC"]') !== null`, 20*time.Second))
	b.run(t, chromedp.Evaluate(frame+`.querySelector('[data-role=quiz][data-question="2"] [data-answer="+FULLRESYNC"]').click()`, nil))
	require.True(t, b.poll(t, `window.__messages.some(m => m.type === 'answer' && m.right === false)`, 20*time.Second), "answer wrong")
	require.True(t, b.poll(t, `window.__messages.some(m => m.type === 'complete' && m.right === 1 && m.total === 2)`, 20*time.Second), "complete with the score")
	// 'complete' is posted as the answer is taken; the links show it once
	// the frame has rendered: wait for that, not for the message.
	require.True(t, b.poll(t, `atob(`+frame+`.querySelector('[data-role=results-json]').href.split(',')[1]).includes('"question": 2')`, 20*time.Second), "the results include the second answer")
	var csv string
	b.run(t, chromedp.Evaluate(`atob(`+frame+`.querySelector('[data-role=results-csv]').href.split(',')[1])`, &csv))
	assert.Contains(t, csv, "question,line,node,field,answer,truth,right")
	assert.Contains(t, csv, "+CONTINUE,+CONTINUE,true")
	var js string
	b.run(t, chromedp.Evaluate(`atob(`+frame+`.querySelector('[data-role=results-json]').href.split(',')[1])`, &js))
	assert.Contains(t, js, `"right": false`)
	b.clean(t)
}

// TestBadURL: an unknown lesson says so and shows the first lesson; a
// shared scenario that does not decode or does not run opens the editor
// with the user's text and the error, never the default lesson, and the
// URL stays as it was.
func TestBadURL(t *testing.T) {
	base := site(t, "/")
	first := web.Lessons()[0]
	b := newBrowser(t, 1400, 1000)
	b.open(t, base+"?lesson=no-such-lesson")
	assert.Contains(t, b.text(t, `.rs-error`), `no lesson named "no-such-lesson"`)
	assert.Equal(t, first.Title, b.text(t, `.rs-title`))
	b.open(t, base+"#s=not*base64")
	b.run(t, chromedp.WaitVisible(`[data-role=editor-error]`, chromedp.ByQuery))
	assert.Contains(t, b.text(t, `[data-role=editor-error]`), "not valid base64url")
	text := "node M\nX SET a 1\n"
	for _, form := range []string{"#s=", "?s="} {
		u := base + form + base64.RawURLEncoding.EncodeToString([]byte(text))
		b.open(t, u)
		b.run(t, chromedp.WaitVisible(`[data-role=editor-error]`, chromedp.ByQuery))
		assert.Contains(t, b.text(t, `[data-role=editor-error]`), "shared.scenario:2:1")
		var value, href string
		var titles int
		b.run(t, chromedp.Evaluate(`document.querySelector('[data-role=editor]').value`, &value),
			chromedp.Evaluate(`location.href`, &href),
			chromedp.Evaluate(`document.querySelectorAll('.rs-title').length`, &titles))
		assert.Equal(t, strings.TrimSpace(text), strings.TrimSpace(value), "the editor holds the user's text")
		assert.Equal(t, u, href, "the URL is left as it was")
		assert.Zero(t, titles, "no lesson is shown")
		var active string
		b.run(t, chromedp.Evaluate(`document.activeElement.dataset.role || document.activeElement.tagName`, &active))
		assert.Equal(t, "editor", active, "focus is in the dialog")
	}
	b.clean(t)
}

// TestUploadAndDownload: a .scenario file uploads into the editor and
// runs; the download link carries the running scenario's text.
func TestUploadAndDownload(t *testing.T) {
	base := site(t, "/")
	b := newBrowser(t, 1400, 1000)
	b.open(t, base+"?lesson=offsets")
	b.click(t, `[data-action=edit]`)
	var href string
	var ok bool
	b.run(t, chromedp.AttributeValue(`a[download]`, "href", &href, &ok, chromedp.ByQuery))
	require.True(t, ok)
	les, _ := web.Find("offsets")
	assert.Equal(t, "data:text/plain;charset=utf-8;base64,"+base64.StdEncoding.EncodeToString([]byte(les.Source)), href)
	f := filepath.Join(t.TempDir(), "mine.scenario")
	require.NoError(t, os.WriteFile(f, []byte("title Uploaded\nnode A\nnode B replicaof A\nA SET k v\n"), 0o644))
	b.run(t, chromedp.SetUploadFiles(`input[type=file]`, []string{f}, chromedp.ByQuery))
	require.True(t, b.poll(t, `document.querySelector('[data-role=editor]').value.startsWith('title Uploaded')`, 10*time.Second), "the file reached the editor")
	b.click(t, `[data-action=run-scenario]`)
	b.run(t, chromedp.WaitVisible(`[data-node=A]`, chromedp.ByQuery))
	assert.Equal(t, "Uploaded", b.text(t, `.rs-title`))
	b.click(t, `[data-action=next-line]`)
	b.run(t, chromedp.WaitVisible(`[data-node=B]`, chromedp.ByQuery))
	b.clean(t)
}
